"""End-to-end speed, memory and recall of `datasette crosscheck load` + `match` on Reuters-21578.

    python benchmarks/bench.py --sizes 10000 100000 [--brute 10000 30000] [--out FILE]
                               [--data ../shared/data/reuters21578.jsonl] [--workdir DIR] [--profile]

For each size N it writes a corpus of about N sentences as JSONL files: Reuters articles (outlet
"Reuters") plus perturbed copies as other outlets (a word dropped or swapped for a near synonym in
each sentence, a number changed in some), so the true cross-outlet matches are known. Up to 1.4x the
data set, 20% of the articles get two copies ("Copy A", "Copy B"); beyond that, the whole set is
copied as many times as needed ("Copy 1", "Copy 2", ...).

Timed steps run the real CLI in a child process (reading, cleaning, segmenting, figures, SQLite
writes; then matching), and each step's peak memory is that child's own high-water RSS (VmHWM).
At the --brute sizes, plain rapidfuzz `process.cdist` over the same sentences runs side by side.
On the largest corpus the crosscheck pages are timed through Datasette's internal client.
One Markdown table is printed and written to --out.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

import numpy as np

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parents[1] / "shared" / "data" / "reuters21578.jsonl"
ORIGINAL_OUTLET = "Reuters"
COPY_SHARE = 0.2  # share of the articles copied, for corpora up to 1 + 2 * COPY_SHARE times the data set
NUMBER_SHARE = 0.25  # share of the sentences stating a number whose copy changes one
BRUTE_CUTOFF = 90  # fuzz.ratio at which brute force calls two sentences near-duplicates
# The child writes its peak RSS (VmHWM) on exit. Not ru_maxrss: on Linux a child spawned with vfork
# inherits its parent's high-water mark at exec, so every step would report this process's peak.
# Not the working directory first on the path (python -c puts it there, before PYTHONPATH): PYTHONPATH picks
# the tree measured, so that two versions run side by side from any directory (from the root, both ran main).
CHILD = """
import atexit, os, sys
sys.path[:] = [p for p in sys.path if p != '']
def write_peak():
    with open('/proc/self/status') as status:
        peak = [line.split()[1] for line in status if line.startswith('VmHWM:')]
    with open(os.environ['BENCH_PEAK_FILE'], 'w') as out:
        out.write(peak[0])
if os.path.exists('/proc/self/status'):
    atexit.register(write_peak)
