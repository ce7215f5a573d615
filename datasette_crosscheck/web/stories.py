"""The stories pages and their JSON twins.

    /{db}/-/crosscheck/stories          stories (articles of any outlets on one event), most interesting first
    /{db}/-/crosscheck/stories/{id}     one story: its articles, a timeline, and a grid of its statements
                                        by outlet (who carries each, who published first, who leaves a figure out)

Also the story links of the statements pages: the statements list's `story` filter and the link from a
statement to its stories. The shared plumbing (database lookup, permissions, 404 pages, rendering) is
common.py's; the SQL is story_queries.py's.
"""

from __future__ import annotations

import datetime
from typing import Optional

from datasette.utils.asgi import BadRequest, NotFound, Response
from markupsafe import Markup

from ..schema import has_crosscheck_tables
from . import access, common, params, queries, story_queries
from .params import MAX_COUNT, SQLITE_MAX_INT, handles_errors

# The tables and views each page reads, for the view-table permission checks (access.py): the
# stories list, and a story's page, before matching and once the match tables are there.
STORY_LIST_TABLES = ("stories", "articles")
STORY_LIST_MATCH_TABLES = ("statement_sentences", "statements")
STORY_TABLES = ("stories", "articles")
STORY_MATCH_TABLES = ("sentences", "statement_sentences", "statements", "differences", "matches", "figures")
OMISSIONS_VIEW = "figure_omissions"
# What the statements list's `story` filter reads besides the list's own tables (the story's title).
STORY_FILTER_TABLES = ("stories", "articles")
# What the statements pages read to link a statement to its stories.
STORY_LINK_TABLES = ("stories", "articles", "statement_sentences")

# The story page's grid shows this many statements at most; the statements list has them all.
MAX_GRID_STATEMENTS = 200


def routes():
    return [
        (common.DB + r"/stories" + common.FORMAT, story_list),
        (common.DB + rf"/stories/(?P<story_id>{common.ID})" + common.FORMAT, story_view),
    ]


# ---------------------------------------------------------------------------------------------
# Paths, arguments and the stories table's presence


def stories_path(datasette, database: str, json_format: bool = False) -> str:
    return common.crosscheck_path(datasette, database, "/stories" + (".json" if json_format else ""))


def story_path(datasette, database: str, story_id, json_format: bool = False) -> str:
    return common.crosscheck_path(datasette, database, f"/stories/{story_id}" + (".json" if json_format else ""))


def story_statements_path(datasette, database: str, story_id) -> str:
    """The statements list filtered to one story (all its statements, not only those carried by two outlets)."""
    return common.crosscheck_path(datasette, database) + f"?story={story_id}&min_outlets=1"


async def has_stories(db, tables: set) -> bool:
    """Stories exist once matching has grouped the articles: a database loaded with `--no-match`, or
    before stories existed, has none (or not even the table)."""
    if "stories" not in tables or "story_id" not in await db.table_columns("articles"):
        return False
    return bool((await db.execute(story_queries.ANY_STORIES)).rows[0][0])


async def no_stories(datasette, request, db) -> Response:
    return await common.not_here(
        datasette, request, db, "No stories yet",
        f"The database “{db.name}” has articles but no stories: articles are grouped into stories when they "
        "are matched, and these have not been (loaded with --no-match, or with an earlier version).",
        common.match_hint(db),
    )


def story_list_tables(tables: set) -> tuple:
    return STORY_LIST_TABLES + (STORY_LIST_MATCH_TABLES if common.has_match_tables(tables) else ())


def story_tables(tables: set, with_omissions: bool) -> tuple:
    if not common.has_match_tables(tables):
        return STORY_TABLES
    return STORY_TABLES + STORY_MATCH_TABLES + ((OMISSIONS_VIEW,) if with_omissions else ())


# ---------------------------------------------------------------------------------------------
# The list of stories


def encode_key(row: dict) -> str:
    return f"{row['k_outlets']},{row['statement_count']},{row['figure_disagreements']},{row['id']}"


def decode_key(token: Optional[str]) -> Optional[tuple]:
    """The sort key a `_next` token carries: (outlets, statements, disagreements, story id)."""
    if not token:
        return None
    key = tuple(params.whole_number(part) for part in token.split(","))
    if len(key) != 4 or not all(k is not None and 0 <= k <= SQLITE_MAX_INT for k in key):
        raise BadRequest("Invalid _next token: use the next_url of the previous page")
    return key


