"""Match and story quality on ECB+: do our matches link sentences of the same event, next to brute-force
rapidfuzz, and do our stories group the articles of one event?

ECB+ has 982 real articles from many outlets about 86 events (`event`: articles with one value report
the same event; each topic, such as "1", holds two similar events, "1ecb" and "1ecbplus"). A good
matcher links sentences within an event far more than across events.

    python benchmarks/ecbplus.py [--data ../shared/data/ecbplus.jsonl] [--db /tmp/ecbplus.db]
                                 [--reuters ARTICLES] [--reuters-data ../shared/data/reuters21578.jsonl]

Runs the real `load` + `match`, then:
- matches: plain rapidfuzz `fuzz.ratio` over all pairs of the same body sentences (process.cdist, all
  cores), at the threshold that gives about as many cross-outlet pairs, and at the lowest threshold
  whose share of pairs within one event is at least ours (the same precision);
- stories: B-cubed precision, recall and F1 of the articles' stories against the gold events (and
  topics), next to plain single-link over the same article similarity at the same bar; also on
  "ECB+ as three outlets" (three articles of each event, as outlets A, B, C: one article per outlet
  per event, the shape of a multi-outlet news corpus);
- with --reuters N: a check of the stories on a corpus the bar was not tuned on: N Reuters articles
  with perturbed copies as other outlets (bench.py's corpus). Copies of one article must share its
  story; different Reuters articles mostly not (Reuters does run several articles on one story).
Prints Markdown tables.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict

import numpy as np
import sqlite_utils
from rapidfuzz import fuzz, process

from datasette_crosscheck.match import stories
from datasette_crosscheck.ingest.load import load_paths
from datasette_crosscheck.match.pipeline import MatchOptions, match_database

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(HERE, "..", "..", "shared", "data", "ecbplus.jsonl")
DEFAULT_REUTERS = os.path.join(HERE, "..", "..", "shared", "data", "reuters21578.jsonl")
# A record's fields are in `raw` (the record as read); `extra` held them in databases loaded before that.
EVENT_SQL = "select id, coalesce(json_extract(raw, '$.event'), json_extract(extra, '$.event')) from articles"


def article_events(db) -> dict:
    """The gold event of each article id."""
    return dict(db.execute(EVENT_SQL).fetchall())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--db", default=os.path.join(tempfile.mkdtemp(), "ecbplus.db"))
    parser.add_argument("--reuters", type=int, default=0, help="also check stories on this many Reuters articles (and copies)")
    parser.add_argument("--reuters-data", default=DEFAULT_REUTERS)
    args = parser.parse_args()
    if not os.path.exists(args.data):
        raise SystemExit(f"{args.data} not found: this benchmark needs ../shared/data/ecbplus.jsonl")
    db = sqlite_utils.Database(args.db)
    started = time.perf_counter()
    report = load_paths(db, [args.data])
    loaded = time.perf_counter() - started
    summary = match_database(db, MatchOptions())
    ours_seconds = time.perf_counter() - started
    print(f"loaded {len(report.loaded)} articles in {loaded:.1f}s; {summary}")

    event = article_events(db)
    match_table(db, event, ours_seconds)
    story_tables(db, event)
    if args.reuters:
        reuters_stories(args.reuters_data, args.reuters, os.path.dirname(args.db))


# Matches ------------------------------------------------------------------------------------------


def match_table(db, event, ours_seconds):
    ours = [(r["article_a"], r["article_b"]) for r in db.query("select article_a, article_b from matches")]
    sentences = list(db.query(
        "select s.text, s.article_id, a.outlet from sentences s join articles a on a.id = s.article_id "
        "where s.kind = 'body' and s.boilerplate = 0"
    ))
    texts = [s["text"] for s in sentences]
    outlet = np.array([s["outlet"] for s in sentences], dtype=object)
    article = np.array([s["article_id"] for s in sentences])
    started = time.perf_counter()
    similarity = process.cdist(texts, texts, scorer=fuzz.ratio, workers=-1, dtype=np.uint8)
    brute_seconds = time.perf_counter() - started
    i, j = np.triu_indices(len(texts), k=1)
    values = similarity[i, j]
    cross = outlet[i] != outlet[j]
    i, j, values = i[cross], j[cross], values[cross]
    # the brute-force threshold that yields about as many pairs as we matched
    order = np.argsort(-values.astype(np.int16), kind="stable")[: max(len(ours), 1)]
    threshold = int(values[order[-1]]) if len(order) else 100
    codes = {e: n for n, e in enumerate(sorted({e for e in event.values() if e is not None}))}
    event_code = np.array([codes.get(event[a], -1) for a in article])
    in_event = (event_code[i] == event_code[j]) & (event_code[i] >= 0)
    ours_share = share_in_event(ours, event)
    precise = same_precision_threshold(values, in_event, ours_share)

    rows = [
        ("datasette-crosscheck (load + match)", ours, f"{ours_seconds:.1f}", "calibrated default"),
        ("brute-force rapidfuzz fuzz.ratio, all pairs", pairs_at(values, threshold, article, i, j),
         f"{brute_seconds:.1f} (scoring only)", f">= {threshold} (as many pairs)"),
    ]
    if precise is not None:
        rows.append(("brute-force rapidfuzz fuzz.ratio, same precision", pairs_at(values, precise, article, i, j),
                     "", f">= {precise} (lowest with share >= ours)"))
    print(f"\nECB+: {len(event)} articles, {len(set(event.values()))} events, {len(texts)} body sentences\n")
    print("| method | pairs | within one event | share within one event | events covered | seconds | threshold |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, pairs, seconds, note in rows:
        same = [event[a] for a, b in pairs if event[a] is not None and event[a] == event[b]]
        print(f"| {name} | {len(pairs)} | {len(same)} | {share_in_event(pairs, event):.3f} | {len(set(same))} | {seconds} | {note} |")
    if precise is None:
        print("\nno fuzz.ratio threshold reaches our share within one event")


def share_in_event(pairs, event) -> float:
    same = sum(1 for a, b in pairs if event[a] is not None and event[a] == event[b])
    return same / len(pairs) if pairs else 0.0


def same_precision_threshold(values: np.ndarray, in_event: np.ndarray, target: float):
    """The lowest fuzz.ratio threshold whose pairs are within one event at least `target` of the
    time (None if none is)."""
    total = np.cumsum(np.bincount(values, minlength=101)[::-1])[::-1]  # pairs at or above each threshold
    same = np.cumsum(np.bincount(values, weights=in_event, minlength=101)[::-1])[::-1]
    for threshold in range(101):
        if total[threshold] and same[threshold] / total[threshold] >= target:
            return threshold
    return None


def pairs_at(values, threshold, article, i, j):
    keep = values >= threshold
    return list(zip(article[i[keep]], article[j[keep]]))


# Stories ------------------------------------------------------------------------------------------


def bcubed(labels, gold):
    """B-cubed precision, recall and F1 of a clustering (labels) against gold classes."""
    by_label, by_gold = defaultdict(list), defaultdict(list)
    for n, (label, truth) in enumerate(zip(labels, gold)):
        by_label[label].append(n)
        by_gold[truth].append(n)
    precision = recall = 0.0
    for label, truth in zip(labels, gold):
        same = sum(1 for m in by_label[label] if gold[m] == truth)
        precision += same / len(by_label[label])
        recall += same / len(by_gold[truth])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def story_tables(db, event):
    corpus = stories.read_corpus(db, None)
    with_text = [n for n, tokens in enumerate(corpus.tokens) if tokens]  # 61 ECB+ articles are empty
    gold = [event[corpus.ids[n]] for n in with_text]
    topic = [e.replace("ecbplus", "").replace("ecb", "") for e in gold]
    ours = [corpus.story_ids[n] for n in with_text]
    pick = lambda values: [values[n] for n in with_text]  # noqa: E731
    single = stories.cluster_stories(pick(corpus.tokens), pick(corpus.names), pick(corpus.outlets), pick(corpus.dates),
                                     best_per_outlet=False, min_average=0).labels.tolist()
    print(f"\nStories on ECB+: {len(with_text)} articles with text, {len(set(gold))} events, {len(set(topic))} topics; "
          f"bar {stories.BAR}, average {stories.MIN_AVERAGE}\n")
    print("| clustering | stories | B-cubed P (events) | R | F1 | F1 against topics |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, labels in (("stories (best match per outlet, average-link guard)", ours),
                         ("plain single-link over the same similarity, same bar", single)):
        print(story_row(name, labels, gold, topic))

    # three outlets, one article each per event: three articles of each event with three or more
    rng = random.Random(0)
    by_event = defaultdict(list)
    for n, e in zip(with_text, gold):
        by_event[e].append(n)
    chosen, outlets = [], []
    for e in sorted(by_event):
        members = sorted(by_event[e])
        rng.shuffle(members)
        if len(members) >= 3:
            chosen += members[:3]
            outlets += ["A", "B", "C"]
    tokens, names = [corpus.tokens[n] for n in chosen], [corpus.names[n] for n in chosen]
    gold3 = [event[corpus.ids[n]] for n in chosen]
    topic3 = [e.replace("ecbplus", "").replace("ecb", "") for e in gold3]
    print(f"\nECB+ as three outlets: {len(chosen)} articles, {len(set(gold3))} events, one article per outlet per event\n")
    print("| clustering | stories | B-cubed P (events) | R | F1 | F1 against topics |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, options in (("stories (best match per outlet, average-link guard)", {}),
                          ("plain single-link over the same similarity, same bar", {"best_per_outlet": False, "min_average": 0})):
        labels = stories.cluster_stories(tokens, names, outlets, **options).labels.tolist()
        print(story_row(name, labels, gold3, topic3))


def story_row(name, labels, gold, topic):
    precision, recall, f1 = bcubed(labels, gold)
    return f"| {name} | {len(set(labels))} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {bcubed(labels, topic)[2]:.3f} |"


def reuters_stories(data, articles, workdir):
    """Stories on Reuters articles and their perturbed copies (bench.py's corpus of ~7 sentences an
    article), loaded for real and placed by assign_stories."""
    if not os.path.exists(data):
        raise SystemExit(f"{data} not found: --reuters needs ../shared/data/reuters21578.jsonl")
    sys.path.insert(0, HERE)
    import bench  # noqa: E402  (the corpus writer of the speed benchmark)
    from pathlib import Path

    folder = Path(workdir) / "reuters"
    everything = bench.read_articles(Path(data))
    size = sum(bench.estimated_sentences(a["text"]) for a in everything[:articles]) * (1 + 2 * bench.COPY_SHARE)
    bench.write_corpus(everything, int(size), folder)
    db = sqlite_utils.Database(Path(workdir) / "reuters.db")
    load_paths(db, [folder])
    started = time.perf_counter()
    stories.assign_stories(db)
    reuters_table(db, time.perf_counter() - started)


def reuters_table(db, seconds):
    origin = [row_original(r) for r in db.query("select source from articles order by id")]
    story = [r["story_id"] for r in db.query("select story_id from articles order by id")]
    groups = defaultdict(set)
    for o, s in zip(origin, story):
        groups[o].add(s)
    copied = [o for o, members in Counter(origin).items() if members > 1]
    together = sum(1 for o in copied if len(groups[o]) == 1)
    originals_in = defaultdict(set)
    for o, s in zip(origin, story):
        originals_in[s].add(o)
    alone = sum(1 for o in groups if all(len(originals_in[s]) == 1 for s in groups[o]))
    precision, recall, f1 = bcubed(story, origin)
    sizes = Counter(story)
    print(f"\nStories on Reuters: {len(origin)} articles ({len(groups)} originals, {len(copied)} with two perturbed copies), "
          f"assign_stories {seconds:.1f}s\n")
    print("| metric | value |")
    print("| --- | --- |")
    print(f"| stories | {len(sizes)} |")
    print(f"| copied originals whose copies all share its story | {together} of {len(copied)} ({together / max(len(copied), 1):.1%}) |")
    print(f"| originals whose story holds no other original | {alone} of {len(groups)} ({alone / len(groups):.1%}) |")
    print(f"| B-cubed P / R / F1 against 'original and its copies' | {precision:.3f} / {recall:.3f} / {f1:.3f} |")
    print(f"| largest story (articles) | {max(sizes.values())} |")


def row_original(row) -> str:
    """The Reuters id an article is (a copy of): sources are "<file>#<record id>", and copies' ids
    "<original>~<outlet>"."""
    return row["source"].rsplit("#", 1)[-1].split("~")[0]


if __name__ == "__main__":
    main()
