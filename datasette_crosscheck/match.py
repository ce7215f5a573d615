"""Match statements across outlets: read sentences and figures, pair their clauses (sparse TF-IDF
candidates and figure anchors, then rapidfuzz scores), group the pairs into statements, record where
figures and wording differ, and write the match tables.

A full run rebuilds the match tables. With `new_articles`, only pairs that involve a new article are
scored and added; statements are then rebuilt from all matches (cheap: no scoring).
"""

from __future__ import annotations

import datetime
import functools
import json
import math
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, NamedTuple, Optional, Sequence

import numpy as np

from . import schema
from .candidates import candidate_pairs, figure_anchor_pairs, tfidf
from .clusters import cluster, representative
from .diff import Version, figure_differences, wording_differences
from .parallel import PoolMap, ranges, worker_pool, workers_available
from .scoring import DEFAULT_THRESHOLD, comparable_terms, score_pairs, term_weights
from .textnorm import analyse, clauses, load_aliases

FIGURE_COLUMNS = "id, sentence_id, char_start, char_end, text, kind, value, low, high, unit, period, qualifier, approximate"
REPEATED_FIGURE_VALUES = ("kind", "unit", "period", "qualifier")
DISAGREEING = ("conflict", "compatible", "different measure")  # figure verdicts a reader must look at
# Content words a clause needs besides its figures to be compared: template lines such as
# "Revs 337.3 mln vs 315.2 mln" or "Pay April 15" would otherwise match every other one.
MIN_CLAIM_WORDS = 3


@dataclass
class MatchOptions:
    threshold: float = DEFAULT_THRESHOLD
    any_articles: bool = False  # also pair two articles of one outlet
    include_boilerplate: bool = False
    aliases: dict = field(default_factory=load_aliases)
    date_window: Optional[int] = None  # days; only pair articles published this close
    workers: Optional[int] = None  # processes for the pure-Python passes (default: one per core)
    k: int = 10  # candidates per clause
    # A pair anchored on a shared rare name with an amount of money on both sides is a figure
    # comparison: the amounts are evidence the scorer already counts, so the wording may differ more.
    anchor_margin: float = 10.0

    @classmethod
    def from_cli(cls, threshold=None, any_articles=False, include_boilerplate=False, aliases=None, date_window=None,
                 extra_aliases=None, workers=None):
        """Options from the command line; `aliases` is a file of extra alias groups."""
        options = cls(any_articles=any_articles, include_boilerplate=include_boilerplate, date_window=date_window, workers=workers)
        if threshold is not None:
            options.threshold = threshold
        extra = {}
        if aliases:
            with open(aliases, encoding="utf-8") as fp:
                extra.update(load_aliases(fp.read().splitlines(), extra={}))
        if extra_aliases:
            extra.update(load_aliases(list(extra_aliases), extra={}))
        if extra:
            options.aliases = load_aliases(extra=extra)
        return options


class Unit(NamedTuple):
    """A clause of a sentence (the whole sentence when it states one claim): what the matcher compares.
    A tuple, and its strings shared (sys.intern): a million of them must fit in memory."""

    sentence_id: int
    article_id: int
    outlet: str
    published: Optional[str]
    start: int  # the clause within the sentence
    end: int
    text: str
    figures: List[dict]
    whole: bool  # the clause is the whole sentence
    tokens: Sequence[str] = ()  # textnorm.analyse: content tokens ...
    names: Sequence[str] = ()  # ... and those written as names
    claim: bool = True  # enough words besides its figures to be compared (states_a_claim)


def match_database(db, options: Optional[MatchOptions] = None, new_articles: Optional[Iterable[int]] = None) -> str:
    """Match the corpus in `db` and write the match tables; returns a one-line summary."""
    options = options or MatchOptions()
    with worker_pool(options.workers) as pmap:  # started while this process is still small
        return _match(db, options, new_articles, pmap)