def list_arguments(request, default_size: int) -> tuple[dict, int, Optional[tuple]]:
    """(filters, page size, sort key to start after) from the query string; a NUL in `q`, which would
    end SQLite's LIKE pattern, is refused with the other control characters."""
    args = request.args
    filters = {
        "outlets": params.texts(args, "outlet", max_count=story_queries.MAX_OUTLET_FILTERS),
        "q": params.text(args, "q", max_chars=common.MAX_SEARCH_CHARS),
        "min_outlets": params.integer(args, "min_outlets", low=1, high=MAX_COUNT, default=1),
    }
    size = params.page_size(args, default=default_size, maximum=common.MAX_PAGE_SIZE)
    return filters, size, decode_key(args.get("_next"))


def story_summary(datasette, database: str, row: dict) -> dict:
    return {
        "id": row["id"],
        "title": row["title"],
        "outlets": common.json_list(row["outlets"]),
        "outlet_count": row["outlet_count"] or 0,
        "article_count": row["article_count"] or 0,
        "first_published": row["first_published"],
        "last_published": row["last_published"],
        "statement_count": row["statement_count"],
        "figure_disagreements": row["figure_disagreements"],
        "conflict_statements": row["conflict_statements"],
        "url": story_path(datasette, database, row["id"]),
        "json_url": story_path(datasette, database, row["id"], json_format=True),
        "statements_url": story_statements_path(datasette, database, row["id"]),
    }


@handles_errors
async def story_list(request, datasette):
    db = await access.visible_database(datasette, request)
    filters, size, after = list_arguments(request, common.configured_page_size(datasette, db.name))
    tables = await common.crosscheck_tables(db)
    await access.require_tables(datasette, request, db.name, story_list_tables(tables))
    if not has_crosscheck_tables(tables):
        return await common.no_articles(datasette, request, db)
    if not await has_stories(db, tables):
        return await no_stories(datasette, request, db)
    rows, total = await story_queries.story_page(db, filters, size, after, common.has_match_tables(tables))
    next_token = encode_key(rows[size - 1]) if len(rows) > size else None
    rows = rows[:size]
    list_path = stories_path(datasette, db.name, common.wants_json(request))
    next_path = f"{list_path}?{common.page_query(request, _next=next_token)}" if next_token else None
    data = {
        "ok": True,
        "database": db.name,
        "rows": [story_summary(datasette, db.name, r) for r in rows],
        "next": next_token,
        "next_url": datasette.absolute_url(request, next_path) if next_path else None,
        "total": total,
        "filters": dict(filters, size=size),
    }
    if common.wants_json(request):
        return Response.json(data)
    context = {
        "database": db.name,
        "data": data,
        "next_path": next_path,
        "outlet_choices": await queries.outlet_choices(db),  # every article has a story
        "all_path": stories_path(datasette, db.name),
        "statements_path": common.crosscheck_path(datasette, db.name),
        "first_page_path": stories_path(datasette, db.name) + "?" + common.page_query(request, _next=None),
        "is_later_page": after is not None,
        "alternate_url_json": datasette.absolute_url(
            request, stories_path(datasette, db.name, True) + "?" + common.page_query(request)
        ),
    }
    return await common.render(datasette, request, "crosscheck_stories.html", context)


# ---------------------------------------------------------------------------------------------
# One story: the grid of statements by outlet


def outlet_columns(articles: list[dict]) -> list[str]:
    """The story's outlets in the order they first published (articles come sorted by date, undated last)."""
    columns: list[str] = []
    for a in articles:
        outlet = a["outlet"] or ""
        if outlet not in columns:
            columns.append(outlet)
    return columns


def earliest(dates) -> Optional[str]:
    known = [d for d in dates if d]
    return min(known) if known else None


def first_date(versions: list[dict]) -> Optional[str]:
    """The date of the first version, when the dates can say who was first: two versions or more have one,
    or all do. One dated version among undated ones is not first: its rank is unknown (the statement
    page's summary says the same)."""
    dated = [v["published"] for v in versions if v["published"]]
    return min(dated) if dated and (len(dated) >= 2 or len(dated) == len(versions)) else None


