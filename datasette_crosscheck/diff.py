"""Where two matched sentences differ: their wording, and their figures.

Pure functions; `match.py` turns their results into rows of the `differences` table.

Wording: `word_diff` aligns the two sentences word by word (rapidfuzz `Indel`, i.e. the longest common
subsequence of words), ignoring case and punctuation, and returns every edit with character offsets
into the original sentences. To render a sentence with <ins>/<del>, walk the ops in order: the text
of a sentence between one op's end offset and the next op's start offset is only spacing or
punctuation; an insert sits at `a_start == a_end` (before the next word of a, or after the last).

Figures: `compare_figures` reads each figure as an interval of possible values (the `low`/`high`
its wording allows), brings both sides to one unit (currency at the publication date's ECB rate,
unit of measure, rate per year) and gives a verdict:
    same               the same amount, unit and period
    compatible         both can be true (the intervals overlap); one is vaguer or rounder
    conflict           both cannot be true
    different measure  a rate against a total, or different kinds of things (EUR vs km, meetings vs people)
`figure_differences` pairs the figures of two sentences and adds "missing" rows for figures only
one side states.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
import unicodedata
from typing import NamedTuple, Optional

from rapidfuzz.distance import Indel

# ---------------------------------------------------------------------------------------------
# Words

# Symbols that carry meaning next to a number or in a name, so they stay part of the word.
_MEANINGFUL_PUNCTUATION = "%‰&@#§"


def _punctuation_class() -> str:
    """A regex character class body of the Unicode punctuation (P*) of the basic plane."""
    chars = (
        chr(code)
        for code in range(0x10000)
        if unicodedata.category(chr(code)).startswith("P") and chr(code) not in _MEANINGFUL_PUNCTUATION
    )
    return "".join(re.escape(c) for c in chars)


_P = _punctuation_class()
# A word: non-space, non-punctuation runs, joined by punctuation inside it ("$20,000", "U.S", "F-15Es").
# Punctuation at its edges ("(ISIS)", "organisation,") is left out; dashes standing alone are no words.
_WORD = re.compile(rf"[^\s{_P}]+(?:[{_P}]+[^\s{_P}]+)*")
# Punctuation inside a word does not count when comparing, except a decimal point ("13.5" is not "135").
_INNER_PUNCTUATION = re.compile(rf"(?!(?<=\d)\.(?=\d))[{_P}]")


def _word_key(word: str) -> str:
    """What makes two words equal: case and punctuation do not count."""
    key = word.casefold()
    return key if key.isalnum() else _INNER_PUNCTUATION.sub("", key)


@functools.lru_cache(maxsize=1 << 16)  # a sentence is compared in several matches
def _words(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...]]:
    """Character spans of the words of `text`, and their comparison keys."""
    spans, keys = [], []
    for m in _WORD.finditer(text):
        spans.append(m.span())
        keys.append(_word_key(m.group()))
    return tuple(spans), tuple(keys)


def _char_range(spans: tuple[tuple[int, int], ...], first: int, last: int, text: str) -> tuple[int, int]:
    """Character offsets of words [first, last); an empty range is the point before word `first`."""
    if first < last:
        return spans[first][0], spans[last - 1][1]
    if first < len(spans):
        return spans[first][0], spans[first][0]
    end = spans[-1][1] if spans else len(text)
    return end, end


def _merged_opcodes(keys_a: tuple[str, ...], keys_b: tuple[str, ...]) -> list[tuple[str, int, int, int, int]]:
    """Word-index edit ops, with every run of adjacent non-equal ops merged into one."""
    merged: list[list] = []
    for tag, a1, a2, b1, b2 in Indel.opcodes(keys_a, keys_b).as_list():
        if merged and tag != "equal" and merged[-1][0] != "equal":
            merged[-1][2], merged[-1][4] = a2, b2
        else:
            merged.append([tag, a1, a2, b1, b2])
    for op in merged:
        if op[0] != "equal":
            has_a, has_b = op[2] > op[1], op[4] > op[3]
            op[0] = "replace" if has_a and has_b else ("delete" if has_a else "insert")
    return [tuple(op) for op in merged]


def word_diff(a: str, b: str) -> list[dict]:
    """Word-level edits that turn sentence `a` into sentence `b`, equal stretches included.

    Each op: {"op": "equal"|"replace"|"insert"|"delete", "a": surface words of a, "b": surface words
    of b, "a_start", "a_end", "b_start", "b_end": character offsets}. Case and punctuation differences
    do not make words differ; the returned text is always the original surface.
    """
    spans_a, keys_a = _words(a)
    spans_b, keys_b = _words(b)
    ops = []
    for tag, a1, a2, b1, b2 in _merged_opcodes(keys_a, keys_b):
        a_start, a_end = _char_range(spans_a, a1, a2, a)
        b_start, b_end = _char_range(spans_b, b1, b2, b)
        ops.append(
            {
                "op": tag,
                "a": a[a_start:a_end],
                "b": b[b_start:b_end],
                "a_start": a_start,
                "a_end": a_end,
                "b_start": b_start,
                "b_end": b_end,
            }
        )
    return ops


# Capitalised at the start of a sentence without being a name.
_NOT_NAMES = frozenset(
    "a an the he she it they we i you this that these those his her its their our my there here "
    "in on at by for from with but and or if when while as after before however yet so "
    # capitalised, but times rather than names: a changed day is a wording (or date) difference
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december".split()
)
_NAME_CONNECTORS = 3  # lower-case words this short may sit inside a name: "of", "al", "de", "bin"


def _looks_like_name(text: str) -> bool:
    """Capitalised words, as names are: "Daesh", "Islamic State", "Bank of England"."""
    words = _WORD.findall(text)
    if not words or words[0].casefold() in _NOT_NAMES or any(c.isdigit() for c in text):
        return False

    def capitalised(word: str) -> bool:
        return word[0].isupper()

    inner_ok = all(capitalised(w) or (w.islower() and len(w) <= _NAME_CONNECTORS) for w in words[1:-1])
    return capitalised(words[0]) and capitalised(words[-1]) and inner_ok


@functools.lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    """Normal form of a phrase for alias look-up: lower case, no punctuation, no leading "the"."""
    keys = [_word_key(w) for w in _WORD.findall(text)]
    if len(keys) > 1 and keys[0] == "the":
        keys = keys[1:]
    return " ".join(keys)


def _same_alias(a: str, b: str, aliases: Optional[dict]) -> bool:
    if not aliases:
        return False
    fa, fb = _fold(a), _fold(b)
    return (fa in aliases or fb in aliases) and aliases.get(fa, fa) == aliases.get(fb, fb)


def wording_differences(a: str, b: str, aliases: Optional[dict] = None) -> list[dict]:
    """The non-equal ops of `word_diff(a, b)` as difference rows.

    kind "name" (instead of "wording") for a replacement that looks like a name variant (both sides
    capitalised) or that `aliases` (variant -> canonical, lower-case keys) folds to one canonical name;
    detail.alias says whether the aliases did. detail.numeric marks edits with digits, which the
    figure comparison covers too.
    """
    rows = []
    for op in word_diff(a, b):
        if op["op"] == "equal":
            continue
        detail = {key: op[key] for key in ("a_start", "a_end", "b_start", "b_end")}
        kind = "wording"
        if op["op"] == "replace":
            alias = _same_alias(op["a"], op["b"], aliases)
            if alias or (_looks_like_name(op["a"]) and _looks_like_name(op["b"])):
                kind = "name"
                detail["alias"] = alias
        if any(c.isdigit() for c in op["a"] + op["b"]):
            detail["numeric"] = True
        rows.append({"kind": kind, "verdict": op["op"], "a": op["a"], "b": op["b"], "detail": detail})
    return rows


# ---------------------------------------------------------------------------------------------
# Figures

# Amounts after a conversion (currency or unit) within 5% count as the same: outlets convert at
# their own day's rate and round the result.
CONVERTED_TOLERANCE = 0.05
# An "about" figure that came without bounds covers 10% either side.
ABOUT = 0.10

PERIODS_PER_YEAR = {"hour": 24 * 365, "day": 365, "week": 52, "month": 12, "quarter": 4, "year": 1}
_PERIOD_ALIASES = {"daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter",
                   "annual": "year", "yearly": "year", "annually": "year", "days": "day", "weeks": "week",
                   "months": "month", "years": "year", "hours": "hour", "hourly": "hour"}

# Qualifiers whose bound is exclusive: "more than 30" is not 30.
_LOW_EXCLUSIVE = {"more than", "over", "above", "greater than", "in excess of", "upwards of", "exceeding"}
_HIGH_EXCLUSIVE = {"fewer than", "less than", "under", "below", "nearly", "almost", "just under", "short of"}
_AT_LEAST = _LOW_EXCLUSIVE | {"at least", "no less than", "no fewer than", "a minimum of", "upward of"}
_AT_MOST = _HIGH_EXCLUSIVE | {"up to", "at most", "no more than", "a maximum of", "as many as"}

_UNITS = {  # dimension: {unit: size in the dimension's base unit}
    "length": {"m": 1, "metre": 1, "meter": 1, "km": 1e3, "kilometre": 1e3, "kilometer": 1e3, "cm": 0.01,
               "mm": 0.001, "mi": 1609.344, "mile": 1609.344, "ft": 0.3048, "foot": 0.3048, "feet": 0.3048,
               "yd": 0.9144, "yard": 0.9144, "in": 0.0254, "inch": 0.0254},
    "mass": {"g": 1, "gram": 1, "kg": 1e3, "kilogram": 1e3, "t": 1e6, "tonne": 1e6, "metric ton": 1e6,
             "lb": 453.59237, "lbs": 453.59237, "oz": 28.349523},
    "area": {"m2": 1, "m²": 1, "sq m": 1, "km2": 1e6, "km²": 1e6, "sq km": 1e6, "square kilometre": 1e6,
             "square kilometer": 1e6, "ha": 1e4, "hectare": 1e4, "acre": 4046.8564, "sq mi": 2589988.1,
             "square mile": 2589988.1},
    "volume": {"l": 1, "litre": 1, "liter": 1, "ml": 1e-3, "m3": 1e3, "m³": 1e3, "gallon": 3.785411784,
               "barrel": 158.987295, "bbl": 158.987295},
    "power": {"w": 1, "watt": 1, "kw": 1e3, "mw": 1e6, "gw": 1e9},
    "energy": {"wh": 1, "kwh": 1e3, "mwh": 1e6, "gwh": 1e9, "twh": 1e12},
    "speed": {"km/h": 1, "kph": 1, "kmh": 1, "mph": 1.609344, "m/s": 3.6},
}
_UNIT_SIZES = {unit: (dimension, size) for dimension, units in _UNITS.items() for unit, size in units.items()}

_IRREGULAR_NOUNS = {"people": "person", "persons": "person", "men": "man", "women": "woman",
                    "children": "child", "lives": "life", "wives": "wife", "feet": "foot", "mice": "mouse"}

_YEAR = re.compile(r"\b(1[5-9]\d\d|2[01]\d\d)\b")
_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")


class Interval(NamedTuple):
    """The values a figure allows; None = unbounded. An open bound is excluded ("more than 30")."""

    low: Optional[float]
    high: Optional[float]
    low_open: bool = False
    high_open: bool = False

    def scaled(self, factor: float) -> "Interval":
        return Interval(_times(self.low, factor), _times(self.high, factor), self.low_open, self.high_open)

    def widened(self, margin_low: float, margin_high: float) -> "Interval":
        return Interval(
            None if self.low is None else self.low - margin_low,
            None if self.high is None else self.high + margin_high,
            self.low_open,
            self.high_open,
        )

    def as_list(self) -> list:
        return [self.low, self.high]


def _times(x: Optional[float], factor: float) -> Optional[float]:
    return None if x is None else x * factor


def _qualifier(f: dict) -> str:
    return (f.get("qualifier") or "").strip().lower()


def _interval(f: dict) -> Interval:
    """The interval a figure's wording allows, from low/high, else from value and qualifier."""
    low, high, value, qualifier = f.get("low"), f.get("high"), f.get("value"), _qualifier(f)
    if low is None and high is None and value is not None:
        if qualifier in _AT_LEAST:
            low = value
        elif qualifier in _AT_MOST:
            high = value
        elif f.get("approximate"):
            low, high = value * (1 - ABOUT), value * (1 + ABOUT)
        else:
            low = high = value
    return Interval(low, high, qualifier in _LOW_EXCLUSIVE, qualifier in _HIGH_EXCLUSIVE)