def _match(db, options: MatchOptions, new_articles: Optional[Iterable[int]], pmap: PoolMap) -> str:
    started = time.perf_counter()
    schema.ensure_schema(db)
    units = read_units(db, options, pmap)
    new = set(new_articles) if new_articles is not None else None
    incremental = new is not None and db["matches"].count > 0
    pairs, scores, anchored = score_candidates(units, options, new if incremental else None)
    rows = best_pair_per_sentences(units, pairs, scores, anchored, options)
    counts = f"{len(units)} clauses compared, {len(pairs)} candidate pairs"
    with db.conn:
        if not incremental:
            for table in schema.MATCH_TABLES:
                db.conn.execute(f"delete from [{table}]")
        write_matches(db, units, rows, options, pmap)
        matches = len(rows)
        del units, pairs, scores, anchored, rows  # statements are built from the tables: free the memory first
        statements = rebuild_statements(db)
    seconds = time.perf_counter() - started
    return f"{matches} new matches, {statements} statements across outlets ({counts}, {seconds:.1f}s)"


def read_units(db, options: MatchOptions, pmap: PoolMap = map) -> List[Unit]:
    """The clauses to compare, analysed (on all cores: this is the costliest pure-Python pass)."""
    boilerplate = "" if options.include_boilerplate else "and s.boilerplate = 0"
    figures = defaultdict(list)
    columns = [sys.intern(c.strip()) for c in FIGURE_COLUMNS.split(",")]
    for row in db.execute(
        f"select {FIGURE_COLUMNS} from figures where sentence_id in "
        f"(select s.id from sentences s where s.kind = 'body' {boilerplate})"
    ):
        figure = dict(zip(columns, row))
        for key in REPEATED_FIGURE_VALUES:
            if figure[key] is not None:
                figure[key] = sys.intern(figure[key])
        figures[figure["sentence_id"]].append(figure)
    sql = f"""
        select s.id, s.article_id, s.text, a.outlet, a.published
        from sentences s join articles a on a.id = s.article_id
        where s.kind = 'body' {boilerplate} order by s.id
    """
    sentences = db.execute(sql).fetchall()

    parts = ranges(len(sentences), 4 * workers_available(options.workers), 5_000)
    inputs = ([(sentences[n][2], figures.get(sentences[n][0], [])) for n in part] for part in parts)
    units = []
    for part, analysed in zip(parts, pmap(functools.partial(analyse_sentences, options.aliases), inputs)):
        for n, found in zip(part, analysed):
            sentence_id, article_id, text, outlet, published = sentences[n]
            outlet, published = sys.intern(outlet or ""), published and sys.intern(published)
            for start, end, tokens, names, claim in found:
                units.append(
                    Unit(sentence_id, article_id, outlet, published, start, end, text[start:end],
                         _inside(figures.get(sentence_id, []), start, end), len(found) == 1,
                         tuple(map(sys.intern, tokens)), tuple(map(sys.intern, names)), claim)
                )
    return units


def analyse_sentences(aliases: dict, sentences: List[tuple]) -> List[List[tuple]]:
    """sentence_clauses of each (text, figures) (a worker's share of read_units)."""
    return [sentence_clauses(text, figures, aliases) for text, figures in sentences]


def sentence_clauses(text: str, figures: List[dict], aliases: dict) -> List[tuple]:
    """(start, end, tokens, names, states a claim) of each clause of a sentence."""
    tokens, names = analyse(text, aliases)
    spans = clauses(text, aliases, tokens=tokens)
    found = []
    for start, end in spans:
        if len(spans) > 1:
            tokens, names = analyse(text[start:end], aliases)
        found.append((start, end, tokens, names, states_a_claim(tokens, _inside(figures, start, end))))
    return found


def _inside(figures: List[dict], start: int, end: int) -> List[dict]:
    return [f for f in figures if f["char_start"] >= start and f["char_end"] <= end]


