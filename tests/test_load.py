"""Loading through the CLI the way users do, and reading the result through Datasette."""

import json
import os
import shutil
import sqlite3

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.app import Datasette
from datasette.cli import cli

from datasette_crosscheck import schema

from .conftest import SEEDS
from .commands import crosscheck as run


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("seeds") / "corpus.db"
    result = run("load", path, SEEDS, "--no-match")
    assert result.exit_code == 0, result.output
    return path


def articles_by_file(path):
    db = sqlite_utils.Database(path)
    return {os.path.basename(r["source"])[:3]: r for r in db["articles"].rows}


def test_seed_articles_metadata(seeds_db):
    articles = articles_by_file(seeds_db)
    assert set(articles) == {"000", "001", "002", "003"}
    a0, a1, a2, a3 = (articles[k] for k in ["000", "001", "002", "003"])
    assert a0["title"] == "US Finally Bombs French Factory in Syria Infamous for Funding ISIS"
    assert (a0["author"], a0["published"], a0["outlet"]) == ("Tony Cartalucci", "2019-10-17", "Global Research")
    assert a1["title"] == "French Intelligence Aided & Financed ISIS and Syrian Al Qaeda: Reports"
    assert (a1["author"], a1["outlet"]) == ("Shahid Munir", "Muslim World Journal")
    assert a2["title"].startswith("Video: French Officer Is Punished")
    assert (a2["author"], a2["published"], a2["outlet"]) == ("South Front", "2019-02-19", "Global Research")
    assert a2["original_source"] == "South Front"
    assert a3["title"] == "With US backing, France launches bombing campaign in Syria"
    assert (a3["author"], a3["published"]) == ("Nick Beams", "2015-11-16")
    assert "wsws" in a3["outlet"].lower() or "world socialist" in a3["outlet"].lower()


def test_raw_is_kept_and_text_is_clean(seeds_db):
    db = sqlite_utils.Database(seeds_db)
    for article in db["articles"].rows:
        with open(article["source"], encoding="utf-8") as fp:
            assert article["raw"] == fp.read()
        assert "](#)" not in article["text"] and "**" not in article["text"]
        assert len(article["content_hash"]) == 64


def test_sentence_offsets_point_into_the_text(seeds_db):
    db = sqlite_utils.Database(seeds_db)
    texts = {a["id"]: a["text"] for a in db["articles"].rows}
    count = 0
    for s in db["sentences"].rows:
        assert texts[s["article_id"]][s["char_start"] : s["char_end"]] == s["text"]
        count += 1
    assert count > 100


def test_broken_paragraph_is_one_sentence_and_headings_stand_alone(seeds_db):
    db = sqlite_utils.Database(seeds_db)
    [row] = db.query("select text from sentences where text like 'His call for vastly stepped-up%'")
    assert "without any regard for the consequences" in row["text"]
    kinds = {r["text"]: r["kind"] for r in db.query("select text, kind from sentences")}
    assert kinds["US Finally Bombs French Factory in Syria Infamous for Funding ISIS"] == "heading"
    assert kinds["By Tony Cartalucci"] == "byline"


def test_footers_are_flagged_not_dropped(seeds_db):
    db = sqlite_utils.Database(seeds_db)
    rows = list(db.query("select text, boilerplate from sentences where text like '%share buttons%' or text like '%Copyright%' or text like 'Disclaimer%'"))
    assert len(rows) >= 4 and all(r["boilerplate"] for r in rows)
    [payment] = db.query("select boilerplate, kind from sentences where text like 'Lafarge is accused of paying%'")
    assert payment == {"boilerplate": 0, "kind": "body"}


def test_figures_of_the_payment_sentences(seeds_db):
    db = sqlite_utils.Database(seeds_db)
    rows = {
        r["text"]: r
        for r in db.query(
            "select f.* from figures f join sentences s on s.id = f.sentence_id where s.text like '%Lafarge%' and f.kind = 'money'"
        )
    }
    at_least = next(r for t, r in rows.items() if "13,000,000" in t)
    assert (at_least["value"], at_least["unit"], at_least["low"], at_least["high"]) == (13e6, "EUR", 13e6, None)
    assert at_least["qualifier"] == "at least"
    monthly = next(r for t, r in rows.items() if "20,000" in t)
    assert (monthly["value"], monthly["unit"], monthly["period"]) == (20000, "USD", "month")
    [sentence] = db.query("select id, text from sentences where text like '%millions of Euros%'")
    [vague] = db.query("select * from figures where sentence_id = ? and kind = 'money'", [sentence["id"]])
    assert vague["unit"] == "EUR" and vague["approximate"] == 1 and vague["low"] == 1e6
    assert sentence["text"][vague["char_start"] : vague["char_end"]] == vague["text"]


