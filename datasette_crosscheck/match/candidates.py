"""Candidate pairs for the matcher in near-linear time: sparse TF-IDF, top-k neighbours per row.

Only candidates get the costlier rapidfuzz scoring (scoring.py). Memory stays bounded: rows are
multiplied in chunks sized by how many products they can create, and terms stated in a large
share of a big corpus ("said", "year") are left out of this stage, as they link everything to
everything and tell nothing about which sentence restates which.

`figure_anchor_pairs` adds the pairs that wording alone misses: two sentences from different
outlets that each state an amount of money and share a rare term.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from itertools import chain
from typing import Callable, Mapping, Optional, Sequence, Union

import numpy as np
from scipy import sparse

# Terms in more than this share of the documents are dropped from the candidate stage ...
MAX_DF = 0.002
# ... but never terms in fewer documents than this, and never in corpora smaller than MIN_DOCS:
# a few articles on one story, where the story's names are in most sentences, keep every term
# (and are cheap to multiply anyway).
MIN_DF_CAP = 100
MIN_DOCS = 5_000
# ... and always terms in more documents than this (a corpus of over 500k documents): with a cut
# that grows with the corpus, so would the products per document. At 1.2M sentences this cap takes
# the stage from 3.0e9 products to 1.1e9, and leaves 0.5% of the clauses without terms.
MAX_DF_CAP = 1_000
# Products a chunk of rows may create (about 12 bytes each, plus scipy's temporaries).
# A document with fewer terms left after the frequent-term cut keeps its rarest MIN_KEPT_TERMS, if
# they are in at most STARVED_DF_FACTOR times as many documents as the cut allows.
MIN_KEPT_TERMS = 2
STARVED_DF_FACTOR = 10
CHUNK_PRODUCTS = 1_000_000
# With `ties`, neighbours at one and the same cosine count once towards a row's k: they state the
# same terms (copies of one text, a wire story reprinted by several outlets), and ten outlets
# reprinting a story would otherwise fill a fixed k with copies of one sentence and push out its
# rewrites (at ten outlets, 1 planted pair in 100 was never proposed with k = 10). MAX_NEIGHBOURS
# bounds what a row can take that way.
MAX_NEIGHBOURS = 25  # 50 on the 40k analog: 902k candidate pairs, recall 98.58%; 25: 765k, 98.52%
TIE_DECIMALS = 4  # cosines equal to this many decimals are one tie (float32 sums differ in the last bits)


@dataclass
class TfidfIndex:
    vocabulary: dict  # term -> column
    df: np.ndarray  # documents stating each term
    idf: np.ndarray  # smoothed IDF of each term
    kept: np.ndarray  # bool: the term takes part in the candidate stage
    matrix: sparse.csr_matrix  # rows: documents, sublinear TF x IDF over kept terms, L2-normalised

    def weights(self) -> dict:
        """term -> IDF, for scoring.score_pair."""
        return {t: float(self.idf[c]) for t, c in self.vocabulary.items()}


def tfidf(
    token_lists: Sequence[Sequence[str]],
    max_df: float = MAX_DF,
    min_df_cap: int = MIN_DF_CAP,
    min_docs: int = MIN_DOCS,
    max_df_cap: int = MAX_DF_CAP,
) -> TfidfIndex:
    """Sparse TF-IDF rows (sublinear tf, smoothed idf) built with numpy/scipy only."""
    n = len(token_lists)
    flat = list(chain.from_iterable(token_lists))
    vocabulary: dict = dict.fromkeys(flat)  # terms in the order first seen (in C: no Python call per token)
    for column, term in enumerate(vocabulary):
        vocabulary[term] = column
    columns = np.fromiter(map(vocabulary.__getitem__, flat), dtype=np.int64, count=len(flat))
    del flat
    indptr = np.zeros(n + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(tokens) for tokens in token_lists])
    return tfidf_of_columns(vocabulary, columns, indptr, max_df, min_df_cap, min_docs, max_df_cap)


def tfidf_of_columns(vocabulary: dict, columns: np.ndarray, indptr: np.ndarray, max_df: float = MAX_DF,
                     min_df_cap: int = MIN_DF_CAP, min_docs: int = MIN_DOCS, max_df_cap: int = MAX_DF_CAP,
                     df: Optional[np.ndarray] = None, documents: Optional[int] = None) -> TfidfIndex:
    """tfidf of documents given as term columns (numbered in the order first seen) and row
    offsets. The incremental matcher (match_incremental.py) builds them from stored term ids, for
    some rows of a corpus of `documents` whose `df` (by column) it gives: each row is the row the
    whole corpus gives it (weighted_rows weighs each row alone)."""
    rows = len(indptr) - 1
    counts = sparse.csr_matrix((np.ones(len(columns), dtype=np.float32), columns, indptr), shape=(rows, max(len(vocabulary), 1)))
    counts.sum_duplicates()
    n = rows if documents is None else documents
    df = np.bincount(counts.indices, minlength=counts.shape[1]) if df is None else df
    idf = np.log((1 + n) / (1 + df)) + 1
    cap = min(max(max_df * n, min_df_cap), max_df_cap) if n >= min_docs else math.inf
    return TfidfIndex(vocabulary, df, idf, df <= cap, weighted_rows(counts, df, idf, cap))


def weighted_rows(counts: sparse.csr_matrix, df: np.ndarray, idf: np.ndarray, cap: float) -> sparse.csr_matrix:
    """Rows of term counts as sublinear TF x `idf`, L2-normalised (float32): terms in over `cap`
    documents left out, but a row with fewer than MIN_KEPT_TERMS terms left keeps its rarest."""
    rows = counts.shape[0]
    entry_kept = (df <= cap)[counts.indices]
    # A document made only of frequent terms ("Commodity prices are considered by the Fed") would
    # be left with nothing to be found by: it keeps its rarest terms. Only such documents share
    # those columns, so the extra products stay among them; keeping all of their terms instead made
    # them 72% of the products at 100k sentences, and quadratic: at 1M the stage did not finish.
    row_of_entry = np.repeat(np.arange(rows), np.diff(counts.indptr))
    starved = np.bincount(row_of_entry, weights=entry_kept, minlength=rows) < MIN_KEPT_TERMS
    entry_df = df[counts.indices]
    # ranked only among the starved rows' entries (each row's entries all there, so the same
    # ranks): a sort of every entry was 4.8 s of an incremental load at 1M, for a few rows
    at = np.flatnonzero(starved[row_of_entry])
    entry_kept[at] |= (_rank_in_row(row_of_entry[at], entry_df[at]) < MIN_KEPT_TERMS) & (entry_df[at] <= STARVED_DF_FACTOR * cap)
    matrix = counts.copy()
    matrix.data = (1 + np.log(matrix.data)) * idf[matrix.indices] * entry_kept
    matrix.eliminate_zeros()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix = sparse.diags(1 / np.where(norms > 0, norms, 1)).astype(np.float32) @ matrix
    return matrix.tocsr().astype(np.float32)


def _rank_in_row(row_of_entry: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Each entry's rank by `key` (0 = smallest) among the entries of its row (rows ascending)."""
    order = np.lexsort((key, row_of_entry))
    rows = row_of_entry[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if len(rows) else np.zeros(0, dtype=np.int64)
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return ranks


def unique_keys(keys: np.ndarray) -> np.ndarray:
    """np.unique of an int array, by sorting: numpy 2's hash-based unique took 1.5 s where a sort
    takes 0.03 s (1.2M int64 keys)."""
    ordered = np.sort(np.asarray(keys))
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def dense_unique(values: np.ndarray, bound: int) -> tuple:
    """np.unique(values, return_inverse=True) for ints in range(bound), by marking them in an array of
    `bound` flags instead of sorting: 0.04 s against 0.57 s for 2M values below 1.3M."""
    values = np.asarray(values, dtype=np.int64).ravel()
    present = np.zeros(max(bound, 1), dtype=bool)
    present[values] = True
    used = np.flatnonzero(present)
    position = np.cumsum(present, dtype=np.int64) - 1  # each value's rank among the values present
    return used, position[values]


def in_sorted(values: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """np.isin(values, sorted_keys) for ascending, distinct sorted_keys (unique_keys), by binary search."""
    values = np.asarray(values)
    if not len(sorted_keys):
        return np.zeros(values.shape, dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, values), len(sorted_keys) - 1)
    return sorted_keys[at] == values


def pair_keys(pairs: np.ndarray, n: int) -> np.ndarray:
    """One int64 key per row (i, j) of pairs, both below n, ordered as the rows are lexicographically."""
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return pairs[:, 0] * max(n, 1) + pairs[:, 1]


def candidate_pairs(
    token_lists: Union[Sequence[Sequence[str]], TfidfIndex],
    groups: Optional[Sequence] = None,
    k: int = 10,
    min_cosine: float = 0.3,
    max_df: float = MAX_DF,
    chunk_products: int = CHUNK_PRODUCTS,
    rows: Optional[Sequence[int]] = None,
    ties: bool = False,
    max_neighbours: int = MAX_NEIGHBOURS,
) -> np.ndarray:
    """Pairs of documents whose TF-IDF cosine is among each one's k best and at least min_cosine.

    `groups` (an outlet, or an article, per document) excludes pairs within one group.
    `rows` limits the search to those documents' neighbours (new articles matched against a corpus).
    `ties`: neighbours at one cosine count once towards k (k adapts to how many copies of one
    text a document has), up to `max_neighbours` per document.
    Returns a float array of rows (i, j, cosine) with i < j, each pair once, sorted by i then j.
    """
    index = token_lists if isinstance(token_lists, TfidfIndex) else tfidf(token_lists, max_df)
    matrix = index.matrix
    n = matrix.shape[0]
    group_ids = _group_ids(groups, n)
    transposed = matrix.T.tocsr()
    # products a row creates, at most: the documents sharing each of its terms
    binary = matrix.copy()
    binary.data[:] = 1
    query = np.arange(n) if rows is None else np.unique(np.asarray(rows, dtype=np.int64))
    row_cost = np.asarray(binary[query] @ np.bincount(matrix.indices, minlength=matrix.shape[1])).ravel()
    # each chunk's pairs as a key and a float32 cosine (12 bytes a pair, not three float64): at a
    # million sentences they are 31M pairs before the duplicates go
    keys, cosines = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.float32)]
    for start, stop in _chunks(row_cost, chunk_products):
        chunk = query[start:stop]
        i, j, values = _top_k(matrix[chunk] @ transposed, chunk, group_ids, k, min_cosine, ties, max_neighbours)
        keys.append(np.minimum(i, j) * max(n, 1) + np.maximum(i, j))
        cosines.append(values)
    return _unique_pairs(np.concatenate(keys), np.concatenate(cosines), n)


