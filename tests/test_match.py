"""Matching end to end: the seeds through the CLI and SQL, incremental loads, options, and the
orchestration's own rules."""

import json
import os

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

from datasette_crosscheck import schema
from datasette_crosscheck.match.pipeline import MatchOptions, Unit, best_pair_per_sentences, keep_pairs

from .conftest import SEEDS
from .commands import crosscheck as run


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("match") / "corpus.db"
    result = run("load", path, SEEDS)
    assert result.exit_code == 0, result.output
    assert "statements across outlets" in result.output
    return sqlite_utils.Database(path)


def matched_pairs(db):
    return list(
        db.query(
            """select m.*, substr(sa.text, m.a_start + 1, m.a_end - m.a_start) as clause_a,
                 substr(sb.text, m.b_start + 1, m.b_end - m.b_start) as clause_b,
                 aa.outlet as outlet_a, ab.outlet as outlet_b, sa.boilerplate as boiler_a, sb.boilerplate as boiler_b
               from matches m join sentences sa on sa.id = m.sentence_a join sentences sb on sb.id = m.sentence_b
               join articles aa on aa.id = m.article_a join articles ab on ab.id = m.article_b"""
        )
    )


def payment_statement(db):
    [row] = db.query(
        """select distinct ss.statement_id from statement_sentences ss join sentences s on s.id = ss.sentence_id
           where s.text like 'Lafarge is accused of paying at least%'"""
    )
    return row["statement_id"]


def test_payment_statements_of_two_outlets_form_one_statement(seeds_db):
    statement = payment_statement(seeds_db)
    members = [r["text"] for r in seeds_db.query(
        "select s.text from statement_sentences ss join sentences s on s.id = ss.sentence_id where ss.statement_id = ?",
        [statement],
    )]
    assert any("millions of Euros in protection money" in t for t in members)
    # one version per article: Muslim World Journal's best, not its other payment sentences too
    assert len(members) == 2 and not any("$20,000" in t for t in members)
    [row] = seeds_db.query("select outlet_count, outlets from statements where id = ?", [statement])
    assert row["outlet_count"] == 2
    assert sorted(json.loads(row["outlets"])) == ["Global Research", "Muslim World Journal"]


def test_payment_figure_differences(seeds_db):
    statement = payment_statement(seeds_db)
    rows = list(seeds_db.query(
        "select a, b, verdict, detail from differences where statement_id = ? and kind = 'figure'", [statement]
    ))
    verdicts = {(r["a"], r["b"]): r["verdict"] for r in rows}
    assert verdicts[("millions of Euros", "at least €13,000,000")] == "compatible"
    # compatible figures can both be true: the disagreements view leaves them out
    view = list(seeds_db.query("select verdict from figure_disagreements where statement_id = ?", [statement]))
    assert "compatible" not in {r["verdict"] for r in view}


def test_cement_statements_match(seeds_db):
    pairs = matched_pairs(seeds_db)
    assert any("sold cement to Isis" in p["clause_a"] and "sold cement to all armed groups" in p["clause_b"] for p in pairs)


def test_cement_factory_statements_match(seeds_db):
    pairs = matched_pairs(seeds_db)
    assert any(
        "to keep a factory open in war-torn Syria" in p["clause_a"] + p["clause_b"]
        and "cement factory in war-torn Syria" in p["clause_a"] + p["clause_b"]
        and {p["outlet_a"], p["outlet_b"]} == {"Global Research", "Muslim World Journal"}
        for p in pairs
    )


def test_no_false_link_between_selling_cement_and_leaving_syria(seeds_db):
    pairs = matched_pairs(seeds_db)
    assert not any(
        "sold cement to Isis" in p["clause_a"] + p["clause_b"] and "only left Syria" in p["clause_a"] + p["clause_b"]
        for p in pairs
    )


def test_no_boilerplate_and_only_cross_outlet_matches(seeds_db):
    pairs = matched_pairs(seeds_db)
    assert pairs
    for pair in pairs:
        assert pair["boiler_a"] == 0 and pair["boiler_b"] == 0
        assert pair["outlet_a"] != pair["outlet_b"]
        assert pair["sentence_a"] != pair["sentence_b"]
        assert pair["statement_id"] is not None
        assert 0 <= pair["score"] <= 100 and pair["lexical"] is not None and pair["rare_terms"] is not None
    texts = " ".join(p["clause_a"] + p["clause_b"] for p in pairs)
    for footer in ("share buttons", "Copyright", "Disclaimer", "newsletter", "Global Research Articles"):
        assert footer not in texts


