"""The README's SQL examples run on the seed corpus and answer what they say they answer."""

import os
import re

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

from .conftest import ROOT, SEEDS


def readme_sql_statements():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fp:
        blocks = re.findall(r"```sql\n(.*?)```", fp.read(), re.S)
    statements = [s.strip() for block in blocks for s in block.split(";")]
    return [s for s in statements if s and not all(line.startswith("--") for line in s.splitlines())]


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("readme") / "corpus.db"
    assert CliRunner().invoke(cli, ["crosscheck", "load", str(path), SEEDS]).exit_code == 0
    db = sqlite_utils.Database(path)
    from datasette_crosscheck.sql_functions import register

    register(db.conn)
    return db


def test_readme_has_sql_examples():
    assert len(readme_sql_statements()) >= 6


@pytest.mark.parametrize("sql", readme_sql_statements())
def test_readme_sql_returns_rows(seeds_db, sql):
    assert list(seeds_db.query(sql)), sql


def test_readme_lafarge_question(seeds_db):
    [sql] = [s for s in readme_sql_statements() if "protection money" in s]
    rows = list(seeds_db.query(sql))
    assert "compatible" in {r["verdict"] for r in rows}
    assert any(r["figure_b"] == "at least €13,000,000" for r in rows)
