"""Run pure, CPU-bound work on all cores: `with worker_pool() as pmap: pmap(function, items)`.

The matcher's Python passes (analysing clauses, computing differences) go through here. Each item
carries its own inputs, and the workers start before the caller builds its large data: a forked
worker shares its parent's pages only until either side writes to them, and the parent keeps
writing (at a million sentences, workers forked late held 1.7-2.7 GB each). Where fork is
available it starts the workers (quick, nothing re-imported), with the parent's objects frozen out
of the workers' garbage collector, which would otherwise touch them all.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from typing import Callable, Iterable, Iterator, List, Optional, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_in_worker = False  # set in each worker: a worker_pool inside one maps serially


def _mark_worker():
    global _in_worker
    _in_worker = True


def workers_available(workers: Optional[int] = None) -> int:
    return max(1, workers or os.cpu_count() or 1)


PoolMap = Callable[[Callable[[Item], Result], Iterable[Item]], Iterator[Result]]


@contextlib.contextmanager
def worker_pool(workers: Optional[int] = None) -> Iterator[PoolMap]:
    """A map over `workers` processes (default: one per core), started now: pmap(function, items)
    yields function(item) for each item, in order, as results come, so that the caller can write
    them while the workers go on. `function` must be picklable (a module-level function, or a
    functools.partial of one). With one worker, or inside a worker, it maps here."""
    workers = workers_available(workers)
    if workers < 2 or _in_worker:
        yield _serial_map
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    gc.freeze()  # the workers' collector leaves the inherited objects (and their pages) alone
    try:
        pool = context.Pool(workers, initializer=_mark_worker)
    finally:
        gc.unfreeze()
    with pool:
        yield lambda function, items: pool.imap(function, items)


def _serial_map(function, items):
    return map(function, items)


def ranges(total: int, parts: int, most: int) -> List[range]:
    """Split range(total) into consecutive ranges: at least `parts` of them when there is enough to
    share, none longer than `most` (so that workers finishing early pick up more)."""
    size = max(1, min(most, -(-total // max(parts, 1))))
    return [range(start, min(start + size, total)) for start in range(0, total, size)]