def score_candidates(units: Sequence[Unit], options: MatchOptions, new_articles: Optional[set]):
    """Candidate pairs of units (near linear: TF-IDF top-k plus pairs anchored on a rare name and an
    amount of money) with their scores. Returns (pairs array (n, 2), Scores, anchored-only mask)."""
    # a unit too short to state a claim gets no terms, and so no candidates
    tokens = [u.tokens if u.claim else [] for u in units]
    groups = [u.article_id if options.any_articles else u.outlet for u in units]
    weights = term_weights(tokens, [u.names for u in units])
    index = tfidf(tokens)
    rows = None if new_articles is None else [n for n, u in enumerate(units) if u.article_id in new_articles]
    by_text = candidate_pairs(index, groups, k=options.k, rows=rows)[:, :2].astype(np.int64)
    by_figure = figure_anchor_pairs(tokens, [has_money(u) for u in units], groups, weights)
    pairs = np.unique(np.concatenate([by_text.reshape(-1, 2), by_figure.reshape(-1, 2)]), axis=0)
    pairs = pairs[keep_pairs(units, pairs, options, new_articles)]
    anchored = _rows_not_in(pairs, by_text, len(units))
    lowest_bar = options.threshold - options.anchor_margin  # best_pair_per_sentences' lower bar
    scores = score_pairs(pairs, tokens, weights, [u.figures for u in units], min_score=lowest_bar)
    return pairs, scores, anchored


def states_a_claim(tokens: Sequence[str], figures: Sequence[dict]) -> bool:
    """Enough words besides its figures (the terms the scorer compares) for a clause to state a claim."""
    return len(tokens) >= MIN_CLAIM_WORDS and len(comparable_terms(tokens, figures)) >= MIN_CLAIM_WORDS


def has_money(unit: Unit) -> bool:
    return any(f["kind"] == "money" for f in unit.figures)


def keep_pairs(units: Sequence[Unit], pairs: np.ndarray, options: MatchOptions, new_articles: Optional[set]) -> np.ndarray:
    """Which candidate pairs (rows of unit indexes) to score: two articles, at least one of them
    new (in an incremental run), published within the date window when both dates are known."""
    i, j = pairs[:, 0], pairs[:, 1]
    article = np.array([u.article_id for u in units], dtype=np.int64)
    keep = article[i] != article[j]
    if new_articles is not None:  # pairs of two old articles were matched in an earlier run
        new = np.isin(article, np.fromiter(new_articles, dtype=np.int64, count=len(new_articles)))
        keep &= new[i] | new[j]
    if options.date_window is not None:
        day = np.array([_day(u.published) for u in units], dtype=float)
        apart = np.abs(day[i] - day[j])
        keep &= np.isnan(apart) | (apart <= options.date_window)  # no date: the window cannot say
    return keep


def _day(iso: Optional[str]) -> float:
    """Days since year 1 of an ISO date, NaN when there is none."""
    try:
        return float(datetime.date.fromisoformat(iso[:10]).toordinal())
    except (TypeError, ValueError):
        return math.nan


def _rows_not_in(pairs: np.ndarray, subset: np.ndarray, n: int) -> np.ndarray:
    """For each row (i, j) of pairs, whether it is missing from subset; indexes are below n."""
    def keys(rows):
        return rows[:, 0].astype(np.int64) * n + rows[:, 1]

    return ~np.isin(keys(pairs), keys(subset.reshape(-1, 2)))


@dataclass(frozen=True)
class Chosen:
    """The matches to write, one per pair of sentences, as arrays (a million sentences can have
    millions of matches): unit indexes `a` and `b` (a's sentence id below b's), the score's parts
    rounded to 2 decimals (figure_agreement NaN: none), and `method`."""

    a: np.ndarray
    b: np.ndarray
    score: np.ndarray
    lexical: np.ndarray
    rare_terms: np.ndarray
    figure_agreement: np.ndarray
    method: np.ndarray  # of str

    def __len__(self) -> int:
        return len(self.a)

    def row(self, n: int) -> dict:
        agreement = float(self.figure_agreement[n])
        return {
            "a": int(self.a[n]), "b": int(self.b[n]), "score": float(self.score[n]), "lexical": float(self.lexical[n]),
            "rare_terms": float(self.rare_terms[n]), "figure_agreement": None if math.isnan(agreement) else agreement,
            "method": str(self.method[n]),
        }


