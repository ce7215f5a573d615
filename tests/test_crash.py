"""Crash safety, one writer at a time, and deterministic output, through the CLI in subprocesses on a
small generated corpus (tests/generated.py). A crash is a SIGKILL at a named point
(passes.kill_point, CROSSCHECK_TEST_KILL_AT); what the rerun leaves is compared, table by table,
with what an uninterrupted run leaves."""

import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from datasette_crosscheck import locking

from .generated import write_corpus

TABLES = ("articles", "sentences", "figures", "stories", "matches", "statements", "statement_sentences", "differences", "pending_passes",
          "story_terms", "story_article_terms", "story_postings", "story_state", "clause_terms", "clause_article_units", "clause_state")


def crosscheck(*args, kill_at=None, hash_seed="0"):
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    env.pop("CROSSCHECK_TEST_KILL_AT", None)
    if kill_at:
        env["CROSSCHECK_TEST_KILL_AT"] = kill_at
    return subprocess.run(
        [sys.executable, "-m", "datasette", "crosscheck", *map(str, args)], env=env, capture_output=True, text=True, timeout=120
    )


def load(db, *paths, kill_at=None, hash_seed="0", options=("--workers", "2")):
    result = crosscheck("load", db, *paths, *options, kill_at=kill_at, hash_seed=hash_seed)
    if kill_at:
        assert result.returncode == -9, result.stderr  # it died where it was told to
    else:
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return result


def tables(db):
    """Every row of every table (but the load time), in a stable order."""
    conn = sqlite3.connect(db)
    found = {}
    for table in TABLES:
        cursor = conn.execute(f"select * from [{table}]")
        columns = [c[0] for c in cursor.description]
        rows = [tuple(v for c, v in zip(columns, row) if c != "loaded_at") for row in cursor]
        found[table] = sorted(rows, key=repr)
    conn.close()
    return found


def assert_same_tables(db, expected):
    got = tables(db)
    assert {t: len(rows) for t, rows in got.items()} == {t: len(rows) for t, rows in expected.items()}
    for table in TABLES:
        assert got[table] == expected[table], f"{table} differs"


def copy_db(source, target):
    """A copy of a database that no process has open (with its WAL, when a killed run left one)."""
    for suffix in ("", "-wal"):
        if os.path.exists(f"{source}{suffix}"):
            shutil.copy(f"{source}{suffix}", f"{target}{suffix}")
    return target


def processes_running_on(db, wait=5.0):
    """Processes whose command line names the database (a loader and its forked workers), once those
    that are ending have had `wait` seconds to go; none where /proc cannot tell."""
    import time

    deadline = time.monotonic() + wait
    while True:
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc") if os.path.isdir("/proc") else []):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as fp:
                    named = str(db).encode() in fp.read()
                with open(f"/proc/{pid}/stat") as fp:
                    zombie = fp.read().split(") ")[1].split()[0] == "Z"
            except OSError:
                continue
            if named and not zombie:
                found.append(int(pid))
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory):
    """The tables of an uninterrupted load of the whole corpus."""
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    load(db, *corpus)
    found = tables(db)
    assert found["matches"] and found["statements"] and not found["pending_passes"]
    assert sum(1 for row in sqlite3.connect(db).execute("select 1 from sentences where boilerplate_reason like 'repeated%'")) > 100
    return found


def test_killed_after_the_first_outlets_batch_the_rerun_finishes_the_job(corpus, clean, tmp_path):
    db = tmp_path / "c.db"
    load(db, *corpus, kill_at="after-batch-1")
    stored = sqlite3.connect(db).execute("select count(distinct outlet), count(*) from articles").fetchone()
    assert stored[1] < len(clean["articles"])  # the kill left the load unfinished
    assert not processes_running_on(db)  # its parser processes died with it
    load(db, *corpus)
    assert_same_tables(db, clean)


@pytest.fixture(scope="module")
def killed_before_passes(corpus, tmp_path_factory):
    """A database whose load was killed after its last batch, before the corpus-wide passes."""
    db = tmp_path_factory.mktemp("killed") / "killed.db"
    load(db, *corpus, kill_at="before-passes")
    return db


