"""One measured bar of evidence for calling two figures a `conflict`, chosen leaving one source out.

    python benchmarks/conflict_bar.py --ecb-db FILE --reuters-db FILE --reuters2-db FILE [--features OUT.jsonl]
    python benchmarks/conflict_bar.py --from-features IN.jsonl [--unclear label|real|wrong|skip]
                                      [--criterion pooled|mean] [--without SOURCE ...]

Every conflict row the current diff.py gives on every hand-labelled source (ECB+ and both Reuters sets
worked out again from stored matches as `conflicts.py --db ... --recompute` does, a source whose database
is not given being left out; the databases are the ones conflicts.py loads and matches; MRPC 1, MRPC 0 and both
STS-B bands compared as `crosscheck_compare` does) is joined with its hand label
(tests/data/*_conflicts.jsonl) and given a few evidence features, read where `diff._candidate` confirms
the conflict:

- `aligned`: the two figures sit in the same place of the aligned clauses (role score >= _ALIGNED_SCORE);
- `role`: the role score itself (`diff._role_score`: 10 aligned; else 3 per shared head noun, 2 for the
  verb, plus the share of context words);
- `set`, `sort`, `ratio`: rapidfuzz token_set_ratio, token_sort_ratio and ratio of the two clauses,
  lower-cased, with every figure masked as "#" (0-100);
- `head`, `verb`: a shared head noun, the same verb;
- `context`: the share of content words around the two figures that both sides have (0-1), as the roles read them;
- `window`: the same share for the content words within five words either side, figures masked;
- `near`: minus |log10| of the ratio of the two values (0: equal; -1: ten times apart);
- `alone`: minus the most figures of that dimension in either clause (-1: each is the only one of its kind);
- `decision`: the matcher's decision score of the two clauses minus its threshold, scored as
  benchmarks/calibrate.py scores a labelled pair (figures from figures.py, no story evidence), term weights
  from the clause pairs of that source's conflict rows.

A bar is one feature with one threshold, or two features each with one threshold joined by "or" / "and";
a labelled conflict row below the bar would become `different measure`. Leave one source out: for each
source the bar is chosen on the other sources only (the bar that keeps all but at most one of their
labelled real conflicts and, among those, gives the highest precision over their labelled rows; ties go
to the bar that keeps more rows), then measured on the source left out: precision of the labelled rows
kept, and the labelled real conflicts kept. `--unclear` says how the rows labelled unclear count
(default: as labelled; `skip` leaves them out).
"""

import argparse
import itertools
import json
import os
import sys
from collections import defaultdict

import sqlite_utils
from rapidfuzz import fuzz

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import conflicts  # noqa: E402  (the row builders and label readers of benchmarks/conflicts.py)

from datasette_crosscheck.match import diff  # noqa: E402

SOURCES = ("ECB+", "MRPC 1", "MRPC 0", "STS-B >= 3.5", "STS-B 2.0-3.5", "Reuters 1-3,000", "Reuters 3,001-6,000")
FEATURES = ("aligned", "role", "set", "sort", "ratio", "head", "verb", "context", "near", "window", "alone", "decision")

_recorded: dict = {}


def masked(version, marked=None) -> str:
    """The clause lower-cased with each of its figures written as '#' (the figure `marked` as '@')."""
    text, offset = version.text or "", version.offset
    spans = sorted((f["char_start"] - offset, f["char_end"] - offset, f is marked) for f in version.figures
                   if f.get("char_start") is not None)
    out, at = [], 0
    for start, end, mark in spans:
        if start >= at:
            out.append(text[at:start] + (" @ " if mark else " # "))
            at = end
    return "".join(out + [text[at:]]).casefold()


def window(version, figure, words: int = 5) -> set:
    """The role keys of the content words within `words` words either side of a figure (figures masked)."""
    before, found, after = masked(version, figure).partition(" @ ")
    if not found:
        return set()
    near = before.split()[-words:] + after.split()[:words]
    return {diff._role_key(w) for w in near if w.isalpha() and w not in diff._SKIP}


def same_dimension_count(version, figure) -> int:
    """How many figures of the clause share this one's dimension (1: it is the only one)."""
    mine = diff.measures.dimension(figure)
    return sum(diff.measures.comparable_dimensions(mine, diff.measures.dimension(f)) for f in version.figures)


def evidence(score, ra, rb, a, b, fa, fb) -> dict:
    """The features of one confirmed conflict (see the module's docstring)."""
    ma, mb = masked(a), masked(b)
    heads = bool(ra and rb and diff._shared_heads(ra.head, rb.head) - diff._WEAK_HEADS)
    verb = bool(ra and rb and ra.verb is not None and ra.verb == rb.verb)
    union = (ra.context | rb.context) if ra and rb else frozenset()
    return {"aligned": int(score >= diff._ALIGNED_SCORE), "role": round(score, 3),
            "set": round(fuzz.token_set_ratio(ma, mb)), "sort": round(fuzz.token_sort_ratio(ma, mb)),
            "ratio": round(fuzz.ratio(ma, mb)), "head": int(heads), "verb": int(verb),
            "context": round(len(ra.context & rb.context) / len(union), 3) if union else 0.0,
            "near": round(-abs(diff._closeness(fa, fb)), 3),  # minus |log10 of the ratio of the two values|
            "window": round(len(wa & wb) / len(wa | wb), 3) if (wa := window(a, fa)) | (wb := window(b, fb)) else 0.0,
            "alone": -max(same_dimension_count(a, fa), same_dimension_count(b, fb))}  # minus the most of one kind


