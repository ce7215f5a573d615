"""Are the `conflict` rows on real multi-outlet news real disagreements about the same thing?

ECB+ (982 real articles, 86 gold events, one outlet per article) is loaded and matched for real, then
every figure difference with the verdict `conflict` is read back with its two clauses:

    python benchmarks/conflicts.py [--data ../shared/data/ecbplus.jsonl] [--db FILE] [--sample 50]
                                   [--seed 9] [--labels tests/data/ecb_conflicts.jsonl] [--all]
    python benchmarks/conflicts.py --mrpc [FILE] [--sample 50] [--all]
    python benchmarks/conflicts.py --mrpc0 [FILE] [--sample 50] [--all]
    python benchmarks/conflicts.py --stsb [DIR] [--min-score 3.5] [--max-score 5.1] [--sample 50] [--all]
    python benchmarks/conflicts.py --reuters [FILE] [--articles 3000] [--skip 0] [--sample 30] [--all]
    python benchmarks/conflicts.py --pool OUT.jsonl [--db ECB.db] [--sample 50]

Prints the number of conflict rows, the share whose match crosses two gold events (certainly wrong:
two different quakes), and a deterministic random sample of N conflict rows (the N whose key hashes
lowest with the seed, so a change that drops some rows keeps the others in the sample), each with both
clauses, the figures marked as [[...]], the verdict's detail and the hand label when there is one.
Hand labels live in `tests/data/ecb_conflicts.jsonl`, keyed by the two sentences and the two figures
as written (either order); "real" means the two outlets state different values for the same quantity
of the same event. Precision is reported on the labelled rows of the sample; labelled real rows that
are no longer conflicts are listed with what they became (the recall lost).

With --db FILE, an existing database that already holds matches is read as it is (no load or match);
with --recompute, the figure comparisons of its matches are worked out again by the current diff.py
(as match.py does: each clause's text and the figures inside it, then the articles' evidence of
`anchors.article_doubt`), so a change to the verdicts can be
measured on the same matches without matching again.

With --mrpc, the rows are instead the figure comparisons of MRPC's paraphrase pairs (quality 1; the
training file in ../shared/data/mrpc), compared as `crosscheck_compare` compares two texts, with hand
labels from `tests/data/mrpc_conflicts.jsonl`: another real multi-outlet source, since ECB+ has fewer
than 50 conflict rows. Its pairs were chosen by MRPC's heuristics, not by this matcher. With --mrpc0, the
same file's quality-0 pairs (judged NOT paraphrases: two outlets of one news cluster, often the same story
with different facts or figures), labels in `tests/data/mrpc0_conflicts.jsonl`: a held-out source,
labelled before any rule was changed for it.

With --stsb, the rows are the figure comparisons of STS Benchmark's news pairs (genre main-news: MSRpar,
headlines, deft-news; train and dev files in ../shared/data/stsb) whose similarity score is at least
--min-score (3.5: the annotators say the two state the same thing), compared the same way, with hand
labels from `tests/data/stsb_conflicts.jsonl`. It is the held-out source: its labels were written before
any rule was changed for it. MSRpar pairs were drawn from the same news clusters as MRPC; a pair whose
two sentences are also a pair of MRPC's training file is left out, so no row was already seen there. `--min-score 2.0 --max-score 3.5`
is the second held-out band (labels in `tests/data/stsb_mid_conflicts.jsonl`, written before any rule
was changed for it): pairs the annotators call only roughly equivalent, often two events of one kind
("7 killed in attacks in Iraq" against "27 killed in attacks across Iraq"), a hard test of precision.

For the pair sources (--mrpc, --mrpc0, --stsb) the precision is also printed restricted to the pairs the
matcher would match (the decision's score at or above its threshold, scored as benchmarks/calibrate.py scores
a labelled pair, term weights from every pair of the source file): the conflicts a reader would see. Both are
printed; one never replaces the other.

With --pool, the conflict rows of the four multi-outlet sources (ECB+ matched, or read from --db and
worked out again; MRPC; STS-B >= 3.5; STS-B 2.0-3.5) are pooled and one sample of --sample rows is
drawn from them (seed as above), its precision printed and its rows written to OUT.jsonl (source,
id, a, b, verdict, label, reason): the hand-checked sample of the issue's target.

With --reuters, the first --articles Reuters-21578 articles (1987 newswire, ONE outlet) are loaded and
matched with `--any-articles --date-window 7`, so two Reuters articles on one subject, often of
different days, are paired: a hard test of the "two moments" and "two subjects" rules, not a
multi-outlet source (labels in `tests/data/reuters_conflicts.jsonl`, written before any rule was
changed for it). With --skip 3000 the articles 3,001-6,000, which --reuters never read before: a second
held-out set (labels in `tests/data/reuters2_conflicts.jsonl`, written before any rule was changed for it);
with --skip 6000 the articles 6,001-9,000, a third (`tests/data/reuters3_conflicts.jsonl`, likewise).
"""

