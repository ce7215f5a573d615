"""What a figure measures, and whether two figures can both be true: the one home of units.

Pure functions over figure dicts (rows of the `figures` table: kind, value, low, high, unit, period,
qualifier, approximate, text, and `direction` when the extractor reads one).

- Units: `UNITS` maps each unit (as figures.py writes it, and common spellings) to its dimension and
  its size in the dimension's base unit; temperatures convert with an offset. The words of units
  (`CURRENCY_PREFIXES`, `CURRENCY_WORDS`, `PERCENT_WORDS`, `QUANTITY_UNITS`, `GLUED_UNITS`,
  `PERIOD_WORDS`...), `singular` of a counted noun and the hedge width `HEDGE_WIDTH` are here too:
  figures.py reads text with them, so nothing else knows a unit. `dimension(f)` says what
  a figure measures: money, percent, percentage points, basis points, a physical dimension (length,
  duration...), a count of a noun, a bare number, or a date.
- Currencies convert at the ECB rate of the earliest publication date (`currencyconverter`, offline).
- Periods: a rate ("$20,000 each month") is annualised to compare with another rate.
- Precision: `precision(f)` is the rounding its writing implies: "$43,000" is rounded to the
  thousand, "$43 million" to the million, "1.3%" to the tenth; numbers of people under 1,000 are exact.
- `compare(fa, fb, date_a, date_b)` is the comparison rule: a `Judgement` with a verdict (`same`,
  `compatible`, `conflict`, `different measure`), a `reason` and a sentence saying why.
- `Detail` is the one shape of `differences.detail`, built only by its constructor (see `Detail`).
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import math
import re
from typing import NamedTuple, Optional

# Amounts after a conversion (currency or unit) within 5% are the same: outlets convert at their own
# day's rate and round the result.
CONVERTED_TOLERANCE = 0.05
# A hedge ("about 300", "some 300") covers 10% either side, "nearly 400,000" 10% below: figures.py
# writes these bounds, `interval` assumes them for an "about" figure without bounds of its own.
HEDGE_WIDTH = 0.10

PERIODS_PER_YEAR = {"hour": 24 * 365, "day": 365, "week": 52, "month": 12, "quarter": 4, "year": 1}
# Qualifiers and the bound they put on the value; an exclusive bound leaves the value out.
_LOW_EXCLUSIVE = {"more than", "over", "above", "greater than", "in excess of", "upwards of", "exceeding"}
_HIGH_EXCLUSIVE = {"fewer than", "less than", "under", "below", "nearly", "almost", "just under", "short of"}
_AT_LEAST = _LOW_EXCLUSIVE | {"at least", "no less than", "not less than", "no fewer than", "a minimum of",
                              "upward of", "just over", "starting at"}  # "starts at $1,199": the cheapest
_AT_MOST = _HIGH_EXCLUSIVE | {"up to", "at most", "no more than", "a maximum of", "as many as", "as much as"}

UNITS = {  # dimension: {unit (lower case): size in the dimension's base unit}
    "length": {"m": 1, "metre": 1, "meter": 1, "km": 1e3, "kilometre": 1e3, "kilometer": 1e3, "cm": 0.01,
               "mm": 0.001, "mi": 1609.344, "mile": 1609.344, "nmi": 1852, "nautical mile": 1852,
               "ft": 0.3048, "foot": 0.3048, "feet": 0.3048, "yd": 0.9144, "yard": 0.9144, "in": 0.0254,
               "inch": 0.0254},
    "mass": {"g": 1, "gram": 1, "kg": 1e3, "kilogram": 1e3, "t": 1e6, "tonne": 1e6, "metric ton": 1e6,
             "lb": 453.59237, "lbs": 453.59237, "oz": 28.349523, "short ton": 907184.74,
             "long ton": 1016046.9, "ct": 0.2, "carat": 0.2},
    "area": {"m2": 1, "m²": 1, "sq m": 1, "km2": 1e6, "km²": 1e6, "sq km": 1e6, "square kilometre": 1e6,
             "square kilometer": 1e6, "ha": 1e4, "hectare": 1e4, "acre": 4046.8564, "sq mi": 2589988.1,
             "square mile": 2589988.1, "sq ft": 0.09290304, "square foot": 0.09290304},
    "volume": {"l": 1, "litre": 1, "liter": 1, "ml": 1e-3, "m3": 1e3, "m³": 1e3, "gallon": 3.785411784,
               "barrel": 158.987295, "bbl": 158.987295, "cu ft": 28.316847, "bu": 35.239072, "bushel": 35.239072},
    "power": {"w": 1, "watt": 1, "kw": 1e3, "mw": 1e6, "gw": 1e9},
    "energy": {"wh": 1, "kwh": 1e3, "mwh": 1e6, "gwh": 1e9, "twh": 1e12},
    "speed": {"km/h": 1, "kph": 1, "kmh": 1, "mph": 1.609344, "m/s": 3.6, "kn": 1.852, "knot": 1.852},
    "duration": {"second": 1, "sec": 1, "s": 1, "minute": 60, "min": 60, "hour": 3600, "h": 3600, "hr": 3600,
                 "day": 86400, "week": 604800, "fortnight": 1209600, "month": 2629746, "year": 31556952,
                 "decade": 315569520, "century": 3155695200},
    "data": {"b": 1, "byte": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "pb": 1e15},
    "frequency": {"hz": 1, "khz": 1e3, "mhz": 1e6, "ghz": 1e9},
    "bales": {"bale": 1},  # cotton, wool: a bale is a unit of trade, not a fixed mass
    "degrees": {"°": 1},  # an angle or a temperature: "degrees" alone does not say which
    "temperature": {"°c": 1, "°f": 1, "k": 1},  # converted by _TEMPERATURE, not by size
}
_UNIT_SIZES = {unit: (dim, size) for dim, units in UNITS.items() for unit, size in units.items()}
# To kelvin: (scale, offset) with K = value * scale + offset.
_TEMPERATURE = {"°c": (1.0, 273.15), "°f": (5 / 9, 273.15 - 32 * 5 / 9), "k": (1.0, 0.0)}
_PERCENT_UNITS = {"%": "percent", "pp": "percentage points", "bp": "basis points"}

# ---------------------------------------------------------------------------------------------
# The words of units: how the text writes them (figures.py reads them with these tables) and the
# unit each one is stored as. Every stored unit is in UNITS above (tests/test_measures.py checks).

CURRENCY_PREFIXES = {
    "US$": "USD", "U.S.$": "USD", "U.S. $": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD",
    "CA$": "CAD", "Can$": "CAD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "NT$": "TWD", "R$": "BRL",
    "US $": "USD", "NT $": "TWD", "HK $": "HKD", "NZ $": "NZD", "Can $": "CAD", "C $": "CAD",
    "$US": "USD", "$A": "AUD", "$NZ": "NZD", "$C": "CAD", "$Can": "CAD", "$HK": "HKD", "$S": "SGD",  # "$US5m"
    "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "₺": "TRY", "₩": "KRW",
    "₪": "ILS", "₦": "NGN", "₱": "PHP", "฿": "THB", "₴": "UAH", "Rs.": "INR", "Rs": "INR",
    "SFr.": "CHF", "SFr": "CHF", "DM": "DEM", "Dhs": "AED", "Dh": "AED",
}
ISO_CODES = ("USD EUR GBP JPY CHF RUB CNY INR TRY SYP AUD CAD NZD HKD SGD SEK NOK DKK PLN CZK HUF "
              "BRL MXN ARS ZAR KRW ILS EGP SAR AED QAR KWD IQD IRR LBP JOD NGN KES PKR IDR MYR THB "
              "PHP VND UAH TWD").split()
CURRENCY_WORDS = {  # word -> ISO code; None: the word alone does not say which currency
    "dollar": "USD", "dollars": "USD", "dlr": "USD", "dlrs": "USD", "euro": "EUR", "euros": "EUR",
    "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "stg": "GBP", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "rupee": "INR", "rupees": "INR", "rouble": "RUB", "roubles": "RUB",
    "ruble": "RUB", "rubles": "RUB", "lira": "TRY", "liras": "TRY", "lire": "ITL", "franc": None,
    "francs": None, "mark": "DEM", "marks": "DEM", "deutschemarks": "DEM", "guilder": "NLG",
    "guilders": "NLG", "peso": None, "pesos": None, "reais": "BRL", "rand": "ZAR", "rands": "ZAR",
    "won": "KRW", "riyal": "SAR", "riyals": "SAR", "rial": "IRR", "rials": "IRR", "dinar": None,
    "dinars": None, "dirham": "AED", "dirhams": "AED", "shekel": "ILS", "shekels": "ILS",
    "krona": "SEK", "kronor": "SEK", "krone": None, "kroner": None, "crowns": None, "zloty": "PLN",
    "zlotys": "PLN", "forint": "HUF", "forints": "HUF", "ringgit": "MYR", "rupiah": "IDR",
    "baht": "THB", "peseta": "ESP", "pesetas": "ESP", "escudo": "PTE", "escudos": "PTE",
    "bolivar": None, "bolivars": None, "schilling": "ATS", "schillings": "ATS", "drachma": "GRD",
    "drachmas": "GRD", "punt": "IEP",
    "punts": "IEP", "cruzado": "BRC", "cruzados": "BRC", "naira": "NGN", "ecu": "XEU", "ecus": "XEU",
    "hryvnia": "UAH", "bitcoin": "BTC", "bitcoins": "BTC",
}
CENT_WORDS = {"cent": "USD", "cents": "USD", "cts": "USD", "pence": "GBP"}
CURRENCY_ADJECTIVES = {  # "Canadian dlrs", "Syrian pounds", "Swiss francs"
    "u.s.": "USD", "us": "USD", "american": "USD", "canadian": "CAD", "australian": "AUD",
    "new zealand": "NZD", "hong kong": "HKD", "singapore": "SGD", "taiwan": "TWD", "swiss": "CHF",
    "french": "FRF", "belgian": "BEF", "luxembourg": "LUF", "danish": "DKK", "norwegian": "NOK",
    "swedish": "SEK", "mexican": "MXN", "argentine": "ARS", "chilean": "CLP", "colombian": "COP",
    "philippine": "PHP", "syrian": "SYP", "egyptian": "EGP", "lebanese": "LBP", "turkish": "TRY",
    "indian": "INR", "pakistani": "PKR", "saudi": "SAR", "iraqi": "IQD", "kuwaiti": "KWD",
    "jordanian": "JOD", "brazilian": "BRL", "south african": "ZAR", "west german": "DEM",
    "german": "DEM", "dutch": "NLG", "italian": "ITL", "japanese": "JPY", "chinese": "CNY",
    "russian": "RUB", "soviet": "SUR", "irish": "IEP", "israeli": "ILS", "iranian": "IRR",
    "libyan": "LYD", "tunisian": "TND", "algerian": "DZD", "moroccan": "MAD", "nigerian": "NGN",
    "kenyan": "KES", "ukrainian": "UAH", "euro": "EUR",
}

PERCENT_WORDS = {"%": "%", "percent": "%", "per cent": "%", "per-cent": "%", "pct": "%",
                  "percentage point": "pp", "percentage points": "pp", "basis point": "bp",
                  "basis points": "bp", "bps": "bp", "bp": "bp"}

TIME_UNITS = {"second": "second", "seconds": "second", "secs": "second", "minute": "minute",
               "minutes": "minute", "mins": "minute", "hour": "hour", "hours": "hour", "hrs": "hour",
               "day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
               "months": "month", "mths": "month", "year": "year", "years": "year", "yrs": "year",
               "decade": "decade", "decades": "decade", "century": "century", "centuries": "century"}
QUANTITY_UNITS = {  # spaced unit words (matched case-insensitively) -> symbol
    "km": "km", "kms": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km",
    "kilometers": "km", "metre": "m", "metres": "m", "meter": "m", "meters": "m", "cm": "cm",
    "centimetres": "cm", "centimeters": "cm", "mm": "mm", "millimetres": "mm", "millimeters": "mm",
    "mile": "mi", "miles": "mi", "nautical miles": "nmi", "nautical mile": "nmi", "foot": "ft",
    "feet": "ft", "ft": "ft", "inch": "in", "inches": "in", "yard": "yd", "yards": "yd",
    "square kilometres": "km2", "square kilometers": "km2", "sq km": "km2", "km2": "km2",
    "square miles": "sq mi", "sq miles": "sq mi", "square metres": "m2", "square meters": "m2",
    "square feet": "sq ft", "sq ft": "sq ft", "hectare": "ha", "hectares": "ha", "acre": "acre",
    "acres": "acre", "kg": "kg", "kgs": "kg", "kilo": "kg", "kilos": "kg", "kilogram": "kg",
    "kilograms": "kg", "kilogrammes": "kg", "gram": "g", "grams": "g", "grammes": "g",
    "tonne": "t", "tonnes": "t", "ton": "t", "tons": "t", "metric tons": "t", "metric tonnes": "t",
    "short tons": "short ton", "long tons": "long ton", "short ton": "short ton", "long ton": "long ton",
    "metric ton": "t", "metric tonne": "t", "troy ounce": "oz", "square kilometre": "km2",
    "square kilometer": "km2", "square mile": "sq mi", "square metre": "m2", "square meter": "m2",
    "square foot": "sq ft", "cubic metre": "m3", "cubic meter": "m3", "cubic foot": "cu ft",
    "square-foot": "sq ft", "square-metre": "m2", "square-meter": "m2", "square-kilometre": "km2",
    "square-kilometer": "km2", "square-mile": "sq mi", "lb": "lb", "lbs": "lb", "ounce": "oz",
    "ounces": "oz", "troy ounces": "oz", "oz": "oz", "barrel": "bbl", "barrels": "bbl",
    "bbl": "bbl", "bbls": "bbl", "bpd": "bbl", "b/d": "bbl", "litre": "l", "litres": "l",
    "liter": "l", "liters": "l", "gallon": "gallon", "gallons": "gallon", "cubic metres": "m3",
    "cubic meters": "m3", "cubic feet": "cu ft", "bushel": "bu", "bushels": "bu", "bale": "bale",
    "bales": "bale", "carat": "ct", "carats": "ct", "megawatt": "MW", "megawatts": "MW", "mw": "MW",
    "gigawatt": "GW", "gigawatts": "GW", "gw": "GW", "kilowatt": "kW", "kilowatts": "kW",
    "kw": "kW", "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "twh": "TWh", "degrees celsius": "°C",
    "degrees centigrade": "°C", "degrees fahrenheit": "°F", "degrees": "°", "degree": "°", "°c": "°C",
    "°f": "°F",
    "gb": "GB", "mb": "MB", "tb": "TB", "kb": "kB", "gigabytes": "GB", "gigabyte": "GB", "megabytes": "MB",
    "terabytes": "TB", "mhz": "MHz", "ghz": "GHz", "megahertz": "MHz", "gigahertz": "GHz",
    "knots": "kn", "mph": "mph", "kph": "km/h", "km/h": "km/h", **TIME_UNITS,
}
# tokenised text writes the hyphen of a compound unit apart: "15, 800 - square - metre building"
QUANTITY_UNITS.update({name.replace("-", " - "): unit for name, unit in list(QUANTITY_UNITS.items()) if "-" in name})
GLUED_UNITS = {"km": "km", "kg": "kg", "mi": "mi", "cm": "cm", "mm": "mm", "ft": "ft", "lb": "lb",
                "lbs": "lb", "oz": "oz", "mph": "mph", "kph": "km/h", "bpd": "bbl", "MW": "MW",
                "GW": "GW", "kW": "kW", "kWh": "kWh", "MWh": "MWh", "GWh": "GWh", "TWh": "TWh",
                "ha": "ha", "GB": "GB", "MB": "MB", "TB": "TB", "KB": "kB", "kB": "kB", "GHz": "GHz",
                "MHz": "MHz", "C": "°C", "F": "°F", "°C": "°C", "°F": "°F", "km2": "km2", "km²": "km2"}

PERIOD_WORDS = {"day": "day", "days": "day", "week": "week", "month": "month", "year": "year",
                 "annum": "year", "hour": "hour", "quarter": "quarter", "daily": "day",
                 "weekly": "week", "monthly": "month", "quarterly": "quarter", "annually": "year",
                 "yearly": "year", "p.a.": "year", "yr": "year", "d": "day", "mo": "month",
                 "wk": "week", "hr": "hour", "capita": "person", "head": "person",
                 "person": "person", "share": "share"}

IRREGULAR_PLURALS = {"people": "person", "persons": "person", "men": "man", "women": "woman",
                      "children": "child", "police": "police", "staff": "staff",
                      "personnel": "personnel", "cattle": "cattle", "sheep": "sheep",
                      "aircraft": "aircraft", "lives": "life", "wives": "wife", "knives": "knife",
                      "thieves": "thief", "mice": "mouse", "geese": "goose", "teeth": "tooth",
                      "feet": "foot", "head": "head", "crew": "crew", "militia": "militia",
                      "data": "data", "media": "media", "criteria": "criterion", "buses": "bus",
                      "viruses": "virus", "bonuses": "bonus", "campuses": "campus", "gases": "gas",
                      "crises": "crisis", "analyses": "analysis", "lenses": "lens"}


# Period words as written (figures.py's table) and the plurals a stored period may carry.
_PERIOD_ALIASES = {**PERIOD_WORDS, "days": "day", "weeks": "week", "months": "month", "years": "year",
                   "hours": "hour", "hourly": "hour", "annual": "year"}


def singular(word: str) -> str:
    """The singular of a lower-case counted noun ("refugees" -> "refugee", "people" -> "person")."""
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word.endswith("ies") and len(word) > 4 and word not in ("series", "species"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_DIGITS = re.compile(r"\d[\d,]*(?:\.(\d+))?")
_SCALE_NAMES = [(1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand")]


# ---------------------------------------------------------------------------------------------
# Intervals


class Interval(NamedTuple):
    """The values a figure allows; None = unbounded. An open bound is excluded ("more than 30")."""

    low: Optional[float]
    high: Optional[float]
    low_open: bool = False
    high_open: bool = False

    def scaled(self, factor: float, offset: float = 0.0) -> "Interval":
        def move(x):
            return None if x is None else x * factor + offset

        return Interval(move(self.low), move(self.high), self.low_open, self.high_open)

    def widened(self, below: float, above: float) -> "Interval":
        return Interval(None if self.low is None else self.low - below,
                        None if self.high is None else self.high + above, self.low_open, self.high_open)

    @property
    def point(self) -> bool:
        return self.low is not None and self.low == self.high

    @property
    def bounded(self) -> bool:
        return self.low is not None and self.high is not None

    def as_list(self) -> list:
        return [self.low, self.high]


def overlap(a: Interval, b: Interval) -> bool:
    lows = [(x.low, x.low_open) for x in (a, b) if x.low is not None]
    highs = [(x.high, x.high_open) for x in (a, b) if x.high is not None]
    if not lows or not highs:
        return True
    low, high = max(v for v, _ in lows), min(v for v, _ in highs)
    low_open = any(o for v, o in lows if v == low)
    high_open = any(o for v, o in highs if v == high)
    if _close(low, high, 0.0):  # rounding steps in floats: 0.07 + 0.005 and 0.08 - 0.005 meet, they do not cross
        return not low_open and not high_open
    return low < high


def _close(x: Optional[float], y: Optional[float], tolerance: float) -> bool:
    if x is None or y is None:
        return x is y
    return abs(x - y) <= max(tolerance, 1e-9) * max(abs(x), abs(y), 1e-12)


def equal(a: Interval, b: Interval, tolerance: float = 0.0) -> bool:
    return (_close(a.low, b.low, tolerance) and _close(a.high, b.high, tolerance)
            and (a.low is None or a.low_open == b.low_open) and (a.high is None or a.high_open == b.high_open))


def qualifier(f: dict) -> str:
    return (f.get("qualifier") or "").strip().lower()


def interval(f: dict) -> Interval:
    """The interval a figure's wording allows, from low/high, else from value and qualifier."""
    low, high, value, q = f.get("low"), f.get("high"), f.get("value"), qualifier(f)
    if low is None and high is None and value is not None:
        if q in _AT_LEAST:
            low = value
        elif q in _AT_MOST:
            high = value
        elif f.get("approximate"):
            low, high = value * (1 - HEDGE_WIDTH), value * (1 + HEDGE_WIDTH)
        else:
            low = high = value
    return Interval(low, high, q in _LOW_EXCLUSIVE, q in _HIGH_EXCLUSIVE)


