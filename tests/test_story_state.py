"""The stories pass's stored state (story_state.py): an incremental run reads only the new articles and
places them as reading the whole corpus places them."""

import json
import random
import sqlite3

import numpy as np
import pytest
import sqlite_utils

from datasette_crosscheck import analysis
from datasette_crosscheck.match import candidates, stories, story_state

from .generated import write_corpus
from .commands import crosscheck_ok as run, copy_database as copy


def story_rows(db):
    return {row[0]: row for row in db.execute("select * from stories")}


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    """(db after two outlets, with the third loaded but not placed; a copy without the state)."""
    folder = tmp_path_factory.mktemp("state")
    north, south, east = write_corpus(folder / "corpus", events=40)
    path = folder / "grown.db"
    run("load", path, north, south, "-q")
    west = folder / "west.jsonl"  # two reports of an event no one reported before: a new story
    report = ("The Kelvora volcano erupted on {day}, and ash from Kelvora closed the Tamsin airport. "
              "Geologist Ilse Marrow said the Kelvora crater had been quiet since {year}. "
              "Farmers near Tamsin moved their herds away from the lava flows.")
    west.write_text("".join(json.dumps({"id": f"w{n}", "outlet": outlet, "title": f"Kelvora erupts ({outlet})",
                                        "published": "2021-03-05", "text": report.format(day=day, year=year)}) + "\n"
                            for n, (outlet, day, year) in enumerate([("West Ledger", "Friday", 1911),
                                                                      ("East Herald", "Friday evening", 1911)])),
                    encoding="utf-8")
    run("load", path, east, west, "--no-match", "-q")
    without = copy(path, folder / "without.db")
    with sqlite3.connect(without) as conn:
        conn.execute("delete from story_state")  # the pass then reads the whole corpus, as before the state
    return path, without


def test_vectors_from_counts_are_the_candidate_stages_tfidf_with_the_stories_settings():
    rng = random.Random(3)
    words = [f"w{n}" for n in range(40)]
    # some rows made only of frequent terms (kept: their two rarest)
    docs = [rng.choices(words, k=rng.randint(1, 12)) for _ in range(60)] + [["w0", "w1", "w2"]] * 5
    expected = candidates.tfidf(docs, max_df=stories.MAX_DF, min_df_cap=stories.MIN_DF_CAP, min_docs=0, max_df_cap=np.inf)
    found = stories.article_vectors(docs, None)
    assert (found.matrix != expected.matrix).nnz == 0 and (found.df == expected.df).all()
    # a few rows alone, from their counts and the corpus' df, are those rows of the whole
    counts = stories.CorpusCounts.of(docs, [[] for _ in docs])
    rows = [3, 60, 61]
    alone = stories.vectors_from_counts(counts.tokens[rows], None, counts.token_df, None, len(docs))
    assert (alone.matrix != found.matrix[rows]).nnz == 0


def test_an_incremental_run_places_the_new_articles_as_the_whole_corpus_does(grown, tmp_path):
    path, without = grown
    with_state = sqlite_utils.Database(copy(path, tmp_path / "with.db"))
    whole = sqlite_utils.Database(copy(without, tmp_path / "without.db"))
    before = story_rows(with_state)
    placed = stories.assign_stories(with_state)
    read_all = stories.assign_stories(whole)
    assert isinstance(placed, stories.StoredStoryContext) and not isinstance(read_all, stories.StoredStoryContext)
    ids = "select id, story_id from articles order by id"
    assert list(with_state.execute(ids)) == list(whole.execute(ids))
    # the stories the new articles joined or started are written as the whole-corpus pass writes
    # them; the others are left as they were (their titles are not chosen again)
    after, expected = story_rows(with_state), story_rows(whole)
    touched = {row[0] for row in with_state.execute(
        "select story_id from articles where outlet in ('East Herald', 'West Ledger')")}
    assert touched and set(after) == set(expected)
    assert {s: after[s] for s in touched} == {s: expected[s] for s in touched}
    assert {s: after[s] for s in after if s not in touched} == {s: before[s] for s in after if s not in touched}
    kelvora = {row[0] for row in with_state.execute("select story_id from articles where title like 'Kelvora%'")}
    assert len(kelvora) == 1 and not kelvora & set(before)  # a new story, both reports in it
    assert touched - kelvora and all(s in before for s in touched - kelvora)
    # the matcher's whole-article similarity, the stored vectors against the whole corpus'
    articles = np.array([row[0] for row in whole.execute("select id from articles order by id")])
    rng = np.random.default_rng(0)
    a, b = rng.choice(articles, 300), rng.choice(articles, 300)
    assert np.allclose(placed.cosine(a, b), read_all.cosine(a, b), atol=1e-6)
    assert (placed.cosine(a, b) > 0).any()
    assert placed.same_story(a, b).tolist() == read_all.same_story(a, b).tolist()
    # the state now holds the new articles too, as a state written from scratch would
    assert story_state.is_current(with_state.conn, stories.state_key(analysis_aliases()))
    for table in ("story_terms", "story_article_terms", "story_postings"):
        rows = f"select * from {table} order by 1, 2"
        assert list(with_state.execute(rows)) == list(whole.execute(rows)), table


def analysis_aliases():
    from datasette_crosscheck.textnorm import load_aliases

    return load_aliases()


