"""The crosscheck pages and their JSON twins.

    /{db}/-/crosscheck                  statements shared by several outlets, most interesting first
    /{db}/-/crosscheck/{statement_id}   every outlet's version of one statement, side by side
    /{db}/-/crosscheck/article/{id}     an article sentence by sentence, matched sentences linked

Each view: find the database (404) and check the actor may see it and every table the page reads
(403, access.py), check its parameters (400/404, params.py), run the few indexed queries of
`queries.py`, turn the rows into plain data (present.py: the JSON), and render that data as HTML
(highlight.py marks the edits).
"""

from __future__ import annotations

import math
from typing import Optional

from datasette.utils.asgi import BadRequest, NotFound, Response

from ..schema import has_crosscheck_tables
from . import access, params, queries, stories
from .access import visible_database
from .common import (
    DB, FORMAT, ID, MAX_PAGE_SIZE, MAX_SEARCH_CHARS, configured_page_size, crosscheck_path, crosscheck_tables,
    has_match_tables, has_statements, match_hint, no_articles, page_query, reading_path, render,
    require_statements, statement_path,
)
from .highlight import clause_marked, version_html
from .params import MAX_COUNT, SQLITE_MAX_INT, handles_errors, wants_json
from .present import ARTICLE_PAGE_SIZE, article_data, group_paragraphs, statement_data, statement_summary
from .summary import summary_html


def routes():
    return [
        *stories.routes(),
        (DB + FORMAT, statement_list),
        (DB + rf"/article/(?P<article_id>{ID})" + FORMAT, article_view),
        (DB + rf"/(?P<statement_id>{ID})" + FORMAT, statement_view),
    ]


def encode_key(row: dict) -> str:
    return f"{row['k_figures']},{row['k_outlets']},{float(row['k_score'])!r},{row['id']}"


def decode_key(token: Optional[str]) -> Optional[tuple]:
    """The sort key a `_next` token carries: (figures 0-2, outlets, finite score, statement id)."""
    if not token:
        return None
    parts = token.split(",")
    if len(parts) == 4:
        conflict, outlets, statement_id = (params.whole_number(p) for p in (parts[0], parts[1], parts[3]))
        try:
            score = float(parts[2]) if len(parts[2]) <= 40 else math.nan
        except ValueError:
            score = math.nan
        if (conflict in (0, 1, 2) and outlets is not None and 0 <= outlets <= SQLITE_MAX_INT
                and statement_id is not None and 0 <= statement_id <= SQLITE_MAX_INT and math.isfinite(score)):
            return conflict, outlets, score, statement_id
    raise BadRequest("Invalid _next token: use the next_url of the previous page")


def figure_filter(args) -> Optional[str]:
    """`figures`: conflict (statements with a figure conflict) or differ (any figure difference,
    compatible included); `conflicts=1` is `figures=conflict`, and the narrower of the two wins."""
    raw = (args.get("figures") or "").strip().lower()
    if raw and raw not in queries.FIGURE_FILTERS:
        raise BadRequest("figures must be " + " or ".join(queries.FIGURE_FILTERS) + " (or empty for any)")
    return "conflict" if params.flag(args, "conflicts") else (raw or None)


def list_arguments(request, default_size: int) -> tuple[dict, int, Optional[tuple]]:
    """(filters, page size, sort key to start after) from the query string."""
    args = request.args
    figures = figure_filter(args)
    filters = {
        "outlets": params.texts(args, "outlet", max_count=queries.MAX_OUTLET_FILTERS),
        "figures": figures,
        "conflicts": figures == "conflict",
        "min_score": params.number(args, "min_score", low=0, high=100),
        "q": params.text(args, "q", max_chars=MAX_SEARCH_CHARS),
        "min_outlets": params.integer(args, "min_outlets", low=1, high=MAX_COUNT, default=2),
        "story": params.integer(args, "story", low=0, high=SQLITE_MAX_INT),
    }
    size = params.page_size(args, default=default_size, maximum=MAX_PAGE_SIZE)
    return filters, size, decode_key(args.get("_next"))


@handles_errors
async def statement_list(request, datasette):
    db = await visible_database(datasette, request)
    filters, size, after = list_arguments(request, configured_page_size(datasette, db.name))
    await access.require_tables(
        datasette, request, db.name,
        access.LIST_TABLES + (access.SEARCH_TABLES if filters["q"] else ())
        + (stories.STORY_FILTER_TABLES if filters["story"] is not None else ()),
    )
    tables = await crosscheck_tables(db)
    if not has_crosscheck_tables(tables):
        return await no_articles(datasette, request, db)
    story, no_stories = await stories.filtered_story(datasette, request, db, tables, filters["story"])
    if no_stories:
        return no_stories
    rows, total = [], 0
    if has_match_tables(tables):
        rows, total = await queries.statement_page(db, filters, size, after)
    # Nothing at all to list, as opposed to nothing that passes the filters
    empty_reason = "not_matched" if not total and not await has_statements(db, tables) else None
    next_token = encode_key(rows[size - 1]) if len(rows) > size else None
    rows = rows[:size]
    story_links = await stories.story_links(datasette, request.actor, db, tables, [r["id"] for r in rows])
    list_path = crosscheck_path(datasette, db.name, ".json" if wants_json(request) else "")
    next_path = f"{list_path}?{page_query(request, _next=next_token)}" if next_token else None
    data = {
        "ok": True,
        "database": db.name,
        "rows": [dict(statement_summary(datasette, db.name, r), stories=story_links.get(r["id"], [])) for r in rows],
        "next": next_token,
        "next_url": datasette.absolute_url(request, next_path) if next_path else None,
        "total": total,
        "filters": dict(filters, size=size),
        "story": story,
        "empty_reason": empty_reason,
    }
    if wants_json(request):
        return Response.json(data)
    context = {
        "database": db.name,
        "data": data,
        "next_path": next_path,
        "outlet_choices": await queries.outlet_choices(db),
        "match_hint": match_hint(db),
        "clause_marked": clause_marked,
        "alternate_url_json": datasette.absolute_url(
            request, crosscheck_path(datasette, db.name, ".json") + "?" + page_query(request)
        ),
        "first_page_path": crosscheck_path(datasette, db.name) + "?" + page_query(request, _next=None),
        "all_path": crosscheck_path(datasette, db.name),
        "is_later_page": after is not None,
        **await stories.list_links(datasette, request, db, tables),
    }
    return await render(datasette, request, "crosscheck_list.html", context)


