import os

import pytest

from datasette_crosscheck.parallel import fork_map, ranges


def test_ranges_cover_everything_once_in_order():
    parts = ranges(10, 3, 100)
    assert [list(p) for p in parts] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert [len(p) for p in ranges(10_000, 2, 1_000)] == [1_000] * 10  # no part longer than `most`
    assert ranges(0, 4, 10) == []
    assert [list(p) for p in ranges(3, 8, 10)] == [[0], [1], [2]]


def test_fork_map_keeps_order_and_sees_the_callers_data():
    data = {n: n * n for n in range(1_000)}  # not passed to the workers: they inherit it

    def task(part):
        return [data[n] + os.getpid() * 0 for n in part]

    parts = ranges(len(data), 8, 100)
    assert [x for found in fork_map(task, parts, workers=2) for x in found] == [n * n for n in range(1_000)]
    assert list(fork_map(task, parts, workers=1)) == list(fork_map(task, parts, workers=2))


def test_fork_map_uses_other_processes_when_it_can():
    pids = set(fork_map(lambda _: os.getpid(), list(range(4)), workers=2))
    if "fork" in __import__("multiprocessing").get_all_start_methods():
        assert os.getpid() not in pids
    assert set(fork_map(lambda _: os.getpid(), list(range(4)), workers=1)) == {os.getpid()}


def test_fork_map_inside_a_worker_runs_serially():
    def inner(n):
        return (n, os.getpid())

    def outer(n):
        return list(fork_map(inner, [n, n + 1], workers=2))

    for found in fork_map(outer, [0, 10], workers=2):
        assert len({pid for _, pid in found}) == 1  # no pool inside the pool


def test_fork_map_raises_the_tasks_error():
    def task(n):
        if n == 3:
            raise ValueError("bad item 3")
        return n

    with pytest.raises(ValueError, match="bad item 3"):
        list(fork_map(task, list(range(6)), workers=2))
