"""The match tables readable in Datasette's own table and row views (render_cell): a difference's
`detail` as one line in words with its JSON folded under it, foreign keys labelled with the text
of the row they point to (shortened), and a statement_id cell's link to the crosscheck page.

Only the HTML changes: the JSON API and the stored values stay as they are. The labels come from
Datasette's own `label_column` (set here for the tables the keys point to, unless the user's
metadata or config sets one), so Datasette fetches them in one query per column, and its facets,
row pages and `_labels=on` use them too. Article text is untrusted: every value is escaped."""

from __future__ import annotations

import json
import weakref
from typing import Optional

from markupsafe import Markup

from .. import compat
from ..schema import FOREIGN_KEYS
from .common import is_crosscheck_database, statement_path


# The column Datasette shows for a row these tables' foreign keys point to (1.0a would pick
# articles.source, its one unique text column, without this).
LABEL_COLUMNS = {"articles": "title", "sentences": "text", "statements": "text", "figures": "text"}

# (table, column) -> the table the key points to, for every foreign key the plugin writes.
KEY_TARGETS = {(table, column): other for table, keys in FOREIGN_KEYS.items() for column, other, _ in keys}

CELL_TABLES = {table for table, _ in KEY_TARGETS} | {"differences"}

LABEL_CHARS = 60  # a label in a table cell: three short lines in a narrow column

SUMMARY_CHARS = 160  # a difference's summary: one line

TITLE_CHARS = 500  # the hover text of a shortened label

# Databases found cross-checked, per Datasette instance: their labels are set, their cells rendered.
_crosscheck_databases: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary before `limit` characters, with an ellipsis when cut."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


WORDING_SUMMARIES = {
    "replace": "worded differently",
    "insert": "only version b has these words",
    "delete": "only version a has these words",
}


def difference_summary(kind: Optional[str], verdict: Optional[str], detail: dict) -> str:
    """A `differences` row in words: a figure's note (why its verdict), or what a wording edit did."""
    if kind == "figure" or "note" in detail or "reason" in detail:
        return str(detail.get("note") or detail.get("reason") or verdict or "")
    if kind == "name":
        return "the same name, written another way" if detail.get("alias") else "another name"
    words = WORDING_SUMMARIES.get(verdict or "", "worded differently")
    return words + (", numbers among them" if detail.get("numeric") else "")


def detail_cell(value, row) -> Optional[Markup]:
    """A `differences.detail` cell: the summary, then the JSON as stored, folded."""
    try:
        detail = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if not isinstance(detail, dict):
        return None
    summary = difference_summary(row_value(row, "kind"), row_value(row, "verdict"), detail)
    return Markup(
        '<details class="crosscheck-detail"><summary>{}</summary>'
        '<pre style="white-space: pre-wrap; max-width: 40em">{}</pre></details>'
    ).format(shorten(summary, SUMMARY_CHARS), json.dumps(detail, ensure_ascii=False, indent=1))


def row_value(row, column: str):
    try:
        value = row[column]
    except (KeyError, IndexError, TypeError):
        return None
    return value.get("value") if isinstance(value, dict) else value


def key_cell(datasette, database: str, table: str, column: str, value) -> Optional[Markup]:
    """A foreign key Datasette has expanded ({"value", "label"}): the shortened label linked to the
    row, and the id; a statement_id also links to the statement's crosscheck page."""
    other = KEY_TARGETS[(table, column)]
    key, label = (value.get("value"), value.get("label")) if isinstance(value, dict) else (value, None)
    if key is None or key == "":
        return None
    href = datasette.urls.row(database, other, str(key))
    if label is None or str(label) == str(key):  # no label column: Datasette would show "1 1"
        link = Markup('<a href="{}">{}</a>').format(href, f"match {key}" if other == "matches" else key)
    else:
        link = Markup('<a href="{}" title="{}"><bdi>{}</bdi></a>&nbsp;<em>{}</em>').format(
            href, shorten(label, TITLE_CHARS), shorten(label, LABEL_CHARS), key
        )
    if other == "statements":
        return link + crosscheck_link(datasette, database, key)
    return link


def crosscheck_link(datasette, database: str, statement_id) -> Markup:
    try:
        number = int(statement_id)
    except (TypeError, ValueError):
        return Markup("")
    return Markup(' · <a href="{}" title="Cross-check statement {}">cross-check</a>').format(
        statement_path(datasette, database, number), number
    )


def render_cell(datasette, database: str, table: Optional[str], column: str, value, row):
    """The render_cell hook: None (Datasette's own rendering) for any cell this module does not shape."""
    if table == "differences" and column == "detail":
        shape = lambda: detail_cell(value, row)  # noqa: E731
    elif (table, column) in KEY_TARGETS and (isinstance(value, dict) or column == "statement_id"):
        shape = lambda: key_cell(datasette, database, table, column, value)  # noqa: E731
    else:
        return None

    async def cell():
        # tables of another plugin's database may share these names: shape only ours
        return shape() if await crosscheck_database(datasette, database) else None

    return cell


async def crosscheck_database(datasette, database: str) -> bool:
    """Is `database` cross-checked? Remembered once it is, and its label columns set then (a database
    loaded while Datasette runs gets them from its next page on)."""
    known = _crosscheck_databases.setdefault(datasette, set())
    if database in known:
        return True
    if not await is_crosscheck_database(datasette, database):
        return False
    await set_label_columns(datasette, database)
    known.add(database)
    return True


async def set_label_columns(datasette, database: str) -> None:
    db = datasette.get_database(database)
    labels = {}
    for table, column in LABEL_COLUMNS.items():
        if column in await db.table_columns(table):
            labels[table] = column
    compat.add_label_columns(datasette, database, labels)


async def label_crosscheck_databases(datasette) -> None:
    """At startup: the label columns of every cross-checked database."""
    for name in list(datasette.databases):
        await crosscheck_database(datasette, name)
