"""Run pure, CPU-bound work on all cores: `fork_map(task, items)`.

The matcher's Python passes (analysing clauses, computing differences) read large shared inputs
(every sentence, every figure). Forked workers inherit those from the parent's memory, so only the
small work items and the results cross process boundaries. Where fork is not available (Windows,
macOS defaults) or the work is small, the task runs here, one item after another.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Iterator, List, Optional, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_task: Optional[Callable] = None  # the task of the running fork_map, inherited by its workers


def _run(item):
    return _task(item)


def workers_available(workers: Optional[int] = None) -> int:
    return max(1, workers or os.cpu_count() or 1)


def fork_map(task: Callable[[Item], Result], items: Sequence[Item], workers: Optional[int] = None) -> Iterator[Result]:
    """task(item) for each item, in order, computed in forked worker processes when there are several
    cores and items. `task` may be any callable, a closure over the caller's data included. Results
    are yielded as they come, so that the caller can write them while the workers go on."""
    global _task
    workers = min(workers_available(workers), len(items))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods() or _task is not None:
        yield from map(task, items)
        return
    _task = task
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_run, items)
    finally:
        _task = None


def ranges(total: int, parts: int, most: int) -> List[range]:
    """Split range(total) into consecutive ranges: at least `parts` of them when there is enough to
    share, none longer than `most` (so that workers finishing early pick up more)."""
    size = max(1, min(most, -(-total // max(parts, 1))))
    return [range(start, min(start + size, total)) for start in range(0, total, size)]