import argparse
import csv
import hashlib
import json
import os
import sys
import tempfile
from collections import Counter

import sqlite_utils

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from ecbplus import DEFAULT_DATA, article_events  # noqa: E402  (the ECB+ helpers)

from datasette_crosscheck.match.anchors import Source, article_doubt, article_text, doubted  # noqa: E402
from datasette_crosscheck.match.diff import Version, compare_texts, figure_differences  # noqa: E402
from datasette_crosscheck.ingest.load import load_paths  # noqa: E402
from datasette_crosscheck.match.pipeline import FIGURE_COLUMNS, MatchOptions, match_database  # noqa: E402

DEFAULT_LABELS = os.path.join(HERE, "..", "tests", "data", "ecb_conflicts.jsonl")
MRPC_LABELS = os.path.join(HERE, "..", "tests", "data", "mrpc_conflicts.jsonl")
MRPC0_LABELS = os.path.join(HERE, "..", "tests", "data", "mrpc0_conflicts.jsonl")
LABELS = ("real", "wrong")

FIGURE_ROWS_SQL = """
    select d.id, d.match_id, d.verdict, d.a as fig_a, d.b as fig_b, d.detail, m.article_a, m.article_b,
           sa.text as sentence_a, sb.text as sentence_b, m.a_start, m.a_end, m.b_start, m.b_end,
           fa.char_start as fa_start, fa.char_end as fa_end, fb.char_start as fb_start, fb.char_end as fb_end,
           aa.outlet as outlet_a, ab.outlet as outlet_b
    from differences d
    join matches m on m.id = d.match_id
    join sentences sa on sa.id = m.sentence_a
    join sentences sb on sb.id = m.sentence_b
    join articles aa on aa.id = m.article_a
    join articles ab on ab.id = m.article_b
    left join figures fa on fa.id = d.figure_a
    left join figures fb on fb.id = d.figure_b
    where d.kind = 'figure'
"""


MATCH_SQL = """
    select m.id, m.article_a, m.article_b, sa.id as sentence_a_id, sb.id as sentence_b_id,
           sa.text as sentence_a, sb.text as sentence_b, m.a_start, m.a_end, m.b_start, m.b_end,
           aa.outlet as outlet_a, ab.outlet as outlet_b, aa.published as published_a, ab.published as published_b
    from matches m
    join sentences sa on sa.id = m.sentence_a
    join sentences sb on sb.id = m.sentence_b
    join articles aa on aa.id = m.article_a
    join articles ab on ab.id = m.article_b
"""


