"""Every difference between Datasette 0.65 and 1.0a that the plugin meets, in one place.

The rest of the package calls these functions and never asks which Datasette it runs on.
"""

from __future__ import annotations

import itertools
import weakref

from datasette import hookspecs
from datasette.app import Datasette
from datasette.utils.asgi import Forbidden

try:  # 1.0a20+: permissions are checked against resources
    from datasette.resources import DatabaseResource, TableResource
except ImportError:  # 0.65
    DatabaseResource = TableResource = None

try:  # 1.0a20+: plugins add permission rules as SQL
    from datasette.permissions import PermissionSQL
except ImportError:  # 0.65
    PermissionSQL = None

# Names of the parameters in our permission rules: Datasette merges every plugin's parameters into one dict.
_rule_numbers = itertools.count()

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


async def can_view_table(datasette, actor, database: str, table: str) -> bool:
    """May `actor` see `table` of `database`? Datasette's own answer for the table page, without the
    database-level check (callers check `can_view` too)."""
    if TableResource is not None:
        return await datasette.allowed(action="view-table", resource=TableResource(database, table), actor=actor)
    # 0.65: the first rule that answers decides, the table's before the database's and the instance's
    try:
        await datasette.ensure_permissions(
            actor, [("view-table", (database, table)), ("view-database", database), "view-instance"]
        )
    except Forbidden:
        return False
    return True


def deny_stored_queries(hidden: list[tuple[str, str]]) -> list:
    """1.0a (permission_resources_sql): rules that deny view-query on each (database, query name) of
    `hidden`, at the query's own level, so an allow for the whole database does not override them."""
    rules = []
    for database, name in hidden:
        n = next(_rule_numbers)
        rules.append(
            PermissionSQL(
                sql=f"SELECT :crosscheck_db_{n} AS parent, :crosscheck_query_{n} AS child, 0 AS allow, "
                f":crosscheck_reason_{n} AS reason",
                params={
                    f"crosscheck_db_{n}": database,
                    f"crosscheck_query_{n}": name,
                    f"crosscheck_reason_{n}": "datasette-crosscheck: the actor may not view a table this query reads",
                },
            )
        )
    return rules


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


# The footer's metadata keys (Datasette's _footer.html): a database's own value, else the instance's.
FOOTER_KEYS = ("title", "license", "license_url", "source", "source_url", "about", "about_url")


async def footer_metadata(datasette, database: str) -> dict:
    """What Datasette's footer shows for a page of `database` ("Data source", "Data license", "About"):
    0.65 reads metadata with `datasette.metadata(key, database=)`, which falls back to the instance's;
    1.0a keeps instance and database metadata in its internal database, read with async methods."""
    if hasattr(datasette, "get_database_metadata"):
        merged = dict(await datasette.get_instance_metadata())
        merged.update({k: v for k, v in (await datasette.get_database_metadata(database)).items() if v})
    else:
        merged = {key: datasette.metadata(key, database=database) for key in FOOTER_KEYS}
    return {key: merged.get(key) for key in FOOTER_KEYS if merged.get(key)}


# 1.0a reads table settings such as label_column from config; 0.65 from metadata, which plugins add to
# through the get_metadata hook (0.65 only).
HAS_TABLE_CONFIG = hasattr(Datasette, "table_config")

# 0.65: the label columns get_metadata answers with, per Datasette instance.
_metadata_labels: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def add_label_columns(datasette, database: str, labels: dict) -> None:
    """Datasette's `label_column` for tables of `database` ({table: column}), wherever the user's own
    metadata or config gives none."""
    if HAS_TABLE_CONFIG:
        if datasette.config is None:
            datasette.config = {}
        tables = datasette.config.setdefault("databases", {}).setdefault(database, {}).setdefault("tables", {})
        for table, column in labels.items():
            tables.setdefault(table, {}).setdefault("label_column", column)
    else:
        _metadata_labels.setdefault(datasette, {})[database] = dict(labels)


def label_metadata(datasette) -> dict:
    """0.65's get_metadata hook: the label columns as metadata (Datasette lets local metadata win)."""
    databases = _metadata_labels.get(datasette) or {}
    return {
        "databases": {
            name: {"tables": {table: {"label_column": column} for table, column in labels.items()}}
            for name, labels in databases.items()
        }
    }
