"""The analysis stored by load (analysis.py, sentences.analysis): what match reads back is what it
would compute, and matching from it writes exactly what matching without it writes."""

import sqlite_utils

from datasette_crosscheck import analysis
from datasette_crosscheck.match.pipeline import MatchOptions, read_units
from datasette_crosscheck.textnorm import load_aliases

from .conftest import SEEDS
from .commands import crosscheck_ok as run

GOLDEN_DIGEST = "ef036bb78125d37e"  # of the seeds' analyses at analysis.VERSION 1
MATCH_TABLES = ("matches", "differences", "statements", "statement_sentences", "stories")


def tables(db, names=MATCH_TABLES):
    return {table: [tuple(row) for row in db.execute(f"select * from [{table}] order by 1, 2, 3")] for table in names}


def sentence_figures(db, sentence_id):
    return [dict(row) for row in db.query("select * from figures where sentence_id = ?", [sentence_id])]


def test_load_stores_what_analyse_sentence_computes(tmp_path):
    path = tmp_path / "c.db"
    run("load", path, SEEDS, "--no-match")
    db = sqlite_utils.Database(path)
    rows = list(db.query("select id, kind, text, analysis from sentences"))
    analysed = [r for r in rows if r["kind"] in analysis.ANALYSED_KINDS]
    assert analysed and all(r["analysis"] for r in analysed)
    assert all(r["analysis"] is None for r in rows if r["kind"] not in analysis.ANALYSED_KINDS)
    several = 0
    for row in analysed:
        expected = analysis.analyse_sentence(row["text"], sentence_figures(db, row["id"]))
        assert analysis.decode(row["analysis"]) == expected, row["text"]
        several += len(expected.clauses) > 1
    assert several  # the seeds have sentences of several clauses, stored with their own tokens


def test_a_stored_analysis_is_used_only_with_the_aliases_it_was_made_with():
    aliases = load_aliases(extra={"Lafarge Holcim": "lafarge"})
    text = "Lafarge Holcim paid the group millions of euros, and the factory stayed open until 2014."
    value = analysis.encode(analysis.analyse_sentence(text, []))
    assert analysis.decode(value) == analysis.analyse_sentence(text, [])
    assert analysis.decode(value, load_aliases()) is not None  # the same aliases, in another dict
    assert analysis.decode(value, aliases) is None  # other aliases: analysed again
    assert analysis.decode(None) is None and analysis.decode('["0:old",""," ",[]]') is None


def test_matching_from_stored_analyses_writes_what_analysing_on_the_fly_writes(tmp_path):
    path = tmp_path / "c.db"
    run("load", path, SEEDS)
    db = sqlite_utils.Database(path)
    stored = tables(db)
    assert stored["matches"] and stored["differences"] and stored["statements"]
    analyses = dict(db.execute("select id, analysis from sentences"))
    with db.conn:  # as in a database written before the column existed
        db.conn.execute("update sentences set analysis = null")
    run("match", path, "-q")
    assert tables(db) == stored
    assert dict(db.execute("select id, analysis from sentences")) == analyses  # stored once more, for the next run
    with db.conn:  # analyses made by another version of the code
        db.conn.execute("update sentences set analysis = '[\"0:old\",\"\",\"\",[[0,1,0]]]' where kind = 'body'")
    run("match", path, "-q")
    assert tables(db) == stored
    assert dict(db.execute("select id, analysis from sentences")) == analyses


def test_the_analysis_version_is_bumped_when_the_analysis_changes():
    """Stored analyses are trusted by their key (analysis.VERSION and the aliases): a change to what
    textnorm or the claim rules give must bump VERSION, or old databases would keep stale ones.
    When this fails after such a change, bump analysis.VERSION and record the new digest here."""
    import hashlib
    import os

    texts = []
    for name in sorted(os.listdir(SEEDS)):
        with open(os.path.join(SEEDS, name), encoding="utf-8") as fp:
            texts.extend(line.strip() for line in fp if line.strip())
    # the encoded analyses without their key (which holds the aliases: a change there changes the key itself)
    encoded = "\n".join(analysis.encode(analysis.analyse_sentence(text, [])).split(",", 1)[1] for text in texts)
    assert analysis.VERSION == 1
    assert hashlib.sha256(encoded.encode("utf-8")).hexdigest()[:16] == GOLDEN_DIGEST


