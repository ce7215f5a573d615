"""Evidence from the rest of the two articles (anchors.py): a conflict between two clauses whose articles
give the event different times of day is likely two events, and match.py writes it as `different measure`."""

import json

import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

from datasette_crosscheck.anchors import article_doubt, clock_times

QUAKE_A = ("A small earthquake shook the valley towns on Sunday morning, waking many residents.\n\n"
           "The earthquake struck at about 9:30 a.m. and had a depth of 2.7 miles, according to the Geological Survey.\n\n"
           "No damage was reported in the valley towns.")
QUAKE_B = ("A small earthquake shook the valley towns early on Sunday, waking many residents.\n\n"
           "The quake was recorded at {time} near the old fault line.\n\n"
           "The earthquake had a depth of 1.2 miles, according to the Geological Survey.\n\n"
           "No damage was reported in the valley towns.")


def test_clock_times_read_news_and_tokenised_spellings():
    assert clock_times("It struck at 9:27 a.m. Sunday and again at 2 : 09 a. m., then at 10.30pm.") == [567, 129, 1350]
    assert clock_times("It rose 9.30 points; the vote was 12:30.") == []  # no a.m./p.m.: not a time of day
    assert clock_times("at 12:15 a.m. and 12:15 p.m.") == [15, 735]


def test_article_doubt_needs_a_time_the_other_article_never_gives():
    clause_a = "The earthquake struck at about 9:30 a.m. and had a depth of 2.7 miles."
    clause_b = "The earthquake had a depth of 1.2 miles."
    doubt = article_doubt(clause_a, clause_b, QUAKE_A, QUAKE_B.format(time="2:09 a.m."))
    assert doubt and "9:30 a.m." in doubt and "2:09 a.m." in doubt
    # the other article gives a time near it (9:32), or none at all: nothing says two events
    assert article_doubt(clause_a, clause_b, QUAKE_A, QUAKE_B.format(time="9:32 a.m.")) is None
    assert article_doubt(clause_a, clause_b, QUAKE_A, QUAKE_B.format(time="dawn")) is None
    # neither clause dates its event: the articles' times are about other things
    assert article_doubt("The quake had a depth of 2.7 miles.", clause_b, QUAKE_A, QUAKE_B.format(time="2:09 a.m.")) is None


def _figure_rows(tmp_path, time):
    path = tmp_path / "in.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for outlet, text in (("Wire A", QUAKE_A), ("Wire B", QUAKE_B.format(time=time))):
            f.write(json.dumps({"outlet": outlet, "title": "Quake shakes the valley", "text": text}) + "\n")
    db_path = tmp_path / "c.db"
    result = CliRunner().invoke(cli, ["crosscheck", "load", str(db_path), str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(db_path)
    rows = list(db.query("select verdict, a, b, detail, statement_id from differences where kind = 'figure'"))
    conflicts = db.execute("select coalesce(sum(figure_conflict), 0) from statements").fetchone()[0]
    return rows, conflicts


def test_match_writes_a_conflict_its_articles_doubt_as_different_facts(tmp_path):
    rows, conflicts = _figure_rows(tmp_path, "2:09 a.m.")
    [row] = rows
    assert (row["verdict"], row["a"], row["b"]) == ("different measure", "2.7 miles", "1.2 miles")
    detail = json.loads(row["detail"])
    assert detail["reason"] == "different facts" and "2:09 a.m." in detail["note"]
    assert conflicts == 0  # the statement no longer counts it as a conflict


def test_match_keeps_a_conflict_whose_articles_agree_on_the_time(tmp_path):
    rows, conflicts = _figure_rows(tmp_path, "9:32 a.m.")
    [row] = rows
    assert (row["verdict"], row["a"], row["b"]) == ("conflict", "2.7 miles", "1.2 miles")
    assert conflicts == 1
