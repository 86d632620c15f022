"""Render the page plan to files with Jinja2 templates from the theme.

Templates receive data from the plan and only format it. Autoescaping is on for
every HTML and XML template, and Markdown is rendered with raw HTML escaped, so
no article text can inject markup. A template mistake is reported with the
template's file and line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import traceback
from collections.abc import Callable, Collection
from contextlib import suppress
from dataclasses import dataclass
from functools import cached_property, partial
from hashlib import blake2b
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from generator import __version__, urls
from generator.dates import ChronoDate, display_range
from generator.errors import Collector
from generator.exports import (
    Parts,
    cached_part,
    event_jsonld,
    events_csv,
    events_ics,
    list_jsonld,
    script_safe,
    source_jsonld,
    sources_json,
    timeline_json,
)
from generator.i18n import Language
from generator.markup import make_markdown
from generator.model import Event, Source
from generator.paths import inside, user_cache_folder
from generator.reads import Read, recording, recording_environment
from generator.schema import EVENTS_JSON, EVENTS_JSON_VERSION
from generator.site import (
    Input,
    Page,
    Site,
    entry_inputs,
    input_text,
    page_inputs,
    timeline_inputs,
)
from generator.social import social_image
from generator.write import MARKER, MARKER_TEXT

EVENTS_SCHEMA_FILE = "events.schema.json"
# Exports made of per-event parts, kept between builds: a one-event edit re-makes one part.
PARTED_EXPORTS = ("events.json", "events.ics", "events.csv", "timeline.json")
BUILTIN_THEMES = Path(__file__).resolve().parent.parent / "themes"


def theme_dirs(root: Path, theme: str) -> list[Path]:
    """Folders searched for a template or static file, most specific first."""
    dirs = []
    if theme:
        dirs.append(root / "themes" / theme)
    for base in (root / "themes", BUILTIN_THEMES):
        if (base / "default").is_dir() and base / "default" not in dirs:
            dirs.append(base / "default")
    return dirs


def check_theme_links(root: Path, dirs: list[Path]) -> None:
    """Refuse a project theme file that links outside the project: it would be published."""
    problems = Collector()
    for folder in dirs:
        if not folder.is_relative_to(root):
            continue  # the built-in theme
        for path in sorted(folder.rglob("*")):
            if not inside(path, root):
                problems.error(path, None, "links to a file outside the project, which would be "
                               "published: copy the file into the theme instead",
                               kind="outside-project")
    problems.raise_if_errors(root)


def project_templates(dirs: list[Path]) -> bool:
    """Whether the theme has templates of the project's own (not Chronicle's)."""
    return any(path.is_file() for d in dirs if not d.is_relative_to(BUILTIN_THEMES)
               for path in (d / "templates").rglob("*"))


def make_environment(dirs: list[Path], watch: bool = False) -> jinja2.Environment:
    """Jinja for a theme: autoescaped, strict about undefined names; recording what the
    project's own templates read (generator/reads.py) when it has some.

    `watch` re-reads a template edited since it was loaded (serve); a one-shot build
    loads each once, instead of checking its file on every page.
    """
    make = partial(recording_environment, BUILTIN_THEMES) if project_templates(dirs) \
        else jinja2.Environment
    return make(
        auto_reload=watch,
        bytecode_cache=template_cache(),
        loader=jinja2.FileSystemLoader([d / "templates" for d in dirs]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, where one that cannot be written (a full
    disk, a folder made read-only) is no cache, never a failed build."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with suppress(OSError):
            super().dump_bytecode(bucket)


def template_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between processes: compiling the default theme's takes
    0.14 s, a tenth of a one-shot rebuild; loading them compiled, 7 ms. Jinja finds each by
    its file and recompiles it when its text changed. Compiled code runs when loaded, so it
    is kept in the user's own cache, never in the project (whose files anyone may have
    written), and by Chronicle's version (which sets the options it is compiled with).
    None where that folder cannot be made: templates are then compiled each time."""
    folder = user_cache_folder() / f"templates-{__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return _TemplateCache(str(folder))


def theme_inputs(dirs: list[Path]) -> list[Input]:
    """Every theme file with its stat: a theme edit re-renders the whole site."""
    return [part for d in dirs for path in sorted(d.rglob("*")) if path.is_file()
            for part in file_inputs(path)]


