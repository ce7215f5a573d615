import functools
import os

import pytest

from datasette_crosscheck.parallel import collector_paused, ranges, worker_pool


def test_ranges_cover_everything_once_in_order():
    parts = ranges(10, 3, 100)
    assert [list(p) for p in parts] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert [len(p) for p in ranges(10_000, 2, 1_000)] == [1_000] * 10  # no part longer than `most`
    assert ranges(0, 4, 10) == []
    assert [list(p) for p in ranges(3, 8, 10)] == [[0], [1], [2]]


def squares(offset, numbers):
    return [offset + n * n for n in numbers]


def pid(_):
    return os.getpid()


def process_map(function, items, workers):
    with worker_pool(workers) as pmap:
        return list(pmap(function, items))


def inner_pids(n):
    return process_map(pid, [n, n + 1], workers=2)


def fails_on_three(n):
    if n == 3:
        raise ValueError("bad item 3")
    return n


def test_worker_pool_keeps_order():
    parts = [list(part) for part in ranges(1_000, 8, 100)]
    task = functools.partial(squares, 1)
    with worker_pool(2) as pmap:
        results = pmap(task, iter(parts))  # an iterator of items, results as they come
        assert [x for found in results for x in found] == [1 + n * n for n in range(1_000)]
        assert list(pmap(task, parts[:3])) == list(map(task, parts[:3]))  # one pool, several maps
    assert process_map(task, parts, workers=1) == process_map(task, parts, workers=2)


def test_worker_pool_uses_other_processes():
    assert os.getpid() not in set(process_map(pid, range(4), workers=2))
    assert set(process_map(pid, range(4), workers=1)) == {os.getpid()}


def test_worker_pool_inside_a_worker_runs_serially():
    for found in process_map(inner_pids, [0, 10], workers=2):
        assert len(set(found)) == 1  # no pool inside the pool


_KEPT = []  # what a paused pass keeps, as diff.py's caches do


def paused_pass(size):
    import gc

    frozen_before = gc.get_freeze_count()
    with collector_paused():
        _KEPT.append([(n, str(n)) for n in range(size)])  # tracked objects that outlive the pass
    return gc.isenabled(), gc.get_freeze_count() - frozen_before, gc.get_count()[0]


def test_a_paused_pass_in_a_worker_freezes_what_it_keeps_out_of_later_collections():
    """The young generation after a paused pass holds all it kept: in a worker it is frozen (never
    scanned again), the collector is on again and its count starts afresh; in the parent, as it was."""
    import gc

    for enabled, newly_frozen, young in process_map(paused_pass, [5_000, 5_000], workers=2):
        assert enabled and newly_frozen >= 5_000 and young < 100
    frozen = gc.get_freeze_count()
    enabled, newly_frozen, _ = paused_pass(5_000)
    assert enabled and newly_frozen == 0 and gc.get_freeze_count() == frozen
    _KEPT.clear()


def test_worker_pool_raises_the_functions_error():
    with pytest.raises(ValueError, match="bad item 3"):
        process_map(fails_on_three, range(6), workers=2)


ORPHAN_SCRIPT = """
import os, signal, sys, time
from datasette_crosscheck.parallel import worker_pool

def long_task(_):
    with open(sys.argv[1], "a") as pids:
        print(os.getpid(), file=pids, flush=True)
    time.sleep(60)  # busy when the parent dies: only being told can stop it

if __name__ == "__main__":
    with worker_pool(2) as pmap:
        results = pmap(long_task, range(2))
        deadline = time.monotonic() + 20  # a busy machine can take a while to start both
        while time.monotonic() < deadline:
            with open(sys.argv[1]) as pids:
                if len(pids.read().split()) == 2:
                    break  # both workers are inside their task
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGKILL)  # the parent dies while its pool is up
"""


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as fp:
            return fp.read().split(") ")[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc to see which processes are alive")
def test_workers_die_with_their_parent(tmp_path):
    import subprocess
    import sys
    import time

    script = tmp_path / "orphans.py"
    script.write_text(ORPHAN_SCRIPT, encoding="utf-8")
    pids = tmp_path / "pids"
    pids.write_text("", encoding="utf-8")
    with open(tmp_path / "errors", "w+") as errors:  # a file: no pipe to wait on
        parent = subprocess.run([sys.executable, str(script), str(pids)], stderr=errors, timeout=60)
        errors.seek(0)
        assert parent.returncode == -9, errors.read()
    workers = [int(p) for p in pids.read_text(encoding="utf-8").split()]
    assert len(workers) == 2
    deadline = time.monotonic() + 5
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [p for p in workers if alive(p)]
    for pid in left:  # not to leave them behind when the test fails
        os.kill(pid, 9)
    assert not left, "workers outlived their killed parent"


def test_a_worker_whose_parent_is_gone_ends(monkeypatch):
    from datasette_crosscheck import parallel

    ended = []
    monkeypatch.setattr(parallel.os, "_exit", lambda code: ended.append(code))
    monkeypatch.setattr(parallel, "_kernel_kills_orphans", lambda: True)
    parallel.die_with_parent(os.getppid())
    assert ended == []
    parallel.die_with_parent(-1)  # not our parent: it died before the worker asked to be told
    assert ended == [1]


def test_the_watching_thread_ends_a_worker_whose_parent_went(monkeypatch):
    from datasette_crosscheck import parallel

    ended = []
    monkeypatch.setattr(parallel.os, "_exit", lambda code: ended.append(code))
    parallel._watch_parent(-1)  # where PR_SET_PDEATHSIG is missing; -1 is not our parent
    assert ended == [1]