def test_killed_before_the_corpus_wide_passes_the_rerun_finishes_the_job(corpus, clean, killed_before_passes, tmp_path):
    db = copy_db(killed_before_passes, tmp_path / "c.db")
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from articles").fetchone()[0] == len(clean["articles"])
    assert conn.execute("select count(*) from sentences where boilerplate_reason like 'repeated%'").fetchone()[0] == 0
    result = load(db, *corpus)  # every article is unchanged: the rerun still flags and matches
    assert f"{len(clean['articles'])} unchanged" in result.stdout
    assert f"{len(clean['articles'])} articles loaded earlier are not matched yet" in result.stdout
    assert_same_tables(db, clean)


def test_match_repairs_a_killed_load(clean, killed_before_passes, tmp_path):
    db = copy_db(killed_before_passes, tmp_path / "c.db")
    result = crosscheck("match", db, "--workers", "2")
    assert result.returncode == 0, result.stderr
    assert_same_tables(db, clean)


def test_killed_during_the_stories_pass_of_a_whole_load_the_run_dies_and_the_rerun_finishes(corpus, clean, tmp_path):
    # the whole corpus' stories are made on a worker while the matcher reads the clauses: a kill
    # there ends the run and its workers (nothing waits for a worker that is gone)
    db = tmp_path / "c.db"
    load(db, *corpus, kill_at="during-stories")
    assert not processes_running_on(db)
    assert sqlite3.connect(db).execute("select count(*) from articles where story_id is not null").fetchone()[0] == 0
    load(db, *corpus)
    assert_same_tables(db, clean)


@pytest.fixture(scope="module")
def first_two(corpus, tmp_path_factory):
    """A database with the first two outlets loaded and matched, to copy: (path, the files of the third)."""
    db = tmp_path_factory.mktemp("first-two") / "first-two.db"
    load(db, *corpus[:2])
    return db, corpus[2:]


@pytest.fixture(scope="module")
def incremental(first_two, tmp_path_factory):
    """The tables after an uninterrupted incremental load of the third outlet."""
    db = copy_db(first_two[0], tmp_path_factory.mktemp("incremental") / "c.db")
    load(db, *first_two[1])
    return tables(db)


def test_killed_during_an_incremental_match_the_rerun_matches_the_new_articles(first_two, incremental, tmp_path):
    db = copy_db(first_two[0], tmp_path / "c.db")
    load(db, *first_two[1], kill_at="during-match")
    result = load(db, *first_two[1])
    assert "0 articles loaded" in result.stdout and "not matched yet" in result.stdout
    assert_same_tables(db, incremental)


def test_killed_while_placing_the_new_articles_in_stories_the_rerun_places_and_matches_them(first_two, incremental, tmp_path):
    db = copy_db(first_two[0], tmp_path / "c.db")
    load(db, *first_two[1], kill_at="during-stories")
    result = load(db, *first_two[1])
    assert "0 articles loaded" in result.stdout and "not matched yet" in result.stdout
    assert_same_tables(db, incremental)


def test_a_second_loader_waits_for_the_first(first_two, incremental, tmp_path):
    db = copy_db(first_two[0], tmp_path / "c.db")
    before = tables(db)
    with locking.writer_lock(str(db), lambda message: None):  # as a first loader would
        second = subprocess.Popen(
            [sys.executable, "-m", "datasette", "crosscheck", "load", str(db), *map(str, first_two[1])],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert second.stderr.readline().startswith(f"waiting for another load or match of {db} to finish")
        assert tables(db) == before  # it wrote nothing while it waited
    stdout, stderr = second.communicate(timeout=120)
    assert second.returncode == 0 and "Traceback" not in stderr, stderr
    assert_same_tables(db, incremental)


def test_two_loaders_at_once_give_what_one_gives(first_two, incremental, tmp_path):
    db = copy_db(first_two[0], tmp_path / "c.db")
    command = [sys.executable, "-m", "datasette", "crosscheck", "load", str(db), *map(str, first_two[1])]
    both = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for process in both:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0 and "Traceback" not in stderr, stderr
    assert_same_tables(db, incremental)


def test_two_loaders_on_a_new_database(corpus, tmp_path):
    db = tmp_path / "new.db"
    command = [sys.executable, "-m", "datasette", "crosscheck", "load", str(db), str(corpus[1]), "--no-match"]
    both = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for process in both:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0 and "Traceback" not in stderr, stderr
    assert len(tables(db)["articles"]) == sum(1 for _ in open(corpus[1], encoding="utf-8"))


def test_the_same_files_give_the_same_tables_whatever_the_hash_seed_and_workers(corpus, clean, tmp_path):
    db = tmp_path / "c.db"
    load(db, *corpus, hash_seed="12345", options=("--workers", "1"))
    assert_same_tables(db, clean)
