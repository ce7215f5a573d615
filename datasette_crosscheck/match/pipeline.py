"""Match statements across outlets: read sentences and figures, pair their clauses (sparse TF-IDF
candidates and figure anchors, then rapidfuzz scores), group the pairs into statements, record where
figures and wording differ, and write the match tables.

A full run rebuilds the match tables. With `new_articles`, only pairs that involve a new article are
scored and added; statements are then rebuilt from all matches (cheap: no scoring). Either way the
results and the `match` pass's state (passes.py) are written in one transaction: a run killed
midway leaves its articles pending, and the next `load` or `match` matches them.

This module owns the match tables (schema.MATCH_TABLES): whoever removes articles calls
`forget_articles` first.
"""

from __future__ import annotations

import datetime
import functools
import json
import math
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import chain
from typing import Callable, Dict, Iterable, Iterator, List, NamedTuple, Optional, Sequence, Tuple

import numpy as np

from .. import analysis, passes, progress, schema
from ..analysis import CLAIM, NO_CLAIM, SHORT_CLAIM, states_a_claim  # noqa: F401 (the matcher's names for them)
from ..ingest.load import flag_pending
from ..parallel import PoolMap, begun, collector_paused, is_serial, ranges, worker_pool, workers_available
from ..textnorm import load_aliases
from . import anchors, clause_state, stories
from .candidates import candidate_pairs, figure_anchor_pairs, in_sorted, pair_keys, tfidf, unique_keys, within_blocks
from .clusters import cluster_numbered
from .diff import Side, Version, figure_differences, wording_differences
from .scoring import DEFAULT_THRESHOLD, Documents, Scores, term_weights

FIGURE_COLUMNS = "id, sentence_id, char_start, char_end, text, kind, value, low, high, unit, period, qualifier, approximate, direction"
REPEATED_FIGURE_VALUES = ("kind", "unit", "period", "qualifier", "direction")
DISAGREEING = ("conflict", "compatible", "different measure")  # figure verdicts a reader must look at
# scoring's copy (content words in order, numbers kept) a short statement's match needs: one word
# or number in four may differ ("Revs 11.8 mln vs 3.8 mln" against "... vs 9.8 mln", a figure to
# show), not two in six ("Shr 13 cts vs 21 cts" against "Shr 31 cts vs 28 cts")
SHORT_NEAR_COPY = 70.0
COSINE_SLICE = 10_000  # pairs of articles whose story cosines are asked at once (20k sparse article rows)


@dataclass
class MatchOptions:
    threshold: float = DEFAULT_THRESHOLD
    any_articles: bool = False  # also pair two articles of one outlet
    include_boilerplate: bool = False
    aliases: dict = field(default_factory=load_aliases)
    date_window: Optional[int] = None  # days; only pair articles published this close
    workers: Optional[int] = None  # processes for the pure-Python passes (default: one per core)
    k: int = 10  # candidates per clause, across the corpus and again within its story

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
    claim: int = CLAIM  # what it states: CLAIM, SHORT_CLAIM or NO_CLAIM (states_a_claim)


def match_database(db, options: Optional[MatchOptions] = None, new_articles: Optional[Iterable[int]] = None) -> str:
    """Match the corpus in `db` and write the match tables; returns a one-line summary."""
    options = options or MatchOptions()
    with worker_pool(options.workers) as pmap:  # started while this process is still small
        # (after the workers start: they keep the collector) the match's heap is long-lived clauses,
        # pairs and rows, made without reference cycles (tests/test_match.py), which the collector's
        # full passes would scan again and again: 11% of a 100k match's wall time
        with collector_paused():
            return _match(db, options, new_articles, pmap)


def _match(db, options: MatchOptions, new_articles: Optional[Iterable[int]], pmap: PoolMap) -> str:
    started = time.perf_counter()
    schema.ensure_schema(db)
    flag_pending(db)  # the passes before this one, when a killed load left them to do
    fill_analyses(db, options, pmap)  # sentences stored without an analysis made with these aliases
    # the stories pass: over the articles whose story_id is NULL (all of them when recomputing)
    context = _stories_begun(db, options, pmap, recompute=new_articles is None)
    new = set(new_articles) if new_articles is not None else None
    incremental = new is not None and db["matches"].count > 0
    units, scored, compared, write_state = _candidates(db, options, new if incremental else None, context, pmap)
    # every passing pair of clauses goes to the statements (a statement holds one clause of a sentence)
    rows = best_pair_per_sentences(units, scored.pairs, scored.scores, scored.anchored, options, every_clause_pair=True)
    counts = f"{compared} clauses compared, {scored.candidates} candidate pairs"
    with db.conn:
        if not incremental:
            for table in schema.MATCH_TABLES:
                db.conn.execute(f"delete from [{table}]")
        write_state()  # the clause state for the next incremental run (clause_state.py)
        first_id = db.conn.execute("select coalesce(max(id), 0) + 1 from matches").fetchone()[0]
        matches = len(rows)
        sides = Sides.of(units, rows)  # what the differences need of each match's clauses, not their tokens
        links = StatementLinks.of_rows(units, rows, first_id)  # the matches by their clauses, from first_id on
        parts = MatchParts.of(rows)  # ... and what else their rows hold
        del units, scored, write_state, rows  # free the tokens before the statements

        def differences(match_ids, statement_ids):  # of the new matches that statements keep (about half), on all cores
            begun = begin_differences(sides, first_id, options, pmap, match_ids, statement_ids)
            return lambda: write_differences(db, first_id, begun)

        if incremental:
            # the new matches' statements are grouped with those they touch: clustering never crosses
            # from one set of linked clauses to another, so the rest stays as it is
            write_matches(db, links, parts, first_id)
            del links, parts
            passes.kill_point("during-match")
            statements = rebuild_statements(db, touched_statements(db), with_new=True, differences=differences)
        else:
            passes.kill_point("during-match")
            handed = [(links, parts)]  # build_statements takes them: nothing here holds them while it runs
            del links, parts
            statements = build_statements(db, handed, first_id, differences)
        passes.mark_done(db.conn, passes.MATCH, new if incremental else None)
    kept = db.conn.execute("select count(*) from matches").fetchone()[0]
    seconds = time.perf_counter() - started
    return f"{matches} new matches, {statements} statements across outlets holding {kept} matches ({counts}, {seconds:.1f}s)"


