"""`chronicle ingest`, read top to bottom: captures -> articles -> events -> merged -> written.

Nothing is written until every file has been read and every merge decided;
`--dry-run` stops before writing. A capture already ingested (same sha256) is
left alone, so running ingest twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.config import load_config
from generator.errors import Problem, excerpt
from generator.ingest.article import read_article
from generator.ingest.events import (
    ProposedEvent,
    find_actors,
    mentioned_events,
    propose_event,
    record_lines,
)
from generator.ingest.extract import WORD, Extracted
from generator.ingest.merge import Report, same_event
from generator.ingest.people import People
from generator.ingest.read import HTML_SUFFIXES, TEXT_SUFFIXES, Capture, CaptureError, read_capture
from generator.ingest.store import (
    Store,
    add_source,
    front_matter,
    remove_leftovers,
    set_field,
    unique_id,
)
from generator.model import Actor, Content, Event, load_content
from generator.parallel import worker_pool
from generator.urls import id_slug as slug
from generator.urls import web_address_problem

PARALLEL_MIN_CAPTURES = 40  # fewer are read faster by this process than by starting workers


@dataclass
class Article:
    """One capture, read, with the events it reports."""

    capture: Capture
    extracted: Extracted
    source_id: str
    proposals: list[Proposal] = field(default_factory=list)  # the main event first
    known: bool = False  # this capture was ingested before


@dataclass
class Proposal:
    """An event one article reports, and the event in the chronology it goes to."""

    article: Article
    event: ProposedEvent
    event_id: str = ""
    merged_because: str = ""


@dataclass
class Group:
    """The reports of one event; `existing` when the event is already in content/."""

    event_id: str
    proposals: list[Proposal] = field(default_factory=list)
    existing: Event | None = None
    report: Report | None = None  # what later reports are compared with: its first one


@dataclass
class IngestPlan:
    articles: list[Article] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)  # files not read, and why
    groups: dict[str, Group] = field(default_factory=dict)
    review: list[Problem] = field(default_factory=list)  # what needs a human look
    new_actors: dict[str, Actor] = field(default_factory=dict)  # people named, not yet actors
    files: dict[Path, str] = field(default_factory=dict)  # what a real run writes


def skipped(path: Path, reason: str, kind: str = "skipped") -> Problem:
    return Problem(path, None, f"skipped: {reason}", kind, "warning")


def review(path: Path, text: str | None, key: str | None, message: str,
           kind: str = "review") -> Problem:
    """A finding for a reviewer, at the line of `key` in the file's (planned) text."""
    return Problem(path, _line_of(text, key) if text and key else None, message, kind, "warning")


def _line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return number
        if number > 1 and line == "---":
            return None
    return None


def collect(paths: list[Path], own: tuple[Path, ...] = ()
            ) -> tuple[list[Path], list[Problem]]:
    """Files to read (folders expanded, sorted) and those skipped with the reason. Files
    under `own` (the project's content/, site/, themes/) are Chronicle's, not captures."""
    files: list[Path] = []
    passed: list[Problem] = []
    for path in paths:
        candidates = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for candidate in candidates:
            if candidate.name.startswith("."):
                continue
            resolved = candidate.resolve()
            if any(resolved.is_relative_to(folder) for folder in own):
                passed.append(skipped(candidate, "a file of this project's content/, site/ or "
                                      "themes/, not a capture"))
            elif candidate.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES:
                files.append(candidate)
            else:
                passed.append(skipped(candidate, f"'{candidate.suffix or candidate.name}' is not a "
                                      "capture Chronicle reads (.txt, .html, .md)"))
    return files, passed


def article_record(capture: Capture, article: Article | None = None) -> dict[str, Any]:
    """What `--dry-run --json` prints for one article."""
    extracted = article.extracted if article else read_article(capture)
    record: dict[str, Any] = {
        "file": str(capture.path),
        "title": extracted.title,
        "publisher": extracted.publisher,
        "published": extracted.published.isoformat() if extracted.published else None,
        "author": extracted.author or None,
        "body": extracted.body_text,
    }
    if article:
        record.update({
            "source_id": article.source_id,
            "publisher_basis": extracted.publisher_basis,
            "title_basis": extracted.title_basis,
            "published_basis": extracted.published_basis,
            "already_ingested": article.known,
            "events": [{
                "id": p.event_id, "title": p.event.title, "date": p.event.date.iso(),
                "circa": p.event.circa, "date_basis": p.event.date_basis,
                "actors": p.event.actors, "tags": p.event.tags, "summary": p.event.summary,
                "status": p.event.status, "merged_because": p.merged_because or None,
                "quotes": [{"text": q.text, "by": q.by or None, "line": q.line}
                           for q in p.event.quotes],
            } for p in article.proposals],
        })
    return record


