"""Stories: the clustering alone on generated articles, then the database pass through the CLI."""

import json
import os
import random
import shutil
import sqlite3

import numpy as np
import pytest
import sqlite_utils

from datasette_crosscheck import schema
from datasette_crosscheck.match import stories

from .conftest import SEEDS
from .commands import crosscheck_ok as run

GENERIC = [f"common{n}" for n in range(60)]  # words every story uses


def story_article(rng, story, words=10, generic=6, vocabulary=16):
    """Tokens of an article about `story`: some of that story's own words and some generic ones."""
    own = [f"{story}x{n}" for n in range(vocabulary)]
    return rng.sample(own, words) + rng.sample(GENERIC, generic)


def corpus(stories_and_outlets, seed=0):
    """(tokens, names, outlets, gold) for (story, outlet) pairs; names: each story's first words."""
    rng = random.Random(seed)
    tokens, names, outlets, gold = [], [], [], []
    for story, outlet in stories_and_outlets:
        article = story_article(rng, story)
        tokens.append(article)
        names.append([t for t in article if t.endswith(("x0", "x1", "x2", "x3"))])
        outlets.append(outlet)
        gold.append(story)
    return tokens, names, outlets, gold


def partition(labels, keys=None):
    keys = keys if keys is not None else range(len(labels))
    groups = {}
    for key, label in zip(keys, labels):
        groups.setdefault(label, set()).add(key)
    return {frozenset(g) for g in groups.values()}


THREE_OUTLETS = [(s, o) for s in ("quake", "election", "merger", "strike", "flood") for o in ("A", "B", "C")]


def test_same_event_articles_of_different_outlets_form_one_story():
    tokens, names, outlets, gold = corpus(THREE_OUTLETS)
    result = stories.cluster_stories(tokens, names, outlets)
    assert partition(result.labels) == partition(gold)
    assert len(result.links) and (result.links[:, 2] >= stories.BAR).all()
    assert (result.pairs[:, 0] < result.pairs[:, 1]).all()


def test_an_article_of_its_own_is_a_story_of_its_own():
    tokens, names, outlets, gold = corpus(THREE_OUTLETS + [("volcano", "A")])
    result = stories.cluster_stories(tokens, names, outlets)
    lone = int(result.labels[-1])
    assert list(result.labels).count(lone) == 1
    assert partition(result.labels) == partition(gold)


def bridged_topics():
    """Two topics of four articles each, and one article of each that also states words of its own
    that only the other states: one loose link between the topics."""
    rng = random.Random(7)
    tokens = [story_article(rng, "court") for _ in range(4)] + [story_article(rng, "storm") for _ in range(4)]
    aside = [f"aside{n}" for n in range(6)]
    tokens[0] += aside
    tokens[4] += aside
    return tokens, [f"outlet{n}" for n in range(8)], ["court"] * 4 + ["storm"] * 4


def test_two_topics_are_not_merged_through_one_loose_link():
    tokens, outlets, gold = bridged_topics()
    single = stories.cluster_stories(tokens, None, outlets, best_per_outlet=False, min_average=0)
    assert len(set(single.labels)) == 1  # plain single-link chains the two topics together
    ours = stories.cluster_stories(tokens, None, outlets)
    assert all(len({gold[n] for n in group}) == 1 for group in partition(ours.labels))
    assert ours.labels[1] == ours.labels[2] == ours.labels[3] and ours.labels[5] == ours.labels[6] == ours.labels[7]
    assert ours.labels[1] != ours.labels[5]


def test_the_result_does_not_depend_on_the_order_of_the_input():
    tokens, names, outlets, _ = corpus(THREE_OUTLETS * 2, seed=3)
    dates = [f"2024-01-{1 + n % 20:02d}" for n in range(len(tokens))]
    first = stories.cluster_stories(tokens, names, outlets, dates)
    for seed in range(3):
        order = list(range(len(tokens)))
        random.Random(seed).shuffle(order)
        again = stories.cluster_stories([tokens[n] for n in order], [names[n] for n in order],
                                        [outlets[n] for n in order], [dates[n] for n in order])
        assert partition(again.labels, order) == partition(first.labels)
        moved = {tuple(sorted((order[int(i)], order[int(j)]))): c for i, j, c in again.pairs}
        assert moved == pytest.approx({(int(i), int(j)): c for i, j, c in first.pairs})