def recomputed_rows(db) -> list[dict]:
    """The figure rows of every stored match, worked out again by the current diff.py."""
    columns = [c.strip() for c in FIGURE_COLUMNS.split(",")]
    figures = {}
    for row in db.execute(f"select {FIGURE_COLUMNS} from figures"):
        f = dict(zip(columns, row))
        figures.setdefault(f["sentence_id"], []).append(f)
    texts = {}

    def article(article_id):  # the whole text, for anchors.article_doubt as match.py's pass reads it
        if article_id not in texts:
            texts[article_id] = article_text(db.conn, article_id)
        return texts[article_id]

    rows = []
    for m in db.query(MATCH_SQL):
        def version(side):
            start, end = m[f"{side}_start"], m[f"{side}_end"]
            inside = [f for f in figures.get(m[f"sentence_{side}_id"], [])
                      if f["char_start"] >= start and f["char_end"] <= end]
            return Version(m[f"sentence_{side}"][start:end], inside, m[f"published_{side}"], m[f"outlet_{side}"], start), inside

        (a, in_a), (b, in_b) = version("a"), version("b")
        if not in_a and not in_b:
            continue
        by_id = {f["id"]: f for f in in_a + in_b}
        for d in figure_differences(a, b):
            if d["verdict"] == "conflict":
                doubt = article_doubt(a.text, b.text, article(m["article_a"]), article(m["article_b"]),
                                      Source(m["outlet_a"], m["published_a"]), Source(m["outlet_b"], m["published_b"]))
                if doubt:
                    d = dict(d, verdict="different measure", detail=doubted(d["detail"], doubt))
            fa, fb = by_id.get(d["figure_a"]), by_id.get(d["figure_b"])
            rows.append(dict(m, match_id=m["id"], id=len(rows), verdict=d["verdict"], fig_a=d["a"], fig_b=d["b"],
                             detail=json.dumps(d["detail"], ensure_ascii=False),
                             fa_start=fa and fa["char_start"], fa_end=fa and fa["char_end"],
                             fb_start=fb and fb["char_start"], fb_end=fb and fb["char_end"]))
    for r in rows:
        r["key"] = row_key(r["sentence_a"], r["fig_a"], r["sentence_b"], r["fig_b"])
    return rows


DEFAULT_MRPC = os.path.join(HERE, "..", "..", "shared", "data", "mrpc", "msr_paraphrase_train.txt")


def mrpc_rows(path, quality: str = "1") -> list[dict]:
    """The figure comparisons of MRPC's pairs of one quality (1: two outlets' sentences that annotators
    judged to say the same thing; 0: judged not to, often the same story with different facts or figures),
    compared as crosscheck_compare compares two texts."""
    rows = []
    with open(path, encoding="utf-8-sig") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        pairs = [(row_quality, id_a, id_b, a, b) for row_quality, id_a, id_b, a, b in reader]
    kept = kept_pairs([(a, b) for _, _, _, a, b in pairs])  # term weights from the whole file, both qualities
    for row_quality, id_a, id_b, a, b in pairs:
        if row_quality == quality:
            rows.extend(compared_rows(a, b, f"MRPC {id_a}", f"MRPC {id_b}", start=len(rows), kept=kept))
    return rows


def kept_pairs(pairs: list[tuple[str, str]]) -> set:
    """The pairs (as frozensets of their two texts) the matcher would match: the decision's score at or
    above its threshold, scored as benchmarks/calibrate.py scores a labelled pair (figures from figures.py,
    term weights from these pairs' own sentences, no story evidence). The matcher itself is not changed."""
    from calibrate import PairSet, figure_extractor  # noqa: E402  (a script beside this one)
    from datasette_crosscheck.match.decision import load_decision

    model = load_decision()
    extract, _ = figure_extractor()
    scores = model.score(PairSet([(0, a, b) for a, b in pairs], extract).evidence())
    return {frozenset((a, b)) for (a, b), score in zip(pairs, scores) if score >= model.threshold}


DEFAULT_REUTERS = os.path.join(HERE, "..", "..", "shared", "data", "reuters21578.jsonl")
REUTERS_LABELS = os.path.join(HERE, "..", "tests", "data", "reuters_conflicts.jsonl")
REUTERS2_LABELS = os.path.join(HERE, "..", "tests", "data", "reuters2_conflicts.jsonl")  # articles 3,001-6,000
REUTERS3_LABELS = os.path.join(HERE, "..", "tests", "data", "reuters3_conflicts.jsonl")  # articles 6,001-9,000
REUTERS_WINDOW = 7  # days: the same subject reported again within a week