def _rounding_margin(f: dict) -> float:
    """Half the last stated digit of a scaled figure: "€2.3 million" may be anything from 2.25 to 2.35
    million. Figures written out in full ("€2,300,000") are taken as exact."""
    value = f.get("value")
    match = _NUMBER.search(f.get("text") or "")
    if not value or not match:
        return 0.0
    stated = float(match.group().replace(",", ""))
    if stated <= 0 or abs(value) / stated < 1000:
        return 0.0
    decimals = len(match.group(1) or "")
    return 0.5 * 10 ** -decimals * abs(value) / stated


def _rounded_interval(f: dict) -> Interval:
    interval = _interval(f)
    margin = _rounding_margin(f)
    if margin and interval.low == interval.high == f.get("value"):
        # open ends: "€13m" and "€14m" meet at 13.5m, which neither would be rounded from
        return interval.widened(margin, margin)._replace(low_open=True, high_open=True)
    return interval


def _singular(word: str) -> str:
    word = word.lower()
    if word in _IRREGULAR_NOUNS:
        return _IRREGULAR_NOUNS[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _head_noun(unit: Optional[str]) -> Optional[str]:
    """"civilian deaths" and "death" count the same thing: compare the last word, singular."""
    words = _WORD.findall(unit or "")
    return _singular(words[-1]) if words else None


def _unit_size(unit: Optional[str]) -> tuple[str, float]:
    """(dimension, size in its base unit); an unknown unit is a dimension of its own."""
    key = (unit or "").strip().strip(".").lower()
    if key in _UNIT_SIZES:
        return _UNIT_SIZES[key]
    if key.endswith("s") and key[:-1] in _UNIT_SIZES:  # kilometres, miles, tonnes
        return _UNIT_SIZES[key[:-1]]
    return key, 1.0


def _currency(f: dict) -> Optional[str]:
    return (f.get("unit") or "").strip().upper() or None


def _measure(f: dict) -> tuple[str, Optional[str]]:
    """What a figure measures: only figures of one measure compare as amounts."""
    kind = f.get("kind")
    if kind in ("date", "year"):
        return "date", None
    if kind in ("money", "percent"):
        return kind, None
    if kind == "quantity" and f.get("unit"):
        return "quantity", _unit_size(f.get("unit"))[0]
    if kind == "count" and _head_noun(f.get("unit")):
        return "count", _head_noun(f.get("unit"))
    return "number", None  # a bare number, or a count or quantity whose unit was not found


def _period(f: dict) -> Optional[str]:
    period = (f.get("period") or "").strip().lower() or None
    return _PERIOD_ALIASES.get(period, period)


def _side(f: dict) -> dict:
    keys = ("text", "kind", "value", "low", "high", "unit", "period", "qualifier", "approximate")
    return {key: f.get(key) for key in keys}


def _unit_label(f: dict) -> Optional[str]:
    kind = f.get("kind")
    if kind == "money":
        return _currency(f)
    if kind == "percent":
        return "%"
    return f.get("unit")


@functools.lru_cache(maxsize=None)
def exchange_rates():
    """The one CurrencyConverter of the process: building it parses the ECB history (slow)."""
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True)


