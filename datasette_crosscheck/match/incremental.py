"""The candidate stage of an incremental match in proportion to the new articles: the corpus' clauses
come from the stored clause state (clause_state.py) as arrays, so only the new articles' clauses, the
old clauses paired with them, and the old clauses whose claim level the new articles may change
(a term's name status flipped) are read as text.

It finds what match.score_candidates finds over the whole corpus, with the same arrays: TF-IDF
rows built from the stored term ids (columns in the order the corpus first states them, as
candidates.tfidf numbers them), the same top-k of the new clauses, the same figure anchors and the
same term weights (scoring.term_weight from the stored counts); then match.score_found scores the
pairs over the clauses they involve.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import chain, combinations
from typing import Callable, Dict, List, NamedTuple, Optional

import numpy as np

from ..analysis import CLAIM, NO_CLAIM, SHORT_CLAIM
from ..textnorm import COMMON_STEMS
from . import clause_state
from .candidates import candidate_pairs, in_sorted, tfidf_of_columns, unique_keys, within_blocks
from .clause_state import LEVEL, MONEY, SENTENCE, START, TOKENS, Clauses, _ragged_take
from .scoring import term_weight

MAX_RETURNED = 10_000  # old sentences missing from the state read as text, at most (and 1% of the corpus)
MAX_ANCHOR_POSTINGS = 50  # candidates.figure_anchor_pairs' max_postings, as match calls it


class Stored(NamedTuple):
    clauses: Clauses
    sentences_of: Dict[int, bytes]
    dropped: np.ndarray  # stored sentences a read now leaves out (flagged as boilerplate since) ...
    returned: np.ndarray  # ... and old sentences it takes that the state lacks (no longer boilerplate)


class Found(NamedTuple):
    units: list  # the clauses of the pairs (match.Unit), in reading order
    scored: object  # match.Scored: the passing pairs among them, their scores, anchored mask, candidates scored
    compared: int  # clauses in the corpus
    write_state: Callable[[], None]  # the state's new rows: call it inside the match transaction


def stored_clauses(db, options, key: str) -> Optional[Stored]:
    """The stored clause state, when it was made with `key`, with the body sentences a full read
    takes of the articles not in temp.clause_new_articles that it lacks or holds in excess (the
    load's boilerplate flags change as an outlet's articles grow); else None."""
    conn = db.conn
    if not clause_state.is_current(conn, key):
        return None
    clauses, read_from, sentences_of = clause_state.read(conn)
    boilerplate = "" if options.include_boilerplate else "and s.boilerplate = 0"
    expected = np.array([row[0] for row in conn.execute(
        f"select s.id from sentences s where s.kind = 'body' {boilerplate} "
        f"and s.article_id not in (select id from temp.clause_new_articles) order by s.id")], dtype=np.int64)
    present = in_sorted(expected, read_from)
    if (~present).sum() > min(MAX_RETURNED, max(1, len(expected) // 100)):  # then reading all is as cheap
        return None
    return Stored(clauses, sentences_of, read_from[~in_sorted(read_from, expected)], expected[~present])


def scope_new_articles(conn, new: set) -> None:
    conn.execute("create temp table if not exists clause_new_articles (id integer primary key)")
    conn.execute("delete from temp.clause_new_articles")
    conn.executemany("insert into temp.clause_new_articles (id) values (?)", [(int(a),) for a in new])


def _read_sentences(db, options, pmap, sentence_ids) -> list:
    """match.read_units of these sentences only."""
    from .pipeline import read_units  # (match imports this module when it runs)

    conn = db.conn
    conn.execute("create temp table if not exists clause_scope (id integer primary key)")
    conn.execute("delete from temp.clause_scope")
    conn.executemany("insert into temp.clause_scope (id) values (?)", [(int(s),) for s in sorted(set(sentence_ids))])
    return read_units(db, options, pmap, within="and s.id in (select id from temp.clause_scope)")


class Vocabulary:
    """Term ids: the stored ones asked for, and new terms numbered after them."""

    def __init__(self, conn):
        self.conn, self.ids, self.added = conn, {}, {}
        self.next = clause_state.next_term_id(conn)

    def learn(self, terms) -> None:
        terms = set(terms) - self.ids.keys()
        self.ids.update(clause_state.term_ids(self.conn, terms))

    def add_in_order(self, terms) -> None:
        for term in dict.fromkeys(terms):
            if term not in self.ids:
                self.ids[term] = self.added[term] = self.next
                self.next += 1


def clauses_of(units, level, vocabulary: Dict[str, int]) -> Clauses:
    """Clause arrays of units (their tokens and names all in `vocabulary`)."""
    from .pipeline import has_money

    rows = np.array([(u.sentence_id, u.start, u.claim, int(lv), has_money(u), len(u.tokens), len(u.names))
                     for u, lv in zip(units, level)], dtype=np.int64).reshape(-1, clause_state.FIELDS)
    get = vocabulary.__getitem__
    tokens = np.fromiter(map(get, chain.from_iterable(u.tokens for u in units)), dtype=np.int64)
    names = np.fromiter(map(get, chain.from_iterable(u.names for u in units)), dtype=np.int64)
    return Clauses.of(rows, np.array([u.article_id for u in units], dtype=np.int64), tokens, names)


def counts(clauses: Clauses, width: int):
    """(df of each term id over the clauses' tokens, clauses naming it)."""
    rows = clauses.rows_of_entries(clauses.token_ptr)
    keys = unique_keys(rows * width + clauses.token_ids) if len(rows) else np.zeros(0, np.int64)
    df = np.bincount(keys % width, minlength=width) if len(keys) else np.zeros(width, np.int64)
    named = np.bincount(clauses.name_ids, minlength=width)[:width]
    return df, named


def named_mask(df: np.ndarray, named: np.ndarray) -> np.ndarray:
    """match._corpus_names as a mask over term ids (only tokens matter: levels intersect it with them)."""
    return (named > 0) & (2 * named >= df)


def write_full(conn, key: str, units, level, sentences_of: Dict[int, bytes]) -> None:
    """Write the whole state from a full read (match.read_units' units and their claim levels)."""
    vocabulary: dict = dict.fromkeys(chain(chain.from_iterable(u.tokens for u in units), chain.from_iterable(u.names for u in units)))
    for n, term in enumerate(vocabulary):
        vocabulary[term] = n
    clause_state.ensure_tables(conn)
    clause_state.clear(conn)
    clause_state.add_terms(conn, vocabulary)
    clauses = clauses_of(units, level, vocabulary)
    clause_state.write(conn, key, clauses, sentences_of, set(sentences_of) | set(clauses.article.tolist()))


def body_sentences_of(conn, options, within: str = "") -> Dict[int, bytes]:
    """article id -> the body sentence ids a read takes of it (int64 bytes)."""
    boilerplate = "" if options.include_boilerplate else "and s.boilerplate = 0"
    found = defaultdict(list)
    for sentence_id, article_id in conn.execute(f"select s.id, s.article_id from sentences s where s.kind = 'body' {boilerplate} {within} order by s.id"):
        found[article_id].append(sentence_id)
    return {a: np.array(ids, dtype=np.int64).tobytes() for a, ids in found.items()}


def new_candidates(db, options, pmap, new: set, stories, stored: Stored, key: str) -> Found:
    """match.score_candidates of an incremental run (the new articles in temp.clause_new_articles,
    scope_new_articles), from the stored state."""
    from .pipeline import _claim_level, _stories_of, score_found

    conn = db.conn
    new_units = _read_sentences(db, options, pmap, [r[0] for r in conn.execute(
        "select id from sentences where article_id in (select id from temp.clause_new_articles)")] + stored.returned.tolist())
    vocabulary = Vocabulary(conn)
    vocabulary.learn(chain.from_iterable(chain(u.tokens, u.names) for u in new_units))
    vocabulary.add_in_order(chain(chain.from_iterable(u.tokens for u in new_units), chain.from_iterable(u.names for u in new_units)))
    width = vocabulary.next
    dropped = np.isin(stored.clauses.units[:, SENTENCE], stored.dropped)
    old = stored.clauses.take(np.flatnonzero(~dropped)) if dropped.any() else stored.clauses
    fresh = clauses_of(new_units, np.zeros(len(new_units), dtype=np.int8), vocabulary.ids)
    clauses = old.merged(fresh)
    n = len(clauses)
    postings = Postings.of(clauses)
    df = postings.df(width)
    named = np.bincount(clauses.name_ids, minlength=width)[:width]
    is_named = named_mask(df, named)
    # the counts the stored levels were made with: the corpus less the new clauses, with the dropped
    df_fresh, named_fresh = counts(fresh, width)
    df_dropped, named_dropped = counts(stored.clauses.take(np.flatnonzero(dropped)), width) if dropped.any() else (0, 0)
    flipped = np.flatnonzero(named_mask(df - df_fresh + df_dropped, named - named_fresh + named_dropped) != is_named)
    is_new = np.isin(clauses.article, np.fromiter(new, dtype=np.int64, count=len(new)))

    def names_among(units) -> set:
        terms = set(chain.from_iterable(u.tokens for u in units))
        vocabulary.learn(terms)
        return {t for t in terms if is_named[vocabulary.ids[t]]}

    # levels: the new clauses', and the old ones' that state a term whose name status flipped
    # (only a term they state can change theirs: match._claim_level)
    relevel = unique_keys(postings.rows_of(flipped))
    relevel = relevel[~is_new[relevel] & (clauses.units[relevel, clause_state.CLAIM] != NO_CLAIM)]
    releveled_units = _read_sentences(db, options, pmap, clauses.units[relevel, SENTENCE].tolist()) if len(relevel) else []
    for group in (new_units, releveled_units):
        names = names_among(group)
        at = _rows_of(clauses, group)
        clauses.units[at[at >= 0], LEVEL] = [_claim_level(u, names) for u, row in zip(group, at.tolist()) if row >= 0]
    level = clauses.units[:, LEVEL].astype(np.int8)

    # the new clauses' top k and the figure anchors, as score_candidates finds them: TF-IDF rows
    # made only for the new clauses and the old ones that share a term kept in theirs
    story = _stories_of_articles(clauses.article, stories)
    known_story = np.array([s is not None for s in story], dtype=bool)
    claim = level == CLAIM
    in_story_rows = claim | ((level == SHORT_CLAIM) & known_story)
    groups = _groups(conn, clauses.article, options)
    rows = np.flatnonzero(is_new)
    by_text = _top_k(clauses, postings, claim, rows, groups, options.k, n)
    block = np.array([-1 if s is None else s for s in story], dtype=np.int64)
    by_story = _top_k(clauses, postings, in_story_rows, rows, groups, options.k, n, block)
    by_figure = _anchor_pairs(postings, claim & (clauses.units[:, MONEY] > 0), groups, is_new)

    # the clauses of the pairs, read as text, and the pairs renumbered among them
    found = np.concatenate([by_text.reshape(-1, 2), by_story.reshape(-1, 2), by_figure.reshape(-1, 2)])
    article = clauses.article
    found = found[(article[found[:, 0]] != article[found[:, 1]]) & (is_new[found[:, 0]] | is_new[found[:, 1]])] if len(found) else found
    involved = unique_keys(found.ravel())
    old_involved = involved[~is_new[involved]]
    local = np.full(n, -1, dtype=np.int64)
    local[involved] = np.arange(len(involved))
    local_of = local.__getitem__
    read = list(chain(new_units, _read_sentences(db, options, pmap, clauses.units[old_involved, SENTENCE].tolist())))
    at = _rows_of(clauses, read)
    units = [None] * len(involved)
    for u, row in zip(read, at.tolist()):
        if row >= 0 and local_of(row) >= 0:
            units[local_of(row)] = u

    def renumbered(pairs):
        pairs = pairs.reshape(-1, 2)
        pairs = pairs[(local[pairs[:, 0]] >= 0) & (local[pairs[:, 1]] >= 0)] if len(pairs) else pairs
        return local[pairs]

    weights = _weights(conn, units, vocabulary, df, named, n, is_named)
    scored = score_found(units, renumbered(by_text), renumbered(by_story), renumbered(by_figure), level[involved],
                         _stories_of(units, stories), weights, options, new, stories, passing_only=True)
    # the state's new rows: the new articles, and the old articles whose levels changed
    rewritten = set(new) | set(clauses.article[relevel].tolist()) | set(stored.clauses.article[dropped].tolist())
    rewritten |= set(fresh.article.tolist()) | _articles_of(conn, stored.dropped)
    conn.execute("create temp table if not exists clause_rewritten (id integer primary key)")
    conn.execute("delete from temp.clause_rewritten")
    conn.executemany("insert into temp.clause_rewritten (id) values (?)", [(a,) for a in sorted(rewritten)])
    sentences_of = body_sentences_of(conn, options, "and s.article_id in (select id from temp.clause_rewritten)")

    def write_state() -> None:
        clause_state.add_terms(conn, vocabulary.added)
        clause_state.write(conn, key, clauses, sentences_of, rewritten)

    return Found(units, scored, n, write_state)


def _articles_of(conn, sentence_ids: np.ndarray) -> set:
    found = set()
    ids = sentence_ids.tolist()
    for start in range(0, len(ids), clause_state.CHUNK):
        chunk = ids[start : start + clause_state.CHUNK]
        found.update(row[0] for row in conn.execute(
            f"select article_id from sentences where id in ({', '.join('?' for _ in chunk)})", chunk))
    return found


def _rows_of(clauses: Clauses, units) -> np.ndarray:
    """The row of each unit (by sentence and start) among the clauses, -1 where absent."""
    keys = clauses.units[:, SENTENCE] * SPAN + clauses.units[:, START]
    order = np.arange(len(keys)) if np.all(keys[1:] > keys[:-1]) else np.argsort(keys)
    wanted = np.array([u.sentence_id * SPAN + u.start for u in units], dtype=np.int64)
    if not len(keys) or not len(wanted):
        return np.full(len(wanted), -1, dtype=np.int64)
    at = np.minimum(np.searchsorted(keys[order], wanted), len(keys) - 1)
    return np.where(keys[order][at] == wanted, order[at], -1)


SPAN = 1 << 32  # above any clause start: sentence id * SPAN + start is one key per clause


def _stories_of_articles(article: np.ndarray, stories) -> List[Optional[int]]:
    story_of = getattr(stories, "story_of", None) or {}
    return [story_of.get(a) for a in article.tolist()]


def _groups(conn, article: np.ndarray, options) -> np.ndarray:
    """Group id per clause: its article (any_articles), or its outlet."""
    if options.any_articles:
        return article.copy()
    codes, outlet_code = {}, {}
    for article_id, outlet in conn.execute("select id, outlet from articles"):
        outlet_code[article_id] = codes.setdefault(outlet or "", len(codes))
    ids = np.unique(article)
    code = np.array([outlet_code.get(int(a), -1) for a in ids], dtype=np.int64)
    return code[np.searchsorted(ids, article)]


@dataclass
class Postings:
    """Each term's clauses, from one sort of the token entries: `terms` ascending, and for each
    entry its clause (`rows`) and its place in reading order (`entries`)."""

    terms: np.ndarray
    rows: np.ndarray
    entries: np.ndarray
    first: np.ndarray  # mask: the first entry of its (term, clause)

    @classmethod
    def of(cls, clauses: Clauses) -> "Postings":
        count = len(clauses.token_ids)
        entry_rows = clauses.rows_of_entries(clauses.token_ptr)
        keys = np.sort(clauses.token_ids * max(count, 1) + np.arange(count, dtype=np.int64))  # by term, then reading order
        terms, entries = keys // max(count, 1), keys % max(count, 1)
        rows = entry_rows[entries]
        first = np.r_[True, (terms[1:] != terms[:-1]) | (rows[1:] != rows[:-1])] if count else np.zeros(0, bool)
        return cls(terms, rows, entries, first)

    def df(self, width: int, included: Optional[np.ndarray] = None) -> np.ndarray:
        """Clauses stating each term (of the included ones)."""
        at = self.first if included is None else self.first & included[self.rows]
        return np.bincount(self.terms[at], minlength=width)

    def rows_of(self, terms: np.ndarray, included: Optional[np.ndarray] = None) -> np.ndarray:
        """The clauses stating any of these terms (ascending term ids), each once per term."""
        terms = np.asarray(terms, dtype=np.int64)
        starts, stops = np.searchsorted(self.terms, terms, "left"), np.searchsorted(self.terms, terms, "right")
        at = _ranges(starts, stops)
        at = at[self.first[at]]
        return self.rows[at] if included is None else self.rows[at][included[self.rows[at]]]

    def first_seen(self, included: np.ndarray, width: int) -> np.ndarray:
        """Each term's column as candidates.tfidf numbers it over the included clauses (the
        order the corpus first states them in), -1 for terms they do not state."""
        at = included[self.rows]
        terms, entries = self.terms[at], self.entries[at]
        starts = np.r_[True, terms[1:] != terms[:-1]] if len(terms) else np.zeros(0, bool)
        stated, first = terms[starts], entries[starts]
        column = np.full(width, -1, dtype=np.int64)
        column[stated[np.argsort(first)]] = np.arange(len(stated))
        return column


def _ranges(starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """The concatenated aranges [starts[i], stops[i])."""
    lengths = stops - starts
    if not lengths.sum():
        return np.zeros(0, dtype=np.int64)
    return np.repeat(starts - np.r_[0, np.cumsum(lengths)[:-1]], lengths) + np.arange(int(lengths.sum()))


def _top_k(clauses: Clauses, postings: Postings, included: np.ndarray, query: np.ndarray, groups: np.ndarray, k: int,
           n: int, block: Optional[np.ndarray] = None) -> np.ndarray:
    """candidate_pairs of the query clauses over candidates.tfidf of the included clauses' tokens
    (within_blocks of `block`, a story per clause, -1 for none, when given), as rows (i, j) of
    clause indexes. The rows are weighed only for the query clauses and those sharing a term kept
    in one of theirs: weighted_rows weighs each row alone, from the corpus' df."""
    width = int(clauses.token_ids.max()) + 1 if len(clauses.token_ids) else 1
    df = postings.df(width, included)
    column = postings.first_seen(included, width)
    columns = int(column.max()) + 1 if len(column) else 0
    df_by_column = np.zeros(max(columns, 1), dtype=np.int64)
    df_by_column[column[column >= 0]] = df[column >= 0]

    def index_of(rows: np.ndarray):
        lengths = np.where(included[rows], clauses.units[rows, TOKENS], 0)
        starts = clauses.token_ptr[rows]
        ids = _ragged_take(clauses.token_ids, starts, lengths, np.arange(len(rows)))
        return tfidf_of_columns(range(columns), column[ids], np.r_[0, np.cumsum(lengths)].astype(np.int64),
                                df=df_by_column, documents=n)

    query = query[included[query]]
    kept = unique_keys(index_of(query).matrix.indices)  # the columns the query rows keep
    term_of_column = np.full(max(columns, 1), -1, dtype=np.int64)
    term_of_column[column[column >= 0]] = np.flatnonzero(column >= 0)
    rows = unique_keys(np.concatenate([query, postings.rows_of(np.sort(term_of_column[kept]), included)]))
    if block is not None:
        rows = rows[np.isin(block[rows], block[query]) & (block[rows] >= 0)]
        query = query[block[query] >= 0]
    index = index_of(rows)
    if block is not None:
        index = within_blocks(index, [int(b) for b in block[rows].tolist()])
    found = candidate_pairs(index, groups[rows], k=k, rows=np.searchsorted(rows, query), ties=True)  # as score_candidates
    return rows[found[:, :2].astype(np.int64)].reshape(-1, 2)


def _anchor_pairs(postings: Postings, money: np.ndarray, groups: np.ndarray, is_new: np.ndarray) -> np.ndarray:
    """candidates.figure_anchor_pairs' pairs that involve a new clause: money-stating clauses in two
    groups sharing a term that at most MAX_ANCHOR_POSTINGS money-stating clauses state."""
    at = postings.first & money[postings.rows]
    terms, docs = postings.terms[at], postings.rows[at]  # by term, clauses ascending
    width = int(terms.max()) + 1 if len(terms) else 1
    stating = np.bincount(terms, minlength=width)
    wanted = unique_keys(terms[is_new[docs]])
    wanted = wanted[(stating[wanted] >= 2) & (stating[wanted] <= MAX_ANCHOR_POSTINGS)]
    found = set()
    for start, stop in zip(np.searchsorted(terms, wanted, "left").tolist(), np.searchsorted(terms, wanted, "right").tolist()):
        for a, b in combinations(docs[start:stop].tolist(), 2):
            if groups[a] != groups[b] and (is_new[a] or is_new[b]):
                found.add((a, b))
    return np.array(sorted(found), dtype=np.int64).reshape(-1, 2)


def _weights(conn, units, vocabulary: Vocabulary, df: np.ndarray, named: np.ndarray, n: int, is_named: np.ndarray) -> dict:
    """scoring.term_weights' weights of the terms of `units`, and of the corpus' heaviest term (its
    weight is scoring's unit of information, and the weight of a term it never saw)."""
    terms = set(chain.from_iterable(u.tokens for u in units))
    vocabulary.learn(terms)
    weights = {t: term_weight(t, int(df[vocabulary.ids[t]]), n, int(named[vocabulary.ids[t]])) for t in terms}
    # the heaviest: of the rarest term in each class of prior (common or not) and name boost
    stated = np.flatnonzero(df > 0)
    is_common = np.zeros(len(df), dtype=bool)
    is_common[clause_state.common_ids(conn)] = True
    is_common[[i for t, i in vocabulary.added.items() if t in COMMON_STEMS]] = True  # not stored yet
    common = is_common[stated]
    heaviest = []
    for in_class in (common & is_named[stated], common & ~is_named[stated], ~common & is_named[stated], ~common & ~is_named[stated]):
        if in_class.any():
            heaviest.append(int(stated[in_class][np.argmin(df[stated[in_class]])]))
    known = clause_state.terms_of(conn, heaviest)
    known.update((i, t) for t, i in vocabulary.added.items() if i in heaviest)  # not stored yet
    for term_id, term in known.items():
        weights[term] = term_weight(term, int(df[term_id]), n, int(named[term_id]))
    return weights
