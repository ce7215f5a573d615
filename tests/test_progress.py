"""Progress bars (progress.py): on a terminal only, never with --quiet, moved per batch."""

import io
import os
import pty
import subprocess
import sys
from collections import Counter

import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

from datasette_crosscheck.ingest import load
from datasette_crosscheck import progress
from datasette_crosscheck.match.pipeline import match_database

from .conftest import ROOT, SEEDS

BAR_LABELS = ("Loading articles", "Scoring candidates", "Writing differences")  # load analyses the sentences


class Terminal(io.StringIO):
    def isatty(self):
        return True


def run_on_a_terminal(tmp_path, *options) -> tuple:
    """`datasette crosscheck load` of the seeds with its stderr on a pseudo-terminal: (stdout, what the terminal got)."""
    tmp_path.mkdir()
    master, terminal = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-c", "from datasette.cli import cli; cli()", "crosscheck", "load", str(tmp_path / "x.db"), SEEDS, *options],
        stdout=subprocess.PIPE, stderr=terminal, cwd=ROOT,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        shown += chunk
    stdout, _ = child.communicate()
    os.close(master)
    assert child.returncode == 0, shown
    return stdout.decode(), shown.decode()


def test_a_terminal_shows_each_step_with_its_rate_and_quiet_shows_nothing(tmp_path):
    stdout, shown = run_on_a_terminal(tmp_path / "bars")
    for label in BAR_LABELS:
        assert label in shown
    assert "4 articles loaded" in shown and "sentences written" in shown and "/s" in shown
    assert "4 articles loaded, 0 replaced" in stdout  # the summary stays on stdout
    stdout, shown = run_on_a_terminal(tmp_path / "quiet", "--quiet")
    assert stdout == "" and shown == ""


def test_no_bar_when_stderr_is_not_a_terminal(tmp_path):
    result = CliRunner().invoke(cli, ["crosscheck", "load", str(tmp_path / "x.db"), SEEDS])
    assert result.exit_code == 0, result.output
    assert "4 articles loaded" in result.output
    assert not any(label in result.output for label in BAR_LABELS) and "\r" not in result.output


def test_outside_the_command_line_nothing_is_tracked():
    items = [[1, 2], [3]]
    assert progress.track(items, "Analysing clauses", 3, len) is items
    with progress.shown(True, io.StringIO()):  # not a terminal
        assert progress.track(items, "Analysing clauses", 3, len) is items
        assert not progress.drawn()


def test_bars_move_per_batch_not_per_sentence(tmp_path, monkeypatch):
    moves = Counter()
    real = progress.Bar.advance
    monkeypatch.setattr(progress.Bar, "advance", lambda bar, steps: moves.update([bar.label]) or real(bar, steps))
    for outlet in ("a", "b"):
        folder = tmp_path / outlet
        folder.mkdir()
        for n in range(150):
            (folder / f"{n}.txt").write_text(
                f"Story {n}\n\nThe council of town {n} met on Monday. It voted {n} to 2 for the plan. The mayor agreed.\n",
                encoding="utf-8",
            )
    db = sqlite_utils.Database(tmp_path / "x.db")
    with progress.shown(True, Terminal()):
        load.load_paths(db, [str(tmp_path / "a"), str(tmp_path / "b")], workers=1)
        with db.conn:  # as in a database written before analyses were stored: match analyses them
            db.execute("update sentences set analysis = null")
        match_database(db)
    sentences = db["sentences"].count
    assert sentences >= 600
    assert moves["Loading articles"] == 2  # 300 articles: two batches of up to load.PARSE_BATCH
    assert 1 <= moves["Analysing clauses"] <= 20 and moves["Scoring candidates"] == 1
    assert sum(moves.values()) < sentences / 20
