"""The SQL behind the stories pages (see stories.py).

A story is a group of articles (`articles.story_id`, the `stories` table, both written by stories.py).
A statement belongs to every story that holds one of its members (`statement_sentences` rows); with
story-aware matching that is nearly always one story. The same definition is used everywhere: the
counts on the stories list, the story page's grid, the statements list's `story` filter and the links
from a statement to its stories.

Like queries.py: constant SQL with named parameters, joined from fixed fragments; nothing from a request is
pasted into SQL. Lists of ids are passed as one JSON array parameter (`json_each`).
"""

from __future__ import annotations

import json
import weakref
from array import array
from typing import Optional

# Figure kinds a reader counts as "a figure" when a version leaves one out (sql_views.py's AMOUNT_KINDS).
AMOUNT_KINDS = "('money', 'percent', 'quantity', 'count', 'number')"

STORY_COLUMNS = "id, title, article_count, outlet_count, outlets, first_published, last_published"
ANY_STORIES = "select exists (select 1 from stories)"

# ---------------------------------------------------------------------------------------------
# The list of stories

# Each story's sort key and counts: the statements its articles carry and their figure disagreements
# (the statements' own counts: figure_differences counts conflict, compatible and different measure
# verdicts). Most interesting first: more outlets, more shared statements, more figure disagreements.
# It is one pass over statement_sentences (a third of a second at a million sentences), so its result
# is kept per connection until the database changes (see `ranking`).
RANKING = """
with story_statements as (
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
)
select coalesce(s.outlet_count, 0) as k_outlets, coalesce(c.statement_count, 0) as statement_count,
  coalesce(c.figure_disagreements, 0) as figure_disagreements, coalesce(c.conflict_statements, 0) as conflict_statements,
  s.id
from stories s left join counts c on c.story_id = s.id
order by k_outlets desc, statement_count desc, figure_disagreements desc, s.id
"""
# Before matching (no statement tables): every count is 0.
RANKING_WITHOUT_STATEMENTS = """
select coalesce(outlet_count, 0) as k_outlets, 0, 0, 0, id from stories order by k_outlets desc, id
"""

OUTLET_FILTER = "id in (select story_id from articles where outlet = :outlet_{i})"
# The story's title, or the title of any of its articles (titles are chosen from a member).
TITLE_FILTER = r"""(title like :q escape '\'
  or id in (select story_id from articles where title like :q escape '\'))"""
FILTERED = "select id from stories where {where}"
PAGE_ROWS = f"select {STORY_COLUMNS} from stories where id in (select value from json_each(:ids))"

MAX_OUTLET_FILTERS = 20


def like_pattern(q: str) -> str:
    """`q` as a LIKE pattern that finds it anywhere, its own % and _ taken literally."""
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_filters(outlets=(), q=None):
    """(SQL fragments, parameters) for the stories list's filters on the stories table."""
    clauses, params = [], {}
    for i, outlet in enumerate(list(outlets)[:MAX_OUTLET_FILTERS]):
        clauses.append(OUTLET_FILTER.format(i=i))
        params[f"outlet_{i}"] = outlet
    if q:
        clauses.append(TITLE_FILTER)
        params["q"] = like_pattern(q)
    return clauses, params


class Ranking:
    """Every story's sort key, most interesting first, in compact arrays (five integers a story)."""

    def __init__(self, rows: list[tuple]):
        """`rows`: (outlets, statements, disagreements, conflicts, id), in order (RANKING's columns)."""
        columns = list(zip(*rows)) or [()] * 5
        self.outlets, self.statements, self.disagreements, self.conflicts, self.ids = (array("q", c) for c in columns)

    def counts(self, i: int) -> dict:
        return {"k_outlets": self.outlets[i], "statement_count": self.statements[i],
                "figure_disagreements": self.disagreements[i], "conflict_statements": self.conflicts[i]}

    def page(self, keep, size: int, after: Optional[tuple]) -> tuple[list[int], int]:
        """(row numbers of the page, plus one to tell there is a next; how many rows `keep` keeps),
        starting after the row whose key is `after`."""
        chosen, total = [], 0
        after_order = (-after[0], -after[1], -after[2], after[3]) if after else None
        for i in range(len(self.ids)):
            if not keep(i):
                continue
            total += 1
            if len(chosen) <= size and (after_order is None or self.order(i) > after_order):
                chosen.append(i)
        return chosen, total

    def order(self, i: int) -> tuple:
        return -self.outlets[i], -self.statements[i], -self.disagreements[i], self.ids[i]


# Per database, per read connection: (the connection, its data_version and the query, the ranking).
# `PRAGMA data_version` changes when another connection (a loader) commits, so a load or a match
# is seen on the next request. Held per Database object, so it goes when Datasette drops the database.
_RANKINGS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


async def ranking(db, with_statements: bool) -> Ranking:
    sql = RANKING if with_statements else RANKING_WITHOUT_STATEMENTS

    def read(conn) -> Ranking:
        version = (conn.execute("pragma data_version").fetchone()[0], sql)
        per_connection = _RANKINGS.setdefault(db, {})
        cached = per_connection.get(id(conn))
        if cached and cached[0] is conn and cached[1] == version:
            return cached[2]
        result = Ranking([tuple(r) for r in conn.execute(sql).fetchall()])
        per_connection[id(conn)] = (conn, version, result)
        return result

    return await db.execute_fn(read)


async def story_page(db, filters: dict, size: int, after: Optional[tuple], with_statements: bool):
    """(rows, total): one page of stories, most interesting first, and how many pass the filters.
    `after` is the sort key (outlets, statements, disagreements, id) of the previous page's last row."""
    ranked = await ranking(db, with_statements)
    clauses, params = list_filters(filters.get("outlets", ()), filters.get("q"))
    allowed = None
    if clauses:
        allowed = {r[0] for r in (await db.execute(FILTERED.format(where=" and ".join(clauses)), params)).rows}
    min_outlets = filters.get("min_outlets", 1)

    def keep(i: int) -> bool:
        return ranked.outlets[i] >= min_outlets and (allowed is None or ranked.ids[i] in allowed)

    chosen, total = ranked.page(keep, size, after)
    found = {r["id"]: r for r in await _rows(db, PAGE_ROWS, {"ids": json.dumps([ranked.ids[i] for i in chosen])})}
    rows = [dict(found[ranked.ids[i]], **ranked.counts(i)) for i in chosen if ranked.ids[i] in found]
    return rows, total


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