# ---------------------------------------------------------------------------------------------
# What a figure measures


class Dimension(NamedTuple):
    """What a figure measures: `name` (money, percent, pp, bp, length..., count, number, date) and, for
    counts, the counted noun; `unit` its unit (currency code, unit symbol)."""

    name: str
    noun: Optional[str] = None
    unit: Optional[str] = None


def unit_size(unit: Optional[str]) -> tuple[str, float]:
    """(dimension, size in its base unit); an unknown unit is a dimension of its own."""
    key = (unit or "").strip().strip(".").lower()
    if key in _UNIT_SIZES:
        return _UNIT_SIZES[key]
    if key.endswith("s") and key[:-1] in _UNIT_SIZES:  # kilometres, miles, tonnes
        return _UNIT_SIZES[key[:-1]]
    return key, 1.0


def base_conversion(unit: Optional[str]) -> tuple[float, float]:
    """(scale, offset) that bring a value in `unit` to its dimension's base unit (value * scale +
    offset); temperatures to kelvin."""
    key = (unit or "").strip().strip(".").lower()
    if key in _TEMPERATURE:
        return _TEMPERATURE[key]
    return unit_size(unit)[1], 0.0


def currency(f: dict) -> Optional[str]:
    return (f.get("unit") or "").strip().upper() or None


