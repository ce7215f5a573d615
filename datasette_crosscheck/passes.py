"""What a load leaves to do over the whole corpus, kept in the database so that any run finishes it.

Storing an article adds, in the same transaction, one `pending_passes` row per corpus-wide pass;
a pass deletes the rows of the articles it has done in the transaction that writes its results.
A load killed at any point therefore leaves the database saying what is left, and the next `load`
(even of files that are all unchanged) or `match` does it.

The passes, in the order they run (each reads what the ones before it wrote):

- `repeated`: flag the sentences that recur across articles of one outlet (load.flag_pending);
- stories would come here: the stories pass works on the articles whose `story_id` is NULL, which
  is state of the same kind, written with the article (its corpus-wide term counts, story_state.py,
  are written in the transaction that places the articles);
- `match`: match the article's clauses against the corpus (match.match_database).

`kill_point` is a test hook: it stops the process with SIGKILL at a named point when the
environment variable CROSSCHECK_TEST_KILL_AT names it, so that tests can crash a run exactly there.
"""

from __future__ import annotations

import os
import signal
from typing import Iterable, List, Optional, Sequence

from .parallel import in_worker

REPEATED = "repeated"
MATCH = "match"
PASSES = (REPEATED, MATCH)  # in the order they run
TABLE = "pending_passes"
KILL_AT = "CROSSCHECK_TEST_KILL_AT"
CHUNK = 500  # ids per statement (SQLite's variable limit)


def mark_pending(conn, article_ids: Iterable[int], passes: Sequence[str] = PASSES) -> None:
    """The passes still to run over these articles (inside the caller's transaction)."""
    rows = [(name, article_id) for article_id in article_ids for name in passes]
    conn.executemany(f"insert or ignore into {TABLE} (pass, article_id) values (?, ?)", rows)


def pending(conn, name: str) -> List[int]:
    """Ids of the articles that the pass `name` has still to run over, ascending."""
    return [row[0] for row in conn.execute(f"select article_id from {TABLE} where pass = ? order by article_id", [name])]


def mark_done(conn, name: str, article_ids: Optional[Iterable[int]] = None) -> None:
    """The pass `name` has run over these articles (all articles: None), in the transaction that
    wrote its results."""
    if article_ids is None:
        conn.execute(f"delete from {TABLE} where pass = ?", [name])
        return
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ", ".join("?" for _ in chunk)
        conn.execute(f"delete from {TABLE} where pass = ? and article_id in ({marks})", [name, *chunk])


def adopt_corpus(conn) -> None:
    """A corpus written before this table existed: a corpus that was never matched (loaded with
    --no-match, or killed before matching) has both passes left over all its articles."""
    if conn.execute("select count(*) from matches").fetchone()[0] == 0:
        conn.execute(f"insert or ignore into {TABLE} (pass, article_id) select ?, id from articles", [REPEATED])
        conn.execute(f"insert or ignore into {TABLE} (pass, article_id) select ?, id from articles", [MATCH])


def kill_point(name: str) -> None:
    """Test hook: die here, as kill -9 would, when CROSSCHECK_TEST_KILL_AT is `name`."""
    if os.environ.get(KILL_AT) == name:
        if in_worker():  # the run dies (its workers die with it), not a worker it would wait for
            os.kill(os.getppid(), signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)