def test_statement_aggregates_agree_with_members(seeds_db):
    for statement in seeds_db["statements"].rows:
        members = list(seeds_db.query(
            "select ss.*, a.published from statement_sentences ss join articles a on a.id = ss.article_id where statement_id = ?",
            [statement["id"]],
        ))
        assert statement["sentence_count"] == len({m["sentence_id"] for m in members})
        assert statement["outlet_count"] == len({m["outlet"] for m in members})
        dates = sorted(m["published"] for m in members if m["published"])
        assert statement["first_published"] == (dates[0] if dates else None)
        [rep] = seeds_db.query("select text from sentences where id = ?", [statement["representative_sentence_id"]])
        assert statement["text"] in rep["text"]


def test_views_answer(seeds_db):
    assert list(seeds_db.query("select * from widely_reported_statements"))
    assert list(seeds_db.query("select * from wording_changes where outlet_a != outlet_b"))
    timeline = list(seeds_db.query("select * from statement_timeline where statement_id = ?", [payment_statement(seeds_db)]))
    assert [t["outlet"] for t in timeline if t["rank"] == 1] == ["Global Research"]
    unmatched = list(seeds_db.query("select * from unmatched_sentences where outlet = 'wsws.org'"))
    assert unmatched and all(u["text"] for u in unmatched)


def test_match_command_is_repeatable(seeds_db):
    before = [(p["sentence_a"], p["sentence_b"], p["score"]) for p in matched_pairs(seeds_db)]
    result = run("match", seeds_db.conn.execute("pragma database_list").fetchone()[2])
    assert result.exit_code == 0, result.output
    assert [(p["sentence_a"], p["sentence_b"], p["score"]) for p in matched_pairs(seeds_db)] == before


def test_incremental_load_keeps_old_matches_and_adds_new(tmp_path):
    db_path = tmp_path / "c.db"
    first = [os.path.join(SEEDS, name) for name in ("000_e9640fbf2f763e16.txt", "001_9e8f311b6bcf486d.txt")]
    assert run("load", db_path, *first).exit_code == 0
    db = sqlite_utils.Database(db_path)
    old = {(m["id"], m["sentence_a"], m["sentence_b"]) for m in db["matches"].rows}
    assert old
    copy = tmp_path / "copy.txt"
    with open(first[1], encoding="utf-8") as fp:
        copy.write_text(fp.read().replace("Muslim World Journal", "Daily Copy"), encoding="utf-8")
    result = run("load", db_path, copy, "--outlet", "Daily Copy")
    assert result.exit_code == 0, result.output
    after = {(m["id"], m["sentence_a"], m["sentence_b"]) for m in db["matches"].rows}
    assert old < after  # old matches keep their ids; the copy adds its own
    [new_article] = db.query("select id from articles where outlet = 'Daily Copy'")
    added = [m for m in db["matches"].rows if (m["id"], m["sentence_a"], m["sentence_b"]) not in old]
    assert added and all(new_article["id"] in (m["article_a"], m["article_b"]) for m in added)
    payment = payment_statement_outlets(db)
    assert "Daily Copy" in payment


def test_a_match_runs_without_the_collector_and_makes_no_reference_cycles(tmp_path, monkeypatch):
    """match_database pauses the cyclic collector (parallel.collector_paused): that is only safe while
    refcounting frees all it makes, in a full match and in an incremental one (one worker: the
    differences are worked out in this process too)."""
    import gc

    from datasette_crosscheck.match import pipeline as match

    db_path = tmp_path / "c.db"
    names = sorted(os.listdir(SEEDS))
    assert run("load", db_path, "--no-match", *[os.path.join(SEEDS, n) for n in names[:3]]).exit_code == 0
    collector_on, matching = [], match._match

    def watched(*args):
        collector_on.append(gc.isenabled())
        return matching(*args)

    monkeypatch.setattr(match, "_match", watched)
    for step in ("full", "incremental"):
        db = sqlite_utils.Database(db_path)
        new = None
        if step == "incremental":
            before = {r["id"] for r in db["articles"].rows}
            assert run("load", db_path, "--no-match", os.path.join(SEEDS, names[3])).exit_code == 0
            new = [r["id"] for r in db["articles"].rows if r["id"] not in before]
        collector_on.clear()
        match.match_database(db, MatchOptions(workers=1), new_articles=new)
        assert collector_on == [False] and gc.isenabled()  # off for the match, on again after
        gc.collect()
        gc.disable()
        try:
            match.match_database(db, MatchOptions(workers=1), new_articles=new)  # the same run again
            assert gc.collect() == 0  # nothing unreachable that only the collector could free
        finally:
            gc.enable()
        assert db["matches"].count and db["differences"].count


