"""Every difference between Datasette 0.65 and 1.0a that the plugin meets, in one place.

The rest of the package calls these functions and never asks which Datasette it runs on.
"""

from __future__ import annotations

from urllib.parse import urlencode

from datasette import hookspecs

try:  # 1.0a20+: permissions are checked against resources
    from datasette.resources import DatabaseResource
except ImportError:  # 0.65
    DatabaseResource = None

# 1.0a has a row actions menu; 0.65 has none, so links from a row go through render_cell there.
HAS_ROW_ACTIONS = hasattr(hookspecs, "row_actions")


async def can_view(datasette, actor, database: str) -> bool:
    """May `actor` see `database`? The same answer Datasette's own database page gives."""
    if DatabaseResource is not None:
        return await datasette.allowed(action="view-database", resource=DatabaseResource(database), actor=actor)
    visible, _private = await datasette.check_visibility(
        actor, permissions=[("view-database", database), "view-instance"]
    )
    return visible


def has_add_query(datasette) -> bool:
    """1.0a keeps stored queries in its internal database; 0.65 takes them from the canned_queries hook.
    (Stored queries written in metadata 404 on 1.0a41.)"""
    return hasattr(datasette, "add_query")


async def add_stored_queries(datasette, database: str, queries: dict) -> None:
    """Register `queries` ({name: {"sql", "title", "description"}}) for `database` on 1.0a."""
    for name, query in queries.items():
        await datasette.add_query(
            database,
            name,
            query["sql"],
            title=query.get("title"),
            description=query.get("description"),
            replace=True,
        )


def sql_json_path(datasette, database: str, sql: str, **params) -> str:
    """Path that runs `sql` against `database` and returns JSON objects: `/db.json?sql=` on 0.65,
    `/db/-/query.json?sql=` on 1.0a (where the old URL only redirects)."""
    query = urlencode({"sql": sql, "_shape": "objects", **params})
    if hasattr(datasette.urls, "database_query"):
        return datasette.urls.database(database) + f"/-/query.json?{query}"
    return datasette.urls.database(database, format="json") + f"?{query}"


def rows_of(data) -> list:
    """Rows of a JSON query response as dicts, whichever shape the version answered with."""
    return data["rows"] if isinstance(data, dict) else data


def actor_cookie(datasette, actor: dict) -> str:
    """The signed `ds_actor` cookie for `actor` (the test client's helper for it is 1.0a only)."""
    return datasette.sign({"a": actor}, "actor")


def instance_kwargs(config: dict) -> dict:
    """Keyword arguments for `Datasette(...)` carrying `config` (databases with `allow` blocks, plugins):
    metadata on 0.65, config on 1.0a (where `allow` in metadata is ignored)."""
    import inspect

    from datasette.app import Datasette

    if "config" in inspect.signature(Datasette.__init__).parameters:
        return {"config": config}
    return {"metadata": config}