def reuters_db(path, articles: int, skip: int = 0, db_path: str = None) -> "sqlite_utils.Database":
    """`articles` Reuters articles after the first `skip` loaded and matched across articles of the one outlet,
    into the database file `db_path` (a temporary one without it)."""
    if not os.path.exists(path):
        raise SystemExit(f"{path} not found: --reuters needs ../shared/data/reuters21578.jsonl")
    work = tempfile.mkdtemp()
    subset = os.path.join(work, "reuters.jsonl")
    with open(path, encoding="utf-8") as src, open(subset, "w", encoding="utf-8") as out:
        for n, line in enumerate(src):
            if n >= skip + articles:
                break
            if n >= skip:
                out.write(line)
    db = sqlite_utils.Database(db_path or os.path.join(work, "reuters.db"))
    load_paths(db, [subset])
    print(match_database(db, MatchOptions(any_articles=True, date_window=REUTERS_WINDOW)))
    return db


DEFAULT_STSB = os.path.join(HERE, "..", "..", "shared", "data", "stsb")
STSB_LABELS = os.path.join(HERE, "..", "tests", "data", "stsb_conflicts.jsonl")
STSB_MID_LABELS = os.path.join(HERE, "..", "tests", "data", "stsb_mid_conflicts.jsonl")
STSB_NEWS = "main-news"


def mrpc_pairs(path) -> set:
    """Every sentence pair of MRPC's training file (both qualities), in either order."""
    if not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8-sig") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        return {frozenset((a.strip(), b.strip())) for _, _, _, a, b in reader}


def stsb_pairs(directory, min_score: float, seen: set, max_score: float = float("inf")) -> list[tuple[str, str, str]]:
    """STS-B's news pairs scored at least `min_score` and below `max_score`, as (label, a, b), minus the
    pairs in `seen`."""
    pairs = []
    for name in ("sts-train.csv", "sts-dev.csv"):
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                cols = line.rstrip("\n").split("\t")  # some lines carry two extra source columns
                genre, source, score, a, b = cols[0], cols[1], float(cols[4]), cols[5], cols[6]
                if genre == STSB_NEWS and min_score <= score < max_score and frozenset((a.strip(), b.strip())) not in seen:
                    pairs.append((f"STS-B {name[4:-4]}:{n} {source}", a, b))
    return pairs


def stsb_rows(directory, min_score: float, max_score: float = float("inf")) -> list[dict]:
    """The figure comparisons of STS-B's news pairs scored in [min_score, max_score), compared as
    crosscheck_compare compares two texts."""
    rows, seen = [], mrpc_pairs(DEFAULT_MRPC)
    kept = kept_pairs([(a, b) for _, a, b in stsb_pairs(directory, float("-inf"), seen)])  # every news pair's words
    for where, a, b in stsb_pairs(directory, min_score, seen, max_score):
        rows.extend(compared_rows(a, b, f"{where} a", f"{where} b", start=len(rows), kept=kept))
    return rows


def compared_rows(a, b, outlet_a, outlet_b, start=0, kept=None) -> list[dict]:
    """One row per figure comparison of the texts a and b, numbered from `start`; with `kept` (the pairs
    the matcher would match), each row says whether its pair is one of them."""
    rows = []
    matched = None if kept is None else frozenset((a, b)) in kept
    for c in compare_texts(a, b):
        fa, fb = a.find(c["a"]) if c["a"] else -1, b.find(c["b"]) if c["b"] else -1
        rows.append(dict(
            id=start + len(rows), match_id=None, article_a=None, article_b=None, sentence_a=a, sentence_b=b,
            a_start=0, a_end=len(a), b_start=0, b_end=len(b), outlet_a=outlet_a, outlet_b=outlet_b,
            verdict=c["verdict"], fig_a=c["a"], fig_b=c["b"], detail=json.dumps(c["detail"], ensure_ascii=False),
            fa_start=fa if fa >= 0 else None, fa_end=fa + len(c["a"]) if fa >= 0 else None,
            fb_start=fb if fb >= 0 else None, fb_end=fb + len(c["b"]) if fb >= 0 else None,
            key=row_key(a, c["a"], b, c["b"]), matched=matched))
    return rows


def row_key(sentence_a, fig_a, sentence_b, fig_b) -> tuple:
    """The key of a conflict row, in either order of its sides."""
    return tuple(sorted([(sentence_a, fig_a or ""), (sentence_b, fig_b or "")]))