def _parse_day(text: Optional[str]) -> Optional[datetime.date]:
    try:
        return datetime.date.fromisoformat((text or "")[:10])
    except ValueError:
        return None


def _conversion(source: str, target: str, date_a: Optional[str], date_b: Optional[str]) -> Optional[dict]:
    """Rate from `source` to `target` currency at the earliest publication date (else the latest
    rate), or None when the ECB has no rate for one of them."""
    rates = exchange_rates()
    if source not in rates.currencies or target not in rates.currencies:
        return None
    days = [d for d in (_parse_day(date_a), _parse_day(date_b)) if d]
    day = min(days) if days else None
    rate = rates.convert(1, source, target, date=day)
    first = max(rates.bounds[c].first_date for c in (source, target))
    last = min(rates.bounds[c].last_date for c in (source, target))
    rate_day = min(max(day, first), last) if day else rates.bounds[source].last_date
    return {
        "from": source,
        "to": target,
        "rate": rate,
        "date": rate_day.isoformat(),
        "date_source": "publication" if day else "latest rate",
        "source": "European Central Bank (currencyconverter)",
    }


def _close(x: Optional[float], y: Optional[float], tolerance: float) -> bool:
    if x is None or y is None:
        return x is y
    return abs(x - y) <= max(tolerance, 1e-9) * max(abs(x), abs(y))


