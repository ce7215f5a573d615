"""Links from Datasette's own pages to the crosscheck pages (the database, table and row action
menus), shown only to actors who may follow them. The statement_id cells' links are in cells.py."""

from __future__ import annotations

from . import access, queries
from .common import crosscheck_path, is_crosscheck_database, reading_path, statement_path


LINKED_TABLES = {"sentences", "matches", "statements", "statement_sentences", "differences"}



def list_link(datasette, database: str) -> dict:
    return {
        "href": crosscheck_path(datasette, database),
        "label": "Cross-check statements",
        "description": "Statements several outlets carry, with their figure and wording differences.",
    }


def database_actions(datasette, actor, database: str):
    async def links():
        if await is_crosscheck_database(datasette, database) and await access.can_see_tables(
            datasette, actor, database, access.LIST_TABLES
        ):
            return [list_link(datasette, database)]
        return []

    return links


def table_actions(datasette, actor, database: str, table: str):
    async def links():
        if table in LINKED_TABLES:
            return await database_actions(datasette, actor, database)()
        return []

    return links


def row_actions(datasette, actor, database: str, table: str, row):
    """1.0a: from a row of sentences, statements or articles to its crosscheck page, when the actor
    may see that page."""

    async def can_see(tables) -> bool:
        return await access.can_see_tables(datasette, actor, database, tables)

    async def links():
        if table not in {"sentences", "statements", "articles"} or not await is_crosscheck_database(datasette, database):
            return []
        row_id = row["id"]
        statement_link = table in {"statements", "sentences"} and await can_see(access.STATEMENT_TABLES)
        reading_link = table in {"articles", "sentences"} and await can_see(
            access.ARTICLE_TABLES + access.ARTICLE_MATCH_TABLES
        )
        if table == "statements":
            return [{"href": statement_path(datasette, database, row_id), "label": "Cross-check this statement"}] \
                if statement_link else []
        if table == "articles":
            return [{"href": reading_path(datasette, database, row_id), "label": "Read sentence by sentence"}] \
                if reading_link else []
        links = []
        if reading_link:
            links.append({"href": reading_path(datasette, database, row["article_id"], row_id), "label": "Read in context"})
        if statement_link:
            db = datasette.get_database(database)
            for statement_id in await queries.statements_of_sentence(db, row_id):
                links.append({"href": statement_path(datasette, database, statement_id),
                              "label": f"Cross-check statement {statement_id}"})
        return links

    return links