from datasette.cli import cli
cli()
"""
CLI = [sys.executable, "-c", CHILD, "crosscheck"]

# Near synonyms for the word swaps: common newswire words, so that a swap happens in most sentences.
SYNONYMS = {
    "said": "stated", "says": "states", "rose": "increased", "fell": "declined", "company": "firm",
    "expected": "anticipated", "about": "around", "also": "additionally", "would": "will",
    "shares": "stock", "total": "overall", "sales": "revenues", "officials": "sources",
    "government": "administration", "told": "informed", "added": "noted", "increase": "rise",
    "compared": "set against", "billion": "billions", "market": "markets", "prices": "rates",
    "agreed": "consented", "plans": "intends", "because": "since", "major": "large", "new": "fresh",
    "last": "previous", "week": "week's", "reported": "announced", "profit": "earnings",
}
WORD = re.compile(r"\b[a-z]{3,}\b")  # lower-case words only: names and abbreviations stay intact
NUMBER = re.compile(r"\d+")
SENTENCE_BREAK = re.compile(r"(?<=[.!?])(\s+)(?=[A-Z\"(])")  # a rough splitter, good enough to perturb each sentence


# The corpus ---------------------------------------------------------------------------------------


def read_articles(path: Path) -> List[dict]:
    with open(path, encoding="utf-8") as fp:
        return [record for record in map(json.loads, fp) if record.get("text", "").strip()]


def estimated_sentences(text: str) -> int:
    return len(SENTENCE_BREAK.findall(text)) + 1


def perturb_sentence(sentence: str, rng: random.Random) -> str:
    """Drop a word or swap one for a near synonym; in some sentences also change a number."""
    numbers = list(NUMBER.finditer(sentence))
    if numbers and rng.random() < NUMBER_SHARE:
        m = rng.choice(numbers)
        digit = (int(m.group()[-1]) + rng.randint(1, 9)) % 10
        sentence = sentence[: m.end() - 1] + str(digit) + sentence[m.end() :]
    words = list(WORD.finditer(sentence))
    swappable = [m for m in words if m.group() in SYNONYMS]
    if swappable and rng.random() < 0.5:
        m = rng.choice(swappable)
        return sentence[: m.start()] + SYNONYMS[m.group()] + sentence[m.end() :]
    if len(words) < 2:
        return sentence
    m = rng.choice(words)
    end = m.end() + 1 if sentence[m.end() : m.end() + 1] == " " else m.end()
    return sentence[: m.start()] + sentence[end:]


def perturb_text(text: str, rng: random.Random) -> str:
    """Each rough sentence perturbed; whitespace, line breaks and punctuation kept, so that the
    copy segments into as many sentences as the original."""
    parts = SENTENCE_BREAK.split(text)  # sentence, break, sentence, break, ...
    return "".join(part if n % 2 else perturb_sentence(part, rng) for n, part in enumerate(parts))


def copy_id(original_id: str, outlet: str) -> str:
    return f"{original_id}~{outlet}"


def corpus_plan(articles: List[dict], size: int, copies: Optional[int] = None) -> Tuple[List[dict], Dict[str, List[dict]]]:
    """(originals, outlet -> the originals it copies) for a corpus of about `size` sentences.
    With `copies`, the first articles of about size / (copies + 1) sentences are each copied
    `copies` times: a small corpus built as a large one is (every sentence with `copies` partners)."""
    estimates = [estimated_sentences(a["text"]) for a in articles]
    whole = sum(estimates)
    if copies is not None:
        originals = _first_articles(articles, estimates, size / (copies + 1))
        return originals, {f"Copy {n}": originals for n in range(1, copies + 1)}
    if size <= whole * (1 + 2 * COPY_SHARE):
        originals = _first_articles(articles, estimates, size / (1 + 2 * COPY_SHARE))
        rng = random.Random(size)
        copied = [a for a in originals if rng.random() < COPY_SHARE]
        return originals, {"Copy A": copied, "Copy B": copied}
    copies = max(1, round(size / whole) - 1)
    return articles, {f"Copy {n}": articles for n in range(1, copies + 1)}


def _first_articles(articles: List[dict], estimates: List[int], sentences: float) -> List[dict]:
    """The first articles, in file order (neighbours share news days), up to about `sentences`."""
    originals, total = [], 0
    for article, estimate in zip(articles, estimates):
        if total >= sentences:
            break
        originals.append(article)
        total += estimate
    return originals


def write_corpus(articles: List[dict], size: int, folder: Path, seed: int = 0, copies: Optional[int] = None) -> None:
    """JSONL files, one per outlet, in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    originals, copies = corpus_plan(articles, size, copies)
    write_jsonl(folder / "reuters.jsonl", (dict(a, outlet=ORIGINAL_OUTLET) for a in originals))
    for outlet, copied in copies.items():
        rows = (
            dict(a, id=copy_id(a["id"], outlet), outlet=outlet,
                 text=perturb_text(a["text"], random.Random(f"{seed}:{a['id']}:{outlet}")))
            for a in copied
        )
        write_jsonl(folder / (outlet.lower().replace(" ", "-") + ".jsonl"), rows)


def write_jsonl(path: Path, rows) -> None:
    with open(path, "w", encoding="utf-8") as fp:
        for row in rows:
            fp.write(json.dumps(row, ensure_ascii=False) + "\n")


# Running the CLI ----------------------------------------------------------------------------------


@dataclass
class Step:
    seconds: float
    peak_mb: float  # the main process's peak RSS
    tree_peak_mb: Optional[float] = None  # the most that it and its worker processes held at once (PSS)


