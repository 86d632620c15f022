"""The page plan: which pages exist, at which paths, with which data.

Everything a template shows is computed here once, in linear-ish time (no step
compares every event with every other), so a chronology of 10,000+ events plans
in well under a second. Path collisions are found here, before any rendering.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from generator import urls
from generator.dates import ChronoDate
from generator.errors import Collector
from generator.model import Actor, Content, Event, Source
from generator.search import INDEX_FOLDER
from generator.slotted import PickledByFields
from generator.timeline import Timeline, make_timeline

# A line of the bibliography is about half an event entry: a sources page lists this many
# sources per event of `per_page`, so it weighs about what a chronology page weighs.
SOURCES_PER_ENTRY = 2
EMBED_EVENTS = 8  # the latest events the embeddable view lists under its timeline


@dataclass
class Tag:
    slug: str
    name: str  # the first spelling met; 'Birthday' and 'birthday' share a page
    events: list[Event] = field(default_factory=list)


@dataclass(slots=True)
class Page(PickledByFields):
    path: str  # site path, e.g. 'events/x/'
    template: str
    context: dict[str, Any]
    origin: Path | None = None  # the content file the page comes from
    in_sitemap: bool = True
    line: int | None = None  # the line of `origin` that makes the page, when not the first


@dataclass
class Site:
    content: Content
    events: list[Event]  # the visible events, oldest first
    by_year: dict[int, list[Event]]
    by_actor: dict[str, list[Event]]
    tags: dict[str, Tag]  # by slug
    prev: dict[str, Event | None]
    next: dict[str, Event | None]
    related: dict[str, list[Event]]
    citing: dict[str, list[Event]]  # source id -> events citing it
    quoted_lines: dict[str, set[int]]  # source id -> its quoted line numbers
    pages: list[Page] = field(default_factory=list)
    index_page: dict[str, str] = field(default_factory=dict)  # event id -> index page path
    month_page: dict[tuple[int, int], str] = field(default_factory=dict)  # -> path#anchor
    timeline: Timeline | None = None  # of the whole chronology

    @property
    def config(self):  # type: ignore[no-untyped-def]
        return self.content.config

    def actor(self, actor_id: str) -> Actor:
        return self.content.actors[actor_id]

    def source(self, source_id: str) -> Source:
        return self.content.sources[source_id]

    def tag_of(self, name: str) -> Tag:
        return self.tags[urls.slugify(name)]

    def month_path(self, year: int, month: int) -> str:
        """Where a month's events start: a heading on its year's page."""
        return self.month_page[(year, month)]


def _related(event: Event, by_actor: dict[str, list[Event]],
             position: dict[tuple[str, str], int], ordinal: dict[str, int],
             limit: int) -> list[Event]:
    """Events sharing an actor, most shared actors first, then nearest in time.

    Only the `limit` neighbours on each side in each actor's timeline are
    considered, which keeps this linear in the number of events.
    """
    candidates: dict[str, Event] = {}
    for actor in event.actors:
        timeline = by_actor[actor]
        i = position[(actor, event.id)]
        for other in timeline[max(0, i - limit): i] + timeline[i + 1: i + 1 + limit]:
            candidates[other.id] = other
    mine = set(event.actors)
    day = ordinal[event.id]

    def rank(other: Event) -> tuple[int, int, str]:
        return (-len(mine.intersection(other.actors)), abs(ordinal[other.id] - day), other.id)

    return sorted(candidates.values(), key=rank)[:limit]


def plan_site(content: Content, drafts: bool = False) -> Site:
    """Group and link the events, then list every page; raise on URL collisions."""
    config = content.config
    # An event whose year is unknown has no place in a chronology until someone gives it one.
    events = [e for e in content.events if (drafts or e.published) and e.date.year_known]
    by_year: dict[int, list[Event]] = defaultdict(list)
    by_actor: dict[str, list[Event]] = defaultdict(list)
    tags: dict[str, Tag] = {}
    citing: dict[str, list[Event]] = defaultdict(list)
    quoted: dict[str, set[int]] = defaultdict(set)
    position: dict[tuple[str, str], int] = {}
    for event in events:
        by_year[event.date.known_year()].append(event)
        for actor in event.actors:
            position[(actor, event.id)] = len(by_actor[actor])
            by_actor[actor].append(event)
        for name in event.tags:
            tag = tags.setdefault(urls.slugify(name), Tag(urls.slugify(name), name))
            if not tag.events or tag.events[-1] is not event:
                tag.events.append(event)
        for source in event.sources:
            citing[source].append(event)
        for quote in event.quotes:
            if quote.source and quote.line:
                quoted[quote.source].add(quote.line)
    prev = {e.id: events[i - 1] if i else None for i, e in enumerate(events)}
    nxt = {e.id: events[i + 1] if i + 1 < len(events) else None for i, e in enumerate(events)}
    ordinal = {e.id: e.date.first_day().toordinal() for e in events}
    related = {e.id: _related(e, by_actor, position, ordinal, config.related_events)
               for e in events}
    site = Site(content, events, dict(sorted(by_year.items())), dict(by_actor),
                dict(sorted(tags.items())), prev, nxt, related, dict(citing), dict(quoted))
    site.month_page = _month_pages(site)
    site.timeline = make_timeline(events, site.month_path)
    site.pages = _pages(site)
    _check_collisions(site)
    return site


@dataclass(frozen=True)
class PageLink:
    number: int
    path: str
    label: str  # what the page holds: '2018–2020' on the chronology, else its number


@dataclass(frozen=True)
class Pager:
    """Where a page is among the pages one list is split into; templates only print it."""

    number: int
    links: tuple[PageLink, ...]

    @property
    def count(self) -> int:
        return len(self.links)

    @property
    def path(self) -> str:
        return self.links[self.number - 1].path

    @property
    def prev(self) -> PageLink | None:
        return self.links[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> PageLink | None:
        return self.links[self.number] if self.number < len(self.links) else None


@dataclass(frozen=True)
class YearLink:
    year: int
    count: int
    path: str  # the chronology page that holds the year, with the year's anchor


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i: i + size] for i in range(0, len(items), size)] or [[]]


def _pagers(base: str, count: int, labels: list[str] | None = None) -> list[Pager]:
    links = tuple(PageLink(n, urls.paged(base, n), labels[n - 1] if labels else str(n))
                  for n in range(1, count + 1))
    return [Pager(n, links) for n in range(1, count + 1)]


def _year_chunks(events: list[Event], size: int) -> list[list[Event]]:
    """Split the chronology into pages of whole years, at most `size` events each.

    A reader looking for a year finds it on one page; only a year with more than
    `size` events is itself split.
    """
    pages: list[list[Event]] = []
    for year_events in _group_by_year(events).values():
        if pages and len(pages[-1]) + len(year_events) <= size:
            pages[-1] += year_events
        else:
            pages += [list(c) for c in _chunks(year_events, size)]
    return pages or [[]]


def _group_by_year(events: list[Event]) -> dict[int, list[Event]]:
    groups: dict[int, list[Event]] = {}
    for event in events:
        groups.setdefault(event.date.known_year(), []).append(event)
    return groups


def _years_label(events: list[Event]) -> str:
    years = [e.date.known_year() for e in events]
    low, high = min(years, default=0), max(years, default=0)
    return str(low) if low == high else f"{low}–{high}"


def _index_pages(site: Site) -> list[Page]:
    config = site.config
    ordered = list(reversed(site.events)) if config.newest_first else site.events
    chunks = _year_chunks(ordered, config.per_page)
    pagers = _pagers(urls.index_path(), len(chunks), [_years_label(c) for c in chunks])
    navigator: list[YearLink] = []
    pages = []
    for chunk, pager in zip(chunks, pagers, strict=True):
        groups = _group_by_year(chunk)
        for year, events in groups.items():
            if not navigator or navigator[-1].year != year:
                navigator.append(YearLink(year, len(site.by_year[year]),
                                          pager.path
                                          + "#" + urls.year_anchor(year)))
            for event in events:
                site.index_page[event.id] = pager.path
        pages.append(Page(pager.path, "index.html",
                          {"groups": groups, "events": chunk, "pager": pager,
                           "navigator": navigator,
                           "timeline": site.timeline, "filter_options": _filters(site, chunk)}))
    return pages


@dataclass(frozen=True)
class FilterOptions:
    """What the filters over a chronology page offer: what its events have."""

    actors: tuple[Actor, ...]  # by id: an actor's renaming re-renders, it does not re-plan
    tags: tuple[tuple[str, str], ...]  # (slug, name), by name
    first_year: int
    last_year: int


def _filters(site: Site, events: list[Event]) -> FilterOptions:
    known = site.content.actors  # `check` plans content whose actors may be unknown
    actors = sorted({a for e in events for a in e.actors if a in known})
    tags = {site.tag_of(t).slug: site.tag_of(t).name for e in events for t in e.tags}
    years = [e.date.known_year() for e in events] or [0]
    return FilterOptions(tuple(known[a] for a in actors),
                         tuple(sorted(tags.items(), key=lambda t: (t[1].casefold(), t[0]))),
                         min(years), max(years))


def _list_pages(site: Site, base: str, template: str, events: list[Event],
                context: dict[str, Any], origin: Path | None = None) -> list[Page]:
    """An actor's, tag's or year's events, split into pages, with its timeline."""
    timeline = make_timeline(events, site.month_path)
    return [Page(pager.path, template,
                 {**context, "events": chunk, "total": len(events), "pager": pager,
                  "timeline": timeline, "months": _months(chunk)}, origin)
            for chunk, pager in _split(site, base, events)]


