"""benchmarks/revisions.py, which the compare_*.py benchmarks share: the row-for-row table comparison must
find a difference where there is one, and the child runner must run the version it is given."""

import importlib.util
import os
import sqlite3
import sys
from pathlib import Path

import pytest
import sqlite_utils

from datasette_crosscheck.ingest.load import load_paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def revisions():
    path = list(sys.path)
    spec = importlib.util.spec_from_file_location("revisions_benchmark", ROOT / "benchmarks" / "revisions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.path[:] = path  # the module puts benchmarks/ first on the path, for its own imports only
    return module


def database(path: Path, rows) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("create table t (id integer primary key, word text, at text)")
    conn.executemany("insert into t values (?, ?, ?)", rows)
    conn.commit()
    conn.close()
    return path


TABLES = {"t": "select * from t order by id"}


def test_same_tables_and_the_first_row_that_differs(revisions, tmp_path):
    rows = [(1, "a", "09:00"), (2, "b", "09:00"), (3, "c", "09:00")]
    a = database(tmp_path / "a.db", rows)
    assert revisions.differences(a, database(tmp_path / "same.db", rows), TABLES) == {"t": "same (3 rows)"}
    changed = database(tmp_path / "changed.db", [rows[0], (2, "B", "09:00"), rows[2]])
    verdict = revisions.differences(a, changed, TABLES)["t"]
    assert verdict.startswith("DIFFERENT: 3 vs 3 rows, first at row 1:") and "'B'" in verdict
    shorter = database(tmp_path / "shorter.db", rows[:2])
    assert revisions.differences(a, shorter, TABLES)["t"].startswith("DIFFERENT: 3 vs 2 rows, first at row 2:")


def test_skipped_columns_are_left_out_of_the_comparison(revisions, tmp_path):
    a = database(tmp_path / "a.db", [(1, "a", "09:00"), (2, "b", "09:00")])
    later = database(tmp_path / "later.db", [(1, "a", "10:00"), (2, "b", "10:30")])
    assert revisions.differences(a, later, TABLES)["t"].startswith("DIFFERENT")
    assert revisions.differences(a, later, TABLES, {"t": {"at"}}) == {"t": "same (2 rows)"}


CHILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
import datasette_crosscheck
if sys.argv[2] == "fail":
    raise SystemExit("told to fail")
print("noise first")
print(json.dumps({"argument": sys.argv[2], "module": datasette_crosscheck.__file__}))
"""


def test_the_child_runs_the_version_it_is_given(revisions, tmp_path):
    assert revisions.run_child(CHILD, ROOT, "x")["argument"] == "x"
    with pytest.raises(SystemExit, match="told to fail"):
        revisions.run_child(CHILD, ROOT, "fail")
    # no package in this folder: the child imports the installed one, which the runner refuses
    with pytest.raises(SystemExit, match="not the version in"):
        revisions.run_child(CHILD, tmp_path, "x")


def test_the_match_child_times_the_functions_named(revisions, tmp_path):
    loaded = tmp_path / "loaded.db"
    db = sqlite_utils.Database(loaded)
    load_paths(db, [str(ROOT / "seeds")])
    db.close()  # all in the file the runner copies
    run = revisions.run_match(ROOT, loaded, tmp_path / "matched.db", 1, ("read_units", "write_differences"))
    matched = sqlite3.connect(tmp_path / "matched.db")
    assert run["kept"] == matched.execute("select count(*) from matches").fetchone()[0] > 0
    assert set(run["timed"]) == {"read_units", "write_differences"}
    assert 0 < run["timed"]["read_units"] < run["seconds"] and run["timed"]["write_differences"] > 0
    assert os.path.getsize(loaded) and sqlite3.connect(loaded).execute("select count(*) from matches").fetchone()[0] == 0