def test_an_incremental_run_reads_only_the_new_articles_analyses(grown, tmp_path, monkeypatch):
    path, _ = grown
    db = sqlite_utils.Database(copy(path, tmp_path / "c.db"))
    new_sentences = db.execute(
        "select count(*) from sentences where kind in ('heading', 'body') and article_id in "
        "(select id from articles where story_id is null)").fetchone()[0]
    assert 0 < new_sentences < db.execute("select count(*) from sentences").fetchone()[0] / 2
    decoded = []
    real = analysis.decode_terms
    monkeypatch.setattr(analysis, "decode_terms", lambda value, aliases=None: decoded.append(1) or real(value, aliases))
    stories.assign_stories(db)
    assert len(decoded) == new_sentences
    decoded.clear()
    stories.assign_stories(db)  # nothing new: nothing read
    assert decoded == []


def test_a_replaced_article_or_other_aliases_make_the_pass_read_the_whole_corpus(grown, tmp_path):
    path, _ = grown
    db = sqlite_utils.Database(copy(path, tmp_path / "c.db"))
    stories.assign_stories(db)
    aliases = analysis_aliases()
    key = stories.state_key(aliases)
    assert story_state.is_current(db.conn, key)
    assert not story_state.is_current(db.conn, "other aliases")
    with db.conn:  # as load does when it replaces an article: same id, placed again
        db.conn.execute("update articles set story_id = null where id = (select min(id) from articles)")
    assert not story_state.is_current(db.conn, key)
    context = stories.assign_stories(db)
    assert not isinstance(context, stories.StoredStoryContext)
    assert story_state.is_current(db.conn, key)
    assert db.execute("select count(*) from articles where story_id is null").fetchone()[0] == 0


def write_articles(path, rows):
    path.write_text("".join(json.dumps(dict(row, published="2021-03-05")) + "\n" for row in rows), encoding="utf-8")
    return path


def test_a_new_article_is_weighed_against_every_member_of_a_story_it_touches(tmp_path):
    """C shares words with A1 only; A1 and A2 are one story: whether C joins it depends on A2 too."""
    north, south, _ = write_corpus(tmp_path / "corpus", events=20)
    first = write_articles(tmp_path / "first.jsonl", [
        {"id": "a1", "outlet": "West Ledger", "title": "Kelvora erupts",
         "text": "The Kelvora volcano erupted on Friday near Tamsin. Ash from Kelvora closed the Tamsin airport. "
                 "Pilots diverted flights to Orlen for two days."},
        {"id": "a2", "outlet": "Ridge Post", "title": "Tamsin airport shut",
         "text": "Kelvora erupted near Tamsin on Friday. The Tamsin airport closed as the Kelvora ash spread."},
    ])
    later = write_articles(tmp_path / "later.jsonl", [
        {"id": "c", "outlet": "East Herald", "title": "Orlen busy",
         "text": "Pilots diverted flights to Orlen for two days while the volcano rumbled, geologist Ilse Marrow said."},
    ])
    path = tmp_path / "c.db"
    run("load", path, north, south, first, "-q")
    run("load", path, later, "--no-match", "-q")
    without = copy(path, tmp_path / "without.db")
    with sqlite3.connect(without) as conn:
        conn.execute("delete from story_state")
    with_state, whole = sqlite_utils.Database(path), sqlite_utils.Database(without)
    assert isinstance(stories.assign_stories(with_state), stories.StoredStoryContext)
    stories.assign_stories(whole)
    ids = "select title, story_id from articles order by id"
    assert list(with_state.execute(ids)) == list(whole.execute(ids))
    assert story_rows(with_state) == story_rows(whole)


def _read_articles_one_by_one(conn, article_ids, widths):
    """story_state.read_articles as it was: decode_counts per article, csr from the lists."""
    from scipy import sparse

    stored = {a: (story_state.decode_counts(blob), digest) for a, blob, digest in
              conn.execute(f"select article_id, counts, digest from {story_state.ARTICLES}")}
    ids = [int(a) for a in article_ids if int(a) in stored]
    matrices = []
    for which in (0, 2):
        cols = [stored[a][0][which] for a in ids]
        data = [stored[a][0][which + 1] for a in ids]
        indptr = np.r_[0, np.cumsum([len(c) for c in cols])].astype(np.int64)
        matrices.append(sparse.csr_matrix(
            (np.concatenate(data).astype(np.float32) if ids else np.zeros(0, np.float32),
             np.concatenate(cols).astype(np.int64) if ids else np.zeros(0, np.int64), indptr),
            shape=(len(ids), max(widths[which // 2], 1))))
    return ids, matrices[0], matrices[1], [stored[a][1] for a in ids]


def test_read_articles_decodes_the_blobs_together_as_one_by_one(grown):
    path, _ = grown
    with sqlite3.connect(path) as conn:
        held = [row[0] for row in conn.execute(f"select article_id from {story_state.ARTICLES} order by article_id")]
        assert len(held) > 20
        widths = tuple(conn.execute(f"select coalesce(max(id), 0) + 3 from {story_state.TERMS} where kind = ?", [kind]).fetchone()[0]
                       for kind in (story_state.TOKEN, story_state.NAME))
        rng = random.Random(5)
        for wanted in (held, list(reversed(held)), rng.sample(held, 7) + [10**9], [], [10**9]):
            found = story_state.read_articles(conn, wanted, widths)
            expected = _read_articles_one_by_one(conn, wanted, widths)
            assert found[0] == expected[0] and found[3] == expected[3]
            for a, b in zip(found[1:3], expected[1:3]):
                assert a.shape == b.shape and a.dtype == b.dtype and a.indices.dtype == b.indices.dtype
                assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
                assert np.array_equal(a.data, b.data)
