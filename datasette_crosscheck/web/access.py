"""Who may see what: every crosscheck page, JSON twin, link and stored query asks Datasette whether the
actor may view the database and each table it reads, so an `allow` block on `articles` hides article
text here exactly as it does on `/db/articles`.

    db = await visible_database(datasette, request)                      # 404, 403
    await require_tables(datasette, request, db.name, ["articles", "sentences"])   # 403
"""

from __future__ import annotations

from typing import Iterable

from datasette.utils import tilde_decode
from datasette.utils.asgi import Forbidden, NotFound

from .. import compat

# What each page reads. The list reads the full-text index too when it searches.
LIST_TABLES = ("statements", "statement_sentences", "sentences", "articles")
SEARCH_TABLES = ("sentences_fts",)
STATEMENT_TABLES = ("statements", "statement_sentences", "sentences", "articles", "figures", "differences", "matches")
ARTICLE_TABLES = ("articles", "sentences")
ARTICLE_MATCH_TABLES = ("statement_sentences", "statements")


async def visible_database(datasette, request):
    """The database named in the URL, if it exists (404) and the actor may see it (403)."""
    route = tilde_decode(request.url_vars["database"])
    try:
        db = datasette.get_database(route=route)
    except KeyError:
        raise NotFound(f"Database not found: {route}")
    if not await compat.can_view(datasette, request.actor, db.name):
        raise Forbidden("You do not have permission to view this database")
    return db


async def hidden_tables(datasette, actor, database: str, tables: Iterable[str]) -> list[str]:
    """The tables of `tables` that `actor` may not view, in the order given."""
    return [t for t in dict.fromkeys(tables) if not await compat.can_view_table(datasette, actor, database, t)]


async def can_see_tables(datasette, actor, database: str, tables: Iterable[str]) -> bool:
    """May `actor` view `database` and every one of `tables`?"""
    if not await compat.can_view(datasette, actor, database):
        return False
    return not await hidden_tables(datasette, actor, database, tables)


async def require_tables(datasette, request, database: str, tables: Iterable[str]) -> None:
    """403 unless the request's actor may view every one of `tables` (the caller has checked the
    database with visible_database)."""
    hidden = await hidden_tables(datasette, request.actor, database, tables)
    if hidden:
        raise Forbidden(f"You do not have permission to view the table {hidden[0]}, which this page reads")


async def hidden_stored_queries(datasette, actor, database: str, reads: dict) -> list[str]:
    """Names of the stored queries (`reads`: name -> tables and views it reads) that `actor` may not run
    because it may not view one of their tables."""
    hidden = []
    for name, tables in reads.items():
        if await hidden_tables(datasette, actor, database, tables):
            hidden.append(name)
    return hidden
