"""Stories: articles of any outlets that report the same event or topic, from whole-article evidence.

The pure core, `cluster_stories`, works on each article's content tokens and the tokens it writes
as names (textnorm.analyse), its outlet and its date. Articles are compared by the cosine of their
whole-text TF-IDF vectors (sublinear tf; terms in over MAX_DF of the articles say nothing about which
story an article tells and are dropped): NAME_WEIGHT of the similarity comes from the names alone,
the rest from all terms. Numbers are terms too, so shared figures count; rare names and terms weigh
most through their IDF. A date gap lowers a link (`date_factor`).

Plain transitive grouping over the cosines chains: one loose link between two articles merges two
stories, and a few of them glue a corpus into one (ECB+: B-cubed F1 0.85 at best). So links are
taken sparingly, strongest first:

- each article is linked only to its best match in each outlet (its own included), at or above
  `bar`, among its k nearest neighbours (top-k over sparse TF-IDF: near linear, as for sentences);
- two groups are merged only when, on average over all their pairs of articles, they are still as
  similar as `min_average` (computed exactly from the groups' summed vectors), so that one strong
  pair cannot bind two stories that otherwise share little. Where outlets carry one article each
  (ECB+), the best-per-outlet rule cannot choose, and this guard does the work. (A true
  average-link agglomeration, best average first, gave the same clusters on ECB+ and Reuters.)

The result does not depend on the order of the input: the articles are put in an order of their
own content first, and ties go to that order.

The database pass, `assign_stories`, fills `stories` and `articles.story_id`. Articles whose
story_id is NULL are placed: attached to an existing story or starting a new one; existing stories
keep their ids and are never merged with each other. `recompute=True` clusters the whole corpus
again, and each new story keeps the id of the old story most of its articles were in. Between runs
the pass keeps each article's term counts and the corpus' document frequencies (story_state.py), so
that an incremental run reads only the new articles and the old ones they can be linked to.
`story_context` gives the matcher each article's story and the whole-article similarity of pairs.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import math
import sys
from collections import Counter
from itertools import chain
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

import numpy as np
import sqlite_utils
from scipy import sparse

from .. import analysis, passes, schema
from ..parallel import PoolMap, collector_paused, ranges, workers_available
from ..textnorm import analyse, load_aliases
from . import story_state
from .candidates import TfidfIndex, candidate_pairs, weighted_rows

# Terms in more than this share of the articles are dropped from the article vectors ...
MAX_DF = 0.3
# ... but never terms in this many articles or fewer: a handful of articles on one story share
# its names, and must still be found together.
MIN_DF_CAP = 5
NAME_WEIGHT = 0.3  # share of the similarity that comes from the names two articles share
# The neighbour search uses only terms in at most this many articles (with their weight in the
# whole vector): a term in 30% of a large corpus would pair every article with 30% of the others,
# and with a fixed cap the search stays linear in the corpus. The similarity of the pairs found is
# then computed over all the terms. 100 rather than 300: ECB+ F1 0.900 against 0.908, the Reuters
# check 0.752 against 0.698 (template wires no longer find each other through their common words).
SEARCH_DF_CAP = 100
K = 10  # neighbours per article
SEARCH_FLOOR = 0.05  # a neighbour's similarity over the search terms must reach this
# Tuned on ECB+ (benchmarks/ecbplus.py); a single pair needs both, as its average is its cosine.
BAR = 0.25  # similarity (after the date factor) a link needs
MIN_AVERAGE = 0.25  # average similarity over all pairs of two groups, for them to merge
# Dates: articles published within DATE_GRACE days of each other are compared on their words alone;
# beyond that the similarity is divided by 1 + (gap - DATE_GRACE) / DATE_SCALE.
DATE_GRACE = 3
DATE_SCALE = 30.0
# Sentences that tell what an article reports (bylines, datelines, labels and footers do not).
STORY_KINDS = ("heading", "body")


@dataclass(frozen=True)
class Clustering:
    """`labels[i]`: the story of article i, numbered 0.. in the order of each story's first
    article; `pairs`: rows (i, j, similarity), i < j, the neighbour pairs compared (before the date
    factor); `links`: the rows of `pairs` that joined two groups."""

    labels: np.ndarray
    pairs: np.ndarray
    links: np.ndarray


@dataclass(frozen=True)
class ArticleVectors:
    """One L2-normalised row per article: all terms and names, weighted so that the dot product of
    two rows is (1 - NAME_WEIGHT) x their term cosine + NAME_WEIGHT x their name cosine (when both
    state names). `df`: the articles stating each column's term."""

    matrix: sparse.csr_matrix
    df: np.ndarray


def article_vectors(token_lists: Sequence[Sequence[str]], name_lists: Optional[Sequence[Sequence[str]]] = None,
                    name_weight: float = NAME_WEIGHT) -> ArticleVectors:
    """Whole-article TF-IDF rows (sublinear tf, smoothed IDF), frequent terms out."""
    terms = count_matrix(token_lists, {})
    if name_lists is None or name_weight <= 0:
        return vectors_from_counts(terms, None, document_frequencies(terms), None, len(token_lists))
    names = count_matrix(name_lists, {})
    return vectors_from_counts(terms, names, document_frequencies(terms), document_frequencies(names), len(token_lists),
                               name_weight)