def _split(site: Site, base: str, events: list[Event]) -> list[tuple[list[Event], Pager]]:
    """An actor's, tag's or year's events as its pages hold them."""
    chunks = _chunks(events, site.config.per_page)
    return list(zip(chunks, _pagers(base, len(chunks)), strict=True))


@dataclass(frozen=True, slots=True)
class MonthGroup(PickledByFields):
    period: ChronoDate  # a month, or a year for events known only to the year
    anchor: str  # the heading's id
    events: list[Event]


def _months(events: list[Event]) -> list[MonthGroup]:
    """Events under month headings (events known to the year only, first)."""
    groups: dict[tuple[int, int], list[Event]] = {}
    for event in events:
        groups.setdefault((event.date.known_year(), event.date.month or 0), []).append(event)
    return [MonthGroup(*_month_heading(y, m), group) for (y, m), group in groups.items()]


@cache  # a few per year of the chronology
def _month_heading(year: int, month: int) -> tuple[ChronoDate, str]:
    """A month heading's period and id, one object of each for every list that shows the
    month (a large chronology's lists show each month dozens of times)."""
    return ChronoDate(year, month or None), urls.month_anchor(year, month)


def _month_pages(site: Site) -> dict[tuple[int, int], str]:
    """The year page, and its anchor, where each month's events begin."""
    found: dict[tuple[int, int], str] = {}
    for year, events in site.by_year.items():
        for chunk, pager in _split(site, urls.year_path(year), events):
            for event in chunk:
                month = event.date.month or 0
                found.setdefault((year, month), f"{pager.path}#{urls.month_anchor(year, month)}")
    return found


