"""Chronicle: turn news articles into a citable, static chronology of events."""

__version__ = "0.1.0"