def best_pair_per_sentences(units, pairs, scores, anchored, options: MatchOptions) -> Chosen:
    """One match per pair of sentences: the best-scoring pair of their clauses at or above the bar
    (the threshold, less anchor_margin where both sides state money); the first pair on a tie.
    Ordered by the two sentence ids."""
    money = np.array([has_money(u) for u in units], dtype=bool)
    sentence = np.array([u.sentence_id for u in units], dtype=np.int64)
    whole = np.array([u.whole for u in units], dtype=bool)
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    money_both = money[pairs[:, 0]] & money[pairs[:, 1]]
    bar = np.where(money_both, options.threshold - options.anchor_margin, options.threshold)
    passing = np.flatnonzero(scores.score >= bar)
    i, j = pairs[passing, 0], pairs[passing, 1]
    swap = sentence[i] > sentence[j]
    a, b = np.where(swap, j, i), np.where(swap, i, j)
    order = np.lexsort((passing, -scores.score[passing], sentence[b], sentence[a]))
    keys = np.stack([sentence[a[order]], sentence[b[order]]])
    first = order[np.r_[True, np.any(keys[:, 1:] != keys[:, :-1], axis=0)]] if len(order) else order
    k = passing[first]
    a, b = a[first], b[first]
    kind = np.where(whole[a] & whole[b], "sentence", "clause")
    method = np.where(anchored[k] | (scores.score[k] < options.threshold), "figure-anchor", kind)
    return Chosen(a, b, *(np.round(part[k], 2) for part in scores[:4]), method)


