"""The page plan: which pages exist, at which paths, with which data.

Everything a template shows is computed here once, in linear-ish time (no step
compares every event with every other), so a chronology of 10,000+ events plans
in well under a second. Path collisions are found here, before any rendering.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import urls
from generator.errors import Collector
from generator.model import Actor, Content, Event, Source


@dataclass
class Tag:
    slug: str
    name: str  # the first spelling met; 'Birthday' and 'birthday' share a page
    events: list[Event] = field(default_factory=list)


@dataclass
class Page:
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

    @property
    def config(self):  # type: ignore[no-untyped-def]
        return self.content.config

    def actor(self, actor_id: str) -> Actor:
        return self.content.actors[actor_id]

    def source(self, source_id: str) -> Source:
        return self.content.sources[source_id]

    def tag_of(self, name: str) -> Tag:
        return self.tags[urls.slugify(name)]


def _related(event: Event, by_actor: dict[str, list[Event]],
             position: dict[tuple[str, str], int], limit: int) -> list[Event]:
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
    day = event.date.first_day().toordinal()

    def rank(other: Event) -> tuple[int, int, str]:
        return (-len(mine.intersection(other.actors)),
                abs(other.date.first_day().toordinal() - day), other.id)

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
    related = {e.id: _related(e, by_actor, position, config.related_events) for e in events}
    site = Site(content, events, dict(sorted(by_year.items())), dict(by_actor),
                dict(sorted(tags.items())), prev, nxt, related, dict(citing), dict(quoted))
    site.pages = _pages(site)
    _check_collisions(site)
    return site


def _index_pages(site: Site) -> list[Page]:
    config = site.config
    ordered = list(reversed(site.events)) if config.newest_first else site.events
    chunks = [ordered[i: i + config.per_page] for i in range(0, len(ordered), config.per_page)]
    chunks = chunks or [[]]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        groups: dict[int, list[Event]] = {}
        for event in chunk:
            groups.setdefault(event.date.known_year(), []).append(event)
            site.index_page[event.id] = urls.index_path(number)
        pages.append(Page(urls.index_path(number), "index.html", {
            "groups": groups, "page_number": number, "page_count": len(chunks),
            "prev_page": urls.index_path(number - 1) if number > 1 else None,
            "next_page": urls.index_path(number + 1) if number < len(chunks) else None,
        }))
    return pages


def _pages(site: Site) -> list[Page]:
    content = site.content
    pages = _index_pages(site)
    for event in site.events:
        pages.append(Page(urls.event_path(event.id), "event.html", {"event": event}, event.path))
        for i, alias in enumerate(event.aliases):
            pages.append(Page(urls.event_path(alias), "redirect.html",
                              {"target": urls.event_path(event.id)}, event.path, in_sitemap=False,
                              line=event.line_of("aliases", i)))
    for source in content.sources.values():
        pages.append(Page(urls.source_path(source.id), "source.html", {"source": source},
                          source.path))
    for actor in content.actors.values():
        pages.append(Page(urls.actor_path(actor.id), "actor.html",
                          {"actor": actor, "events": site.by_actor.get(actor.id, [])}, actor.path))
    for tag in site.tags.values():
        pages.append(Page(urls.tag_path(tag.slug), "tag.html", {"tag": tag}))
    for year, events in site.by_year.items():
        pages.append(Page(urls.year_path(year), "year.html", {"year": year, "events": events}))
    pages += [
        Page("actors/", "actors.html", {}),
        Page("tags/", "tags.html", {}),
        Page("sources/", "sources.html", {}),
        Page("years/", "years.html", {}),
        Page("404.html", "404.html", {}, in_sitemap=False),
    ]
    return pages


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


def input_key(item: Event | Source | Actor) -> tuple[str, str]:
    """('events', id), ('sources', id) or ('actors', id): the content folder and file name."""
    return (type(item).__name__.lower() + "s", item.id)


def entry_inputs(site: Site, event: Event) -> list[Input]:
    """What an event's list entry shows: the event and its actors' names."""
    return [event, *(site.actor(a) for a in event.actors)]


def _entries_inputs(site: Site, events: list[Event]) -> list[Input]:
    return [item for e in events for item in entry_inputs(site, e)]


def page_inputs(site: Site, page: Page) -> list[Input]:
    """Everything the default templates read for `page`: content objects and values.

    Two builds give the page the same bytes when these are equal (and config and
    theme are unchanged), so `chronicle serve` re-renders only pages whose inputs
    moved. The random-edit test compares incremental output with clean builds.
    """
    context = page.context
    inputs: list[Input] = [page.path, page.template]
    if page.template == "index.html":
        inputs += [str((context["page_number"], context["page_count"]))]
        inputs += _entries_inputs(site, [e for g in context["groups"].values() for e in g])
    elif page.template == "event.html":
        event = context["event"]
        inputs += [*entry_inputs(site, event), site.index_page[event.id]]
        inputs += [site.source(s) for s in event.sources]
        inputs += [site.actor(q.by) for q in event.quotes if q.by]
        inputs += [n or "-" for n in (site.prev[event.id], site.next[event.id])]
        inputs += _entries_inputs(site, site.related[event.id])
    elif page.template == "redirect.html":
        inputs.append(context["target"])
    elif page.template == "source.html":
        source = context["source"]
        inputs += [source, *site.citing.get(source.id, [])]
    elif page.template == "actor.html":
        inputs += [context["actor"], *_entries_inputs(site, context["events"])]
    elif page.template == "tag.html":
        inputs += [context["tag"].name, *_entries_inputs(site, context["tag"].events)]
    elif page.template == "year.html":
        inputs += _entries_inputs(site, context["events"])
    elif page.template == "actors.html":
        for actor in site.content.actors.values():
            inputs += [actor, str(len(site.by_actor.get(actor.id, [])))]
    elif page.template == "tags.html":
        inputs += [f"{t.slug}:{t.name}:{len(t.events)}" for t in site.tags.values()]
    elif page.template == "sources.html":
        inputs += list(site.content.sources.values())
    elif page.template == "years.html":
        inputs += [f"{y}:{len(events)}" for y, events in site.by_year.items()]
    return inputs


def structure(event: Event) -> tuple:
    """What decides where an event is listed and linked from; the rest is just shown.

    An edit that keeps this lets a rebuild keep the page plan and only re-render.
    """
    return (event.date, event.status, tuple(event.actors), tuple(event.tags),
            tuple(event.aliases), tuple(event.sources),
            tuple((q.source, q.line) for q in event.quotes))
