"""The SQL behind the crosscheck pages, and the stored queries the plugin adds to each corpus.

Every query is a constant with named parameters; the functions only pick which fixed fragments to
join and run them. Nothing from a request is ever pasted into SQL.
"""

from __future__ import annotations

import re
from typing import Optional


# ---------------------------------------------------------------------------------------------
# The list of statements

# Sort keys with NULLs folded to 0, so keyset pagination can compare them as one row value.
_RANKED = """
with ranked as (
  select s.*,
    -- figures first: a conflict (2), then any other figure disagreement (1): vaguer, rounder, a rate
    case when s.figure_conflict = 1 then 2 when coalesce(s.figure_differences, 0) > 0 then 1 else 0 end as k_figures,
    coalesce(s.outlet_count, 0) as k_outlets,
    coalesce(s.max_score, 0) as k_score
  from statements s
)"""

# Filters, joined with "and": each one a fixed fragment with named parameters.
BASE_FILTER = "k_outlets >= :min_outlets"
# `figures`: "conflict" (a figure conflict: k_figures 2) or "differ" (any figure difference, compatible
# included: k_figures 1 or 2).
FIGURE_FILTERS = {"conflict": "k_figures = 2", "differ": "k_figures > 0"}
MIN_SCORE_FILTER = "k_score >= :min_score"
# One pass over statement_sentences per outlet (an index on statement_sentences(outlet, statement_id)
# would make it a lookup), rather than a probe per statement.
OUTLET_FILTER = "id in (select statement_id from statement_sentences where outlet = :outlet_{i})"
SEARCH_FILTER = """id in (
  select ss.statement_id from statement_sentences ss
  where ss.sentence_id in (select rowid from sentences_fts where sentences_fts match :q))"""
# Most interesting first: figure conflicts, other figure disagreements, then the number of outlets,
# then the match score.
AFTER_KEY_FILTER = "(-k_figures, -k_outlets, -k_score, id) > (-:k_figures, -:k_outlets, -:k_score, :k_id)"
LIST_ORDER = "k_figures desc, k_outlets desc, k_score desc, id"

LIST_COLUMNS = """id, text, outlets, outlet_count, article_count, sentence_count, max_score,
  figure_conflict, figure_differences, wording_differences, first_published, first_outlet,
  representative_sentence_id, k_figures, k_outlets, k_score"""

# The representative's whole sentence and where the statement's clause is in it, looked up for the
# rows of one page only (after the limit), through the primary key and statement_sentences(statement_id).
REPRESENTATIVE_COLUMNS = """
  (select se.text from sentences se where se.id = page.representative_sentence_id) as sentence_text,
  (select ss.clause_start from statement_sentences ss
   where ss.statement_id = page.id and ss.sentence_id = page.representative_sentence_id) as clause_start,
  (select ss.clause_end from statement_sentences ss
   where ss.statement_id = page.id and ss.sentence_id = page.representative_sentence_id) as clause_end"""

OUTLETS = "select outlet, count(*) as articles from articles where outlet is not null group by outlet order by outlet"
ANY_STATEMENTS = "select exists (select 1 from statements)"

MAX_OUTLET_FILTERS = 20


def fts_query(q: Optional[str]) -> Optional[str]:
    """A full-text query that matches every word of `q` as typed: each term quoted, so FTS syntax
    (AND, NEAR, *, quotes, colons) in a search box is never interpreted."""
    terms = [t for t in re.split(r"\s+", (q or "").strip()) if t]
    if not terms:
        return None
    return " ".join('"{}"'.format(t.replace('"', '""')) for t in terms)


def list_filters(outlets=(), figures=None, min_score=None, q=None, min_outlets=2, story=None, conflicts=False):
    """(SQL fragments, parameters) for the statement list's filters. `conflicts` is `figures="conflict"`."""
    clauses, params = [BASE_FILTER], {"min_outlets": min_outlets}
    figures = "conflict" if conflicts else figures
    if figures:
        clauses.append(FIGURE_FILTERS[figures])
    if min_score is not None:
        clauses.append(MIN_SCORE_FILTER)
        params["min_score"] = min_score
    for i, outlet in enumerate(list(outlets)[:MAX_OUTLET_FILTERS]):
        clauses.append(OUTLET_FILTER.format(i=i))
        params[f"outlet_{i}"] = outlet
    match = fts_query(q)
    if match:
        clauses.append(SEARCH_FILTER)
        params["q"] = match
    if story is not None:
        clauses.append(STORY_FILTER)
        params["story"] = story
    return clauses, params