def _stories_begun(db, options: MatchOptions, pmap: PoolMap, recompute: bool) -> Callable[[], "stories.StoryContext"]:
    """The stories pass, begun; returns the call that waits for its StoryContext. When it reads the
    whole corpus of a database file, it runs on a worker (its own connection) while this process
    reads the clauses and finds their candidates by wording, which need no stories (at 100k
    sentences each takes about 4 s); else here, now."""
    path = _database_file(db)
    if path and not is_serial(pmap) and stories.reads_whole_corpus(db, options.aliases, recompute):
        return begun(pmap, stories.assign_stories_at, (path, options.aliases, recompute, options.workers))
    context = stories.assign_stories(db, options.aliases, pmap, recompute=recompute, workers=options.workers)
    return lambda: context


def _database_file(db) -> Optional[str]:
    """The file of the database's main schema; None in memory."""
    for _, name, path in db.conn.execute("pragma database_list"):
        if name == "main":
            return path or None
    return None


def _candidates(db, options: MatchOptions, new: Optional[set], context: Callable, pmap: PoolMap):
    """(units, Scored (the passing pairs), clauses compared, write_state()): score_candidates over
    every clause read, or, in an incremental run whose stored clause state is current, over the new
    clauses and the old ones they pair with (match_incremental.py: the same pairs and scores).
    `context()` waits for the stories pass."""
    from . import incremental as match_incremental  # (it imports this module)

    key = clause_state.key_of(options.aliases, options.include_boilerplate)
    stored = None
    if new is not None:
        match_incremental.scope_new_articles(db.conn, new)
        stored = match_incremental.stored_clauses(db, options, key)
    scoring = time.perf_counter()
    if stored is not None:
        found = match_incremental.new_candidates(db, options, pmap, new, context(), stored, key)
        progress.report("Scoring candidates", found.scored.candidates, time.perf_counter() - scoring, "pairs")
        return found.units, found.scored, found.compared, found.write_state
    units = read_units(db, options, pmap)
    scoring = time.perf_counter()
    level = claim_levels(units)
    by_text = text_candidates(units, options, new, level)  # while the stories are made
    scored = scored_candidates(units, options, new, context(), passing_only=True, found=by_text)
    del by_text
    progress.report("Scoring candidates", scored.candidates, time.perf_counter() - scoring, "pairs")
    sentences_of = match_incremental.body_sentences_of(db.conn, options)

    def write_state() -> None:
        match_incremental.write_full(db.conn, key, units, level, sentences_of)

    return units, scored, len(units), write_state


def read_units(db, options: MatchOptions, pmap: PoolMap = map, within: str = "") -> List[Unit]:
    """The clauses to compare, analysed: read from `sentences.analysis` (what load stored), or
    analysed here, on all cores, for sentences without one made with these aliases. The sentences
    are read as a stream, each stored analysis turned into its units at once: at a million
    sentences, holding every row and every decoded analysis first more than doubled the peak.
    `within` (SQL on the sentence `s`, from "and") reads only some (an incremental run's)."""
    boilerplate = ("" if options.include_boilerplate else "and s.boilerplate = 0") + (f" {within}" if within else "")
    figures = _figures_by_sentence(db, boilerplate)
    has_column = "analysis" in db["sentences"].columns_dict
    analysed_here = _analyse_missing(db, options, pmap, boilerplate, figures, has_column)
    stored = "s.analysis" if has_column else "null"
    sql = f"""
        select s.id, s.article_id, s.text, a.outlet, a.published, {stored}
        from sentences s join articles a on a.id = s.article_id
        where s.kind = 'body' {boilerplate} order by s.id
    """
    units, intern = [], sys.intern
    for sentence_id, article_id, text, outlet, published, value in db.execute(sql):
        outlet, published = intern(outlet or ""), published and intern(published)
        found = analysed_here.pop(sentence_id, None)
        clauses = analysis.clause_rows(value) if found is None else [
            (c.start, c.end, c.claim, c.tokens, c.names) for c in found.clauses
        ]
        whole = len(clauses) == 1
        sentence_figures = figures.get(sentence_id, [])
        for start, end, claim, tokens, names in clauses:
            units.append(
                Unit(sentence_id, article_id, outlet, published, start, end, text[start:end],
                     _inside(sentence_figures, start, end) if sentence_figures else [], whole,
                     tuple(map(intern, tokens)), tuple(map(intern, sorted(names))), claim)
            )
    return units


def _figures_by_sentence(db, boilerplate: str) -> Dict[int, List[dict]]:
    """The figures of the body sentences read, as dicts (the figures table's columns), by sentence."""
    figures = defaultdict(list)
    columns = [sys.intern(c.strip()) for c in FIGURE_COLUMNS.split(",")]
    for row in db.execute(
        f"select {FIGURE_COLUMNS} from figures where sentence_id in "
        f"(select s.id from sentences s where s.kind = 'body' {boilerplate})"
    ):
        figure = _FigureRow().__dict__  # a dict that shares its keys with every other figure's
        figure.update(zip(columns, row))
        for key in REPEATED_FIGURE_VALUES:
            if figure[key] is not None:
                figure[key] = sys.intern(figure[key])
        figures[figure["sentence_id"]].append(figure)
    return figures


class _FigureRow:
    """Only its instances' __dict__ is used: a plain dict whose keys are stored once for all of them
    (CPython's key-sharing instance dicts), 220 bytes a figure where dict(zip(...)) takes 500. A
    million sentences' clauses hold 1.3M figures."""


def _analyse_missing(db, options: MatchOptions, pmap: PoolMap, boilerplate: str, figures: dict, has_column: bool) -> dict:
    """sentence id -> analysis.analyse_sentence of each body sentence read whose stored analysis is
    missing or was made otherwise (fill_analyses leaves only the longest ones), on all cores."""
    prefix = f'["{analysis.key_of(options.aliases)}"'
    stale = f"and (s.analysis is null or substr(s.analysis, 1, {len(prefix)}) != ?)" if has_column else ""
    missing = db.execute(f"select s.id, s.text from sentences s where s.kind = 'body' {boilerplate} {stale} order by s.id",
                         [prefix] if has_column else []).fetchall()
    parts = ranges(len(missing), 4 * workers_available(options.workers), 5_000)
    inputs = ([(missing[n][1], figures.get(missing[n][0], [])) for n in part] for part in parts)
    analysed_parts = zip(parts, pmap(functools.partial(analyse_sentences, options.aliases), inputs))
    found = {}
    for part, analysed in progress.track(analysed_parts, "Analysing clauses", len(missing), _part_size, "sentences"):
        found.update((missing[n][0], result) for n, result in zip(part, analysed))
    return found