def test_dates_are_not_amounts(seeds_db):
    db = sqlite_utils.Database(seeds_db)
    kinds = {r["text"]: r["kind"] for r in db.query("select text, kind from figures")}
    assert all(kinds[t] in ("date", "year") for t in kinds if t.strip() in ("2014", "2013", "2018"))
    assert not any(t.startswith("G-20") or t.startswith("15Es") for t in kinds)


def test_fts_and_indexes(seeds_db):
    db = sqlite_utils.Database(seeds_db)
    hits = list(db["sentences"].search("cement"))
    assert hits and all("cement" in h["text"].lower() for h in hits)
    indexed = {tuple(i.columns) for i in db["sentences"].indexes}
    assert ("article_id", "position") in indexed
    assert db.conn.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_reload_is_idempotent(seeds_db):
    db = sqlite_utils.Database(seeds_db)
    before = {t: db[t].count for t in ("articles", "sentences", "figures")}
    result = run("load", seeds_db, SEEDS, "--no-match")
    assert result.exit_code == 0 and "0 articles loaded" in result.output and "4 unchanged" in result.output
    assert {t: db[t].count for t in before} == before


def test_replace_updates_changed_article(tmp_path):
    folder = tmp_path / "outlet"
    folder.mkdir()
    story = folder / "story.txt"
    story.write_text("A headline\n\nThe council approved a budget of $5 million on Monday.\n", encoding="utf-8")
    db_path = tmp_path / "c.db"
    assert run("load", db_path, folder, "--no-match").exit_code == 0
    story.write_text("A headline\n\nThe council approved a budget of $7 million on Monday.\n", encoding="utf-8")
    result = run("load", db_path, folder, "--no-match")
    assert "changed:" in result.output and "--replace" in result.output
    db = sqlite_utils.Database(db_path)
    assert [r["value"] for r in db.query("select value from figures where kind = 'money'")] == [5e6]
    assert run("load", db_path, folder, "--no-match", "--replace").exit_code == 0
    assert [r["value"] for r in db.query("select value from figures where kind = 'money'")] == [7e6]
    assert db["articles"].count == 1


