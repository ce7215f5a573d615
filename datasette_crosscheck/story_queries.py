"""The SQL behind the stories pages (see web_stories.py).

A story is a group of articles (`articles.story_id`, the `stories` table, both written by stories.py).
A statement belongs to every story that holds one of its members (`statement_sentences` rows); with
story-aware matching that is nearly always one story. The same definition is used everywhere: the
counts on the stories list, the story page's grid, the statements list's `story` filter and the links
from a statement to its stories.

Like queries.py: constant SQL with named parameters; nothing from a request is pasted into SQL. Lists of
ids are passed as one JSON array parameter (`json_each`).
"""

from __future__ import annotations

import json
from typing import Optional

# Figure kinds a reader counts as "a figure" when a version leaves one out (views.py's AMOUNT_KINDS).
AMOUNT_KINDS = "('money', 'percent', 'quantity', 'count', 'number')"

STORY_COLUMNS = "id, title, article_count, outlet_count, outlets, first_published, last_published"

# ---------------------------------------------------------------------------------------------
# The list of stories

# Each story with the statements its articles carry and their figure disagreements (the statements'
# own counts: figure_differences counts conflict, compatible and different measure verdicts).
# One pass over statement_sentences, whatever the filters: the sort needs every story's counts.
_COUNTS = """
story_statements as (
  select distinct a.story_id, ss.statement_id
  from statement_sentences ss join articles a on a.id = ss.article_id
  where a.story_id is not null
),
counts as (
  select x.story_id, count(*) as statement_count,
    coalesce(sum(st.figure_differences), 0) as figure_disagreements,
    coalesce(sum(st.figure_conflict), 0) as conflict_statements
  from story_statements x join statements st on st.id = x.statement_id
  group by x.story_id
),"""

_RANKED = """
ranked as (
  select s.id, s.title, s.article_count, s.outlet_count, s.outlets, s.first_published, s.last_published,
    {counts},
    coalesce(s.outlet_count, 0) as k_outlets
  from stories s {join}
)"""
_WITH_COUNTS = (
    "with" + _COUNTS + _RANKED.format(
        counts="coalesce(c.statement_count, 0) as statement_count, "
        "coalesce(c.figure_disagreements, 0) as figure_disagreements, "
        "coalesce(c.conflict_statements, 0) as conflict_statements",
        join="left join counts c on c.story_id = s.id",
    )
)
# Before matching (no statement tables): every count is 0.
_WITHOUT_COUNTS = "with" + _RANKED.format(
    counts="0 as statement_count, 0 as figure_disagreements, 0 as conflict_statements", join=""
)

BASE_FILTER = "k_outlets >= :min_outlets"
OUTLET_FILTER = "id in (select story_id from articles where outlet = :outlet_{i})"
# The story's title, or the title of any of its articles (titles are chosen from a member).
TITLE_FILTER = r"""(title like :q escape '\'
  or id in (select story_id from articles where title like :q escape '\'))"""
# Most interesting first: more outlets, more shared statements, more figure disagreements.
LIST_ORDER = "k_outlets desc, statement_count desc, figure_disagreements desc, id"
AFTER_KEY_FILTER = """(-k_outlets, -statement_count, -figure_disagreements, id)
  > (-:k_outlets, -:k_statements, -:k_disagreements, :k_id)"""
LIST_COLUMNS = f"{STORY_COLUMNS}, statement_count, figure_disagreements, conflict_statements, k_outlets"

MAX_OUTLET_FILTERS = 20


def like_pattern(q: str) -> str:
    """`q` as a LIKE pattern that finds it anywhere, its own % and _ taken literally."""
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_filters(outlets=(), q=None, min_outlets=1):
    """(SQL fragments, parameters) for the stories list's filters."""
    clauses, params = [BASE_FILTER], {"min_outlets": min_outlets}
    for i, outlet in enumerate(list(outlets)[:MAX_OUTLET_FILTERS]):
        clauses.append(OUTLET_FILTER.format(i=i))
        params[f"outlet_{i}"] = outlet
    if q:
        clauses.append(TITLE_FILTER)
        params["q"] = like_pattern(q)
    return clauses, params


async def story_page(db, filters: dict, size: int, after: Optional[tuple], with_statements: bool):
    """(rows, total): one page of stories, most interesting first, and how many pass the filters.
    `after` is the sort key (outlets, statements, disagreements, id) of the previous page's last row."""
    ranked = _WITH_COUNTS if with_statements else _WITHOUT_COUNTS
    clauses, params = list_filters(**filters)
    total = (await db.execute(f"{ranked} select count(*) from ranked where {' and '.join(clauses)}", params)).rows[0][0]
    if after:
        clauses = clauses + [AFTER_KEY_FILTER]
        params = dict(params, k_outlets=after[0], k_statements=after[1], k_disagreements=after[2], k_id=after[3])
    sql = f"{ranked} select {LIST_COLUMNS} from ranked where {' and '.join(clauses)} order by {LIST_ORDER} limit :limit"
    return await _rows(db, sql, dict(params, limit=size + 1)), total


