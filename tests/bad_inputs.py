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
    files: dict[str, str | bytes | None]
    kind: str
    file: str
    line: int | None
    status: int = 1  # exit status of check and build: 1 for an error, 0 for a warning
    in_build: bool = True  # build fails on it too (review findings are check's alone)


def event(*fields: str, body: str = "Body.\n") -> dict[str, str | None]:
    """The minimal event with extra front-matter lines."""
    lines = ["title: First", "date: 2020-01-01", "actors: [ann]", "sources: [src]", *fields]
    return {EVENT: "---\n" + "\n".join(lines) + "\n---\n" + body}


def raw(text: str) -> dict[str, str | None]:
    """The event file exactly as given."""
    return {EVENT: text}


def config(text: str) -> dict[str, str | None]:
    return {"chronicle.yaml": text}


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
    # YAML that cannot hurt.
    "yaml-alias-bomb": Case(raw("---\ntitle: T\ndate: 2020\na: &a [x, x]\nb: &b [*a, *a]\n"
                                "c: [*b, *b]\n---\n"), "yaml-alias", EVENT, 4),
    "yaml-alias-in-config": Case(config("title: &t T\ndescription: *t\n"), "yaml-alias",
                                 "chronicle.yaml", 1),
    "duplicate-key": Case(raw("---\ntitle: A\ndate: 2020\ntitle: B\n---\n"), "duplicate-key",
                          EVENT, 4),
    "duplicate-key-in-quote": Case(event("quotes:", "  - text: a", "    text: b"),
                                   "duplicate-key", EVENT, 8),
    "duplicate-key-in-config": Case(config("title: A\nlanguage: en\ntitle: B\n"),
                                    "duplicate-key", "chronicle.yaml", 3),
    "front-matter-too-large": Case(event("summary: " + "x" * 1_100_000), "too-large", EVENT, 2),
    "yaml-syntax": Case(raw("---\ntitle: T\ndate: 2020\nactors: [ann\n---\n"), "yaml", EVENT, 5),
    "yaml-tab-indent": Case(raw("---\ntitle: T\n\tdate: 2020\n---\n"), "yaml", EVENT, 3),
    "yaml-not-a-mapping": Case(raw("---\n- a\n- b\n---\n"), "yaml", EVENT, 2),
    "yaml-python-tag": Case(raw("---\ntitle: !!python/object:os.system ls\ndate: 2020\n---\n"),
                            "yaml", EVENT, 2),
    "missing-front-matter": Case(raw("title: T\ndate: 2020\n"), "missing-front-matter", EVENT, 1),
    "unclosed-front-matter": Case(raw("---\ntitle: T\ndate: 2020\n"), "missing-front-matter",
                                  EVENT, 1),
    "config-not-yaml": Case(config("title: [\n"), "yaml", "chronicle.yaml", 2),
    "config-not-utf8": Case({"chronicle.yaml": "title: café\n".encode("latin-1")}, "not-utf8",
                            "chronicle.yaml", None),
    # Fields.
    "title-number": Case(raw("---\ntitle: 1984\ndate: 2020\n---\n"), "not-text", EVENT, 2),
    "title-true": Case(raw("---\ntitle: yes\ndate: 2020\n---\n"), "not-text", EVENT, 2),
    "title-list": Case(raw("---\ntitle: [a, b]\ndate: 2020\n---\n"), "field", EVENT, 2),
    "title-missing": Case(raw("---\ndate: 2020\n---\n"), "missing-field", EVENT, 1),
    "title-empty": Case(raw("---\ntitle: ' '\ndate: 2020\n---\n"), "field", EVENT, 2),
    "date-missing": Case(raw("---\ntitle: T\n---\n"), "missing-field", EVENT, 1),
    "date-month-13": Case(raw("---\ntitle: T\ndate: 2020-13-01\n---\n"), "bad-date", EVENT, 3),
    "date-february-30": Case(raw("---\ntitle: T\ndate: 2021-02-29\n---\n"), "bad-date",
                             EVENT, 3),
    "date-words": Case(raw("---\ntitle: T\ndate: someday\n---\n"), "bad-date", EVENT, 3),
    "date-unknown-year-bad-day": Case(raw("---\ntitle: T\ndate: XXXX-02-30\n---\n"), "bad-date",
                                      EVENT, 3),
    "date-end-before-date": Case(event("date_end: 2019-12-31"), "bad-date", EVENT, 6),
    "date-end-on-year-unknown": Case(raw("---\ntitle: T\ndate: XXXX-10-07\n"
                                         "date_end: 2020-10-08\n---\n"), "bad-date", EVENT, 4),
    "unknown-field": Case(event("sumary: x"), "unknown-field", EVENT, 6),
    "status-unknown": Case(event("status: maybe"), "field", EVENT, 6),
    "circa-not-a-flag": Case(event("circa: perhaps"), "field", EVENT, 6),
    "actors-not-a-list": Case(event("tags: {a: b}"), "field", EVENT, 6),
    "quotes-not-a-list": Case(event("quotes: hello"), "field", EVENT, 6),
    "quote-without-text": Case(event("quotes:", "  - by: ann"), "field", EVENT, 7),
    "quote-line-zero": Case(event("quotes:", "  - text: Line one", "    source: src",
                                  "    line: 0"), "field", EVENT, 7),
    "quote-line-past-end": Case(event("quotes:", "  - text: x", "    source: src",
                                      "    line: 9"), "bad-quote-line", EVENT, 7),
    "quote-unknown-field": Case(event("quotes:", "  - text: x", "    speaker: ann"),
                                "unknown-field", EVENT, 7),
    "quote-by-unknown-actor": Case(event("quotes:", "  - text: x", "    by: bob"),
                                   "unknown-actor", EVENT, 7),
    "source-published-bad": Case(source("published: 2020-02-30"), "bad-date", SOURCE, 4),
    "source-published-year-unknown": Case(source("published: XXXX-05"), "bad-date", SOURCE, 4),
    "source-accessed-year-unknown": Case(source("accessed: XXXX"), "bad-date", SOURCE, 4),
    "date-end-year-unknown": Case(event("date_end: XXXX-01-02"), "bad-date", EVENT, 6),
    "folder-named-like-a-file": Case({"content/events/notes.md/x.md": "---\ntitle: T\n---\n"},
                                     "missing-field", "content/events/notes.md/x.md", 1),
    "deeply-nested-yaml": Case(raw("---\nx: " + "[" * 200_000 + "]" * 200_000 + "\n---\n"),
                               "too-large", EVENT, 2),  # crashed the YAML parser
    "deeply-nested-block-yaml": Case(raw("---\nx:\n" + "- " * 200_000 + "y\n---\n"),
                                     "too-large", EVENT, 3),
    "actor-name-missing": Case({ACTOR: "---\nkind: person\n---\n"}, "missing-field", ACTOR, 1),
    "actor-kind-unknown": Case({ACTOR: "---\nname: Ann\nkind: robot\n---\n"}, "field",
                               ACTOR, 3),
    "actor-status-unknown": Case({ACTOR: "---\nname: Ann\nstatus: draft\n---\n"}, "field",
                                 ACTOR, 3),
    "content-not-utf8": Case({"content/events/latin.md": "---\ntitle: Café\ndate: 2020\n---\n"
                              .encode("latin-1")}, "not-utf8", "content/events/latin.md", None),
    "hidden-file-id": Case({"content/events/.x.md": "---\ntitle: T\ndate: 2020\n---\n"},
                           "bad-id", "content/events/.x.md", None),
    "duplicate-id": Case({"content/events/2020/2020-01-01-first.md":
                          "---\ntitle: T\ndate: 2020\n---\n"}, "duplicate-id", EVENT, None),
    # References.
    "unknown-actor": Case(raw("---\ntitle: T\ndate: 2020\nactors:\n  - ann\n  - bobb\n---\n"),
                          "unknown-actor", EVENT, 6),
    "unknown-source": Case(raw("---\ntitle: T\ndate: 2020\nsources: [scr]\n---\n"),
                           "unknown-source", EVENT, 4),
    "unknown-citation": Case(event(body="Fine.\n\nSee [@nope, line 3].\n"),
                             "unknown-citation", EVENT, 9),
    "malformed-citation": Case(event(body="See [@src line three].\n"), "bad-citation", EVENT, 7),
    "citation-line-past-end": Case(event(body="See [@src, line 99].\n"), "bad-citation-line",
                                   EVENT, 7),
    # Settings and options.
    "config-unknown-setting": Case(config("title: T\ntheem: x\n"), "config", "chronicle.yaml", 2),
    "config-wrong-type": Case(config("per_page: many\n"), "config", "chronicle.yaml", 1),
    "config-per-page-zero": Case(config("per_page: 0\n"), "config", "chronicle.yaml", 1),
    "config-related-negative": Case(config("related_events: -1\n"), "config",
                                    "chronicle.yaml", 1),
    "config-base-url-not-http": Case(config("base_url: javascript:alert(1)\n"), "config",
                                     "chronicle.yaml", 1),
    "config-base-url-query": Case(config("base_url: https://x.org/?a=1\n"), "config",
                                  "chronicle.yaml", 1),
    "config-anniversary-bad-date": Case(config("anniversaries:\n  liberation: soon\n"),
                                        "config", "chronicle.yaml", 1),
    "config-keywords-not-words": Case(config("keywords: [treaty, [a]]\n"), "config",
                                      "chronicle.yaml", 1),
    "config-bool-for-int": Case(config("feed_size: true\n"), "config", "chronicle.yaml", 1),
    "theme-absolute": Case(config("title: T\ntheme: /etc\n"), "config", "chronicle.yaml", 2),
    # Review findings: warnings, exit 0; check reports them, build does not stop for them.
    "year-unknown": Case(raw("---\ntitle: T\ndate: XXXX-10-07\nsources: [src]\n---\n"),
                         "year-unknown", EVENT, 3, status=0, in_build=False),
    "proposed-event": Case(event("status: proposed"), "unreviewed", EVENT, 6, status=0,
                           in_build=False),
    "proposed-actor": Case({ACTOR: "---\nname: Ann\nstatus: proposed\n---\n"}, "unreviewed",
                           ACTOR, 1, status=0, in_build=False),
    "future-date": Case(raw("---\ntitle: T\ndate: 2999-01-01\nsources: [src]\n---\n"),
                        "future-date", EVENT, 3, status=0, in_build=False),
    "event-without-source": Case(raw("---\ntitle: T\ndate: 2020\n---\n"), "no-source", EVENT,
                                 2, status=0, in_build=False),
    "quote-not-in-source": Case(event("quotes:", "  - text: words nobody wrote", "    source: src"),
                                "quote-not-found", EVENT, 7, in_build=False),
}