def test_a_date_gap_lowers_the_link():
    rng = random.Random(1)
    article = story_article(rng, "summit")
    tokens = [article, list(article), story_article(rng, "other"), story_article(rng, "third")]
    outlets = ["A", "B", "A", "B"]
    near = stories.cluster_stories(tokens, None, outlets, ["2024-03-01", "2024-03-03", None, None])
    assert near.labels[0] == near.labels[1]
    far = stories.cluster_stories(tokens, None, outlets, ["2020-03-01", "2024-03-03", None, None])
    assert far.labels[0] != far.labels[1]
    unknown = stories.cluster_stories(tokens, None, outlets, ["2020-03-01", None, None, None])
    assert unknown.labels[0] == unknown.labels[1]
    assert stories.date_factor([0, 3, np.nan])[0] == stories.date_factor([0, 3, np.nan])[2] == 1.0
    assert stories.date_factor([400])[0] < 0.1


def test_only_the_best_match_in_each_outlet_is_a_link():
    # articles 0 and 3 in outlet 0, 1 and 2 in outlet 1
    i, j, strength = np.array([0, 0, 1]), np.array([1, 2, 3]), np.array([0.5, 0.6, 0.7])
    outlet = np.array([0, 1, 1, 0])
    # 0-1 is neither 0's best in outlet 1 (that is 2) nor 1's best in outlet 0 (that is 3)
    assert stories.best_in_outlet(i, j, strength, outlet).tolist() == [False, True, True]


def test_new_articles_attach_to_existing_stories_whose_ids_stay():
    tokens, names, outlets, gold = corpus(THREE_OUTLETS + [("quake", "D"), ("merger", "D"), ("volcano", "D")], seed=5)
    old = len(THREE_OUTLETS)
    existing = stories.cluster_stories(tokens[:old], names[:old], outlets[:old])
    fixed = [100 + int(label) for label in existing.labels] + [None] * 3
    placed = stories.cluster_stories(tokens, names, outlets, fixed=fixed)
    ids = stories.story_numbers(placed.labels, fixed, keep_all=True)
    assert ids[:old] == fixed[:old]
    assert ids[old] == fixed[gold.index("quake")] and ids[old + 1] == fixed[gold.index("merger")]
    assert ids[old + 2] == max(fixed[:old]) + 1  # a story of its own, with a new id


def test_two_existing_stories_are_never_merged():
    tokens, outlets, _ = bridged_topics()
    tokens = tokens[1:4] + tokens[5:8] + [tokens[1] + tokens[5]]  # the new article belongs to both
    fixed = [1, 1, 1, 2, 2, 2, None]
    placed = stories.cluster_stories(tokens, None, outlets[:7], fixed=fixed)
    assert len(set(placed.labels[:3])) == 1 and len(set(placed.labels[3:6])) == 1
    assert placed.labels[0] != placed.labels[3]


def test_story_numbers_keep_the_old_id_most_articles_had():
    labels = np.array([0, 0, 0, 1, 1, 2])
    old = [5, 5, 7, 7, None, None]
    assert stories.story_numbers(labels, old, keep_all=False) == [5, 5, 5, 7, 7, 8]
    assert stories.story_numbers(labels, old, keep_all=True) == [5, 5, 7, 7, 7, 8]


def test_no_articles():
    result = stories.cluster_stories([], [], [])
    assert len(result.labels) == 0 and result.pairs.shape == (0, 3)


# The database pass --------------------------------------------------------------------------------


def seed_paths(tmp_path, *prefixes):
    folder = tmp_path / "-".join(prefixes)
    folder.mkdir()
    for name in sorted(os.listdir(SEEDS)):
        if name[:3] in prefixes:
            shutil.copy(os.path.join(SEEDS, name), folder / name)
    return folder


def story_of_file(db):
    return {os.path.basename(r["source"])[:3]: r["story_id"] for r in db.query("select source, story_id from articles")}


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("stories") / "seeds.db"
    run("load", path, SEEDS)
    return path


def test_load_fills_the_stories_and_story_ids(seeds_db):
    db = sqlite_utils.Database(seeds_db)
    story = story_of_file(db)
    assert None not in story.values()
    # the two articles on Lafarge's factory (Global Research, Muslim World Journal) are one story; a
    # French colonel's remarks (2019) and a bombing campaign of 2015 are stories of their own
    assert story["000"] == story["001"]
    assert len({story["000"], story["002"], story["003"]}) == 3
    rows = {r["id"]: r for r in db["stories"].rows}
    assert set(rows) == set(story.values())
    lafarge = rows[story["000"]]
    assert lafarge["article_count"] == 2 and lafarge["outlet_count"] == 2
    assert json.loads(lafarge["outlets"]) == ["Global Research", "Muslim World Journal"]
    assert lafarge["title"] in {r["title"] for r in db.query("select title from articles where story_id = ?", [story["000"]])}
    assert (lafarge["first_published"], lafarge["last_published"]) == ("2019-10-17", "2019-10-17")
    assert sum(r["article_count"] for r in rows.values()) == 4
    assert ["story_id"] in [index.columns for index in db["articles"].indexes]


