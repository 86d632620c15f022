"""Every URL of the site is decided here, and nowhere else.

Paths are site-relative ('events/x/', '' for the home page). Pages link to each
other with relative URLs, so the same output works at a domain root, under a
GitHub Pages sub-path and from a local folder; only pages served at unknown
paths (404.html) and documents read elsewhere (feed, sitemap) use absolute ones.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from urllib.parse import quote

from markupsafe import Markup

from generator.errors import excerpt

# What a link written from content may be: a web address, or (in Markdown bodies) a mail
# address or a link within the site. javascript:, data:, vbscript:, file: and the rest are
# never links: content is untrusted, and a live link runs in the reader's browser.
WEB_ADDRESS = re.compile(r"https?://[^\s/?#\\]+[^\s\\]*", re.IGNORECASE)
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.IGNORECASE)
BODY_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_NON_WORD = re.compile(r"[^\w]+")
_NON_ID = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=65536)  # the same few tags, over and over
def slugify(text: str) -> str:
    """A URL segment for a tag: 'Nuclear Talks' -> 'nuclear-talks'.

    Accents are dropped where an ASCII letter remains; other scripts are kept
    (GitHub Pages serves them), so a Japanese tag still gets its own page.
    """
    slug = _NON_WORD.sub("-", _without_accents(text).casefold()).strip("-_")
    return slug or "tag"


def _without_accents(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c))


def id_slug(text: str, limit: int = 60) -> str:
    """A plain-ASCII part of an id ('kim-sends-greetings'): ids are file names and URLs and
    must survive every file system; cut at a word boundary after `limit` characters."""
    value = _NON_ID.sub("-", _without_accents(text).casefold()).strip("-")
    if len(value) > limit:
        value = value[:limit].rsplit("-", 1)[0]
    return value


def web_address_problem(value: str) -> str | None:
    """Why `value` is not an http(s) address a page may link to, or None when it is one."""
    if WEB_ADDRESS.fullmatch(value) and not any(ord(c) < 32 or ord(c) == 127 for c in value):
        return None
    return (f"{excerpt(value)} is not a web address: write a full http:// or https:// address "
            "(other kinds of link, such as javascript: or data:, are refused)")


def body_link_allowed(href: str) -> bool:
    """A Markdown link target that may become a live link: http(s), mailto or within the site.

    Browsers drop tabs, newlines and leading spaces or control characters before reading the
    scheme ('java\tscript:'), so they are dropped here too before it is read.
    """
    cleaned = "".join(c for c in href if ord(c) > 32 and ord(c) != 127)
    scheme = _SCHEME.match(cleaned)
    return scheme is None or scheme.group(1).lower() in BODY_LINK_SCHEMES


def paged(path: str, page: int) -> str:
    """Page `page` of a list split into pages: 'tags/x/' then 'tags/x/page/2/'."""
    return path if page == 1 else f"{path}page/{page}/"


def index_path(page: int = 1) -> str:
    return paged("", page)


def event_path(event_id: str) -> str:
    return f"events/{event_id}/"


def source_path(source_id: str) -> str:
    return f"sources/{source_id}/"


def actor_path(actor_id: str) -> str:
    return f"actors/{actor_id}/"


def tag_path(slug: str) -> str:
    return f"tags/{slug}/"


def year_path(year: int) -> str:
    return f"years/{year}/"


def month_anchor(year: int, month: int) -> str:
    """The id of a month's heading on its year page (month 0: the year, month unknown)."""
    return f"m{year:04d}-{month:02d}"


def year_anchor(year: int) -> str:
    """The id of a year's heading on the chronology."""
    return f"y{year:04d}"


def line_anchor(line: int) -> str:
    return f"L{line}"


def source_line_path(source_id: str, line: int | None) -> str:
    """A source's archived text, at the quoted line when there is one."""
    return source_path(source_id) + (f"#{line_anchor(line)}" if line else "")


# The site's section pages: the navigation links to these.
SECTIONS = {"years": "years/", "actors": "actors/", "tags": "tags/", "sources": "sources/"}
SEARCH = "search/"
EMBED = "embed/"
EXPORTS = "data/"  # the page that lists the data exports
SOCIAL_IMAGE = "social.png"  # the picture a shared link shows
YEARS_DATA_INDEX = "data/events/index.json"  # the years with events, each with its file


def year_data_path(year: int) -> str:
    """A year's events as events.json holds them."""
    return f"data/events/{year:04d}.json"


def output_file(path: str) -> str:
    """The file a page path is written to: 'events/x/' -> 'events/x/index.html'."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def relative(from_path: str, to_path: str) -> str:
    """A link from one page to another that works under any mount point."""
    return (up_to_root(from_path) + _quoted(to_path)) or "./"


def _quoted(to_path: str) -> str:
    return quote(to_path, safe="/#%")


def up_to_root(from_path: str) -> str:
    """The way from a page back to the site's root: '../' for each folder of its path."""
    return "../" * from_path.count("/")


# HTML rendered once for pages at every depth (a list's entries) holds these where a link's
# way back to the site's root goes; `for_page` puts each page's in. They contain '<', which
# escaped content never does, so only such a link can have written them.
_UP = "<\x00up\x00>"
_ROOT = "<\x00root\x00>"


def from_any_page(to_path: str) -> Markup:
    """`relative`'s link, with the way up left for `for_page` to fill in."""
    target = _quoted(to_path)
    return Markup(_UP + target if target else _ROOT)


def for_page(html: str, up: str) -> str:
    """HTML made with `from_any_page`'s links, for the page whose way up is `up`."""
    return html.replace(_UP, up).replace(_ROOT, up or "./")