def _bibliography_order(source: Source) -> tuple[str, str, str]:
    """Alphabetical by what a reference begins with (author, else title), as Chicago's is."""
    return ((source.author or source.title).casefold(), source.title.casefold(), source.id)


def _event_pages(site: Site) -> list[Page]:
    """Each event's permalink, and a redirect at each of its earlier addresses."""
    pages = []
    for event in site.events:
        pages.append(Page(urls.event_path(event.id), "event.html", {"event": event}, event.path))
        for i, alias in enumerate(event.aliases):
            pages.append(Page(urls.event_path(alias), "redirect.html",
                              {"target": urls.event_path(event.id)}, event.path, in_sitemap=False,
                              line=event.line_of("aliases", i)))
    return pages


def _source_pages(site: Site) -> list[Page]:
    return [Page(urls.source_path(source.id), "source.html", {"source": source}, source.path)
            for source in site.content.sources.values()]


def _actor_pages(site: Site) -> list[Page]:
    return [page for actor in site.content.actors.values()
            for page in _list_pages(site, urls.actor_path(actor.id), "actor.html",
                                    site.by_actor.get(actor.id, []), {"actor": actor},
                                    actor.path)]


def _tag_pages(site: Site) -> list[Page]:
    return [page for tag in site.tags.values()
            for page in _list_pages(site, urls.tag_path(tag.slug), "tag.html", tag.events,
                                    {"tag": tag})]