async def statement_page(db, filters: dict, size: int, after: Optional[tuple] = None):
    """(rows, total): one page of statements, most interesting first, and how many match in all.
    `after` is the sort key (conflict, outlets, score, id) of the previous page's last row."""
    clauses, params = list_filters(**filters)
    where = " and ".join(clauses)
    total = (await db.execute(f"{_RANKED} select count(*) from ranked where {where}", params)).rows[0][0]
    if after:
        clauses = clauses + [AFTER_KEY_FILTER]
        params = dict(params, k_figures=after[0], k_outlets=after[1], k_score=after[2], k_id=after[3])
    sql = (f"{_RANKED} select page.*, {REPRESENTATIVE_COLUMNS} from (select {LIST_COLUMNS} from ranked "
           f"where {' and '.join(clauses)} order by {LIST_ORDER} limit :limit) page order by {LIST_ORDER}")
    rows = (await db.execute(sql, dict(params, limit=size + 1))).rows
    return [dict(r) for r in rows], total


async def outlet_choices(db) -> list[dict]:
    return [dict(r) for r in (await db.execute(OUTLETS)).rows]


async def any_statements(db) -> bool:
    return bool((await db.execute(ANY_STATEMENTS)).rows[0][0])


# ---------------------------------------------------------------------------------------------
# One statement

STATEMENT = "select * from statements where id = :id"

# The representative version first, then by publication date.
VERSIONS = """
select ss.sentence_id, ss.clause_start, ss.clause_end, s.text, s.position, s.kind, s.article_id,
  coalesce(a.outlet, ss.outlet) as outlet, a.original_source, a.title, a.author, a.published, a.url
from statement_sentences ss
  join sentences s on s.id = ss.sentence_id
  join articles a on a.id = s.article_id
where ss.statement_id = :id
order by s.id = :representative desc, a.published is null, a.published, a.outlet, s.id
"""

# The sentences just before and after each version, through the (article_id, position) index.
CONTEXT = """
select me.id as sentence_id, n.position - me.position as offset, n.id, n.text, n.boilerplate
from statement_sentences ss
  join sentences me on me.id = ss.sentence_id
  join sentences n on n.article_id = me.article_id and n.position in (me.position - 1, me.position + 1)
where ss.statement_id = :id
"""

FIGURES = """
select f.*  -- every column: the page compares the figures again (agreement is not stored)
from figures f
where f.sentence_id in (select sentence_id from statement_sentences where statement_id = :id)
order by f.sentence_id, f.char_start
"""

FIGURE_DIFFERENCES = """
select id, match_id, a, b, verdict, figure_a, figure_b, detail
from differences where statement_id = :id and kind = 'figure'
order by id
"""

MATCHES = """
select m.id, m.sentence_a, m.sentence_b, m.article_a, m.article_b, aa.outlet as outlet_a, ab.outlet as outlet_b,
  m.score, m.lexical, m.rare_terms, m.figure_agreement, m.method
from matches m
  join articles aa on aa.id = m.article_a
  join articles ab on ab.id = m.article_b
where m.statement_id = :id
order by m.score desc, m.id
"""


async def _rows(db, sql: str, params: dict) -> list[dict]:
    return [dict(r) for r in (await db.execute(sql, params)).rows]


async def statement(db, statement_id: int) -> Optional[dict]:
    rows = await _rows(db, STATEMENT, {"id": statement_id})
    return rows[0] if rows else None


async def statement_parts(db, statement_row: dict) -> dict:
    """Everything the detail page shows about one statement, as lists of row dicts."""
    params = {"id": statement_row["id"]}
    return {
        "versions": await _rows(db, VERSIONS, dict(params, representative=statement_row["representative_sentence_id"])),
        "context": await _rows(db, CONTEXT, params),
        "figures": await _rows(db, FIGURES, params),
        "figure_differences": await _rows(db, FIGURE_DIFFERENCES, params),
        "matches": await _rows(db, MATCHES, params),
    }


# ---------------------------------------------------------------------------------------------
# One article, sentence by sentence

ARTICLE = """
select id, outlet, original_source, title, author, published, url, source, format, text, sentence_count
from articles where id = :id
"""

SENTENCE_COLUMNS = "id, position, char_start, char_end, text, kind, boilerplate, boilerplate_reason"

# One page of the article's sentences, through the (article_id, position) index.
SENTENCE_PAGE = f"""
select {SENTENCE_COLUMNS}
from sentences where article_id = :id order by position limit :limit offset :offset
"""

SENTENCE_TOTAL = "select count(*) from sentences where article_id = :id"

# Where the article's first sentence starts: paragraphs are counted from there.
FIRST_SENTENCE_START = "select char_start from sentences where article_id = :id order by position limit 1"

