"""The page layout is read once per article and shared by segment and metadata (layout.py)."""

import ast
from pathlib import Path

import pytest

from datasette_crosscheck.ingest import layout, load
from datasette_crosscheck.ingest.cleaning import clean
from datasette_crosscheck.ingest.formats import ArticleInput
from datasette_crosscheck.ingest.metadata import guess_metadata
from datasette_crosscheck.ingest.segment import segment

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
WIRE = "Oil Rises On Supply Worries\n\nLONDON, March 3 (Reuters) - Oil rose 2% on Tuesday. Brent hit $70.\n\nTraders said so."


def test_page_layout_names_the_header_the_kinds_and_the_wire_dateline():
    ct = clean(WIRE, "text")
    found = layout.page_layout(ct)
    assert found.roles == {0: "title"} and found.header_end == 1
    assert found.kinds[0] == "heading" and found.kinds[1] is None  # the body block is running text
    assert found.wire.group("agency") == "Reuters"


@pytest.mark.parametrize("path", SEEDS + [None])
def test_a_layout_passed_in_gives_what_segment_and_metadata_find_alone(path):
    ct = clean(path.read_text(encoding="utf-8") if path else WIRE, "md" if path else "text")
    page = layout.page_layout(ct)
    assert segment(ct, page) == segment(ct)
    assert guess_metadata(ct, page) == guess_metadata(ct)


def test_parse_article_reads_the_layout_once(monkeypatch):
    calls = []
    real = layout.header_roles
    monkeypatch.setattr(layout, "header_roles", lambda *args: calls.append(1) or real(*args))
    raw = SEEDS[0].read_text(encoding="utf-8")
    parsed = load.parse_article(ArticleInput("a.md", "md", raw, raw))
    assert parsed.article["title"].startswith("US Finally Bombs") and parsed.sentences
    assert len(calls) == 1


def imported_modules(module: str) -> set:
    """The package's modules that `module` imports, at its top or inside a function."""
    tree = ast.parse((Path(layout.__file__).parent / f"{module}.py").read_text(encoding="utf-8"))
    return {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1}


def test_the_page_modules_import_each_other_without_a_cycle():
    # segment reads the layout and the rules; metadata reads them too, never segment
    assert {"layout", "boilerplate"} <= imported_modules("segment")
    assert "segment" not in imported_modules("metadata")
    for module in ("layout", "boilerplate", "dates"):
        assert not imported_modules(module) & {"segment", "metadata"}