def grid_cell(datasette, database: str, outlet: str, versions: list[dict], first_date, no_figure: set,
              left_out: dict, amounts: list[str]) -> dict:
    """What one outlet's versions of a statement show: carried, first, and the figures it leaves out."""
    published = earliest(v["published"] for v in versions)
    # No figure at all while another version states one (figure_omissions), or some amounts left out
    # that the version it was matched with states ('missing' differences).
    stated_none = bool(versions) and all(v["sentence_id"] in no_figure for v in versions)
    if stated_none:
        missing = amounts
    else:
        missing = unique(t for v in versions for t in left_out.get(v["sentence_id"], []))
    return {
        "outlet": outlet,
        "carries": bool(versions),
        "versions": [
            {"sentence_id": v["sentence_id"], "article_id": v["article_id"], "published": v["published"],
             "reading_url": common.reading_path(datasette, database, v["article_id"], v["sentence_id"])}
            for v in versions
        ],
        "published": published,
        "first": bool(versions) and first_date is not None and published == first_date,
        "no_figure": stated_none,
        "left_out": missing,
    }


def unique(values) -> list:
    seen: list = []
    for v in values:
        if v and v not in seen:
            seen.append(v)
    return seen


def grid_rank(row: dict) -> tuple:
    """Most interesting first, as on the statements list: figure conflicts, other figure disagreements,
    then the outlets of this story that carry it, then the match score."""
    figures = 2 if row["figure_conflict"] else 1 if row["figure_differences"] else 0
    return -figures, -row["outlets_here"], -(row["max_score"] or 0), row["id"]


def grouped(rows: list[dict], key: str, value: str) -> dict:
    found: dict = {}
    for r in rows:
        found.setdefault(r[key], []).append(r[value])
    return found


def other_stories(datasette, database: str, story_id: int, rows: list[dict]) -> dict:
    """statement id -> the other stories it is also in."""
    found: dict = {}
    for r in rows:
        if r["story_id"] != story_id:
            found.setdefault(r["statement_id"], []).append(
                {"id": r["story_id"], "title": r["title"], "url": story_path(datasette, database, r["story_id"])}
            )
    return found


def statement_rows(datasette, database: str, story_id: int, columns: list[str], parts: dict) -> list[dict]:
    """One row per statement the story's articles carry, with a cell per outlet; most interesting first."""
    members = grouped(parts["members"], "statement_id", "sentence_id")
    versions_of: dict = {}
    for m in parts["members"]:
        versions_of.setdefault(m["statement_id"], []).append(m)
    no_figure = {r["sentence_id"] for r in parts["no_figure"]}
    left_out = grouped(parts["left_out"], "sentence_id", "figure")
    amounts = grouped(parts["amounts"], "statement_id", "text")
    elsewhere = other_stories(datasette, database, story_id, parts["stories"])
    rows = []
    for st in parts["statements"]:
        versions = versions_of.get(st["id"], [])
        first = first_date(versions)
        cells = [
            grid_cell(datasette, database, o, [v for v in versions if (v["outlet"] or "") == o], first,
                      no_figure, left_out, unique(amounts.get(st["id"], [])))
            for o in columns
        ]
        rows.append({
            "id": st["id"],
            "text": st["text"],
            "url": common.statement_path(datasette, database, st["id"]),
            "outlet_count": st["outlet_count"],
            "outlets_here": sum(1 for c in cells if c["carries"]),
            "versions_here": len(members.get(st["id"], [])),
            "figure_conflict": bool(st["figure_conflict"]),
            "figure_differences": st["figure_differences"] or 0,
            "wording_differences": st["wording_differences"] or 0,
            "max_score": st["max_score"],
            "first_published": first,
            "first_outlets": [c["outlet"] for c in cells if c["first"]],
            "undated_versions": sum(1 for v in versions if not v["published"]),
            "other_stories": elsewhere.get(st["id"], []),
            "cells": cells,
        })
    return sorted(rows, key=grid_rank)


def timeline_data(datasette, database: str, articles: list[dict]) -> dict:
    dated, undated = [], []
    for a in articles:
        entry = {"outlet": a["outlet"], "published": a["published"], "article_id": a["id"], "title": a["title"],
                 "reading_url": common.reading_path(datasette, database, a["id"])}
        (dated if parse_date(a["published"]) else undated).append(entry)
    return {"dated": dated, "undated": undated}


def parse_date(value) -> Optional[datetime.date]:
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def article_entry(datasette, database: str, a: dict) -> dict:
    return dict(
        a,
        url=common.external_url(a["url"]),
        reading_url=common.reading_path(datasette, database, a["id"]),
        article_url=datasette.urls.row(database, "articles", str(a["id"])),
    )