def _group_ids(groups: Optional[Sequence], n: int) -> np.ndarray:
    if groups is None:
        return np.arange(n)  # every document its own group: only self-pairs are excluded
    if isinstance(groups, np.ndarray) and groups.dtype.kind in "iu":
        return groups  # already group ids (the incremental matcher's)
    _, ids = np.unique(np.asarray(list(groups), dtype=object).astype(str), return_inverse=True)
    return ids


def _chunks(row_cost: np.ndarray, budget: int):
    """Consecutive row ranges whose products stay within budget (at least one row each)."""
    start, n = 0, len(row_cost)
    cumulative = np.cumsum(row_cost)
    while start < n:
        before = cumulative[start - 1] if start else 0
        stop = int(np.searchsorted(cumulative, before + budget, side="right"))
        stop = max(stop, start + 1)
        yield start, stop
        start = stop


def _top_k(products: sparse.csr_matrix, row_ids: np.ndarray, group_ids: np.ndarray, k: int, min_cosine: float,
           ties: bool = False, max_neighbours: int = MAX_NEIGHBOURS) -> tuple:
    """The k best (rows, columns, cosines) per row of a chunk's products (row_ids: the chunk's
    documents), across groups, as three arrays; with `ties`, the best of k distinct cosines, up
    to max(k, max_neighbours) per row."""
    products = products.tocoo()
    rows = row_ids[products.row.astype(np.int64)]
    cols = products.col.astype(np.int64)
    values = products.data
    keep = (values >= min_cosine) & (group_ids[rows] != group_ids[cols])
    rows, cols, values = rows[keep], cols[keep], values[keep]
    order = np.lexsort((-values, rows))
    rows, cols, values = rows[order], cols[order], values[order]
    # rank within each row: position minus the position where the row starts
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    run_lengths = np.diff(np.r_[starts, len(rows)])
    rank = np.arange(len(rows)) - np.repeat(starts, run_lengths)
    best = rank < k
    if ties and len(rows):
        tied = np.round(values, TIE_DECIMALS)
        new_tie = np.r_[True, (rows[1:] != rows[:-1]) | (tied[1:] != tied[:-1])]
        tie_rank = np.cumsum(new_tie) - 1  # distinct cosines before, counted from the row's start
        tie_rank -= np.repeat(tie_rank[starts], run_lengths)
        best |= (tie_rank < k) & (rank < max(k, max_neighbours))
    return rows[best], cols[best], values[best]


