"""Does a change to the matcher keep its output, and what does it do to its speed? Two versions side by side.

    python benchmarks/compare_match.py [--before REV] [--sample 400] [--sizes 30000 100000]
                                       [--articles N] [--repeat 1] [--workers N] [--serial] [--cache-share F]
                                       [--data ../shared/data] [--workdir DIR]

`--before` (default: where this branch left main, `git merge-base HEAD main`) is exported with
`git archive` (revisions.export); the other version is this working tree. Each input is loaded
once (`load --no-match`) by the `before` version, and each version then matches its own copy of that
database (`match.match_database`) in a child process with that version first on its path.

1. Same tables: the seeds, the first `--sample` articles of ECB+ and of Reuters, and the Reuters
   corpora of `--sizes` sentences that benchmarks/bench.py builds: the `matches`, `statements`,
   `statement_sentences` and `differences` tables must be equal row for row (rowid order, every
   column). `--articles N` builds each corpus from the first N Reuters articles only, so that a
   corpus several times their size repeats them (an outlet per copy), as bench.py's 1M corpus
   repeats all of Reuters about ten times: each clause is in many matches.
2. Speed, on the corpora: the wall time of the whole match, and of its differences pass
   (`write_differences`) and of the statements pass (`rebuild_statements` less its differences),
   per version, `--repeat` times alternating (median), so that both see the same load on the
   machine; and the differences' cost per match kept. Prints Markdown tables.
3. `--serial`: the differences of every kept match worked out again in one process, each version
   its own way (main: in match-id order; this tree: a statement at a time), CPU time, with the
   per-clause caches of diff.py (roles, words) left as they are and again cut to `--cache-share` of
   the clauses (default 0.013: 16k roles cached against the ~1.2M clauses of the 1M corpus), and
   how often each version read a clause's roles and words. The two versions' rows must be equal (the
   table's differ from both where anchors.recheck_conflicts later made a conflict "different facts").
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path
from typing import List

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import bench  # noqa: E402  (the corpus builder)
from compare_load import load  # noqa: E402
from revisions import MODULE_FINDER, before_revision, differences, export, run_child, run_match, sample_inputs  # noqa: E402

TIMED = ("write_differences", "rebuild_statements")  # the passes timed (rebuild_statements calls write_differences)
# every kept match's differences again, serially, the way that version's write_differences orders them
SERIAL_CHILD = """
import functools, hashlib, importlib, json, sys, time
import numpy as np
sys.path.insert(0, sys.argv[1])
import sqlite_utils
import datasette_crosscheck
from datasette_crosscheck import measures
""" + MODULE_FINDER + """
diff, match = crosscheck("match.diff", "diff"), crosscheck("match.pipeline", "match")
db = sqlite_utils.Database(sys.argv[2])
share = float(sys.argv[3])
clauses = db.execute("select count(*) from (select distinct sentence_a, a_start from matches "
                     "union select distinct sentence_b, b_start from matches)").fetchone()[0]