def payment_statement_outlets(db):
    rows = db.query(
        """select st.outlets from statements st join statement_sentences ss on ss.statement_id = st.id
           join sentences s on s.id = ss.sentence_id where s.text like 'Lafarge is accused of paying at least%'"""
    )
    return {o for r in rows for o in json.loads(r["outlets"])}


def test_any_articles_and_threshold_options(tmp_path):
    folder = tmp_path / "one-outlet"
    folder.mkdir()
    body = "The city council approved repairs of the Riverside bridge and 12 schools on Monday."
    (folder / "a.txt").write_text(f"First\n\n{body}\n", encoding="utf-8")
    (folder / "b.txt").write_text(f"Second\n\n{body.replace('Monday', 'Tuesday')}\n", encoding="utf-8")
    db_path = tmp_path / "c.db"
    assert run("load", db_path, folder).exit_code == 0
    db = sqlite_utils.Database(db_path)
    assert db["matches"].count == 0  # one outlet: nothing to cross-check by default
    assert run("match", db_path, "--any-articles").exit_code == 0
    assert db["matches"].count == 1
    [diff] = db.query("select a, b, verdict from differences where kind = 'wording'")
    assert (diff["a"], diff["b"], diff["verdict"]) == ("Monday", "Tuesday", "replace")
    assert run("match", db_path, "--any-articles", "--threshold", "100").exit_code == 0
    assert db["matches"].count == 0


def test_aliases_file_and_date_window(tmp_path):
    a = tmp_path / "a.md"
    b = tmp_path / "b.md"
    a.write_text("---\noutlet: One\ndate: 2020-01-01\n---\nA\n\nThe Zorblat Corporation closed its Ostrava factory after a strike by workers.\n", encoding="utf-8")
    b.write_text("---\noutlet: Two\ndate: 2020-03-01\n---\nB\n\nZCorp closed its Ostrava factory after a strike by workers.\n", encoding="utf-8")
    aliases = tmp_path / "aliases.txt"
    aliases.write_text("zorblat | zorblat corporation | zcorp\n", encoding="utf-8")
    db_path = tmp_path / "c.db"
    assert run("load", db_path, a, b, "--no-match").exit_code == 0
    db = sqlite_utils.Database(db_path)
    assert run("match", db_path, "--aliases", aliases).exit_code == 0
    [row] = db.query("select m.score, d.kind, d.detail from matches m join differences d on d.match_id = m.id where d.kind != 'figure'")
    assert row["kind"] == "name" and json.loads(row["detail"])["alias"] is True
    assert run("match", db_path, "--aliases", aliases, "--date-window", "30").exit_code == 0
    assert db["matches"].count == 0  # published 60 days apart


def test_match_needs_a_corpus(tmp_path):
    db_path = tmp_path / "empty.db"
    sqlite_utils.Database(db_path)["other"].insert({"x": 1})
    result = CliRunner().invoke(cli, ["crosscheck", "match", str(db_path)])
    assert result.exit_code != 0 and "crosscheck load" in result.output


def unit(sentence_id, article_id, outlet, text="x", figures=(), published=None):
    return Unit(sentence_id, article_id, outlet, published, 0, len(text), text, list(figures), True)


def test_keep_pairs_rules():
    import numpy as np

    options = MatchOptions(date_window=10)
    units = [
        unit(1, 1, "One", published="2020-01-01"),
        unit(2, 2, "Two", published="2020-01-09"),
        unit(3, 1, "One"),
        unit(4, 3, "Two", published="2020-02-01"),
        unit(5, 4, "Two"),
        unit(6, 5, "Two", published="not a date"),
    ]
    pairs = np.array([(0, 1), (0, 2), (0, 3), (0, 4), (0, 5)])
    # same article out; too far apart out; no (readable) date: the window cannot say
    assert keep_pairs(units, pairs, options, None).tolist() == [True, False, False, True, True]
    assert keep_pairs(units, pairs, MatchOptions(), None).tolist() == [True, False, True, True, True]
    assert keep_pairs(units, pairs[:1], options, new_articles={9}).tolist() == [False]  # both old
    assert keep_pairs(units, pairs[:1], options, new_articles={2}).tolist() == [True]