def recording(candidate):
    """diff._candidate, also keeping the evidence of every conflict it confirms, by clause texts and figures."""
    def wrapped(score, i, j, ra, rb, a, b, equal=False):
        result = candidate(score, i, j, ra, rb, a, b, equal)
        if result[3] == "conflict":
            fa, fb = a.figures[i], b.figures[j]
            _recorded[(a.text, fa.get("text"), b.text, fb.get("text"))] = evidence(score, ra, rb, a, b, fa, fb)
        return result
    return wrapped


def stored(path) -> list[dict]:
    """The figure rows of a database's stored matches, worked out again; none without a database."""
    if not path or not os.path.exists(path):
        print(f"  (no database {path!r}: its source is left out)", file=sys.stderr)
        return []
    return conflicts.recomputed_rows(sqlite_utils.Database(path))


def source_rows(args):
    """(source, rows, label file) of every labelled source, with the current code."""
    yield "ECB+", stored(args.ecb_db), conflicts.DEFAULT_LABELS
    yield "MRPC 1", conflicts.mrpc_rows(conflicts.DEFAULT_MRPC), conflicts.MRPC_LABELS
    yield "MRPC 0", conflicts.mrpc_rows(conflicts.DEFAULT_MRPC, quality="0"), conflicts.MRPC0_LABELS
    yield "STS-B >= 3.5", conflicts.stsb_rows(conflicts.DEFAULT_STSB, 3.5), conflicts.STSB_LABELS
    yield "STS-B 2.0-3.5", conflicts.stsb_rows(conflicts.DEFAULT_STSB, 2.0, 3.5), conflicts.STSB_MID_LABELS
    yield "Reuters 1-3,000", stored(args.reuters_db), conflicts.REUTERS_LABELS
    yield "Reuters 3,001-6,000", stored(args.reuters2_db), conflicts.REUTERS2_LABELS


def decision_scores(pairs: list[tuple[str, str]]) -> dict:
    """{(clause a, clause b): the decision's score minus its threshold}, term weights from these pairs."""
    from calibrate import PairSet, figure_extractor  # noqa: E402  (a script beside this one)
    from datasette_crosscheck.match.decision import load_decision

    model = load_decision()
    extract, _ = figure_extractor()
    scores = model.score(PairSet([(0, a, b) for a, b in pairs], extract).evidence())
    return {pair: round(float(score) - model.threshold, 3) for pair, score in zip(pairs, scores)}


def clauses(r) -> tuple[str, str]:
    return r["sentence_a"][r["a_start"]:r["a_end"]], r["sentence_b"][r["b_start"]:r["b_end"]]


def labelled_conflicts(args) -> list[dict]:
    """One record per distinct labelled conflict row: source, label, unclear, features, the two figures."""
    diff._candidate = recording(diff._candidate)
    records = []
    for source, rows, path in source_rows(args):
        labels, seen = conflicts.read_labels(path), set()
        decision = decision_scores(sorted({clauses(r) for r in rows if r["verdict"] == "conflict"}))
        for r in rows:
            if r["verdict"] != "conflict" or r["key"] in seen or r["key"] not in labels:
                continue
            seen.add(r["key"])
            clause_a, clause_b = clauses(r)
            found = _recorded.get((clause_a, r["fig_a"], clause_b, r["fig_b"]))
            if found is None:
                print(f"  ({source}: no evidence recorded for {r['fig_a']} / {r['fig_b']})", file=sys.stderr)
                continue
            j = labels[r["key"]]
            records.append(dict(found, decision=decision[clause_a, clause_b], source=source, label=j["label"],
                                unclear=bool(j.get("unclear")),
                                a=r["fig_a"], b=r["fig_b"]))
        print(f"  {source}: {sum(x['source'] == source for x in records)} labelled conflict rows", file=sys.stderr)
    return records


def thresholds(records, feature) -> list:
    return sorted({x[feature] for x in records})


def bars(records):
    """Every bar: (name, test) of one feature >= t, or two features joined by or / and."""
    singles = [(f"{f} >= {t}", (lambda x, f=f, t=t: x[f] >= t)) for f in FEATURES for t in thresholds(records, f)]
    yield from singles
    for (na, ta), (nb, tb) in itertools.combinations(singles, 2):
        if na.split()[0] != nb.split()[0]:
            yield f"{na} or {nb}", (lambda x, ta=ta, tb=tb: ta(x) or tb(x))
            yield f"{na} and {nb}", (lambda x, ta=ta, tb=tb: ta(x) and tb(x))