def dimension(f: dict) -> Dimension:
    return _dimension(f.get("kind"), f.get("unit"))


@functools.lru_cache(maxsize=1 << 12)  # read for every pair a figure is in
def _dimension(kind: Optional[str], unit: Optional[str]) -> Dimension:
    if kind in ("date", "year"):
        return Dimension("date", unit=kind)
    if kind == "money":
        return Dimension("money", unit=currency({"unit": unit}))
    if kind == "percent":
        unit = unit or "%"
        return Dimension({"%": "percent"}.get(unit, unit), unit=unit)
    if kind == "quantity" and unit:
        return Dimension(unit_size(unit)[0], unit=unit)
    if kind == "count" and unit:
        return Dimension("count", noun=_noun(unit), unit=unit)
    return Dimension("number")  # a bare number, or a count or quantity whose unit was not found


def _noun(unit: str) -> str:
    """"civilian deaths", "death" and "deaths" count one thing: the last word, stemmed."""
    from .textnorm import stem

    words = unit.split()
    return stem(words[-1].lower()) if words else unit


def comparable(fa: dict, fb: dict) -> bool:
    """The one rule of what two figures must share to be compared as amounts: the same dimension
    (money with money in any currency, km with miles, a count with a count); a bare number may be a
    count or quantity whose noun the sentence left out. Counts of different nouns still compare:
    the words around them decide whether they count the same thing ("civilians", "people")."""
    return comparable_dimensions(dimension(fa), dimension(fb))


