"""The `chronicle` command line (also `python -m generator`)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from generator import __version__
from generator.build import build as run_build
from generator.build import check as run_check
from generator.serve import serve as run_serve

source_option = click.option(
    "--source", "-s", "source", type=click.Path(file_okay=False, path_type=Path), default=".",
    show_default=True, help="Project folder (holds chronicle.yaml and content/).")
base_url_option = click.option(
    "--base-url", default=None,
    help="Public address of the site, e.g. https://user.github.io/repo/ "
    "(overrides chronicle.yaml).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="chronicle")
def main() -> None:
    """Chronicle: turn news articles into a citable chronology of events."""


@main.command()
@source_option
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: site/ in the project).")
@base_url_option
@click.option("--drafts", is_flag=True, help="Include events with status: draft.")
def build(source: Path, out: Path | None, base_url: str | None, drafts: bool) -> None:
    """Build the static site from content/ into site/."""
    started = time.perf_counter()
    result = run_build(source, out or source / "site", {"base_url": base_url}, drafts=drafts)
    for warning in result.warnings:
        click.echo(warning.format(source), err=True)
    elapsed = time.perf_counter() - started
    click.echo(f"Built {result.events} events into {result.out} "
               f"({result.files} files, {elapsed:.2f}s).")


@main.command()
@source_option
@base_url_option
def check(source: Path, base_url: str | None) -> None:
    """Validate content without writing anything."""
    warnings = run_check(source, {"base_url": base_url})
    for warning in warnings:
        click.echo(warning.format(source))
    click.echo(f"No errors ({len(warnings)} warnings).")


@main.command()
@source_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", "-p", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@base_url_option
@click.option("--drafts", is_flag=True, help="Include events with status: draft.")
def serve(source: Path, host: str, port: int, base_url: str | None, drafts: bool) -> None:
    """Preview the site: rebuild on every change and reload the browser."""
    run_serve(source, host, port, {"base_url": base_url}, drafts, click.echo)
