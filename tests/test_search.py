"""The search index: made by Pagefind at build time, over what `search` says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_files

from generator.build import build
from generator.errors import ContentErrors
from generator.search import INDEX_FOLDER

EVENT = "---\ntitle: Summit {n}\ndate: 2020-01-0{n}\nsources: [s]\n---\nTalks.\n"
FILES = {"content/sources/s.md": "---\ntitle: Report\n---\nThe leaders met.\n",
         **{f"content/events/e{n}.md": EVENT.format(n=n) for n in (1, 2)}}


def indexed_pages(site: Path) -> int:
    entry = json.loads((site / INDEX_FOLDER / "pagefind-entry.json").read_text())
    return sum(language["page_count"] for language in entry["languages"].values())


@pytest.mark.parametrize(("scope", "pages"), [("all", 3), ("events", 2)])
def test_the_index_holds_what_search_says(tmp_path: Path, scope: str, pages: int):
    root = write_files(tmp_path / "p", {**FILES, "chronicle.yaml": f"search: {scope}\n"})
    build(root, root / "site")
    assert indexed_pages(root / "site") == pages
    assert (root / "site/search/index.html").is_file()
    assert 'role="search"' in (root / "site/index.html").read_text()


def test_search_off_writes_no_index_and_no_search_box(tmp_path: Path):
    root = write_files(tmp_path / "p", {**FILES, "chronicle.yaml": "search: false\n"})
    build(root, root / "site")
    assert not (root / "site" / INDEX_FOLDER).exists()
    assert not (root / "site/search").exists()
    assert 'role="search"' not in (root / "site/index.html").read_text()


def test_a_bad_search_setting_names_its_line(tmp_path: Path):
    root = write_files(tmp_path / "p", {**FILES, "chronicle.yaml": "title: T\nsearch: sources\n"})
    with pytest.raises(ContentErrors) as raised:
        build(root, root / "site")
    assert "chronicle.yaml:2: error: 'search' must be one of all, events, off" in str(raised.value)