def comparable_dimensions(da: Dimension, db: Dimension) -> bool:
    """`comparable` for dimensions already read."""
    if da.name == db.name:
        return True
    names = {da.name, db.name}
    return "number" in names and "date" not in names and not names & {"money", "percent", "pp", "bp"}


def period(f: dict) -> Optional[str]:
    return _period(f.get("period"))


@functools.lru_cache(maxsize=256)  # a handful of periods, read for every pair
def _period(written: Optional[str]) -> Optional[str]:
    p = (written or "").strip().lower() or None
    return _PERIOD_ALIASES.get(p, p)


def direction(f: dict) -> Optional[str]:
    """"up" or "down" when the figure is a change with a stated direction, else None."""
    d = (f.get("direction") or "").strip().lower()
    if d in ("up", "rise", "rose", "increase", "+", "gain", "higher"):
        return "up"
    if d in ("down", "fall", "fell", "decrease", "-", "drop", "lower", "decline"):
        return "down"
    return None


# ---------------------------------------------------------------------------------------------
# Currencies


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


def conversion(source: str, target: str, date_a: Optional[str], date_b: Optional[str]) -> Optional[dict]:
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
    found = {"from": source, "to": target, "rate": rate, "date": rate_day.isoformat(),
             "date_source": "publication" if day else "latest rate",
             "source": "European Central Bank (currencyconverter)"}
    if not day:  # the article's day is not known: any rate of the ECB's history may have applied
        found["range"] = list(rate_range(source, target))
        found["range_since"] = first.isoformat()
    return found


