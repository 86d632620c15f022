from pathlib import Path

import pytest

from generator.config import load_config
from generator.errors import ContentErrors
from generator.frontmatter import FrontMatterError, parse_document


def test_defaults_without_a_config_file(tmp_path: Path):
    config = load_config(tmp_path)
    assert config.title == "Chronicle"
    assert config.base_path == "/"


@pytest.mark.parametrize(("base_url", "path", "absolute"), [
    ("https://user.github.io/repo", "/repo/", "https://user.github.io/repo/events/x/"),
    ("https://user.github.io/repo/", "/repo/", "https://user.github.io/repo/events/x/"),
    ("https://example.org", "/", "https://example.org/events/x/"),
    ("", "/", "/events/x/"),
])
def test_base_url_matrix(tmp_path: Path, base_url, path, absolute):
    config = load_config(tmp_path, {"base_url": base_url})
    assert config.base_path == path
    assert config.absolute("events/x/") == absolute


def test_command_line_overrides_the_file(tmp_path: Path):
    (tmp_path / "chronicle.yaml").write_text("base_url: https://a.example/\n")
    assert load_config(tmp_path, {"base_url": "https://b.example/x"}).base_url == \
        "https://b.example/x/"
    assert load_config(tmp_path, {"base_url": None}).base_url == "https://a.example/"


def test_every_config_mistake_is_reported_at_once_with_its_line(tmp_path: Path):
    (tmp_path / "chronicle.yaml").write_text(
        "title: T\nbase_ulr: https://x/\nper_page: many\nnewest_first: 'yes'\nbase_url: ftp://x\n")
    with pytest.raises(ContentErrors) as info:
        load_config(tmp_path)
    text = info.value.message
    assert "chronicle.yaml:2: error: unknown setting 'base_ulr'; did you mean 'base_url'?" in text
    assert "chronicle.yaml:3: error: 'per_page' must be int" in text
    assert "chronicle.yaml:4: error: 'newest_first' must be bool" in text
    assert "chronicle.yaml:5: error: base_url 'ftp://x/' must be a full address" in text


def test_front_matter_keeps_file_line_numbers():
    doc = parse_document(Path("e.md"), "---\ntitle: T\nactors:\n  - a\n  - b\n---\nBody\n")
    assert doc.line_of("title") == 2
    assert doc.line_of("actors", 1) == 5
    assert doc.body_line == 7 and doc.body == "Body\n"


def test_short_front_matter_values_are_one_object_however_many_files_write_them():
    """Keys, ids and names recur in every file of a large project: one object each keeps
    the plan's memory and its pickle's memo down. Prose is left as it is."""
    prose = "A summary long enough to be prose rather than a name, written once. " * 2
    one, two = (parse_document(Path(f"{n}.md"), f"---\npublisher: Outlet\nactors:\n  - kim\n"
                               f"summary: {prose}\n---\n") for n in "ab")
    assert one.meta["publisher"] is two.meta["publisher"]
    assert one.meta["actors"][0] is two.meta["actors"][0]
    keys = [next(k for k in doc.key_lines if k == "actors[0]") for doc in (one, two)]
    assert keys[0] is keys[1]
    assert one.meta["summary"] == two.meta["summary"] and \
        one.meta["summary"] is not two.meta["summary"]


def test_front_matter_handles_crlf_and_bom(tmp_path: Path):
    doc = parse_document(Path("e.md"), "---\r\ntitle: T\r\n---\r\nBody")
    assert doc.meta == {"title": "T"} and doc.body == "Body"


@pytest.mark.parametrize(("text", "line", "message"), [
    ("title: x\n", 1, "missing front matter"),
    ("---\ntitle: x\n", 1, "not closed"),
    ("---\ntitle: x\ndate: [2020\n---\n", 4, "not valid YAML"),
    ("---\n- a\n---\n", 2, "key: value"),
])
def test_front_matter_errors_name_the_line(text, line, message):
    with pytest.raises(FrontMatterError) as info:
        parse_document(Path("e.md"), text)
    assert info.value.line == line
    assert message in info.value.message


def test_right_to_left_languages_get_dir_rtl(make_project, tmp_path):
    from generator.build import build

    for language, direction in (("ar", "rtl"), ("he-IL", "rtl"), ("de", "ltr")):
        root = make_project({"chronicle.yaml": f"title: T\nlanguage: {language}\n"})
        build(root, tmp_path / language)
        html = (tmp_path / language / "index.html").read_text()
        assert f'<html lang="{language}" dir="{direction}">' in html