def count_matrix(token_lists: Sequence[Sequence[str]], vocabulary: dict, width: Optional[int] = None) -> sparse.csr_matrix:
    """Term counts, a row per list, a column per term of `vocabulary` (term -> column); terms it
    lacks are added, numbered on from `width` (the columns there are; default: as many as the
    vocabulary holds) in the order first seen."""
    flat = list(chain.from_iterable(token_lists))
    width = len(vocabulary) if width is None else width
    for term in dict.fromkeys(flat):
        if term not in vocabulary:
            vocabulary[term] = width
            width += 1
    columns = np.fromiter(map(vocabulary.__getitem__, flat), dtype=np.int64, count=len(flat))
    indptr = np.zeros(len(token_lists) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(tokens) for tokens in token_lists])
    counts = sparse.csr_matrix((np.ones(len(columns), dtype=np.float32), columns, indptr),
                               shape=(len(token_lists), max(width, 1)))
    counts.sum_duplicates()
    return counts


def document_frequencies(counts: sparse.csr_matrix) -> np.ndarray:
    return np.bincount(counts.indices, minlength=counts.shape[1])


def vectors_from_counts(terms: sparse.csr_matrix, names: Optional[sparse.csr_matrix], term_df: np.ndarray, name_df,
                        articles: int, name_weight: float = NAME_WEIGHT) -> ArticleVectors:
    """article_vectors of some articles from their term (and name) counts and the corpus' document
    frequencies over `articles` articles: each row is the same whatever other rows are computed."""
    weighted = _weighted(terms, term_df, articles)
    if names is None:
        return ArticleVectors(weighted, term_df)
    matrix = sparse.hstack([weighted * math.sqrt(1 - name_weight),
                            _weighted(names, name_df, articles) * math.sqrt(name_weight)]).tocsr()
    return ArticleVectors(_normalised(matrix), np.r_[_padded(term_df, terms.shape[1]), _padded(name_df, names.shape[1])])


def _padded(df: np.ndarray, width: int) -> np.ndarray:
    df = np.asarray(df, dtype=np.int64)
    return np.r_[df, np.zeros(width - len(df), dtype=np.int64)] if len(df) < width else df


def _weighted(counts: sparse.csr_matrix, df: np.ndarray, n: int) -> sparse.csr_matrix:
    """Sublinear TF x smoothed IDF rows, L2-normalised: terms in over MAX_DF of the n articles (and
    over MIN_DF_CAP of them) left out, but a row with fewer than MIN_KEPT_TERMS terms left keeps its
    rarest (as candidates.tfidf with these settings)."""
    df = _padded(df, counts.shape[1])
    return weighted_rows(counts, df, np.log((1 + n) / (1 + df)) + 1, max(MAX_DF * n, MIN_DF_CAP))