def _same(a: Interval, b: Interval, tolerance: float) -> bool:
    return (
        _close(a.low, b.low, tolerance)
        and _close(a.high, b.high, tolerance)
        and (a.low is None or a.low_open == b.low_open)
        and (a.high is None or a.high_open == b.high_open)
    )


def _overlap(a: Interval, b: Interval) -> bool:
    lows = [(x.low, x.low_open) for x in (a, b) if x.low is not None]
    highs = [(x.high, x.high_open) for x in (a, b) if x.high is not None]
    if not lows or not highs:
        return True
    low = max(v for v, _ in lows)
    high = min(v for v, _ in highs)
    low_open = any(o for v, o in lows if v == low)
    high_open = any(o for v, o in highs if v == high)
    return low < high or (low == high and not low_open and not high_open)


def _slack(interval: Interval, tolerance: float) -> Interval:
    low, high = interval.low, interval.high
    return interval.widened(tolerance * abs(low or 0), tolerance * abs(high or 0))


def _amount_verdict(a: Interval, b: Interval, a_rounded: Interval, b_rounded: Interval, tolerance: float) -> str:
    if _same(a, b, tolerance):
        return "same"
    if _overlap(_slack(a_rounded, tolerance), _slack(b_rounded, tolerance)):
        return "compatible"
    return "conflict"