def test_bad_files_are_reported_and_the_rest_loads(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text("Good story\n\nThe mayor said 12 schools would close.\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "latin.txt").write_bytes("Une histoire\n\nLe président a payé 3 millions d'euros.\n".encode("latin-1"))
    (folder / "feed.jsonl").write_text('{"text": "Wire story about 4 ships.", "outlet": "Wire"}\n{broken\n', encoding="utf-8")
    db_path = tmp_path / "c.db"
    result = CliRunner().invoke(cli, ["crosscheck", "load", str(db_path), str(folder), "--no-match"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert any("empty.txt: empty file" in e for e in errors)
    assert any("binary.txt" in e and "binary" in e for e in errors)
    assert any("feed.jsonl:2: malformed JSON" in e for e in errors)
    db = sqlite_utils.Database(db_path)
    assert db["articles"].count == 3
    [latin] = db.query("select text from articles where source like '%latin.txt'")
    assert "Le président a payé 3 millions d'euros." in latin["text"]
    # a second run with the same bad files loses nothing
    CliRunner().invoke(cli, ["crosscheck", "load", str(db_path), str(folder), "--no-match"])
    assert db["articles"].count == 3


def test_outlet_option_and_front_matter(tmp_path):
    story = tmp_path / "story.md"
    story.write_text(
        "---\ntitle: Given title\nauthor: Ann Writer\ndate: 2021-05-06\nurl: https://example.org/s\nsection: Local\n---\n"
        "# Another heading\n\nBy Someone Else\n\nThe bridge cost £2.3 million to repair.\n",
        encoding="utf-8",
    )
    db_path = tmp_path / "c.db"
    assert run("load", db_path, story, "--outlet", "The Courier", "--no-match").exit_code == 0
    [article] = sqlite_utils.Database(db_path)["articles"].rows
    assert (article["title"], article["author"], article["published"]) == ("Given title", "Ann Writer", "2021-05-06")
    assert (article["outlet"], article["url"]) == ("The Courier", "https://example.org/s")
    assert json.loads(article["extra"]) == {"section": "Local"}


def test_failed_article_leaves_database_unchanged(tmp_path, monkeypatch):
    db_path = tmp_path / "c.db"
    good = tmp_path / "good.txt"
    good.write_text("Title\n\nA sentence with 3 numbers.\n", encoding="utf-8")
    assert run("load", db_path, good, "--no-match").exit_code == 0
    from datasette_crosscheck.ingest import load as load_module

    real_insert = load_module._insert_rows

    def broken_insert(conn, table, rows):
        cursor = real_insert(conn, table, rows)  # rows written, then the failure
        if table == "articles" and any("second" in row["source"] for row in rows):
            raise ValueError("disk trouble")
        return cursor

    # the batch's statement fails first, then the article alone
    monkeypatch.setattr(load_module, "_insert_rows", broken_insert)
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "first.txt").write_text("First\n\nThe first new sentence stays.\n", encoding="utf-8")
    (folder / "second.txt").write_text("Other\n\nAnother sentence.\n", encoding="utf-8")
    (folder / "third.txt").write_text("Third\n\nThe third new sentence stays too.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["crosscheck", "load", str(db_path), str(folder), "--no-match"])
    assert result.exit_code == 1 and "second.txt: disk trouble" in result.output
    db = sqlite_utils.Database(db_path)
    # the failed article left no row; the articles stored before and after it in its batch stayed
    assert sorted(os.path.basename(r["source"]) for r in db["articles"].rows) == ["first.txt", "good.txt", "third.txt"]
    assert not list(db.query("select id from sentences where text like 'Another%'"))
    assert not list(db.query("select id from sentences where article_id not in (select id from articles)"))


def test_search_index_follows_loads_and_replacements(tmp_path):
    db_path = tmp_path / "c.db"
    story = tmp_path / "story.txt"
    story.write_text("Story\n\nThe harbour reopened on Monday.\n", encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("Other\n\nThe bridge closed for repairs.\n", encoding="utf-8")
    assert run("load", db_path, story, other, "--no-match").exit_code == 0
    # replacing the last article frees the highest sentence ids; the new text must still be indexed
    other.write_text("Other\n\nThe tunnel closed for inspection.\n", encoding="utf-8")
    assert run("load", db_path, other, "--replace", "--no-match").exit_code == 0
    db = sqlite_utils.Database(db_path)

    def found(word):
        return [r["text"] for r in db.query("select s.text from sentences_fts f join sentences s on s.id = f.rowid where sentences_fts match ?", [word])]

    assert found("harbour") == ["The harbour reopened on Monday."]
    assert found("tunnel") == ["The tunnel closed for inspection."]
    assert found("bridge") == []
    db.execute("insert into sentences_fts (sentences_fts) values ('integrity-check')")


@pytest.mark.asyncio
async def test_datasette_shows_the_tables(seeds_db):
    ds = Datasette([str(seeds_db)])
    name = os.path.splitext(os.path.basename(seeds_db))[0]
    response = await ds.client.get(f"/{name}/articles.json?_shape=array&_col=outlet")
    assert response.status_code == 200
    outlets = sorted({row["outlet"] for row in response.json()})
    assert "Global Research" in outlets and "Muslim World Journal" in outlets
    response = await ds.client.get(f"/{name}/sentences?_search=Lafarge")
    assert response.status_code == 200 and "Lafarge" in response.text


def test_database_being_read_while_loading(tmp_path):
    db_path = tmp_path / "c.db"
    assert run("load", db_path, os.path.join(SEEDS, "001_9e8f311b6bcf486d.txt"), "--no-match").exit_code == 0
    reader = sqlite3.connect(db_path)
    reader.execute("begin")
    assert reader.execute("select count(*) from articles").fetchone()[0] == 1
    # a writer can commit while a reader holds a read transaction (WAL)
    assert run("load", db_path, os.path.join(SEEDS, "003_9482001acc400fb8.txt"), "--no-match").exit_code == 0
    assert reader.execute("select count(*) from articles").fetchone()[0] == 1
    reader.rollback()
    assert reader.execute("select count(*) from articles").fetchone()[0] == 2


def test_parallel_parsing_gives_the_same_database_as_serial(tmp_path):
    from datasette_crosscheck.ingest.load import MIN_PARALLEL, load_paths

    lines = []
    for n in range(MIN_PARALLEL * 2):
        text = f"Story {n}\\n\\nBy Reporter {n % 7}\\n\\nThe council of town {n} approved {n + 3} new schools at a cost of ${n + 1}.5 million on Monday."
        lines.append(json.dumps({"id": f"r{n}", "outlet": f"Outlet {n % 3}", "text": text.replace("\\n", "\n")}))
    lines.insert(40, "{broken")
    lines.append(lines[5])  # the same record again
    lines.append(lines[6].replace("approved", "rejected"))  # the same record id with other text
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines), encoding="utf-8")

    def load(workers):
        db = sqlite_utils.Database(tmp_path / f"w{workers}.db")
        report = load_paths(db, [str(feed)], workers=workers)
        tables = {
            t: [{k: v for k, v in row.items() if k != "loaded_at"} for row in db[t].rows_where(order_by="id")]
            for t in ("articles", "sentences", "figures")
        }
        return report, tables

    serial_report, serial = load(1)
    parallel_report, parallel = load(2)
    assert parallel == serial
    assert len(serial["articles"]) == MIN_PARALLEL * 2
    assert [str(e) for e in parallel_report.errors] == [str(e) for e in serial_report.errors] == [
        f"{feed}:41: malformed JSON: Expecting property name enclosed in double quotes (column 2)",
        f"{feed}#r6: appears twice in this load with different text; kept the first",
    ]
    assert parallel_report.unchanged == serial_report.unchanged == 1


def test_search_index_follows_any_writer(tmp_path):
    db = sqlite_utils.Database(tmp_path / "old.db")
    schema.ensure_schema(db)
    for name in schema.SEARCH_TRIGGERS:
        db.execute(f"drop trigger {name}")
    db["sentences"].disable_fts()
    db["sentences"].enable_fts(["text"], create_triggers=True, tokenize="porter")  # how earlier versions indexed
    schema.ensure_schema(db)
    triggers = dict(db.execute("select name, sql from sqlite_master where type = 'trigger'").fetchall())
    assert triggers == schema.SEARCH_TRIGGERS

    def found(word):
        return [r[0] for r in db.execute("select rowid from sentences_fts where sentences_fts match ?", [word])]

    db.execute("insert into sentences (id, article_id, position, text) values (1, 1, 0, 'Old text')")  # not through the loader
    assert found("old") == [1]
    db.execute("update sentences set text = 'New words' where id = 1")
    assert found("new") == [1] and found("old") == []
    with pytest.raises(RuntimeError):  # outside a transaction the trigger swap would be seen by all
        with schema.bulk_indexing(db.conn):
            pass
    with db.conn:
        db.execute("begin")
        with schema.bulk_indexing(db.conn) as first_id:
            db.execute("insert into sentences (id, article_id, position, text) values (?, 1, 1, 'Bulk row')", [first_id])
            # another connection still sees the insert trigger while the batch is written
            other = sqlite3.connect(db.conn.execute("pragma database_list").fetchone()[2])
            assert other.execute("select count(*) from sqlite_master where name = 'sentences_ai'").fetchone() == (1,)
            other.close()
    assert found("bulk") == [2]
    assert dict(db.execute("select name, sql from sqlite_master where type = 'trigger'").fetchall()) == schema.SEARCH_TRIGGERS
    db.execute("insert into sentences_fts (sentences_fts) values ('integrity-check')")


def test_indexes_deferred_rebuilds_an_empty_tables_indexes_and_rolls_back_with_its_transaction(tmp_path):
    db = sqlite_utils.Database(tmp_path / "c.db")
    schema.ensure_schema(db)

    def indexes():
        return sorted(db.execute("select name, sql from sqlite_master where type = 'index' and tbl_name = 'differences'"
                                 " and sql is not null").fetchall())

    made = indexes()
    assert len(made) == len([i for i in schema.INDEXES if i[0] == "differences"]) >= 2
    with pytest.raises(RuntimeError):  # outside a transaction other connections would see them go
        with schema.indexes_deferred(db.conn, "differences"):
            pass
    with pytest.raises(ZeroDivisionError):  # a crash midway: the indexes come back with the rollback
        with db.conn:
            db.execute("begin")
            with schema.indexes_deferred(db.conn, "differences"):
                assert indexes() == []  # an empty table's are dropped for the block
                1 / 0
    assert indexes() == made
    with db.conn:
        db.execute("begin")
        with schema.indexes_deferred(db.conn, "differences"):
            db.execute("insert into differences (match_id, statement_id, kind) values (1, 1, 'wording')")
    assert indexes() == made
    with db.conn:
        db.execute("begin")
        with schema.indexes_deferred(db.conn, "differences"):
            assert indexes() == made  # a table with rows keeps them
    assert db.execute("select id from differences indexed by idx_differences_match_id where match_id = 1").fetchall() == [(1,)]


def match_texts(db):
    """The matched pairs of sentences, whichever side has the lower id."""
    return sorted((min(a, b), max(a, b), score) for a, b, score in db.execute(
        """select sa.text, sb.text, m.score from matches m join sentences sa on sa.id = m.sentence_a
           join sentences sb on sb.id = m.sentence_b"""
    ))


def test_replace_without_matching_leaves_the_match_tables_consistent(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    db_path = tmp_path / "c.db"
    assert run("load", db_path, folder).exit_code == 0
    db = sqlite_utils.Database(db_path)
    [(changed, article_id)] = db.execute(
        "select source, id from articles where id in (select article_a from matches) order by id limit 1"
    ).fetchall()
    with open(changed, encoding="utf-8") as fp:
        text = fp.read()
    with open(changed, "w", encoding="utf-8") as fp:
        fp.write(text.replace("Lafarge", "Lafarge Holcim"))
    assert run("load", db_path, folder, "--replace", "--no-match").exit_code == 0
    # no match, statement or version of the replaced article is left, and what is left holds together
    assert db.execute("select count(*) from matches where ? in (article_a, article_b)", [article_id]).fetchone()[0] == 0
    assert db.execute("select count(*) from statement_sentences where article_id = ?", [article_id]).fetchone()[0] == 0
    assert db.execute("select count(*) from matches where statement_id is null or statement_id not in (select id from statements)").fetchone()[0] == 0
    for statement in db["statements"].rows:
        members = db.execute("select count(distinct sentence_id) from statement_sentences where statement_id = ?", [statement["id"]]).fetchone()[0]
        assert members == statement["sentence_count"] >= 2
    # the next load matches the replaced article again, as a fresh load of the files would
    result = run("load", db_path, folder)
    assert "1 articles loaded earlier are not matched yet" in result.output
    fresh = tmp_path / "fresh.db"
    assert run("load", fresh, folder).exit_code == 0
    assert match_texts(db) == match_texts(sqlite_utils.Database(fresh))


def test_a_corpus_from_before_the_pending_table_is_adopted(tmp_path):
    from datasette_crosscheck import passes

    for matched in (False, True):
        db = sqlite_utils.Database(tmp_path / f"old-{matched}.db")
        schema.ensure_schema(db)
        db["pending_passes"].drop()  # as an earlier version wrote it
        db["articles"].insert_all([{"id": 1, "outlet": "A", "text": "x"}, {"id": 2, "outlet": "B", "text": "y"}])
        if matched:
            db["matches"].insert({"id": 1, "sentence_a": 1, "sentence_b": 2, "article_a": 1, "article_b": 2, "score": 90})
        schema.ensure_schema(db)
        expected = [] if matched else [1, 2]  # never matched: both passes are left to do
        assert passes.pending(db.conn, passes.REPEATED) == passes.pending(db.conn, passes.MATCH) == expected


def test_another_program_holding_the_database_gives_a_clear_error(tmp_path):
    db_path = tmp_path / "c.db"
    story = tmp_path / "story.txt"
    story.write_text("Story\n\nThe harbour reopened on Monday.\n", encoding="utf-8")
    assert run("load", db_path, story, "--no-match").exit_code == 0
    other = sqlite3.connect(db_path)
    other.execute("begin immediate")  # another program writing, for longer than SQLite waits
    try:
        result = CliRunner().invoke(cli, ["crosscheck", "load", str(db_path), str(story), "--no-match"])
    finally:
        other.rollback()
        other.close()
    assert result.exit_code == 1
    assert "is locked by another program" in result.output and "Traceback" not in result.output
    assert not isinstance(result.exception, sqlite3.Error)


def test_a_batch_stored_at_once_writes_what_articles_stored_one_by_one_write(tmp_path, monkeypatch):
    """_store_batch writes a batch with one statement per table, and falls back to an article per
    savepoint when that fails: both write the same rows (ids included), replacements too."""
    from datasette_crosscheck.ingest import load as load_module
    from datasette_crosscheck.ingest.load import load_paths

    folder = tmp_path / "gazette"
    folder.mkdir()
    first = tmp_path / "first.txt"
    first.write_text("First\n\nThe harbour reopened on Monday.\n", encoding="utf-8")

    def tables(path):
        for n in range(6):
            (folder / f"{n}.txt").write_text(f"Story {n}\n\nThe council met for {n + 2} hours on Monday.\n\nIt voted {n} to 3.\n", encoding="utf-8")
        db = sqlite_utils.Database(path)
        load_paths(db, [str(first), str(folder)], workers=1)
        (folder / "2.txt").write_text("Story 2\n\nThe council met again, for 9 hours.\n", encoding="utf-8")
        load_paths(db, [str(folder)], workers=1, replace=True)
        return {
            table: [{k: v for k, v in row.items() if k != "loaded_at"} for row in db.query(f"select * from {table} order by rowid")]
            for table in ("articles", "sentences", "figures", "pending_passes", "sentences_fts")
        }

    at_once = tables(tmp_path / "at_once.db")
    real_store_all = load_module._store_all

    def one_at_a_time(db, batch, sentence_ids):
        if len(batch) > 1:
            raise sqlite3.OperationalError("forced: store them one by one")
        return real_store_all(db, batch, sentence_ids)

    monkeypatch.setattr(load_module, "_store_all", one_at_a_time)
    assert tables(tmp_path / "one_by_one.db") == at_once
    assert len(at_once["articles"]) == 7 and len(at_once["sentences_fts"]) == len(at_once["sentences"])
    assert any("again" in row["text"] for row in at_once["sentences"])


def test_a_repeated_sentence_is_read_once_and_written_as_if_read_anew(monkeypatch):
    """load.read_sentence keeps what it found per sentence text: articles parsed with the texts
    already seen give the rows they give when nothing is kept, as their own copies."""
    from datasette_crosscheck.ingest import load
    from datasette_crosscheck.ingest.formats import ArticleInput

    class Forgetful(dict):
        def __setitem__(self, key, value):
            pass

    text = ("Lafarge paid the group 5 mln dlrs, the firm said; sales rose 12 pct to 1.2 billion dlrs in 1986.\n\n"
            "Shr 31 cts vs 28 cts. Net 1.2 mln vs 900,000. Revs 12 mln vs 10 mln.\n\nREUTER")
    items = [ArticleInput(source=f"a{n}", format="txt", text=text, raw=text) for n in range(2)]
    monkeypatch.setattr(load, "_READ", Forgetful())
    fresh = load.parse_article(items[0])  # every sentence read anew
    monkeypatch.setattr(load, "_READ", {})
    again = [load.parse_article(item) for item in items]  # the second from what the first left
    for parsed in again:
        assert parsed.sentences == fresh.sentences and parsed.figures == fresh.figures
    assert any(parsed.figures for parsed in again) and len(load._READ) >= len(fresh.sentences) - 1
    again[0].figures[0][0]["value"] = -1  # a caller's change stays its own
    assert load.parse_article(items[1]).figures == fresh.figures
