"""How likely two sentences (or clauses) state the same thing: a 0-100 score and its parts.

The parts, kept for users:

- lexical: rapidfuzz similarity of the normalised content words (stems, aliases folded), sorted so
  that word order does not count;
- rare_terms: the weighted share of the terms that both sides state; rare terms (names, a company,
  a place) count far more than common ones, names more again, everyday words less (`term_weights`);
- figure_agreement: how well the figures line up, by measure (money with money, percent with
  percent, the same counted noun) and value; None when neither side states a figure;
- coverage, information and copy: the share of each side the shared terms cover, their weight
  (IDF mass), and how close the two are to copies of each other (content words in order, numbers kept).

The score combines them, with what is known of the two articles' stories, in one logistic
regression (decision.py; coefficients fitted by benchmarks/calibrate.py on MRPC, STS-B and ECB+,
shipped in data/decision.json). Figures count as evidence of their own: two outlets that each state
an amount of money next to the same rare words probably report the same payment, however far apart
their wording is. When the figures are known, the words they are written with ("millions of
euros") are left out of lexical overlap and count through figure_agreement only.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Callable, Iterable, List, Mapping, NamedTuple, Optional, Sequence, Union

import numpy as np
from rapidfuzz import fuzz, process

from .. import measures
from ..textnorm import COMMON_STEMS, analyse
from .candidates import dense_unique, in_sorted, unique_keys
from .decision import Decision, load_decision

Weights = Union[Mapping[str, float], Callable[[str], float]]

# Set with benchmarks/calibrate.py on MRPC train + STS-B train/dev (8,472 human-labelled pairs):
# BALANCE, NAME_BOOST and COMMON_FACTOR by a grid (--fit), which is flat, so these are the plain
# choices at its top. token_set_ratio as the lexical scorer changed nothing there either, so the
# cheaper ratio of sorted terms is used.
LEXICAL_SCORER = fuzz.ratio
# rare_terms = shared weight / (smaller side + BALANCE * (larger side - smaller side)):
# 0 is containment (a clause inside a long sentence scores 100), 0.5 the Dice coefficient.
BALANCE = 0.2

DECISION = load_decision()
# The score from which two clauses count as stating the same thing (calibrated with the model).
DEFAULT_THRESHOLD = DECISION.threshold

_DIGIT = re.compile(r"\d")

BATCH = 100_000  # pairs whose sparse products (and evidence) score_pairs forms at once: about 40 MB

NAME_BOOST = 1.5  # a term written as a name in most of its sentences weighs this much more
COMMON_FACTOR = 0.5  # an everyday English word (textnorm.COMMON_WORDS) weighs this much less


@dataclass
class Score:
    score: float
    lexical: float
    rare_terms: float
    figure_agreement: Optional[float]


class Scores(NamedTuple):
    """score_pairs' result: one array per part, aligned with the pairs; figure_agreement is NaN
    where neither side states a figure (or where the wording alone cannot reach min_score)."""

    score: np.ndarray
    lexical: np.ndarray
    rare_terms: np.ndarray
    figure_agreement: np.ndarray
    coverage: Optional[np.ndarray] = None  # 0-1: the smaller share of a side's weight both state
    information: Optional[np.ndarray] = None  # weight of the shared terms, in rarest-term units
    copy: Optional[np.ndarray] = None  # 0-100: edit similarity of the content words in order, numbers kept


# Term weights -------------------------------------------------------------------------------------


def term_weights(
    token_lists: Sequence[Sequence[str]],
    name_sets: Optional[Sequence[Iterable[str]]] = None,
    name_boost: Optional[float] = None,
    common_factor: Optional[float] = None,
) -> dict:
    """Smoothed IDF of every term over the documents, names boosted, everyday words damped.

    A term counts as a name when most of the documents that state it write it as one
    (textnorm.analyse gives each document's names). The everyday-word prior matters most in small
    corpora, where a few articles on one story make every word look as rare as its names.
    """
    name_boost = NAME_BOOST if name_boost is None else name_boost  # (term_weight: one term's weight)
    n = len(token_lists)
    df = Counter(chain.from_iterable(set(tokens) for tokens in token_lists))
    weights = {t: (math.log((1 + n) / (1 + d)) + 1) * prior_weight(t, common_factor=common_factor) for t, d in df.items()}
    if name_sets is not None and name_boost != 1:
        named = Counter(chain.from_iterable(set(names) for names in name_sets))
        for t, count in named.items():
            if t in weights and count * 2 >= df[t]:
                weights[t] *= name_boost
    return weights


def term_weight(term: str, df: int, documents: int, named: int = 0) -> float:
    """term_weights' weight of one term, from its counts: in `df` of the `documents`, written as a
    name in `named` of them (the incremental matcher weighs the terms of its pairs so)."""
    weight = (math.log((1 + documents) / (1 + df)) + 1) * prior_weight(term)
    if NAME_BOOST != 1 and named and named * 2 >= df:
        weight *= NAME_BOOST
    return weight


def prior_weight(term: str, names: Iterable[str] = (), common_factor: Optional[float] = None) -> float:
    """The weight a term has before any corpus is seen: names up, everyday words down."""
    if term in names:
        return NAME_BOOST
    if term in COMMON_STEMS:
        return COMMON_FACTOR if common_factor is None else common_factor
    return 1.0


def _weight_function(idf: Weights) -> Callable[[str], float]:
    if callable(idf):
        return idf
    unseen = max(idf.values(), default=1.0)  # a term the corpus never saw is as rare as its rarest
    return lambda t: idf.get(t, unseen)


# Figures ------------------------------------------------------------------------------------------


class _Figure(NamedTuple):
    measure: tuple  # (dimension, counted noun or date kind, period): what the figure measures
    low: float  # in the dimension's base unit (km and miles alike)
    high: float
    currency: Optional[str]


def _prepare(figure: Mapping) -> _Figure:
    """What a figure measures, by measures.dimension (money with money, percent with percent,
    lengths with lengths, people with people; a rate per month only with the same rate), and the
    interval its wording allows, in the dimension's base unit."""
    dimension = measures.dimension(figure)
    detail = dimension.unit if dimension.name == "date" else dimension.noun  # a year is not a day
    scale, offset = measures.base_conversion(dimension.unit) if dimension.name in measures.UNITS else (1.0, 0.0)
    value, low, high = figure.get("value"), figure.get("low"), figure.get("high")
    if low is None and high is None and value is not None:
        low = high = value
    low = -math.inf if low is None else float(low) * scale + offset
    high = math.inf if high is None else float(high) * scale + offset
    currency = dimension.unit if dimension.name == "money" else None  # any currency: the differ converts
    return _Figure((dimension.name, detail, measures.period(figure)), low, high, currency)


def _values_agree(a: _Figure, b: _Figure) -> bool:
    if a.currency and b.currency and a.currency != b.currency:
        return False  # another currency: the same measure, but the values need converting
    slack = 0.01 * max(abs(a.low), abs(b.low), 1.0) if math.isfinite(a.low + b.low) else 0.0
    return max(a.low, b.low) <= min(a.high, b.high) + slack


def _figure_match(a: _Figure, others: Sequence[_Figure]) -> float:
    """1 for a figure of the same measure with a compatible value; 0.7 for the same kind measured
    otherwise (another value, currency or period: a difference to show, so still evidence);
    0 when the other side states nothing of the kind."""
    best = 0.0
    for b in others:
        if b.measure == a.measure and _values_agree(a, b):
            return 1.0
        if b.measure[:2] == a.measure[:2]:
            best = 0.7
    return best


def _agreement(a: Sequence[_Figure], b: Sequence[_Figure]) -> Optional[float]:
    if not a and not b:
        return None
    if not a or not b:
        return 0.0
    total = sum(_figure_match(f, b) for f in a) + sum(_figure_match(f, a) for f in b)
    return 100.0 * total / (len(a) + len(b))


def figure_agreement(figures_a: Sequence[Mapping] = (), figures_b: Sequence[Mapping] = ()) -> Optional[float]:
    """0-100: how well the two sides' figures line up, averaged over the figures of both sides;
    None when neither side states a figure, 0 when only one does."""
    return _agreement([_prepare(f) for f in figures_a or ()], [_prepare(f) for f in figures_b or ()])


# One pair -----------------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def _words_of(text: str) -> tuple:
    """Content tokens of a figure's text or unit; the same few recur across a corpus."""
    return tuple(analyse(text)[0])


def _figure_words(figures: Sequence[Mapping]) -> set:
    # Digits do not change which words a figure is written with ("$1.5 mln", "$2.7 mln"), and numbers
    # are no terms anyway (comparable_terms): one cache entry serves all figures of one wording.
    return {t for f in figures for t in _words_of(_DIGIT.sub("0", f.get("text") or ""))}


def comparable_terms(tokens: Sequence[str], figures: Optional[Sequence[Mapping]]) -> set:
    """The terms compared word for word. When the figures are known they stand for their words
    ("millions of euros", "$20,000 a month") and for every number; otherwise numbers are terms."""
    terms = set(tokens)
    if figures is None:
        return terms
    if not figures:  # nothing stated: only the numbers go (_is_number, inlined: this runs for every clause loaded)
        return {t for t in terms if not t[:1].isdigit()}
    stated = _figure_words(figures)
    return {t for t in terms if t not in stated and not t[:1].isdigit()}


def _is_number(token: str) -> bool:
    return token[:1].isdigit()


def _rare_terms(shared, total_a, total_b):
    """Weighted overlap: shared weight over the smaller side's, leaning BALANCE towards the larger
    side's so that a short clause inside a long sentence does not count as a full match."""
    smaller = np.minimum(total_a, total_b)
    larger = np.maximum(total_a, total_b)
    base = smaller + BALANCE * (larger - smaller)
    return np.where(base > 0, 100.0 * shared / np.where(base > 0, base, 1.0), 0.0)


def score_pair(
    tokens_a: Sequence[str],
    tokens_b: Sequence[str],
    idf: Weights,
    figures_a: Optional[Sequence[Mapping]] = (),
    figures_b: Optional[Sequence[Mapping]] = (),
    decision: Optional[Decision] = None,
) -> Score:
    """Score two token lists (textnorm.content_tokens) with term weights (term_weights, or any
    term -> weight function) and their figures (dicts with the figures table's columns).

    Pass figures=None for a side whose figures are unknown (not extracted): its numbers then count
    as plain terms and figure_agreement is None.
    """
    result = score_pairs([(0, 1)], [tokens_a, tokens_b], idf, [figures_a, figures_b], workers=1, decision=decision)
    agreement = float(result.figure_agreement[0])
    return Score(
        float(result.score[0]),
        float(result.lexical[0]),
        float(result.rare_terms[0]),
        None if math.isnan(agreement) else agreement,
    )


# Many pairs ---------------------------------------------------------------------------------------


def score_pairs(
    pairs,
    token_lists: Sequence[Sequence[str]],
    idf: Weights,
    figures: Optional[Sequence[Optional[Sequence[Mapping]]]] = None,
    workers: int = -1,
    min_score: Optional[float] = None,
    other_story=None,
    story_similarity=None,
    decision: Optional[Decision] = None,
) -> Scores:
    """score_pair for many (i, j) index pairs into token_lists (and figures: one list of figure
    dicts per document, None for unknown): the matcher's hot path.

    `other_story` (1 where the two articles report different stories) and `story_similarity` (their
    whole-article cosine, NaN where their stories are unknown), aligned with the pairs, are the story evidence; without them every pair
    is judged as if inside one story. `decision` defaults to the shipped model.

    With `min_score`, pairs whose evidence scores too low to reach it even with fully agreeing
    figures skip the figure comparison (figure_agreement NaN): their score stays below min_score.

    The documents the pairs use are prepared once (`Documents`); a caller scoring many slices of
    pairs over one corpus prepares them itself and calls Documents.score for each slice.
    """
    pairs = np.asarray(pairs)  # not copied to floats: at a million sentences, 16 bytes a pair
    if pairs.size == 0:
        empty = np.zeros(0)
        return Scores(empty, empty, empty, empty, empty, empty, empty)
    documents, a, b = Documents.of_pairs(pairs, token_lists, idf, figures)
    return documents.score(a, b, workers, min_score, other_story, story_similarity, decision)


class Documents:
    """The documents of a scoring run, prepared once for any number of pairs: each as integer
    term ids (`_Terms`), its sorted comparable terms and its words in order as strings (what
    rapidfuzz compares), and its weighted terms as a sparse row. Pairs are scored in C (rapidfuzz's
    threads, sparse row products); only pairs where both sides have figures go through Python one
    by one. The scores do not depend on which other documents were prepared with a pair's two."""

    def __init__(self, token_lists: Sequence[Sequence[str]], idf: Weights, figures: Sequence[Optional[Sequence[Mapping]]]):
        self.figures = list(figures)
        terms = _Terms.of(token_lists, self.figures, _weight_function(idf))
        self.texts = terms.sorted_texts()
        self.sequences = terms.written_sequences()
        self.no_terms = terms.comparable.lengths() == 0
        self.not_written = terms.written.lengths() == 0
        self.rows = terms.weighted_rows()
        self.present = self.rows.copy()
        self.present.data[:] = 1.0
        self.totals = np.asarray(self.rows.sum(axis=1)).ravel()
        self.known = np.array([f is not None for f in self.figures], dtype=bool)
        self.stated = np.array([bool(f) for f in self.figures], dtype=bool)
        self.information_unit = _information_unit(idf)
        self._prepared = {}  # document -> its _prepare'd figures, for the pairs compared

    @classmethod
    def of_pairs(cls, pairs: np.ndarray, token_lists, idf: Weights, figures=None) -> tuple:
        """(Documents of the documents the (i, j) pairs use, a, b): the pairs as indexes into them
        (int32 where they fit: two arrays a pair, kept to the end)."""
        used, inverse = dense_unique(pairs[:, :2].T.ravel(), len(token_lists))
        inverse = inverse.ravel().astype(np.int32 if len(used) < 2**31 else np.int64)
        used = used.tolist()
        documents = cls([token_lists[d] for d in used], idf, [None if figures is None else figures[d] for d in used])
        return documents, inverse[: len(pairs)], inverse[len(pairs) :]

    def score(self, a: np.ndarray, b: np.ndarray, workers: int = -1, min_score: Optional[float] = None,
              other_story=None, story_similarity=None, decision: Optional[Decision] = None) -> Scores:
        """score_pairs' Scores of the pairs (a[n], b[n]) of these documents."""
        decision = decision or DECISION
        if len(a) == 0:
            empty = np.zeros(0)
            return Scores(empty, empty, empty, empty, empty, empty, empty)
        lexical = _cpdist(self.texts, a, b, LEXICAL_SCORER, workers)
        lexical[self.no_terms[a] | self.no_terms[b]] = 0.0  # rapidfuzz calls two empty strings alike
        # how close to a copy: edit similarity of the content words in order, numbers kept, a word
        # counting as one unit (a changed number is a changed word, however few its digits)
        copy = _cpdist(self.sequences, a, b, fuzz.ratio, workers)
        copy[self.not_written[a] | self.not_written[b]] = 0.0
        shared = _shared_weights(self.rows, self.present, a, b)
        totals_a, totals_b = self.totals[a], self.totals[b]
        rare = _rare_terms(shared, totals_a, totals_b)
        larger = np.maximum(totals_a, totals_b)
        coverage = np.where(larger > 0, shared / np.where(larger > 0, larger, 1.0), 0.0)
        information = shared / self.information_unit
        del totals_a, totals_b, larger

        def score(agreement):  # in slices: the evidence and its temporaries are a dozen arrays per pair
            return np.concatenate([
                decision.score(decision.evidence(*(None if part is None else part[s : s + BATCH] for part in (
                    lexical, rare, coverage, information, agreement, copy, other_story, story_similarity))))
                for s in range(0, len(agreement), BATCH)
            ])

        agreement = np.full(len(a), np.nan)
        compared = self.known[a] & self.known[b] & (self.stated[a] | self.stated[b])
        if min_score is not None:
            compared &= score(np.full(len(a), 100.0)) >= min_score
        at = np.flatnonzero(compared)
        prepared = self._figures_prepared(np.concatenate([a[at], b[at]]))
        for k, x, y in zip(at.tolist(), a[at].tolist(), b[at].tolist()):
            agreement[k] = _agreement(prepared[x], prepared[y])
        nothing = self.no_terms & self.not_written
        final = np.where(nothing[a] | nothing[b], 0.0, score(agreement))  # a side without terms states nothing
        return Scores(final, lexical, rare, agreement, coverage, information, copy)

    def _figures_prepared(self, documents: np.ndarray) -> dict:
        """The _prepare'd figures of `documents`, each prepared once for all the pairs scored."""
        prepared = self._prepared
        for d in unique_keys(documents).tolist():
            if d not in prepared:
                prepared[d] = [_prepare(x) for x in self.figures[d]]
        return prepared


def _cpdist(items: list, a: np.ndarray, b: np.ndarray, scorer, workers: int) -> np.ndarray:
    """scorer(items[a[n]], items[b[n]]) for each n, in rapidfuzz's threads, BATCH pairs at a time
    (the two lists it takes hold a reference per pair)."""
    found = np.zeros(len(a))
    for s in range(0, len(a), BATCH):
        found[s : s + BATCH] = process.cpdist([items[k] for k in a[s : s + BATCH].tolist()], [items[k] for k in b[s : s + BATCH].tolist()],
                                              scorer=scorer, workers=workers)
    return found


def _shared_weights(rows, present, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Weight of the terms rows a[n] and b[n] share (each row's weights over its terms; `present`:
    the rows with 1 for each weight), summed from the highest term id down, the order in which
    every earlier version summed them: the scores stay the same to the last bit. In slices, so that
    memory stays bounded on millions of pairs."""
    from scipy import sparse

    found = []
    for s in range(0, len(a), BATCH):
        product = rows[a[s : s + BATCH]].multiply(present[b[s : s + BATCH]]).tocsr()
        lengths = np.diff(product.indptr)[::-1]
        backwards = sparse.csr_matrix((product.data[::-1], product.indices[::-1], np.r_[0, np.cumsum(lengths)]), shape=product.shape)
        found.append(np.asarray(backwards.sum(axis=1)).ravel()[::-1])
    return np.concatenate(found)


@dataclass
class _Ragged:
    """One int array per document, in one array: document n's are values[indptr[n]:indptr[n + 1]]."""

    indptr: np.ndarray
    values: np.ndarray

    def lengths(self) -> np.ndarray:
        return np.diff(self.indptr)

    @classmethod
    def from_keys(cls, keys: np.ndarray, documents: int, width: int) -> "_Ragged":
        """From sorted keys document * width + value."""
        rows = keys // width
        return cls(np.r_[0, np.cumsum(np.bincount(rows, minlength=documents))].astype(np.int64), keys - rows * width)


@dataclass
class _Terms:
    """The documents of a scoring run as integer term ids: `vocabulary` sorted (so that a
    document's ids in ascending order are its terms sorted), each document's tokens in order
    (`written`), its comparable_terms (`comparable`, ascending), and each term's weight."""

    vocabulary: list
    written: _Ragged
    comparable: _Ragged
    weight: np.ndarray

    @classmethod
    def of(cls, token_lists: Sequence[Sequence[str]], figures: Sequence[Optional[Sequence[Mapping]]], weight) -> "_Terms":
        n = len(token_lists)
        flat = list(chain.from_iterable(token_lists))
        vocabulary = sorted(set(flat))
        column = {t: c for c, t in enumerate(vocabulary)}
        ids = np.fromiter(map(column.__getitem__, flat), dtype=np.int64, count=len(flat))
        del flat
        indptr = np.zeros(n + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(tokens) for tokens in token_lists])
        width = max(len(vocabulary), 1)
        keys = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr)) * width + ids
        # comparable_terms: known figures stand for their words and for every number
        known = np.array([f is not None for f in figures], dtype=bool)
        number = np.array([_is_number(t) for t in vocabulary], dtype=bool)
        dropped = known[keys // width] & number[ids] if len(vocabulary) else np.zeros(0, dtype=bool)
        figure_keys = [d * width + column[t] for d, f in enumerate(figures) if f for t in _figure_words(f) if t in column]
        if figure_keys:
            dropped |= in_sorted(keys, unique_keys(np.array(figure_keys, dtype=np.int64)))
        comparable = _Ragged.from_keys(unique_keys(keys[~dropped]), n, width)
        weights = np.array([weight(t) for t in vocabulary], dtype=float)
        return cls(vocabulary, _Ragged(indptr, ids), comparable, weights)

    def sorted_texts(self) -> List[str]:
        """Each document's comparable terms, sorted and joined by spaces (what lexical compares)."""
        # the words by a numpy take of the vocabulary's references: no Python int per term (a
        # million sentences' clauses state 17M of them)
        words = np.array(self.vocabulary, dtype=object)[self.comparable.values].tolist()
        ends = self.comparable.indptr.tolist()
        return [" ".join(words[start:end]) for start, end in zip(ends, ends[1:])]

    def written_sequences(self) -> list:
        """Each document's tokens in order, one item per token, for an edit similarity that counts
        words: a string of one character per term id where the ids fit in code points."""
        ends = self.written.indptr.tolist()
        if len(self.vocabulary) <= sys.maxunicode:
            # the ids as UTF-32 code units, decoded in C (surrogatepass: ids in U+D800-U+DFFF are
            # characters too); no Python int per token
            text = self.written.values.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")
            return [text[start:end] for start, end in zip(ends, ends[1:])]
        ids = self.written.values.tolist()
        return [ids[start:end] for start, end in zip(ends, ends[1:])]

    def weighted_rows(self):
        """A sparse matrix with one row per document, each comparable term's weight in its column
        (ascending: canonical)."""
        from scipy import sparse

        values = self.comparable.values
        shape = (len(self.comparable.indptr) - 1, max(len(self.vocabulary), 1))
        return sparse.csr_matrix((self.weight[values], values, self.comparable.indptr), shape=shape)


def _information_unit(idf: Weights) -> float:
    """The weight of the corpus' rarest term, so that information means the same in any corpus size;
    a prior weight function (no corpus) is measured against its name weight."""
    if callable(idf):
        return NAME_BOOST
    return max(max(idf.values(), default=1.0), 1e-9)


# Two raw strings ----------------------------------------------------------------------------------


def crosscheck_score(a: str, b: str, aliases: Optional[dict] = None) -> float:
    """The matcher's score for two raw strings, as the crosscheck_score() SQL function gives it.

    No corpus is at hand, so terms weigh by the prior alone (prior_weight: the capitals in the two
    strings tell which terms are names). Figures are not extracted: numbers count as plain terms.
    """
    tokens_a, names_a = analyse(a or "", aliases)
    tokens_b, names_b = analyse(b or "", aliases)
    names = names_a | names_b
    return score_pair(tokens_a, tokens_b, lambda t: prior_weight(t, names), None, None).score
