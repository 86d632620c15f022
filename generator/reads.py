"""What a project's own templates read, recorded while they render.

Which content each page shows is a table for the default theme (site.page_inputs), checked
by the random-edit tests. A project's own template can show anything: another event's
title, every actor's name. So while a page renders, each content object its project
templates touch (an attribute, an item, a call's result) is recorded, and so is each
collection of the plan they read (`site.related`, `site.content.actors`), which stands
for everything in it. Those reads join the page's inputs: an edit to any of them renders
the page again, and nothing a custom theme shows goes stale.

Only code compiled from a project's template files records (the frame that asks tells
which file it runs): the default theme's own reads are the table's, and a site without
templates of its own pays nothing.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from hashlib import blake2b
from pathlib import Path
from typing import Any

import jinja2
import jinja2.runtime

from generator.model import Actor, Content, Event, Source
from generator.site import Site, input_key

Read = tuple[str, str]  # ('events', id) … a content file, or ('site', 'related') … a collection
CONTENT_TYPES = (Event, Source, Actor)
COLLECTIONS = (dict, list, tuple, set, frozenset)
OWNERS = {Site: "site", Content: "content"}

_reads: set[Read] | None = None  # the page being rendered's, while one is


class _Recorder:
    """Notes what code compiled from files outside `builtin` reads."""

    def __init__(self, builtin: Path) -> None:
        self.builtin = str(builtin) + "/"
        self.custom: dict[str, bool] = {}

    def asked_by_project(self, depth: int) -> bool:
        name = sys._getframe(depth + 1).f_code.co_filename
        found = self.custom.get(name)
        if found is None:
            found = self.custom[name] = name.endswith((".html", ".xml", ".txt")) \
                and not name.startswith(self.builtin)
        return found

    def note(self, reads: set[Read], owner: object, attribute: object, value: object) -> None:
        if isinstance(owner, CONTENT_TYPES):
            reads.add(input_key(owner))
        if isinstance(value, CONTENT_TYPES):
            reads.add(input_key(value))
        elif isinstance(value, COLLECTIONS):
            kind = OWNERS.get(type(owner))
            if kind is not None:
                reads.add((kind, str(attribute)))
            else:  # a list a call or an item gave: the content objects in it
                reads.update(input_key(v) for v in value if isinstance(v, CONTENT_TYPES))


def recording_environment(builtin: Path, **options: Any) -> jinja2.Environment:
    """A Jinja environment whose project templates' reads are recorded (see above)."""
    recorder = _Recorder(builtin)

    class RecordingContext(jinja2.runtime.Context):
        def call(self, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
            value = super().call(obj, *args, **kwargs)
            if _reads is not None and recorder.asked_by_project(1):
                recorder.note(_reads, None, "", value)
            return value

    class RecordingEnvironment(jinja2.Environment):
        context_class = RecordingContext

        def getattr(self, obj: Any, attribute: str) -> Any:
            value = super().getattr(obj, attribute)
            if _reads is not None and recorder.asked_by_project(1):
                recorder.note(_reads, obj, attribute, value)
            return value

        def getitem(self, obj: Any, argument: Any) -> Any:
            value = super().getitem(obj, argument)
            if _reads is not None and recorder.asked_by_project(1):
                recorder.note(_reads, obj, argument, value)
            return value

    return RecordingEnvironment(**options)


@contextmanager
def recording() -> Iterator[set[Read]]:
    """`with recording() as reads:` collects what project templates read meanwhile (and
    what a recording around it collects then too)."""
    global _reads
    outer, _reads = _reads, set()
    try:
        yield _reads
    finally:
        if outer is not None:
            outer.update(_reads)
        _reads = outer


# Where dependents (content file -> the outputs showing it) lists the outputs that read a
# collection: an edit to any file renders them again.
ANY_FILE: Read = ("site", "*")


class ReadInputs:
    """Reads as fingerprint inputs, for one plan: each object's digest (or that it is gone),
    each collection's digest of everything in it (worked out once per build)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.shapes: dict[Read, str] = {}
        self.events: dict[str, Event] | None = None

    def __call__(self, reads: tuple[Read, ...]) -> list[str]:
        return [self._text(kind, name) for kind, name in reads]

    def _text(self, kind: str, name: str) -> str:
        content = self.site.content
        if kind in OWNERS.values():
            if (kind, name) not in self.shapes:
                owner = self.site if kind == "site" else content
                self.shapes[(kind, name)] = _shape(getattr(owner, name, None))
            return f"{kind}.{name}:{self.shapes[(kind, name)]}"
        if kind == "events" and self.events is None:
            self.events = {e.id: e for e in content.events}
        folder = {"events": self.events, "sources": content.sources, "actors": content.actors}
        item = (folder.get(kind) or {}).get(name)
        return f"{kind}/{name}:{item.digest if item is not None else 'gone'}"


def dependency_keys(reads: tuple[Read, ...]) -> Iterator[Read]:
    """The dependents keys a page's reads put it under."""
    for kind, name in reads:
        yield ANY_FILE if kind in OWNERS.values() else (kind, name)


def _shape(value: object) -> str:
    hasher = blake2b(digest_size=16)
    for part in _walk(value, set()):
        hasher.update(part.encode("utf-8") + b"\0")
    return hasher.hexdigest()


def _walk(value: object, seen: set[int]) -> Iterator[str]:
    """Everything a collection holds, content objects by their digest."""
    if isinstance(value, CONTENT_TYPES):
        yield f"{value.id}@{value.digest}"
        return
    if id(value) in seen:
        yield "(again)"
        return
    if isinstance(value, dict):
        seen.add(id(value))
        for key, item in value.items():
            yield repr(key)
            yield from _walk(item, seen)
    elif isinstance(value, (list, tuple)):
        seen.add(id(value))
        for item in value:
            yield from _walk(item, seen)
    elif isinstance(value, (set, frozenset)):
        yield from sorted(repr(item) for item in value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        seen.add(id(value))
        for item in dataclasses.fields(value):
            yield item.name
            yield from _walk(getattr(value, item.name), seen)
    else:
        yield repr(value)