def _year_pages(site: Site) -> list[Page]:
    return [page for year, events in site.by_year.items()
            for page in _list_pages(site, urls.year_path(year), "year.html", events,
                                    {"year": year})]


def _bibliography_pages(site: Site) -> list[Page]:
    bibliography = sorted(site.content.sources.values(), key=_bibliography_order)
    chunks = _chunks(bibliography, site.config.per_page * SOURCES_PER_ENTRY)
    return [Page(pager.path, "sources.html", {"sources": chunk, "pager": pager})
            for chunk, pager in zip(chunks, _pagers(urls.SECTIONS["sources"], len(chunks)),
                                    strict=True)]


def _one(path: str, template: str, in_sitemap: bool = True,
         context: Callable[[Site], dict[str, Any]] = lambda site: {}) -> Callable[[Site],
                                                                              list[Page]]:
    """The plan of a kind that is one page."""
    return lambda site: [Page(path, template, context(site), in_sitemap=in_sitemap)]


def _search_pages(site: Site) -> list[Page]:
    if not site.config.searchable:
        return []
    return [Page(urls.SEARCH, "search.html", {"webassembly": True, "index_folder": INDEX_FOLDER},
                 in_sitemap=False)]


def _check_collisions(site: Site) -> None:
    """Two things at one URL would silently overwrite each other: stop instead."""
    problems = Collector()
    seen: dict[str, Page] = {}
    for page in site.pages:
        first = seen.setdefault(page.path, page)
        if first is not page:
            where = (f"{first.origin}:{first.line}" if first.line else str(first.origin)) \
                if first.origin else f"the {first.template.removesuffix('.html')} page"
            problems.error(page.origin or Path("content"), page.line,
                           f"/{page.path} is produced twice: here and by {where}; "
                           "rename the event or change its aliases", kind="url-collision")
    problems.raise_if_errors(site.content.root)


# --- what each page shows, for incremental rebuilds ------------------------------------

Input = Event | Source | Actor | str  # a content object (compared by its file digest) or a value


def input_text(item: Input) -> str:
    return item if isinstance(item, str) else item.digest


_FOLDERS = {Event: "events", Source: "sources", Actor: "actors"}


def input_key(item: Event | Source | Actor) -> tuple[str, str]:
    """('events', id), ('sources', id) or ('actors', id): the content folder and file name.
    (Called for every input of every page: 660,000 times at 10,000 events.)"""
    return (_FOLDERS[type(item)], item.id)


def entry_inputs(site: Site, event: Event) -> list[Input]:
    """What an event's list entry shows: the event and its actors' names."""
    return [event, *(site.actor(a) for a in event.actors)]


def _entries_inputs(site: Site, events: list[Event]) -> list[Input]:
    return [item for e in events for item in entry_inputs(site, e)]


def timeline_inputs(timeline: Timeline | None) -> list[Input]:
    if timeline is None:
        return []
    return [timeline.signature(), *(m.event for m in timeline.marks if m.event)]


def _index_shows(site: Site, page: Page) -> list[Input]:
    options = page.context["filter_options"]
    return [repr(page.context["navigator"]),
            repr((options.tags, options.first_year, options.last_year)), *options.actors,
            *_entries_inputs(site, page.context["events"])]


def _event_shows(site: Site, page: Page) -> list[Input]:
    event = page.context["event"]
    return [*entry_inputs(site, event), site.index_page[event.id],
            *(site.source(s) for s in event.sources),
            *(site.actor(q.by) for q in event.quotes if q.by),
            *(n or "-" for n in (site.prev[event.id], site.next[event.id])),
            *_entries_inputs(site, site.related[event.id])]