def _report(event: ProposedEvent | Event, actors: dict[str, Actor]) -> Report:
    names = frozenset(word for actor_id in event.actors if actor_id in actors
                      for name in (actors[actor_id].name, *actors[actor_id].aliases)
                      for word in WORD.findall(name.casefold()))
    return Report(event.title, event.summary, event.date, list(event.actors), names)


Read = tuple[Path, Capture | str, Extracted | None]  # a capture and its article, or why not


def read_captures(files: list[Path], jobs: int) -> Iterator[Read]:
    """Each capture read and its article extracted, in order; by `jobs` forked processes when
    there are enough captures to pay for them. Extraction is most of ingest's time, and one
    capture's extraction never depends on another's."""
    pool = worker_pool(jobs) if len(files) >= PARALLEL_MIN_CAPTURES else None
    if pool is None:
        yield from map(_read_one, files)
        return
    with pool:
        yield from pool.imap(_read_one, files, chunksize=8)


def _read_one(path: Path) -> Read:
    try:
        capture = read_capture(path)
    except (CaptureError, OSError) as exc:
        return path, str(exc), None
    return path, capture, read_article(capture)


def plan_ingest(root: Path, paths: list[Path], progress: Any = None,
                jobs: int = 1) -> IngestPlan:
    """Read every capture and decide every event; write nothing.

    `progress(items, total)` may wrap the captures as they are read (a progress bar)."""
    config = load_config(root)
    content = load_content(root, config) if (root / "content").is_dir() else \
        Content(config, root, [], {}, {})
    plan = IngestPlan()
    files, plan.skipped = collect(paths, tuple((root / folder).resolve()
                                               for folder in ("content", "site", "themes")))
    # A source no event cites was written by an ingest killed before its events: its
    # capture is read again as new, under the same id.
    cited = {s for event in content.events for s in event.sources}
    known = {s.sha256: s.id for s in content.sources.values() if s.sha256 and s.id in cited}
    orphans = {s.sha256: s.id for s in content.sources.values() if s.sha256 and s.id not in cited}
    in_run: dict[str, Path] = {}  # captures first read in this run
    taken = set(content.sources)
    people = People({a.id: [a.name, *a.aliases] for a in content.actors.values()})
    known_tags = [*config.keywords, *(tag for event in content.events for tag in event.tags)]
    reads = read_captures(files, jobs)
    for path, capture, extracted in progress(reads, len(files)) if progress else reads:
        if not isinstance(capture, Capture) or extracted is None:
            plan.skipped.append(skipped(path, str(capture), "unreadable"))
            continue
        plan.review += [review(path, None, None, f"capture {note}", "capture-note")
                        for note in capture.notes]
        if not extracted.body:
            plan.skipped.append(skipped(path, "no article text found (only menus and links?)"))
            continue
        if capture.sha256 in in_run:
            plan.skipped.append(skipped(path, f"the same capture as {in_run[capture.sha256]}"))
            continue
        if capture.sha256 in known:
            article = Article(capture, extracted, known[capture.sha256], known=True)
        elif capture.sha256 in orphans:
            article = Article(capture, extracted, orphans[capture.sha256])
            in_run[capture.sha256] = path
        else:
            base = "-".join(filter(None, [
                slug(extracted.publisher, 20) if extracted.publisher != "unknown" else "",
                extracted.published.isoformat() if extracted.published else "",
                slug(extracted.title or path.stem, 50)])) or "source"
            article = Article(capture, extracted, unique_id(base, taken))
            in_run[capture.sha256] = path
        main = propose_event(extracted, content.actors, people, config.anniversaries,
                             known_tags)
        earlier = [] if article.known else \
            mentioned_events(extracted, content.actors, people, main)
        article.proposals = [Proposal(article, event) for event in [main, *earlier]]
        plan.articles.append(article)
    _people_named_elsewhere(plan, people)
    _name_people(plan, people, content)
    _merge(plan, content, {**content.actors, **plan.new_actors})
    _plan_files(plan, root)
    return plan


def _people_named_elsewhere(plan: IngestPlan, people: People) -> None:
    """A person another capture of the run introduced ('North Korean leader Kim Jong Un')
    is an actor of every report that names them, with or without a title ('North Korea's
    Kim Jong Un has wished…'), as an actor of the chronology is."""
    known = people.as_actors()
    for article in plan.articles:
        if article.known or not article.proposals:
            continue
        main = article.proposals[0].event
        named = find_actors("\n".join(record_lines(article.extracted)), known)
        main.actors += [key for key in named if key not in main.actors]