def build_time() -> dt.datetime | None:
    """The build time to show, only when SOURCE_DATE_EPOCH fixes it (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)


def new_parts() -> dict[str, Parts]:
    """Where each parted export keeps its per-event parts (see exports.cached_part)."""
    return {name: {} for name in PARTED_EXPORTS}


def event_date_text(event: Event) -> str:
    """The event's date in English: the data exports' `date_display`."""
    return display_range(event.date, event.date_end, event.circa)


def publisher_text(language: Language, source: Source) -> str:
    """The publisher as a reader should see it: never the bare word 'unknown'."""
    return source.publisher if source.publisher not in ("", "unknown") else \
        language.text("Publisher not stated")


def source_lines_html(lines: list[str], quoted: set[int]) -> Markup:
    """A source's text, a list item per line with its anchor: the hot loop of source pages
    (thousands of lines per page), so built here rather than by the template."""
    items = []
    for number, line in enumerate(lines, start=1):
        anchor = urls.line_anchor(number)
        mark = ' class="quoted"' if number in quoted else ""
        items.append(f'      <li id="{anchor}"{mark}><a class="ln" href="#{anchor}">{number}</a>'
                     f" <span>{escape(line)}</span></li>")
    return Markup("\n".join(items))


def atom_time(date: ChronoDate | dt.datetime) -> str:
    if isinstance(date, ChronoDate):
        date = dt.datetime.combine(date.first_day(), dt.time(), tzinfo=dt.UTC)
    return date.strftime("%Y-%m-%dT%H:%M:%SZ")


# Where a list entry's heading level goes (Renderer.entry_html): with '<', which escaped
# content never holds, as urls' marks are.
_LEVEL = Markup("<\x00level\x00>")


def _entry_digest(key: tuple[str, str]) -> bytes:
    return blake2b(f"{key[0]}\0{key[1]}".encode(), digest_size=16).digest()


class Renderer:
    """Holds the Jinja environment and Markdown parser for one build."""

    def __init__(self, site: Site, env: jinja2.Environment | None = None) -> None:
        self.site = site
        self.config = site.config
        self.dirs = theme_dirs(site.content.root, self.config.theme)
        check_theme_links(site.content.root, self.dirs)
        self.records = project_templates(self.dirs)  # what they read is recorded (reads.py)
        self.env = env or make_environment(self.dirs)
        language = Language.load(self.dirs, self.config.language, site.content.root)
        self.env.globals.update(
            site=site, config=self.config, urls=urls, t=language.text, tn=language.plural,
            event_date=lambda e: language.date_range(e.date, e.date_end, e.circa),
            date_text=language.date, atom_time=atom_time, build_time=build_time(),
            publisher_text=partial(publisher_text, language), source_lines=source_lines_html,
            event_jsonld=lambda event: Markup(event_jsonld(site, event)),
            source_jsonld=lambda source: Markup(source_jsonld(site, source)),
            list_jsonld=lambda events: Markup(list_jsonld(site, events)),
        )
        self.markdown = make_markdown()
        self._entries: dict[tuple[str, str], Markup] = {}
        # the last build's shared_entries(), where its build scope (theme, settings, version)
        # is this build's: each is found by what it shows, so none is stale
        self.stored_entries: dict[bytes, str] = {}
        self._fragments: dict[tuple[str, int, tuple[tuple[str, object], ...]], Markup] = {}
        # Each event's part of events.json and events.ics, kept between builds (serve, and
        # the build cache): most of those files' cost, and most of it unchanged by an edit.
        self.parts = new_parts()
        self.event_keys: dict[str, str] = {}  # exports.event_key, made once for every export
        self.parted: set[str] = set()  # the outputs made of those parts (set by outputs())

    # -- pieces templates cannot compute ------------------------------------------------

    def markdown_html(self, text: str, url: Callable[[str], str],
                      event: Event | None = None) -> Markup:
        def cite(key: str, line: int | None) -> str:
            assert event is not None, "citations only occur in event bodies"
            number = event.sources.index(key) + 1
            mark = f'<a href="#source-{number}">[{number}]</a>'
            if line:
                href = escape(url(urls.source_line_path(key, line)))
                mark += f'<a class="cite-line" href="{href}">line&nbsp;{line}</a>'
            return mark

        return Markup(self.markdown.render(text, {"cite": cite}))

    def entry_html(self, event: Event, heading: str = "h3") -> Markup:
        """An event as listed on index, year, actor, tag and related lists, with its links'
        way up to the site's root and (in the default theme) its title's heading level left
        open (urls.from_any_page, _LEVEL).

        The same event is listed on many pages, and its HTML differs between them only by
        those: it is rendered once, and each list puts its page's in (entries_html). This is
        what keeps 10,000 events fast.
        """
        level = _LEVEL if self._levels_shared else heading
        key = self._entry_key(event, level)
        return self._cached(self._entries, key, partial(self._render_entry, key, event))

    def _entry_key(self, event: Event, level: str) -> tuple[str, str]:
        return ("".join(map(input_text, entry_inputs(self.site, event))), level)

    def _render_entry(self, key: tuple[str, str], event: Event) -> str:
        stored = self.stored_entries.get(_entry_digest(key)) if self.stored_entries else None
        if stored is not None:
            return stored
        return self.env.get_template("_entry.html").render(event=event, heading=key[1],
                                                           url=urls.from_any_page)

    def shared_entries(self) -> dict[bytes, str]:
        """The entries rendered once for lists at every level, by digest of what they show,
        with those of the last build's stored_entries its events still show: kept between
        builds (cache.save_entries) for the next to reuse."""
        if not self.entries_shareable:
            return {}
        kept = {_entry_digest(key): html for key, html in self._entries.items()
                if key[1] == _LEVEL}  # no copies: 60 MB at 100,000 events
        for event in self.site.events if self.stored_entries else ():  # a partial build's
            digest = _entry_digest(self._entry_key(event, _LEVEL))
            if digest not in kept and (html := self.stored_entries.get(digest)) is not None:
                kept[digest] = html
        return kept

    def rendered_entries(self, events: list[Event]) -> dict[tuple[str, str], Markup]:
        """The shared entries of `events`, by their keys: rendered by workers and then kept
        for every process that renders lists (parallel.render_entries, keep_entries)."""
        return {self._entry_key(event, _LEVEL): self.entry_html(event) for event in events}

    def keep_entries(self, entries: dict[tuple[str, str], Markup]) -> None:
        self._entries.update(entries)

    def drop_entries(self) -> None:
        """Free the list entries kept so far, in a process that will render no list."""
        self._entries.clear()

    @property
    def entries_shareable(self) -> bool:
        """Whether entries rendered once may serve every list at every level: not where a
        project template records what it reads (an entry that read content is not kept)."""
        return not self.records and self._levels_shared

    @cached_property
    def _levels_shared(self) -> bool:
        """True for the default theme's _entry.html, which prints `heading` only as its
        title's tag name: one rendering then serves lists at every level (an actor's page
        lists events under h4, the others under h3; a worker rendering both rendered every
        entry twice, a fifth of a 10,000-event build's rendering). A project's own entry
        may use the level otherwise: it is rendered for each."""
        filename = self.env.get_template("_entry.html").filename
        return filename is not None and Path(filename).is_relative_to(BUILTIN_THEMES)

    def fragment(self, depth: int, url: Callable[[str], str], name: str,
                 **values: object) -> Markup:
        """A theme fragment that only depends on the page's depth and `values` (the site
        header and footer): rendered once per depth instead of once per page."""
        key = (name, depth, tuple(sorted(values.items())))
        return self._cached(self._fragments, key, lambda: self.env.get_template(name).render(
            url=url, **values).rstrip("\n"))

    def _cached(self, cache: dict[Any, Markup], key: Any, render: Callable[[], str]) -> Markup:
        """HTML rendered once for every page that shows it: unless a project template read
        content for it (generator/reads.py) that `key` does not stand for."""
        html = cache.get(key)
        if html is not None:
            return html
        if not self.records:
            html = cache[key] = Markup(render())
            return html
        with recording() as reads:
            html = Markup(render())
        if not reads:
            cache[key] = html
        return html

    def entries_html(self, up: str, events: list[Event], heading: str = "h3") -> Markup:
        """A list of events (index, year, actor, tag pages; related events) for the page
        whose way up to the site's root is `up`."""
        html = "".join(f"{self.entry_html(e, heading)}\n" for e in events)
        return Markup(urls.for_page(html, up).replace(_LEVEL, heading))

    def page_context(self, page: Page) -> dict[str, Any]:
        if page.path == "404.html":  # served at any address: links start at the site's path
            url: Callable[[str], str] = lambda path: self.config.base_path + path  # noqa: E731
            up = self.config.base_path
        else:
            url = partial(urls.relative, page.path)
            up = urls.up_to_root(page.path)
        depth = -1 if page.path == "404.html" else page.path.count("/")
        context = {"page": page, "url": url,
                   "entries_html": partial(self.entries_html, up),
                   "fragment": partial(self.fragment, depth, url),
                   **page.context}
        if "event" in page.context:
            event = page.context["event"]
            context["body_html"] = self.markdown_html(event.body, url, event)
        if "actor" in page.context:
            context["body_html"] = self.markdown_html(page.context["actor"].description, url)
        return context

    # -- output ---------------------------------------------------------------------------

    def render_template(self, name: str, context: dict[str, Any],
                        problems: Collector) -> str | None:
        try:
            return self.env.get_template(name).render(context)
        except jinja2.TemplateSyntaxError as exc:
            problems.error(Path(exc.filename or name), exc.lineno,
                           f"template syntax error: {exc.message}", kind="template")
        except jinja2.TemplateNotFound as exc:
            problems.error(self.dirs[0] / "templates", None,
                           f"template '{exc.name}' not found in the theme", kind="template")
        except Exception as exc:  # any template failure is the theme's: report it
            path, line = _template_location(exc, name)
            problems.error(path, line, f"template error while rendering {name}: {exc}",
                           kind="template")
        return None

    def render_page(self, page: Page, problems: Collector) -> bytes | None:
        html = self.render_template(page.template, self.page_context(page), problems)
        return None if html is None else html.encode("utf-8")

    def render_absolute(self, name: str, problems: Collector) -> bytes | None:
        """Feed, sitemap, robots.txt: files whose URLs must be absolute."""
        text = self.render_template(name, {"url": self.config.absolute, "page": None}, problems)
        return None if text is None else text.encode("utf-8")

    def outputs(self, pages: Collection[str] | None = None) -> list[Output]:
        """Every file of the site: pages, feeds, exports and the theme's static files; of
        the pages only those named in `pages` when given (a patch renders a few of 30,000)."""
        site = self.site
        named = ((urls.output_file(page.path), page) for page in site.pages)
        result = [Output(name, partial(page_inputs, site, page), partial(self.render_page, page))
                  for name, page in named if pages is None or name in pages]
        newest = site.events[: -self.config.feed_size - 1: -1]
        special = {
            "feed.xml": lambda: [i for e in newest for i in entry_inputs(site, e)],
            "sitemap.xml": lambda: [p.path for p in site.pages if p.in_sitemap],
            "robots.txt": list,
        }
        for name, inputs in special.items():
            result.append(Output(name, inputs, partial(self.render_absolute, name)))
        result.append(Output("events.json", partial(events_json_inputs, site),
                             lambda problems: events_json(site, self.parts["events.json"],
                                                          keys=self.event_keys).encode("utf-8")))
        # the same, a file per year, and their index: pieces that stay small at any size
        self.parted = {"events.json", *PARTED_EXPORTS,
                       *(urls.year_data_path(year) for year in site.by_year)}
        for year, events in site.by_year.items():
            result.append(Output(urls.year_data_path(year),
                                 partial(events_json_inputs, site, events),
                                 lambda problems, year=year, events=events: events_json(
                                     site, self.parts["events.json"], events, year,
                                     self.event_keys).encode("utf-8")))
        result.append(Output(urls.YEARS_DATA_INDEX,
                             lambda: [f"{y}:{len(e)}" for y, e in site.by_year.items()],
                             lambda problems: years_index_json(site).encode("utf-8")))
        # each export with what it shows, so an edit rewrites only the exports that show it
        shows_events: Callable[[], list[Input]] = lambda: list(site.events)  # noqa: E731
        exports = {
            "events.ics": (partial(events_ics, parts=self.parts["events.ics"],
                                   keys=self.event_keys), shows_events),
            "timeline.json": (partial(timeline_json, parts=self.parts["timeline.json"],
                                      keys=self.event_keys), shows_events),
            "events.csv": (partial(events_csv, parts=self.parts["events.csv"],
                                   keys=self.event_keys),
                           lambda: [*site.events, *site.content.actors.values()]),
            "sources.json": (sources_json,
                             lambda: [" ".join(sorted(site.citing)),
                                      *(site.source(s) for s in sorted(site.citing))]),
        }
        for name, (export, inputs) in exports.items():
            result.append(Output(name, inputs, lambda problems, export=export: export(site)))
        result.append(Output(EVENTS_SCHEMA_FILE, list, lambda problems: (json.dumps(
            EVENTS_JSON, indent=1) + "\n").encode("utf-8")))
        result.append(Output(urls.SOCIAL_IMAGE, lambda: timeline_inputs(site.timeline),
                             lambda problems: social_image(site.timeline)))
        result.append(Output(".nojekyll", list, lambda problems: b""))
        result.append(Output(MARKER, list, lambda problems: MARKER_TEXT))
        for name, path in self.static_files().items():
            result.append(Output(name, partial(file_inputs, path),
                                 lambda problems, path=path: path.read_bytes()))
        if self.records:
            for output in result:
                output.record = True
        return result

    def static_files(self) -> dict[str, Path]:
        """Theme static files by output path; a project's theme overrides the default."""
        found: dict[str, Path] = {}
        for theme in reversed(self.dirs):
            static = theme / "static"
            for path in sorted(static.rglob("*")) if static.is_dir() else []:
                if path.is_file():
                    found["static/" + path.relative_to(static).as_posix()] = path
        return found


