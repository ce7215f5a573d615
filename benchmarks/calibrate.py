"""Fit and check the match decision (decision.py) on real labelled data (not a test; prints tables).

    python benchmarks/calibrate.py [--data ../shared/data] [--write] [--only labelled|speed]

1. The evidence of every pair (scoring.score_pairs' parts, decision.evidence): sentence pairs labelled
   by people, MRPC train (1 = same meaning; every fifth pair held out for the report) and STS-B
   train + dev (score >= 3.5 same statement, <= 1.5 different, the rest left out); and the matcher's
   own candidate pairs on ECB+ (`load`, then match.read_units and match.score_candidates), labelled
   by whether their two articles report the same event, with each article's story.
2. The fit (a logistic regression, numpy + scipy's L-BFGS-B, every weight bounded to the sign that
   keeps the score monotone in its evidence): the wording evidence (lexical, rare_terms, coverage,
   information, copy) on the labelled pairs; then, that part fixed, figures on the ECB+ pairs (same
   event or not). The threshold: the highest within 0.01 of the best F1 on the labelled pairs fitted
   on, reading a match whose figures conflict as "different" (what MRPC's 0 label often means). Then
   the stories, on ECB+: the weight of the article similarity (centred at 0.2) that keeps the most
   matches within one event, and the smallest penalty for another story that keeps 0.99 of the
   matches across stories within one event.
3. The report: held-out MRPC (F1, precision, recall) next to plain rapidfuzz token_sort_ratio at the
   threshold best on the fitted part; STS-B; ECB+ (share of accepted cross-article pairs within one
   event, events covered, pairs within and across stories). --write stores the coefficients in
   datasette_crosscheck/data/decision.json.
4. Speed on Reuters-21578 sentences: tokenising, candidate_pairs and score_pairs on 100k sentences.

Stories: datasette_crosscheck.match.stories, as `match` assigns them. scikit-learn is not used.
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

from rapidfuzz import fuzz, utils  # noqa: E402

from datasette_crosscheck.match import decision as decision_module  # noqa: E402
from datasette_crosscheck.match import scoring  # noqa: E402
from datasette_crosscheck.match.candidates import candidate_pairs  # noqa: E402
from datasette_crosscheck.match.decision import CLAIM_EVIDENCE, SIGNS, Decision, evidence  # noqa: E402
from datasette_crosscheck.match.diff import Version, figure_differences  # noqa: E402
from datasette_crosscheck.textnorm import analyse  # noqa: E402
from ecbplus import EVENT_SQL  # noqa: E402  (a script beside this one)

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
        self.texts = texts
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

    def evidence(self) -> dict:
        parts = self.scores()
        return evidence(parts.lexical, parts.rare_terms, parts.coverage, parts.information, parts.figure_agreement, parts.copy)

    def conflicts(self) -> np.ndarray:
        """Pairs whose figures conflict (diff.figure_differences): "same story, different facts"."""
        if self.figures is None:
            return np.zeros(len(self.labels), dtype=bool)
        n = len(self.labels)
        return np.array([
            any(d["verdict"] == "conflict" for d in figure_differences(
                Version(self.texts[k], self.figures[k]), Version(self.texts[k + n], self.figures[k + n])))
            if self.figures[k] and self.figures[k + n] else False
            for k in range(n)
        ])


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


def read_mrpc_split(data: Path) -> tuple[list, list]:
    """MRPC train, every fifth pair held out (the test file is not in shared/data)."""
    rows = read_mrpc(data)
    return [r for n, r in enumerate(rows) if n % 5], [r for n, r in enumerate(rows) if n % 5 == 0]


# The fit ------------------------------------------------------------------------------------------


def fit_logistic(X: np.ndarray, y: np.ndarray, signs: np.ndarray, offset=None, l2: float = 1e-3,
                 intercept: bool = True, sample_weight=None) -> tuple[float, np.ndarray]:
    """Logistic regression, each weight bounded to its sign (+1: >= 0, -1: <= 0); returns (b, w)."""
    from scipy.optimize import minimize

    n, d = X.shape
    offset = np.zeros(n) if offset is None else offset
    weight = np.ones(n) if sample_weight is None else sample_weight
    weight = weight / weight.sum()

    def loss(theta):
        b, w = (theta[0], theta[1:]) if intercept else (0.0, theta)
        z = offset + b + X @ w
        p = 1 / (1 + np.exp(-z))
        value = np.sum(weight * (np.logaddexp(0, z) - y * z)) + l2 * w @ w
        g = weight * (p - y)
        grad_w = X.T @ g + 2 * l2 * w
        return value, (np.r_[g.sum(), grad_w] if intercept else grad_w)

    bounds = ([(None, None)] if intercept else []) + [(0, None) if s > 0 else (None, 0) for s in signs]
    theta = minimize(loss, np.zeros(d + intercept), jac=True, bounds=bounds, method="L-BFGS-B").x
    return (float(theta[0]), theta[1:]) if intercept else (0.0, theta)


def matrix(found: dict, names) -> np.ndarray:
    return np.column_stack([found[name] for name in names])


def f1_curve(scores: np.ndarray, labels: np.ndarray, conflicts: np.ndarray) -> list:
    """(threshold, F1) at every score, reading a match whose figures conflict as "different"."""
    read = np.where(conflicts, -1, scores)
    return [(float(t), precision_recall(read, labels, t)[0]) for t in np.unique(np.round(scores, 1))]


def precise_threshold(scores: np.ndarray, labels: np.ndarray, conflicts: np.ndarray, slack: float = 0.01) -> float:
    """The highest threshold whose F1 is within `slack` of the best: the F1 curve is flat over a
    wide range, and the higher end buys precision at almost no cost in F1."""
    curve = f1_curve(scores, labels, conflicts)
    best = max(f1 for _, f1 in curve)
    return max(t for t, f1 in curve if f1 >= best - slack)


CROSS_STORY_PRECISION = 0.99  # share of ECB+ matches across stories that must be within one event
ECB_PRECISION = 0.975  # share of all ECB+ matches that must be within one event
# The article similarity is centred where, on real multi-outlet news, it parts stories: same-event
# pairs of articles have a median cosine of 0.29, different-event pairs a 99th percentile of 0.09,
# and 0.2 keeps 0.98 of the pairs within one event (issue 8's measurement); its weight from a grid.
SIMILARITY_CENTRE = 0.2
SIMILARITY_GRID = [(w, SIMILARITY_CENTRE) for w in (0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0)]


def fit_decision(labelled: list, ecb: "EcbPairs | None") -> Decision:
    """The wording evidence on the labelled pairs; figures on ECB+ (MRPC and STS-B pairs seldom
    state figures); the threshold on the labelled pairs; then the story evidence on ECB+."""
    text = [name for name in CLAIM_EVIDENCE if name != "figures"]
    X = np.concatenate([matrix(p.evidence(), text) for p in labelled])
    y = np.concatenate([p.labels for p in labelled]).astype(float)
    b, w = fit_logistic(X, y, np.array([SIGNS[n] for n in text]))
    weights = {name: float(v) for name, v in zip(text, w)}
    weights.update(figures=0.0, other_story=0.0, story_similarity=0.0)
    fitted = {"claim": "the wording evidence on MRPC train (4 of every 5 pairs) + STS-B train/dev, "
                       f"{len(y)} pairs, logistic regression, weights bounded to their sign"}
    if ecb is not None:
        weights.update(fit_figures(ecb, Decision(b, weights, 50.0)))
        fitted["figures"] = (f"ECB+ candidate pairs ({len(ecb.same_event)}), same event or not, the wording part fixed, "
                             "logistic regression")
    scores = np.concatenate([Decision(b, weights, 50.0).score(p.evidence()) for p in labelled])
    conflicts = np.concatenate([p.conflicts() for p in labelled])
    threshold = precise_threshold(scores, y, conflicts)
    fitted["threshold"] = ("the highest within 0.01 of the best F1 on the labelled pairs the wording was fitted on, "
                           "a figure conflict read as different")
    model = Decision(b, weights, threshold, fitted)
    if ecb is not None:
        model = fit_stories(ecb, model)
    return Decision(round(model.intercept, 4), {k: round(v, 4) for k, v in model.weights.items()}, model.threshold,
                    model.fitted, model.similarity_centre)


def fit_figures(ecb: "EcbPairs", wording: Decision) -> dict:
    """What lined-up figures are worth: a logistic regression on ECB+ events, the wording fixed."""
    found = ecb.evidence(wording)
    _, (figures,) = fit_logistic(matrix(found, ("figures",)), ecb.same_event.astype(float), np.array([1.0]),
                                 offset=wording.logit(found), intercept=False)
    return {"figures": float(figures)}


def fit_stories(ecb: "EcbPairs", model: Decision) -> Decision:
    """The story evidence, on ECB+: the weight and centre of the article similarity that keep the
    most matches within one event while ECB_PRECISION of all matches are; then the penalty for
    another story, lowered until CROSS_STORY_PRECISION of the matches across stories are within one
    event. Likelihood alone would not do: a pair of one event is not always one claim, so it
    would let every pair of a story through."""
    best = None
    for weight, centre in SIMILARITY_GRID:
        trial = Decision(model.intercept, {**model.weights, "story_similarity": weight}, model.threshold,
                         model.fitted, centre)
        trial = replace_weight(trial, "other_story", story_penalty(ecb, trial))
        kept = ecb.accepted(trial)
        share, right = ecb.same_event[kept].mean() if len(kept) else 0.0, int(ecb.same_event[kept].sum())
        key = (share >= ECB_PRECISION, right if share >= ECB_PRECISION else share)
        if best is None or key > best[0]:
            best = (key, trial)
    fitted = dict(model.fitted, story=(
        f"ECB+ candidate pairs ({len(ecb.same_event)}, {int(ecb.other_story.sum())} across stories; stories from "
        f"{ecb.stories_from}): story_similarity centred at {SIMILARITY_CENTRE}, its weight from a grid, the most matches within one event while "
        f"{ECB_PRECISION} of them are; other_story lowered until {CROSS_STORY_PRECISION} of the matches across stories are"))
    trial = best[1]
    return Decision(trial.intercept, trial.weights, trial.threshold, fitted, trial.similarity_centre)


def replace_weight(model: Decision, name: str, value: float) -> Decision:
    return Decision(model.intercept, {**model.weights, name: value}, model.threshold, model.fitted, model.similarity_centre)


def story_penalty(ecb: "EcbPairs", model: Decision) -> float:
    """The smallest penalty for another story that keeps CROSS_STORY_PRECISION of the matches
    across stories within one event."""
    penalty = 0.0
    for penalty in np.arange(0.0, -30.0, -0.25):
        kept = ecb.accepted(replace_weight(model, "other_story", float(penalty)))
        kept = kept[ecb.other_story[kept] == 1]
        if not len(kept) or ecb.same_event[kept].mean() >= CROSS_STORY_PRECISION:
            break
    return float(penalty)


# ECB+: the matcher's candidate pairs with their events and stories ---------------------------------


def story_context_for(db):
    """The corpus' stories as the matcher builds them (stories.assign_stories)."""
    from datasette_crosscheck.match.stories import assign_stories

    return assign_stories(db, recompute=True), "datasette_crosscheck.match.stories"