def read_labels(path) -> dict:
    labels = {}
    if not os.path.exists(path):
        return labels
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                if r["label"] not in LABELS:
                    raise SystemExit(f"{path}: label must be one of {LABELS}: {r}")
                labels[row_key(r["sentence_a"], r["figure_a"], r["sentence_b"], r["figure_b"])] = r
    return labels


def figure_rows(db) -> list[dict]:
    rows = []
    for r in db.query(FIGURE_ROWS_SQL):
        r["key"] = row_key(r["sentence_a"], r["fig_a"], r["sentence_b"], r["fig_b"])
        rows.append(r)
    return rows


def sample(rows: list[dict], size: int, seed: int) -> list[dict]:
    """The `size` rows whose key hashes lowest with `seed`: deterministic, and stable when other rows
    come or go."""
    def rank(r):
        return hashlib.sha1(f"{seed}\0{json.dumps(r['key'], ensure_ascii=False)}".encode()).hexdigest()

    unique = {r["key"]: r for r in sorted(rows, key=lambda r: r["id"])}  # one row per key
    return sorted(unique.values(), key=rank)[:size]


def marked(sentence, start, end, fig_start, fig_end) -> str:
    """The clause sentence[start:end] with its figure marked [[...]]."""
    if fig_start is None:
        return sentence[start:end]
    return (sentence[start:fig_start] + "[[" + sentence[fig_start:fig_end] + "]]" + sentence[fig_end:end])


def show(n, r, label) -> str:
    detail = json.loads(r["detail"] or "{}")
    role = detail.get("role") or {}
    crosses = " CROSSES EVENTS" if r["cross"] else ""
    judged = f"{label['label']}: {label['reason']}" if label else "UNLABELLED"
    return "\n".join([
        f"### {n}. {r['fig_a']} vs {r['fig_b']}  ({r['event_a']} / {r['event_b']}{crosses})  -> {judged}",
        f"- a ({r['outlet_a']}): {marked(r['sentence_a'], r['a_start'], r['a_end'], r['fa_start'], r['fa_end'])}",
        f"- b ({r['outlet_b']}): {marked(r['sentence_b'], r['b_start'], r['b_end'], r['fb_start'], r['fb_end'])}",
        f"- detail: {detail.get('note')}; role {role.get('a')} / {role.get('b')}",
        "",
    ])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--db", help="a database to read (loaded and matched first if it holds no matches)")
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--labels", help=f"hand labels (default {DEFAULT_LABELS}, with --mrpc {MRPC_LABELS})")
    parser.add_argument("--all", action="store_true", help="print every conflict row, not only the sample")
    parser.add_argument("--recompute", action="store_true",
                        help="work the figure comparisons of the stored matches out again with the current code")
    parser.add_argument("--quiet", action="store_true", help="numbers only, no rows")
    parser.add_argument("--mrpc", nargs="?", const=DEFAULT_MRPC, metavar="FILE",
                        help="compare MRPC's paraphrase pairs instead of ECB+'s matches (another real multi-outlet source)")
    parser.add_argument("--mrpc0", nargs="?", const=DEFAULT_MRPC, metavar="FILE",
                        help="compare MRPC's quality-0 pairs (judged not paraphrases: same story, other facts) instead")
    parser.add_argument("--stsb", nargs="?", const=DEFAULT_STSB, metavar="DIR",
                        help="compare STS-B's same-meaning news pairs instead (the held-out source)")
    parser.add_argument("--reuters", nargs="?", const=DEFAULT_REUTERS, metavar="FILE",
                        help="match Reuters articles of the one outlet with each other instead (a hard held-out test)")
    parser.add_argument("--articles", type=int, default=3000, help="with --reuters, how many articles")
    parser.add_argument("--skip", type=int, default=0,
                        help="with --reuters, articles left out before them (3000: the held-out 3,001-6,000)")
    parser.add_argument("--min-score", type=float, default=3.5, help="with --stsb, the lowest similarity score kept")
    parser.add_argument("--max-score", type=float, default=float("inf"),
                        help="with --stsb, scores from this one up are left out (2.0 to 3.5: the second held-out band)")
    parser.add_argument("--pool", metavar="OUT.jsonl",
                        help="pool the multi-outlet sources' conflict rows, draw one sample and write it here")
    args = parser.parse_args()
    if args.pool:
        return pooled_sample(args)
    if args.stsb:
        args.labels = args.labels or (STSB_LABELS if args.min_score >= 3.5 else STSB_MID_LABELS)
        return report(stsb_rows(args.stsb, args.min_score, args.max_score), args)
    if args.mrpc:
        args.labels = args.labels or MRPC_LABELS
        return report(mrpc_rows(args.mrpc), args)
    if args.mrpc0:
        args.labels = args.labels or MRPC0_LABELS
        return report(mrpc_rows(args.mrpc0, quality="0"), args)
    if args.reuters:
        args.labels = args.labels or {0: REUTERS_LABELS, 3000: REUTERS2_LABELS, 6000: REUTERS3_LABELS}.get(args.skip)
        db = (sqlite_utils.Database(args.db) if args.db and os.path.exists(args.db)
              else reuters_db(args.reuters, args.articles, args.skip, args.db))
        return report(recomputed_rows(db) if args.recompute else figure_rows(db), args)
    args.labels = args.labels or DEFAULT_LABELS

    db = sqlite_utils.Database(args.db or os.path.join(tempfile.mkdtemp(), "ecbplus.db"))
    if "matches" not in db.table_names() or not db["matches"].count:
        if not os.path.exists(args.data):
            raise SystemExit(f"{args.data} not found: this benchmark needs ../shared/data/ecbplus.jsonl")
        load_paths(db, [args.data])
        print(match_database(db, MatchOptions()))
    event = article_events(db)
    pairs = db.execute("select article_a, article_b from matches").fetchall()
    within = sum(1 for a, b in pairs if event.get(a) is not None and event.get(a) == event.get(b))
    print(f"matches: {len(pairs)}, within one ECB+ event: {within / max(len(pairs), 1):.3f}")
    rows = recomputed_rows(db) if args.recompute else figure_rows(db)
    for r in rows:
        r["event_a"], r["event_b"] = event.get(r["article_a"]), event.get(r["article_b"])
        r["cross"] = r["event_a"] != r["event_b"]
    report(rows, args)