def _name_people(plan: IngestPlan, people: People, content: Content) -> None:
    """Give the people of this run their ids, once every spelling of each has been seen
    ('Kim Jong Un' three times and 'Kim Jong-un' twice: kim-jong-un, named 'Kim Jong Un')."""
    ids = people.final_ids(set(content.actors))
    found = people.as_actors()
    for article in plan.articles:
        for proposal in article.proposals if not article.known else []:
            event = proposal.event
            event.actors = [ids.get(a, a) for a in event.actors]
            for quote in event.quotes:
                quote.by = ids.get(quote.by, quote.by)
    for key, actor_id in ids.items():
        found[key].id = actor_id
        plan.new_actors[actor_id] = found[key]


def _merge(plan: IngestPlan, content: Content, actors: dict[str, Actor]) -> None:
    existing = {e.id: Group(e.id, existing=e) for e in content.events}
    citing = {s: e.id for e in content.events for s in e.sources}
    taken = {e.id for e in content.events}
    for proposal in (p for article in plan.articles for p in article.proposals):
        article, event = proposal.article, proposal.event
        if article.known:
            proposal.event_id = citing.get(article.source_id, "")
            continue
        mine = _report(event, actors)
        for group in [*plan.groups.values(), *existing.values()]:
            if group.report is None:  # a group's first report never changes: made once
                first = group.proposals[0].event if group.proposals else None
                group.report = _report(group.existing or first, actors)  # type: ignore[arg-type]
            reason = same_event(mine, group.report)
            if reason:
                proposal.event_id, proposal.merged_because = group.event_id, reason
                break
        else:
            name = slug(event.title) or "event"  # a title in another script has no ASCII
            proposal.event_id = unique_id(f"{event.date.iso().lower()}-{name}", taken)
        group = plan.groups.get(proposal.event_id) or existing.get(proposal.event_id) or \
            Group(proposal.event_id)
        plan.groups[proposal.event_id] = group
        group.proposals.append(proposal)


def _source_text(article: Article, root: Path) -> str:
    extracted, capture = article.extracted, article.capture
    try:
        original = capture.path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        original = str(capture.path.resolve())
    fields = {
        "title": extracted.title or capture.path.stem,
        "publisher": extracted.publisher,
        "published": extracted.published.isoformat() if extracted.published else None,
        "author": extracted.author or None,
        # a saved page's own address, kept only when it is one a reader may follow
        "url": url if (url := capture.metadata.get("url", "")) and not web_address_problem(url)
        else None,
        "original": original,
        "sha256": capture.sha256,
    }
    return front_matter(fields, "\n".join(record_lines(extracted)))


def _by_reason(reasons: Iterable[tuple[str, str]]) -> str:
    """'a, a-2: the same date (…); b: …': each reason once, with the sources it holds for
    (eight copies of a report would otherwise repeat it eight times)."""
    sources: dict[str, list[str]] = {}
    for source, reason in reasons:
        sources.setdefault(reason, []).append(source)
    return "; ".join(f"{', '.join(ids)}: {reason}" for reason, ids in sources.items())


def _by_lead(group: Group) -> list[Proposal]:
    """A new event's reports, the one that leads (dated, not circa) first."""
    return sorted(group.proposals, key=lambda p: (not p.event.date.year_known, p.event.circa))


def _quotes(reports: list[Proposal]) -> list[dict[str, Any]]:
    """The reports' quotes; one that several reports carry is listed once, from the first."""
    quotes: dict[str, dict[str, Any]] = {}
    for proposal in reports:
        for quote in proposal.event.quotes:
            quotes.setdefault(quote.text, {"text": quote.text,
                                           **({"by": quote.by} if quote.by else {}),
                                           "source": proposal.article.source_id,
                                           "line": quote.line})
    return list(quotes.values())


def _event_text(group: Group) -> str:
    """A new event from its reports: the dated report leads; disagreements are kept."""
    reports = _by_lead(group)
    lead = reports[0].event
    sources = list(dict.fromkeys(p.article.source_id for p in reports))
    dates = {p.event.date for p in reports if p.event.date.year_known}
    fields: dict[str, Any] = {
        "title": lead.title,
        "date": lead.date.iso(),
        "circa": True if lead.circa else None,
        "date_basis": _by_reason((p.article.source_id, p.event.date_basis) for p in reports),
        "actors": list(dict.fromkeys(x for p in reports for x in p.event.actors)),
        "tags": list(dict.fromkeys(x for p in reports for x in p.event.tags)),
        "summary": lead.summary,
        "status": "draft" if lead.status == "draft" or not lead.actors else "proposed",
        "sources": sources,
        "quotes": _quotes(reports),
        "merged_because": _by_reason((p.article.source_id, p.merged_because)
                                     for p in reports if p.merged_because) or None,
        "disputed": "the reports give different dates: "
        + ", ".join(sorted(d.iso() for d in dates)) if len(dates) > 1 else None,
    }
    citations = "".join(f"[@{source}]" for source in sources)
    return front_matter(fields, f"{lead.summary} {citations}".strip())


