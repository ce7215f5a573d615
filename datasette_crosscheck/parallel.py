"""Run pure, CPU-bound work on all cores: `process_map(function, items)`.

The matcher's Python passes (analysing clauses, computing differences) go through here. Each item
carries its own inputs, so a worker holds only the item it works on: forked workers that read the
parent's data instead touch (and so copy) most of its pages, which at a million sentences made three
processes of 2.7 GB each. Where fork is available it starts the workers (quick, nothing re-imported),
with the parent's objects frozen out of the workers' garbage collector, which would touch them all.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from typing import Callable, Iterable, Iterator, List, Optional, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_in_worker = False  # set in each worker: a process_map inside one runs serially


def _mark_worker():
    global _in_worker
    _in_worker = True


def workers_available(workers: Optional[int] = None) -> int:
    return max(1, workers or os.cpu_count() or 1)


def process_map(function: Callable[[Item], Result], items: Iterable[Item], workers: Optional[int] = None) -> Iterator[Result]:
    """function(item) for each item, in order, on `workers` processes (default: one per core).

    `function` must be picklable (a module-level function, or a functools.partial of one); items
    are sent to the workers as they free up, and results are yielded as they come, so that the
    caller can write them while the workers go on."""
    workers = workers_available(workers)
    if workers < 2 or _in_worker:
        yield from map(function, items)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    if "fork" in methods:
        gc.freeze()  # the workers' collector leaves the inherited objects (and their pages) alone
    try:
        pool = context.Pool(workers, initializer=_mark_worker)
    finally:
        if "fork" in methods:
            gc.unfreeze()
    with pool:
        yield from pool.imap(function, items)


def ranges(total: int, parts: int, most: int) -> List[range]:
    """Split range(total) into consecutive ranges: at least `parts` of them when there is enough to
    share, none longer than `most` (so that workers finishing early pick up more)."""
    size = max(1, min(most, -(-total // max(parts, 1))))
    return [range(start, min(start + size, total)) for start in range(0, total, size)]
