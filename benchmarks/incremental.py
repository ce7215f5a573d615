"""An incremental load: 1,000 new articles into a matched corpus, against the full load beside it.

    python benchmarks/incremental.py --sizes 100000 [300000] [--new 714] [--workdir DIR] [--data FILE]

For each size it writes bench.py's corpus of about that many sentences from the Reuters articles but
the last `--new` (held out), and a folder of new articles: those held out (outlet "Reuters") and
perturbed copies of 20% of them in each of the corpus' two first copy outlets (1,000 articles for
the default 714). Timed in child processes, as bench.py times them: the full load of the corpus
(load + match), then `load` of the new articles into a copy of it, twice: as it runs, and with the
stored states removed first (story_state.py and clause_state.py: the stories pass and the matcher
then read every article's analysis, as they did before the states existed, and write them again).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402  (the corpus and the timed CLI steps)


def write_new_articles(new: list, outlets: list, folder: Path, seed: int = 7) -> None:
    """The held-out originals, and perturbed copies of 20% of them in each of `outlets`."""
    folder.mkdir(parents=True, exist_ok=True)
    bench.write_jsonl(folder / "reuters.jsonl", (dict(a, outlet=bench.ORIGINAL_OUTLET) for a in new))
    copied = random.Random(seed).sample(new, round(len(new) * bench.COPY_SHARE))
    for outlet in outlets:
        rows = (
            dict(a, id=bench.copy_id(a["id"], outlet), outlet=outlet,
                 text=bench.perturb_text(a["text"], random.Random(f"{seed}:{a['id']}:{outlet}")))
            for a in copied
        )
        bench.write_jsonl(folder / (outlet.lower().replace(" ", "-") + ".jsonl"), rows)


def copy_db(source: Path, target: Path, without_state: bool = False) -> Path:
    with sqlite3.connect(source) as a, sqlite3.connect(target) as b:
        a.backup(b)
        if without_state:
            b.execute("delete from story_state")
            b.execute("delete from clause_state")
    return target


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000], help="corpus sizes in sentences")
    parser.add_argument("--new", type=int, default=714, help="articles held out as new originals")
    parser.add_argument("--data", type=Path, default=bench.DEFAULT_DATA, help="reuters21578.jsonl")
    parser.add_argument("--workdir", type=Path, help="keep corpora and databases here (default: a temporary folder)")
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    articles = bench.read_articles(args.data)
    old, new = articles[: -args.new], articles[-args.new :]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="crosscheck-incremental-"))
    workdir.mkdir(parents=True, exist_ok=True)
    rows = ["| corpus | full load + match | incremental load of the new articles | same, every article read (states removed) |",
            "| --- | --- | --- | --- |"]
    try:
        for size in args.sizes:
            folder, fresh, db, log = workdir / f"corpus-{size}", workdir / f"new-{size}", workdir / f"n{size}.db", workdir / "cli.log"
            if not folder.exists():
                bench.write_corpus(old, size, folder)
            outlets = sorted(bench.corpus_plan(old, size)[1])[:2]
            if not fresh.exists():
                write_new_articles(new, outlets, fresh)
            for path in workdir.glob(f"n{size}*.db*"):
                path.unlink()
            full = bench.run_step(["load", str(db), str(folder), "-q"], log)
            incremental = bench.run_step(["load", str(copy_db(db, workdir / f"n{size}-a.db")), str(fresh), "-q"], log)
            reading_all = bench.run_step(["load", str(copy_db(db, workdir / f"n{size}-b.db", True)), str(fresh), "-q"], log)
            with sqlite3.connect(db) as conn:
                sentences = conn.execute("select count(*) from sentences").fetchone()[0]
            rows.append(f"| {sentences:,} sentences | {full.seconds:.1f} s | {incremental.seconds:.1f} s | {reading_all.seconds:.1f} s |")
            print("\n".join(rows), file=sys.stderr, flush=True)
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"Run on {bench.machine()}.\n\n" + "\n".join(rows))


if __name__ == "__main__":
    main()