def test_one_match_per_sentence_pair_keeps_best_clause():
    import numpy as np

    from datasette_crosscheck.match.scoring import Scores

    money = {"kind": "money", "char_start": 0, "char_end": 1}
    units = [unit(1, 1, "A"), unit(1, 1, "A"), unit(2, 2, "B"), unit(3, 1, "A", figures=[money]), unit(4, 2, "B", figures=[money])]
    pairs = np.array([(0, 2), (1, 2), (3, 4)])
    score = np.array([60.0, 70.0, 56.0])
    scores = Scores(score, score, score, np.array([np.nan, np.nan, 80.0]))
    options = MatchOptions(threshold=55)
    chosen = best_pair_per_sentences(units, pairs, scores, np.array([False, False, True]), options)
    rows = [chosen.row(n) for n in range(len(chosen))]
    assert [(units[r["a"]].sentence_id, units[r["b"]].sentence_id, r["score"]) for r in rows] == [(1, 2, 70.0), (3, 4, 56.0)]
    assert rows[1]["method"] == "figure-anchor" and rows[1]["figure_agreement"] == 80.0
    assert rows[0]["method"] == "sentence" and rows[0]["figure_agreement"] is None
    # one bar for every pair: the figures are evidence inside the score
    chosen = best_pair_per_sentences(units, pairs, scores, np.zeros(3, bool), MatchOptions(threshold=65))
    assert len(chosen) == 1 and chosen.row(0)["score"] == 70.0
    # a tie keeps the first pair; sides are ordered by sentence id whatever the pair's order
    tie = Scores(np.array([70.0, 70.0]), np.array([1.0, 2.0]), np.array([70.0, 70.0]), np.array([np.nan, np.nan]))
    chosen = best_pair_per_sentences(units, np.array([(2, 0), (1, 2)]), tie, np.zeros(2, bool), options)
    assert len(chosen) == 1 and chosen.row(0)["lexical"] == 1.0 and (chosen.row(0)["a"], chosen.row(0)["b"]) == (0, 2)


def test_template_lines_without_a_claim_are_not_matched(tmp_path):
    a = tmp_path / "a.jsonl"
    a.write_text(
        '{"outlet": "Wire A", "text": "Revs 337.3 mln vs 315.2 mln\\n\\nThe mayor of Springfield opened the new river bridge on Monday."}\n'
        '{"outlet": "Wire B", "text": "Revs 10.6 mln vs 24.2 mln\\n\\nThe mayor of Springfield opened the new river bridge on Tuesday."}\n',
        encoding="utf-8",
    )
    db_path = tmp_path / "c.db"
    assert run("load", db_path, a).exit_code == 0
    db = sqlite_utils.Database(db_path)
    texts = [r["text"] for r in db.query("select sa.text from matches m join sentences sa on sa.id = m.sentence_a")]
    assert texts == ["The mayor of Springfield opened the new river bridge on Monday."]


def test_states_a_claim():
    from datasette_crosscheck.match.pipeline import CLAIM, NO_CLAIM, SHORT_CLAIM, states_a_claim
    from datasette_crosscheck.textnorm import analyse

    def check(text, figures=()):
        tokens, names = analyse(text)
        return states_a_claim(tokens, list(figures), names)

    revs = "Revs 337.3 mln vs 315.2 mln"
    figures = [{"kind": "money", "char_start": a, "char_end": b, "text": revs[a:b]} for a, b in ((5, 14), (18, 27))]
    assert check(revs, figures) == SHORT_CLAIM  # compared only within its story, as a near copy
    assert check(revs) == CLAIM  # without figures known, its numbers count as words
    assert check("Lafarge sold cement to Isis.") == CLAIM
    assert check("He said so.") == NO_CLAIM


def test_matching_on_several_processes_gives_what_one_gives(tmp_path, monkeypatch):
    from datasette_crosscheck.match import pipeline as match_module

    path = tmp_path / "c.db"
    assert run("load", path, SEEDS, "--no-match").exit_code == 0
    original = match_module.ranges  # small parts, so that the seeds are shared out over both processes
    monkeypatch.setattr(match_module, "ranges", lambda total, parts, most: original(total, parts, 5))

    def tables():
        db = sqlite_utils.Database(path)
        found = {
            table: [tuple(row) for row in db.execute(f"select * from {table} order by 1, 2, 3")]
            for table in ("matches", "differences", "statements", "statement_sentences", "stories")
        }
        found["story_id"] = [tuple(row) for row in db.execute("select id, story_id from articles order by id")]
        return found

    assert run("match", path, "--workers", "2", "-q").exit_code == 0  # the stories made on a worker
    parallel = tables()
    assert run("match", path, "--workers", "1", "-q").exit_code == 0
    assert parallel["matches"] and parallel["differences"] and parallel["stories"]
    assert parallel == tables()


