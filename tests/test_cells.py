"""Datasette's own table views of the match tables (render_cell, label columns, statements.verdict),
through Datasette's client on the demo corpus loaded from seeds/ with the real command."""

import html
import json
import re
import shutil
import sqlite3

import pytest
from click.testing import CliRunner
from datasette.app import Datasette
from datasette.cli import cli

from datasette_crosscheck.schema import ensure_schema
from datasette_crosscheck.web.cells import LABEL_CHARS, difference_summary, shorten
from tests import datasette_versions as versions

from .conftest import SEEDS
from .client import get_html

HOSTILE = "<script>alert(1)</script> and <img src=x onerror=alert(2)>"


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cells") / "corpus.db"
    result = CliRunner().invoke(cli, ["crosscheck", "load", str(path), SEEDS, "--quiet"])
    assert result.exit_code == 0, result.output
    return str(path)


@pytest.fixture(scope="module")
def hostile_db(seeds_db, tmp_path_factory):
    """The seeds with markup in a matched sentence and in a difference's note."""
    path = str(tmp_path_factory.mktemp("hostile") / "corpus.db")
    shutil.copy(seeds_db, path)
    conn = sqlite3.connect(path)
    with conn:
        sentence = conn.execute("select sentence_a from matches order by id limit 1").fetchone()[0]
        conn.execute("update sentences set text = ? where id = ?", [HOSTILE + " " * 3 + "x" * 200, sentence])
        row_id, detail = conn.execute("select id, detail from differences where kind = 'figure' limit 1").fetchone()
        conn.execute("update differences set detail = ? where id = ?",
                     [json.dumps(dict(json.loads(detail), note=HOSTILE)), row_id])
    conn.close()
    return path


def query(path, sql, params=()):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def cells(page: str, column: str) -> list:
    return re.findall(rf'<td class="col-{column} type-[a-z]+">(.*?)</td>', page, re.S)


@pytest.mark.asyncio
async def test_differences_detail_reads_as_a_sentence_with_the_json_folded(seeds_db):
    page = await get_html(Datasette([seeds_db]), "/corpus/differences")
    [(note, stored)] = query(seeds_db, "select json_extract(detail, '$.note'), detail from differences "
                                       "where verdict = 'compatible'")
    folded_cells = [re.match(r'<details class="crosscheck-detail"><summary>(.*?)</summary><pre[^>]*>(.*)</pre>', c, re.S)
                    for c in cells(page, "detail")]
    assert all(folded_cells)
    [(summary, folded)] = [m.groups() for m in folded_cells if html.unescape(m.group(1)) == note]
    assert html.unescape(summary) == note
    assert json.loads(html.unescape(folded)) == json.loads(stored)  # every key still there
    # wording rows say what the edit did
    assert any("only version b has these words" in c for c in cells(page, "detail"))


@pytest.mark.asyncio
async def test_keys_are_labelled_not_one_one(seeds_db):
    ds = Datasette([seeds_db])
    differences = await get_html(ds, "/corpus/differences")
    assert not re.search(r">(\d+)</a>&nbsp;<em>\1</em>", differences)  # Datasette's "1 1" for a key without label
    assert '<a href="/corpus/matches/1">match 1</a>' in differences
    [(figure_id, figure_text)] = query(seeds_db, "select id, text from figures where text = 'at least €13,000,000'")
    assert f'<bdi>{figure_text}</bdi></a>&nbsp;<em>{figure_id}</em>' in differences
    matches = await get_html(ds, "/corpus/matches")
    [(sentence_id, text)] = query(seeds_db, "select s.id, s.text from matches m join sentences s on s.id = m.sentence_a "
                                            "where length(s.text) > ? order by m.id limit 1", [LABEL_CHARS])
    [cell] = [c for c in cells(matches, "sentence_a") if f"/corpus/sentences/{sentence_id}\"" in c]
    shown = html.unescape(re.search(r"<bdi>(.*?)</bdi>", cell).group(1))
    assert shown.endswith("…") and len(shown) <= LABEL_CHARS and text.startswith(shown[:-1])
    assert html.unescape(re.search(r'title="(.*?)"', cell).group(1)) == " ".join(text.split())
    [(title,)] = query(seeds_db, "select title from articles where id = 1")  # not 1.0a's pick, articles.source
    assert html.escape(title) in "".join(cells(matches, "article_a"))
    # a statement_id is labelled and still links to the crosscheck page
    statements = "".join(cells(differences, "statement_id"))
    assert 'href="/corpus/-/crosscheck/1" title="Cross-check statement 1">cross-check</a>' in statements
    assert "the company had paid terrorists" in statements


@pytest.mark.asyncio
async def test_json_api_keeps_the_stored_values(seeds_db):
    rows = versions.rows_of((await Datasette([seeds_db]).client.get("/corpus/differences.json?_shape=objects")).json())
    stored = dict(query(seeds_db, "select id, detail from differences"))
    assert {r["id"]: r["detail"] for r in rows} == stored
    assert all(isinstance(r["match_id"], int) for r in rows)


