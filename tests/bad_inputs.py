"""The corpus of hostile and broken content: each case, and exactly what it must produce.

A case is files laid over the minimal project of conftest.MINIMAL (None removes a file)
and the finding `chronicle check` and `chronicle build` must report: its kind, file and
line, and the exit status. Add a case here for every mistake a user or an attacker made
that Chronicle once handled badly.
"""

from __future__ import annotations

from dataclasses import dataclass

EVENT = "content/events/2020-01-01-first.md"
SOURCE = "content/sources/src.md"
ACTOR = "content/actors/ann.md"


@dataclass(frozen=True)
class Case:
    files: dict[str, str | None]
    kind: str
    file: str
    line: int | None
    status: int = 1  # exit status of check and build: 1 for an error, 0 for a warning


def event(*fields: str, body: str = "Body.\n") -> dict[str, str | None]:
    """The minimal event with extra front-matter lines."""
    lines = ["title: First", "date: 2020-01-01", "actors: [ann]", "sources: [src]", *fields]
    return {EVENT: "---\n" + "\n".join(lines) + "\n---\n" + body}


def source(*fields: str) -> dict[str, str | None]:
    lines = ["title: A source", "publisher: Daily", *fields]
    return {SOURCE: "---\n" + "\n".join(lines) + "\n---\nLine one\nLine two\n"}


CASES: dict[str, Case] = {
    # Paths: nothing is written outside site/.
    "alias-parent-folder": Case(event("aliases: [../../escape]"), "bad-alias", EVENT, 6),
    "alias-absolute": Case(event("aliases: [/tmp/escape]"), "bad-alias", EVENT, 6),
    "alias-nested": Case(event("aliases:", "  - ok-alias", "  - a/b"), "bad-alias", EVENT, 8),
    "alias-dot-dot": Case(event("aliases: ['..']"), "bad-alias", EVENT, 6),
    "alias-hidden": Case(event("aliases: [.hidden]"), "bad-alias", EVENT, 6),
    "alias-control-character": Case(event('aliases: ["a\\nb"]'), "bad-alias", EVENT, 6),
    "alias-own-id": Case(event("aliases: [2020-01-01-first]"), "bad-alias", EVENT, 6),
    "alias-of-another-event": Case(
        {"content/events/second.md": "---\ntitle: S\ndate: 2021\nsources: [src]\n"
                                     "aliases:\n  - x\n  - 2020-01-01-first\n---\n"},
        "url-collision", "content/events/second.md", 7),
    "id-with-newline": Case({"content/events/bad\n.md": "---\ntitle: T\ndate: 2020\n---\n"},
                            "bad-id", "content/events/bad\n.md", None),
    "id-upper-case": Case({"content/events/Bad Name.md": "---\ntitle: T\ndate: 2020\n---\n"},
                          "bad-id", "content/events/Bad Name.md", None),
    "theme-parent-folder": Case({"chronicle.yaml": "title: T\ntheme: ../../..\n"},
                                "config", "chronicle.yaml", 2),
    "theme-missing": Case({"chronicle.yaml": "title: T\ntheme: nowhere\n"},
                          "config", "chronicle.yaml", 2),
    # Links: nothing from content becomes a live script link.
    "url-javascript": Case(source("url: javascript:alert(1)"), "bad-url", SOURCE, 4),
    "url-javascript-upper-case": Case(source("url: JaVaScRiPt:alert(1)"), "bad-url", SOURCE, 4),
    "url-javascript-leading-space": Case(source('url: "  javascript:alert(1)"'), "bad-url",
                                         SOURCE, 4),
    "url-data": Case(source("url: 'data:text/html,<script>alert(1)</script>'"), "bad-url",
                     SOURCE, 4),
    "archive-url-javascript": Case(source("archive_url: javascript:alert(1)"), "bad-url",
                                   SOURCE, 4),
    "url-vbscript": Case(source("url: vbscript:msgbox(1)"), "bad-url", SOURCE, 4),
    "url-file": Case(source("url: file:///etc/passwd"), "bad-url", SOURCE, 4),
    "url-without-host": Case(source("url: https://"), "bad-url", SOURCE, 4),
    "url-relative": Case(source("url: www.example.org/a"), "bad-url", SOURCE, 4),
    "body-link-javascript": Case(event(body="Fine.\n\n[click](javascript:alert(1))\n"),
                                 "bad-url", EVENT, 9),
    "body-link-entity-javascript": Case(event(body="[x](&#106;avascript:alert(1))\n"),
                                        "bad-url", EVENT, 7),
    "body-link-upper-case-javascript": Case(event(body="[x](  JAVASCRIPT:alert(1))\n"),
                                            "bad-url", EVENT, 7),
    "body-autolink-data": Case(event(body="Line\nand <data:text/html,x>\n"), "bad-url", EVENT, 8),
    "body-image-data": Case(event(body="![x](data:text/html,x)\n"), "bad-url", EVENT, 7),
    "body-reference-link": Case(event(body="[x][r]\n\n[r]: javascript:alert(1)\n"),
                                "bad-url", EVENT, 7),
    "actor-description-link": Case(
        {ACTOR: "---\nname: Ann\n---\nAbout [her](javascript:alert(1)).\n"},
        "bad-url", ACTOR, 4),
}