# How many sentences of the article come before one of them: which page it is on.
SENTENCES_BEFORE = """
select count(*) from sentences
where article_id = :id and position < (select position from sentences where id = :sentence and article_id = :id)
"""
SENTENCE_IN_ARTICLE = "select 1 from sentences where id = :sentence and article_id = :id"

# The statements each sentence of the page belongs to (statement_sentences is indexed by sentence_id).
SENTENCE_STATEMENTS = """
select ss.sentence_id, st.id, st.outlet_count, st.figure_conflict, st.figure_differences
from statement_sentences ss join statements st on st.id = ss.statement_id
where ss.sentence_id in (
  select id from sentences where article_id = :id and position between :first and :last)
order by ss.sentence_id, st.id
"""

# For row actions: the statements one sentence belongs to.
STATEMENTS_OF_SENTENCE = "select statement_id from statement_sentences where sentence_id = :id order by statement_id"


async def article(db, article_id: int) -> Optional[dict]:
    rows = await _rows(db, ARTICLE, {"id": article_id})
    return rows[0] if rows else None


async def sentence_total(db, article_id: int) -> int:
    return (await db.execute(SENTENCE_TOTAL, {"id": article_id})).rows[0][0]


async def page_of_sentence(db, article_id: int, sentence_id: int, page_size: int) -> Optional[int]:
    """The page (from 1) the sentence is on, or None when it is not a sentence of this article."""
    params = {"id": article_id, "sentence": sentence_id}
    if not (await db.execute(SENTENCE_IN_ARTICLE, params)).rows:
        return None
    return (await db.execute(SENTENCES_BEFORE, params)).rows[0][0] // page_size + 1


async def sentence_page(db, article_id: int, offset: int, limit: int, with_statements: bool):
    """(sentences, statement links, where the article's first sentence starts) for one page."""
    params = {"id": article_id, "offset": offset, "limit": limit}
    sentences = await _rows(db, SENTENCE_PAGE, params)
    links = []
    if with_statements and sentences:
        span = {"id": article_id, "first": sentences[0]["position"], "last": sentences[-1]["position"]}
        links = await _rows(db, SENTENCE_STATEMENTS, span)
    first = (await db.execute(FIRST_SENTENCE_START, params)).rows
    return sentences, links, (first[0][0] or 0) if first else 0


async def statements_of_sentence(db, sentence_id: int) -> list[int]:
    return [r["statement_id"] for r in await _rows(db, STATEMENTS_OF_SENTENCE, {"id": sentence_id})]


# ---------------------------------------------------------------------------------------------
# Stored queries: one definition for both Datasette lines (canned_queries hook on 0.65, add_query on 1.0a)

STORED_QUERIES = {
    "figures_that_disagree": {
        "title": "Figures that disagree across outlets",
        "description": "Every pair of outlets whose versions of one statement state figures that disagree: "
        "conflicts first, then different measures, then a figure one outlet gives and the other leaves out. "
        "Compatible figures (vaguer or rounder, both can be true) are in the differences table.",
        "sql": """select statement_id, verdict, figure_a, outlet_a, figure_b, outlet_b, sentence_a, sentence_b,
  published_a, published_b, detail
from figure_disagreements""",
    },
    "statements_in_three_or_more_outlets": {
        "title": "Statements carried by three or more outlets",
        "description": "The most widely reported statements, with how many figure and wording differences they have.",
        "sql": """select statement_id, outlet_count, outlets, text, figure_conflict, figure_differences,
  wording_differences, first_published, first_outlet
from widely_reported_statements
where outlet_count >= 3""",
    },
    "what_only_one_outlet_says": {
        "title": "What one outlet says that no other does",
        "description": "Body sentences of one outlet that match no other outlet's sentence. Type the outlet's name.",
        "sql": """select sentence_id, title, text, article_id, position
from unmatched_sentences
where outlet = :outlet
order by article_id, position""",
    },
}

# The views and tables each stored query reads: an actor who may not view one of them does not get it.
STORED_QUERY_READS = {
    "figures_that_disagree": ["figure_disagreements", "differences", "matches", "sentences", "articles"],
    "statements_in_three_or_more_outlets": ["widely_reported_statements", "statements"],
    "what_only_one_outlet_says": ["unmatched_sentences", "sentences", "articles", "statement_sentences"],
}

# ---------------------------------------------------------------------------------------------
# Stories (see story_queries.py): the statements list's `story` filter. A statement is in a story when
# one of its members is in one of the story's articles (indexes on articles(story_id),
# sentences(article_id, position) and statement_sentences(sentence_id)).

STORY_FILTER = """id in (
  select ss.statement_id from statement_sentences ss
  where ss.sentence_id in (select s.id from sentences s
                           where s.article_id in (select id from articles where story_id = :story)))"""