class EcbPairs:
    """The matcher's candidate pairs on ECB+ with their evidence, events and stories."""

    def __init__(self, data: Path):
        import tempfile

        import sqlite_utils

        from datasette_crosscheck.ingest.load import load_paths
        from datasette_crosscheck.match.pipeline import MatchOptions, read_units, score_candidates

        started = time.perf_counter()
        db = sqlite_utils.Database(Path(tempfile.mkdtemp()) / "ecbplus.db")
        load_paths(db, [str(data / "ecbplus.jsonl")])
        stories, self.stories_from = story_context_for(db)
        options = MatchOptions(threshold=0.0)
        units = read_units(db, options)
        pairs, scores, _ = score_candidates(units, options, None, stories)
        event = dict(db.execute(EVENT_SQL).fetchall())
        article = np.array([u.article_id for u in units])
        a, b = article[pairs[:, 0]], article[pairs[:, 1]]
        self.events = np.array([event[x] for x in a], dtype=object), np.array([event[x] for x in b], dtype=object)
        self.same_event = self.events[0] == self.events[1]
        from datasette_crosscheck.match.pipeline import story_evidence, _stories_of

        other, similarity = story_evidence(units, pairs, _stories_of(units, stories), stories)
        self.other_story = other
        self.parts = (scores.lexical, scores.rare_terms, scores.coverage, scores.information, scores.figure_agreement,
                      scores.copy, other, similarity)
        self.units, self.pairs, self.sentence = units, pairs, np.array([u.sentence_id for u in units])
        self.short = scores.score == 0.0  # short statements that are no near copy (score_candidates)
        self.seconds = time.perf_counter() - started
        print(f"\n== ECB+: {len(set(event.values()))} events, {len(units):,} clauses, {len(pairs):,} candidate pairs "
              f"({int(self.other_story.sum()):,} across stories; stories from {self.stories_from}), {self.seconds:.0f} s ==")

    def evidence(self, model: Decision) -> dict:
        return model.evidence(*self.parts)

    def accepted(self, model: Decision) -> np.ndarray:
        """Indexes of the pairs the matcher keeps: at or above the threshold, the best per pair of sentences."""
        score = np.where(self.short, 0.0, model.score(self.evidence(model)))
        passing = np.flatnonzero(score >= model.threshold)
        keys = {}
        for k in passing[np.argsort(-score[passing], kind="stable")]:
            key = tuple(sorted(self.sentence[self.pairs[k]]))
            keys.setdefault(key, k)
        return np.array(sorted(keys.values()), dtype=np.int64)

    def report(self, name: str, model: Decision) -> None:
        kept = self.accepted(model)
        same = self.same_event[kept]
        across = self.other_story[kept] == 1
        covered = len(set(self.events[0][kept][same]))
        print(f"{name:<40} {len(kept):>7,} {same.mean() if len(kept) else 0:>10.3f} {covered:>7} "
              f"{int((~across).sum()):>9,} {same[~across].mean() if (~across).any() else 0:>8.3f} "
              f"{int(across.sum()):>9,} {same[across].mean() if across.any() else 0:>8.3f}")


