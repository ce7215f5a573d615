"""The SQL functions, called the way users call them: in a query through Datasette's JSON API.
Each test imports the module it compares with, so one broken module fails only its own test."""

import json
import sqlite3

import pytest
from datasette.app import Datasette

from datasette_crosscheck import compat, sql_functions

from .fixtures import MANAGER_AB, MANAGER_GR, create_corpus


A = "The factory's senior risk manager alerted his superiors to a meeting."
B = "The plant's senior risk manager told his superiors about a meeting."
MONEY = "Lafarge is accused of paying at least €13,000,000 and $20,000 each month."


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return create_corpus(tmp_path_factory.mktemp("sql") / "corpus.db")


async def query(ds, sql, **params):
    response = await ds.client.get(compat.sql_json_path(ds, "corpus", sql, **params))
    assert response.status_code == 200, response.text
    return compat.rows_of(response.json())


@pytest.mark.asyncio
async def test_crosscheck_diff(corpus):
    from datasette_crosscheck.diff import word_diff

    ds = Datasette([corpus])
    rows = await query(ds, "select crosscheck_diff(:a, :b) as ops", a=A, b=B)
    ops = json.loads(rows[0]["ops"])
    assert ops == word_diff(A, B)
    edits = [(op["op"], op["a"], op["b"]) for op in ops if op["op"] != "equal"]
    assert ("replace", "factory's", "plant's") in edits
    assert all(B[op["b_start"]:op["b_end"]] == op["b"] for op in ops)


@pytest.mark.asyncio
async def test_crosscheck_diff_over_table_rows(corpus):
    ds = Datasette([corpus])
    sql = "select crosscheck_diff(a.text, b.text) as ops from sentences a, sentences b where a.id = :a and b.id = :b"
    rows = await query(ds, sql, a=MANAGER_GR, b=MANAGER_AB)
    ops = json.loads(rows[0]["ops"])
    assert any(op["op"] != "equal" and "bosses" in op["b"] for op in ops)


@pytest.mark.asyncio
async def test_crosscheck_score(corpus):
    from datasette_crosscheck.scoring import crosscheck_score

    ds = Datasette([corpus])
    rows = await query(
        ds, "select crosscheck_score(:a, :b) as near, crosscheck_score(:a, :c) as far, crosscheck_score(:a, :a) as same",
        a=A, b=B, c="Oil prices rose on Tuesday in Asian trading.",
    )
    row = rows[0]
    assert row["near"] == pytest.approx(crosscheck_score(A, B))
    assert 0 <= row["far"] < row["near"] <= row["same"] <= 100


@pytest.mark.asyncio
async def test_crosscheck_figures(corpus):
    from datasette_crosscheck.figures import extract_figures

    ds = Datasette([corpus])
    rows = await query(ds, "select crosscheck_figures(:text) as figures", text=MONEY)
    figures = json.loads(rows[0]["figures"])
    assert figures == [f.as_row() for f in extract_figures(MONEY)]
    money = [f for f in figures if f["kind"] == "money"]
    assert any(f["value"] == 13_000_000 and f["unit"] == "EUR" for f in money)
    assert all(MONEY[f["char_start"]:f["char_end"]] == f["text"] for f in figures)


@pytest.mark.asyncio
async def test_null_in_null_out(corpus):
    ds = Datasette([corpus])
    rows = await query(
        ds, "select crosscheck_diff(null, 'a') as d, crosscheck_score('a', null) as s, crosscheck_figures(null) as f"
    )
    assert rows == [{"d": None, "s": None, "f": None}]


def test_registered_as_deterministic_where_sqlite_allows():
    conn = sqlite3.connect(":memory:")
    sql_functions.register(conn)
    # SQLite only accepts deterministic functions in an index expression
    conn.execute("create table t (a text, b text)")
    conn.execute("create index t_diff on t (crosscheck_diff(a, b))")
    conn.execute("insert into t values ('one two', 'one three')")
    assert json.loads(conn.execute("select crosscheck_diff(a, b) from t").fetchone()[0])[1]["op"] == "replace"


def test_falls_back_without_the_deterministic_flag():
    """Old SQLite (before 3.8.3) refuses the flag: the functions are still registered."""
    registered = []

    class OldConnection:
        def create_function(self, name, arity, fn, **kwargs):
            if kwargs.get("deterministic"):
                raise sqlite3.NotSupportedError("deterministic=True requires SQLite 3.8.3 or higher")
            registered.append(name)

    sql_functions.register(OldConnection())
    assert registered == ["crosscheck_score", "crosscheck_diff", "crosscheck_figures"]