if share:  # the per-clause caches as small, against this corpus, as they are at 1M
    size = max(1, int(share * clauses))
    diff._clause_roles = functools.lru_cache(size)(diff._clause_roles.__wrapped__)
    diff._words = functools.lru_cache(4 * size)(diff._words.__wrapped__)
    diff._text_role_keys = functools.lru_cache(max(1, size // 4))(diff._text_role_keys.__wrapped__)
options = match.MatchOptions(workers=1)
units = match.read_units(db, options)
at = {(u.sentence_id, u.start): n for n, u in enumerate(units)}
by_statement = hasattr(match, "statement_parts")
rows = db.execute("select id, sentence_a, a_start, sentence_b, b_start, statement_id from matches order by "
                  + ("statement_id, id" if by_statement else "id")).fetchall()
first = min(r[0] for r in rows)
a, b = np.zeros(max(r[0] for r in rows) - first + 1, int), np.zeros(max(r[0] for r in rows) - first + 1, int)
for r in rows:
    a[r[0] - first], b[r[0] - first] = at[(r[1], r[2])], at[(r[3], r[4])]
sides = match.Sides(a, b, {n: match._shown(units[n]) for n in set(a.tolist()) | set(b.tolist())})
if by_statement:
    parts = match.statement_parts([r[5] for r in rows], 1, 2_000)
    shares = [match._part_input(sides, [rows[k][0] for k in part], first) for part in parts]
else:
    shares = [[(r[0], sides.shown[int(a[r[0] - first])], sides.shown[int(b[r[0] - first])]) for r in rows]]
measures.exchange_rates()  # loaded once per process either way: not counted
started = time.process_time()
found = [rows for share in shares for rows in match.difference_rows(options.aliases, share)]
cpu = time.process_time() - started
found = sorted((row for match_rows in found for row in match_rows), key=lambda row: row[0])  # stable
print(json.dumps({"cpu": cpu, "matches": len(rows), "clauses": clauses, "digest": hashlib.sha256(repr(found).encode()).hexdigest(),
                  "roles": diff._clause_roles.cache_info().misses, "words": diff._words.cache_info().misses,
                  "module": datasette_crosscheck.__file__}))
"""
TABLES = {
    "matches": "select rowid, * from matches order by rowid",
    "statements": "select rowid, * from statements order by rowid",
    "statement_sentences": "select rowid, * from statement_sentences order by rowid",
    "differences": "select rowid, * from differences order by rowid",
}


def match(tree: Path, loaded: Path, db: Path, workers) -> dict:
    """Match a copy of the `loaded` database with the version in `tree`: its wall time, and its passes'."""
    run = run_match(tree, loaded, db, workers, TIMED)
    spent = run["timed"]
    return {**run, "differences": spent["write_differences"],
            "statements": spent["rebuild_statements"] - spent["write_differences"]}


def serial(tree: Path, db: Path, share: float) -> dict:
    return run_child(SERIAL_CHILD, tree, db, share)


def serial_table(name: str, trees: dict, db: Path, cache_share: float, repeat: int = 1) -> None:
    print(f"\n| {name}: differences of every kept match, serial (median of {repeat}, alternating) "
          f"| before CPU s | after CPU s | after / before "
          f"| roles read (before / after) | words read (before / after) | rows (before vs after) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for share, what in ((0.0, "caches as they are"), (cache_share, f"caches cut to {cache_share:g} of the clauses")):
        runs = [[serial(tree, db, share) for tree in trees.values()] for _ in range(repeat)]
        b, a = runs[0]
        cpu_b, cpu_a = (statistics.median(run[n]["cpu"] for run in runs) for n in (0, 1))
        same = all(run[0]["digest"] == run[1]["digest"] == b["digest"] for run in runs)
        print(f"| {what} ({a['matches']:,} matches, {a['clauses']:,} clauses) | {cpu_b:.1f} | {cpu_a:.1f} "
              f"| {cpu_a / cpu_b:.2f} | {b['roles']:,} / {a['roles']:,} | {b['words']:,} / {a['words']:,} "
              f"| {'same' if same else 'DIFFERENT'} |", flush=True)


def compare(name: str, trees: dict, paths: List[str], work: Path, repeat: int, workers, cache_share=None) -> List[dict]:
    """Load `paths` once (before), match with each version `repeat` times; print the table check."""
    loaded = work / "loaded.db"
    report = load(trees["before"], loaded, paths)
    if report["errors"]:
        print(f"{name}: {report['errors']} load errors", file=sys.stderr)
    runs = {version: [] for version in trees}
    for _ in range(repeat):
        for version, tree in trees.items():
            runs[version].append(match(tree, loaded, work / f"{version}.db", workers))
    sentences = sqlite3.connect(loaded).execute("select count(*) from sentences").fetchone()[0]
    for table, verdict in differences(work / "before.db", work / "after.db", TABLES).items():
        print(f"| {name} ({sentences:,} sentences) | {table} | {verdict} |", flush=True)
    if cache_share is not None:
        serial_table(f"{name} ({sentences:,} sentences)", trees, work / "after.db", cache_share, repeat)
    return [{"name": name, "sentences": sentences, "runs": runs}]


def speed_table(measured: List[dict], repeat: int) -> None:
    print(f"\n| corpus | pass (median of {repeat}, alternating) | before s | after s | after / before |")
    print("| --- | --- | --- | --- | --- |")
    for entry in measured:
        runs = entry["runs"]
        for key, what in (("seconds", "match, wall"), ("differences", "differences"), ("statements", "statements (less differences)")):
            b, a = (statistics.median(run[key] for run in runs[version]) for version in ("before", "after"))
            print(f"| {entry['sentences']:,} sentences | {what} | {b:.1f} | {a:.1f} | {a / b:.2f} |")
        kept = runs["after"][0]["kept"]
        b, a = (statistics.median(run["differences"] for run in runs[version]) * 1e6 / max(kept, 1) for version in ("before", "after"))
        print(f"| {entry['sentences']:,} sentences | differences per match kept ({kept:,}), µs | {b:.0f} | {a:.0f} | {a / b:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before")
    parser.add_argument("--sample", type=int, default=400)
    parser.add_argument("--sizes", type=int, nargs="*", default=[30000])
    parser.add_argument("--articles", type=int, help="build the corpora from the first N Reuters articles (repeated)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workers", type=int, help="worker processes of each match (default: one per core)")
    parser.add_argument("--serial", action="store_true", help="also the serial CPU time of the differences (3. above)")
    parser.add_argument("--cache-share", type=float, default=0.013)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    before_rev = before_revision(args.before)
    with tempfile.TemporaryDirectory(dir=args.workdir) as work:
        work = Path(work)
        trees = {"before": export(before_rev, work), "after": ROOT}
        inputs = sample_inputs(args.data, args.sample, work)
        print(f"before: {before_rev[:10]}; after: this working tree\n")
        print("| input | table | before vs after |\n| --- | --- | --- |", flush=True)
        for name, paths in inputs.items():
            compare(name, trees, paths, work, 1, args.workers)
        if not (args.data / "reuters21578.jsonl").exists():
            return
        articles, measured = bench.read_articles(args.data / "reuters21578.jsonl")[: args.articles], []
        for size in args.sizes:
            corpus = work / f"corpus-{size}"
            bench.write_corpus(articles, size, corpus)
            built = f" from {args.articles:,} articles" if args.articles else ""
            measured += compare(f"Reuters corpus of {size:,}{built}", trees, [str(corpus)], work, args.repeat, args.workers,
                                args.cache_share if args.serial else None)
            shutil.rmtree(corpus)
        speed_table(measured, args.repeat)


if __name__ == "__main__":
    main()