@functools.lru_cache(maxsize=256)
def rate_range(source: str, target: str) -> tuple[float, float]:
    """The lowest and highest rate from `source` to `target` over the ECB's history (one day a quarter)."""
    rates = exchange_rates()
    first = max(rates.bounds[c].first_date for c in (source, target))
    last = min(rates.bounds[c].last_date for c in (source, target))
    found, day = [], first
    while day <= last:
        found.append(rates.convert(1, source, target, date=day))
        day = datetime.date(day.year + (day.month > 9), (day.month + 2) % 12 + 1, 1)
    found.append(rates.convert(1, source, target, date=last))
    return min(found), max(found)


# ---------------------------------------------------------------------------------------------
# Precision of a written number


class Precision(NamedTuple):
    step: float  # the written number is a multiple of this (0: exact)
    words: str  # "the thousand", "the million", "one decimal"


def precision(f: dict) -> Precision:
    """The rounding the writing implies. Digits after the point set it ("1.3%": the tenth); a scale
    word sets it to the last digit stated ("$43 million", "$2.5bn"); two or more trailing zeros of a
    number of a thousand or more set it ("$43,000": the thousand). Money, percentages and measures
    written as whole numbers are rounded to the unit; counts of things are exact; words ("eight") and
    vague amounts have no precision of their own."""
    return _precision(f.get("value"), f.get("text") or "", f.get("kind"))


@functools.lru_cache(maxsize=1 << 12, typed=True)  # a figure is compared in several pairs
def _precision(value: Optional[float], text: str, kind: Optional[str]) -> Precision:
    match = _DIGITS.search(text)
    if value is None or kind in ("date", "year"):
        return Precision(0.0, "exact")
    if not match:  # "one-million dollars", "two billion": rounded to the scale word
        scale = next((size for size, name in _SCALE_NAMES if name in text.lower()), 0.0)
        return Precision(scale, _step_words(scale)) if scale else Precision(0.0, "exact")
    stated = float(match.group().replace(",", ""))
    if stated <= 0:
        return Precision(0.0, "exact")
    scale = abs(value) / stated
    decimals = len(match.group(1) or "")
    if decimals:
        step = 10 ** -decimals * scale
    else:
        digits = match.group().replace(",", "")
        zeros = len(digits) - len(digits.rstrip("0"))
        if stated >= 1000 and zeros >= 2:
            step = 10 ** zeros * scale
        elif scale >= 1000 or kind in ("money", "percent", "quantity"):
            step = scale
        else:
            return Precision(0.0, "exact")
    return Precision(step, _step_words(step))


def _step_words(step: float) -> str:
    for size, name in _SCALE_NAMES:
        if step >= size and _whole(step / size):
            n = step / size
            return f"the {name}" if n == 1 else f"the {fmt(step)}"
    if step >= 1:
        return "the unit" if step == 1 else f"the {fmt(step)}"
    decimals = round(-math.log10(step))
    return {1: "the tenth", 2: "the hundredth"}.get(decimals, f"{decimals} decimals")


def _whole(x: float) -> bool:
    return abs(x - round(x)) < 1e-9 * max(1.0, abs(x))


def rounded(f: dict, stated: Interval, step: float) -> Interval:
    """A stated point widened by half its rounding step, ends open: "€13m" and "€14m" meet at 13.5m,
    which neither is rounded from."""
    if not step or not stated.point:
        return stated
    return Interval(stated.low - step / 2, stated.high + step / 2, True, True)


# ---------------------------------------------------------------------------------------------
# Words


