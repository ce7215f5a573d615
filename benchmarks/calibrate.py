"""Calibrate and check the matcher's score on real labelled data (not a test; prints tables).

    python benchmarks/calibrate.py [--data ../shared/data] [--skip-speed] [--fit]

1. Sentence pairs labelled by people: MRPC train (1 = same meaning) and STS-B train + dev
   (score >= 3.5 same statement, <= 1.5 different, the rest left out). Prints precision, recall and
   F1 of scoring.DEFAULT_THRESHOLD next to plain rapidfuzz token_sort_ratio at its own best
   threshold. With --fit, searches LEXICAL_WEIGHT, BALANCE and the threshold (best F0.5 on the
   pooled pairs: precision counts more than recall) and prints the best settings.
2. ECB+ (982 articles, one outlet each, 86 events): sentences matched across articles with
   candidate_pairs + score_pairs, against brute-force fuzz.ratio over all cross-article pairs at a
   threshold giving about as many pairs. Reports the share of accepted pairs whose two articles
   report the same event, and how many events the pairs cover.
3. Speed on Reuters-21578 sentences: tokenising, candidate_pairs and score_pairs on 100k sentences.

scikit-learn is not used; figures come from datasette_crosscheck.figures when it exists, else from
a crude money/percent pattern here (enough for calibration, not for the package).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz, process, utils  # noqa: E402

from datasette_crosscheck import scoring  # noqa: E402
from datasette_crosscheck.candidates import candidate_pairs  # noqa: E402
from datasette_crosscheck.textnorm import analyse  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


# Labelled pairs -----------------------------------------------------------------------------------


def read_mrpc(data: Path) -> list[tuple[int, str, str]]:
    rows = []
    with open(data / "mrpc" / "msr_paraphrase_train.txt", encoding="utf-8-sig") as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            rows.append((int(parts[0]), parts[3], parts[4]))
    return rows


def read_sts(data: Path) -> list[tuple[int, str, str]]:
    rows = []
    for name in ("sts-train.csv", "sts-dev.csv"):
        with open(data / "stsb" / name, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 7:
                    continue
                similarity = float(parts[4])
                if similarity >= 3.5:
                    rows.append((1, parts[5], parts[6]))
                elif similarity <= 1.5:
                    rows.append((0, parts[5], parts[6]))
    return rows


_MONEY = re.compile(
    r"(?P<cur>[$\u20ac\u00a3]|US\$|\b(?:USD|EUR|GBP)\s?)\s?(?P<num>\d[\d,]*(?:\.\d+)?)"
    r"(?:\s*(?P<mult>million|billion|mln|bln|bn|m)\b)?",
    re.I,
)
_PERCENT = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s?(?:%|percent\b|per cent\b|pct\b)", re.I)
_CURRENCY = {"$": "USD", "us$": "USD", "usd": "USD", "\u20ac": "EUR", "eur": "EUR", "\u00a3": "GBP", "gbp": "GBP"}
_MULTIPLIER = {"million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bln": 1e9, "bn": 1e9}


def crude_figures(text: str) -> list[dict]:
    """Money and percentages only, as figure dicts; stands in for figures.py when it is missing."""
    found = []
    for m in _MONEY.finditer(text):
        value = float(m.group("num").replace(",", "")) * _MULTIPLIER.get((m.group("mult") or "").lower(), 1)
        unit = _CURRENCY.get(m.group("cur").strip().lower(), "USD")
        found.append(dict(kind="money", value=value, low=value, high=value, unit=unit, text=m.group()))
    for m in _PERCENT.finditer(text):
        value = float(m.group("num"))
        found.append(dict(kind="percent", value=value, low=value, high=value, unit="%", text=m.group()))
    return found


def figure_extractor():
    try:
        from datasette_crosscheck.figures import extract_figures
    except Exception:
        return crude_figures, "crude money/percent pattern"

    failures = []

    def extract(text):
        try:
            return [figure_dict(f) for f in extract_figures(text)]
        except Exception as error:  # figures.py is not under test here: note it and go on
            if not failures:
                print(f"  (figures.py failed on {text[:80]!r}: {error!r})")
            failures.append(text)
            return []

    return extract, "datasette_crosscheck.figures"


def figure_dict(figure) -> dict:
    if isinstance(figure, dict):
        return figure
    keys = ("kind", "value", "low", "high", "unit", "period", "qualifier", "approximate", "text")
    return {k: getattr(figure, k, None) for k in keys}


class PairSet:
    """Labelled pairs with their sentences analysed once; term weights from the pairs' own
    sentences (the corpus at hand)."""

    def __init__(self, rows, figures_of=None):
        texts = [a for _, a, _ in rows] + [b for _, _, b in rows]
        analysed = [analyse(t) for t in texts]
        self.labels = np.array([label for label, _, _ in rows])
        self.tokens = [t for t, _ in analysed]
        self.names = [names for _, names in analysed]
        self.reweigh()
        self.figures = [figures_of(t) for t in texts] if figures_of else None
        n = len(rows)
        self.pairs = np.column_stack([np.arange(n), np.arange(n) + n])

    def reweigh(self) -> None:
        self.weights = scoring.term_weights(self.tokens, self.names)

    def scores(self) -> scoring.Scores:
        return scoring.score_pairs(self.pairs, self.tokens, self.weights, self.figures)


def precision_recall(scores: np.ndarray, labels: np.ndarray, threshold: float) -> tuple[float, float, float]:
    predicted = scores >= threshold
    tp = np.sum(predicted & (labels == 1))
    precision = tp / max(predicted.sum(), 1)
    recall = tp / max((labels == 1).sum(), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(f1), float(precision), float(recall)


def best_threshold(scores: np.ndarray, labels: np.ndarray, beta: float = 1.0) -> tuple[float, float]:
    """(threshold, F-beta) with the best F-beta over all thresholds."""
    order = np.argsort(-scores)
    ranked, hits = scores[order], labels[order]
    tp = np.cumsum(hits)
    precision = tp / np.arange(1, len(hits) + 1)
    recall = tp / max(hits.sum(), 1)
    b2 = beta * beta
    f = (1 + b2) * precision * recall / np.maximum(b2 * precision + recall, 1e-12)
    last_of_tie = np.r_[ranked[1:] != ranked[:-1], True]  # a threshold takes all tied scores
    f = np.where(last_of_tie, f, -1)
    best = int(np.argmax(f))
    return float(ranked[best]), float(f[best])


def labelled_pairs(data: Path, fit: bool) -> None:
    extract, source = figure_extractor()
    sets = {"MRPC train": read_mrpc(data), "STS-B train+dev": read_sts(data)}
    print(f"\n== Labelled pairs (figures: {source}) ==")
    header = f"{'data':<16} {'pairs':>5} {'same':>5}  {'scorer':<36} {'thr':>5} {'F1':>6} {'P':>6} {'R':>6}"
    print(header)
    print("-" * len(header))
    figure_sets = []
    for name, rows in sets.items():
        plain, with_figures = PairSet(rows), PairSet(rows, extract)
        figure_sets.append(with_figures)
        labels = plain.labels
        baseline = np.array([fuzz.token_sort_ratio(a, b, processor=utils.default_process) for _, a, b in rows])
        ours, ours_figures = plain.scores().score, with_figures.scores().score
        lines = [
            ("rapidfuzz token_sort_ratio, best F1", baseline, best_threshold(baseline, labels)[0]),
            ("ours, DEFAULT_THRESHOLD", ours, scoring.DEFAULT_THRESHOLD),
            ("ours + figures, DEFAULT_THRESHOLD", ours_figures, scoring.DEFAULT_THRESHOLD),
            ("ours + figures, its best F1", ours_figures, best_threshold(ours_figures, labels)[0]),
        ]
        for label, scores, threshold in lines:
            f1, p, r = precision_recall(scores, labels, threshold)
            print(f"{name:<16} {len(rows):>5} {labels.mean():>5.2f}  {label:<36} {threshold:>5.1f} {f1:>6.3f} {p:>6.3f} {r:>6.3f}")
    labels = np.concatenate([p.labels for p in figure_sets])
    pooled = np.concatenate([p.scores().score for p in figure_sets])
    f1_threshold, best_f1 = best_threshold(pooled, labels)
    precise = precise_threshold(pooled, labels)
    print(f"pooled: best F1 {best_f1:.3f} at {f1_threshold:.1f}; highest threshold within 0.01 of it "
          f"(the DEFAULT_THRESHOLD rule): {precise:.1f}, F1/P/R {'/'.join(f'{x:.3f}' for x in precision_recall(pooled, labels, precise))}")
    if fit:
        fit_combination(figure_sets)


def precise_threshold(scores: np.ndarray, labels: np.ndarray, slack: float = 0.01) -> float:
    """The highest threshold whose F1 is within `slack` of the best: precision first, at almost no
    cost in F1 (the F1 curve is flat over a wide range of thresholds)."""
    best = best_threshold(scores, labels)[1]
    for threshold in np.unique(np.round(scores, 1))[::-1]:
        if precision_recall(scores, labels, threshold)[0] >= best - slack:
            return float(threshold)
    return best_threshold(scores, labels)[0]


def fit_combination(pair_sets) -> None:
    """Grid over the combination's settings; each scored by pooled F1 at its precise threshold."""
    labels = np.concatenate([p.labels for p in pair_sets])
    names = ("BALANCE", "LEXICAL_WEIGHT", "NAME_BOOST", "COMMON_FACTOR")
    print("\nfit on pooled pairs: " + " ".join(names) + " -> precise threshold, F1 P R there (best F1)")
    saved = {name: getattr(scoring, name) for name in names}
    results = []
    try:
        for name_boost in (1.0, 1.5, 2.0, 3.0):
            for common_factor in (0.3, 0.5, 1.0):
                scoring.NAME_BOOST, scoring.COMMON_FACTOR = name_boost, common_factor
                for p in pair_sets:
                    p.reweigh()
                for balance in (0.0, 0.2, 0.5):
                    scoring.BALANCE = balance
                    for lexical_weight in (0.1, 0.3, 0.5):
                        scoring.LEXICAL_WEIGHT = lexical_weight
                        scores = np.concatenate([p.scores().score for p in pair_sets])
                        threshold = precise_threshold(scores, labels)
                        f1, precision, recall = precision_recall(scores, labels, threshold)
                        best = best_threshold(scores, labels)[1]
                        results.append((f1, precision, recall, best, threshold, balance, lexical_weight, name_boost, common_factor))
    finally:
        for name, value in saved.items():
            setattr(scoring, name, value)
        for p in pair_sets:
            p.reweigh()
    for f1, precision, recall, best, threshold, *settings in sorted(results, reverse=True)[:12]:
        print("  " + " ".join(f"{v:>4.1f}" for v in settings) + f" -> {threshold:5.1f}  F1 {f1:.3f} P {precision:.3f} R {recall:.3f} ({best:.3f})")