@handles_errors
async def statement_view(request, datasette):
    db = await visible_database(datasette, request)
    await access.require_tables(datasette, request, db.name, access.STATEMENT_TABLES)
    statement_id = params.path_id(request, "statement_id", "statement")
    missing = await require_statements(datasette, request, db)
    if missing:
        return missing
    st = await queries.statement(db, statement_id)
    if st is None:
        raise NotFound(f"No statement {statement_id} in {db.name}")
    data = statement_data(datasette, db.name, st, await queries.statement_parts(db, st))
    story_links = await stories.story_links(datasette, request.actor, db, await crosscheck_tables(db), [statement_id])
    data["statement"]["stories"] = story_links.get(statement_id, [])
    if wants_json(request):
        return Response.json(data)
    for version in data["versions"]:
        version["html"] = version_html(version)
    sentence = data["statement"]["sentence"]
    context = {
        "database": db.name,
        "data": data,
        "summary_html": summary_html(data["statement"], data["versions"]),
        "sentence_html": clause_marked(sentence["text"], tuple(sentence["clause"])) if sentence else None,
        "timeline_svg": stories.timeline_svg(data["timeline"]["dated"], data["timeline"]["outlets"]),
        "modes": {v.get("comparison", {}).get("mode") for v in data["versions"]},
        "list_path": crosscheck_path(datasette, db.name),
        "alternate_url_json": datasette.absolute_url(request, statement_path(datasette, db.name, statement_id, True)),
    }
    return await render(datasette, request, "crosscheck_statement.html", context)


async def article_page(db, article_id: int, requested: Optional[int], highlight: Optional[int], with_statements):
    """The page of sentences to show: the one asked for, else the one with the highlighted sentence,
    else the first. 404 past the last page."""
    total = await queries.sentence_total(db, article_id)
    count = max(1, math.ceil(total / ARTICLE_PAGE_SIZE))
    number = requested
    if number is None and highlight is not None:
        number = await queries.page_of_sentence(db, article_id, highlight, ARTICLE_PAGE_SIZE)
    number = number or 1
    if number > count:
        raise NotFound(f"Article {article_id} has {count:,} page{'s' if count != 1 else ''} of sentences, "
                       f"not {number:,}")
    offset = (number - 1) * ARTICLE_PAGE_SIZE
    sentences, links, article_start = await queries.sentence_page(
        db, article_id, offset, ARTICLE_PAGE_SIZE, with_statements
    )
    return {"number": number, "count": count, "total": total, "offset": offset,
            "sentences": sentences, "links": links, "article_start": article_start}


def article_page_path(datasette, database: str, article_id: int, number: int, json_format: bool) -> str:
    return reading_path(datasette, database, article_id, json_format=json_format) + f"?page={number}"


@handles_errors
async def article_view(request, datasette):
    db = await visible_database(datasette, request)
    article_id = params.path_id(request, "article_id", "article")
    highlight = params.integer(request.args, "sentence", low=0, high=SQLITE_MAX_INT)
    requested_page = params.integer(request.args, "page", low=1, high=SQLITE_MAX_INT)
    tables = await crosscheck_tables(db)
    with_statements = has_match_tables(tables)
    await access.require_tables(
        datasette, request, db.name,
        access.ARTICLE_TABLES + (access.ARTICLE_MATCH_TABLES if with_statements else ()),
    )
    if not has_crosscheck_tables(tables):
        return await no_articles(datasette, request, db)
    art = await queries.article(db, article_id)
    if art is None:
        raise NotFound(f"No article {article_id} in {db.name}")
    page = await article_page(db, article_id, requested_page, highlight, with_statements)
    data = article_data(datasette, db.name, art, page, highlight)
    json_format = wants_json(request)
    page_paths = {
        key: article_page_path(datasette, db.name, article_id, number, json_format)
        for key, number in (("previous", page["number"] - 1), ("next", page["number"] + 1))
        if 1 <= number <= page["count"]
    }
    for key, path in page_paths.items():
        data[f"{key}_url"] = datasette.absolute_url(request, path)
    if json_format:
        return Response.json(data)
    context = {
        "database": db.name,
        "data": data,
        "paragraphs": group_paragraphs(data["sentences"]),
        "page_paths": page_paths,
        "list_path": crosscheck_path(datasette, db.name),
        "alternate_url_json": datasette.absolute_url(
            request, article_page_path(datasette, db.name, article_id, page["number"], True)
        ),
    }
    return await render(datasette, request, "crosscheck_article.html", context)
