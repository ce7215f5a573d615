"""datasette-crosscheck: Datasette hooks only; the work lives in the modules they call."""

from datasette import hookimpl


@hookimpl
def register_commands(cli):
    from .cli import add_commands

    add_commands(cli)


@hookimpl
def register_routes(datasette):
    from .web.views import routes

    return routes()


@hookimpl
def prepare_connection(conn):
    from .sql_functions import register

    register(conn)


@hookimpl
def startup(datasette):
    from .web.cells import label_crosscheck_databases
    from .web.stored import add_stored_queries

    async def start():
        await add_stored_queries(datasette)
        await label_crosscheck_databases(datasette)

    return start


@hookimpl
def get_metadata(datasette):
    """0.65 only (1.0a gets them in config at startup): label columns for the match tables' keys."""
    from .compat import label_metadata

    return label_metadata(datasette)


@hookimpl
def canned_queries(datasette, database):
    """0.65 only (1.0a gets the same queries at startup)."""
    from .web.stored import stored_queries

    return stored_queries(datasette, database)


@hookimpl
def permission_allowed(datasette, actor, action, resource):
    """0.65 only: the stored queries follow the permissions of the tables they read."""
    from .web.stored import stored_query_permission

    return stored_query_permission(datasette, actor, action, resource)


@hookimpl
def permission_resources_sql(datasette, actor, action):
    """1.0a only: the stored queries follow the permissions of the tables they read."""
    from .web.stored import stored_query_rules

    return stored_query_rules(datasette, actor, action)


@hookimpl
def database_actions(datasette, actor, database):
    from .web.menus import database_actions

    return database_actions(datasette, actor, database)


@hookimpl
def table_actions(datasette, actor, database, table):
    from .web.menus import table_actions

    return table_actions(datasette, actor, database, table)


@hookimpl
def row_actions(datasette, actor, database, table, row):
    """1.0a only; on 0.65 the statement_id cells below carry the link."""
    from .web.menus import row_actions

    return row_actions(datasette, actor, database, table, row)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    from .web.cells import render_cell

    return render_cell(datasette, database, table, column, value, row)