def measure(records, test) -> tuple[int, int, int, int]:
    """(labelled rows kept, real kept, real in all, labelled rows in all)."""
    kept = [x for x in records if test(x)]
    return (len(kept), sum(x["label"] == "real" for x in kept), sum(x["label"] == "real" for x in records),
            len(records))


def precision(records, test, criterion: str) -> float:
    """The precision of the rows a bar keeps: pooled over `records`, or the mean of each source's."""
    if criterion == "pooled":
        kept, real, _, _ = measure(records, test)
        return real / kept if kept else 0.0
    by_source = defaultdict(list)
    for x in records:
        by_source[x["source"]].append(x)
    shares = [real / kept if kept else 0.0 for kept, real, _, _ in (measure(rows, test) for rows in by_source.values())]
    return sum(shares) / len(shares)


def choose(records, candidates, criterion: str = "pooled"):
    """The bar losing at most one labelled real conflict of `records` with the highest precision."""
    best, best_rank = None, None
    for name, test in candidates:
        kept, real, all_real, _ = measure(records, test)
        if all_real - real > 1:
            continue
        rank = (precision(records, test, criterion), kept, -len(name))
        if best_rank is None or rank > best_rank:
            best, best_rank = (name, test), rank
    return best


def pct(n, d) -> str:
    return f"{n}/{d} ({n / d:.0%})" if d else "0/0"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ecb-db", help="ECB+ loaded and matched (conflicts.py --db FILE builds one)")
    parser.add_argument("--reuters-db", help="Reuters articles 1-3,000 matched as conflicts.py --reuters does")
    parser.add_argument("--reuters2-db", help="Reuters articles 3,001-6,000 (conflicts.py --reuters --skip 3000)")
    parser.add_argument("--features", help="write the labelled rows with their features here")
    parser.add_argument("--from-features", help="read them from here instead of working them out")
    parser.add_argument("--unclear", choices=("label", "real", "wrong", "skip"), default="label")
    parser.add_argument("--without", action="append", default=[], metavar="SOURCE",
                        help="leave a source out of everything (repeatable): e.g. the one-outlet Reuters sets")
    parser.add_argument("--criterion", choices=("pooled", "mean"), default="pooled",
                        help="the precision a bar is chosen by: the training rows' pooled, or their sources' mean")
    args = parser.parse_args()
    if args.from_features:
        with open(args.from_features, encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
    else:
        records = labelled_conflicts(args)
    if args.features:
        with open(args.features, "w", encoding="utf-8") as out:
            out.writelines(json.dumps(x, ensure_ascii=False) + "\n" for x in records)
    records = [x for x in records if x["source"] not in args.without]
    if args.unclear == "skip":
        records = [x for x in records if not x["unclear"]]
    elif args.unclear != "label":
        records = [dict(x, label=args.unclear) if x["unclear"] else x for x in records]
    by_source = defaultdict(list)
    for x in records:
        by_source[x["source"]].append(x)
    sources = [s for s in SOURCES if by_source[s]]
    print(f"labelled conflict rows: {len(records)} ({sum(x['label'] == 'real' for x in records)} real); "
          f"unclear counted: {args.unclear}; bars chosen by {args.criterion} precision")
    print("\nfeature means, real / wrong:")
    for f in FEATURES:
        real = [x[f] for x in records if x["label"] == "real"]
        wrong = [x[f] for x in records if x["label"] == "wrong"]
        print(f"  {f:8} {sum(real) / max(len(real), 1):7.2f} / {sum(wrong) / max(len(wrong), 1):7.2f}")
    print("\neach feature alone, the highest threshold losing at most one labelled real conflict of all sources:")
    for f in FEATURES:
        for t in reversed(thresholds(records, f)):
            kept, real, all_real, n = measure(records, lambda x: x[f] >= t)
            if all_real - real <= 1:
                print(f"  {f} >= {t}: keeps {real} of {all_real} real, takes out {n - kept} of {n - all_real} wrong")
                break
    candidates = list(bars(records))
    print(f"\nleave one source out ({len(candidates)} bars tried): the bar chosen on the other sources, measured here")
    print("| source left out | bar chosen without it | precision before | precision after | real kept |")
    print("| --- | --- | --- | --- | --- |")
    total = [0, 0, 0, 0]
    for source in sources:
        rest = [x for x in records if x["source"] != source]
        name, test = choose(rest, candidates, args.criterion)
        here = by_source[source]
        kept, real, all_real, n = measure(here, test)
        total = [t + v for t, v in zip(total, (kept, real, all_real, n))]
        print(f"| {source} | `{name}` | {pct(all_real, n)} | {pct(real, kept)} | {real} of {all_real} |")
    kept, real, all_real, n = total
    print(f"| **all, each held out** | | {pct(all_real, n)} | {pct(real, kept)} | {real} of {all_real} |")
    name, test = choose(records, candidates, args.criterion)
    print(f"\nchosen on every source: `{name}`")
    for source in sources:
        kept, real, all_real, n = measure(by_source[source], test)
        print(f"  {source}: precision {pct(all_real, n)} -> {pct(real, kept)}, real kept {real} of {all_real}")


if __name__ == "__main__":
    main()
