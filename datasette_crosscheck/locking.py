"""One writer at a time: `load` and `match` hold a lock on their database for the whole run.

SQLite alone would let two loaders interleave their batches and matches (one of them then dies on
a duplicate match id, or on "database is locked" while creating the schema). The lock is a POSIX
record lock on a file next to the database, `DATABASE-crosscheck-lock`: the system releases it
when the process ends, however it ends, and the processes a loader forks do not hold it. Readers
(Datasette) never take it: in WAL mode they read while a load writes.
"""

from __future__ import annotations

import contextlib
import os
from typing import Callable, Iterator

try:
    import fcntl
except ImportError:  # not a POSIX system: no lock, as before
    fcntl = None

SUFFIX = "-crosscheck-lock"


def lock_path(database: str) -> str:
    return os.fspath(database) + SUFFIX


@contextlib.contextmanager
def writer_lock(database: str, waiting: Callable[[str], None]) -> Iterator[None]:
    """Hold the database's writer lock in the block; when another run holds it, call `waiting`
    with a message, then wait for it to finish."""
    if fcntl is None:
        yield
        return
    with open(lock_path(database), "a+b") as fp:
        try:
            fcntl.lockf(fp, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            waiting(f"waiting for another load or match of {database} to finish")
            fcntl.lockf(fp, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.lockf(fp, fcntl.LOCK_UN)