def write_matches(db, units: Sequence[Unit], rows: Chosen, options: MatchOptions, pmap: PoolMap = map) -> None:
    """Insert the matches and their differences (worked out on all cores, in the order of `rows`)."""
    conn = db.conn
    first_id = conn.execute("select coalesce(max(id), 0) + 1 from matches").fetchone()[0]

    parts = ranges(len(rows), 4 * workers_available(options.workers), 2_000)
    # what the differences need of each side, not its tokens
    inputs = ([(first_id + n, _shown(units[rows.a[n]]), _shown(units[rows.b[n]])) for n in part] for part in parts)
    found_by_part = pmap(functools.partial(difference_rows, options.aliases), inputs)
    for part, differences in zip(parts, found_by_part):
        conn.executemany(
            """insert into matches (id, sentence_a, sentence_b, article_a, article_b, score, lexical, rare_terms,
                 figure_agreement, method, a_start, a_end, b_start, b_end)
               values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [_match_row(first_id + n, units, rows.row(n)) for n in part],
        )
        conn.executemany(
            "insert into differences (match_id, kind, a, b, verdict, figure_a, figure_b, detail) values (?, ?, ?, ?, ?, ?, ?, ?)",
            [row for found in differences for row in found],
        )


def _shown(unit: Unit) -> Unit:
    return unit._replace(tokens=(), names=())


def difference_rows(aliases: dict, matches: List[tuple]) -> List[List[tuple]]:
    """`differences` rows of each (match id, side a, side b) (a worker's share of write_matches)."""
    return [
        [
            (match_id, d["kind"], d.get("a"), d.get("b"), d["verdict"], d.get("figure_a"), d.get("figure_b"),
             json.dumps(d.get("detail") or {}, ensure_ascii=False))
            for d in match_differences(a, b, aliases)
        ]
        for match_id, a, b in matches
    ]


def _match_row(match_id: int, units: Sequence[Unit], row: dict) -> list:
    a, b = units[row["a"]], units[row["b"]]
    return [match_id, a.sentence_id, b.sentence_id, a.article_id, b.article_id, row["score"], row["lexical"],
            row["rare_terms"], row["figure_agreement"], row["method"], a.start, a.end, b.start, b.end]


def match_differences(a: Unit, b: Unit, aliases: dict) -> List[dict]:
    """Where two matched clauses differ: their figures first, then their words."""
    found = figure_differences(Version.of_clause(a), Version.of_clause(b)) if (a.figures or b.figures) else []
    return found + wording_differences(a.text, b.text, aliases)


def rebuild_statements(db) -> int:
    """Group all matches into statements (clusters of clauses) and fill the statement tables."""
    conn = db.conn
    conn.execute("delete from statement_sentences")
    conn.execute("delete from statements")
    spans, links = {}, []
    for sa, a_start, a_end, sb, b_start, b_end, score in conn.execute(
        "select sentence_a, a_start, a_end, sentence_b, b_start, b_end, score from matches"
    ):
        node_a, node_b = (sa, a_start), (sb, b_start)
        spans[node_a], spans[node_b] = a_end, b_end
        links.append((node_a, node_b, score))
    info = sentence_info(conn, {node[0] for node in spans})
    groups = sorted(cluster(links), key=min)
    for number, (members, inner) in enumerate(zip(groups, links_by_group(groups, links)), 1):
        write_statement(conn, number, members, representative(members, inner), spans, info)
    conn.execute(
        """update matches set statement_id = (select ss.statement_id from statement_sentences ss
           where ss.sentence_id = matches.sentence_a and ss.clause_start = matches.a_start)"""
    )
    conn.execute("update differences set statement_id = (select statement_id from matches m where m.id = differences.match_id)")
    marks = ", ".join("?" for _ in DISAGREEING)
    conn.execute(
        f"""update statements set
          max_score = (select max(score) from matches m where m.statement_id = statements.id),
          figure_conflict = exists (select 1 from differences d where d.statement_id = statements.id
                                    and d.kind = 'figure' and d.verdict = 'conflict'),
          figure_differences = (select count(*) from differences d where d.statement_id = statements.id
                                and d.kind = 'figure' and d.verdict in ({marks})),
          wording_differences = (select count(*) from differences d where d.statement_id = statements.id
                                 and d.kind in ('wording', 'name'))""",
        DISAGREEING,
    )
    return conn.execute("select count(*) from statements").fetchone()[0]


def links_by_group(groups, links) -> List[list]:
    """The links inside each group, in one pass over all links."""
    group_of = {node: n for n, members in enumerate(groups) for node in members}
    inner = [[] for _ in groups]
    for link in links:
        n = group_of.get(link[0])
        if n is not None and group_of.get(link[1]) == n:
            inner[n].append(link)
    return inner


def sentence_info(conn, sentence_ids) -> Dict[int, tuple]:
    """(article_id, outlet, published, text) of each sentence, read in batches."""
    ids, info = sorted(sentence_ids), {}
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        marks = ", ".join("?" for _ in batch)
        for row in conn.execute(
            f"select s.id, s.article_id, a.outlet, a.published, s.text from sentences s "
            f"join articles a on a.id = s.article_id where s.id in ({marks})",
            batch,
        ):
            info[row[0]] = row[1:]
    return info


def write_statement(conn, statement_id, members, shown, spans, info) -> None:
    sentence_id, start = shown
    dated = sorted((info[s][2], info[s][1]) for s, _ in members if info[s][2])
    outlets = sorted({info[s][1] or "" for s, _ in members})
    conn.execute(
        """insert into statements (id, representative_sentence_id, text, sentence_count, article_count,
             outlet_count, outlets, first_published, first_outlet, figure_conflict, figure_differences, wording_differences)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0)""",
        [
            statement_id,
            sentence_id,
            info[sentence_id][3][start : spans[shown]],
            len({s for s, _ in members}),
            len({info[s][0] for s, _ in members}),
            len(outlets),
            json.dumps(outlets, ensure_ascii=False),
            dated[0][0] if dated else None,
            dated[0][1] if dated else None,
        ],
    )
    conn.executemany(
        "insert into statement_sentences (statement_id, sentence_id, article_id, outlet, clause_start, clause_end) values (?, ?, ?, ?, ?, ?)",
        [(statement_id, s, info[s][0], info[s][1], start, spans[(s, start)]) for s, start in sorted(members)],
    )