@dataclass
class Output:
    """One file of the site, rendered on demand.

    `inputs` lists what the file shows (as digests); an incremental rebuild
    renders the file again only when they change.
    """

    name: str
    inputs: Callable[[], list[Input]]
    render: Callable[[Collector], bytes | None]
    record: bool = False  # what its project templates read (generator/reads.py)


def render_output(output: Output, problems: Collector) -> tuple[bytes | None, tuple[Read, ...]]:
    """The output's bytes, and what project templates read making them."""
    if not output.record:
        return output.render(problems), ()
    with recording() as reads:
        data = output.render(problems)
    return data, tuple(sorted(reads))


def file_inputs(path: Path) -> list[Input]:
    stat = path.stat()
    return [str(path), str(stat.st_mtime_ns), str(stat.st_size)]


def events_json_inputs(site: Site, events: list[Event] | None = None) -> list[Input]:
    """An events.json file's events, with the actors and sources it names."""
    events = site.events if events is None else events
    actors = sorted({a for e in events for a in e.actors})
    sources = sorted({s for e in events for s in e.sources})
    return [*events, *(site.actor(a) for a in actors), *(site.source(s) for s in sources)]


def _template_location(exc: BaseException, name: str) -> tuple[Path, int | None]:
    """Jinja's runtime errors carry no location (jinja #1760): find it in the traceback."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt")):
            return Path(frame.filename), frame.lineno
    return Path(name), None


def events_json(site: Site, parts: Parts | None = None, events: list[Event] | None = None,
                year: int | None = None, keys: dict[str, str] | None = None) -> str:
    """All visible events with their sources resolved: the documented export; with `year`,
    that year's events only.

    `parts` keeps each event's line between builds (see exports.cached_part).
    """
    config = site.config
    parts = {} if parts is None else parts
    # json's C encoder; indent= would force the pure-Python one, 10x slower.
    lines = [cached_part(parts, site, event, lambda event=event: script_safe(
        json.dumps(_event_record(site, event), ensure_ascii=False)), keys)
        for event in (site.events if events is None else events)]
    body = ",\n".join(lines)  # one event per line: diffable
    head_fields = {"version": EVENTS_JSON_VERSION,
                   "schema": config.absolute(EVENTS_SCHEMA_FILE),
                   "title": config.title, "base_url": config.base_url}
    if year is not None:
        head_fields["year"] = year
    head = script_safe(json.dumps(head_fields, ensure_ascii=False))
    return f'{head[:-1]}, "events": [\n{body}\n]}}\n'


def years_index_json(site: Site) -> str:
    """Which years have events, how many, and the file of each."""
    config = site.config
    years = [{"year": year, "events": len(events),
              "url": config.absolute(urls.year_data_path(year))}
             for year, events in site.by_year.items()]
    return json.dumps({"version": EVENTS_JSON_VERSION, "title": config.title,
                       "base_url": config.base_url, "years": years},
                      ensure_ascii=False, indent=1) + "\n"


def _event_record(site: Site, event: Event) -> dict[str, Any]:
    config = site.config
    return {
        "id": event.id,
        "url": config.absolute(urls.event_path(event.id)),
        "title": event.title,
        "date": event.date.iso(),
        "date_end": event.date_end.iso() if event.date_end else None,
        "circa": event.circa,
        "date_display": event_date_text(event),
        "date_basis": event.date_basis,
        "status": event.status,
        "summary": event.summary,
        "disputed": event.disputed,
        "merged_because": event.merged_because or None,
        "actors": [{"id": a, "name": site.actor(a).name} for a in event.actors],
        "tags": event.tags,
        "sources": [_source_record(site, s) for s in event.sources],
        "quotes": [
            {"text": q.text, "by": q.by or None, "source": q.source or None, "line": q.line,
             "url": config.absolute(urls.source_line_path(q.source, q.line))
             if q.source else None}
            for q in event.quotes
        ],
    }


def _source_record(site: Site, source_id: str) -> dict[str, Any]:
    source = site.source(source_id)
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "published": source.published.iso() if source.published else None,
        "author": source.author or None,
        "url": source.url or None,
        "archive_url": source.archive_url or None,
        "page": site.config.absolute(urls.source_path(source.id)),
    }