def fill_analyses(db, options: MatchOptions, pmap: PoolMap = map) -> int:
    """Analyse and store (sentences.analysis) every heading and body sentence that has no analysis
    made with these aliases by this version of the code: a database written before the column
    existed, or by older code, is brought up to date once (in one transaction; a run stopped
    midway leaves the rest to the next). Returns how many were analysed."""
    if "analysis" not in db["sentences"].columns_dict:
        return 0
    prefix = f'["{analysis.key_of(options.aliases)}"'
    kinds = ", ".join(f"'{kind}'" for kind in analysis.ANALYSED_KINDS)
    stale = (f"kind in ({kinds}) and length(text) <= {analysis.MAX_ANALYSED_CHARS} "
             f"and (analysis is null or substr(analysis, 1, {len(prefix)}) != ?)")
    sentences = db.execute(f"select id, text from sentences where {stale} order by id", [prefix]).fetchall()
    if not sentences:
        return 0
    figures = defaultdict(list)
    columns = [c.strip() for c in FIGURE_COLUMNS.split(",")]
    for row in db.execute(f"select {FIGURE_COLUMNS} from figures where sentence_id in (select id from sentences where {stale})", [prefix]):
        figures[row[1]].append(dict(zip(columns, row)))
    parts = ranges(len(sentences), 4 * workers_available(options.workers), 5_000)
    inputs = ([(sentences[n][1], figures.get(sentences[n][0], [])) for n in part] for part in parts)
    with db.conn:
        analysed_parts = zip(parts, pmap(functools.partial(analyse_sentences, options.aliases), inputs))
        for part, analysed in progress.track(analysed_parts, "Analysing clauses", len(sentences), _part_size, "sentences"):
            db.conn.executemany(
                "update sentences set analysis = ? where id = ?",
                [(analysis.encode(found, options.aliases), sentences[n][0]) for n, found in zip(part, analysed)],
            )
    return len(sentences)


def _part_size(done: tuple) -> int:
    """How many items a (range, results) part of a pmap holds: what a progress bar moves by."""
    return len(done[0])


def analyse_sentences(aliases: dict, sentences: List[tuple]) -> List[analysis.SentenceAnalysis]:
    """analysis.analyse_sentence of each (text, figures) (a worker's share of read_units)."""
    return [analysis.analyse_sentence(text, figures, aliases) for text, figures in sentences]


def _inside(figures: List[dict], start: int, end: int) -> List[dict]:
    return analysis.inside(figures, start, end)


class Scored(NamedTuple):
    """score_found's result: the pairs (rows of unit indexes), their Scores, the anchored-only mask,
    and how many candidate pairs were scored (all of them, when only the passing ones are kept)."""

    pairs: np.ndarray
    scores: Scores
    anchored: np.ndarray
    candidates: int


SCORE_SLICE = 1_000_000  # candidate pairs scored at once: score_pairs' temporaries are a dozen arrays a pair


def score_candidates(units: Sequence[Unit], options: MatchOptions, new_articles: Optional[set], stories=None,
                     level: Optional[np.ndarray] = None):
    """scored_candidates' (pairs, Scores, anchored-only mask), every candidate pair kept."""
    scored = scored_candidates(units, options, new_articles, stories, level)
    return scored.pairs, scored.scores, scored.anchored


class TextCandidates(NamedTuple):
    """What scored_candidates finds before it needs the stories: the term weights, the units' claim
    levels, and the pairs found by wording across the corpus and by figure anchors."""

    weights: dict
    level: np.ndarray
    by_text: np.ndarray
    by_figure: np.ndarray


def text_candidates(units: Sequence[Unit], options: MatchOptions, new_articles: Optional[set],
                    level: Optional[np.ndarray] = None) -> TextCandidates:
    """scored_candidates' first stage: TF-IDF top-k across the corpus and the pairs anchored on a
    rare name and an amount of money (the stories are not needed yet)."""
    weights = term_weights([u.tokens for u in units], [u.names for u in units])
    level = claim_levels(units) if level is None else level
    # a unit that states no claim gets no terms, and so no candidates
    tokens = [u.tokens if level[n] == CLAIM else [] for n, u in enumerate(units)]
    groups, rows = _groups_and_rows(units, options, new_articles)
    by_text = candidate_pairs(tfidf(tokens), groups, k=options.k, rows=rows, ties=True)[:, :2].astype(np.int64)
    by_figure = figure_anchor_pairs(tokens, [has_money(u) for u in units], groups, weights)
    return TextCandidates(weights, level, by_text, by_figure)


def _groups_and_rows(units: Sequence[Unit], options: MatchOptions, new_articles: Optional[set]) -> tuple:
    """Each unit's group (pairs are never found within one) and the rows searched (None: all)."""
    groups = [u.article_id if options.any_articles else u.outlet for u in units]
    rows = None if new_articles is None else [n for n, u in enumerate(units) if u.article_id in new_articles]
    return groups, rows


def scored_candidates(units: Sequence[Unit], options: MatchOptions, new_articles: Optional[set], stories=None,
                      level: Optional[np.ndarray] = None, passing_only: bool = False,
                      found: Optional[TextCandidates] = None) -> "Scored":
    """Candidate pairs of units with their scores. Candidates (near linear): TF-IDF top-k across
    the corpus, top-k again within each story (`stories`: a stories.StoryContext, or None when
    unknown), and pairs anchored on a rare name and an amount of money. Short statements are paired
    only within their story. Returns Scored (pairs array (n, 2), Scores, anchored-only mask, count);
    `passing_only`: only the pairs whose score reaches the threshold (all the matcher uses).
    `level`: the units' claim_levels, when the caller has them; `found`: text_candidates of these
    units, when the caller found them while the stories were being made."""
    found = found or text_candidates(units, options, new_articles, level)
    level = found.level
    story = _stories_of(units, stories)
    short_in_story = (level == SHORT_CLAIM) & np.array([s is not None for s in story], dtype=bool)
    # a short unit gets candidates only in its story
    story_tokens = [u.tokens if level[n] == CLAIM or short_in_story[n] else [] for n, u in enumerate(units)]
    groups, rows = _groups_and_rows(units, options, new_articles)
    in_story = within_blocks(tfidf(story_tokens), story)
    by_story = candidate_pairs(in_story, groups, k=options.k, rows=rows, ties=True)[:, :2].astype(np.int64)
    return score_found(units, found.by_text, by_story, found.by_figure, level, story, found.weights, options, new_articles,
                       stories, passing_only)


