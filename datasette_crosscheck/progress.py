"""Progress bars for long loads and matches: on stderr, only when it is a terminal.

The command line turns them on for a run (`with progress.shown(not quiet):`); the loader and the
matcher pass their batches through `progress.track(...)`: a parsed batch of articles, a worker's
share of the clauses, a part of the rows written. A bar moves once per batch, never per sentence,
and shows how much is done with its rate. Anywhere else (a library call, `--quiet`, stderr
redirected to a file or a pipe) `track` hands the items back untouched and nothing is printed.
"""

from __future__ import annotations

import contextlib
import itertools
import sys
import time
from typing import Callable, Iterable, Iterator, Optional, TextIO, TypeVar

import click

Item = TypeVar("Item")

_terminal: Optional[TextIO] = None  # where bars are drawn during a `shown` run; None: no bars


def is_terminal(file) -> bool:
    isatty = getattr(file, "isatty", None)
    return bool(isatty and isatty())


@contextlib.contextmanager
def shown(enabled: bool = True, file: Optional[TextIO] = None) -> Iterator[bool]:
    """Draw the bars of what runs inside, on `file` (stderr), when enabled and `file` is a
    terminal; yields whether bars are drawn."""
    global _terminal
    file = file or sys.stderr
    if not enabled or not is_terminal(file):
        yield False
        return
    previous, _terminal = _terminal, file
    try:
        yield True
    finally:
        _terminal = previous


def drawn() -> bool:
    """Are bars drawn now? (To spare the work of a total no bar shows.)"""
    return _terminal is not None


def track(
    items: Iterable[Item],
    label: str,
    total: Optional[int],
    size: Callable[[Item], int] = lambda item: 1,
    unit: Optional[str] = "",
    note: Optional[Callable[[float], str]] = None,
) -> Iterable[Item]:
    """`items` as they are, while a bar labelled `label` fills up to `total` (None: unknown):
    each item counts `size(item)` once the caller is done with it (asks for the next one)."""
    if _terminal is None:
        return items
    return _tracked(items, Bar(label, total, unit, _terminal, note), size)


def _tracked(items, bar: "Bar", size) -> Iterator:
    with bar:
        for item in items:
            yield item
            bar.advance(size(item))


@contextlib.contextmanager
def bar(label: str, total: Optional[int], unit: Optional[str] = "", note: Optional[Callable[[float], str]] = None):
    """A bar to move by hand (`.advance(steps)`), or one that does nothing when bars are off."""
    if _terminal is None:
        yield NO_BAR
        return
    with Bar(label, total, unit, _terminal, note) as shown_bar:
        yield shown_bar


def report(label: str, count: int, seconds: float, unit: str = "") -> None:
    """A step done in one go (no batches to follow): a full bar with its count and rate."""
    if _terminal is None:
        return
    with Bar(label, count, unit, _terminal) as done:
        done.started -= seconds  # the rate over the time the step took
        done.advance(count)


class Bar:
    """One click progress bar; after it the count done in `unit` (None: not shown) with its rate,
    and `note(seconds so far)` when given."""

    def __init__(self, label: str, total: Optional[int], unit: Optional[str], file: TextIO, note=None):
        self.label, self.total, self.unit, self.file, self.note = label, total, unit, file, note
        self.done = 0
        self.started = time.perf_counter()
        self.bar = None

    def __enter__(self) -> "Bar":
        self.started = time.perf_counter()
        known = bool(self.total)
        self.bar = click.progressbar(
            # an iterable without a length: click then draws a bar that moves to and fro
            iterable=None if known else itertools.count(), length=self.total if known else None,
            label=self.label, file=self.file, show_eta=known, show_percent=known, item_show_func=lambda text: text,
        ).__enter__()
        return self

    def advance(self, steps: int) -> None:
        self.done += steps
        self.bar.update(steps, self.describe())

    def describe(self) -> str:
        seconds = max(time.perf_counter() - self.started, 1e-6)
        parts = []
        if self.unit is not None:
            parts.append(f"{self.done:,}{' ' + self.unit if self.unit else ''}, {self.done / seconds:,.0f}/s")
        if self.note:
            parts.append(self.note(seconds))
        return "; ".join(parts)

    def __exit__(self, *exc) -> None:
        self.bar.__exit__(*exc)


class _NoBar:
    def advance(self, steps: int) -> None:
        pass


NO_BAR = _NoBar()