def _years(f: dict) -> set:
    years = {int(y) for y in _YEAR.findall(f.get("text") or "")}
    value = f.get("value")
    if f.get("kind") == "year" and value is not None and 1000 <= value < 3000:
        years.add(int(value))
    return years


def _compare_dates(fa: dict, fb: dict, detail: dict) -> dict:
    """Dates compare as dates: equal is same, exclusive ones conflict, a year and a date within it
    are compatible."""
    if fa.get("kind") == fb.get("kind"):
        if fa.get("value") is not None and fb.get("value") is not None:
            a, b = _interval(fa), _interval(fb)
            return {"verdict": _amount_verdict(a, b, a, b, 0.0), "detail": detail}
        same_text = _fold(fa.get("text") or "") == _fold(fb.get("text") or "")
        return {"verdict": "same" if same_text else "conflict", "detail": detail}
    years_a, years_b = _years(fa), _years(fb)
    if years_a and years_b:
        return {"verdict": "compatible" if years_a & years_b else "conflict", "detail": detail}
    detail["note"] = "no year on one side: cannot tell the dates apart"
    return {"verdict": "compatible", "detail": detail}


def _different_measure(detail: dict, note: str) -> dict:
    detail["note"] = note
    return {"verdict": "different measure", "detail": detail}


def _annualised(f: dict, interval: Interval) -> Optional[dict]:
    per_year = PERIODS_PER_YEAR.get(_period(f))
    if per_year is None:
        return None
    yearly = interval.scaled(per_year)
    value = f.get("value")
    return {
        "value": None if value is None else value * per_year,
        "low": yearly.low,
        "high": yearly.high,
        "unit": f"{_unit_label(f) or ''}/year",
        "from_period": _period(f),
    }


