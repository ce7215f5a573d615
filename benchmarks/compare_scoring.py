"""Does a change to the candidate stage keep the matcher's output, and what does it do to read_units,
score_candidates and peak memory? Two versions side by side. (compare_match.py times the differences and
statements passes; this one the stages before them and the PSS.)

    python benchmarks/compare_scoring.py [--before REV] [--sample 400] [--sizes 30000 100000]
                                       [--repeat 1] [--data ../shared/data] [--workdir DIR]
                                       [--db NAME=PATH ...]

`--before` (default: `git merge-base HEAD main`) is exported with `git archive`; the other version
is this working tree. Each input is loaded once (`load --no-match`, by this tree), copied, and
matched by each version (`match.match_database` in a child process with that version first on its
path). `--db NAME=PATH` adds a database already loaded (copied first, never written).

1. Same tables: every match table (matches, differences, statements, statement_sentences, stories)
   must be equal row for row, on the seeds, the first `--sample` articles of ECB+ and of Reuters,
   and each benchmark corpus.
2. Speed and memory on the Reuters corpora that benchmarks/bench.py builds (`--sizes`): wall time,
   CPU time (the process and its workers), the time of `read_units` and `score_candidates`, and the
   peak PSS of the process and its workers (sampled, as bench.py does), versions alternating.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import bench  # noqa: E402  (the corpus builder)
from revisions import before_revision, differences, export, fresh, run_match, sample_inputs  # noqa: E402

TIMED = ("read_units", "score_candidates")  # the stages timed
TABLES = {table: f"select * from [{table}] order by 1, 2, 3"
          for table in ("matches", "differences", "statements", "statement_sentences", "stories")}


def load(db: Path, paths: List[str]) -> None:
    fresh(db)
    # records without text are reported and skipped (the exit status says so): only a missing database is a failure
    subprocess.run([sys.executable, "-m", "datasette", "crosscheck", "load", str(db), *paths, "--no-match", "-q"], capture_output=True)
    if not db.exists():
        raise SystemExit(f"loading {paths} wrote no database")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before")
    parser.add_argument("--sample", type=int, default=400)
    parser.add_argument("--sizes", type=int, nargs="*", default=[30000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workers", type=int, default=0, help="processes for the match (0: one per core)")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--db", nargs="*", default=[], help="NAME=PATH of databases already loaded")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    before_rev = before_revision(args.before)
    with tempfile.TemporaryDirectory(dir=args.workdir) as work:
        work = Path(work)
        trees = {"before": export(before_rev, work), "after": ROOT}
        loaded = {}
        inputs = sample_inputs(args.data, args.sample, work)
        if (args.data / "reuters21578.jsonl").exists():
            articles = bench.read_articles(args.data / "reuters21578.jsonl")
            for size in args.sizes:
                bench.write_corpus(articles, size, work / f"corpus-{size}")
                inputs[f"Reuters corpus ({size:,})"] = [str(work / f"corpus-{size}")]
        for n, (name, paths) in enumerate(inputs.items()):
            load(work / f"input-{n}.db", paths)
            loaded[name] = work / f"input-{n}.db"
        for spec in args.db:
            name, path = spec.split("=", 1)
            loaded[name] = Path(path)
        print(f"before: {before_rev[:10]}; after: this working tree\n")
        print("| input | table | before vs after |\n| --- | --- | --- |")
        timings = {}
        for name, db in loaded.items():
            runs = {version: [] for version in trees}
            for _ in range(args.repeat):
                for version, tree in trees.items():
                    runs[version].append(run_match(tree, db, work / f"{version}.db", args.workers, TIMED, memory=True))
            timings[name] = runs
            for table, verdict in differences(work / "before.db", work / "after.db", TABLES).items():
                print(f"| {name} | {table} | {verdict} |")
        print("\n| input | version | match wall s | CPU s (with workers) | read_units s | score_candidates s | peak PSS MB (with workers) |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for name, runs in timings.items():
            for version, results in runs.items():
                best = min(results, key=lambda r: r["seconds"])
                print(f"| {name} | {version} | {best['seconds']:.1f} | {best['cpu']:.1f} | {best['timed']['read_units']:.1f} | "
                      f"{best['timed']['score_candidates']:.1f} | {best['pss_mb'] or 0:,.0f} |")


if __name__ == "__main__":
    main()