@pytest.mark.asyncio
async def test_untrusted_text_is_escaped(hostile_db):
    ds = Datasette([hostile_db])
    for path in ["/corpus/matches", "/corpus/differences", "/corpus/statements"]:
        page = await get_html(ds, path)
        assert "<script>alert" not in page and "<img src=x" not in page, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in await get_html(ds, "/corpus/matches")
    assert "&lt;img src=x onerror=alert(2)&gt;" in await get_html(ds, "/corpus/differences")


@pytest.mark.asyncio
async def test_the_users_label_column_wins(seeds_db):
    config = {"databases": {"corpus": {"tables": {"sentences": {"label_column": "kind"}}}}}
    page = await get_html(Datasette([seeds_db], **versions.instance_kwargs(config)), "/corpus/matches")
    assert all("<bdi>body</bdi>" in c for c in cells(page, "sentence_a"))


@pytest.mark.asyncio
async def test_other_databases_are_left_alone(tmp_path):
    path = str(tmp_path / "other.db")
    conn = sqlite3.connect(path)
    conn.execute("create table differences (id integer primary key, detail text, match_id integer)")
    conn.execute("""insert into differences values (1, '{"note": "not ours"}', 1)""")
    conn.commit()
    conn.close()
    page = await get_html(Datasette([path]), "/other/differences")
    assert "crosscheck-detail" not in page and "{&#34;note&#34;: &#34;not ours&#34;}" in page


@pytest.mark.asyncio
async def test_statements_have_a_verdict_to_facet_on(seeds_db):
    data = (await Datasette([seeds_db]).client.get("/corpus/statements.json?_facet=verdict&_shape=objects")).json()
    facets = data["facet_results"]
    facet = facets["results"]["verdict"] if "results" in facets else facets["verdict"]
    counts = {item["value"]: item["count"] for item in facet["results"]}
    expected = dict(query(seeds_db, "select verdict, count(*) from statements where verdict is not null group by verdict"))
    assert counts == expected and "compatible" in counts
    # the worst figure verdict of each statement's differences
    for statement_id, verdict in query(seeds_db, "select id, verdict from statements"):
        found = {v for (v,) in query(seeds_db, "select verdict from differences where statement_id = ? and kind = 'figure'",
                                     [statement_id])}
        worst = next((v for v in ("conflict", "different measure", "missing", "compatible") if v in found), None)
        assert verdict == worst


def test_an_older_database_gets_its_statement_verdicts(seeds_db, tmp_path):
    path = str(tmp_path / "old.db")
    shutil.copy(seeds_db, path)
    before = query(path, "select id, verdict from statements order by id")
    conn = sqlite3.connect(path)
    conn.execute("alter table statements drop column verdict")
    conn.close()
    import sqlite_utils

    ensure_schema(sqlite_utils.Database(path))
    assert query(path, "select id, verdict from statements order by id") == before


def test_summaries_in_words():
    assert difference_summary("figure", "conflict", {"reason": "disjoint", "note": "no value fits both"}) == "no value fits both"
    assert difference_summary("figure", "conflict", {"reason": "disjoint"}) == "disjoint"
    assert difference_summary("wording", "delete", {"a_start": 0}) == "only version a has these words"
    assert difference_summary("wording", "replace", {"numeric": True}) == "worded differently, numbers among them"
    assert difference_summary("name", "replace", {"alias": True}) == "the same name, written another way"
    assert shorten("one two three four", 12) == "one two…"
    assert shorten("short", 12) == "short"


@pytest.mark.asyncio
async def test_the_demo_metadata_facets_on_verdicts(seeds_db):
    import os

    import yaml

    from .conftest import ROOT

    with open(os.path.join(ROOT, "metadata.yml"), encoding="utf-8") as fp:
        ds = Datasette([seeds_db], metadata=yaml.safe_load(fp))  # 1.0a moves the table settings to config
    page = await get_html(ds, "/corpus/statements")
    assert 'id="facet-verdict" data-column="verdict"' in page
    data = (await ds.client.get("/corpus/differences.json?_extra=facet_results")).json()
    results = data["facet_results"].get("results", data["facet_results"])
    assert {"kind", "verdict"} <= set(results)


@pytest.mark.asyncio
async def test_a_database_loaded_while_datasette_runs_gets_labels_from_its_next_page(tmp_path):
    path = str(tmp_path / "late.db")
    sqlite3.connect(path).close()
    ds = Datasette([path])
    await ds.invoke_startup()  # nothing to label yet
    assert CliRunner().invoke(cli, ["crosscheck", "load", path, SEEDS, "--quiet"]).exit_code == 0
    first = await get_html(ds, "/late/matches")
    assert not re.search(r">(\d+)</a>&nbsp;<em>\1</em>", first)  # never "13 13", even before the labels
    assert all("<bdi>" in c for c in cells(await get_html(ds, "/late/matches"), "sentence_a"))