def test_every_match_belongs_to_a_statement_with_one_version_per_article(tmp_path):
    from datasette_crosscheck import schema
    from datasette_crosscheck.match.pipeline import rebuild_statements

    db = sqlite_utils.Database(tmp_path / "c.db")
    schema.ensure_schema(db)
    # 55 outlets state one claim (more than any cap on a statement's size), article 1 twice over
    db["articles"].insert_all([{"id": n, "outlet": f"Outlet {n}", "text": "x"} for n in range(1, 56)])
    sentences = [{"id": n, "article_id": n, "position": 0, "text": f"claim {n}", "kind": "body", "boilerplate": 0} for n in range(1, 56)]
    sentences.append({"id": 100, "article_id": 1, "position": 1, "text": "claim again", "kind": "body", "boilerplate": 0})
    db["sentences"].insert_all(sentences)
    article = {s["id"]: s["article_id"] for s in sentences}
    ids = sorted(article)
    pairs = [(a, b) for k, a in enumerate(ids) for b in ids[k + 1:] if article[a] != article[b]]
    db["matches"].insert_all([
        {"id": n, "sentence_a": a, "sentence_b": b, "article_a": article[a], "article_b": article[b],
         "score": 90.0 if a != 100 and b != 100 else 70.0, "a_start": 0, "a_end": 5, "b_start": 0, "b_end": 5}
        for n, (a, b) in enumerate(pairs, 1)
    ])
    with db.conn:
        assert rebuild_statements(db) == 1
    assert db.execute("select count(*) from matches where statement_id is null").fetchone()[0] == 0
    assert db.execute("select count(*) from matches").fetchone()[0] == 55 * 54 // 2  # sentence 100's matches are gone
    [(versions, articles)] = db.execute("select count(*), count(distinct article_id) from statement_sentences").fetchall()
    assert versions == articles == 55
    assert db.execute("select count(*) from differences where match_id not in (select id from matches)").fetchone()[0] == 0


def test_generated_corpus_statements_hold_one_version_per_article(tmp_path):
    from .generated import write_corpus

    paths = write_corpus(tmp_path / "corpus")
    assert run("load", tmp_path / "c.db", *paths, "--workers", "1", "-q").exit_code == 0
    db = sqlite_utils.Database(tmp_path / "c.db")
    assert db["statements"].count > 20
    assert db.execute("select count(*) from matches where statement_id is null").fetchone()[0] == 0
    [(most,)] = db.execute("select max(n) from (select count(*) n from statement_sentences group by statement_id, article_id)").fetchall()
    assert most == 1
    [(most,)] = db.execute("select max(n) from (select count(*) n from statement_sentences group by statement_id, sentence_id)").fetchall()
    assert most == 1


def test_a_full_match_writes_what_writing_every_match_then_rebuilding_the_statements_writes(tmp_path, monkeypatch):
    """A full run groups the statements in memory and inserts only the matches they keep
    (build_statements); the simple path inserts every match, then groups them from the table and
    deletes those in no statement (rebuild_statements). Every match table comes out the same."""
    from datasette_crosscheck.match import pipeline as match_module
    from .generated import write_corpus

    path = tmp_path / "c.db"
    assert run("load", path, SEEDS, *write_corpus(tmp_path / "corpus", events=12), "--no-match", "-q").exit_code == 0

    def match_tables():
        db = sqlite_utils.Database(path)
        return {table: list(db.execute(f"select * from [{table}] order by 1, 2, 3")) for table in schema.MATCH_TABLES}

    assert run("match", path, "--workers", "1", "-q").exit_code == 0
    built = match_tables()

    def write_then_rebuild(db, handed, first_id, differences):
        match_module.write_matches(db, *handed.pop(), first_id)
        written.append(db["matches"].count)
        return match_module.rebuild_statements(db, differences=differences)

    written = []
    monkeypatch.setattr(match_module, "build_statements", write_then_rebuild)
    assert run("match", path, "--workers", "1", "-q").exit_code == 0
    assert written and written[0] > len(built["matches"]) > 50  # the simple path wrote matches it then deleted
    assert match_tables() == built
    assert len(built["differences"]) > 50 and all(row[-1] is not None for row in built["matches"])  # statement_id


