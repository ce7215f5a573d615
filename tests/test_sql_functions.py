"""The SQL functions, called the way users call them: in a query through Datasette's JSON API.
Each test imports the module it compares with, so one broken module fails only its own test."""

import json
import sqlite3

import pytest
from datasette.app import Datasette

from datasette_crosscheck import sql_functions
from tests import datasette_versions as versions

from .fixtures import MANAGER_AB, MANAGER_GR, create_corpus


A = "The factory's senior risk manager alerted his superiors to a meeting."
B = "The plant's senior risk manager told his superiors about a meeting."
MONEY = "Lafarge is accused of paying at least €13,000,000 and $20,000 each month."


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return create_corpus(tmp_path_factory.mktemp("sql") / "corpus.db")


async def query(ds, sql, **params):
    response = await ds.client.get(versions.sql_json_path(ds, "corpus", sql, **params))
    assert response.status_code == 200, response.text
    return versions.rows_of(response.json())


@pytest.mark.asyncio
async def test_crosscheck_diff(corpus):
    from datasette_crosscheck.match.diff import word_diff

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
    from datasette_crosscheck.match.scoring import crosscheck_score

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
    assert registered == ["crosscheck_score", "crosscheck_diff", "crosscheck_figures", "crosscheck_compare",
                          "crosscheck_compare"]


# ---------------------------------------------------------------------------------------------
# Limits and argument types

LIMIT = sql_functions.MAX_ARGUMENT_CHARS
# Datasette turns on sqlite3's callback tracebacks: a refused argument is also printed, as pytest notes.
printed_refusal = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
CALLS = {
    "crosscheck_score": "select crosscheck_score(:long, 'Lafarge paid the group') as v",
    "crosscheck_diff": "select crosscheck_diff('Lafarge paid the group', :long) as v",
    "crosscheck_figures": "select crosscheck_figures(:long) as v",
    "crosscheck_compare": "select crosscheck_compare('Lafarge paid the group $20,000', :long, '2014-01-01', null) as v",
}


def long_text(chars):
    sentence = "Lafarge paid the group $20,000 each month to keep the plant running. "
    return (sentence * (chars // len(sentence) + 1))[:chars]


async def query_error(ds, sql, **params):
    response = await ds.client.get(versions.sql_json_path(ds, "corpus", sql, **params))
    assert response.status_code == 400, response.text
    return response.json()["error"]


def test_limit_is_twenty_thousand_characters():
    assert LIMIT == 20_000


@printed_refusal
@pytest.mark.asyncio
@pytest.mark.parametrize("function", list(CALLS))
async def test_over_the_limit_is_refused(corpus, function):
    ds = Datasette([corpus])
    assert (await query(ds, CALLS[function], long=long_text(LIMIT)))[0]["v"] is not None  # at the limit: fine
    assert await query_error(ds, CALLS[function], long=long_text(LIMIT + 1)) == "string or blob too big"
    # a blob is measured too, before it is decoded
    blob_sql = CALLS[function].replace(":long", "zeroblob(:n)")
    assert await query_error(ds, blob_sql, n=4 * LIMIT + 1) == "string or blob too big"


@pytest.mark.parametrize("function", [f for _, _, f in sql_functions.FUNCTIONS])
def test_the_refusal_names_the_function_and_the_limit(function):
    """What the server's log shows (Datasette prints the tracebacks of SQL functions)."""
    arguments = ["x" * (LIMIT + 1)] * (2 if function.__name__ != "crosscheck_figures" else 1)
    with pytest.raises(OverflowError, match=rf"{function.__name__}: an argument of 20,001 characters; the limit is 20,000"):
        function(*arguments)


@printed_refusal
def test_over_the_limit_fails_fast():
    import time

    conn = sqlite3.connect(":memory:")
    sql_functions.register(conn)
    started = time.perf_counter()
    with pytest.raises(sqlite3.DataError, match="string or blob too big"):
        conn.execute("select crosscheck_score(?, ?)", ("word " * 200_000, "word " * 200_000)).fetchone()
    assert time.perf_counter() - started < 0.5  # 1 MB each took 21.6 s before the limit


@pytest.mark.asyncio
async def test_numbers_and_utf8_blobs_are_read_as_text(corpus):
    ds = Datasette([corpus])
    text_row, = await query(ds, "select crosscheck_figures('13000000') as f, crosscheck_score('12 apples', '12 apples') as s")
    rows = await query(
        ds,
        "select crosscheck_figures(13000000) as f, crosscheck_score(cast('12 apples' as blob), '12 apples') as s, "
        "crosscheck_diff(1.5, 'one point five') as d",
    )
    assert rows[0]["f"] == text_row["f"] and json.loads(rows[0]["f"])[0]["value"] == 13_000_000
    assert rows[0]["s"] == text_row["s"]
    assert json.loads(rows[0]["d"])[0]["a"] == "1.5"


@pytest.mark.asyncio
async def test_a_blob_that_is_not_text_gives_null(corpus):
    ds = Datasette([corpus])
    rows = await query(ds, "select crosscheck_figures(x'ff00fe') as f, crosscheck_score(x'c328', 'a') as s")
    assert rows == [{"f": None, "s": None}]