def _unique_pairs(keys: np.ndarray, cosines: np.ndarray, n: int) -> np.ndarray:
    """Rows (i, j, cosine), sorted, of the distinct pair keys i * n + j, each with the cosine of its
    first occurrence (np.unique(return_index=True) does the same with three more copies of the keys)."""
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    first = np.r_[True, keys[1:] != keys[:-1]] if len(keys) else np.zeros(0, dtype=bool)
    found = keys[first]
    n = max(n, 1)
    return np.column_stack([found // n, found % n, cosines[order[first]]]).astype(np.float64).reshape(-1, 3)


ANCHOR_PAIRS = 2_000_000  # pairs of the anchoring terms expanded at once (three int64 arrays of them)


def figure_anchor_pairs(
    token_lists: Sequence[Sequence[str]],
    money: Sequence[bool],
    groups: Optional[Sequence],
    idf: Union[Mapping[str, float], Callable[[str], float]],
    max_postings: int = 50,
    min_idf: Optional[float] = None,
) -> np.ndarray:
    """Pairs (i, j), i < j, of documents in different groups that each state an amount of money
    (`money[i]`) and share a rare term, however different their wording.

    A term is rare enough when at most `max_postings` money-stating documents state it (this cap
    keeps the work linear: at most max_postings**2 / 2 pairs per term) and, if `min_idf` is given,
    its weight is at least that. Numbers count as terms: the same amount is a good anchor too.
    """
    weight = idf if callable(idf) else (lambda t: idf.get(t, math.inf))
    n = len(token_lists)
    group_ids = _group_ids(groups, n)
    postings = defaultdict(list)
    for doc, (tokens, states_money) in enumerate(zip(token_lists, money)):
        if states_money:
            for term in set(tokens):
                postings[term].append(doc)
    # the anchoring terms' postings by length: each length's every pair in one array operation (a
    # set of tuples of the pairs held 150 bytes a pair, tens of millions of them at a million sentences)
    by_length = defaultdict(list)
    for term, docs in postings.items():
        if 2 <= len(docs) <= max_postings and (min_idf is None or weight(term) >= min_idf):
            by_length[len(docs)].append(docs)  # ascending: the documents in reading order
    del postings
    keys = [np.zeros(0, dtype=np.int64)]
    for length, lists in by_length.items():
        first, second = np.triu_indices(length, 1)  # every (a, b), a before b, as combinations gives them
        terms = max(1, ANCHOR_PAIRS // len(first))
        for start in range(0, len(lists), terms):
            docs = np.array(lists[start : start + terms], dtype=np.int64)
            a, b = docs[:, first].ravel(), docs[:, second].ravel()
            apart = group_ids[a] != group_ids[b]
            keys.append(unique_keys(a[apart] * max(n, 1) + b[apart]))
    found = unique_keys(np.concatenate(keys))
    return np.column_stack([found // max(n, 1), found % max(n, 1)]).astype(np.int64).reshape(-1, 2)


def within_blocks(index: TfidfIndex, blocks: Sequence[Optional[int]]) -> TfidfIndex:
    """The same index with each term split by block (a story per document, None for none): its
    products only pair documents of one block, and a document without a block has no terms.
    Blocking by story gives each clause its own k best neighbours among its story's clauses."""
    matrix = index.matrix.tocsr()
    block = np.array([-1 if b is None else int(b) for b in blocks], dtype=np.int64)
    row_of_entry = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    entry_block = block[row_of_entry]
    keep = entry_block >= 0
    keys = entry_block[keep] * matrix.shape[1] + matrix.indices[keep]
    columns, remapped = np.unique(keys, return_inverse=True)
    split = sparse.csr_matrix(
        (matrix.data[keep], remapped.astype(np.int64), np.r_[0, np.cumsum(np.bincount(row_of_entry[keep], minlength=matrix.shape[0]))]),
        shape=(matrix.shape[0], max(len(columns), 1)),
    )
    return TfidfIndex(index.vocabulary, index.df, index.idf, index.kept, split)
