"""Run pure, CPU-bound work on all cores: `with worker_pool() as pmap: pmap(function, items)`.

The matcher's Python passes (analysing clauses, computing differences) go through here. Each item
carries its own inputs, and the workers start before the caller builds its large data: a forked
worker shares its parent's pages only until either side writes to them, and the parent keeps
writing (at a million sentences, workers forked late held 1.7-2.7 GB each). Where fork is
available it starts the workers (quick, nothing re-imported), with the parent's objects frozen out
of the workers' garbage collector, which would otherwise touch them all.

Workers die with their parent: a loader killed with SIGKILL must not leave processes behind that
hold the database open. On Linux the kernel sends them SIGKILL when the parent dies
(PR_SET_PDEATHSIG); elsewhere a thread in each worker watches for the parent to go.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from typing import Callable, Iterator, List, Optional, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_in_worker = False  # set in each worker: a worker_pool inside one maps serially
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PARENT_POLL_SECONDS = 0.5  # how often a worker without PR_SET_PDEATHSIG checks on its parent


def _start_worker(parent: int) -> None:
    """Each worker's initializer: mark it as a worker, and make it die with `parent`."""
    global _in_worker
    _in_worker = True
    die_with_parent(parent)


def die_with_parent(parent: int) -> None:
    """End this process when the process `parent` ends, however it ends (kill -9 included)."""
    if not _kernel_kills_orphans():
        threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()
    if os.getppid() != parent:  # the parent died before we asked to be told
        os._exit(1)


def _kernel_kills_orphans() -> bool:
    """Ask Linux to send this process SIGKILL when its parent dies; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def workers_available(workers: Optional[int] = None) -> int:
    return max(1, workers or os.cpu_count() or 1)


PoolMap = Callable[..., Iterator[Result]]  # pmap(function, items, chunksize=1)


@contextlib.contextmanager
def worker_pool(workers: Optional[int] = None) -> Iterator[PoolMap]:
    """A map over `workers` processes (default: one per core), started now: pmap(function, items)
    yields function(item) for each item, in order, as results come, so that the caller can write
    them while the workers go on (`chunksize` items are sent to a worker at a time). `function`
    must be picklable (a module-level function, or a functools.partial of one). With one worker,
    or inside a worker, it maps here. The workers end with the pool, or with this process."""
    workers = workers_available(workers)
    if workers < 2 or _in_worker:
        yield _serial_map
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    gc.freeze()  # the workers' collector leaves the inherited objects (and their pages) alone
    try:
        pool = context.Pool(workers, initializer=_start_worker, initargs=(os.getpid(),))
    finally:
        gc.unfreeze()
    with pool:
        yield lambda function, items, chunksize=1: pool.imap(function, items, chunksize)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off, for a pass that makes many objects and keeps many (its
    caches) but makes no reference cycles, which refcounting frees alone: the collector's full
    passes would scan every kept object again and again (at the 1M shape about as long as the
    differences' own work). As it was after. In a worker, what the pass keeps is frozen out of the
    collector then: its young generation holds every cache entry the pass made, and the first pass
    after would scan them all, and the older ones again later (15% of the differences' CPU)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _in_worker:
            gc.freeze()  # (a worker runs only such passes: nothing it holds then is a cycle to collect)
        if was_enabled:
            gc.enable()


def _serial_map(function, items, chunksize=1):
    return map(function, items)


def is_serial(pmap: PoolMap) -> bool:
    """Whether `pmap` maps in this process (one worker, or inside a worker)."""
    return pmap is _serial_map or pmap is map


def begun(pmap: PoolMap, function: Callable[[Item], Result], item: Item) -> Callable[[], Result]:
    """function(item) begun now on a worker, while the caller goes on (the pool sends its tasks at
    once); the call returned waits for the result, raising what the function raised (with a
    serial pmap the function runs then)."""
    results, found = pmap(function, [item]), []

    def result() -> Result:
        if not found:
            found.append(next(iter(results)))
        return found[0]

    return result


def in_worker() -> bool:
    """Whether this process is one of worker_pool's workers."""
    return _in_worker


def ranges(total: int, parts: int, most: int) -> List[range]:
    """Split range(total) into consecutive ranges: at least `parts` of them when there is enough to
    share, none longer than `most` (so that workers finishing early pick up more)."""
    size = max(1, min(most, -(-total // max(parts, 1))))
    return [range(start, min(start + size, total)) for start in range(0, total, size)]
