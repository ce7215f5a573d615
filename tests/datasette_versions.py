"""Test helpers for the two Datasette lines (0.65 and 1.0a): how a test reaches what a user reaches.
Only tests use these; the plugin's own version differences are in datasette_crosscheck/compat.py."""

from __future__ import annotations

from urllib.parse import urlencode


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
