"""The `chronicle` command line (also `python -m generator`)."""

from __future__ import annotations

import json
import os
import sys
import time
from contextlib import suppress
from pathlib import Path

import click

from generator import __version__
from generator.build import build as run_build
from generator.build import check as run_check
from generator.errors import ContentErrors
from generator.parallel import default_jobs
from generator.scaffold import init_project, new_event
from generator.schema import SCHEMAS

source_option = click.option(
    "--source", "-s", "source", type=click.Path(file_okay=False, path_type=Path), default=".",
    show_default=True, help="Project folder (holds chronicle.yaml and content/).")
base_url_option = click.option(
    "--base-url", default=None,
    help="Public address of the site, e.g. https://user.github.io/repo/ "
    "(overrides chronicle.yaml).")


# What a command made that the `chronicle` program (run()) leaves to the operating system:
# freeing a 10,000-event plan object by object takes 0.4 s, a quarter of a one-event
# rebuild. None where `main` runs inside another program (tests), which would keep it.
_LEFT_TO_EXIT: list[object] | None = None


def run() -> None:
    """The `chronicle` program: `main`, then an exit that frees no object (as mypy's does);
    what was printed is flushed first."""
    global _LEFT_TO_EXIT
    _LEFT_TO_EXIT = []
    try:
        main()
        code: object = 0
    except SystemExit as stop:
        code = stop.code
    if not isinstance(code, int):  # sys.exit('message') prints it and fails, as Python does
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe ('chronicle check | head -1')
            stream.flush()
    os._exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="chronicle")
def main() -> None:
    """Chronicle: turn news articles into a citable chronology of events."""


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=".")
def init(folder: Path) -> None:
    """Start a project in FOLDER (default: here): settings, content/, a Pages workflow."""
    written = init_project(folder)
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"\nNext: put article captures in {folder / 'captures'}, then\n"
               f"  chronicle ingest --source {folder} {folder / 'captures'}\n"
               f"  chronicle build --source {folder}\n"
               f"  chronicle check --source {folder}   (what to review, file:line)")


@main.command()
@source_option
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: site/ in the project).")
@base_url_option
@click.option("--drafts", is_flag=True, help="Include events with status: draft.")
@click.option("--force", is_flag=True,
              help="Replace --out even when it holds files that are not a Chronicle build.")
@click.option("--strict", is_flag=True, help="Fail on warnings too; write nothing.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes that render a large site (default: every core).")
def build(source: Path, out: Path | None, base_url: str | None, drafts: bool,
          force: bool, strict: bool, jobs: int | None) -> None:
    """Build the static site from content/ into site/."""
    started = time.perf_counter()
    result = run_build(source, out or source / "site", {"base_url": base_url}, drafts=drafts,
                       force=force, strict=strict, jobs=jobs)
    for warning in result.warnings:
        click.echo(warning.format(source), err=True)
    elapsed = time.perf_counter() - started
    click.echo(f"Built {result.events} events into {result.out} "
               f"({result.files} files, {result.rendered} rendered, {elapsed:.2f}s).")
    if _LEFT_TO_EXIT is not None:
        _LEFT_TO_EXIT.append(result)


@main.command()
@source_option
@base_url_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: a list of findings, for editors and scripts.")
@click.option("--strict", is_flag=True, help="Exit with status 1 on warnings too.")
def check(source: Path, base_url: str | None, output_format: str, strict: bool) -> None:
    """Validate and review content without writing anything (exit 1 on errors)."""
    try:
        problems = run_check(source, {"base_url": base_url})
    except ContentErrors as exc:
        problems = exc.problems
    errors = sum(p.level == "error" for p in problems)
    if output_format == "json":
        click.echo(json.dumps([p.as_dict(source) for p in problems], indent=1,
                              ensure_ascii=False))
    else:
        for problem in problems:
            click.echo(problem.format(source))
        click.echo(f"{errors} error{'s' if errors != 1 else ''}, "
                   f"{len(problems) - errors} warning{'s' if len(problems) - errors != 1 else ''}.")
    if errors or (strict and problems):
        sys.exit(1)