def compare_figures(fa: dict, fb: dict, date_a: Optional[str] = None, date_b: Optional[str] = None) -> dict:
    """Do two figures (rows of the `figures` table, as dicts) agree?

    Returns {"verdict": "same"|"compatible"|"conflict"|"different measure", "detail": {...}}; detail
    has both sides' fields ("a", "b") and, when it applies, the conversion made, the annualised
    values, the intervals compared (in a's unit) and a note.
    """
    detail: dict = {"a": _side(fa), "b": _side(fb)}
    (measure_a, what_a), (measure_b, what_b) = _measure(fa), _measure(fb)
    if measure_a == "date" or measure_b == "date":
        if measure_a == measure_b:
            return _compare_dates(fa, fb, detail)
        return _different_measure(detail, "a date against an amount")
    magnitudes_only = measure_a != measure_b or what_a != what_b
    if magnitudes_only and "number" not in (measure_a, measure_b):
        units = f"{_unit_label(fa) or measure_a} vs {_unit_label(fb) or measure_b}"
        return _different_measure(detail, f"different units: {units}")
    if magnitudes_only:
        detail["note"] = "unit unknown on one side: magnitudes compared"

    a, b = _interval(fa), _interval(fb)
    a_rounded, b_rounded = _rounded_interval(fa), _rounded_interval(fb)
    period_a, period_b = _period(fa), _period(fb)
    if (period_a is None) != (period_b is None):
        rate_side, rate_figure, rate_interval = ("a", fa, a) if period_a else ("b", fb, b)
        detail["rate_side"] = rate_side
        detail["annualised"] = _annualised(rate_figure, rate_interval)
        return _different_measure(detail, f"a rate (per {period_a or period_b}) compared with a total")
    if period_a != period_b:
        per_year_a, per_year_b = PERIODS_PER_YEAR.get(period_a), PERIODS_PER_YEAR.get(period_b)
        if per_year_a is None or per_year_b is None:
            return _different_measure(detail, f"rates per {period_a} and per {period_b}")
        a, a_rounded = a.scaled(per_year_a), a_rounded.scaled(per_year_a)
        b, b_rounded = b.scaled(per_year_b), b_rounded.scaled(per_year_b)
        detail["annualised"] = {"a": a.as_list(), "b": b.as_list()}

    tolerance, factor = 0.0, 1.0
    if measure_a == measure_b == "money":
        currency_a, currency_b = _currency(fa), _currency(fb)
        if currency_a and currency_b and currency_a != currency_b:
            conversion = _conversion(currency_b, currency_a, date_a, date_b)
            if conversion is None:
                return _different_measure(detail, f"no exchange rate between {currency_b} and {currency_a}")
            factor, tolerance = conversion["rate"], CONVERTED_TOLERANCE
            detail["conversion"] = conversion
        elif currency_a != currency_b:
            unknown = "a" if currency_a is None else "b"
            detail["currency_unknown"] = unknown
            detail["note"] = f"currency unknown on side {unknown}: magnitudes compared"
    elif measure_a == measure_b == "quantity":
        size_a, size_b = _unit_size(fa.get("unit"))[1], _unit_size(fb.get("unit"))[1]
        if size_a != size_b:
            factor, tolerance = size_b / size_a, CONVERTED_TOLERANCE
            detail["conversion"] = {"from": fb.get("unit"), "to": fa.get("unit"), "rate": factor}
    if factor != 1.0:
        b, b_rounded = b.scaled(factor), b_rounded.scaled(factor)
        detail["converted_b"] = b.as_list()

    period = period_a if period_a == period_b else "year"
    unit = _unit_label(fa) or _unit_label(fb)
    detail.update(
        interval_a=a.as_list(),
        interval_b=b.as_list(),
        unit=f"{unit or ''}/{period}" if period else unit,
        tolerance=tolerance,
    )
    if a.as_list() == [None, None] or b.as_list() == [None, None]:
        detail.setdefault("note", "no amount on one side")
        return {"verdict": "compatible", "detail": detail}
    return {"verdict": _amount_verdict(a, b, a_rounded, b_rounded, tolerance), "detail": detail}


# ---------------------------------------------------------------------------------------------
# Pairing the figures of two sentences

_VERDICT_RANK = {"same": 3, "compatible": 2, "conflict": 1, "different measure": 0}
# How much each outcome says the two sentences' figures line up (figures_agree).
_AGREEMENT = {"same": 1.0, "compatible": 0.75, "missing": 0.5, "different measure": 0.25, "conflict": 0.0}


def _pairable(fa: dict, fb: dict) -> bool:
    """Figures about one measure: money with money, counts of one noun, dates with dates...
    A bare number may stand for a count or a quantity whose unit the sentence left out."""
    ma, mb = _measure(fa), _measure(fb)
    if ma == mb:
        return True
    kinds = {ma[0], mb[0]}
    return "number" in kinds and kinds <= {"number", "count", "quantity"}


def _magnitude(f: dict) -> Optional[float]:
    for key in ("value", "low", "high"):
        if f.get(key):
            return abs(f[key])
    return None


def _closeness(fa: dict, fb: dict) -> float:
    """Higher for nearer magnitudes (orders of magnitude apart, negated)."""
    ma, mb = _magnitude(fa), _magnitude(fb)
    if not ma or not mb:
        return -99.0
    return -abs(math.log10(ma / mb))


