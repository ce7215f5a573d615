"""Incremental matching stays incremental: a load of new articles regroups only the statements its
matches touch, and gives the statements a full regrouping of the same matches gives."""

import shutil

import sqlite_utils

from datasette_crosscheck.match.pipeline import rebuild_statements

from .generated import write_corpus
from .commands import crosscheck_ok as run


def grouping(db):
    """Statements as what they hold, whatever their ids: members, matches, differences, aggregates."""
    members, matches, differences = {}, {}, {}
    for statement_id, sentence_id, start, end in db.execute(
        "select statement_id, sentence_id, clause_start, clause_end from statement_sentences"
    ):
        members.setdefault(statement_id, set()).add((sentence_id, start, end))
    for match_id, statement_id in db.execute("select id, statement_id from matches"):
        matches.setdefault(statement_id, set()).add(match_id)
    for statement_id, match_id, kind, a, b, verdict in db.execute(
        "select statement_id, match_id, kind, a, b, verdict from differences"
    ):
        differences.setdefault(statement_id, set()).add((match_id, kind, a, b, verdict))
    statements = set()
    for row in db.execute(
        """select id, representative_sentence_id, text, sentence_count, article_count, outlet_count, outlets, max_score,
             figure_conflict, figure_differences, wording_differences, first_published, first_outlet from statements"""
    ):
        statement_id, *fields = row
        statements.add((frozenset(members[statement_id]), frozenset(matches[statement_id]),
                        frozenset(differences.get(statement_id, ())), tuple(fields)))
    return statements


def test_an_incremental_load_regroups_only_what_its_matches_touch(tmp_path):
    north, south, east = write_corpus(tmp_path / "corpus", events=24)
    path = tmp_path / "c.db"
    run("load", path, north, south)
    db = sqlite_utils.Database(path)
    before = {row[0]: row for row in db.execute("select * from statements")}
    assert before
    run("load", path, east)
    after = {row[0]: row for row in db.execute("select * from statements")}
    # statements that no new match touches keep their ids and rows; the others are regrouped
    kept = set(before) & set(after)
    assert kept and all(after[s] == before[s] for s in kept)
    assert set(after) - set(before)  # the new outlet's matches made (or joined) statements
    assert db.execute("select count(*) from matches where statement_id is null").fetchone()[0] == 0
    east_in_statements = db.execute(
        "select count(*) from statement_sentences where outlet = 'East Herald'").fetchone()[0]
    assert east_in_statements

    # a full regrouping of the same matches gives the same statements (under other ids)
    copy = tmp_path / "full.db"
    db.conn.close()
    shutil.copy(path, copy)
    full = sqlite_utils.Database(copy)
    with full.conn:
        rebuild_statements(full)
    assert grouping(sqlite_utils.Database(path)) == grouping(full)