def pooled_sample(args) -> None:
    """One sample of the conflict rows of every multi-outlet source, written to args.pool."""
    db = sqlite_utils.Database(args.db or os.path.join(tempfile.mkdtemp(), "ecbplus.db"))
    if "matches" not in db.table_names() or not db["matches"].count:
        load_paths(db, [args.data])
        match_database(db, MatchOptions())
    sources = [("ECB+", recomputed_rows(db), DEFAULT_LABELS), ("MRPC", mrpc_rows(DEFAULT_MRPC), MRPC_LABELS),
               ("STS-B >= 3.5", stsb_rows(DEFAULT_STSB, 3.5), STSB_LABELS),
               ("STS-B 2.0-3.5", stsb_rows(DEFAULT_STSB, 2.0, 3.5), STSB_MID_LABELS)]
    pool, labels = [], {}
    for name, rows, path in sources:
        found = read_labels(path)
        for r in rows:
            if r["verdict"] == "conflict" and r["key"] not in {p["key"] for p in pool}:
                pool.append(dict(r, source=name, id=len(pool)))
                labels[r["key"]] = found.get(r["key"])
    chosen = sorted(sample(pool, args.sample, args.seed), key=lambda r: r["id"])
    real = sum(1 for r in chosen if labels[r["key"]] and labels[r["key"]]["label"] == "real")
    unlabelled = sum(1 for r in chosen if not labels[r["key"]])
    print(f"pooled conflict rows: {len(pool)}; sample of {len(chosen)} (seed {args.seed}): {real} real "
          f"({real / max(len(chosen) - unlabelled, 1):.1%} of the labelled), {unlabelled} unlabelled; "
          + ", ".join(f"{name} {sum(r['source'] == name for r in chosen)}" for name, _, _ in sources))
    with open(args.pool, "w", encoding="utf-8") as out:
        for r in chosen:
            j = labels[r["key"]] or {}
            out.write(json.dumps({"source": r["source"], "id": r["id"], "a": r["fig_a"], "b": r["fig_b"],
                                  "verdict": r["verdict"], "label": j.get("label"), "reason": j.get("reason"),
                                  "sentence_a": r["sentence_a"], "sentence_b": r["sentence_b"]}, ensure_ascii=False) + "\n")