def _rank(fa: dict, fb: dict, result: dict) -> tuple:
    return (
        _VERDICT_RANK[result["verdict"]],
        _period(fa) == _period(fb),
        (fa.get("unit") or "").lower() == (fb.get("unit") or "").lower(),
        _closeness(fa, fb),
    )


def _is_vague(f: dict) -> bool:
    """Wording that may sum up several amounts: "millions of Euros", "about 400,000"."""
    return f.get("value") is None or bool(f.get("approximate"))


def _pair_figures(figs_a: list, figs_b: list, date_a, date_b) -> list[tuple]:
    """(fa, fb, result) for each comparison made; (f, None, None) / (None, f, None) for a figure
    only one side states.

    Rule: pairs are taken one to one, greedily, best agreement first (verdict, then same period,
    same unit, nearest magnitude). A figure left over is then compared with a vague figure of the
    other side ("millions of Euros" may cover both "at least €13,000,000" and "$20,000 each month"),
    unless that comparison is a conflict: then it is an amount the other side does not state, and
    reported as missing like any figure left without a partner.
    """
    candidates = []
    for i, fa in enumerate(figs_a):
        for j, fb in enumerate(figs_b):
            if _pairable(fa, fb):
                result = compare_figures(fa, fb, date_a, date_b)
                candidates.append((_rank(fa, fb, result), i, j, result))
    candidates.sort(key=lambda c: c[0], reverse=True)
    used_a, used_b, pairs = set(), set(), []
    for _, i, j, result in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((figs_a[i], figs_b[j], result))

    def vague_partner(side_index: int, index: int):
        """Best non-conflicting comparison of a leftover figure with a vague figure of the other side."""
        for _, i, j, result in candidates:
            mine, other = (i, j) if side_index == 0 else (j, i)
            other_figure = (figs_b if side_index == 0 else figs_a)[other]
            if mine == index and _is_vague(other_figure) and result["verdict"] != "conflict":
                return figs_a[i], figs_b[j], result
        return None

    for index, f in enumerate(figs_a):
        if index not in used_a:
            pairs.append(vague_partner(0, index) or (f, None, None))
    for index, f in enumerate(figs_b):
        if index not in used_b:
            pairs.append(vague_partner(1, index) or (None, f, None))
    return pairs


def _missing_row(f: dict, side: str) -> dict:
    return {
        "kind": "figure",
        "verdict": "missing",
        "a": f.get("text") if side == "a" else None,
        "b": f.get("text") if side == "b" else None,
        "figure_a": f.get("id") if side == "a" else None,
        "figure_b": f.get("id") if side == "b" else None,
        "detail": {"side": side, side: _side(f), "note": f"only side {side} states this figure"},
    }


def figure_differences(figs_a: list, figs_b: list, date_a: Optional[str] = None,
                       date_b: Optional[str] = None) -> list[dict]:
    """Difference rows for the figures of two matched sentences: one per compared pair that is not
    "same", and a "missing" row (detail.side "a" or "b") per figure only one side states.
    See `_pair_figures` for how figures are paired."""
    rows = []
    for fa, fb, result in _pair_figures(figs_a, figs_b, date_a, date_b):
        if result is None:
            rows.append(_missing_row(fa or fb, "a" if fa else "b"))
        elif result["verdict"] != "same":
            rows.append(
                {
                    "kind": "figure",
                    "verdict": result["verdict"],
                    "a": fa.get("text"),
                    "b": fb.get("text"),
                    "figure_a": fa.get("id"),
                    "figure_b": fb.get("id"),
                    "detail": result["detail"],
                }
            )
    return rows


def figures_agree(figs_a: list, figs_b: list, date_a: Optional[str] = None,
                  date_b: Optional[str] = None) -> Optional[float]:
    """0-100: how well two sentences' figures line up (same 1, compatible 0.75, missing 0.5,
    different measure 0.25, conflict 0, averaged over the pairing). None when a side has no figures:
    leaving a number out is no evidence either way."""
    if not figs_a or not figs_b:
        return None
    outcomes = [
        result["verdict"] if result else "missing" for _, _, result in _pair_figures(figs_a, figs_b, date_a, date_b)
    ]
    return 100.0 * sum(_AGREEMENT[o] for o in outcomes) / len(outcomes)