def _source_shows(site: Site, page: Page) -> list[Input]:
    source = page.context["source"]
    return [source, *site.citing.get(source.id, [])]


def _list_shows(site: Site, page: Page) -> list[Input]:
    context = page.context
    inputs: list[Input] = [str(context["total"]), *_entries_inputs(site, context["events"])]
    inputs += [context["actor"]] if "actor" in context else []
    return inputs + ([context["tag"].name] if "tag" in context else [])


def _actors_shows(site: Site, page: Page) -> list[Input]:
    return [item for actor in site.content.actors.values()
            for item in (actor, str(len(site.by_actor.get(actor.id, []))))]


@dataclass(frozen=True)
class PageKind:
    """A kind of page: its template, the pages it makes (paths and what each holds), and
    what each of them shows, for rebuild fingerprints. Templates only print what the
    plan gives them; a new kind of page is one of these and one template."""

    template: str
    plan: Callable[[Site], list[Page]]
    shows: Callable[[Site, Page], list[Input]] = lambda site, page: []


PAGE_KINDS = (
    PageKind("index.html", _index_pages, _index_shows),
    PageKind("event.html", _event_pages, _event_shows),  # and redirect.html for aliases
    PageKind("redirect.html", lambda site: [], lambda site, page: [page.context["target"]]),
    PageKind("source.html", _source_pages, _source_shows),
    PageKind("actor.html", _actor_pages, _list_shows),
    PageKind("tag.html", _tag_pages, _list_shows),
    PageKind("year.html", _year_pages, _list_shows),
    PageKind("sources.html", _bibliography_pages, lambda site, page: page.context["sources"]),
    PageKind("actors.html", _one(urls.SECTIONS["actors"], "actors.html"), _actors_shows),
    PageKind("tags.html", _one(urls.SECTIONS["tags"], "tags.html"), lambda site, page: [
        f"{t.slug}:{t.name}:{len(t.events)}" for t in site.tags.values()]),
    PageKind("years.html", _one(urls.SECTIONS["years"], "years.html",
                                context=lambda site: {"timeline": site.timeline}),
             lambda site, page: [f"{y}:{len(e)}" for y, e in site.by_year.items()]),
    PageKind("data.html", _one(urls.EXPORTS, "data.html")),
    PageKind("embed.html", _one(urls.EMBED, "embed.html", in_sitemap=False, context=lambda site: {
        "timeline": site.timeline, "latest": site.events[: -EMBED_EVENTS - 1: -1]}),
        lambda site, page: _entries_inputs(site, page.context["latest"])),
    PageKind("404.html", _one("404.html", "404.html", in_sitemap=False)),
    PageKind("search.html", _search_pages),
)
KIND_OF_TEMPLATE = {kind.template: kind for kind in PAGE_KINDS}


def _pages(site: Site) -> list[Page]:
    return [page for kind in PAGE_KINDS for page in kind.plan(site)]


def page_inputs(site: Site, page: Page) -> list[Input]:
    """Everything the default templates read for `page`: content objects and values.

    Two builds give the page the same bytes when these are equal (and config and
    theme are unchanged), so `chronicle serve` re-renders only pages whose inputs
    moved. The random-edit test compares incremental output with clean builds.
    """
    inputs: list[Input] = [page.path, page.template]
    if "pager" in page.context:
        inputs.append(repr(page.context["pager"]))
    inputs += timeline_inputs(page.context.get("timeline"))
    return inputs + KIND_OF_TEMPLATE[page.template].shows(site, page)


def structure(event: Event) -> tuple:
    """What decides where an event is listed and linked from; the rest is just shown.

    An edit that keeps this lets a rebuild keep the page plan and only re-render.
    """
    return (event.date, event.status, tuple(event.actors), tuple(event.tags),
            tuple(event.aliases), tuple(event.sources),
            tuple((q.source, q.line) for q in event.quotes))
