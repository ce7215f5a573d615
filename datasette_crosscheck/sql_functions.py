"""SQL functions for ad-hoc questions in Datasette's SQL editor:

    crosscheck_score(a, b)    how alike two sentences are, 0-100 (the matcher's score)
    crosscheck_diff(a, b)     JSON list of word-level edits from a to b
    crosscheck_figures(text)  JSON list of the figures stated in text

Each imports its module when first called, so a module that fails to import never breaks Datasette's
startup; the error shows up in the query that used the function. NULL in, NULL out.
"""

from __future__ import annotations

import json
import sqlite3


def crosscheck_score(a, b):
    if a is None or b is None:
        return None
    from .scoring import crosscheck_score as score

    return float(score(a, b))


def crosscheck_diff(a, b):
    if a is None or b is None:
        return None
    from .diff import word_diff

    return json.dumps(word_diff(a, b), ensure_ascii=False)


def crosscheck_figures(text):
    if text is None:
        return None
    from .figures import extract_figures

    return json.dumps([figure.as_row() for figure in extract_figures(text)], ensure_ascii=False)


FUNCTIONS = [
    ("crosscheck_score", 2, crosscheck_score),
    ("crosscheck_diff", 2, crosscheck_diff),
    ("crosscheck_figures", 1, crosscheck_figures),
]


def register(conn) -> None:
    """Add the functions to a SQLite connection, as deterministic (SQLite may then reuse results and
    allows them in index expressions) where the SQLite library supports the flag (3.8.3+)."""
    for name, arity, fn in FUNCTIONS:
        try:
            conn.create_function(name, arity, fn, deterministic=True)
        except sqlite3.NotSupportedError:
            conn.create_function(name, arity, fn)