# The report ---------------------------------------------------------------------------------------


def report_labelled(name: str, pairs: PairSet, rows, model: Decision, baseline_threshold: float) -> None:
    labels, conflicts = pairs.labels, pairs.conflicts()
    scores = model.score(pairs.evidence())
    baseline = np.array([fuzz.token_sort_ratio(a, b, processor=utils.default_process) for _, a, b in rows])
    for label, values, threshold in (
        ("rapidfuzz token_sort_ratio", baseline, baseline_threshold),
        ("decision", scores, model.threshold),
        ("decision, figure conflict = different", np.where(conflicts, -1, scores), model.threshold),
    ):
        f1, p, r = precision_recall(values, labels, threshold)
        print(f"{name:<22} {len(labels):>5} {labels.mean():>5.2f}  {label:<40} {threshold:>5.1f} {f1:>6.3f} {p:>6.3f} {r:>6.3f}")


def calibrate(data: Path, write: bool, with_ecb: bool) -> Decision:
    extract, source = figure_extractor()
    fit_rows, held_out_rows = read_mrpc_split(data)
    sts_rows = read_sts(data)
    fit_pairs, held_out, sts = PairSet(fit_rows, extract), PairSet(held_out_rows, extract), PairSet(sts_rows, extract)
    ecb = EcbPairs(data) if with_ecb else None
    model = fit_decision([fit_pairs, sts], ecb)
    print("\n== The decision ==")
    print(f"intercept {model.intercept:+.3f}; " + ", ".join(f"{k} {v:+.3f}" for k, v in model.weights.items())
          + f"; threshold {model.threshold:.1f}")
    if write:
        decision_module.DECISION_PATH.write_text(json.dumps(model.to_json(), indent=2) + "\n", encoding="utf-8")
        print(f"written to {decision_module.DECISION_PATH.relative_to(Path(__file__).resolve().parents[1])}")

    print(f"\n== Labelled pairs (figures: {source}) ==")
    header = f"{'data':<22} {'pairs':>5} {'same':>5}  {'scorer':<40} {'thr':>5} {'F1':>6} {'P':>6} {'R':>6}"
    print(header)
    print("-" * len(header))
    fit_baseline = np.array([fuzz.token_sort_ratio(a, b, processor=utils.default_process) for _, a, b in fit_rows])
    baseline_threshold = best_threshold(fit_baseline, fit_pairs.labels)[0]
    report_labelled("MRPC train, held out", held_out, held_out_rows, model, baseline_threshold)
    report_labelled("MRPC train, fitted on", fit_pairs, fit_rows, model, baseline_threshold)
    sts_baseline = np.array([fuzz.token_sort_ratio(a, b, processor=utils.default_process) for _, a, b in sts_rows])
    report_labelled("STS-B train+dev", sts, sts_rows, model, best_threshold(sts_baseline, sts.labels)[0])
    yes = held_out.labels.mean()
    print(f"answering \"same\" for every held-out MRPC pair: F1 {2 * yes / (1 + yes):.3f}")

    if ecb is not None:
        header = (f"{'ECB+ candidates kept by':<40} {'pairs':>7} {'same event':>10} {'events':>7} "
                  f"{'in story':>9} {'same ev.':>8} {'across':>9} {'same ev.':>8}")
        print("\n" + header)
        print("-" * len(header))
        ecb.report("the decision", model)
        claim_only = Decision(model.intercept, {**model.weights, "other_story": 0.0, "story_similarity": 0.0}, model.threshold)
        ecb.report("the decision without article similarity", replace_weight(model, "story_similarity", 0.0))
        ecb.report("the decision without story evidence", claim_only)
    return model


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\u201d]?\s+(?=[\"\u201c(]?[A-Z])")


def crude_sentences(text: str, min_words: int = 5) -> list[str]:
    """Split at full stops followed by a capital: crude, fast, good enough for measuring."""
    text = " ".join(text.split())
    return [s for s in _SENTENCE_END.split(text) if len(s.split()) >= min_words]


def read_jsonl(path: Path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


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
    parser.add_argument("--write", action="store_true", help="store the fitted coefficients in the package")
    parser.add_argument("--only", choices=["labelled", "speed"], help="fit on the labelled pairs only (no ECB+), or time only")
    parser.add_argument("--size", type=int, default=100_000, help="sentences for the speed run")
    args = parser.parse_args(argv)
    if args.only != "speed":
        calibrate(args.data, args.write, with_ecb=args.only is None)
    if args.only in (None, "speed"):
        speed(args.data, args.size)


if __name__ == "__main__":
    main()
