"""Does a change to the loader keep its output, and what does it do to its speed? Two versions side by side.

    python benchmarks/compare_load.py [--before REV] [--sample 400] [--parse 3000] [--size 30000[,100000]]
                                      [--repeat 3] [--data ../shared/data] [--workdir DIR]

`--before` (default: where this branch left main, `git merge-base HEAD main`) is exported with
`git archive`; the other version is this working tree. Each load runs `load.load_paths` in a child
process with that version first on its path (same Python, same packages), into a fresh database.

1. Same tables: the seeds, and the first `--sample` articles of ECB+ and of Reuters, loaded by both
   versions; the `articles` (all columns but `id` and `loaded_at`), `sentences` and `figures`
   tables must be equal row for row.
2. Parsing: the CPU time of `load.parse_article` alone (cleaning, layout, metadata, sentences,
   figures) over the first `--parse` Reuters articles, serial, best of `--repeat`, alternating.
3. Speed: the Reuters corpus of about `--size` sentences that benchmarks/bench.py builds (each size
   given, in turn), loaded (`load --no-match`: parsing, figures, writes, the repeated-sentence
   pass) by each version in turn, `--repeat` times, alternating, so that both see the same load on the machine; its tables
   are compared too. Wall time, and CPU time (the process and its worker processes), which a busy
   shared machine disturbs less. Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Dict, List

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import bench  # noqa: E402  (the corpus builder)
from revisions import CHILD_PRELUDE, MODULE_FINDER, before_revision, differences, export, fresh, run_child, sample, sample_inputs  # noqa: E402

CHILD = CHILD_PRELUDE + """
load_paths = crosscheck("ingest.load", "load").load_paths

db = sqlite_utils.Database(sys.argv[2])
started, cpu_started = time.perf_counter(), cpu()
report = load_paths(db, sys.argv[3:])
print(json.dumps({"seconds": time.perf_counter() - started, "cpu": cpu() - cpu_started, "errors": len(report.errors),
                  "module": datasette_crosscheck.__file__}))
"""
# parse_article alone, serial, on one core: the CPU time of the pure part of the load, which a busy
# machine disturbs less than the wall time of a whole load
PARSE_CHILD = """
import importlib, json, sys, time
sys.path.insert(0, sys.argv[1])
import datasette_crosscheck
""" + MODULE_FINDER + """
formats, load = crosscheck("ingest.formats", "formats"), crosscheck("ingest.load", "load")
items = [item for item in formats.read_inputs([sys.argv[2]]) if isinstance(item, formats.ArticleInput)]
started = time.process_time()
for item in items:
    load.parse_article(item)
print(json.dumps({"cpu": time.process_time() - started, "articles": len(items), "module": datasette_crosscheck.__file__}))
"""
TABLES = {
    "articles": "select * from articles order by id",
    "sentences": "select * from sentences order by id",
    "figures": "select * from figures order by id",
}
SKIPPED_COLUMNS = {"articles": {"id", "loaded_at"}}  # the time of the load differs, by design


def load(tree: Path, db: Path, paths: List[str]) -> dict:
    """Load `paths` into a fresh database at `db` with the version in `tree`."""
    fresh(db)
    return run_child(CHILD, tree, db, *paths)


def parse_cpu(tree: Path, path: Path) -> dict:
    return run_child(PARSE_CHILD, tree, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before")
    parser.add_argument("--sample", type=int, default=400)
    parser.add_argument("--size", type=lambda text: [int(n) for n in text.split(",") if n], default=[30000],
                        help="sentences of the Reuters corpus loaded; several, comma-separated, are loaded in turn (0: skip)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parse", type=int, default=3000, help="Reuters articles for the parse-only CPU time (0: skip)")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    before_rev = before_revision(args.before)
    with tempfile.TemporaryDirectory(dir=args.workdir) as work:
        work = Path(work)
        trees = {"before": export(before_rev, work), "after": ROOT}
        inputs = sample_inputs(args.data, args.sample, work)
        print(f"before: {before_rev[:10]}; after: this working tree\n")
        print("| input | table | before vs after |\n| --- | --- | --- |")
        for name, paths in inputs.items():
            for version, tree in trees.items():
                load(tree, work / f"{version}.db", paths)
            for table, verdict in differences(work / "before.db", work / "after.db", TABLES, SKIPPED_COLUMNS).items():
                print(f"| {name} | {table} | {verdict} |")
        if not (args.data / "reuters21578.jsonl").exists():
            return
        if args.parse:
            articles = sample(args.data / "reuters21578.jsonl", args.parse, work / "parse.jsonl")
            cpu = {version: [] for version in trees}
            for _ in range(args.repeat):
                for version, tree in trees.items():
                    cpu[version].append(parse_cpu(tree, articles)["cpu"])
            b, a = min(cpu["before"]), min(cpu["after"])
            each = " / ".join(f"{x:.2f}" for x in cpu["before"]), " / ".join(f"{x:.2f}" for x in cpu["after"])
            print(f"\n| parse_article, {args.parse:,} Reuters articles, serial (best of {args.repeat}, alternating) | before | after | after / before |")
            print("| --- | --- | --- | --- |")
            print(f"| CPU s (runs: {each[0]} vs {each[1]}) | {b:.2f} | {a:.2f} | {a / b:.2f} |")
        for size in filter(None, args.size):
            load_speed(trees, args, size, work)


def load_speed(trees: Dict[str, Path], args, size: int, work: Path) -> None:
    """Step 3 for a corpus of about `size` sentences: the tables compared, and the timings."""
    corpus = work / f"corpus-{size}"
    bench.write_corpus(bench.read_articles(args.data / "reuters21578.jsonl"), size, corpus)
    runs = {version: [] for version in trees}
    for _ in range(args.repeat):
        for version, tree in trees.items():
            runs[version].append(load(tree, work / f"{version}.db", [str(corpus)]))
    sentences = sqlite3.connect(work / "after.db").execute("select count(*) from sentences").fetchone()[0]
    print()
    for table, verdict in differences(work / "before.db", work / "after.db", TABLES, SKIPPED_COLUMNS).items():
        print(f"| Reuters corpus of {sentences:,} sentences | {table} | {verdict} |")
    print(f"\n| load of {sentences:,} sentences (median of {args.repeat}, alternating) | before | after | after / before |")
    print("| --- | --- | --- | --- |")
    for key, what in (("seconds", "wall s"), ("cpu", "CPU s (process and workers)")):
        before, after = ([run[key] for run in runs[version]] for version in trees)
        b, a = statistics.median(before), statistics.median(after)
        each = " / ".join(f"{x:.1f}" for x in before), " / ".join(f"{x:.1f}" for x in after)
        print(f"| {what} (runs: {each[0]} vs {each[1]}) | {b:.1f} | {a:.1f} | {a / b:.2f} |")
    print(f"| CPU us per sentence | {statistics.median(r['cpu'] for r in runs['before']) / sentences * 1e6:.0f} "
          f"| {statistics.median(r['cpu'] for r in runs['after']) / sentences * 1e6:.0f} | |")

if __name__ == "__main__":
    main()
