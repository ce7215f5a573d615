"""Full dates stated in text: "October 17, 2019", "16 November 2015", "2019-10-17", "17/10/2019".

Only dates with a day, a month and a year count; a numeric one that could be read either way
(5/6/2019) is left out.
"""

from __future__ import annotations

import datetime
import re
from typing import List, NamedTuple, Optional, Tuple

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
ORDINAL = r"(?:st|nd|rd|th)?"
DATE_PATTERNS = [
    re.compile(rf"\b{MONTH}\s+(?P<day>\d{{1,2}}){ORDINAL},?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}}){ORDINAL}(?:\s+|-)(?:of\s+)?{MONTH}(?:,?\s+|-)(?P<year>\d{{4}})\b", re.I),
    re.compile(r"\b(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"),
    re.compile(r"\b(?P<first>\d{1,2})[/.](?P<second>\d{1,2})[/.](?P<year>\d{4})\b"),
]
HAS_YEAR = re.compile(r"\d{4}")


class DateMatch(NamedTuple):
    start: int
    end: int
    iso: str


def find_dates(text: str) -> List[DateMatch]:
    """Every full date (day, month and year) stated in text, in order; ambiguous ones left out."""
    if not HAS_YEAR.search(text):
        return []
    found = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            iso = date_from_match(match)
            if iso:
                found.append(DateMatch(match.start(), match.end(), iso))
    found.sort()
    return [date for i, date in enumerate(found) if i == 0 or date.start >= found[i - 1].end]


def parse_date(text: str) -> Optional[str]:
    """The first full date in text as YYYY-MM-DD, or None."""
    dates = find_dates(text)
    return dates[0].iso if dates else None


def date_from_match(match: re.Match) -> Optional[str]:
    parts = match.groupdict()
    year = int(parts["year"])
    if parts.get("first"):
        month_day = numeric_month_day(int(parts["first"]), int(parts["second"]))
        if month_day is None:
            return None
        month, day = month_day
    else:
        month_text = parts["month"]
        month = int(month_text) if month_text.isdigit() else MONTHS[month_text[:3].lower()]
        day = int(parts["day"])
    if not 1800 <= year <= 2100:
        return None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def numeric_month_day(first: int, second: int) -> Optional[Tuple[int, int]]:
    """17/10/2019 is day first, 10/17/2019 month first; 5/6/2019 could be either: unknown."""
    if first > 12 >= second:
        return second, first
    if second > 12 >= first:
        return first, second
    if first == second:
        return first, first
    return None
