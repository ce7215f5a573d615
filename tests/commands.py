"""`datasette crosscheck ...` run the way a user runs it, through click's runner (one copy for every test file)."""

import sqlite3

from click.testing import CliRunner
from datasette.cli import cli


def crosscheck(*args):
    """The command's result, whatever its exit code."""
    return CliRunner().invoke(cli, ["crosscheck", *map(str, args)], catch_exceptions=False)


def crosscheck_ok(*args):
    """The command's result; it must have succeeded."""
    result = crosscheck(*args)
    assert result.exit_code == 0, result.output
    return result


def copy_database(source, target):
    """A database copied through SQLite's backup (WAL mode: a file copy could miss the latest pages)."""
    with sqlite3.connect(source) as a, sqlite3.connect(target) as b:
        a.backup(b)
    return target
