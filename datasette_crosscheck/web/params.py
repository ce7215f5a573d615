"""What every crosscheck page does with its input before it reads the database: each query parameter
and path id checked (400 with a message saying what is allowed, 404 for an id that cannot exist), and
one error boundary that turns errors into clear answers (JSON for `.json` URLs) with no SQL in them.

    @handles_errors
    async def my_view(request, datasette):
        db = await access.visible_database(datasette, request)
        number = path_id(request, "story_id", "story")
        size = page_size(request.args, default=50, maximum=500)
        min_outlets = integer(request.args, "min_outlets", low=1, high=MAX_COUNT)
"""

from __future__ import annotations

import functools
import math
import re
import sqlite3
from typing import Optional

from datasette.database import QueryInterrupted
from datasette.utils.asgi import Base400, BadRequest, NotFound, Response
from datasette.views.base import DatasetteError

# SQLite's integers are signed 64-bit: a larger id cannot be in any table.
SQLITE_MAX_INT = 2**63 - 1
# Counts a user might ask for (outlets, articles): more than any corpus holds, far below SQLite's limit.
MAX_COUNT = 1_000_000
# Longest id string worth parsing (2**63 has 19 digits; Python refuses ints of over 4,300 digits).
MAX_ID_DIGITS = 30
MAX_TEXT_CHARS = 500
TRUE_VALUES = {"1", "true", "on", "yes"}
FALSE_VALUES = {"", "0", "false", "off", "no"}
# C0 controls but tab, newline and carriage return, and DEL: never typed into a search box, and NUL
# ends a string inside SQLite's full-text parser.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def wants_json(request) -> bool:
    return request.url_vars.get("format") == "json"


# ---------------------------------------------------------------------------------------------
# Path ids and query parameters


def path_id(request, name: str, what: str) -> int:
    """The integer id in the URL's `name` part; 404 when no row can have it (negative, over 2**63)."""
    raw = request.url_vars[name]
    number = whole_number(raw)
    if number is None or not 0 <= number <= SQLITE_MAX_INT:
        raise NotFound(f"No {what} {shorten(raw)}: {what} ids are whole numbers from 0 to {SQLITE_MAX_INT}")
    return number


def whole_number(text: str) -> Optional[int]:
    text = text.strip()
    if not re.fullmatch(r"[+-]?\d{1,%d}" % MAX_ID_DIGITS, text):
        return None
    return int(text)


def integer(args, name: str, low: int, high: int, default: Optional[int] = None) -> Optional[int]:
    """An integer parameter from `low` to `high`, or `default` when it is absent or empty."""
    raw = args.get(name)
    if raw is None or raw.strip() == "":
        return default
    number = whole_number(raw)
    if number is None or not low <= number <= high:
        raise BadRequest(f"{name} must be a whole number from {low:,} to {high:,}")
    return number


def number(args, name: str, low: float, high: float) -> Optional[float]:
    """A finite number from `low` to `high` (NaN and infinities are refused), or None when absent."""
    raw = args.get(name)
    if raw is None or raw.strip() == "":
        return None
    try:
        value = float(raw) if len(raw) <= MAX_ID_DIGITS * 2 else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not low <= value <= high:
        raise BadRequest(f"{name} must be a number from {low:g} to {high:g}")
    return value


def page_size(args, default: int, maximum: int) -> int:
    """`_size`: a whole number from 1; above `maximum` it is cut to `maximum` (as the JSON's size says);
    `max` asks for the maximum."""
    raw = args.get("_size")
    if raw is not None and raw.strip().lower() == "max":
        return maximum
    if raw is None or raw.strip() == "":
        return min(default, maximum)
    size = whole_number(raw)
    if size is None or size < 1:
        raise BadRequest(f"_size must be a whole number of at least 1 (or max); a page holds at most {maximum:,}")
    return min(size, maximum)


def flag(args, name: str) -> bool:
    raw = (args.get(name) or "").strip().lower()
    if raw in TRUE_VALUES:
        return True
    if raw in FALSE_VALUES:
        return False
    raise BadRequest(f"{name} must be 1 or 0 (true or false)")


def text(args, name: str, max_chars: int = MAX_TEXT_CHARS) -> Optional[str]:
    """A free-text parameter, stripped; None when empty. 400 for control characters or over `max_chars`."""
    value = (args.get(name) or "").strip()
    check_text(name, value, max_chars)
    return value or None


def texts(args, name: str, max_count: int, max_chars: int = MAX_TEXT_CHARS) -> list[str]:
    """A repeatable text parameter (`outlet=A&outlet=B`), empty values left out."""
    values = [v.strip() for v in args.getlist(name) if v.strip()]
    if len(values) > max_count:
        raise BadRequest(f"At most {max_count} {name} values are allowed")
    for value in values:
        check_text(name, value, max_chars)
    return values


def check_text(name: str, value: str, max_chars: int) -> None:
    if len(value) > max_chars:
        raise BadRequest(f"{name} is limited to {max_chars:,} characters")
    if CONTROL_CHARACTERS.search(value):
        raise BadRequest(f"{name} may not contain control characters")


def shorten(raw: str, limit: int = 40) -> str:
    return raw if len(raw) <= limit else raw[:limit] + "…"


# ---------------------------------------------------------------------------------------------
# The error boundary


def handles_errors(view):
    """Wrap a page: 400/403/404 as JSON for a .json URL (0.65 would answer some with HTML); Datasette's
    time limit as a 503 that names the limit, never the SQL; a busy database as a 503 too."""

    @functools.wraps(view)
    async def wrapped(request, datasette):
        try:
            return await view(request, datasette)
        except Base400 as error:
            if not wants_json(request):
                raise
            return error_response(request, str(error), error.status)
        except QueryInterrupted:
            limit = datasette.sql_time_limit_ms  # the limit each query runs under
            return await unavailable(
                datasette, request, "Too slow",
                f"This page took longer than the server's time limit ({limit:,} ms) to read. "
                "Try again in a moment, or narrow it down (fewer filters, a later page).",
            )
        except sqlite3.OperationalError as error:
            if not is_busy(error):
                raise
            return await unavailable(
                datasette, request, "Database busy", "The database is busy with a write. Try again in a moment."
            )

    return wrapped


def is_busy(error: sqlite3.OperationalError) -> bool:
    return any(word in str(error).lower() for word in ("locked", "busy"))


def error_response(request, message: str, status: int) -> Response:
    return Response.json({"ok": False, "error": message, "status": status}, status=status)


async def unavailable(datasette, request, title: str, message: str) -> Response:
    if wants_json(request):
        return error_response(request, message, 503)
    raise DatasetteError(message, title=title, status=503)  # Datasette's own error page