def matched_precision(conflicts: list[dict], labels: dict) -> None:
    """For pair sources, the precision of the labelled conflict rows in pairs the matcher would match (what
    a reader sees), printed beside the precision over all pairs, never instead of it."""
    if not conflicts or conflicts[0].get("matched") is None:
        return
    keys = {r["key"] for r in conflicts if r["matched"]}
    judged = [labels[key] for key in keys if key in labels]
    real = sum(j["label"] == "real" for j in judged)
    print(f"  in pairs the matcher would match (decision score >= threshold): {len(keys)} distinct conflict rows, "
          f"{len(judged)} labelled, {real} real ({real / max(len(judged), 1):.1%})")


def report(rows, args) -> None:
    """Print the numbers of the figure rows, then the sample (or every conflict row)."""
    for r in rows:
        r.setdefault("event_a", None), r.setdefault("event_b", None), r.setdefault("cross", False)
    verdicts = Counter(r["verdict"] for r in rows)
    conflicts = [r for r in rows if r["verdict"] == "conflict"]
    labels = read_labels(args.labels)
    chosen = sample(conflicts, args.sample, args.seed)

    cross = sum(r["cross"] for r in conflicts)
    print(f"\nfigure rows by verdict: {dict(sorted(verdicts.items()))}")
    reasons = Counter(json.loads(r["detail"] or "{}").get("reason") for r in rows if r["verdict"] == "different measure")
    print(f"different measure rows by reason: {dict(reasons.most_common())}")
    crossing = f"; crossing two ECB+ events (certainly wrong): {cross} ({cross / max(len(conflicts), 1):.1%})"
    print(f"conflict rows: {len(conflicts)} ({len({r['key'] for r in conflicts})} distinct)"
          f"{crossing if not (args.mrpc or args.mrpc0 or args.stsb or args.reuters) else ''}")
    judged = [labels[r["key"]] for r in chosen if r["key"] in labels]
    real = sum(j["label"] == "real" for j in judged)
    print(f"sample of {len(chosen)} (seed {args.seed}): {len(judged)} labelled, {real} real, "
          f"precision {real / max(len(judged), 1):.1%} on the labelled ones; "
          f"{len(chosen) - len(judged)} unlabelled")
    everything = [labels[key] for key in {r["key"] for r in conflicts} if key in labels]
    all_real = sum(j["label"] == "real" for j in everything)
    print(f"all labelled conflict rows: {len(everything)}, {all_real} real ({all_real / max(len(everything), 1):.1%})")
    matched_precision(conflicts, labels)
    unsure = [j for j in everything if j.get("unclear")]
    if unsure:  # labels whose reading the two texts cannot settle: the precision if every one went the other way
        unsure_real = sum(j["label"] == "real" for j in unsure)
        low, high = all_real - unsure_real, all_real + len(unsure) - unsure_real
        print(f"  of which unclear: {len(unsure)} ({unsure_real} labelled real); precision between "
              f"{low / max(len(everything), 1):.1%} and {high / max(len(everything), 1):.1%} as they go")

    # recall: labelled real disagreements that are no longer conflicts, and what they became
    now = {}
    for r in rows:
        now.setdefault(r["key"], set()).add(r["verdict"])
    conflict_keys = {r["key"] for r in conflicts}
    lost = [(key, now.get(key)) for key, j in labels.items() if j["label"] == "real" and key not in conflict_keys]
    total_real = sum(j["label"] == "real" for j in labels.values())
    print(f"labelled real conflicts: {total_real}; no longer a conflict: {len(lost)}")
    for key, became in lost:
        j = labels[key]
        print(f"  - {j['figure_a']} vs {j['figure_b']}: now {', '.join(sorted(became)) if became else 'not compared'}")
    if args.quiet:
        return
    print()
    for n, r in enumerate(conflicts if args.all else chosen, 1):
        print(show(n, r, labels.get(r["key"])))


if __name__ == "__main__":
    main()
