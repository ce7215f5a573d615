"""SQL functions for ad-hoc questions in Datasette's SQL editor:

    crosscheck_score(a, b)    how alike two sentences are, 0-100 (the matcher's score)
    crosscheck_diff(a, b)     JSON list of word-level edits from a to b
    crosscheck_figures(text)  JSON list of the figures stated in text
    crosscheck_compare(a, b[, date_a, date_b])  JSON list of figure comparisons of two texts

Each imports its module when first called, so a module that fails to import never breaks Datasette's
startup; the error shows up in the query that used the function. NULL in, NULL out.

Arguments are read as SQLite's own text functions read them: a number as its text, a blob as UTF-8
text (a blob that is not UTF-8 gives NULL, as SQLite's date functions answer input they cannot read).
Each argument may hold at most MAX_ARGUMENT_CHARS characters: the work grows with the length and
SQLite's time limit cannot stop a function once it runs (a 1 MB pair took 21 s; 20,000 characters
take at most about 0.3 s). A longer one raises SQLite's "string or blob too big": Python's sqlite3
replaces the message of any other exception raised in a function with "user-defined function raised
exception", so no message of our own can reach the query's error; ours (function, length, limit) goes
to the server's log, where Datasette prints the tracebacks of functions.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from typing import Optional

MAX_ARGUMENT_CHARS = 20_000
# A UTF-8 character takes at most 4 bytes: a longer blob cannot be within the limit.
MAX_ARGUMENT_BYTES = 4 * MAX_ARGUMENT_CHARS


class ArgumentTooLong(OverflowError):
    """sqlite3 turns an OverflowError raised in a function into SQLite's "string or blob too big"."""


def as_text(value, function: str) -> Optional[str]:
    """`value` (any SQLite type) as the text the function works on; None for NULL or a non-UTF-8 blob."""
    if value is None:
        return None
    if isinstance(value, bytes):
        if len(value) > MAX_ARGUMENT_BYTES:
            raise ArgumentTooLong(f"{function}: a blob argument of {len(value):,} bytes; the limit is "
                                  f"{MAX_ARGUMENT_CHARS:,} characters")
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    elif not isinstance(value, str):
        value = str(value)  # int or float, as SQLite would cast it
    if len(value) > MAX_ARGUMENT_CHARS:
        raise ArgumentTooLong(f"{function}: an argument of {len(value):,} characters; the limit is "
                              f"{MAX_ARGUMENT_CHARS:,}")
    return value


def text_arguments(function):
    """Read every argument with as_text; NULL out if any is NULL (or unreadable)."""

    @functools.wraps(function)
    def wrapped(*values):
        texts = [as_text(v, function.__name__) for v in values]
        if any(t is None for t in texts):
            return None
        return function(*texts)

    return wrapped


@text_arguments
def crosscheck_score(a: str, b: str) -> float:
    from .match.scoring import crosscheck_score as score

    return float(score(a, b))


@text_arguments
def crosscheck_diff(a: str, b: str) -> str:
    from .match.diff import word_diff

    return json.dumps(word_diff(a, b), ensure_ascii=False)


@text_arguments
def crosscheck_figures(text: str) -> str:
    from .figures import extract_figures

    return json.dumps([figure.as_row() for figure in extract_figures(text)], ensure_ascii=False)


def crosscheck_compare(a, b, date_a=None, date_b=None) -> Optional[str]:
    """The figure comparison that fills `differences` (diff.compare_texts), `same` included. NULL
    texts give NULL; a NULL date is no date (the latest exchange rate is used), since publication dates
    are often unknown."""
    texts = [as_text(v, "crosscheck_compare") for v in (a, b)]
    dates = [as_text(v, "crosscheck_compare") for v in (date_a, date_b)]
    if any(t is None for t in texts):
        return None
    from .match.diff import compare_texts

    return json.dumps(compare_texts(*texts, *dates), ensure_ascii=False)


FUNCTIONS = [
    ("crosscheck_score", 2, crosscheck_score),
    ("crosscheck_diff", 2, crosscheck_diff),
    ("crosscheck_figures", 1, crosscheck_figures),
    ("crosscheck_compare", 2, crosscheck_compare),
    ("crosscheck_compare", 4, crosscheck_compare),
]


def register(conn) -> None:
    """Add the functions to a SQLite connection, as deterministic (SQLite may then reuse results and
    allows them in index expressions) where the SQLite library supports the flag (3.8.3+)."""
    for name, arity, fn in FUNCTIONS:
        try:
            conn.create_function(name, arity, fn, deterministic=True)
        except sqlite3.NotSupportedError:
            conn.create_function(name, arity, fn)