def test_a_full_match_frees_the_rows_parts_once_the_kept_matches_are_inserted(tmp_path, monkeypatch):
    """What a match's row holds beside its clauses (MatchParts: 25 bytes a match) is not kept while the
    differences are written: at a million sentences that is when the workers' memory peaks."""
    import weakref

    from datasette_crosscheck.match import pipeline as match_module

    path = tmp_path / "c.db"
    assert run("load", path, SEEDS, "--no-match", "-q").exit_code == 0
    parts_of, write_differences, lexical, alive = match_module.MatchParts.of, match_module.write_differences, [], []

    def of(rows):
        parts = parts_of(rows)
        lexical.append(weakref.ref(parts.lexical))
        return parts

    def write(db, first_id, begun):
        alive.append(lexical[0]() is not None)
        return write_differences(db, first_id, begun)

    monkeypatch.setattr(match_module.MatchParts, "of", of)
    monkeypatch.setattr(match_module, "write_differences", write)
    assert run("match", path, "--workers", "1", "-q").exit_code == 0
    assert alive == [False] and sqlite_utils.Database(path)["matches"].count > 0


def test_a_sentence_found_repeated_later_loses_its_matches(tmp_path):
    repeated = "Readers can support the Valley Gazette with a monthly donation to its newsroom fund."
    a1, a2, b = tmp_path / "a1.txt", tmp_path / "a2.txt", tmp_path / "b.txt"
    a1.write_text(f"Bridge news\n\nThe Kestrel bridge will reopen to traffic on Monday after three years of repairs.\n\n{repeated}\n", encoding="utf-8")
    b.write_text(f"Bridge reopens\n\nThe Kestrel bridge reopens to traffic on Monday after three years of repair work.\n\n{repeated.replace('Valley', 'Valley Gazette, the')}\n", encoding="utf-8")
    a2.write_text(f"Council news\n\nThe Linden council approved a new library for the Marsh district on Friday.\n\n{repeated}\n", encoding="utf-8")
    db_path = tmp_path / "c.db"
    assert run("load", db_path, a1, "--outlet", "Valley Gazette").exit_code == 0
    assert run("load", db_path, b, "--outlet", "Hill Times").exit_code == 0
    db = sqlite_utils.Database(db_path)
    assert any("donation" in pair[0] for pair in matched_texts(db))  # not boilerplate yet: matched
    assert run("load", db_path, a2, "--outlet", "Valley Gazette").exit_code == 0
    assert not any("donation" in pair[0] or "donation" in pair[1] for pair in matched_texts(db))
    assert db.execute("select count(*) from statement_sentences ss join sentences s on s.id = ss.sentence_id where s.boilerplate = 1").fetchone()[0] == 0
    assert any("bridge" in pair[0] for pair in matched_texts(db))


def matched_texts(db):
    return [tuple(row) for row in db.execute(
        "select sa.text, sb.text from matches m join sentences sa on sa.id = m.sentence_a join sentences sb on sb.id = m.sentence_b"
    )]


def test_forgetting_an_article_regroups_only_its_statements(tmp_path):
    from datasette_crosscheck import passes, schema
    from datasette_crosscheck.match.pipeline import forget_articles, rebuild_statements

    db = sqlite_utils.Database(tmp_path / "c.db")
    schema.ensure_schema(db)
    db["articles"].insert_all([{"id": n, "outlet": f"Outlet {n}", "text": "x"} for n in range(1, 6)])
    # statement of sentences 1, 2, 3 (articles 1-3); statement of sentences 4, 5 (articles 4, 5)
    db["sentences"].insert_all([{"id": n, "article_id": n, "position": 0, "text": f"claim {n}", "kind": "body"} for n in range(1, 6)])
    pairs = [(1, 2), (1, 3), (2, 3), (4, 5)]
    db["matches"].insert_all([
        {"id": n, "sentence_a": a, "sentence_b": b, "article_a": a, "article_b": b, "score": 90.0,
         "a_start": 0, "a_end": 5, "b_start": 0, "b_end": 5} for n, (a, b) in enumerate(pairs, 1)
    ])
    with db.conn:
        rebuild_statements(db)
    before = db.execute("select * from statements where id = 2").fetchall()
    with db.conn:
        forget_articles(db, [1])
    assert db.execute("select * from statements where id = 2").fetchall() == before  # untouched
    [(statement, count)] = db.execute("select id, sentence_count from statements where id != 2").fetchall()
    assert statement == 3 and count == 2  # regrouped from what it had left, numbered after the others
    assert sorted(db.execute("select statement_id, sentence_id from statement_sentences").fetchall()) == [(2, 4), (2, 5), (3, 2), (3, 3)]
    assert db.execute("select count(*) from matches where statement_id is null").fetchone()[0] == 0
    assert passes.pending(db.conn, passes.MATCH) == [1]