def fmt(x: Optional[float]) -> str:
    """A number as a reader writes it: 43,885,310; 42.5 million; 1.3."""
    if x is None:
        return "unbounded"
    if x != x or x in (math.inf, -math.inf):
        return str(x)
    sign, x = ("-" if x < 0 else ""), abs(x)
    for size, name in _SCALE_NAMES[:3]:
        if x >= size:
            n = x / size
            if _whole(n * 1000):
                return f"{sign}{n:,.3f}".rstrip("0").rstrip(".") + f" {name}"
    if _whole(x):
        return f"{sign}{round(x):,}"
    return f"{sign}{x:,.4f}".rstrip("0").rstrip(".")


def describe(i: Interval) -> str:
    """An interval in words: "42.5-43.5 million", "40 or more", "up to 300", "any amount"."""
    if i.low is None and i.high is None:
        return "any amount"
    if i.high is None:
        return f"more than {fmt(i.low)}" if i.low_open else f"{fmt(i.low)} or more"
    if i.low is None:
        return f"less than {fmt(i.high)}" if i.high_open else f"up to {fmt(i.high)}"
    if i.point:
        return fmt(i.low)
    low, high = fmt(i.low), fmt(i.high)
    for _, name in _SCALE_NAMES[:3]:
        if low.endswith(f" {name}") and high.endswith(f" {name}"):
            low = low[: -len(name) - 1]
    return f"{low}-{high}"


# ---------------------------------------------------------------------------------------------
# The detail of a comparison: one shape


@dataclasses.dataclass(frozen=True)
class Detail:
    """`differences.detail` (and `crosscheck_compare`'s detail), one shape for every verdict. Keys
    whose value is None are left out of the JSON.

    reason      short category: same value, converted, hedge, bound, vaguer amount, range, rounder
                number, disjoint, opposite direction, rate against a total, different periods,
                different units, no exchange rate, undated conversion (no publication date: the two
                amounts agree at some ECB rate of the history, `conversion.range`), date within,
                stated without a figure, different facts
                (diff.py: two values that disagree where the words do not show one quantity of one
                event; verdict `different measure`, the note says what is missing)
    note        why, in words ("43 rounded to the million allows 42.5-43.5 million; ...")
    a, b        each side's figure fields (text, kind, value, low, high, unit, period, qualifier,
                approximate, direction); None on the side that states no figure
    role        the words each side's figure attaches to: {"a": [...], "b": [...]}
    outlet_a, outlet_b   the outlets of the two versions, when known
    side        for `missing`: the side that states the figure ("a" or "b")
    interval_a, interval_b, unit   the values each wording allows, in a's unit
    precision   {"a": "the thousand", "b": "exact"}: the rounding each writing implies
    conversion  {from, to, rate, date, date_source, source} when b was converted to a's currency or unit;
                without a publication date also range [lowest, highest rate] and range_since
    converted_b b's interval after the conversion
    annualised  a rate per year: {"value", "low", "high", "unit", "from_period"} for a rate against a
                total (rate_side says which side), {"a": [...], "b": [...]} for two rates
    tolerance   the relative slack a conversion allows (0.05)
    currency_unknown   "a" or "b": that side did not say which currency
    """

    reason: str
    note: str
    a: Optional[dict] = None
    b: Optional[dict] = None
    role: Optional[dict] = None
    outlet_a: Optional[str] = None
    outlet_b: Optional[str] = None
    side: Optional[str] = None
    interval_a: Optional[list] = None
    interval_b: Optional[list] = None
    unit: Optional[str] = None
    precision: Optional[dict] = None
    conversion: Optional[dict] = None
    converted_b: Optional[list] = None
    annualised: Optional[dict] = None
    rate_side: Optional[str] = None
    tolerance: Optional[float] = None
    currency_unknown: Optional[str] = None

    def as_json(self, **changes) -> dict:
        """The JSON of this detail, or of `dataclasses.replace(self, **changes)` without building that
        copy (diff adds the role and outlets to every comparison)."""
        if not changes.keys() <= _DETAIL_FIELDS_SET:
            raise TypeError(f"Detail has no field {sorted(changes.keys() - _DETAIL_FIELDS_SET)}")
        # the instance's dict holds every field in field order; changes replace values, not the order
        found = {**self.__dict__, **changes} if changes else self.__dict__
        return {key: value for key, value in found.items() if value is not None}


_DETAIL_FIELDS = tuple(f.name for f in dataclasses.fields(Detail))
_DETAIL_FIELDS_SET = frozenset(_DETAIL_FIELDS)


SIDE_KEYS = ("text", "kind", "value", "low", "high", "unit", "period", "qualifier", "approximate", "direction")


def side(f: Optional[dict]) -> Optional[dict]:
    if f is None:
        return None
    found = {key: f.get(key) for key in SIDE_KEYS}
    if found["direction"] is None:
        del found["direction"]
    return found


class Judgement(NamedTuple):
    verdict: str  # same, compatible, conflict, different measure
    detail: Detail


# ---------------------------------------------------------------------------------------------
# The comparison rule


def _quote(f: dict) -> str:
    return f"\"{f.get('text') or fmt(f.get('value'))}\""


def _unit_label(f: dict) -> Optional[str]:
    d = dimension(f)
    if d.name == "money":
        return d.unit
    if f.get("kind") == "percent":
        return f.get("unit") or "%"
    return f.get("unit")


def is_vague(f: dict) -> bool:
    """Wording that may sum up several amounts: "millions of Euros", "dozens"."""
    return f.get("value") is None and f.get("kind") not in ("date", "year")


def _is_bound(f: dict, i: Interval) -> bool:
    return (i.low is None) != (i.high is None)


def _annualised(f: dict, i: Interval) -> Optional[dict]:
    per_year = PERIODS_PER_YEAR.get(period(f))
    if per_year is None:
        return None
    yearly = i.scaled(per_year)
    value = f.get("value")
    return {"value": None if value is None else value * per_year, "low": yearly.low, "high": yearly.high,
            "unit": f"{_unit_label(f) or ''}/year", "from_period": period(f)}


