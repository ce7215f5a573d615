"""Match quality on ECB+: do our matches link sentences of the same event, next to brute-force rapidfuzz?

ECB+ has 982 real articles from many outlets about 86 events (`event`: articles with one value report
the same event). A good matcher links sentences within an event far more than across events.

    python benchmarks/ecbplus.py [--data ../shared/data/ecbplus.jsonl] [--db /tmp/ecbplus.db]

Runs the real `load` + `match`, then plain rapidfuzz `fuzz.ratio` over all pairs of the same body
sentences (process.cdist, all cores) at the threshold that gives about as many cross-outlet pairs,
and prints one Markdown table.
"""

import argparse
import json
import os
import tempfile
import time

import numpy as np
import sqlite_utils
from rapidfuzz import fuzz, process

from datasette_crosscheck.load import load_paths
from datasette_crosscheck.match import MatchOptions, match_database

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(HERE, "..", "..", "shared", "data", "ecbplus.jsonl")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--db", default=os.path.join(tempfile.mkdtemp(), "ecbplus.db"))
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

    event = {r["id"]: json.loads(r["extra"] or "{}").get("event") for r in db.query("select id, extra from articles")}
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
    keep = values >= threshold
    brute = list(zip(article[i[keep]], article[j[keep]]))

    rows = [
        ("datasette-crosscheck (load + match)", ours, f"{ours_seconds:.1f}", "calibrated default"),
        ("brute-force rapidfuzz fuzz.ratio, all pairs", brute, f"{brute_seconds:.1f} (scoring only)", f">= {threshold}"),
    ]
    print(f"\nECB+: {len(report.loaded)} articles, {len(set(event.values()))} events, {len(texts)} body sentences\n")
    print("| method | pairs | share within one event | events covered | seconds | threshold |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, pairs, seconds, note in rows:
        same = [event[a] for a, b in pairs if event[a] is not None and event[a] == event[b]]
        share = len(same) / len(pairs) if pairs else 0
        print(f"| {name} | {len(pairs)} | {share:.3f} | {len(set(same))} | {seconds} | {note} |")


if __name__ == "__main__":
    main()
