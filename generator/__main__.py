"""`python -m generator` is the same as the `chronicle` command."""

from generator.cli import run

run()