def test_differences_worked_out_by_statement_are_each_matchs_by_statement_then_match(tmp_path, monkeypatch):
    """write_differences sends the work out a statement at a time and writes the rows as they
    come; what it writes is what match_differences gives for each match, taken one by one by
    statement, then match id (a statement's rows in id order are its matches' in id order).
    Statements written in small batches are those written at once."""
    from datasette_crosscheck.match import pipeline as match_module
    from .generated import write_corpus

    path = tmp_path / "c.db"
    assert run("load", path, *write_corpus(tmp_path / "corpus", events=12), "--no-match", "-q").exit_code == 0

    def statement_tables():
        db = sqlite_utils.Database(path)
        return [list(db.execute(f"select rowid, * from {table} order by rowid")) for table in ("statements", "statement_sentences")]

    assert run("match", path, "--workers", "1", "-q").exit_code == 0
    at_once = statement_tables()
    original = match_module.ranges  # small shares, over both processes
    monkeypatch.setattr(match_module, "ranges", lambda total, parts, most: original(total, parts, 3))
    monkeypatch.setattr(match_module, "STATEMENT_BATCH", 2)
    assert run("match", path, "--workers", "2", "-q").exit_code == 0
    assert statement_tables() == at_once
    db = sqlite_utils.Database(path)
    options = MatchOptions()
    units = {(u.sentence_id, u.start): u for u in match_module.read_units(db, options)}
    expected = []
    kept = "select id, sentence_a, a_start, sentence_b, b_start from matches where statement_id is not null order by statement_id, id"
    for match_id, sa, a_start, sb, b_start in db.execute(kept):
        for d in match_module.match_differences(units[(sa, a_start)], units[(sb, b_start)], options.aliases):
            expected.append((match_id, d["kind"], d.get("a"), d.get("b"), d["verdict"], d.get("figure_a"), d.get("figure_b"),
                             json.dumps(d.get("detail") or {}, ensure_ascii=False)))
    written = list(db.execute("select match_id, kind, a, b, verdict, figure_a, figure_b, detail from differences order by id"))
    in_statement_order = db.execute("select id from matches order by statement_id, id").fetchall()
    assert in_statement_order != sorted(in_statement_order)  # the statements' order is not the ids'
    assert len(expected) > 50 and written == expected


def test_statement_parts_never_split_a_statement():
    from datasette_crosscheck.match.pipeline import statement_parts

    statements = [1, 1, 1, 2, 3, 3, 4, 4, 4, 4, 4, 5]
    parts = statement_parts(statements, 4, 2)
    assert [statements[p.start:p.stop] for p in parts] == [[1, 1, 1], [2, 3, 3], [4, 4, 4, 4, 4], [5]]
    assert statement_parts([], 4, 2) == []


def test_every_clause_pair_lets_each_clause_be_one_statement():
    # six outlets print one sentence of two clauses; each pair of sentences agrees on both clauses,
    # its best pair being the first clauses for some pairs and the second for others
    import numpy as np

    from datasette_crosscheck.match.clusters import cluster
    from datasette_crosscheck.match.scoring import Scores

    units = []
    for n in range(6):
        units += [Unit(n, n, f"Outlet {n}", None, 0, 10, "first", [], False),
                  Unit(n, n, f"Outlet {n}", None, 11, 20, "second", [], False)]
    pairs, score = [], []
    for a in range(6):
        for b in range(a + 1, 6):
            first_best = b == a + 1  # a chain: three of its links can make no statement of six
            pairs += [(2 * a, 2 * b), (2 * a + 1, 2 * b + 1)]
            score += [90.0, 80.0] if first_best else [80.0, 90.0]
    pairs, score = np.array(pairs), np.array(score)
    scores = Scores(score, score, score, np.full(len(score), np.nan))
    options = MatchOptions(threshold=55)
    anchored = np.zeros(len(pairs), bool)
    best = best_pair_per_sentences(units, pairs, scores, anchored, options)
    every = best_pair_per_sentences(units, pairs, scores, anchored, options, every_clause_pair=True)
    assert len(best) == 15 and len(every) == 30
    # each pair of sentences' best pair comes first, as the one match it would have alone
    assert [(every.a[n], every.b[n]) for n in range(0, 30, 2)] == [(best.a[n], best.b[n]) for n in range(15)]

    def sentence_pairs_in_statements(chosen):
        node = lambda k: (units[k].sentence_id, units[k].start)
        links = [(node(int(a)), node(int(b)), float(s)) for a, b, s in zip(chosen.a, chosen.b, chosen.score)]
        statement_of = {member: n for n, members in enumerate(cluster(links, group_of=lambda m: m[0])) for member in members}
        return {(a[0], b[0]) for a, b, _ in links if a in statement_of and statement_of[a] == statement_of.get(b)}

    # one link per pair of sentences: the first clauses' links do not make one statement of six,
    # and the pairs linked across its pieces would be dropped
    assert len(sentence_pairs_in_statements(best)) < 15
    # every pair of clauses: each pair of sentences keeps a match inside a statement
    assert len(sentence_pairs_in_statements(every)) == 15


