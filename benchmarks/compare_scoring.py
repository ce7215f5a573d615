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
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import bench  # noqa: E402  (the corpus builder, the PSS sampler)
from compare_load import before_revision, export, sample_inputs  # noqa: E402

CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
import sqlite_utils
import datasette_crosscheck
from datasette_crosscheck import match

def cpu():
    return sum(u.ru_utime + u.ru_stime for u in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))

stages = {}
def timed(name, function):
    def run(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            stages[name] = stages.get(name, 0.0) + time.perf_counter() - started
    return run

for name in ("read_units", "score_candidates"):
    setattr(match, name, timed(name, getattr(match, name)))
db = sqlite_utils.Database(sys.argv[2])
started, cpu_started = time.perf_counter(), cpu()
summary = match.match_database(db, match.MatchOptions(workers=int(sys.argv[3]) or None))
print(json.dumps({"seconds": time.perf_counter() - started, "cpu": cpu() - cpu_started, **stages,
                  "summary": summary, "module": datasette_crosscheck.__file__}))
"""
TABLES = ("matches", "differences", "statements", "statement_sentences", "stories")


def load(db: Path, paths: List[str]) -> None:
    for old in db.parent.glob(db.name + "*"):
        old.unlink()
    # records without text are reported and skipped (the exit status says so): only a missing database is a failure
    subprocess.run([sys.executable, "-m", "datasette", "crosscheck", "load", str(db), *paths, "--no-match", "-q"], capture_output=True)
    if not db.exists():
        raise SystemExit(f"loading {paths} wrote no database")


def run_match(tree: Path, loaded: Path, db: Path, workers: int) -> dict:
    """Match a copy of `loaded` with the version in `tree`; its timings and peak PSS."""
    for old in db.parent.glob(db.name + "*"):
        old.unlink()
    shutil.copy(loaded, db)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tree), str(db), str(workers)], stdout=subprocess.PIPE, text=True)
    sampler = bench.MemorySampler(child.pid)
    sampler.start()
    out, _ = child.communicate()
    sampler.done.set()
    sampler.join()
    if child.returncode:
        raise SystemExit(f"match by {tree} failed ({child.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    if not result["module"].startswith(str(tree)):
        raise SystemExit(f"the child imported {result['module']}, not the version in {tree}")
    return {**result, "pss_mb": sampler.peak}


def differences(a: Path, b: Path) -> Dict[str, str]:
    """Per match table: 'same (N rows)' or what differs first."""
    found = {}
    left, right = sqlite3.connect(a), sqlite3.connect(b)
    for table in TABLES:
        x, y = (list(conn.execute(f"select * from [{table}] order by 1, 2, 3")) for conn in (left, right))
        if x == y:
            found[table] = f"same ({len(x):,} rows)"
            continue
        first = next((n for n, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
        found[table] = f"DIFFERENT: {len(x):,} vs {len(y):,} rows, first at row {first}: {x[first:first + 1]} vs {y[first:first + 1]}"
    return found


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
                    runs[version].append(run_match(tree, db, work / f"{version}.db", args.workers))
            timings[name] = runs
            for table, verdict in differences(work / "before.db", work / "after.db").items():
                print(f"| {name} | {table} | {verdict} |")
        print("\n| input | version | match wall s | CPU s (with workers) | read_units s | score_candidates s | peak PSS MB (with workers) |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for name, runs in timings.items():
            for version, results in runs.items():
                best = min(results, key=lambda r: r["seconds"])
                print(f"| {name} | {version} | {best['seconds']:.1f} | {best['cpu']:.1f} | {best.get('read_units', 0):.1f} | "
                      f"{best.get('score_candidates', 0):.1f} | {best['pss_mb'] or 0:,.0f} |")


if __name__ == "__main__":
    main()
