"""What every crosscheck page shares: the plugin's options, its URLs, rendering, and the 404 pages
that say what to run when a database has no articles or no statements yet."""

from __future__ import annotations

import json
import os
import re
from typing import Optional
from urllib.parse import parse_qsl, urlencode

from datasette.utils.asgi import Response
from datasette.version import __version__ as datasette_version

from .. import compat
from ..schema import MATCH_TABLES, has_crosscheck_tables
from . import queries
from .params import wants_json


PLUGIN = "datasette-crosscheck"


# Datasette serves a plugin's static files under its name with underscores whether the plugin was
# installed (name "datasette-crosscheck") or registered by hand (module name "datasette_crosscheck").
STATIC_NAME = "datasette_crosscheck"


DEFAULT_PAGE_SIZE = 50


MAX_PAGE_SIZE = 500


MAX_SEARCH_CHARS = 500


DB = r"^/(?P<database>[^/]+)/-/crosscheck"


FORMAT = r"(\.(?P<format>json))?$"


# Ids: digits, and a sign so that a negative id gets this plugin's 404 rather than another route's.
ID = r"[+-]?\d+"


def load_hint(db) -> str:
    return f"datasette crosscheck load {database_file(db)} FILES"


def match_hint(db) -> str:
    return f"datasette crosscheck match {database_file(db)}"


def database_file(db) -> str:
    """The database's file name for a command line to copy (corpus.db for an in-memory one)."""
    return os.path.basename(db.path) if getattr(db, "path", None) else "corpus.db"


def plugin_options(datasette, database: str) -> dict:
    return datasette.plugin_config(PLUGIN, database=database) or datasette.plugin_config(PLUGIN) or {}


def configured_page_size(datasette, database: str) -> int:
    try:
        size = int(plugin_options(datasette, database).get("page_size") or DEFAULT_PAGE_SIZE)
    except (TypeError, ValueError):
        return DEFAULT_PAGE_SIZE
    return max(1, min(size, MAX_PAGE_SIZE))


def crosscheck_path(datasette, database: str, suffix: str = "") -> str:
    """A crosscheck URL, with the database route escaped and base_url applied."""
    return datasette.urls.database(database) + "/-/crosscheck" + suffix


def statement_path(datasette, database: str, statement_id, json_format: bool = False) -> str:
    return crosscheck_path(datasette, database, f"/{statement_id}" + (".json" if json_format else ""))


def reading_path(datasette, database: str, article_id, sentence_id=None, json_format: bool = False) -> str:
    path = crosscheck_path(datasette, database, f"/article/{article_id}" + (".json" if json_format else ""))
    return path + (f"?sentence={sentence_id}#s{sentence_id}" if sentence_id is not None else "")


def external_url(url: Optional[str]) -> Optional[str]:
    """Only web addresses become links: a `javascript:` URL in the data stays text."""
    return url if url and re.match(r"^https?://", url, re.I) else None


def json_list(value) -> list:
    """A JSON array column, read leniently: anything else is an empty list."""
    try:
        parsed = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return []
    return [str(v) for v in parsed] if isinstance(parsed, list) else []


def json_object(value) -> dict:
    try:
        parsed = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return {"text": value}
    return parsed if isinstance(parsed, dict) else {}


def isolate(value) -> str:
    """Untrusted text where markup cannot isolate it (the page's <title>): between Unicode's first
    strong isolate and pop directional isolate, so a right-to-left override in it ends with it."""
    return f"\u2068{value}\u2069"


async def render(datasette, request, template: str, context: dict, status: int = 200) -> Response:
    """A crosscheck page in Datasette's base template, with what Datasette's own pages give its footer:
    the version (its link's title) and the metadata ("Data source", "Data license", "About")."""
    context = dict(
        context,
        crosscheck_css=datasette.urls.static_plugins(STATIC_NAME, "crosscheck.css"),
        isolate=isolate,
        datasette_version=datasette_version,
        metadata=await compat.footer_metadata(datasette, context["database"]),
    )
    html = await datasette.render_template(template, context, request=request, view_name="crosscheck")
    return Response.html(html, status=status)


async def not_here(datasette, request, db, title: str, message: str, hint: str) -> Response:
    """404 for a database the crosscheck tables are not in, saying how to put them there."""
    if wants_json(request):
        return Response.json({"ok": False, "error": message, "hint": hint, "status": 404}, status=404)
    context = {"database": db.name, "title": title, "message": message, "hint": hint, "database_file": database_file(db)}
    return await render(datasette, request, "crosscheck_message.html", context, status=404)


async def crosscheck_tables(db) -> set:
    return set(await db.table_names())


def has_match_tables(tables: set) -> bool:
    return has_crosscheck_tables(tables) and MATCH_TABLES <= tables


async def has_statements(db, tables: set) -> bool:
    return has_match_tables(tables) and await queries.any_statements(db)


async def no_articles(datasette, request, db) -> Response:
    return await not_here(
        datasette, request, db, "No articles loaded",
        f"The database “{db.name}” has no crosscheck tables yet: load some articles first.", load_hint(db),
    )


async def require_statements(datasette, request, db) -> Optional[Response]:
    """None when the matcher has filled its tables, else the 404 saying what to run."""
    tables = await crosscheck_tables(db)
    if await has_statements(db, tables):
        return None
    if not has_crosscheck_tables(tables):
        return await no_articles(datasette, request, db)
    return await not_here(
        datasette, request, db, "Nothing cross-checked here",
        f"The database “{db.name}” has articles but no cross-checked statements.", match_hint(db),
    )


def page_query(request, **changes) -> str:
    """The request's query string with some arguments replaced (None removes one)."""
    pairs = [(k, v) for k, v in parse_qsl(request.query_string, keep_blank_values=True) if k not in changes]
    pairs += [(k, v) for k, v in changes.items() if v is not None]
    return urlencode(pairs)


async def is_crosscheck_database(datasette, database: str) -> bool:
    try:
        db = datasette.get_database(database)
    except KeyError:
        return False
    return has_match_tables(await crosscheck_tables(db))