def score_found(units: Sequence[Unit], by_text, by_story, by_figure, level: np.ndarray, story: List[Optional[int]],
                weights: dict, options: MatchOptions, new_articles: Optional[set], stories, passing_only: bool = False) -> Scored:
    """score_candidates' pairs found by wording, by story and by figure anchors (rows of unit
    indexes), kept and scored, SCORE_SLICE pairs at a time (a pair's scores do not depend on the
    others scored with it); with `passing_only`, each slice keeps only the pairs at or above the
    threshold (at a million sentences, 27M candidates for 5M passing pairs)."""
    n = len(units)
    # np.unique of the pairs, on one int64 key each; the wording's and the story's keys are sorted
    # once, to tell the pairs only the figure anchors found (at 1M, 27M candidate pairs)
    worded = unique_keys(np.concatenate([pair_keys(by_text, n), pair_keys(by_story, n)]))
    del by_text, by_story
    keys = unique_keys(np.concatenate([worded, pair_keys(by_figure, n)]))
    del by_figure
    pairs = np.column_stack([keys // max(n, 1), keys % max(n, 1)])
    wanted = keep_pairs(units, pairs, options, new_articles) & _same_story_if_short(pairs, level, story)
    pairs, anchored = pairs[wanted], ~in_sorted(keys[wanted], worded)
    del keys, wanted, worded  # bytes a candidate pair that scoring need not hold
    kept = []
    # the clauses the pairs use, prepared once for all the slices (each slice used most of them)
    documents, a, b = Documents.of_pairs(pairs, [u.tokens for u in units], weights, [u.figures for u in units])
    for start in range(0, max(len(pairs), 1), SCORE_SLICE):
        part = pairs[start : start + SCORE_SLICE]
        scores = _score_slice(units, part, level, story, stories, documents, a[start : start + SCORE_SLICE],
                              b[start : start + SCORE_SLICE], options)
        keep = scores.score >= options.threshold if passing_only else np.ones(len(part), dtype=bool)
        kept.append((part[keep], Scores(*(None if p is None else p[keep] for p in scores)), anchored[start : start + SCORE_SLICE][keep]))
    candidates = len(pairs)
    del documents, a, b, pairs, anchored, part, scores, keep  # before the kept slices are joined (at 1M, its peak)
    parts = list(zip(*kept))
    del kept
    scores = Scores(*(None if ps[0] is None else np.concatenate(ps) for ps in zip(*parts[1])))
    return Scored(np.concatenate(parts[0]).reshape(-1, 2), scores, np.concatenate(parts[2]), candidates)


def _score_slice(units, pairs: np.ndarray, level: np.ndarray, story, stories, documents: Documents, a: np.ndarray,
                 b: np.ndarray, options: MatchOptions) -> Scores:
    """The Scores of `pairs` (rows of unit indexes; a and b: the same pairs in `documents`)."""
    other_story, similarity = story_evidence(units, pairs, story, stories)
    scores = documents.score(a, b, min_score=options.threshold, other_story=other_story, story_similarity=similarity)
    short = (level[pairs[:, 0]] == SHORT_CLAIM) | (level[pairs[:, 1]] == SHORT_CLAIM) if len(pairs) else np.zeros(0, bool)
    # a short statement matches only its near copy: "Shr 31 cts vs 28 cts" is not "Shr 13 cts vs 21 cts"
    return scores._replace(score=np.where(short & (scores.copy < SHORT_NEAR_COPY), 0.0, scores.score))


def claim_levels(units: Sequence[Unit]) -> np.ndarray:
    """Each unit's _claim_level under the corpus' names (int8)."""
    named = _corpus_names(units)
    return np.array([_claim_level(u, named) for u in units], dtype=np.int8)


def _claim_level(unit: Unit, corpus_names: set) -> int:
    """What a clause states once the corpus says which of its terms are names: the lower of its own
    level and the level with the corpus' names. Only its own terms can count, and fewer names never
    lower a level, so the second is needed only when the corpus names a term the clause did not."""
    names = corpus_names.intersection(unit.tokens)
    if unit.claim == NO_CLAIM or names.issubset(unit.names):
        return unit.claim
    return min(unit.claim, states_a_claim(unit.tokens, unit.figures, names))


def _stories_of(units: Sequence[Unit], stories) -> List[Optional[int]]:
    story_of = getattr(stories, "story_of", None) or {}
    return [story_of.get(u.article_id) for u in units]


def _corpus_names(units: Sequence[Unit]) -> set:
    """Terms written as names in most of the clauses that state them (a sentence's first word is
    a name too when the corpus writes it so elsewhere)."""
    stated = Counter(chain.from_iterable(set(u.tokens) for u in units))  # counted in C
    named = Counter(chain.from_iterable(set(u.names) for u in units))
    return {t for t, count in named.items() if 2 * count >= stated[t]}


def _same_story_if_short(pairs: np.ndarray, level: np.ndarray, story: List[Optional[int]]) -> np.ndarray:
    """A pair with a short statement needs both sides in one known story."""
    if not len(pairs):
        return np.zeros(0, dtype=bool)
    ids = np.array([-1 if s is None else s for s in story], dtype=np.int64)
    i, j = pairs[:, 0], pairs[:, 1]
    short = (level[i] == SHORT_CLAIM) | (level[j] == SHORT_CLAIM)
    return ~short | ((ids[i] >= 0) & (ids[i] == ids[j]))


def story_evidence(units: Sequence[Unit], pairs: np.ndarray, story: List[Optional[int]], stories):
    """(other_story 0/1, whole-article cosine) of each pair; a pair whose stories are unknown
    counts as inside one story (other_story 0, cosine NaN): the calibrated bar."""
    if not len(pairs) or stories is None:
        return None, None
    ids = np.array([-1 if s is None else s for s in story], dtype=np.int64)
    i, j = pairs[:, 0], pairs[:, 1]
    known = (ids[i] >= 0) & (ids[j] >= 0)
    other = known & (ids[i] != ids[j])  # bool, not float: 7 bytes a pair less (decision.evidence reads it as 0/1)
    similarity = np.full(len(pairs), np.nan)
    cosine = getattr(stories, "cosine", None)
    if cosine is not None and known.any():
        article = np.array([u.article_id for u in units], dtype=np.int64)
        at = np.flatnonzero(known)
        # each pair of articles once: many pairs of clauses share one
        width = int(article.max()) + 1
        keys, back = np.unique(article[i[at]] * width + article[j[at]], return_inverse=True)
        found = np.concatenate([  # in slices: each takes two sparse rows of whole articles per pair
            np.asarray(cosine(part // width, part % width), dtype=float) for part in np.array_split(keys, max(1, len(keys) // COSINE_SLICE))
        ])
        similarity[at] = found[back.ravel()]
    return other, similarity


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


METHODS = ("sentence", "clause", "figure-anchor")  # how a match was found: matches.method


@dataclass(frozen=True)
class Chosen:
    """The matches to write, one per pair of sentences (or per pair of clauses), as arrays (a million sentences can have
    millions of matches): unit indexes `a` and `b` (a's sentence id below b's), the score's parts
    rounded to 2 decimals (figure_agreement NaN: none), and `method`."""

    a: np.ndarray
    b: np.ndarray
    score: np.ndarray
    lexical: np.ndarray
    rare_terms: np.ndarray
    figure_agreement: np.ndarray
    method: np.ndarray  # an index into METHODS (1 byte a match: millions of them are kept until the statements)

    def __len__(self) -> int:
        return len(self.a)

    def row(self, n: int) -> dict:
        agreement = float(self.figure_agreement[n])
        return {
            "a": int(self.a[n]), "b": int(self.b[n]), "score": float(self.score[n]), "lexical": float(self.lexical[n]),
            "rare_terms": float(self.rare_terms[n]), "figure_agreement": None if math.isnan(agreement) else agreement,
            "method": METHODS[self.method[n]],
        }


def best_pair_per_sentences(units, pairs, scores, anchored, options: MatchOptions, every_clause_pair: bool = False) -> Chosen:
    """One match per pair of sentences: the best-scoring pair of their clauses at or above the
    threshold; the first pair on a tie. Ordered by the two sentence ids.

    `every_clause_pair`: every pair of clauses at or above the threshold, the best of each pair of
    sentences first. The statements need them all: when ten outlets each split a sentence into two
    clauses, the best pair of two of the sentences is their first clauses, of two others their
    second ones, and with one link per pair of sentences neither clause's group was linked enough
    to be one statement (clusters.MIN_LINK_SHARE). A statement holds one clause of a sentence, so
    it keeps at most one match per pair of sentences; two statements (one per clause) may each
    keep one."""
    sentence = np.array([u.sentence_id for u in units], dtype=np.int64)
    whole = np.array([u.whole for u in units], dtype=bool)
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    passing = np.flatnonzero(scores.score >= options.threshold)
    i, j = pairs[passing, 0], pairs[passing, 1]
    swap = sentence[i] > sentence[j]
    a, b = np.where(swap, j, i), np.where(swap, i, j)
    order = np.lexsort((passing, -scores.score[passing], sentence[b], sentence[a]))
    keys = np.stack([sentence[a[order]], sentence[b[order]]])
    if every_clause_pair:
        first = order
    else:
        first = order[np.r_[True, np.any(keys[:, 1:] != keys[:, :-1], axis=0)]] if len(order) else order
    k = passing[first]
    a, b = a[first], b[first]
    kind = np.where(whole[a] & whole[b], METHODS.index("sentence"), METHODS.index("clause"))
    method = np.where(anchored[k], METHODS.index("figure-anchor"), kind).astype(np.uint8)
    return Chosen(a, b, *(np.round(part[k], 2) for part in scores[:4]), method)


def write_matches(db, links: "StatementLinks", parts: "MatchParts", first_id: int) -> None:
    """Insert the matches of `links` (ids from `first_id`, the first free one), in no statement yet
    (their differences come once the statements say which are kept: write_differences)."""
    with schema.indexes_deferred(db.conn, "matches"):  # (when the table is empty)
        _insert_matches(db.conn, links, np.ones(len(links.match_id), dtype=bool), parts, first_id,
                        np.full(len(links.match_id), None, dtype=object))


def _insert_matches(conn, links: "StatementLinks", chosen: np.ndarray, parts: "MatchParts", first_id: int,
                    statement_ids: np.ndarray) -> None:
    """Insert the `chosen` matches of `links` (a mask), each with its statement; `parts` holds the
    rest of match first_id + n at n. A slice at a time: a row's 15 values as Python objects take
    about 500 bytes."""
    chosen = np.flatnonzero(chosen)
    for begin in range(0, len(chosen), LINK_BATCH):
        rows = chosen[begin : begin + LINK_BATCH]
        match_ids, left, right = links.match_id[rows], links.left[rows], links.right[rows]
        n = match_ids - first_id
        sentence_a, start_a = np.divmod(links.nodes[left], CLAUSE_SPAN)
        sentence_b, start_b = np.divmod(links.nodes[right], CLAUSE_SPAN)
        agreement = [None if value != value else value for value in parts.figure_agreement[n].tolist()]  # NaN: none
        columns = [match_ids.tolist(), sentence_a.tolist(), sentence_b.tolist(), links.article[left].tolist(),
                   links.article[right].tolist(), links.score[rows].tolist(), parts.lexical[n].tolist(),
                   parts.rare_terms[n].tolist(), agreement, [METHODS[m] for m in parts.method[n].tolist()],
                   start_a.tolist(), links.end[left].tolist(), start_b.tolist(), links.end[right].tolist(),
                   statement_ids[begin : begin + LINK_BATCH].tolist()]
        conn.executemany(
            """insert into matches (id, sentence_a, sentence_b, article_a, article_b, score, lexical, rare_terms,
                 figure_agreement, method, a_start, a_end, b_start, b_end, statement_id)
               values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            zip(*columns),
        )


class MatchParts(NamedTuple):
    """What a chosen match's row holds beside its clauses and score (StatementLinks), by row."""

    lexical: np.ndarray
    rare_terms: np.ndarray
    figure_agreement: np.ndarray
    method: np.ndarray

    @classmethod
    def of(cls, rows: Chosen) -> "MatchParts":
        return cls(rows.lexical, rows.rare_terms, rows.figure_agreement, rows.method)


@dataclass(frozen=True)
class Sides:
    """The two clauses of each chosen match (row n of `Chosen`), as the differences need them."""

    a: np.ndarray  # unit index of each match's side a ...
    b: np.ndarray  # ... and side b
    shown: Dict[int, "Unit"]  # unit index -> the unit without its tokens

    @classmethod
    def of(cls, units: Sequence["Unit"], rows: "Chosen") -> "Sides":
        used = np.unique(np.concatenate([rows.a, rows.b])).tolist() if len(rows) else []
        return cls(rows.a, rows.b, {n: _shown(units[n]) for n in used})


class BegunDifferences(NamedTuple):
    """begin_differences' work under way: the kept matches (match id, statement), the shares
    (ranges of them) and the iterator of each share's rows."""

    kept: List[tuple]
    parts: List[range]
    found: Iterator


def begin_differences(sides: Sides, first_id: int, options: MatchOptions, pmap: PoolMap, match_ids, statement_ids) -> BegunDifferences:
    """Send out the differences of the kept matches from `first_id` on (match_ids[n] kept in
    statement_ids[n]), a statement at a time: a clause is in several matches, all of one statement,
    so what is read of each clause (its words, its figures' roles) is read once. The workers begin at
    once; write_differences takes their rows."""
    match_ids, statement_ids = np.asarray(match_ids, dtype=np.int64), np.asarray(statement_ids, dtype=np.int64)
    new = match_ids >= first_id
    order = np.lexsort((match_ids[new], statement_ids[new]))  # by statement, then match id
    kept = list(zip(match_ids[new][order].tolist(), statement_ids[new][order].tolist()))
    parts = statement_parts([statement for _, statement in kept], 4 * workers_available(options.workers), 2_000)
    inputs = (_part_input(sides, [kept[k][0] for k in part], first_id) for part in parts)
    return BegunDifferences(kept, parts, pmap(functools.partial(difference_rows, options.aliases), inputs))


def write_differences(db, first_id: int, begun: BegunDifferences) -> int:
    """Insert the differences of the matches from `first_id` on that begin_differences sent out
    (begun while the statements were written), each with the statement that keeps its match, as
    they come: by statement, then match id (a page reads a statement's rows in id order: by
    match). Into an empty table (a full run) the indexes are built after the rows. Returns
    `first_id`: the rows of matches from there on need no statement_id set afterwards."""
    conn = db.conn
    found_by_part = zip(begun.parts, begun.found)
    columns = f"statement_id, {_DIFFERENCE_COLUMNS}"
    with schema.indexes_deferred(conn, "differences"):
        for part, differences in progress.track(found_by_part, "Writing differences", len(begun.kept), _part_size, "matches"):
            statements = [begun.kept[k][1] for k in part]
            conn.executemany(f"insert into differences ({columns}) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             [(statement, *row) for statement, found in zip(statements, differences) for row in found])
    anchors.recheck_conflicts(conn, first_id)  # what the rest of the two articles says of their conflicts
    return first_id


_DIFFERENCE_COLUMNS = "match_id, kind, a, b, verdict, figure_a, figure_b, detail"


def statement_parts(statements: Sequence[int], parts: int, most: int) -> List[range]:
    """Consecutive ranges of `statements` (sorted), as parallel.ranges splits them, but never
    splitting a statement: a range ends at the first statement boundary past its size (a statement
    larger than that is a range of its own)."""
    size = ranges(len(statements), parts, most)[0].stop if len(statements) else 0
    found, start = [], 0
    while start < len(statements):
        end = min(start + size, len(statements))
        while end < len(statements) and statements[end] == statements[end - 1]:
            end += 1
        found.append(range(start, end))
        start = end
    return found


def _part_input(sides: Sides, match_ids: List[int], first_id: int) -> tuple:
    """(clauses, [(match id, index of side a, index of side b)]): each clause of a worker's share once."""
    index, clauses, matches = {}, [], []
    for match_id in match_ids:
        ends = []
        for unit in (int(sides.a[match_id - first_id]), int(sides.b[match_id - first_id])):
            if unit not in index:
                index[unit] = len(clauses)
                clauses.append(sides.shown[unit])
            ends.append(index[unit])
        matches.append((match_id, *ends))
    return clauses, matches


def _shown(unit: Unit) -> Unit:
    return unit._replace(tokens=(), names=())


def difference_rows(aliases: dict, share: tuple) -> List[List[tuple]]:
    """`differences` rows of each match of a (clauses, [(match id, side a, side b)]) share (a
    worker's share of write_differences), in the share's order: the rows of match_differences, with
    what one clause alone gives (its figures' roles, labels...: a diff.Side) worked out once for all
    the matches it is in, and the wording rows of a pair of texts once for all the matches between them."""
    clauses, matches = share
    sides: Dict[int, Side] = {}
    worded: Dict[tuple, List[tuple]] = {}  # (text of a, text of b) -> their wording rows, less the match id

    def side(n: int) -> Side:
        if n not in sides:
            sides[n] = Side(Version.of_clause(clauses[n]))
        return sides[n]

    def wording(a: Unit, b: Unit) -> List[tuple]:
        key = (a.text, b.text)
        if key not in worded:
            worded[key] = [_difference_row(d) for d in wording_differences(a.text, b.text, aliases)]
        return worded[key]

    found = []
    with collector_paused():  # (no reference cycles made here: tests/test_diff_fast_paths.py)
        for match_id, a, b in matches:
            clause_a, clause_b = clauses[a], clauses[b]
            rows = []
            if clause_a.figures or clause_b.figures:
                rows = [(match_id, *_difference_row(d)) for d in figure_differences(side(a), side(b))]
            if clause_a.text != clause_b.text:  # (as in match_differences)
                rows += [(match_id, *row) for row in wording(clause_a, clause_b)]
            found.append(rows)
    return found


def _difference_row(d: dict) -> tuple:
    """A `differences` row less its match id."""
    return (d["kind"], d.get("a"), d.get("b"), d["verdict"], d.get("figure_a"), d.get("figure_b"),
            _detail_json(d.get("detail") or {}))


# json.dumps(detail, ensure_ascii=False), without building an encoder for every row
_detail_json = json.JSONEncoder(ensure_ascii=False).encode


def match_differences(a: Unit, b: Unit, aliases: dict) -> List[dict]:
    """Where two matched clauses differ: their figures first, then their words. (difference_rows
    writes these, reading each clause once.)"""
    found = figure_differences(Version.of_clause(a), Version.of_clause(b)) if (a.figures or b.figures) else []
    if a.text == b.text:  # one text twice: every word equal, no wording difference
        return found
    return found + wording_differences(a.text, b.text, aliases)


def forget_articles(db, article_ids: Iterable[int]) -> None:
    """Remove every match that involves one of these articles, with its differences, and rebuild the
    statements from the matches left, so that every match table stays consistent; the articles are
    left to be matched again. Inside the caller's transaction (load calls it before replacing them)."""
    ids = sorted(set(article_ids))
    _forget_matches(db, "article_a", "article_b", ids)
    passes.mark_pending(db.conn, ids, [passes.MATCH])


def forget_sentences(db, sentence_ids: Iterable[int]) -> None:
    """Remove every match of these sentences (now flagged as boilerplate), as forget_articles does."""
    _forget_matches(db, "sentence_a", "sentence_b", sorted(set(sentence_ids)))


def _forget_matches(db, column_a: str, column_b: str, ids: List[int]) -> None:
    """Delete the matches whose column_a or column_b is in ids; the statements they were in are
    grouped again from the matches they have left."""
    conn, affected = db.conn, set()
    for start in range(0, len(ids), passes.CHUNK):
        chunk = ids[start : start + passes.CHUNK]
        marks = ", ".join("?" for _ in chunk)
        involved = f"{column_a} in ({marks}) or {column_b} in ({marks})"
        affected.update(row[0] for row in conn.execute(f"select distinct statement_id from matches where {involved}", chunk * 2))
        conn.execute(f"delete from differences where match_id in (select id from matches where {involved})", chunk * 2)
        conn.execute(f"delete from matches where {involved}", chunk * 2)
    affected.discard(None)
    if affected:
        rebuild_statements(db, affected)


def touched_statements(db) -> List[int]:
    """The statements holding a clause of a match not in any statement yet (one just written)."""
    nodes = """select sentence_a as sentence, a_start as start from matches where statement_id is null
               union select sentence_b, b_start from matches where statement_id is null"""
    return [row[0] for row in db.conn.execute(f"""
        with new_nodes as ({nodes})
        select m.statement_id from matches m join new_nodes n on m.sentence_a = n.sentence and m.a_start = n.start
        where m.statement_id is not null
        union
        select m.statement_id from matches m join new_nodes n on m.sentence_b = n.sentence and m.b_start = n.start
        where m.statement_id is not null""")]


def rebuild_statements(db, statement_ids: Optional[Iterable[int]] = None, with_new: bool = False,
                       differences: Optional[Callable[..., Callable[[], int]]] = None) -> int:
    """Group the matches into statements (clusters.cluster: at most one clause per article, each
    member matching enough of the group) and fill the statement tables. A match whose two clauses
    are not in one statement would be shown nowhere: it is deleted, with its differences.

    With `statement_ids`, only the matches of those statements (and, `with_new`, the matches in
    no statement yet) are grouped again, into statements numbered after every existing one; the
    others stay as they are. `differences(match ids, statement ids)`, when given, begins the
    differences of the matches kept (in those statements) and returns the call that writes them with
    their statements (that call returns the first match id it wrote for), made before the statements
    count them. Returns the statement count."""
    conn = db.conn
    first, scope = 1, ""
    if statement_ids is None:
        conn.execute("delete from statement_sentences")
        conn.execute("delete from statements")
    else:
        ids = sorted(set(statement_ids))
        conn.execute("create temp table if not exists statement_scope (id integer primary key)")
        conn.execute("delete from temp.statement_scope")
        conn.executemany("insert into temp.statement_scope (id) values (?)", [(i,) for i in ids])
        first = max(conn.execute("select coalesce(max(id), 0) from statements").fetchone()[0], ids[-1] if ids else 0) + 1
        scope = "where statement_id in (select id from temp.statement_scope)" + (" or statement_id is null" if with_new else "")
        conn.execute(f"delete from statement_sentences {scope}")
        conn.execute("delete from statements where id in (select id from temp.statement_scope)")

    def keep(links: StatementLinks, inside: np.ndarray, kept_in: np.ndarray) -> None:
        keep_matches_in_statements(conn, zip(links.match_id[inside].tolist(), kept_in.tolist()), scope)

    return _fill_statements(conn, _statement_links(conn, scope), first, differences, keep)


def build_statements(db, handed: List[Tuple["StatementLinks", MatchParts]], first_id: int,
                     differences: Optional[Callable[..., Callable[[], int]]] = None) -> int:
    """What write_matches then rebuild_statements write into emptied match tables, without writing
    the matches no statement keeps (about half) or setting the others' statements afterwards: the
    statements are grouped from the links of the new matches (ids from `first_id`), then only the
    kept matches are inserted, with their statement. `handed` holds the links and the parts of the
    matches' rows, and is emptied, so that each is freed once used (the parts once the matches are
    inserted: 25 bytes a match, 230 MB at 1M, while the differences' workers grow). Returns the
    statement count."""
    unused = [handed[-1][1]]

    def keep(links: StatementLinks, inside: np.ndarray, kept_in: np.ndarray) -> None:
        with schema.indexes_deferred(db.conn, "matches"):
            _insert_matches(db.conn, links, inside, unused.pop(), first_id, kept_in)

    return _fill_statements(db.conn, handed.pop()[0], 1, differences, keep)


def _fill_statements(conn, links: "StatementLinks", first: int, differences, keep: Callable) -> int:
    """rebuild_statements' work once the links are read: cluster them into statements numbered
    from `first`, `keep(links, inside, statement ids)` the matches inside one (a mask), write the
    statements, then the differences and each statement's counts."""
    numbered = cluster_numbered(links.left, links.right, links.score, links.article.tolist())
    statement = np.full(len(links.nodes), -1, dtype=np.int64)  # of each node, -1: none
    for number, members in enumerate(numbered, first):
        statement[members] = number
    of_a, of_b = statement[links.left], statement[links.right]
    both = (of_a >= 0) & (of_a == of_b)  # a match whose clauses are in two statements, or none, is shown nowhere
    kept_in = of_a[both]
    del of_a, of_b
    # the differences' workers begin now, while the matches and statements are written
    write = differences(links.match_id[both], kept_in) if differences is not None else None
    keep(links, both, kept_in)
    del both, kept_in
    shown = _representatives(links, statement, first, len(numbered))
    _write_statements(conn, links, numbered, shown, first)
    del numbered, shown, links, statement  # the differences' workers need the memory
    # the rows just written carry their statement; older matches' rows follow their new statements
    written_from = write() if write is not None else None
    conn.execute(
        """update differences set statement_id = (select statement_id from matches m where m.id = differences.match_id)
           where match_id in (select id from matches where statement_id >= ?) and (? is null or match_id < ?)""",
        [first, written_from, written_from],
    )
    marks = ", ".join("?" for _ in DISAGREEING)
    conn.execute(
        f"""update statements set
          max_score = (select max(score) from matches m where m.statement_id = statements.id),
          figure_conflict = exists (select 1 from differences d where d.statement_id = statements.id
                                    and d.kind = 'figure' and d.verdict = 'conflict'),
          figure_differences = (select count(*) from differences d where d.statement_id = statements.id
                                and d.kind = 'figure' and d.verdict in ({marks})),
          wording_differences = (select count(*) from differences d where d.statement_id = statements.id
                                 and d.kind in ('wording', 'name')),
          verdict = {schema.STATEMENT_VERDICT}
          where id >= ?""",
        [*DISAGREEING, first],
    )
    return conn.execute("select count(*) from statements").fetchone()[0]


CLAUSE_SPAN = 1 << 32  # above any clause start: sentence id * CLAUSE_SPAN + start is one key per clause
LINK_BATCH = 100_000  # matches read into arrays at a time


class StatementLinks(NamedTuple):
    """The matches of a rebuild as arrays: each clause once (`nodes`: sentence id * CLAUSE_SPAN +
    start, ascending; its `article` and `end`), and each match (in id order) as the numbers of its
    two clauses among the nodes, with its score. At a million sentences, 4.7M matches held as
    tuples of tuples took 300 bytes each."""

    nodes: np.ndarray
    article: np.ndarray
    end: np.ndarray
    match_id: np.ndarray
    left: np.ndarray
    right: np.ndarray
    score: np.ndarray

    @classmethod
    def of_rows(cls, units: Sequence["Unit"], rows: Chosen, first_id: int) -> "StatementLinks":
        """The links of matches not written yet: row n of `rows` is match first_id + n."""
        place = np.array([(u.sentence_id, u.start, u.end, u.article_id) for u in units], dtype=np.int64).reshape(-1, 4)

        def side(of: np.ndarray) -> tuple:
            return tuple(place[of, k] for k in range(4))

        return _links(first_id + np.arange(len(rows), dtype=np.int64), side(rows.a), side(rows.b), rows.score.astype(float))


def _statement_links(conn, scope: str) -> StatementLinks:
    cursor = conn.execute(f"select id, sentence_a, a_start, a_end, article_a, sentence_b, b_start, b_end, article_b, score "
                          f"from matches {scope} order by id")
    parts, scores = [], []
    while True:
        rows = cursor.fetchmany(LINK_BATCH)
        if not rows:
            break
        parts.append(np.array([row[:9] for row in rows], dtype=np.int64).reshape(-1, 9))
        scores.append(np.array([row[9] for row in rows], dtype=float))
    rows = np.concatenate(parts) if parts else np.zeros((0, 9), dtype=np.int64)
    return _links(rows[:, 0].copy(), rows[:, 1:5].T, rows[:, 5:9].T, np.concatenate(scores) if scores else np.zeros(0))


def _links(match_id: np.ndarray, side_a, side_b, score: np.ndarray) -> StatementLinks:
    """StatementLinks of matches given by id, each side's (sentence, start, end, article) arrays, and score."""
    (sentence_a, start_a, end_a, article_a), (sentence_b, start_b, end_b, article_b) = side_a, side_b
    key_a, key_b = sentence_a * CLAUSE_SPAN + start_a, sentence_b * CLAUSE_SPAN + start_b
    nodes = unique_keys(np.concatenate([key_a, key_b]))  # as cluster() sorts (sentence, start) tuples
    left, right = np.searchsorted(nodes, key_a), np.searchsorted(nodes, key_b)
    article, end = np.zeros(len(nodes), dtype=np.int64), np.zeros(len(nodes), dtype=np.int64)
    article[left], end[left] = article_a, end_a
    article[right], end[right] = article_b, end_b
    return StatementLinks(nodes, article, end, match_id, left, right, score)


def _write_statements(conn, links: "StatementLinks", numbered: List[List[int]], shown: np.ndarray, first: int) -> None:
    """The statements and statement_sentences rows of the clusters (node numbers), numbered from
    `first`, a batch at a time, each batch's sentences read with it."""
    def clause(k: int) -> tuple:  # (sentence id, start), as statements name their clauses
        return int(links.nodes[k] // CLAUSE_SPAN), int(links.nodes[k] % CLAUSE_SPAN)

    for batch_start in range(0, len(numbered), STATEMENT_BATCH):
        batch, groups = StatementRows(), numbered[batch_start : batch_start + STATEMENT_BATCH]
        info = sentence_info(conn, {clause(k)[0] for members in groups for k in members})
        for number, members in enumerate(groups, first + batch_start):
            nodes = [clause(k) for k in members]
            batch.add(number, nodes, clause(int(shown[number - first])), dict(zip(nodes, links.end[members].tolist())), info)
        batch.write(conn)


def _representatives(links: StatementLinks, statement: np.ndarray, first: int, count: int) -> np.ndarray:
    """clusters.representative of each statement (numbered from `first`), as a node number: its
    member with the highest summed score over the matches inside it, the smallest on a tie. The
    sums add the scores in match order, as representative does (so that ties come out the same)."""
    of_a = statement[links.left]
    inside = (of_a >= 0) & (of_a == statement[links.right])
    value = np.where(np.isinf(links.score[inside]), 1.0, links.score[inside])
    ends = np.column_stack([links.left[inside], links.right[inside]]).ravel()  # a, b of each match in turn
    strength = np.bincount(ends, weights=np.repeat(value, 2), minlength=len(links.nodes))
    members = np.flatnonzero(statement >= 0)  # ascending: the smallest node first on a tie
    best = members[np.lexsort((-strength[members], statement[members]))]  # each statement's strongest first (stable)
    starts = np.searchsorted(statement[best], np.arange(first, first + count))
    return best[starts]


def keep_matches_in_statements(conn, statement_of_match: Iterable[tuple], scope: str = "") -> None:
    """Set the statement of each match in `scope` (SQL on its old statement_id; empty: all) from
    (match id, statement id) rows; delete the matches of the scope that have none."""
    conn.execute("create temp table if not exists match_statements (match_id integer primary key, statement_id integer)")
    conn.execute("delete from temp.match_statements")
    conn.executemany("insert into temp.match_statements (match_id, statement_id) values (?, ?)", statement_of_match)
    conn.execute(
        "update matches set statement_id = (select t.statement_id from temp.match_statements t where t.match_id = matches.id) "
        + scope
    )
    conn.execute("delete from differences where match_id in (select id from matches where statement_id is null)")
    conn.execute("delete from matches where statement_id is null")
    conn.execute("delete from temp.match_statements")


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


STATEMENT_BATCH = 10_000  # statements written per executemany


@dataclass
class StatementRows:
    """Rows of the `statements` and `statement_sentences` tables, gathered to be inserted a batch at
    a time (executemany) in the order they were added."""

    statements: List[list] = field(default_factory=list)
    members: List[tuple] = field(default_factory=list)

    def add(self, statement_id, members, shown, spans, info) -> None:
        sentence_id, start = shown
        dated = sorted((info[s][2], info[s][1]) for s, _ in members if info[s][2])
        outlets = sorted({info[s][1] or "" for s, _ in members})
        self.statements.append([
            statement_id,
            sentence_id,
            info[sentence_id][3][start : spans[shown]],
            len({s for s, _ in members}),
            len({info[s][0] for s, _ in members}),
            len(outlets),
            json.dumps(outlets, ensure_ascii=False),
            dated[0][0] if dated else None,
            dated[0][1] if dated else None,
        ])
        self.members += [(statement_id, s, info[s][0], info[s][1], start, spans[(s, start)]) for s, start in sorted(members)]

    def write(self, conn) -> None:
        conn.executemany(
            """insert into statements (id, representative_sentence_id, text, sentence_count, article_count,
                 outlet_count, outlets, first_published, first_outlet, figure_conflict, figure_differences, wording_differences)
               values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0)""",
            self.statements,
        )
        conn.executemany(
            "insert into statement_sentences (statement_id, sentence_id, article_id, outlet, clause_start, clause_end) values (?, ?, ?, ?, ?, ?)",
            self.members,
        )
        self.statements, self.members = [], []

