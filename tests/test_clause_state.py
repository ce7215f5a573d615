"""The matcher's clause state (clause_state.py, match_incremental.py): an incremental match from the
stored state writes what the same run reading every clause writes, table for table, and keeps the
state as a full read would write it."""

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from datasette_crosscheck.match import clause_state, incremental as match_incremental
from datasette_crosscheck.match.pipeline import MatchOptions

from .generated import write_corpus
from .commands import crosscheck_ok as run, copy_database as copy

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters21578.jsonl"
MATCH_TABLES = ("matches", "statements", "statement_sentences", "differences")


def rows(path, table):
    with sqlite3.connect(path) as conn:
        return conn.execute(f"select * from [{table}] order by 1").fetchall()


def decoded_state(path):
    """Every stored clause as (sentence, start, claim, level, money, tokens, names), by strings:
    term ids are numbered in the order the state learnt them."""
    conn = sqlite3.connect(path)
    clauses, read_from, _ = clause_state.read(conn)
    terms = dict(conn.execute("select id, term from clause_terms"))
    conn.close()
    found = []
    for n, unit in enumerate(clauses.units.tolist()):
        tokens = [terms[t] for t in clauses.token_ids[clauses.token_ptr[n] : clauses.token_ptr[n + 1]].tolist()]
        names = [terms[t] for t in clauses.name_ids[clauses.name_ptr[n] : clauses.name_ptr[n + 1]].tolist()]
        found.append((*unit[:5], tuple(tokens), tuple(names), int(clauses.article[n])))
    return found, read_from.tolist()


def incremental_against_full_read(base, new_paths, tmp_path, monkeypatch):
    """Load new_paths into two copies of base: one from the stored state, one with the state
    removed (every clause read, as before the state). Returns (with state, read all, calls)."""
    with_state = copy(base, tmp_path / "with.db")
    read_all = copy(base, tmp_path / "read-all.db")
    with sqlite3.connect(read_all) as conn:
        conn.execute("delete from clause_state")
    calls = []
    original = match_incremental.new_candidates

    def recorded(*args, **kwargs):
        found = original(*args, **kwargs)
        calls.append(found)
        return found

    monkeypatch.setattr(match_incremental, "new_candidates", recorded)
    read_sentences = []
    original_read = match_incremental._read_sentences

    def read(db, options, pmap, sentence_ids):
        read_sentences.append(sorted(set(sentence_ids)))
        return original_read(db, options, pmap, sentence_ids)

    monkeypatch.setattr(match_incremental, "_read_sentences", read)
    run("load", with_state, *new_paths, "-q")
    assert len(calls) == 1  # the state was current: only the new articles and their pairs were read
    with_state_reads = list(read_sentences)
    run("load", read_all, *new_paths, "-q")
    assert len(calls) == 1  # the other copy read every clause
    return with_state, read_all, calls[0], with_state_reads


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clauses")
    north, south, east = write_corpus(folder / "corpus", events=40)
    base = folder / "base.db"
    run("load", base, north, south, "-q")
    return base, east


def test_an_incremental_match_from_the_state_writes_what_reading_every_clause_writes(generated, tmp_path, monkeypatch):
    base, east = generated
    with_state, read_all, found, reads = incremental_against_full_read(base, [east], tmp_path, monkeypatch)
    for table in MATCH_TABLES:
        assert rows(with_state, table) == rows(read_all, table), table
    assert rows(with_state, "matches") != rows(base, "matches")  # the new articles were matched
    # what was read as text: the new articles' clauses and the old clauses paired with them, not the corpus
    with sqlite3.connect(with_state) as conn:
        body = conn.execute("select count(*) from sentences where kind = 'body'").fetchone()[0]
    assert found.compared > len(found.units) and sum(map(len, reads)) < body
    # the state now holds the new articles too, clause for clause as a full read writes it
    assert decoded_state(with_state) == decoded_state(read_all)


def test_a_stale_state_is_not_used(generated, tmp_path):
    base, east = generated
    db = sqlite_utils.Database(copy(base, tmp_path / "stale.db"))
    options = MatchOptions()
    key = clause_state.key_of(options.aliases, options.include_boilerplate)
    match_incremental.scope_new_articles(db.conn, set())
    assert match_incremental.stored_clauses(db, options, key) is not None
    assert match_incremental.stored_clauses(db, options, key + "x") is None  # other aliases or code
    assert match_incremental.stored_clauses(db, MatchOptions(include_boilerplate=True),
                                            clause_state.key_of(options.aliases, True)) is None
    # a body sentence the state lacks (no longer boilerplate) is read as text; one it holds that a
    # read no longer takes (flagged since) is dropped
    article, = db.conn.execute("select article_id from sentences where kind = 'body' limit 1").fetchone()
    added = db.conn.execute("insert into sentences (article_id, position, kind, text, boilerplate) values (?, 999, 'body', 'A new line.', 0)",
                            [article]).lastrowid
    flagged, = db.conn.execute("select id from sentences where kind = 'body' and boilerplate = 0 and id != ? limit 1", [added]).fetchone()
    db.conn.execute("update sentences set boilerplate = 1 where id = ?", [flagged])
    stored = match_incremental.stored_clauses(db, options, key)
    assert stored.returned.tolist() == [added] and stored.dropped.tolist() == [flagged]
    # many sentences missing (a state of another corpus): every clause is read again
    db.conn.execute("delete from clause_article_units where article_id in (select article_id from clause_article_units limit 20)")
    assert match_incremental.stored_clauses(db, options, key) is None


@pytest.mark.skipif(not DATA.exists(), reason=f"{DATA} is absent (the real data of ../shared/data)")
def test_on_real_articles_levels_flip_and_sentences_become_boilerplate(tmp_path, monkeypatch):
    """Reuters articles, then more: the new ones flip terms' name status (old clauses' levels are
    evaluated again) and make old sentences repeated (flagged as boilerplate, dropped from the
    state); the tables are still those of reading every clause."""
    articles = [dict(json.loads(line), outlet="Reuters") for line, _ in zip(DATA.open(encoding="utf-8"), range(420))]
    old, new = tmp_path / "old.jsonl", tmp_path / "new.jsonl"
    def copies(some):  # in another outlet: to match
        return [dict(a, id=f"copy-{a['id']}", outlet="Copy Wire") for a in some]

    old.write_text("".join(json.dumps(a) + "\n" for a in articles[:300] + copies(articles[:300:10])), encoding="utf-8")
    # the new: the next articles, copies of some, and copies of a few old ones in their own outlet
    # (whose sentences now recur across its articles: boilerplate)
    repeated = [dict(a, id=f"again-{n}-{a['id']}") for n in range(4) for a in articles[:3]]
    new.write_text("".join(json.dumps(a) + "\n" for a in articles[300:] + repeated + copies(articles[300::5])), encoding="utf-8")
    base = tmp_path / "base.db"
    run("load", base, old, "-q")
    levels_before = {(s, start): level for s, start, _, level, *_ in decoded_state(base)[0]}
    with_state, read_all, _, reads = incremental_against_full_read(base, [new], tmp_path, monkeypatch)
    for table in MATCH_TABLES:
        assert rows(with_state, table) == rows(read_all, table), table
    state, read_from = decoded_state(with_state)
    assert (state, read_from) == decoded_state(read_all)
    # what the test means to exercise did happen
    assert len(reads) == 3 and reads[1]  # new clauses, re-evaluated levels, the pairs' old clauses
    levels_after = {(s, start): level for s, start, _, level, *_ in state}
    assert set(levels_before) - set(levels_after)  # clauses of sentences now boilerplate are gone