def story_data(datasette, database: str, story: dict, articles: list[dict], parts: dict) -> dict:
    columns = outlet_columns(articles)
    statements = statement_rows(datasette, database, story["id"], columns, parts)
    counts = {
        "statement_count": len(statements),
        "figure_disagreements": sum(s["figure_differences"] for s in statements),
        "conflict_statements": sum(1 for s in statements if s["figure_conflict"]),
    }
    return {
        "ok": True,
        "database": database,
        "story": story_summary(datasette, database, dict(story, **counts)),
        "articles": [article_entry(datasette, database, a) for a in articles],
        "outlets": columns,
        "statements": statements[:MAX_GRID_STATEMENTS],
        "statements_truncated": len(statements) > MAX_GRID_STATEMENTS,
        "timeline": timeline_data(datasette, database, articles),
    }


@handles_errors
async def story_view(request, datasette):
    db = await access.visible_database(datasette, request)
    story_id = params.path_id(request, "story_id", "story")
    tables = await common.crosscheck_tables(db)
    with_omissions = OMISSIONS_VIEW in await db.view_names()
    await access.require_tables(datasette, request, db.name, story_tables(tables, with_omissions))
    if not has_crosscheck_tables(tables):
        return await common.no_articles(datasette, request, db)
    if not await has_stories(db, tables):
        return await no_stories(datasette, request, db)
    story = await story_queries.story(db, story_id)
    if story is None:
        raise NotFound(f"No story {story_id} in {db.name}")
    articles = await story_queries.story_articles(db, story_id)
    parts = {"members": [], "statements": [], "no_figure": [], "left_out": [], "amounts": [], "stories": []}
    if common.has_match_tables(tables):
        parts = await story_queries.story_parts(db, story_id, with_omissions)
    data = story_data(datasette, db.name, story, articles, parts)
    if common.wants_json(request):
        return Response.json(data)
    context = {
        "database": db.name,
        "data": data,
        "timeline_svg": timeline_svg(data["timeline"]["dated"], data["outlets"]),
        "stories_path": stories_path(datasette, db.name),
        "match_hint": common.match_hint(db),
        "alternate_url_json": datasette.absolute_url(request, story_path(datasette, db.name, story_id, True)),
    }
    return await common.render(datasette, request, "crosscheck_story.html", context)


# ---------------------------------------------------------------------------------------------
# The timeline: one lane per outlet, a mark per article at its date. Inline SVG whose x positions are
# percentages, so it fits any width without scaling its text; every lane is labelled with the outlet and
# its dates in words, so it reads without colour.

LANE = 40  # px per outlet
AXIS = 28
LEFT, RIGHT = 1.5, 98.5  # % of the width the dates span


def date_position(day: datetime.date, first: datetime.date, last: datetime.date) -> float:
    if last == first:
        return (LEFT + RIGHT) / 2
    return LEFT + (RIGHT - LEFT) * (day - first).days / (last - first).days


def lane_dates(days: list[datetime.date]) -> str:
    """A lane's dates in words, short enough for a phone: a few dates, or the first and last."""
    distinct = sorted(set(days))
    if len(distinct) <= 3:
        return ", ".join(d.isoformat() for d in distinct)
    return f"{distinct[0].isoformat()} to {distinct[-1].isoformat()}, {len(days)} articles"


def lane_svg(n: int, outlet: str, entries: list[tuple], first, last) -> Markup:
    """One outlet's lane: its name and dates as text, a line, and a mark per day it published."""
    top = n * LANE
    name = outlet or "Unknown outlet"
    parts = [
        Markup('<text class="cc-tl-label" x="0" y="{}"><tspan class="cc-tl-outlet">{}</tspan>'
               '<tspan class="cc-tl-dates"> · {}</tspan></text>').format(top + 13, name, lane_dates([d for d, _ in entries])),
        Markup('<line class="cc-tl-lane" x1="{}%" x2="{}%" y1="{}" y2="{}"/>').format(LEFT, RIGHT, top + 27, top + 27),
    ]
    by_day: dict = {}
    for d, e in entries:
        by_day.setdefault(d, []).append(e)
    for d, articles in sorted(by_day.items()):
        x = round(date_position(d, first, last), 2)
        label = "; ".join(f"{name}, {d.isoformat()}: {e['title'] or 'Untitled'}" for e in articles)
        parts.append(Markup('<circle class="cc-tl-mark" cx="{}%" cy="{}" r="5"><title>{}</title></circle>').format(
            x, top + 27, label))
        if len(articles) > 1:
            # beside the mark, on the side that has room
            side = Markup('dx="-8" text-anchor="end"') if x > 50 else Markup('dx="8"')
            parts.append(Markup('<text class="cc-tl-count" x="{}%" y="{}" {}>×{}</text>').format(
                x, top + 31, side, len(articles)))
    return Markup("").join(parts)