def test_representatives_from_arrays_are_the_clusters_representatives():
    """rebuild_statements picks each statement's shown clause from arrays of its matches: the same
    member clusters.representative picks from the links inside it, ties (to the smallest) included."""
    import numpy as np

    from datasette_crosscheck.match.clusters import cluster, representative
    from datasette_crosscheck.match.pipeline import CLAUSE_SPAN, StatementLinks, _representatives
    from tests.test_clusters import random_clause_links

    for seed in range(5):
        pairs, article = random_clause_links(seed)
        groups = cluster(pairs, group_of=article.get)
        expected = [representative(members, [p for p in pairs if p[0] in members and p[1] in members]) for members in groups]
        nodes = sorted({node for a, b, _ in pairs for node in (a, b)})
        number = {node: k for k, node in enumerate(nodes)}
        keys = np.array([s * CLAUSE_SPAN + c for s, c in nodes], dtype=np.int64)
        links = StatementLinks(keys, np.zeros(len(nodes), np.int64), np.zeros(len(nodes), np.int64), np.arange(len(pairs)),
                               np.array([number[a] for a, _, _ in pairs]), np.array([number[b] for _, b, _ in pairs]),
                               np.array([s for _, _, s in pairs]))
        statement = np.full(len(nodes), -1, dtype=np.int64)
        for n, members in enumerate(groups, 7):
            statement[[number[m] for m in members]] = n
        shown = _representatives(links, statement, 7, len(groups))
        assert [nodes[k] for k in shown.tolist()] == expected
        assert len(groups) > 1


def test_scoring_in_slices_and_keeping_the_passing_pairs_changes_no_score(seeds_db, monkeypatch):
    """score_found scores SCORE_SLICE pairs at a time: slices of 7 pairs give every pair the scores
    one slice gives it; passing_only keeps exactly the pairs at or above the threshold."""
    import numpy as np

    from datasette_crosscheck.match import pipeline as match, stories

    db, options = seeds_db, MatchOptions()
    units = match.read_units(db, options)
    context = stories.assign_stories(db, options.aliases, map, recompute=False)
    whole = match.scored_candidates(units, options, None, context)
    monkeypatch.setattr(match, "SCORE_SLICE", 7)
    sliced = match.scored_candidates(units, options, None, context)
    passing = match.scored_candidates(units, options, None, context, passing_only=True)
    assert len(whole.pairs) > 7 and whole.candidates == sliced.candidates == passing.candidates == len(whole.pairs)
    assert np.array_equal(whole.pairs, sliced.pairs) and np.array_equal(whole.anchored, sliced.anchored)
    for part, other in zip(whole.scores, sliced.scores):
        assert np.array_equal(part, other, equal_nan=True)
    keep = whole.scores.score >= options.threshold
    assert 0 < keep.sum() < len(keep)
    assert np.array_equal(passing.pairs, whole.pairs[keep])
    for part, other in zip(whole.scores, passing.scores):
        assert np.array_equal(part[keep], other, equal_nan=True)


def test_figures_read_for_the_matcher_are_plain_dicts_of_the_figures_rows(seeds_db):
    """read_units' figures share their keys (a million sentences' figures must fit in memory) but
    are dicts equal to the rows of the figures table."""
    from datasette_crosscheck.match.pipeline import FIGURE_COLUMNS, _figures_by_sentence

    figures = _figures_by_sentence(seeds_db, "and s.boilerplate = 0")
    columns = [c.strip() for c in FIGURE_COLUMNS.split(",")]
    rows = {row[0]: dict(zip(columns, row)) for row in seeds_db.execute(f"select {FIGURE_COLUMNS} from figures")}
    found = [f for listed in figures.values() for f in listed]
    assert found and all(type(f) is dict and f == rows[f["id"]] for f in found)
    assert all(list(f) == columns for f in found)
