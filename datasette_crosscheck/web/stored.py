"""The stored queries the plugin adds to each cross-checked database, and the permission hooks that
refuse one to an actor who may not view a table it reads (0.65 and 1.0a each their own way)."""

from __future__ import annotations

from .. import compat
from . import access, queries
from .common import is_crosscheck_database


def stored_queries(datasette, database: str):
    """0.65's canned_queries hook: the stored queries, on databases the matcher has filled."""

    async def queries_here():
        return queries.STORED_QUERIES if await is_crosscheck_database(datasette, database) else {}

    return queries_here


def stored_query_permission(datasette, actor, action: str, resource):
    """0.65's permission_allowed hook: refuse view-query on a stored query that reads a table the actor
    may not view. (Leaving the query out of canned_queries for that actor instead would break 0.65's
    own check of whether anyone else may see it.)"""
    if action != "view-query" or not isinstance(resource, (tuple, list)) or resource[1] not in queries.STORED_QUERIES:
        return None
    database, name = resource

    async def allowed():
        if not await is_crosscheck_database(datasette, database):
            return None
        reads = {name: queries.STORED_QUERY_READS[name]}
        return False if await access.hidden_stored_queries(datasette, actor, database, reads) else None

    return allowed


def stored_query_rules(datasette, actor, action: str):
    """1.0a's permission_resources_sql hook: deny view-query on the stored queries that read a table the
    actor may not view (1.0a checks only view-query and execute-sql before running one)."""
    if action != "view-query" or not compat.has_add_query(datasette):
        return None

    async def rules():
        hidden = []
        for name in list(datasette.databases):
            if await is_crosscheck_database(datasette, name):
                names = await access.hidden_stored_queries(datasette, actor, name, queries.STORED_QUERY_READS)
                hidden.extend((name, query) for query in names)
        return compat.deny_stored_queries(hidden)

    return rules


async def add_stored_queries(datasette) -> None:
    """1.0a: add the stored queries to every database with the crosscheck tables at startup."""
    if not compat.has_add_query(datasette):
        return
    for name in list(datasette.databases):
        if await is_crosscheck_database(datasette, name):
            await compat.add_stored_queries(datasette, name, queries.STORED_QUERIES)