def axis_svg(y: int, first: datetime.date, last: datetime.date) -> Markup:
    if last == first:  # one day: its marks and its date in the middle
        return Markup('<text class="cc-tl-axis" x="50%" y="{}" text-anchor="middle">{}</text>').format(y, first.isoformat())
    span = (last - first).days
    return Markup(
        '<text class="cc-tl-axis" x="{}%" y="{}">{}</text>'
        '<text class="cc-tl-axis" x="50%" y="{}" text-anchor="middle">{} day{}</text>'
        '<text class="cc-tl-axis" x="{}%" y="{}" text-anchor="end">{}</text>'
    ).format(LEFT, y, first.isoformat(), y, span, "" if span == 1 else "s", RIGHT, y, last.isoformat())


def timeline_svg(dated: list[dict], columns: list[str]) -> Optional[Markup]:
    """The timeline of the dated articles (a lane per outlet, in `columns` order), or None when no
    article has a date."""
    days = sorted(((parse_date(e["published"]), e) for e in dated if parse_date(e["published"])),
                  key=lambda pair: pair[0])
    if not days:
        return None
    first, last = days[0][0], days[-1][0]
    lanes = [o for o in columns if any((e["outlet"] or "") == o for _, e in days)]
    body = Markup("").join(
        lane_svg(n, outlet, [(d, e) for d, e in days if (e["outlet"] or "") == outlet], first, last)
        for n, outlet in enumerate(lanes)
    )
    summary = "; ".join(f"{e['outlet'] or 'Unknown outlet'} on {d.isoformat()}" for d, e in days)
    return Markup('<svg class="cc-timeline" width="100%" height="{}" role="img" aria-label="{}">'
                  '<title>Who published when: {}</title>{}{}</svg>').format(
        LANE * len(lanes) + AXIS, "Who published when: " + summary, summary, body,
        axis_svg(LANE * len(lanes) + 18, first, last))


# ---------------------------------------------------------------------------------------------
# Story links on the statements pages (called from common.py)


async def filtered_story(datasette, request, db, tables: set, story_id: Optional[int]):
    """(story link, None) for the statements list's `story` filter, or (None, the 404 to answer):
    no stories in this database, or no such story."""
    if story_id is None:
        return None, None
    if not await has_stories(db, tables):
        return None, await no_stories(datasette, request, db)
    story = await story_queries.story(db, story_id)
    if story is None:
        raise NotFound(f"No story {story_id} in {db.name}")
    return {"id": story["id"], "title": story["title"], "url": story_path(datasette, db.name, story["id"])}, None


async def story_links(datasette, actor, db, tables: set, statement_ids) -> dict:
    """statement id -> the stories it is in, as [{"id", "title", "url"}]; {} before stories exist or
    when `actor` may not see the tables that say which stories they are."""
    if not statement_ids or not await access.can_see_tables(datasette, actor, db.name, STORY_LINK_TABLES):
        return {}
    if not await has_stories(db, tables):
        return {}
    links: dict = {}
    for r in await story_queries.stories_of_statements(db, statement_ids):
        links.setdefault(r["statement_id"], []).append(
            {"id": r["story_id"], "title": r["title"], "url": story_path(datasette, db.name, r["story_id"])}
        )
    return links


async def list_links(datasette, request, db, tables: set) -> dict:
    """The statements list page's links to the stories: the stories list (for an actor who may see it,
    when there are stories) and the same list without the `story` filter."""
    can_see_list = await access.can_see_tables(datasette, request.actor, db.name, story_list_tables(tables))
    return {
        "stories_path": stories_path(datasette, db.name) if can_see_list and await has_stories(db, tables) else None,
        "without_story_path": common.crosscheck_path(datasette, db.name) + "?" + common.page_query(request, story=None, _next=None),
    }