def test_a_full_match_keeps_the_story_ids(seeds_db, tmp_path):
    path = tmp_path / "copy.db"
    with sqlite3.connect(seeds_db) as source, sqlite3.connect(path) as copy:
        source.backup(copy)  # the database is in WAL mode: a file copy could miss its latest pages
    before = story_of_file(sqlite_utils.Database(path))
    run("match", path, "-q")
    db = sqlite_utils.Database(path)
    assert story_of_file(db) == before
    assert db["stories"].count == len(set(before.values()))


def test_an_incremental_load_attaches_new_articles_and_keeps_ids(tmp_path):
    path = tmp_path / "growing.db"
    run("load", path, seed_paths(tmp_path, "000", "002"), "-q")
    db = sqlite_utils.Database(path)
    first = story_of_file(db)
    assert first["000"] != first["002"]
    run("load", path, seed_paths(tmp_path, "001", "003"), "-q")
    after = story_of_file(db)
    assert {k: after[k] for k in first} == first
    assert after["001"] == after["000"]
    assert after["003"] not in first.values()
    assert db["stories"].count == 3


def test_story_context_gives_story_and_similarity_of_pairs(seeds_db):
    db = sqlite_utils.Database(seeds_db)
    ids = {os.path.basename(r["source"])[:3]: r["id"] for r in db.query("select id, source from articles")}
    context = stories.story_context(db)
    a = np.array([ids["000"], ids["001"], ids["000"], 999])
    b = np.array([ids["001"], ids["000"], ids["003"], ids["000"]])
    cosine = context.cosine(a, b)
    assert cosine[0] == pytest.approx(cosine[1]) and cosine[0] >= stories.BAR
    assert 0 < cosine[2] < cosine[0] and cosine[3] == 0
    assert context.same_story(a, b).tolist() == [True, True, False, False]
    assert context.story_of[ids["000"]] == context.story_of[ids["001"]]


def test_schema_adds_the_story_column_to_an_older_database(tmp_path):
    db = sqlite_utils.Database(tmp_path / "old.db")
    db["articles"].create({k: v for k, v in schema.ARTICLES.items() if k != "story_id"}, pk="id")
    db["articles"].insert({"id": 1, "title": "kept"})
    schema.ensure_schema(db)
    schema.ensure_schema(db)  # twice: idempotent
    assert "story_id" in db["articles"].columns_dict and db["stories"].exists()
    assert list(db.query("select title, story_id from articles")) == [{"title": "kept", "story_id": None}]


def test_a_replaced_article_is_placed_again_and_the_stories_stay_consistent(tmp_path):
    folder = seed_paths(tmp_path, "000", "001", "003")
    path = tmp_path / "replaced.db"
    run("load", path, folder, "-q")
    db = sqlite_utils.Database(path)
    before = story_of_file(db)
    assert before["000"] == before["001"] != before["003"]
    # the Muslim World Journal article is rewritten as a copy of the 2015 bombing campaign article
    [changed] = [p for p in folder.iterdir() if p.name.startswith("001")]
    original = [p for p in folder.iterdir() if p.name.startswith("003")][0].read_text(encoding="utf-8")
    changed.write_text(original.replace("Nick Beams", "Shahid Munir"), encoding="utf-8")
    run("load", path, folder, "--replace", "-q")
    after = story_of_file(db)
    assert after["001"] == after["003"] == before["003"] and after["000"] == before["000"]
    counts = {r["id"]: r["article_count"] for r in db["stories"].rows}
    assert counts == {before["000"]: 1, before["003"]: 2}


def test_articles_loaded_without_matching_are_placed_by_the_next_match(tmp_path):
    path = tmp_path / "later.db"
    run("load", path, SEEDS, "--no-match", "-q")
    db = sqlite_utils.Database(path)
    assert set(story_of_file(db).values()) == {None}
    run("match", path, "-q")
    assert None not in story_of_file(db).values() and db["stories"].count == 3


def test_story_context_of_an_empty_corpus(tmp_path):
    db = sqlite_utils.Database(tmp_path / "empty.db")
    schema.ensure_schema(db)
    context = stories.assign_stories(db)
    assert context.story_of == {} and db["stories"].count == 0
    assert context.cosine([1], [2]).tolist() == [0.0] and context.same_story([1], [2]).tolist() == [False]