# ECB+ and Reuters -------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\u201d]?\s+(?=[\"\u201c(]?[A-Z])")


def crude_sentences(text: str, min_words: int = 5) -> list[str]:
    """Split at full stops followed by a capital: crude, fast, good enough for measuring."""
    text = " ".join(text.split())
    return [s for s in _SENTENCE_END.split(text) if len(s.split()) >= min_words]


def read_jsonl(path: Path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def ecb_plus(data: Path) -> None:
    """Cross-article sentence pairs on ECB+: ours against brute-force fuzz.ratio."""
    import nupunkt

    extract, source = figure_extractor()
    sentences, articles, events = [], [], []
    for number, article in enumerate(read_jsonl(data / "ecbplus.jsonl")):
        for sentence in nupunkt.sent_tokenize(" ".join(article["text"].split())):
            if len(sentence.split()) >= 5:
                sentences.append(sentence)
                articles.append(number)
                events.append(article["event"])
    events = np.array(events)
    articles = np.array(articles)
    print(f"\n== ECB+: {len(sentences):,} sentences, {articles.max() + 1} articles, {len(set(events))} events "
          f"(figures: {source}) ==")

    started = time.perf_counter()
    analysed = [analyse(s) for s in sentences]
    tokens = [t for t, _ in analysed]
    weights = scoring.term_weights(tokens, [names for _, names in analysed])
    pairs = candidate_pairs(tokens, articles)
    scores = scoring.score_pairs(pairs, tokens, weights, [extract(s) for s in sentences])
    ours = pairs[scores.score >= scoring.DEFAULT_THRESHOLD][:, :2].astype(np.int64)
    ours_time = time.perf_counter() - started

    started = time.perf_counter()
    brute = brute_force_pairs(sentences, articles, len(ours))
    brute_time = time.perf_counter() - started

    header = f"{'method':<44} {'pairs':>7} {'same event':>10} {'events':>7} {'time':>7}"
    print(header)
    print("-" * len(header))
    for name, found, seconds in (
        (f"ours: candidates + score >= {scoring.DEFAULT_THRESHOLD:g}", ours, ours_time),
        (f"brute-force fuzz.ratio >= {brute[1]:.0f} (top {len(brute[0]):,})", brute[0], brute_time),
    ):
        same = events[found[:, 0]] == events[found[:, 1]]
        covered = len(set(events[found[same, 0]]))
        print(f"{name:<44} {len(found):>7,} {same.mean():>10.3f} {covered:>7} {seconds:>6.1f}s")


def brute_force_pairs(sentences: list[str], articles: np.ndarray, wanted: int, chunk: int = 1000):
    """The `wanted` best cross-article pairs by fuzz.ratio over all pairs, and the lowest score
    among them (the threshold that gives about as many pairs)."""
    found_i, found_j, found_s = [], [], []
    for start in range(0, len(sentences), chunk):
        block = process.cdist(
            sentences[start : start + chunk], sentences, scorer=fuzz.ratio, processor=utils.default_process,
            dtype=np.uint8, workers=-1, score_cutoff=50,
        )
        rows, cols = np.nonzero(block)
        rows = rows + start
        keep = (rows < cols) & (articles[rows] != articles[cols])
        found_i.append(rows[keep])
        found_j.append(cols[keep])
        found_s.append(block[rows[keep] - start, cols[keep]])
    i, j, s = (np.concatenate(x) for x in (found_i, found_j, found_s))
    best = np.argsort(-s.astype(np.int64), kind="stable")[:wanted]
    return np.column_stack([i[best], j[best]]), float(s[best].min()) if len(best) else 100.0


def speed(data: Path, size: int = 100_000) -> None:
    print(f"\n== Speed: {size:,} Reuters-21578 sentences (articles as groups) ==")
    sentences, groups = [], []
    for article in read_jsonl(data / "reuters21578.jsonl"):
        for sentence in crude_sentences(article.get("text") or ""):
            sentences.append(sentence)
            groups.append(article["id"])
        if len(sentences) >= size:
            break
    sentences, groups = sentences[:size], groups[:size]
    started = time.perf_counter()
    analysed = [analyse(s) for s in sentences]
    tokens = [t for t, _ in analysed]
    tokenise = time.perf_counter() - started
    started = time.perf_counter()
    weights = scoring.term_weights(tokens, [names for _, names in analysed])
    weigh = time.perf_counter() - started
    extract, source = figure_extractor()
    started = time.perf_counter()
    figures = [extract(s) for s in sentences]
    extracting = time.perf_counter() - started
    started = time.perf_counter()
    pairs = candidate_pairs(tokens, groups)
    candidates = time.perf_counter() - started
    started = time.perf_counter()
    scores = scoring.score_pairs(pairs, tokens, weights, figures)
    score = time.perf_counter() - started
    accepted = int(np.sum(scores.score >= scoring.DEFAULT_THRESHOLD))
    print(f"tokenise (analyse) {tokenise:6.1f} s   term_weights {weigh:5.1f} s   figures ({source}) {extracting:5.1f} s")
    print(f"candidate_pairs    {candidates:6.1f} s   {len(pairs):,} pairs")
    print(f"score_pairs        {score:6.1f} s   {accepted:,} at or above DEFAULT_THRESHOLD")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--fit", action="store_true", help="search the combination's weights")
    parser.add_argument("--only", choices=["labelled", "ecb", "speed"], help="run one part")
    parser.add_argument("--size", type=int, default=100_000, help="sentences for the speed run")
    args = parser.parse_args(argv)
    if args.only in (None, "labelled"):
        labelled_pairs(args.data, args.fit)
    if args.only in (None, "ecb"):
        ecb_plus(args.data)
    if args.only in (None, "speed"):
        speed(args.data, args.size)


if __name__ == "__main__":
    main()