def test_read_units_on_a_database_without_the_column(tmp_path):
    path = tmp_path / "c.db"
    run("load", path, SEEDS, "--no-match")
    db = sqlite_utils.Database(path)
    options = MatchOptions()
    with_column = read_units(db, options)
    db["sentences"].transform(drop={"analysis"})
    assert "analysis" not in db["sentences"].columns_dict
    assert read_units(db, options) == with_column


def test_read_units_mixes_stored_and_fresh_analyses_in_sentence_order(tmp_path):
    path = tmp_path / "c.db"
    run("load", path, SEEDS, "--no-match")
    db = sqlite_utils.Database(path)
    options = MatchOptions()
    stored = read_units(db, options)
    assert len({u.sentence_id for u in stored}) < len(stored)  # some sentences hold several clauses
    ids = [row[0] for row in db.execute("select id from sentences where kind = 'body' order by id")]
    with db.conn:  # every third analysis gone, every third made with other aliases: both analysed afresh
        db.conn.executemany("update sentences set analysis = null where id = ?", [(i,) for i in ids[::3]])
        db.conn.executemany("update sentences set analysis = '[\"0:stale\"' || substr(analysis, 2) where id = ?",
                            [(i,) for i in ids[1::3]])
    assert read_units(db, options) == stored


def test_pieces_analyse_what_analyse_gives_for_every_span():
    from datasette_crosscheck.textnorm import Pieces, analyse

    texts = [
        "Lafarge's U.S. unit paid ISIS $5,000,000 -- the firm said; but also the U.N. agreed, and WHO did too.",
        "Le président Pérez a dit que l'usine a payé €13,000,000 à l'État islamique.",  # not ASCII: analysed as cut
        "THE US AND IS SAID", "Daesh, also called Islamic State, seized the Lafarge Cement Factory.",
    ]
    for text in texts:
        pieces = Pieces(text)
        for start in range(len(text) + 1):
            for end in range(start, min(len(text), start + 40) + 1):
                assert pieces.analyse(start, end) == analyse(text[start:end]), (text, start, end)
        assert pieces.analyse() == analyse(text)


def test_decode_terms_gives_the_whole_sentences_terms():
    text = "Lafarge paid the group millions of euros; the factory, near Kobani, stayed open until 2014."
    value = analysis.encode(analysis.analyse_sentence(text, []))
    full = analysis.decode(value)
    assert len(full.clauses) > 1
    assert analysis.decode_terms(value) == (list(full.tokens), full.names)
    assert analysis.decode_terms(value, load_aliases(extra={"Kobani": "ayn al-arab"})) is None


def test_a_sentence_too_long_to_match_is_not_analysed_ahead():
    long_text = "word; " * 5_000
    assert len(long_text) > analysis.MAX_ANALYSED_CHARS
    assert analysis.stored("body", long_text, []) is None
    assert analysis.stored("byline", "By Jane Doe", []) is None
    assert analysis.decode(analysis.stored("body", "Lafarge paid the group.", [])) is not None


def test_encode_writes_what_json_dumps_writes():
    import json

    def dumped(analysed):
        whole = len(analysed.clauses) == 1
        rows = [[c.start, c.end, c.claim] if whole else [c.start, c.end, c.claim, " ".join(c.tokens), " ".join(sorted(c.names))]
                for c in analysed.clauses]
        value = [analysis.key_of(), " ".join(analysed.tokens), " ".join(sorted(analysed.names)), rows]
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    texts = ["Lafarge paid the group millions of euros; the factory, near Kobani, stayed open until 2014.",
             "Le président Pérez a payé €13,000,000.", "Short one.", ""]
    samples = [analysis.analyse_sentence(text, []) for text in texts]
    odd = analysis.Clause(0, 3, ('a"b', "c\\d"), frozenset({"x\ny"}), 2)  # strings that need escaping
    samples += [analysis.SentenceAnalysis(odd.tokens, odd.names, (odd,)), analysis.SentenceAnalysis(("t",), frozenset(), (odd, odd))]
    for analysed in samples:
        assert analysis.encode(analysed) == dumped(analysed)
    for analysed in samples[: len(texts)]:
        assert analysis.decode(analysis.encode(analysed)) == analysed
