"""datasette-crosscheck: Datasette hooks only; the work lives in the modules they call."""

from datasette import hookimpl


@hookimpl
def register_commands(cli):
    from .cli import add_commands

    add_commands(cli)