OUTLETS = """select outlet, count(*) as articles from articles
where outlet is not null and story_id is not null group by outlet order by outlet"""


async def outlet_choices(db) -> list[dict]:
    return await _rows(db, OUTLETS, {})


# ---------------------------------------------------------------------------------------------
# One story

STORY = f"select {STORY_COLUMNS} from stories where id = :id"

STORY_ARTICLES = """
select id, outlet, original_source, title, author, published, url, sentence_count
from articles where story_id = :id
order by published is null, published, outlet, id
"""

# The story's sentences, through the index on articles(story_id) and sentences(article_id, position).
_STORY_SENTENCES = "select s.id from sentences s where s.article_id in (select id from articles where story_id = :id)"

# Every member (version) of a statement that the story's articles carry.
STORY_MEMBERS = f"""
select ss.statement_id, ss.sentence_id, ss.article_id, coalesce(a.outlet, ss.outlet) as outlet, a.published,
  ss.clause_start, ss.clause_end
from statement_sentences ss join articles a on a.id = ss.article_id
where ss.sentence_id in ({_STORY_SENTENCES})
order by ss.statement_id, a.published is null, a.published, ss.sentence_id
"""

STATEMENTS = """
select id, text, outlet_count, article_count, sentence_count, figure_conflict, figure_differences,
  wording_differences, max_score, first_published, first_outlet
from statements where id in (select value from json_each(:ids))
"""

# Versions that state no amount while another version of the statement does (the view's rule).
NO_FIGURE = f"""
select statement_id, sentence_id, figures_elsewhere from figure_omissions
where sentence_id in ({_STORY_SENTENCES})
"""

# A figure one side of a match states and the other side leaves out ('missing' rows): the version
# that leaves it out is the match's other sentence. Amounts only, as above.
LEFT_OUT = f"""
select d.statement_id,
  case when d.figure_a is null then m.sentence_a else m.sentence_b end as sentence_id,
  coalesce(d.a, d.b) as figure
from differences d
  join matches m on m.id = d.match_id
  join figures f on f.id = coalesce(d.figure_a, d.figure_b)
where d.statement_id in (select value from json_each(:ids)) and d.kind = 'figure' and d.verdict = 'missing'
  and f.kind in {AMOUNT_KINDS}
order by d.id
"""

# The amounts each version of the statements states, to say which ones a no-figure version leaves out.
AMOUNTS = f"""
select ss.statement_id, f.text
from statement_sentences ss join figures f on f.sentence_id = ss.sentence_id
where ss.statement_id in (select value from json_each(:ids)) and f.kind in {AMOUNT_KINDS}
order by ss.statement_id, f.id
"""

# The stories each statement belongs to (statement_sentences is indexed by statement_id).
STORIES_OF_STATEMENTS = """
select ss.statement_id, a.story_id, st.title
from statement_sentences ss
  join articles a on a.id = ss.article_id
  join stories st on st.id = a.story_id
where ss.statement_id in (select value from json_each(:ids))
group by ss.statement_id, a.story_id
order by ss.statement_id, a.story_id
"""


async def _rows(db, sql: str, params: dict) -> list[dict]:
    return [dict(r) for r in (await db.execute(sql, params)).rows]


def _ids(values) -> str:
    return json.dumps(sorted({int(v) for v in values}))


async def story(db, story_id: int) -> Optional[dict]:
    rows = await _rows(db, STORY, {"id": story_id})
    return rows[0] if rows else None


async def story_articles(db, story_id: int) -> list[dict]:
    return await _rows(db, STORY_ARTICLES, {"id": story_id})


async def story_parts(db, story_id: int, with_omissions_view: bool) -> dict:
    """The statements the story's articles carry: their members in the story, the statement rows, the
    versions that leave a figure out (and the amounts the others state), and the stories of each statement."""
    members = await _rows(db, STORY_MEMBERS, {"id": story_id})
    ids = _ids(m["statement_id"] for m in members)
    return {
        "members": members,
        "statements": await _rows(db, STATEMENTS, {"ids": ids}) if members else [],
        "no_figure": await _rows(db, NO_FIGURE, {"id": story_id}) if members and with_omissions_view else [],
        "left_out": await _rows(db, LEFT_OUT, {"ids": ids}) if members else [],
        "amounts": await _rows(db, AMOUNTS, {"ids": ids}) if members else [],
        "stories": await _rows(db, STORIES_OF_STATEMENTS, {"ids": ids}) if members else [],
    }


async def stories_of_statements(db, statement_ids) -> list[dict]:
    if not statement_ids:
        return []
    return await _rows(db, STORIES_OF_STATEMENTS, {"ids": _ids(statement_ids)})