def _actor_text(actor: Actor) -> str:
    fields = {"name": actor.name, "aliases": actor.aliases, "kind": actor.kind,
              "status": "proposed"}
    return front_matter(fields, "Proposed by ingest from the people its sources name.")


def _plan_files(plan: IngestPlan, root: Path) -> None:
    store = Store(root)
    for article in plan.articles:
        if not article.known:
            path = root / "content/sources" / f"{article.source_id}.md"
            plan.files[path] = _source_text(article, root)
    unknown_actors = []
    for group in plan.groups.values():
        if not group.proposals:
            continue
        if group.existing is None:
            path = root / "content/events" / f"{group.event_id}.md"
            plan.files[path] = _event_text(group)
            lead = _by_lead(group)[0].event
            if lead.status != "draft" and not lead.actors:
                unknown_actors.append(path)
            continue
        path = group.existing.path
        text = path.read_text(encoding="utf-8")
        for source_id in dict.fromkeys(p.article.source_id for p in group.proposals):
            text = add_source(text, source_id)
        dated = [p for p in group.proposals if p.event.date.year_known]
        if dated and not group.existing.date.year_known:
            # A report with the year gives it to the event an earlier report could not date.
            text = set_field(text, "date", dated[0].event.date.iso())
            plan.review.append(review(path, text, "date", f"the year is now known: date "
                                      f"{dated[0].event.date.iso()} from "
                                      f"{dated[0].article.source_id} "
                                      f"({dated[0].event.date_basis})", "year-found"))
        for proposal in group.proposals:
            proposed = proposal.event
            if proposed.date.year_known and proposed.date != group.existing.date \
                    and group.existing.date.year_known:
                plan.review.append(review(
                    path, text, "date", f"date is {group.existing.date.iso()}, "
                    f"{proposal.article.source_id} suggests {proposed.date.iso()} "
                    f"({proposed.date_basis}); left as it is", "date-disagrees"))
        if store.edited_by_person(path):
            plan.review.append(review(path, text, "sources", "edited by a person; only its "
                                      "sources were extended", "edited"))
        plan.files[path] = text
    named = {a for g in plan.groups.values() for p in g.proposals for a in p.event.actors}
    for actor_id, actor in plan.new_actors.items():
        if actor_id in named:
            path, text = root / "content/actors" / f"{actor_id}.md", _actor_text(actor)
            plan.files[path] = text
            plan.review.append(review(path, text, "name", f"'{actor.name}' proposed as an "
                                      "actor: check the name and its spellings", "unreviewed"))
    for article in plan.articles:
        if article.known:
            continue
        for proposal in article.proposals:
            event = proposal.event
            group = plan.groups.get(proposal.event_id)
            dated = group is not None and any(p.event.date.year_known for p in group.proposals)
            if event.status == "draft" or not dated:
                why = "a draft" if event.status == "draft" else "not on the site until its " \
                    "year is known"
                path = group.existing.path if group and group.existing else \
                    root / "content/events" / f"{proposal.event_id}.md"
                plan.review.append(review(
                    path, plan.files.get(path), "date", f"{excerpt(event.title)} (from "
                    f"{article.source_id}) is {why} ({event.date_basis})",
                    "draft" if event.status == "draft" else "year-unknown"))
    if unknown_actors:
        one = len(unknown_actors) == 1
        first = unknown_actors[0]
        plan.review.append(review(
            first, plan.files[first], "status",
            f"{len(unknown_actors)} new {'event names' if one else 'events name'} no actor, so "
            f"{'it stays a draft' if one else 'they stay drafts'}, not on the site: list "
            f"the actors and remove 'status: draft' to publish (this is the first)", "no-actor"))


# Actors before the events that name them, sources before the events that cite them: a run
# killed between two writes never leaves an event naming an actor that has no file (a
# source no event cites yet is read again as new by the next run).
WRITE_ORDER = {"actors": 0, "sources": 1, "events": 2}


def write_plan(plan: IngestPlan, root: Path) -> list[Path]:
    """Write the planned files atomically; return those that changed."""
    remove_leftovers(root / "content")
    remove_leftovers(root / ".chronicle")
    store = Store(root)
    changed = []
    for path, text in sorted(plan.files.items(),
                             key=lambda item: WRITE_ORDER.get(item[0].parent.name, 3)):
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        store.write(path, text)
        changed.append(path)
    if changed:
        store.save_state()
    return changed