def tree_memory_mb(pid: int) -> Optional[float]:
    """Proportional set size of a process and its descendants (shared pages counted once), or None
    where /proc does not tell."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as rollup:
                total += sum(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
            with open(f"/proc/{current}/task/{current}/children") as children:
                todo.extend(int(c) for c in children.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            if current == pid:
                return None
    return total / 1024


class MemorySampler(threading.Thread):
    """Samples tree_memory_mb(pid) every `interval` seconds and keeps the highest."""

    def __init__(self, pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak, self.done = pid, interval, None, threading.Event()

    def run(self):
        while not self.done.wait(self.interval):
            sample = tree_memory_mb(self.pid)
            if sample is not None:
                self.peak = max(self.peak or 0.0, sample)


def run_step(args: List[str], log: Path) -> Step:
    """Run `datasette crosscheck ARGS` in a child; its wall time, its own peak RSS, and the peak of
    it and its workers together (sampled)."""
    peak_file = log.with_name("peak.txt")
    peak_file.unlink(missing_ok=True)
    started = time.perf_counter()
    with open(log, "ab") as out:
        out.write(f"\n$ datasette crosscheck {' '.join(args)}\n".encode())
        out.flush()
        env = dict(os.environ, BENCH_PEAK_FILE=str(peak_file))
        child = subprocess.Popen(CLI + args, stdout=out, stderr=subprocess.STDOUT, env=env)
        sampler = MemorySampler(child.pid)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        sampler.done.set()
        sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"`datasette crosscheck {' '.join(args)}` failed ({child.returncode}): see {log}")
    if peak_file.exists():
        return Step(seconds, int(peak_file.read_text()) / 1024, sampler.peak)
    # no /proc: ru_maxrss, which may include this process's own peak (see CHILD)
    return Step(seconds, usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024))


def profile_load(folder: Path, db: Path, out: Path, top: int = 15) -> str:
    """cProfile of a load (no match) in a child; the `top` functions by own time, as text."""
    import io
    import pstats

    for path in db.parent.glob(db.name + "*"):
        path.unlink()  # a fresh load, not "unchanged"
    code = (
        "import cProfile, sys; sys.path[:] = [p for p in sys.path if p != '']; from datasette.cli import cli; "
        f"cProfile.run('cli(standalone_mode=False)', {str(out)!r})"
    )
    subprocess.run([sys.executable, "-c", code, "crosscheck", "load", str(db), str(folder), "--no-match", "-q"], check=True)
    text = io.StringIO()
    pstats.Stats(str(out), stream=text).sort_stats("tottime").print_stats(top)
    return text.getvalue()


# What the database holds --------------------------------------------------------------------------


@dataclass
class Corpus:
    articles: int = 0
    sentences: int = 0
    compared: int = 0  # body sentences not flagged as boilerplate: what the matcher compares
    matches: Set[Tuple[int, int]] = field(default_factory=set)
    statements: int = 0
    conflicts: int = 0
    planted: Set[Tuple[int, int]] = field(default_factory=set)  # (original sentence, its copy)
    twins: Set[Tuple[int, int]] = field(default_factory=set)  # two copies of one sentence
    misaligned: int = 0  # copies that did not segment into as many sentences as their original
    claims: Set[int] = field(default_factory=set)  # sentences with a clause the matcher compares


def pair(a: int, b: int) -> Tuple[int, int]:
    return (a, b) if a < b else (b, a)


def read_corpus(db: Path) -> Corpus:
    conn = sqlite3.connect(db)
    corpus = Corpus()
    corpus.articles = conn.execute("select count(*) from articles").fetchone()[0]
    corpus.sentences = conn.execute("select count(*) from sentences").fetchone()[0]
    corpus.statements = conn.execute("select count(*) from statements").fetchone()[0]
    corpus.conflicts = conn.execute("select count(*) from statements where figure_conflict").fetchone()[0]
    corpus.matches = {pair(a, b) for a, b in conn.execute("select sentence_a, sentence_b from matches")}
    sentences: Dict[int, list] = {}
    for article_id, sentence_id, usable in conn.execute(
        "select article_id, id, kind = 'body' and boilerplate = 0 from sentences order by article_id, position"
    ):
        sentences.setdefault(article_id, []).append((sentence_id, usable))
    record_ids = {source.rsplit("#", 1)[-1]: article_id for article_id, source in conn.execute("select id, source from articles")}
    copies_of: Dict[str, List[int]] = {}
    for record_id, article_id in record_ids.items():
        if "~" in record_id:
            copies_of.setdefault(record_id.split("~")[0], []).append(article_id)
    corpus.compared = sum(usable for rows in sentences.values() for _, usable in rows)
    for original_id, copies in copies_of.items():
        original = sentences.get(record_ids.get(original_id), [])
        aligned = [c for c in copies if len(sentences.get(c, [])) == len(original)]
        corpus.misaligned += len(copies) - len(aligned)
        for n, (sentence_id, usable) in enumerate(original):
            siblings = [sentences[c][n] for c in aligned if sentences[c][n][1]]
            if usable:
                corpus.planted.update(pair(sentence_id, s) for s, _ in siblings)
            corpus.twins.update(pair(a, b) for k, (a, _) in enumerate(siblings) for b, _ in siblings[k + 1 :])
    conn.close()
    corpus.claims = claim_sentences(db)
    return corpus


def claim_sentences(db: Path) -> Set[int]:
    """Sentences with at least one clause that states a claim (match.states_a_claim: three words
    besides its figures, two of them saying what is claimed), the ones the matcher pairs across stories."""
    import sqlite_utils

    try:
        from datasette_crosscheck.match.pipeline import CLAIM, MatchOptions, read_units
    except ModuleNotFoundError:  # a tree from before the sub-packages, measured side by side
        from datasette_crosscheck.match import CLAIM, MatchOptions, read_units
    from datasette_crosscheck.parallel import worker_pool

    with worker_pool() as pmap:
        return {u.sentence_id for u in read_units(sqlite_utils.Database(db), MatchOptions(), pmap) if u.claim == CLAIM}


def share(part: int, whole: int) -> Optional[float]:
    return part / whole if whole else None


# Brute force --------------------------------------------------------------------------------------


def brute_force(db: Path, cutoff: int = BRUTE_CUTOFF) -> Tuple[float, Set[Tuple[int, int]]]:
    """(seconds, cross-outlet sentence pairs at fuzz.ratio >= cutoff) by rapidfuzz over every pair
    of the sentences the matcher compares."""
    from rapidfuzz import fuzz, process

    conn = sqlite3.connect(db)
    rows = conn.execute(
        "select s.id, a.outlet, s.text from sentences s join articles a on a.id = s.article_id "
        "where s.kind = 'body' and s.boilerplate = 0 order by s.id"
    ).fetchall()
    conn.close()
    ids = np.array([r[0] for r in rows])
    _, outlets = np.unique([r[1] or "" for r in rows], return_inverse=True)
    texts = [r[2] for r in rows]
    started = time.perf_counter()
    scores = process.cdist(texts, texts, scorer=fuzz.ratio, workers=-1, score_cutoff=cutoff, dtype=np.uint8)
    i, j = np.nonzero(scores)  # below the cutoff is 0
    seconds = time.perf_counter() - started
    del scores
    keep = (i < j) & (outlets[i] != outlets[j])
    return seconds, {pair(int(a), int(b)) for a, b in zip(ids[i[keep]], ids[j[keep]])}


# Pages --------------------------------------------------------------------------------------------


async def time_pages(db: Path, repeats: int = 3) -> List[Tuple[str, float, float]]:
    """(path, first request ms, median of the next `repeats` ms) for each crosscheck page."""
    from datasette.app import Datasette

    datasette = Datasette([str(db)])
    await datasette.invoke_startup()
    name = db.stem
    timings = []

    async def get(path: str) -> dict:
        times = []
        for _ in range(repeats + 1):
            started = time.perf_counter()
            response = await datasette.client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"GET {path}: HTTP {response.status_code}\n{response.text[:500]}")
        timings.append((path, times[0], statistics.median(times[1:])))
        return response.json()

    listing = await get(f"/{name}/-/crosscheck.json")
    await get(f"/{name}/-/crosscheck.json?conflicts=1")
    if not listing["rows"]:
        return timings
    first = listing["rows"][0]
    await get(f"/{name}/-/crosscheck/{first['id']}.json")
    conn = sqlite3.connect(db)
    article_id = conn.execute("select article_id from sentences where id = ?", [first["representative_sentence_id"]]).fetchone()[0]
    conn.close()
    await get(f"/{name}/-/crosscheck/article/{article_id}.json")
    return timings


# The report ---------------------------------------------------------------------------------------


@dataclass
class Run:
    size: int
    load: Step
    match: Step
    corpus: Corpus
    brute: Optional[Tuple[float, Set[Tuple[int, int]]]] = None

    @property
    def total(self) -> float:
        return self.load.seconds + self.match.seconds


def fmt(value, pattern: str = "{:,}") -> str:
    return "–" if value is None else pattern.format(value)


def percent(value: Optional[float]) -> str:
    return fmt(None if value is None else 100 * value, "{:.1f}%")


def run_rows(run: Run) -> Dict[str, str]:
    c = run.corpus
    known = c.planted | c.twins
    claimed = {(a, b) for a, b in c.planted if a in c.claims and b in c.claims}
    cells = {
        "articles": fmt(c.articles),
        "sentences loaded": fmt(c.sentences),
        "sentences compared (body, not boilerplate)": fmt(c.compared),
        "load s": fmt(run.load.seconds, "{:.1f}"),
        "match s": fmt(run.match.seconds, "{:.1f}"),
        "total s": fmt(run.total, "{:.1f}"),
        "sentences/s (load + match)": fmt(c.sentences / run.total, "{:,.0f}"),
        "peak RSS load MB (main process)": fmt(run.load.peak_mb, "{:,.0f}"),
        "peak RSS match MB (main process)": fmt(run.match.peak_mb, "{:,.0f}"),
        "peak memory load MB (with workers, PSS)": fmt(run.load.tree_peak_mb, "{:,.0f}"),
        "peak memory match MB (with workers, PSS)": fmt(run.match.tree_peak_mb, "{:,.0f}"),
        "matches": fmt(len(c.matches)),
        "statements (with a figure conflict)": f"{c.statements:,} ({c.conflicts:,})",
        "planted pairs (copies misaligned)": f"{len(c.planted):,} ({c.misaligned:,})",
        "recall of planted pairs": percent(share(len(c.planted & c.matches), len(c.planted))),
        "… of those where both sentences state a claim (the others are paired only as short claims in a story, or not at all)":
            f"{percent(share(len(claimed & c.matches), len(claimed)))} of {len(claimed):,}",
        "matches that are planted pairs or two copies of one sentence": percent(share(len(c.matches & known), len(c.matches))),
    }
    if run.brute:
        seconds, found = run.brute
        claims = {(a, b) for a, b in found if a in c.claims and b in c.claims}
        copies = found & known
        cells.update({
            "brute force cdist s (n x n, n = sentences compared)": fmt(seconds, "{:.1f}"),
            "brute force s / our load + match s": fmt(seconds / run.total, "{:.2f}"),
            f"brute force cross-outlet pairs at ratio >= {BRUTE_CUTOFF}": fmt(len(found)),
            "our recall of those pairs": percent(share(len(found & c.matches), len(found))),
            "… of those where both sentences state a claim (match.states_a_claim)": f"{percent(share(len(claims & c.matches), len(claims)))} of {len(claims):,}",
            "… of those that are copies of one sentence (planted or twins)": f"{percent(share(len(copies & c.matches), len(copies)))} of {len(copies):,}",
            f"brute force recall of planted pairs at ratio >= {BRUTE_CUTOFF}": percent(share(len(found & c.planted), len(c.planted))),
        })
    return cells


def markdown_table(runs: List[Run], pages: List[Tuple[str, float, float]], pages_size: int) -> str:
    """Metrics as rows, corpus sizes as columns; page timings under the largest corpus."""
    columns = [run_rows(run) for run in runs]
    metrics = list(dict.fromkeys(m for cells in columns for m in cells))
    header = ["metric"] + [f"~{run.size:,} sentences" for run in runs]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for metric in metrics:
        lines.append("| " + " | ".join([metric] + [cells.get(metric, "–") for cells in columns]) + " |")
    for path, first, warm in pages:
        label = "GET " + re.sub(r"^/[^/]+", "/{db}", path) + " ms (first / warm)"
        cells = [f"{first:,.0f} / {warm:,.0f}" if run.size == pages_size else "–" for run in runs]
        lines.append("| " + " | ".join([label] + cells) + " |")
    return "\n".join(lines)


def machine() -> str:
    import datasette
    import rapidfuzz

    return (
        f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"Datasette {datasette.__version__}, rapidfuzz {rapidfuzz.__version__}"
    )


# Main ---------------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="corpus sizes in sentences")
    parser.add_argument("--brute", type=int, nargs="*", default=[10_000, 30_000], help="sizes to compare with brute force")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "results.md", help="Markdown file for the table")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="reuters21578.jsonl")
    parser.add_argument("--workdir", type=Path, help="keep corpora and databases here (default: a temporary folder)")
    parser.add_argument("--profile", action="store_true", help="also cProfile the load of the smallest corpus")
    parser.add_argument("--copies", type=int, help="copy the first articles this many times (the structure of a "
                        "large corpus at a small size: at 1M sentences the data set is copied 9 times)")
    return parser.parse_args(argv)


def bench_size(articles: List[dict], size: int, workdir: Path, brute: bool, copies: Optional[int] = None) -> Run:
    name = f"{size}" if copies is None else f"{size}x{copies}"
    folder, db, log = workdir / f"corpus-{name}", workdir / f"n{name}.db", workdir / "cli.log"
    if not folder.exists():
        write_corpus(articles, size, folder, copies=copies)
    if db.exists():
        for path in workdir.glob(f"n{name}.db*"):
            path.unlink()
    print(f"~{size:,} sentences: load ...", file=sys.stderr, flush=True)
    load = run_step(["load", str(db), str(folder), "--no-match", "-q"], log)
    print(f"  load {load.seconds:.1f}s; match ...", file=sys.stderr, flush=True)
    match = run_step(["match", str(db), "-q"], log)
    print(f"  match {match.seconds:.1f}s", file=sys.stderr, flush=True)
    run = Run(size, load, match, read_corpus(db))
    if brute:
        print("  brute force ...", file=sys.stderr, flush=True)
        run.brute = brute_force(db)
        print(f"  brute force {run.brute[0]:.1f}s", file=sys.stderr, flush=True)
    return run


def main(argv=None) -> None:
    args = parse_args(argv)
    articles = read_articles(args.data)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="crosscheck-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        sizes = sorted(set(args.sizes) | set(args.brute))
        runs = []
        for size in sizes:
            runs.append(bench_size(articles, size, workdir, size in args.brute, args.copies))
            print(markdown_table(runs, [], 0), file=sys.stderr, flush=True)  # so far, in case a later size fails
        largest = max(args.sizes)
        pages = asyncio.run(time_pages(workdir / f"n{largest}{'' if args.copies is None else f'x{args.copies}'}.db"))
        table = markdown_table(runs, pages, largest)
        profile = profile_load(workdir / f"corpus-{sizes[0]}", workdir / "profile.db", workdir / "load.prof") if args.profile else ""
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    header = f"Run {time.strftime('%Y-%m-%d %H:%M')} on {machine()}.\n\n"
    text = header + table + "\n" + (f"\ncProfile of the load of ~{sizes[0]:,} sentences:\n\n```\n{profile}```\n" if profile else "")
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
