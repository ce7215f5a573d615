"""What the compare_*.py benchmarks share: the version to compare with, exported with `git archive`; the
small inputs every comparison starts with; one child process that runs a version (its JSON answer checked to
come from that version); the match of a version with some of its passes timed; and the tables of two
databases compared row for row."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Dict, Iterable, Optional, Sequence

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import bench  # noqa: E402  (the PSS sampler)

# how a child finds a module of the version it runs: at its path, or at its old one in a revision from before
# the ingest/ and match/ sub-packages, so that one child script runs on both sides of that move
MODULE_FINDER = """
import importlib

def crosscheck(module, before_subpackages):
    try:
        return importlib.import_module("datasette_crosscheck." + module)
    except ModuleNotFoundError:
        return importlib.import_module("datasette_crosscheck." + before_subpackages)
"""

# what every child script opens with: the version given first on its path, and the CPU time it and its workers spent
CHILD_PRELUDE = """
import importlib, json, resource, sys, time
sys.path.insert(0, sys.argv[1])
import sqlite_utils
import datasette_crosscheck
""" + MODULE_FINDER + """
def cpu():
    return sum(u.ru_utime + u.ru_stime for u in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))
"""

# the match of one version: `match.match_database`, the module functions named after the database and the
# worker count timed by wrapping them (the wrappers are the same in both versions)
MATCH_CHILD = CHILD_PRELUDE + """
match = crosscheck("match.pipeline", "match")

spent = {name: 0.0 for name in sys.argv[4:]}

def timed(name, function):
    def run(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - started
    return run

for name in spent:
    setattr(match, name, timed(name, getattr(match, name)))
db = sqlite_utils.Database(sys.argv[2])
started, cpu_started = time.perf_counter(), cpu()
summary = match.match_database(db, match.MatchOptions(workers=int(sys.argv[3]) or None))
seconds, cpu_seconds = time.perf_counter() - started, cpu() - cpu_started
kept = db.execute("select count(*) from matches").fetchone()[0]
print(json.dumps({"seconds": seconds, "cpu": cpu_seconds, "kept": kept, "timed": spent, "summary": summary,
                  "module": datasette_crosscheck.__file__}))
"""


def before_revision(before) -> str:
    """The version to compare with: `before`, or where this branch left main."""
    return before or subprocess.run(
        ["git", "-C", str(ROOT), "merge-base", "HEAD", "main"], check=True, capture_output=True, text=True
    ).stdout.strip()


def export(rev: str, into: Path) -> Path:
    """The package as it was at `rev`, in a folder of its own."""
    archive = into / "before.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), rev, "datasette_crosscheck"], check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "before", filter="data")
    return into / "before"


def sample(source: Path, count: int, out: Path) -> Path:
    """The first `count` lines of a JSONL file."""
    with open(source, encoding="utf-8") as fp, open(out, "w", encoding="utf-8") as dest:
        for n, line in enumerate(fp):
            if n == count:
                break
            dest.write(line)
    return out


def sample_inputs(data: Path, count: int, work: Path) -> dict:
    """The small inputs every comparison starts with: the seeds, and the first `count` articles of ECB+
    and of Reuters (left out, with a word on stderr, when ../shared/data does not have them)."""
    inputs = {"seeds": [str(ROOT / "seeds")]}
    for name, file in (("ECB+", "ecbplus.jsonl"), ("Reuters", "reuters21578.jsonl")):
        if (data / file).exists():
            inputs[f"{name} (first {count} articles)"] = [str(sample(data / file, count, work / file))]
        else:
            print(f"{data / file} is absent: {name} left out", file=sys.stderr)
    return inputs


def fresh(db: Path) -> None:
    """No database at `db` (nor its -wal, -shm), so that a run starts from nothing."""
    for old in db.parent.glob(db.name + "*"):
        old.unlink()


def run_child(script: str, tree: Path, *args, memory: bool = False) -> dict:
    """`python -c script TREE ARGS...`, the script putting the version in `tree` first on its path: the JSON
    of its last line, which must name a module of that version; with `memory`, also "pss_mb", the peak PSS
    of the child and its workers (sampled, as bench.py does)."""
    child = subprocess.Popen([sys.executable, "-c", script, str(tree), *map(str, args)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = bench.MemorySampler(child.pid) if memory else None
    if sampler:
        sampler.start()
    out, err = child.communicate()
    if sampler:
        sampler.done.set()
        sampler.join()
    if child.returncode:
        raise SystemExit(f"a child run by {tree} failed ({child.returncode}):\n{err[-3000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    if not result["module"].startswith(str(tree)):
        raise SystemExit(f"the child imported {result['module']}, not the version in {tree}")
    return {**result, "pss_mb": sampler.peak} if sampler else result


def run_match(tree: Path, loaded: Path, db: Path, workers: Optional[int], timed: Sequence[str] = (),
              memory: bool = False) -> dict:
    """Match a copy of the `loaded` database, at `db`, with the version in `tree` (`workers` processes;
    None or 0: one per core). "seconds", "cpu" (with workers), "kept" (matches), "summary", and "timed":
    the seconds spent in each of the `match` module's functions named in `timed`."""
    fresh(db)
    shutil.copyfile(loaded, db)
    return run_child(MATCH_CHILD, tree, db, workers or 0, *timed, memory=memory)


def rows_of(conn: sqlite3.Connection, sql: str, skipped: Iterable[str] = ()) -> list:
    """The rows `sql` lists, less the columns named in `skipped`."""
    cursor, skipped = conn.execute(sql), set(skipped)
    if not skipped:
        return cursor.fetchall()
    keep = [n for n, column in enumerate(cursor.description) if column[0] not in skipped]
    return [tuple(row[n] for n in keep) for row in cursor]


def differences(a: Path, b: Path, tables: Dict[str, str], skipped: Optional[Dict[str, set]] = None) -> Dict[str, str]:
    """Per table of `tables` (its name: the query that lists its rows in a fixed order), the databases `a`
    and `b` compared, a table at a time: 'same (N rows)' or what differs first. `skipped[table]`: columns
    left out (those that differ by design, such as the time of a load)."""
    found = {}
    left, right = sqlite3.connect(a), sqlite3.connect(b)
    try:
        for table, sql in tables.items():
            x, y = (rows_of(conn, sql, (skipped or {}).get(table, ())) for conn in (left, right))
            if x == y:
                found[table] = f"same ({len(x):,} rows)"
                continue
            first = next((n for n, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
            found[table] = (f"DIFFERENT: {len(x):,} vs {len(y):,} rows, first at row {first}: "
                            f"{x[first:first + 1]} vs {y[first:first + 1]}")
    finally:
        left.close()
        right.close()
    return found