@main.command()
@source_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", "-p", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@base_url_option
@click.option("--drafts", is_flag=True, help="Include events with status: draft.")
def serve(source: Path, host: str, port: int, base_url: str | None, drafts: bool) -> None:
    """Preview the site: rebuild on every change and reload the browser."""
    from generator.serve import serve as run_serve  # a server and a watcher: serve's alone

    run_serve(source, host, port, {"base_url": base_url}, drafts, click.echo)


@main.command()
@click.argument("title")
@click.option("--date", "-d", required=True, help="The event's date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--actor", "-a", "actors", multiple=True, help="An actor id (repeatable).")
@click.option("--source", "sources", multiple=True, help="A source id (repeatable).")
@click.option("--project", "-s", "project", type=click.Path(file_okay=False, path_type=Path),
              default=".", show_default=True, help="Project folder.")
def new(title: str, date: str, actors: tuple[str, ...], sources: tuple[str, ...],
        project: Path) -> None:
    """Create a draft event file with a unique id (opens nothing)."""
    path = new_event(project, title, date, list(actors), list(sources))
    click.echo(f"Created {path} (status: draft; set status: published when it is ready).")


@main.command()
@click.argument("kind", type=click.Choice(sorted(SCHEMAS)), required=False)
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write <kind>.schema.json files into this folder instead of printing.")
def schema(kind: str | None, out: Path | None) -> None:
    """JSON Schema of event, source and actor front matter, for editors."""
    kinds = [kind] if kind else sorted(SCHEMAS)
    if out is None:
        data = SCHEMAS[kind] if kind else {k: SCHEMAS[k] for k in kinds}
        click.echo(json.dumps(data, indent=2))
        return
    out.mkdir(parents=True, exist_ok=True)
    for name in kinds:
        (out / f"{name}.schema.json").write_text(json.dumps(SCHEMAS[name], indent=2) + "\n")
        click.echo(f"Wrote {out / f'{name}.schema.json'}")


@main.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@source_option
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@click.option("--json", "as_json", is_flag=True,
              help="With --dry-run: one JSON object per article, for scripts.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes that read captures (default: every core).")
def ingest(paths: tuple[Path, ...], source: Path, dry_run: bool, as_json: bool,
           jobs: int | None) -> None:
    """Turn article captures (.txt, .html, .md; files or folders) into sources and events."""
    from tqdm import tqdm  # here, as ingest is: every other command starts 30 ms sooner

    from generator.ingest.pipeline import article_record, plan_ingest, write_plan

    if as_json and not dry_run:
        raise click.UsageError("--json prints what would be written: use it with --dry-run")
    def progress(items, total: int):  # type: ignore[no-untyped-def]
        return tqdm(items, total=total, desc="Reading", unit="article", file=sys.stderr,
                    disable=total < 20 or as_json or not sys.stderr.isatty())

    plan = plan_ingest(source, list(paths), progress, jobs or default_jobs())
    if as_json:
        # The articles first (one object each), then every finding, as check --format json.
        click.echo(json.dumps([*(article_record(a.capture, a) for a in plan.articles),
                               *(p.as_dict(source) for p in [*plan.skipped, *plan.review])],
                              indent=1, ensure_ascii=False))
        return
    for problem in plan.skipped:
        click.echo(problem.format(source), err=True)
    if dry_run:
        for path, text in plan.files.items():
            click.echo(f"--- would write {path}\n{text}")
    else:
        changed = write_plan(plan, source)
        for path in changed:
            click.echo(f"wrote {path}")
    new_events = sum(1 for g in plan.groups.values() if g.proposals and g.existing is None)
    merged = sum(1 for a in plan.articles for p in a.proposals if p.merged_because)
    updated = sum(1 for g in plan.groups.values() if g.proposals and g.existing is not None)
    fresh = sum(1 for a in plan.articles if not a.known)
    click.echo(f"{len(plan.articles)} articles read ({fresh} new, {len(plan.skipped)} skipped): "
               f"{new_events} events created, {merged} reports merged, {updated} events updated"
               f"{' (dry run: nothing written)' if dry_run else ''}.")
    for problem in plan.review:
        click.echo(problem.format(source))