def compare(fa: dict, fb: dict, date_a: Optional[str] = None, date_b: Optional[str] = None) -> Judgement:
    """Can both figures be true? See the module docstring; `Detail` says why."""
    base = {"a": side(fa), "b": side(fb)}
    da, db = dimension(fa), dimension(fb)
    if "date" in (da.name, db.name):
        if da.name != db.name:
            return Judgement("different measure", Detail("different units", "a date against an amount", **base))
        return _compare_dates(fa, fb, base)
    if not comparable_dimensions(da, db):
        units = f"{_unit_label(fa) or da.name} against {_unit_label(fb) or db.name}"
        return Judgement("different measure", Detail("different units", f"different units: {units}", **base))
    if da.name == db.name == "count" and da.noun != db.noun:
        return Judgement("different measure", Detail(
            "different units", f"different things counted: {da.noun} against {db.noun}", **base))
    a, b = interval(fa), interval(fb)
    precision_a, precision_b = precision(fa), precision(fb)
    step_a, step_b = precision_a.step, precision_b.step
    period_a, period_b = period(fa), period(fb)
    extra: dict = {}
    if (period_a is None) != (period_b is None):
        rate_side, rate_figure, rate_interval = ("a", fa, a) if period_a else ("b", fb, b)
        annual = _annualised(rate_figure, rate_interval)
        note = f"{_quote(rate_figure)} is a rate (per {period_a or period_b}), the other a total"
        if annual:
            note += f"; per year it is {describe(Interval(annual['low'], annual['high']))} {_unit_label(rate_figure) or ''}".rstrip()
        return Judgement("different measure", Detail("rate against a total", note, rate_side=rate_side,
                                                     annualised=annual, **base))
    if period_a != period_b:
        per_a, per_b = PERIODS_PER_YEAR.get(period_a), PERIODS_PER_YEAR.get(period_b)
        if per_a is None or per_b is None:
            return Judgement("different measure", Detail("different periods", f"rates per {period_a} and per {period_b}", **base))
        a, b = a.scaled(per_a), b.scaled(per_b)
        step_a, step_b = step_a * per_a, step_b * per_b
        extra["annualised"] = {"a": a.as_list(), "b": b.as_list()}

    tolerance, factor, offset = 0.0, 1.0, 0.0
    if da.name == db.name == "money" and da.unit != db.unit:
        if da.unit and db.unit:
            rate = conversion(db.unit, da.unit, date_a, date_b)
            if rate is None:
                return Judgement("different measure", Detail(
                    "no exchange rate", f"no exchange rate between {db.unit} and {da.unit}", **base))
            factor, tolerance = rate["rate"], CONVERTED_TOLERANCE
            extra["conversion"] = rate
        else:
            extra["currency_unknown"] = "a" if da.unit is None else "b"
    elif da.name == db.name and da.unit != db.unit and da.name in UNITS:
        (sa, oa), (sb, ob) = base_conversion(da.unit), base_conversion(db.unit)
        factor, offset = sb / sa, (ob - oa) / sa
        tolerance = CONVERTED_TOLERANCE
        extra["conversion"] = {"from": db.unit, "to": da.unit, "rate": factor}
    if factor != 1.0 or offset:
        b = b.scaled(factor, offset)
        step_b *= factor
        extra["converted_b"] = b.as_list()
    unit = _unit_label(fa) or _unit_label(fb)
    per = period_a if period_a == period_b else ("year" if period_a else None)
    extra.update(interval_a=a.as_list(), interval_b=b.as_list(), unit=f"{unit or ''}/{per}" if per else unit,
                 tolerance=tolerance or None,
                 precision={"a": precision_a.words, "b": precision_b.words})
    return _amounts(fa, fb, a, b, step_a, step_b, tolerance, base, extra)


def _amounts(fa, fb, a: Interval, b: Interval, step_a, step_b, tolerance, base, extra) -> Judgement:
    def judged(verdict, reason, note):
        if extra.get("currency_unknown"):
            note += f"; currency unknown on side {extra['currency_unknown']}: amounts compared as numbers"
        if extra.get("conversion") and "rate" in extra["conversion"] and extra["conversion"].get("date"):
            c = extra["conversion"]
            note += f" (1 {c['from']} = {c['rate']:.4g} {c['to']}, the ECB rate of {c['date']})"
        return Judgement(verdict, Detail(reason, note, **base, **extra))

    dir_a, dir_b = direction(fa), direction(fb)
    qa, qb = _quote(fa), _quote(fb)
    if dir_a and dir_b and dir_a != dir_b and not (a.point and b.point and a.low == 0 == b.low):
        return judged("conflict", "opposite direction",
                      f"side a states a {'rise' if dir_a == 'up' else 'fall'} ({qa}), side b a "
                      f"{'rise' if dir_b == 'up' else 'fall'} ({qb}): opposite directions")
    one_way = ""
    if bool(dir_a) != bool(dir_b):
        one_way = f"; only {qa if dir_a else qb} says which way it moved"
    if a.as_list() == [None, None] or b.as_list() == [None, None]:
        return judged("compatible", "vaguer amount", "no amount on one side: nothing to compare" + one_way)
    if equal(a, b, tolerance):
        reason = "converted" if tolerance else "same value"
        if tolerance:
            note = f"{qa} and {qb} agree within {round(100 * tolerance)}% after conversion"
        else:
            note = f"{qa} and {qb} state the same amount"
        return judged("compatible" if one_way else "same", reason, note + one_way)

    ra, rb = rounded(fa, a, step_a), rounded(fb, b, step_b)
    slack = (lambda i: i.widened(tolerance * abs(i.low or 0), tolerance * abs(i.high or 0))) if tolerance else (lambda i: i)
    if overlap(slack(ra), slack(rb)):
        reason, note = _why_compatible(fa, fb, a, b, ra, rb, step_a, step_b)
        return judged("compatible", reason, note + one_way)
    cut = _cut(fa, fb, a, b, step_a, step_b)
    if cut and overlap(slack(cut[1]), slack(cut[2])):
        coarse = cut[0]
        coarse_i = a if coarse is fa else b
        step = step_a if coarse is fa else step_b
        fine_i = b if coarse is fa else a
        note = (f"{_quote(coarse)} rounded to {_step_words(step)} allows {describe(rounded(coarse, coarse_i, step))}; "
                f"{describe(fine_i)} is outside, but {_quote(coarse)} may be {describe(fine_i)} cut to {_step_words(step)}")
        return judged("compatible", "rounder number", note + one_way)
    undated = _at_any_rate(extra.get("conversion"), rb)
    if undated is not None and overlap(slack(ra), slack(undated)):
        c = extra["conversion"]
        note = (f"{qa} allows {describe(ra)}; {qb} is {describe(undated)} at the ECB rates since {c['range_since']} "
                f"(1 {c['from']} = {c['range'][0]:.4g}-{c['range'][1]:.4g} {c['to']}): without a publication date "
                f"they may agree")
        return Judgement("compatible", Detail("undated conversion", note, **base, **extra))
    note = f"{qa} allows {describe(ra)}; {qb} allows {describe(rb)}: no value fits both"
    return judged("conflict", "disjoint", note)