def _normalised(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return (sparse.diags(1 / np.where(norms > 0, norms, 1)) @ matrix).tocsr().astype(np.float32)


def day_number(iso: Optional[str]) -> float:
    """Days since year 1 of an ISO date (its first 10 characters), NaN when there is none."""
    try:
        return float(datetime.date.fromisoformat(str(iso)[:10]).toordinal())
    except (TypeError, ValueError):
        return math.nan


def date_factor(gap_days) -> np.ndarray:
    """How much of the similarity a link keeps at a date gap (NaN, a date unknown: all of it)."""
    gap = np.abs(np.asarray(gap_days, dtype=float))
    late = np.where(np.isnan(gap), 0.0, np.maximum(gap - DATE_GRACE, 0.0))
    return 1.0 / (1.0 + late / DATE_SCALE)


def pair_cosines(matrix: sparse.csr_matrix, i, j, chunk: int = 50_000) -> np.ndarray:
    """Dot products of rows i[n] and j[n] (cosines: the rows are normalised), in chunks."""
    i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    found = np.zeros(len(i))
    for start in range(0, len(i), chunk):
        stop = start + chunk
        found[start:stop] = np.asarray(matrix[i[start:stop]].multiply(matrix[j[start:stop]]).sum(axis=1)).ravel()
    return found


def cluster_stories(
    token_lists: Sequence[Sequence[str]],
    name_lists: Optional[Sequence[Sequence[str]]],
    outlets: Sequence[Optional[str]],
    dates: Optional[Sequence[Optional[str]]] = None,
    fixed: Optional[Sequence[Optional[int]]] = None,
    bar: float = BAR,
    min_average: float = MIN_AVERAGE,
    k: int = K,
    best_per_outlet: bool = True,
    vectors: Optional[ArticleVectors] = None,
    digests: Optional[Sequence[bytes]] = None,
) -> Clustering:
    """Group articles into stories (see the module's docstring).

    `name_lists[i]`: the tokens article i writes as names (None: names count as other terms only).
    `fixed[i]`, when given and not None, is article i's story already: articles with the same value
    stay together, two such stories are never merged, and only articles with None are placed (they
    join a fixed story or one another). `best_per_outlet=False, min_average=0` is plain single-link
    over the similarity at `bar`, for comparison. `vectors`: article_vectors of the same articles;
    `digests`: article_digest of each (then the token lists are not read: they may be empty).
    """
    n = len(token_lists)
    names = name_lists if name_lists is not None else [()] * n
    dates = list(dates) if dates is not None else [None] * n
    fixed = list(fixed) if fixed is not None else [None] * n
    if n == 0:
        return Clustering(np.zeros(0, dtype=np.int64), np.zeros((0, 3)), np.zeros((0, 3)))
    digests = digests if digests is not None else [article_digest(t, m) for t, m in zip(token_lists, names)]
    order = canonical_order(digests, outlets, dates, fixed)
    vectors = vectors or article_vectors(token_lists, name_lists)
    matrix = vectors.matrix[order]
    outlet_ids = _codes([outlets[o] or "" for o in order])
    days = np.array([day_number(dates[o]) for o in order])
    start_groups = _codes([fixed[o] if fixed[o] is not None else ("new", position) for position, o in enumerate(order)])
    is_fixed = np.array([fixed[o] is not None for o in order], dtype=bool)
    placing = np.flatnonzero(~is_fixed) if is_fixed.any() else None

    pairs = neighbour_pairs(matrix, vectors.df, k, placing)
    i, j = pairs[:, 0].astype(np.int64), pairs[:, 1].astype(np.int64)
    strength = pairs[:, 2] * date_factor(days[i] - days[j])
    candidate = strength >= bar
    if best_per_outlet:
        candidate &= best_in_outlet(i, j, strength, outlet_ids)
    groups = _Groups(matrix, start_groups, is_fixed)
    linked = np.zeros(len(pairs), dtype=bool)
    for p in np.lexsort((j, i, -strength)):  # strongest first; ties: earliest in the canonical order
        if candidate[p]:
            linked[p] = groups.merge(int(i[p]), int(j[p]), min_average)

    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    labels = _codes(groups.roots()[rank].tolist())  # numbered in the order of the input
    a, b = order[i], order[j]
    found = np.column_stack([np.minimum(a, b), np.maximum(a, b), pairs[:, 2]]).reshape(-1, 3)
    sort = np.lexsort((found[:, 1], found[:, 0]))
    return Clustering(labels, found[sort], found[sort][linked[sort]])


def canonical_order(digests, outlets, dates, fixed) -> np.ndarray:
    """An order of the articles given by their own content (story, outlet, date, a digest of the
    tokens), so that the clustering does not depend on the order of the input."""
    keys = [
        (fixed[n] is None, str(fixed[n]), outlets[n] or "", str(dates[n] or ""), digests[n])
        for n in range(len(digests))
    ]
    return np.array(sorted(range(len(keys)), key=keys.__getitem__), dtype=np.int64)


def article_digest(tokens: Sequence[str], names: Sequence[str]) -> bytes:
    text = "\x1f".join(tokens) + "\x1e" + "\x1f".join(names)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def neighbour_pairs(matrix: sparse.csr_matrix, df: np.ndarray, k: int = K, rows: Optional[np.ndarray] = None) -> np.ndarray:
    """Rows (i, j, similarity), i < j: each article's k nearest neighbours over its rarer terms
    (`rows`: only those articles' neighbours), with their similarity over all terms."""
    searched = df <= SEARCH_DF_CAP
    search = (matrix @ sparse.diags(searched.astype(np.float32))).tocsr()
    search.eliminate_zeros()
    found = candidate_pairs(TfidfIndex({}, df, df, searched, search), None, k=k, min_cosine=SEARCH_FLOOR, rows=rows)
    if len(found) == 0:
        return np.zeros((0, 3))
    i, j = found[:, 0].astype(np.int64), found[:, 1].astype(np.int64)
    return np.column_stack([i, j, pair_cosines(matrix, i, j)])


def best_in_outlet(i: np.ndarray, j: np.ndarray, strength: np.ndarray, outlet_ids: np.ndarray) -> np.ndarray:
    """Whether each pair (i, j) is i's strongest pair with an article of j's outlet, or j's with one
    of i's outlet (ties: the first pair)."""
    pair = np.r_[np.arange(len(i)), np.arange(len(i))]
    source, target = np.r_[i, j], np.r_[j, i]
    order = np.lexsort((pair, -np.r_[strength, strength], outlet_ids[target], source))
    s, o = source[order], outlet_ids[target][order]
    first = np.r_[True, (s[1:] != s[:-1]) | (o[1:] != o[:-1])] if len(order) else np.zeros(0, dtype=bool)
    keep = np.zeros(len(i), dtype=bool)
    keep[pair[order[first]]] = True
    return keep


class _Groups:
    """Disjoint sets of articles, each group with its summed vector (for average-link checks),
    built when the group is first compared: most articles of an incremental run are never."""

    def __init__(self, matrix: sparse.csr_matrix, start_groups: np.ndarray, is_fixed: np.ndarray):
        self.matrix = matrix
        n = matrix.shape[0]
        first: dict = {}
        self.parent = np.array([first.setdefault(int(g), a) for a, g in enumerate(start_groups)], dtype=np.int64)
        self.size = np.bincount(self.parent, minlength=n)
        self.fixed = np.zeros(n, dtype=bool)
        self.fixed[self.parent[is_fixed]] = True
        self.starting_members: Dict[int, List[int]] = {}
        for a in np.flatnonzero(self.size[self.parent] > 1):
            self.starting_members.setdefault(int(self.parent[a]), []).append(int(a))
        self.vectors: Dict[int, dict] = {}

    def vector(self, root: int) -> dict:
        """The summed vector of a group (root), term -> weight."""
        found = self.vectors.get(root)
        if found is None:
            found = self.vectors[root] = {}
            matrix = self.matrix
            for a in self.starting_members.get(root, [root]):
                row = slice(matrix.indptr[a], matrix.indptr[a + 1])
                for term, weight in zip(matrix.indices[row].tolist(), matrix.data[row].tolist()):
                    found[term] = found.get(term, 0.0) + weight
        return found

    def find(self, a: int) -> int:
        root = a
        while self.parent[root] != root:
            root = int(self.parent[root])
        while self.parent[a] != root:
            self.parent[a], a = root, int(self.parent[a])
        return root

    def average(self, root_a: int, root_b: int) -> float:
        """Mean similarity over all pairs of an article of one group and one of the other."""
        va, vb = self.vector(root_a), self.vector(root_b)
        if len(va) > len(vb):
            va, vb = vb, va
        dot = sum(w * vb.get(t, 0.0) for t, w in va.items())
        return dot / (self.size[root_a] * self.size[root_b])

    def merge(self, a: int, b: int, min_average: float) -> bool:
        """Join the groups of a and b unless both are fixed stories or they are too far apart on
        average; True when they were joined."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b or (self.fixed[root_a] and self.fixed[root_b]):
            return False
        if min_average > 0 and self.average(root_a, root_b) < min_average:
            return False
        if (self.size[root_a], -root_a) < (self.size[root_b], -root_b):
            root_a, root_b = root_b, root_a  # the larger group absorbs the smaller
        self.parent[root_b] = root_a
        self.size[root_a] += self.size[root_b]
        self.fixed[root_a] |= self.fixed[root_b]
        kept = self.vector(root_a)
        for term, weight in self.vector(root_b).items():
            kept[term] = kept.get(term, 0.0) + weight
        del self.vectors[root_b]
        return True

    def roots(self) -> np.ndarray:
        return np.array([self.find(a) for a in range(len(self.parent))], dtype=np.int64)


def _codes(values: Sequence) -> np.ndarray:
    """Integer codes 0.. of values, in the order each first appears."""
    seen: dict = {}
    return np.array([seen.setdefault(v, len(seen)) for v in values], dtype=np.int64)


# The database pass --------------------------------------------------------------------------------


@dataclass
class StoryContext:
    """What the matcher needs of the stories: `story_of[article_id]`, and `cosine`, the
    whole-article similarity (the one stories are built from) of pairs of articles."""

    story_of: Dict[int, int]
    article_ids: np.ndarray  # sorted; row n of `matrix` is article article_ids[n]
    matrix: sparse.csr_matrix

    def rows(self, article_ids) -> np.ndarray:
        """Row of each article id in `matrix`, -1 for ids it does not hold."""
        ids = np.asarray(article_ids, dtype=np.int64).ravel()
        if len(self.article_ids) == 0:
            return np.full(len(ids), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.article_ids, ids), len(self.article_ids) - 1)
        return np.where(self.article_ids[at] == ids, at, -1)

    def cosine(self, article_a, article_b) -> np.ndarray:
        """Similarity of articles article_a[n] and article_b[n] (arrays of ids), 0 where unknown.
        Each distinct pair is computed once."""
        a, b = self.rows(article_a), self.rows(article_b)
        result = np.zeros(len(a))
        known = (a >= 0) & (b >= 0)
        if known.any():
            # one int64 key per pair: np.unique(axis=0) sorts rows as bytes, 15 times slower
            width = max(len(self.article_ids), 1)
            unique, back = np.unique(a[known] * width + b[known], return_inverse=True)
            result[known] = pair_cosines(self.matrix, unique // width, unique % width)[back.ravel()]
        return result

    def same_story(self, article_a, article_b) -> np.ndarray:
        """Whether articles article_a[n] and article_b[n] are in one story (False when unknown)."""
        a, b = self.rows(article_a), self.rows(article_b)
        if len(self.article_ids) == 0:
            return np.zeros(len(a), dtype=bool)
        story = np.array([self.story_of.get(int(n), -1) for n in self.article_ids], dtype=np.int64)
        sa, sb = np.where(a >= 0, story[a], -1), np.where(b >= 0, story[b], -2)
        return (sa == sb) & (sa >= 0)


@dataclass
class _Corpus:
    ids: List[int]
    outlets: List[Optional[str]]
    dates: List[Optional[str]]
    story_ids: List[Optional[int]]
    titles: List[Optional[str]]
    tokens: List[List[str]]
    names: List[List[str]]


def assign_stories(db, aliases: Optional[dict] = None, pmap: PoolMap = map, recompute: bool = False,
                   workers: Optional[int] = None) -> StoryContext:
    """Place the articles whose story_id is NULL (all of them with `recompute`), write
    articles.story_id and rebuild the `stories` table; returns the StoryContext of the corpus.
    `pmap` (parallel.worker_pool) analyses the articles on all cores. One transaction: a run that
    stops half-way leaves the articles to place for the next one.

    When the state kept in the database (story_state.py) holds every placed article, only the new
    articles are read: each is compared with the old articles that share a searched term with it,
    and with the other members of their stories, vectors made from the stored counts."""
    schema.ensure_schema(db)
    aliases = aliases or load_aliases()
    key = state_key(aliases)
    if not reads_whole_corpus(db, aliases, recompute):
        return place_new_articles(db, aliases, key, pmap, workers)
    corpus = read_corpus(db, aliases, pmap, workers)
    counts = CorpusCounts.of(corpus.tokens, corpus.names)
    vectors = counts.vectors()
    digests = [article_digest(t, m) for t, m in zip(corpus.tokens, corpus.names)]
    story_ids = list(corpus.story_ids)
    with db.conn:
        if recompute or any(s is None for s in story_ids):
            fixed = None if recompute else story_ids
            clustering = cluster_stories(corpus.tokens, corpus.names, corpus.outlets, corpus.dates, fixed, vectors=vectors,
                                         digests=digests)
            story_ids = story_numbers(clustering.labels, corpus.story_ids, keep_all=not recompute)
            db.conn.executemany(
                "update articles set story_id = ? where id = ? and story_id is not ?",
                [(s, a, s) for a, s in zip(corpus.ids, story_ids)],
            )
            write_stories(db, corpus, story_ids, vectors.matrix)
        elif db["stories"].count != len(set(story_ids)):  # e.g. an article was replaced and placed since
            write_stories(db, corpus, story_ids, vectors.matrix)
        story_state.clear(db.conn)
        story_state.write(db.conn, key, (counts.token_columns, counts.name_columns), (counts.token_df, counts.name_df), (0, 0),
                          corpus.ids, counts.tokens, counts.names, digests, SEARCH_DF_CAP)
        passes.kill_point("during-stories")
    ids = np.array(corpus.ids, dtype=np.int64)
    return StoryContext(dict(zip(corpus.ids, story_ids)), ids, vectors.matrix)


def reads_whole_corpus(db, aliases: Optional[dict], recompute: bool) -> bool:
    """Whether assign_stories reads every article (and returns a StoryContext that holds no
    connection): when recomputing, or when the stored state does not hold every placed article."""
    return recompute or not story_state.is_current(db.conn, state_key(aliases or load_aliases()))


def assign_stories_at(job: tuple) -> StoryContext:
    """assign_stories of the database file `path`, on a connection of its own, for a worker:
    job = (path, aliases, recompute, workers)."""
    path, aliases, recompute, workers = job
    db = sqlite_utils.Database(path)
    try:
        with collector_paused():  # as in the matcher's own process: the pass makes no reference cycles
            return assign_stories(db, aliases, recompute=recompute, workers=workers)
    finally:
        db.conn.close()


def state_key(aliases: dict) -> str:
    """What the stored terms depend on: the analysis (code version, aliases) and the postings' cap."""
    return f"{analysis.key_of(aliases)}:{SEARCH_DF_CAP}"


@dataclass
class CorpusCounts:
    """Term and name counts of articles (rows), columns numbered as article_vectors numbers them,
    and the document frequencies of the corpus they are part of (over `articles` articles)."""

    token_columns: dict
    name_columns: dict
    tokens: sparse.csr_matrix
    names: sparse.csr_matrix
    token_df: np.ndarray
    name_df: np.ndarray
    articles: int

    @classmethod
    def of(cls, token_lists, name_lists) -> "CorpusCounts":
        token_columns, name_columns = {}, {}
        tokens, names = count_matrix(token_lists, token_columns), count_matrix(name_lists, name_columns)
        return cls(token_columns, name_columns, tokens, names, document_frequencies(tokens), document_frequencies(names),
                   len(token_lists))

    def vectors(self, tokens=None, names=None) -> ArticleVectors:
        """article_vectors of these rows (default: all of them) within the corpus."""
        tokens = self.tokens if tokens is None else tokens
        names = self.names if names is None else names
        return vectors_from_counts(tokens, names, self.token_df, self.name_df, self.articles)


def place_new_articles(db, aliases: dict, key: str, pmap: PoolMap = map, workers: Optional[int] = None) -> StoryContext:
    """assign_stories from the stored state: read and place only the articles without a story."""
    conn = db.conn
    new = read_corpus(db, aliases, pmap, workers, unplaced_only=True)
    stored = story_state.frequencies(conn)
    if not new.ids:
        return StoredStoryContext.of(db, stored_counts(conn, stored))
    # the new articles' counts, over the stored columns and new ones numbered on
    token_columns = story_state.columns_of(conn, story_state.TOKEN, chain.from_iterable(new.tokens))
    name_columns = story_state.columns_of(conn, story_state.NAME, chain.from_iterable(new.names))
    tokens = count_matrix(new.tokens, token_columns, len(stored.tokens))
    names = count_matrix(new.names, name_columns, len(stored.names))
    counts = CorpusCounts(token_columns, name_columns, tokens, names,
                          _padded(stored.tokens, tokens.shape[1]) + document_frequencies(tokens),
                          _padded(stored.names, names.shape[1]) + document_frequencies(names), stored.articles + len(new.ids))
    # the old articles a new one can be linked to (sharing a term the neighbour search uses), and
    # the other members of their stories (their summed vectors decide merges)
    linked = set()
    for kind, matrix, df in ((story_state.TOKEN, tokens, counts.token_df), (story_state.NAME, names, counts.name_df)):
        searched = np.unique(matrix.indices)
        searched = searched[_padded(df, matrix.shape[1])[searched] <= SEARCH_DF_CAP]
        linked.update(story_state.articles_sharing(conn, kind, searched.tolist()))
    old = _story_members(conn, linked)
    old_ids, old_tokens, old_names, old_digests = story_state.read_articles(conn, old, (tokens.shape[1], names.shape[1]))
    info = _article_rows(conn, old_ids)
    subset = np.argsort(np.r_[np.asarray(old_ids, dtype=np.int64), np.asarray(new.ids, dtype=np.int64)], kind="stable")
    all_tokens = sparse.vstack([old_tokens, tokens]).tocsr()[subset]
    all_names = sparse.vstack([old_names, names]).tocsr()[subset]
    vectors = counts.vectors(all_tokens, all_names)
    new_digests = [article_digest(t, m) for t, m in zip(new.tokens, new.names)]
    corpus = _Corpus(*(list(np.array([*[row[c] for row in info], *values], dtype=object)[subset])
                       for c, values in enumerate((new.ids, new.outlets, new.dates, new.story_ids, new.titles))),
                     tokens=[], names=[])
    joined = [*old_digests, *new_digests]
    digests = [joined[n] for n in subset.tolist()]
    clustering = cluster_stories([()] * len(subset), None, corpus.outlets, corpus.dates, corpus.story_ids, vectors=vectors,
                                 digests=digests)
    next_id = conn.execute("select coalesce(max(story_id), 0) + 1 from articles").fetchone()[0]
    story_ids = story_numbers(clustering.labels, corpus.story_ids, keep_all=True, next_id=next_id)
    fresh = set(int(a) for a in new.ids)
    touched = {s for a, s in zip(corpus.ids, story_ids) if int(a) in fresh}
    with conn:
        conn.executemany("update articles set story_id = ? where id = ?",
                         [(s, int(a)) for a, s in zip(corpus.ids, story_ids) if int(a) in fresh])
        write_stories(db, corpus, story_ids, vectors.matrix, only=touched)
        story_state.write(conn, key, (token_columns, name_columns), (counts.token_df, counts.name_df),
                          (len(stored.tokens), len(stored.names)), new.ids, tokens, names, new_digests, SEARCH_DF_CAP)
        passes.kill_point("during-stories")
    known = np.array([int(a) for a in corpus.ids], dtype=np.int64)
    return StoredStoryContext.of(db, counts, known, vectors.matrix)


def _story_members(conn, article_ids) -> List[int]:
    """These articles and every other member of their stories."""
    ids, stories_found = sorted(article_ids), set()
    for start in range(0, len(ids), story_state.CHUNK):
        chunk = ids[start : start + story_state.CHUNK]
        marks = ", ".join("?" for _ in chunk)
        stories_found.update(row[0] for row in conn.execute(f"select story_id from articles where id in ({marks})", chunk))
    stories_found.discard(None)
    found, listed = set(ids), sorted(stories_found)
    for start in range(0, len(listed), story_state.CHUNK):
        chunk = listed[start : start + story_state.CHUNK]
        marks = ", ".join("?" for _ in chunk)
        found.update(row[0] for row in conn.execute(f"select id from articles where story_id in ({marks})", chunk))
    return sorted(found)


def _article_rows(conn, article_ids: Sequence[int]) -> List[tuple]:
    """(id, outlet, published, story_id, title) of these articles, in the order given."""
    rows = {}
    for start in range(0, len(article_ids), story_state.CHUNK):
        chunk = [int(a) for a in article_ids[start : start + story_state.CHUNK]]
        marks = ", ".join("?" for _ in chunk)
        for row in conn.execute(f"select id, outlet, published, story_id, title from articles where id in ({marks})", chunk):
            rows[row[0]] = row
    return [rows[int(a)] for a in article_ids]


def stored_counts(conn, stored: "story_state.Frequencies") -> CorpusCounts:
    """The CorpusCounts of no articles within the stored corpus (its df), to compute vectors from."""
    empty = sparse.csr_matrix((0, max(len(stored.tokens), 1)), dtype=np.float32)
    empty_names = sparse.csr_matrix((0, max(len(stored.names), 1)), dtype=np.float32)
    return CorpusCounts({}, {}, empty, empty_names, stored.tokens, stored.names, stored.articles)


class StoredStoryContext(StoryContext):
    """The StoryContext of an incremental run: every article's story, and the vectors of the
    articles it is asked about read from the stored counts when first needed."""

    def __init__(self, db, story_of: Dict[int, int], counts: CorpusCounts, article_ids: np.ndarray, matrix: sparse.csr_matrix):
        order = np.argsort(article_ids, kind="stable")
        super().__init__(story_of, article_ids[order], matrix[order])
        self.db, self.counts = db, counts

    @classmethod
    def of(cls, db, counts: CorpusCounts, article_ids=None, matrix=None) -> "StoredStoryContext":
        story_of = {a: s for a, s in db.conn.execute("select id, story_id from articles where story_id is not null")}
        if article_ids is None:
            article_ids = np.zeros(0, dtype=np.int64)
            matrix = sparse.csr_matrix((0, counts.tokens.shape[1] + counts.names.shape[1]), dtype=np.float32)
        return cls(db, story_of, counts, article_ids, matrix)

    def _read(self, article_ids) -> None:
        wanted = np.setdiff1d(np.unique(np.asarray(article_ids, dtype=np.int64)), self.article_ids)
        if not len(wanted):
            return
        widths = (self.counts.tokens.shape[1], self.counts.names.shape[1])
        ids, tokens, names, _ = story_state.read_articles(self.db.conn, wanted.tolist(), widths)
        if not ids:
            return
        vectors = self.counts.vectors(tokens, names)
        article_ids = np.r_[self.article_ids, np.asarray(ids, dtype=np.int64)]
        matrix = sparse.vstack([self.matrix, vectors.matrix]).tocsr() if self.matrix.shape[0] else vectors.matrix
        order = np.argsort(article_ids, kind="stable")
        self.article_ids, self.matrix = article_ids[order], matrix[order]

    def cosine(self, article_a, article_b) -> np.ndarray:
        self._read(np.r_[np.asarray(article_a).ravel(), np.asarray(article_b).ravel()])
        return super().cosine(article_a, article_b)

    def same_story(self, article_a, article_b) -> np.ndarray:
        a = [self.story_of.get(int(n), -1) for n in np.asarray(article_a).ravel()]
        b = [self.story_of.get(int(n), -2) for n in np.asarray(article_b).ravel()]
        return np.array([x == y and x != -1 for x, y in zip(a, b)], dtype=bool)


def story_context(db, aliases: Optional[dict] = None, pmap: PoolMap = map, workers: Optional[int] = None) -> StoryContext:
    """The StoryContext of the stories as they are in `db` (nothing is written)."""
    corpus = read_corpus(db, aliases, pmap, workers)
    vectors = article_vectors(corpus.tokens, corpus.names)
    story_of = {a: s for a, s in zip(corpus.ids, corpus.story_ids) if s is not None}
    return StoryContext(story_of, np.array(corpus.ids, dtype=np.int64), vectors.matrix)


def read_corpus(db, aliases: Optional[dict], pmap: PoolMap = map, workers: Optional[int] = None,
                unplaced_only: bool = False) -> _Corpus:
    """Every article (by id; `unplaced_only`: those without a story) with its title, heading and
    body sentences analysed. Body sentences
    flagged as repeated within their outlet count too: a sentence an outlet prints in two articles
    is a reprint or an update, and tells the story (Reuters-21578 repeats whole articles, whose
    text would otherwise be all boilerplate); footers, bylines and datelines have kinds of their own.
    A sentence's analysis is read from `sentences.analysis` when load stored one (analysis.py);
    titles, and sentences without one, are analysed here, on all cores."""
    aliases = aliases or load_aliases()
    columns = {c.name for c in db["articles"].columns}
    story = "story_id" if "story_id" in columns else "null"
    stored = "analysis" if "analysis" in db["sentences"].columns_dict else "null"
    unplaced = f"where {story} is null" if unplaced_only else ""
    articles = db.execute(f"select id, outlet, published, {story}, title from articles {unplaced} order by id").fetchall()
    # each article's sentences, in order: (tokens, names) when stored, else the text to analyse
    entries: Dict[int, list] = {row[0]: [row[4]] if row[4] else [] for row in articles}
    kinds = ", ".join("?" for _ in STORY_KINDS)
    for article_id, text, value in db.execute(
        f"select article_id, text, {stored} from sentences where kind in ({kinds}) "
        + (f"and article_id in (select id from articles {unplaced}) " if unplaced_only else "")
        + "order by article_id, position",
        STORY_KINDS,
    ):
        found = analysis.decode_terms(value, aliases)
        entries[article_id].append(text if found is None else _sentence_terms(*found))
    todo = [(article_id, n) for article_id, items in entries.items() for n, item in enumerate(items) if isinstance(item, str)]
    parts = ranges(len(todo), 4 * workers_available(workers), 5_000)
    texts = ([entries[todo[n][0]][todo[n][1]] for n in part] for part in parts)
    for part, analysed in zip(parts, pmap(functools.partial(analyse_texts, aliases), texts)):
        for n, (found, named) in zip(part, analysed):
            article_id, at = todo[n]
            entries[article_id][at] = _sentence_terms(found, named)
    del todo
    tokens, names = [], []
    for row in articles:
        found, named = _joined(entries.pop(row[0]))
        tokens.append(found)
        names.append(named)
    return _Corpus(
        [row[0] for row in articles], [row[1] for row in articles], [row[2] for row in articles],
        [row[3] for row in articles], [row[4] for row in articles], tokens, names,
    )


def _sentence_terms(found: Sequence[str], named) -> tuple:
    """A sentence's tokens and those of them written as names (article_terms_of's share of it), as
    tuples of interned strings: read_corpus holds every sentence's until all are read, and a
    million sentences' own strings and name sets took about a gigabyte."""
    intern = sys.intern
    return tuple(map(intern, found)), tuple(intern(t) for t in found if t in named)


def analyse_texts(aliases: dict, texts: List[str]) -> List[tuple]:
    """textnorm.analyse of each text, as (tokens, names) (a worker's share of read_corpus)."""
    return [analyse(text, aliases) for text in texts]


def analyse_articles(aliases: dict, documents: List[List[str]]) -> List[tuple]:
    """(tokens, tokens written as names) of each article, given as its sentences."""
    return [article_terms(sentences, aliases) for sentences in documents]


def article_terms(sentences: Sequence[str], aliases: Optional[dict] = None) -> tuple:
    """An article's content tokens, and those of them written as names (with repeats), sentence by
    sentence: a capital at the start of a sentence names nothing."""
    return article_terms_of([analyse(sentence, aliases) for sentence in sentences])


def article_terms_of(analysed: Sequence[tuple]) -> tuple:
    """article_terms from each sentence's (tokens, names)."""
    return _joined([_sentence_terms(found, named) for found, named in analysed])


def _joined(terms: Sequence[tuple]) -> tuple:
    """An article's (tokens, names) from its sentences' _sentence_terms, in order."""
    return [t for found, _ in terms for t in found], [t for _, named in terms for t in named]


def story_numbers(labels: np.ndarray, old: Sequence[Optional[int]], keep_all: bool, next_id: Optional[int] = None) -> List[int]:
    """Story ids for clustering labels. A cluster keeps the old id most of its articles had (each
    old id goes to one cluster: the one holding most of its articles, then the lowest label);
    with `keep_all` every article that had a story keeps it (its cluster has that id). Others get
    new ids above every old one (from `next_id`, when the old ids given are not all), in the order
    of the labels."""
    overlap = Counter((int(label), s) for label, s in zip(labels, old) if s is not None)
    chosen: Dict[int, int] = {}
    taken = set()
    for (label, s), count in sorted(overlap.items(), key=lambda item: (-item[1], item[0][0], item[0][1])):
        if label not in chosen and s not in taken:
            chosen[label] = s
            taken.add(s)
    next_id = max(max((s for s in old if s is not None), default=0) + 1, next_id or 0)
    for label in sorted(set(int(x) for x in labels)):
        if label not in chosen:
            chosen[label] = next_id
            next_id += 1
    return [s if keep_all and s is not None else chosen[int(label)] for label, s in zip(labels, old)]


def write_stories(db, corpus: _Corpus, story_ids: Sequence[int], matrix: sparse.csr_matrix, only: Optional[set] = None) -> None:
    """Rebuild the `stories` table from the articles' story ids (inside the caller's transaction);
    `only`: just these stories, whose every member `corpus` holds."""
    conn = db.conn
    if only is None:
        conn.execute("delete from stories")
    else:
        listed = sorted(only)
        for start in range(0, len(listed), story_state.CHUNK):
            chunk = listed[start : start + story_state.CHUNK]
            conn.execute(f"delete from stories where id in ({', '.join('?' for _ in chunk)})", chunk)
    if not story_ids:
        return
    codes, story_of_row = np.unique(np.asarray(story_ids, dtype=np.int64), return_inverse=True)
    members = sparse.csr_matrix((np.ones(len(story_ids)), (story_of_row, np.arange(len(story_ids)))),
                                shape=(len(codes), len(story_ids)))
    centroids = (members @ matrix).tocsr()
    centrality = np.asarray(matrix.multiply(centroids[story_of_row]).sum(axis=1)).ravel()
    by_story: Dict[int, List[int]] = {}
    for row, code in enumerate(story_of_row):
        by_story.setdefault(int(code), []).append(row)
    rows = []
    for code, member_rows in by_story.items():
        if only is not None and int(codes[code]) not in only:
            continue
        outlets = sorted({corpus.outlets[r] or "" for r in member_rows})
        dates = sorted(d for d in (corpus.dates[r] for r in member_rows) if d)
        rows.append((int(codes[code]), story_title(corpus, member_rows, centrality), len(member_rows), len(outlets),
                     json.dumps(outlets, ensure_ascii=False), dates[0] if dates else None, dates[-1] if dates else None))
    conn.executemany(
        "insert into stories (id, title, article_count, outlet_count, outlets, first_published, last_published) "
        "values (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def story_title(corpus: _Corpus, member_rows: Sequence[int], centrality: np.ndarray) -> Optional[str]:
    """The title of the member closest to the story's centre (then the earliest, then the lowest id),
    among the members that have one; None when none has."""
    titled = [r for r in member_rows if (corpus.titles[r] or "").strip()]
    if not titled:
        return None
    best = min(titled, key=lambda r: (-round(float(centrality[r]), 6), corpus.dates[r] or "9999", corpus.ids[r]))
    return corpus.titles[best].strip()