def _at_any_rate(conversion: Optional[dict], converted: Interval) -> Optional[Interval]:
    """b's interval at any rate of the ECB's history, when the publication date is not known."""
    if not conversion or not conversion.get("range") or not conversion.get("rate"):
        return None
    low, high = (r / conversion["rate"] for r in conversion["range"])
    return Interval(None if converted.low is None else converted.low * low,
                    None if converted.high is None else converted.high * high,
                    converted.low_open, converted.high_open)


def _cut(fa, fb, a, b, step_a, step_b):
    """A rounder number may have been cut rather than rounded ("$43 million" for $43,885,310): when one
    side is a point stated more coarsely than the other, it may stand for [value, value + step)."""
    if a.point and step_a > step_b:
        return fa, Interval(a.low, a.low + step_a, False, True), b
    if b.point and step_b > step_a:
        return fb, a, Interval(b.low, b.low + step_b, False, True)
    return None


def _why_compatible(fa, fb, a, b, ra, rb, step_a, step_b) -> tuple[str, str]:
    """Which side is vaguer, and how: vaguer amount, range, hedge, bound, rounder number."""
    for f, i, r, other, other_i in ((fa, a, ra, fb, b), (fb, b, rb, fa, a)):
        if is_vague(f) and not is_vague(other):
            return "vaguer amount", (f"{_quote(f)} is vague ({describe(i)}): it allows {describe(other_i)} "
                                     f"but does not confirm it")
    if is_vague(fa) and is_vague(fb):
        return "vaguer amount", f"{_quote(fa)} ({describe(a)}) and {_quote(fb)} ({describe(b)}) are both vague: they overlap"
    for f, i, other_i in ((fa, a, b), (fb, b, a)):
        if qualifier(f) == "between" and i.bounded and not i.point:
            return "range", f"{_quote(f)} is a range ({describe(i)}) that includes {describe(other_i)}"
    for f, i, other_i in ((fa, a, b), (fb, b, a)):
        if f.get("approximate"):
            return "hedge", f"{_quote(f)} is hedged: it allows {describe(i)}; {describe(other_i)} is inside"
    for f, i, other_i in ((fa, a, b), (fb, b, a)):
        if _is_bound(f, i):
            return "bound", f"{_quote(f)} is a bound ({describe(i)}); {describe(other_i)} fits it"
    coarse = (fa, ra, step_a, b) if step_a >= step_b else (fb, rb, step_b, a)
    f, r, step, other_i = coarse
    if step:
        return "rounder number", (f"{_quote(f)} is rounded to {_step_words(step)} ({describe(r)}); "
                                  f"{describe(other_i)} is inside")
    return "bound", f"{describe(a)} and {describe(b)} overlap"


def _year_interval(f: dict) -> Optional[Interval]:
    """A date or year as an interval of YYYYMMDD days (a year is its whole year)."""
    value, low, high = f.get("value"), f.get("low"), f.get("high")
    if f.get("kind") == "year":
        lo = value if value is not None else low
        hi = value if value is not None else high
        return Interval(None if lo is None else lo * 10000 + 101, None if hi is None else hi * 10000 + 1231)
    if value is not None and value >= 10000:
        return Interval(value, value)
    if value is None and low is not None and high is not None and low >= 10000:
        return Interval(low, high)
    return None  # a day without a year ("Oct. 16")


def _compare_dates(fa: dict, fb: dict, base: dict) -> Judgement:
    a, b = _year_interval(fa), _year_interval(fb)
    qa, qb = _quote(fa), _quote(fb)
    if a is None or b is None:
        va, vb = fa.get("value"), fb.get("value")
        if va is not None and vb is not None:
            same_day = int(va) % 10000 == int(vb) % 10000
            if same_day:
                return Judgement("same", Detail("same value", f"{qa} and {qb} are the same day", **base))
            return Judgement("conflict", Detail("disjoint", f"{qa} and {qb} are different days", **base))
        return Judgement("compatible", Detail("date within", "no year on one side: cannot tell the dates apart", **base))
    if equal(a, b):
        return Judgement("same", Detail("same value", f"{qa} and {qb} are the same date or period", **base))
    if overlap(a, b):
        return Judgement("compatible", Detail("date within", f"{qa} and {qb} overlap: one is within or across the other", **base))
    return Judgement("conflict", Detail("disjoint", f"{qa} and {qb} do not overlap", **base))
