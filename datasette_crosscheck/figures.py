"""Every figure a news sentence states, normalised so outlets can be compared.

Regular expressions and small tables, pure functions, standard library only.
`extract_figures(text)` returns `Figure`s in order of appearance, never overlapping, with
`text[f.start:f.end] == f.text`. The surface `text` includes the hedge ("at least"), the currency
("€", "dlrs"), the scale ("million"), the unit or counted noun and the rate ("each month").
`may_have_figures(text)` is the cheap test that lets callers skip sentences without any.

How a figure is represented
---------------------------
kind      money, percent, quantity (a measure with a unit: km, bbl, minute), count (a number of a
          counted noun: meetings, refugees), number (bare), date, year.
value     the stated amount in base units: "€13m" -> 13e6, "30 cts" -> 0.30 (money is in major
          currency units). None for vague amounts ("millions of euros") and for spans of time.
          A sign is part of the value ("-1.3%", "$-50.8bn", "minus 3"; not "plus or minus 10").
          Word amounts: "a week" 1 week, "half an hour" 0.5 hour, "a dozen" 12, "half a million"
          5e5, "a third of" 1/3, "two thirds of" 2/3 (kind number), "a couple of days" 2 days
          (low 2, high 3, qualifier "a couple of", approximate). Not: "a second" (an ordinal),
          "twice a day" (a rate), "a year earlier" (a time reference).
low/high  the interval the wording allows; None = unbounded on that side.
          exact "20 bombs"                           low = high = value
          bound "at least", "more than", "over",    low = value, high None: an open bound is exact,
                "or more", "since"                   not vague (approximate False)
                "less than", "up to", "under"       low None, high = value (approximate False)
          hedge "about", "some", "around", "or so"  value -/+ 10 % (measures.HEDGE_WIDTH), approximate
                "nearly", "almost", "close to"      [value - 10 %, value], approximate
          range "between 200 and 300", "200-300",   low/high the ends, value the midpoint,
                "340 to 350", "four or five",        qualifier "between" ("or": approximate)
                "(ranging) from 5 to 6 pct"          ... but after a change ("rose from 5 to 6 pct",
                                                     "raised the seats from 65 to 125") two figures:
                                                     the old level and the new
          vague "millions of", "thousands"          value None, low = the scale, high = the next
                                                     scale up (millions: 1e6..1e9, hundreds of
                                                     thousands: 1e5..1e6, dozens: 24..144),
                                                     qualifier "millions of", approximate
unit      money: ISO currency code, None when the text does not say which (a bare "millions" after
          "paying", "francs", "pesos", "bolivars"); "US$", "$US", "A$", "$A", "C$"... name theirs,
          glued too ("EUR2.3bn", "DM5"); a glued upper-case scale counts only after a currency
          ("$13.6M", "€2.3B", "$50K"; "9400M" is a name); percent: "%" ("pc" after a number too:
          "3pc", "3.5 pc"), "pp" (percentage points), "bp" (basis points); quantity: a symbol (km,
          mi, kg, t, lb, bbl, MW, GB, MHz...) or a time unit word (minute, day, year); count: the
          counted noun, singular, lower case ("meeting", "person"); "x" for a multiple ("three
          times", kind number). Barrels are a quantity in "bbl".
period    the rate: hour, day, week, month, quarter, year ("each month", "a day", "annually",
          "/yr", "bpd"); for prices "per X" / "a share" the unit priced ("share", "t", "oz", "bbl").
direction "up" or "down" when the figure is a change: "rose 5 pct", "up 14 pct", "fell by 2 pct",
          "an increase of 12.7 pct", "a 1.7 pct fall", "four pct higher", "closed five cents up";
          value stays the size of the change (so "rose 1.3%" and "fell 1.3%" differ only here). Verbs
          that also state amounts of things (dropped, gained, lost, added, cut, up, down) mark a
          change only on money, percentages and points ("dropped 420 tons of food" is no change),
          and never before "of" ("brought down 70 percent of the network"). None for levels
          ("rose 28 pct to 616 cts": 616 cts is the new level) and for anything else.
qualifier the hedge in normal form: as written, lower case ("at least", "more than", "over",
          "nearly", "about", "around", "some", "up to"...); "between" for any range; "millions of"
          for "millions of" and a bare "millions"; suffixes mapped ("30 or more" -> "at least",
          "30-odd" -> "about", "30+" -> "more than").
Dates     kind "date", unit "date": value = YYYYMMDD as a number when a day is stated, with year 0
          when the text gives none ("Oct. 16" -> 1016.0); a month, month range or day range
          ("August 2013", "August–September 2013", "March 1-10") has value None and low/high its
          first and last day (20130801, 20130930). Kind "year", unit "year": value the year ("since
          2011": low 2011, high None); a span ("from 2009 to 2013", "1986/87", "2013-14", "the
          1990s") has value None and low/high its ends. A four-digit 1800-2100 number is a year
          unless money, a unit or a counted noun follows ("2014 people"; but "the 1986 figures",
          "in 2014 people..."). Numeric dates (04/09/87) read month first unless the first part is
          over 12; 17.10.2019 reads day first.
Not figures: numbers glued to letters or after a letter and hyphen (G-20, F-15Es, MH17, COVID-19,
          4G, 2nd), after a designation word (Resolution 2254, Article 5, Boeing 737, No. 10) or a
          capitalised name after a lower-case word ("watched Channel 4"), house numbers
          ("24 Independent Street"), times of day, ratios (700:1, a two-for-one split), phone
          numbers, slash pairs that are not fractions (9/11, 24/7) and names after a slash (PS/2).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Optional

from .measures import (CENT_WORDS, CURRENCY_ADJECTIVES, CURRENCY_PREFIXES, CURRENCY_WORDS, GLUED_UNITS,
                       HEDGE_WIDTH, IRREGULAR_PLURALS, ISO_CODES, PERCENT_WORDS, PERIOD_WORDS, QUANTITY_UNITS,
                       singular)

_LEFT_WINDOW = 60  # characters looked at before a number for its hedge, currency or designation


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    text: str
    kind: str
    value: Optional[float]
    low: Optional[float]
    high: Optional[float]
    unit: Optional[str] = None
    period: Optional[str] = None
    qualifier: Optional[str] = None
    approximate: bool = False
    direction: Optional[str] = None  # "up"/"down" for a change ("rose 5 pct"), None for a level

    def as_row(self) -> dict:
        """The `figures` table columns (schema.FIGURES) this figure fills."""
        return {
            "char_start": self.start,
            "char_end": self.end,
            "text": self.text,
            "kind": self.kind,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "unit": self.unit,
            "period": self.period,
            "qualifier": self.qualifier,
            "approximate": int(self.approximate),
            "direction": self.direction,
        }


# ---------------------------------------------------------------------------------------------
# Tables

_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES = {**{w: i for i, w in enumerate(_SMALL)}, **{w: 20 + 10 * i for i, w in enumerate(_TENS)}}
_BIG_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

# Scale words after a number, spaced or hyphenated ("5 mln", "$1.5-billion"), and glued ("€500m").
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "millions": 1e6, "mln": 1e6, "mn": 1e6,
           "billion": 1e9, "billions": 1e9, "bln": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12,
           "trn": 1e12, "crore": 1e7, "crores": 1e7, "lakh": 1e5, "lakhs": 1e5,
           "mil": 1e6, "bil": 1e9}  # "mil", "bil": headline abbreviations ("US$10 mil.")
_GLUED_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12}
# Upper case ("$13.6M", "€2.3B", "$50K") only after a currency: "9400M" and "A320B" are names.
_GLUED_UPPER_SCALES = {"K": 1e3, "M": 1e6, "MN": 1e6, "Mn": 1e6, "MLN": 1e6, "MM": 1e6, "B": 1e9, "BN": 1e9,
                       "Bn": 1e9, "T": 1e12, "TN": 1e12, "Tn": 1e12}

_AFTER_SCALE_ONLY = {"won", "mark"}  # "300 billion won", "a 5 mln mark loan"; not "won 3", "the 1,000 mark"
# Words ending in "s" that are not plural nouns, and words that never start a counted noun phrase.
_NOT_NOUNS = set("""is was has does his its this thus plus less unless yes always perhaps whereas
afterwards towards besides sometimes nevertheless various previous serious numerous famous
dangerous obvious vs versus as us gas news series whose across chaos alias status bonus census
consensus campus virus focus bus yes ours yours theirs hers""".split())
_FUNCTION_WORDS = set("""a an the of to in on at for by with and or but from as than that which who
whom were was are is be been being have had has will would could should may might can must did do
does not no nor per each every this these those it its he she they we i you his her their our my
your there here when where while after before since until into onto over under about above below
between through during against among up down out off so if then also only just more most less least
said says say vs versus because including compared ago earlier later new other such same all any
some both either neither what how why whether""".split())

_QUALIFIERS = {  # as written (lower case) -> (normal form, interval rule)
    "at least": ("at least", "low"), "no less than": ("no less than", "low"),
    "not less than": ("not less than", "low"), "no fewer than": ("no fewer than", "low"),
    "a minimum of": ("a minimum of", "low"), "more than": ("more than", "low"),
    "over": ("over", "low"), "well over": ("over", "low"), "above": ("above", "low"),
    "in excess of": ("in excess of", "low"), "upwards of": ("upwards of", "low"),
    "greater than": ("greater than", "low"), "exceeding": ("exceeding", "low"),
    "less than": ("less than", "high"), "fewer than": ("fewer than", "high"),
    "under": ("under", "high"), "below": ("below", "high"), "up to": ("up to", "high"),
    "at most": ("at most", "high"), "no more than": ("no more than", "high"),
    "not more than": ("no more than", "high"), "a maximum of": ("a maximum of", "high"),
    "as many as": ("as many as", "high"), "as much as": ("as much as", "high"),
    "nearly": ("nearly", "near"), "almost": ("almost", "near"), "close to": ("close to", "near"),
    "just under": ("just under", "near"), "just short of": ("short of", "near"),
    "just over": ("just over", "over"), "about": ("about", "about"), "around": ("around", "about"),
    "approximately": ("approximately", "about"), "approx.": ("approximately", "about"),
    "roughly": ("roughly", "about"), "some": ("some", "about"), "circa": ("about", "about"),
    "an estimated": ("an estimated", "about"), "estimated": ("an estimated", "about"),
    "exactly": ("exactly", "exact"), "precisely": ("exactly", "exact"),
}
_SUFFIX_QUALIFIERS = {"or more": ("at least", "low"), "or so": ("about", "about"),
                      "odd": ("about", "about"), "plus": ("more than", "low"),
                      "+": ("at least", "low"), "or less": ("up to", "high"),  # "30+": 30 or more
                      "or fewer": ("up to", "high")}
_NOT_COMPOUND_NOUNS = {"odd", "plus", "fold", "way", "time", "off", "on"}
_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
              "fifths": 5, "tenth": 10, "tenths": 10}
_ONE_PERSON = {"person", "man", "woman", "child"}  # "one person": the only singular nouns "one" counts
_DATE_QUALIFIERS = {"since": "low", "after": "low", "before": "high",
                    "until": "high", "till": "high", "around": "about", "about": "about",
                    "circa": "about", "c.": "about"}

# Vague amounts: (low, high) in units; qualifier is the normal form.
_VAGUE = {"dozens": (24, 144), "scores": (40, 200), "hundreds": (1e2, 1e3),
          "thousands": (1e3, 1e6), "millions": (1e6, 1e9), "billions": (1e9, 1e12),
          "trillions": (1e12, 1e15)}

_DESIGNATIONS = """Resolution Resolutions Article Articles Section Sections Chapter Clause Paragraph
Part Title Rule Amendment Protocol Regulation Directive Boeing Airbus Embraer Bombardier Flight flight
Route route Highway Interstate Room room No No. no. Nos. Number Page page p. pp. Vol. Volume Issue
Act Bill Law Decree Case Gate Terminal Platform Track Level Phase Stage Round Game Week Day Apollo
Windows iPhone Galaxy Version version v. Channel Radio Formula Unit Block Building Floor Suite
Apartment Lot Pier Exit Junction Camp Group Category Class Grade Type Model Mark Mk Series
Division Regiment Brigade Battalion Fleet Squadron Area Zone District Ward Precinct Pope Psalm
Exhibit Item Table Figure Fig. Appendix Annex Schedule Line Bus Train Tower Station Sector
Road Street Avenue Code Opinion Docket Sura Verse Lane #""".split()
_DESIGNATION_WORDS = set(_DESIGNATIONS) | {w.lower() for w in """Resolution Resolutions Article Articles
Section Sections Chapter Clause Paragraph Amendment Protocol Regulation Directive""".split()}

_MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
           "august": 8, "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1,
           "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
           "oct": 10, "nov": 11, "dec": 12}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_VULGAR_FRACTIONS = {"½": 1 / 2, "¼": 1 / 4, "¾": 3 / 4, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 1 / 8}
_MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


# ---------------------------------------------------------------------------------------------
# Regular expressions (compiled once)


# Space between a number and its scale, unit or currency word; a line break before a capital
# letter starts something else ("108.3 mln\n    Year" in a results table).
_SP = r"(?:[ \t\u00a0]+(?:-[ \t]+)?|[ \t]*\n\s*(?=[^A-Z])|-)"  # " - ": tokenised text, "12 - year - old"


def _alternation(words, reverse=False) -> str:
    """A regular expression for any of `words`, longest first ("per cent" before "per"), written as a
    trie so that `re` tries a few first letters instead of every word in turn; `reverse` spells the
    words backwards, for patterns matched on the reversed text before a number."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word[::-1] if reverse else word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(tree)


def _trie_pattern(node: dict) -> str:
    branches = [(r"\s+" if char == " " else re.escape(char)) + _trie_pattern(child)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word may end here: the longer words are tried first
        return ("(?:" + body + ")" if len(branches) == 1 else body) + "?"
    return body


_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
          r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?")
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)(?:st|nd|rd|th)?"
_YEAR_DIGITS = r"(?:1[89]\d\d|20\d\d)"
_YEAR4 = _YEAR_DIGITS + r"(?!\d)"
_NUMBER_WORD = _alternation(list(_WORD_VALUES))
_SCALE_WORD = r"(?:hundred|thousand|million|billion|trillion|dozen)"

_GAP = r"(?:[ \u00a0]{1,2}|[ \t]*\n\s*)"  # between the parts of a date; wide gaps are table columns
_DATE = rf"""
    (?P<md>{_MONTH}{_GAP}{_DAY}(?:\s?[-–]\s?{_DAY})?(?![,.]\d)(?:,?{_GAP}{_YEAR4})?)  # Oct. 16, June 29, 2014
  | (?P<dm>{_DAY}{_GAP}(?:of\s+)?{_MONTH}(?:,?{_GAP}{_YEAR4})?)                  # 16 November 2015
  | (?P<mmy>{_MONTH}\s*(?:[-–—/]|\s(?:to|and)\s)\s*{_MONTH},?\s+{_YEAR4})  # August–September 2013
  | (?P<my>{_MONTH},?\s+{_YEAR4})                                          # January 2014
  | (?P<iso>{_YEAR_DIGITS}-(?:0[1-9]|1[0-2])-(?:3[01]|[12]\d|0[1-9])(?!\d))  # 2019-10-17
  | (?P<numdate>\d{{1,2}}(?P<dsep>[/.])\d{{1,2}}(?P=dsep)(?:\d{{4}}|\d\d)(?![\d/]))         # 04/09/87, 17.10.2019
"""
_SKIP = r"""
    (?P<skip>
      (?:\+\d{1,3}[ .-]?)?(?:\(\d{2,5}\)[ .-]?)?\d{2,4}[ .-]\d{3,4}[ .-]\d{4}(?!\d)  # phones
    | 0\d{2,4}[ .-]\d{3,4}[ .-]?\d{3,4}(?!\d)                                     # 0845 125 222
    | \(\d{2,5}\)\s?\d{3,4}[ .-]?\d{4}(?!\d)
    | \d{1,2}\s?:\s?\d\d(?::\d\d)?(?:\s?(?:[ap]\.m\.|[AP]\.M\.|[ap]m\b|[AP]M\b))?   # times
    | \d+:\d+                                                                       # ratios 700:1
    | \d{1,2}(?:\.\d\d)?\s?(?:[ap]\.m\.|[AP]\.M\.|[ap]m\b|[AP]M\b)
    | \d{4}\s(?:GMT|EST|EDT|CST|CDT|PST|PDT|BST|CET|CEST|UTC|hrs|HRS|local\stime)\b
    | 0\d[0-5]\d(?![\d.,])                                                          # at 0200
    | \d+(?:st|nd|rd|th)\b                                                         # ordinals
    )"""
_VAGUE_RE = r"""(?P<vague>(?i:
      (?:tens|hundreds)\s+of\s+(?:thousands|millions|billions)
    | (?:several|a\s+few)\s+(?:hundred|thousand|million|billion|dozen)(?:\s+thousand)?
    | dozens|hundreds|thousands|millions|billions|trillions|scores(?=\s+of\b)
    )\b)"""
_NUMERIC = r"""(?P<num>
      \d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)                # 300,000  1,234.5
    | \d{1,3}(?:\.\d{3}){2,}(?:,\d+)?(?!\d)                  # 1.234.567
    | \d{1,3}(?:[\u00a0\u2009\u202f]\d{3})+(?!\d)            # 10 000 (thin or no-break space)
    | \d{1,3}(?:\x20\d{3})+(?=\x20[a-z]{3,})                  # 80 937 hectares (a plain space, a noun after)
    | \d{1,3}(?:,\s?\d{3})*,\s000(?![\d,])                    # 10, 000 (tokenised text)
    | \d{1,2},\s\d{3}(?![\d,])(?=\s?[A-Za-z$-]|\s*[.;)]\s*$)  # $1, 199 for; 2, 116 points; of 2, 500. (tokenised)
    | \d+[\s-]\d{1,2}\s?/\s?(?:2|3|4|8|16|32|64)(?![\d/])     # 7-1/2, 2 1/2, 4 1 / 2 (tokenised)
    | \d+/\d+(?![\d/])                                       # 1/2, 1986/87, 9/11
    | \d+[½¼¾⅓⅔⅛]                                           # 3½
    | \d+\s\.\s\d+(?![\d,])                                   # 1 . 6 (tokenised decimal)
    | \d{1,3},\d{1,2}(?=\s(?:million|billion|trillion)\b)       # 1,2 million (a decimal comma)
    | \d+(?:\.\d+)?
    | \.\d+
    )"""
_TIME_WORD = r"(?:minute|hour|day|week|month|year|decade|century)"
_WORDS_RE = rf"""(?P<words>(?i:
      (?:{_NUMBER_WORD})\b
    | an?\s+(?={_SCALE_WORD}\b|{_TIME_WORD}\b|(?:third|quarter|fifth|tenth|couple)\s+of\b)
    | half\s+an?\s+(?={_SCALE_WORD}\b|{_TIME_WORD}\b)
    ))"""

# Figures start at the places these cheap searches find; _SCAN then reads what starts there
# (dates and non-figures come first). Scanning every position of the text with _SCAN is ten times
# slower.
# A number starts after no letter, digit or separator, or right after a currency that ends in letters
_AFTER_LETTER_CURRENCY = "|".join(rf"(?<={re.escape(p)})(?<![A-Za-z]{re.escape(p)})"  # "DM5", not "ADM5"
                                   for p in [*CURRENCY_PREFIXES, *ISO_CODES] if p[-1].isalpha())
_SCAN = re.compile(rf"(?:(?<![\w.,])|{_AFTER_LETTER_CURRENCY})(?:{_DATE}|{_SKIP}|{_NUMERIC})"
                   rf"|(?<![\w-])(?:{_VAGUE_RE}|{_WORDS_RE})", re.X)
_DIGIT_RUN = re.compile(r"[\d(+][\d,.]*")  # a leading character class lets `re` skip fast
_MONTH_START = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_TRIGGER_WORDS = {w.encode() for w in list(_WORD_VALUES) + ["half", "dozens", "hundreds", "thousands",
                  "millions", "billions", "trillions", "scores", "several", "few", "tens"]}
_SCALE_AFTER_ARTICLE = {"hundred", "thousand", "million", "billion", "trillion", "dozen"}
# "a week", "half an hour", "a third of", "a couple of": word amounts that start with the article
_ARTICLE_AMOUNT_WORDS = {"minute", "hour", "day", "week", "month", "year", "decade", "century",
                         "third", "quarter", "fifth", "tenth", "couple"}
_AFTER_ARTICLE = _SCALE_AFTER_ARTICLE | _ARTICLE_AMOUNT_WORDS | {"few"}
_LETTERS_ONLY = bytes(c if 65 <= c <= 90 or 97 <= c <= 122 else 32 for c in range(256))
_ARTICLE_BEFORE = re.compile(r"\s+(?:a|na)(?:\s+flah)?(?![\w-])")  # " a flah": "half a" reversed
_ANY_DIGIT = re.compile(r"\d")
_CHEAP_WORDS = _TRIGGER_WORDS | {w.encode() for w in _SCALE_AFTER_ARTICLE}
_ARTICLE_AMOUNT_BYTES = {w.encode() for w in _ARTICLE_AMOUNT_WORDS}
_ARTICLE_AMOUNT_ANYWHERE = re.compile(rf"(?i)\ban?\s+(?:{'|'.join(sorted(_ARTICLE_AMOUNT_WORDS))})\b")

_CURRENCY_PREFIX_RE = _alternation(CURRENCY_PREFIXES)

# Before a number, read backwards: these match the reversed text that ends where the number starts.
_LEFT = re.compile(
    rf"(?P<sign>[-−](?![\w.,-]))?"  # "$-50.8bn": the sign between the currency and the number
    rf"(?:\s?(?P<cur>{_alternation(CURRENCY_PREFIXES, True)}|{_alternation(ISO_CODES, True)})(?![A-Za-z]))?"
    rf"(?P<neg>\s+(?i:sunim)(?!\w)(?!\s+ro\s+sulp\b)|[-−](?![\w.,-]))?"  # not "plus or minus 10"
    rf"(?:\s+(?P<q>(?i:{_alternation(_QUALIFIERS, True)}))(?!\w))?"
)
_PREVIOUS_WORD = re.compile(r"\s+(#|[\w.]+)|#")
_CAPITALISED_NAME = re.compile(  # "watched Channel 4", "and Internet Explorer 6", "USB 2 / USB 3"
    r"\s(?P<name>[a-zA-Z]*[A-Z])(?![a-zA-Z])(?:\s+[\w'’.&-]*[A-Z](?![\w'’.&-])){0,3}"
    r"(?:\s+,?[a-z'’-]*[a-z](?![\w.])|\s*/)")
_LETTER_HYPHEN = re.compile(r"-(?P<w>[A-Za-z]+)(?![A-Za-z])|\s-\s(?P<caps>[A-Z]{1,5})(?![A-Za-z])")  # G-20, AK - 47
_ADDRESS = re.compile(r"\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|"
                      r"Lane|Drive|Place|Square|Court|Terrace)\b")
_GLUED_TAIL = re.compile(r"[\w'’-]*")
_YEAR_PREFIXES = {"mid", "end", "early", "late", "pre", "post", "fiscal", "fy"}

_WORD_TOKEN = re.compile(rf"(?i)(?:\s+|-)(and\s+a\s+half|and|an?|{_NUMBER_WORD}|"
                         rf"hundred|thousand|million|billion|trillion|dozen)\b")
_FIRST_WORD = re.compile(rf"(?i)(an?|half|{_NUMBER_WORD})\b")
_ARTICLE_AFTER = re.compile(r"(?i)\s+an?\b")  # "half a"

_GLUED = re.compile(rf"(?:(?P<scale>bn|mn|mln|m|k|b|tn|trn)|(?P<upper>{_alternation(_GLUED_UPPER_SCALES)})"
                    rf"|(?P<pct>\s?%|pc)|(?P<pence>p)"
                    rf"|(?P<unit>{_alternation(GLUED_UNITS)})|(?P<decade>s)|(?P<plus>\+))(?![\w])")
# "$250-M": a headline's hyphenated upper-case scale, only after a currency (as glued ones)
_HYPHEN_UPPER = re.compile(rf"-(?P<upper>{_alternation(_GLUED_UPPER_SCALES)})(?![\w])")
_GLUED_SIGNS = {"%", "+", "°", "²"}  # besides letters, what may follow a number without a space
_SCALE = re.compile(rf"{_SP}(?P<scale>(?i:{_alternation(_SCALES)}))\b")
# What a number measures, in one anchored match: percent, currency, unit of measure, "times", or a
# hyphenated noun ("17-member"); the group that matched says which.
_UNIT_AFTER = re.compile(
    rf"\s?(?P<pct_sign>%)|{_SP}(?P<pct>(?i:{_alternation(PERCENT_WORDS)}))\b|{_SP}(?P<pc>pc)(?![\w/])"
    rf"|{_SP}(?:(?P<adj>(?i:{_alternation(CURRENCY_ADJECTIVES)}))\s+)?"
    rf"(?P<currency>(?i:{_alternation(list(CURRENCY_WORDS) + list(CENT_WORDS))}))(?![\w])"
    rf"|\s+(?P<code>{'|'.join(ISO_CODES)})\b|\s?(?P<symbol>[€£¥₹₽₺])"
    rf"|{_SP}(?P<unit>(?i:{_alternation(QUANTITY_UNITS)}))(?![\w/])"
    rf"|\s+(?P<times>(?i:times))\b"
    rf"|(?:-|[ \t]-[ \t])(?P<noun>[a-z]+)\b(?!-\d)"
)
_NOUN_AFTER = re.compile(r"\s+(?:(?P<adj>[A-Za-z][\w-]*)\s+)?(?P<noun>[a-z]+)\b(?![-'’]\w)")
_SUFFIX_QUALIFIER = re.compile(r"(?:\s+or\s+(?P<or>more|so|less|fewer)\b|-(?P<hy>odd|plus)\b"
                               r"|(?P<sym>\+)(?!\w))")
_PERIOD = re.compile(
    r"""(?i)(?:
      \s+(?:per|each|every)\s+(?P<every>day|week|month|year|annum|hour|quarter)\b
    | \s+an?\s+(?P<a>day|week|month|year|hour|quarter)\b  # not "a year earlier": that is when
          (?![-\w])(?!\s+(?:ago|earlier|later|before|after|previously|from|of)\b)
    | \s+an?\s+(?P<a_unit>share|head|barrel|tonne|ton|ounce|pound|lb|gallon|litre|liter|kilo|bushel)\b
    | \s+(?P<adverb>daily|weekly|monthly|quarterly|annually|yearly|per\s+annum|p\.a\.)(?!\w)
    | \s*/\s*(?P<slash>yr|year|day|d|month|mo|wk|week|annum|hr|hour)\b
    | \s+per\s+(?P<per>(?:metric|short|long|troy|square|cubic)\s+[a-z]+|[a-z]+)\b
    )""", re.X)
_RANGE = re.compile(r"\s*(?P<sep>[-–—])\s*|\s+(?P<word>to|and|or)\s+")
_RANGE_START = re.compile(rf"(?:(?P<cur>{_CURRENCY_PREFIX_RE})\s?)?(?:(?={_NUMERIC})|(?={_WORDS_RE}))",
                          re.X)
_NUM_AT = re.compile(_NUMERIC, re.X)
_WORDS_BEFORE = re.compile(r"\s+([\w'’.]+)(?:\s+([\w'’.]+))?")  # reversed: the two words before
# "rose 5 to 6 pct" is a change, not a range
_CHANGE_VERBS = set("""rose rise rises risen rising fell fall falls falling up down increase increased
increases increasing decrease decreased decreasing climb climbed climbs dropped drop drops gain gained
gains lost decline declined declines jump jumped jumps slip slipped ease eased eases cut cuts raise
raised raises lower lowered grew grow grows shrank plunge plunged soar soared surge surged tumble
tumbled slump slumped advance advanced added widened narrowed revised by boost boosted reduce reduced
trim trimmed lift lifted""".split())
_CHANGE_NOUNS = set("""change changed changes changing move moved moves went go goes gone shift shifted swung
swing improve improved improvement expanded expand extended extend doubled doubling tripled halved hike hiked
hikes upgraded downgraded upgrade downgrade reduction reductions growth increase rise fall drop jump""".split())
_MAKE_UP = re.compile(r"(?i)\b(?:make|makes|made|making|sum|sums|summed|add|adds|added)\s+up(?:\s+[a-z]+)?\s*$")
_CLAUSE_END = re.compile(r"[,;:.()!?\n]")
_YEAR_PREPOSITIONS = set("in since until by during from of before after early late mid end for between "
                         "and to around".split())
# A year in these places is an adjective: "the 1986 figures", "its 2014 report"
_DETERMINERS = set("the its their his her our your a an this that these those whose last next".split())
_MONEY_CONTEXT = re.compile(
    r"(?i)\b(?:pa(?:y|ys|id|ying)|spen(?:d|ds|t|ding)|cost(?:s|ing)?|worth|fined?|rais(?:e|ed|es|ing)|"
    r"owe[sd]?|owing|earn(?:s|ed|ing)?|invest(?:s|ed|ing)?|donat(?:e|ed|es|ing)|los(?:e|es|t|ing)|"
    r"funnel(?:l?ed|l?ing|s)?|channel(?:l?ed|l?ing|s)?|receiv(?:e|ed|es|ing)|charg(?:e|ed|es|ing)|"
    r"st(?:eal|ole|olen|ealing)|launder(?:ed|ing|s)?|sav(?:e|ed|es|ing)|ransom|bribes?|fund(?:s|ed|ing)?|"
    r"financ(?:e|ed|es|ing)|bankroll(?:s|ed|ing)?|transferr?(?:ed|ing|s)?)\s+(?:[A-Za-z]+\s+)?\Z")
_MONEY_AFTER = re.compile(r"(?i)\s+(?:in|of)\s+(?:cash|aid|funding|funds|damages|fines|revenue|"
                          r"profits?|bribes|payments?|compensation|ransoms?|taxes|bonuses|loans|"
                          r"subsidies|investments?|sales)\b")
_OF = re.compile(r"\s+of\b")


# ---------------------------------------------------------------------------------------------
# Public API


def may_have_figures(text: str) -> bool:
    """Cheap pre-check: a digit or a number word; sentences without either have no figures."""
    if _ANY_DIGIT.search(text) is not None:
        return True
    words = _word_set(text)
    if words & _CHEAP_WORDS:
        return True
    # "day", "year"... are common: only after an article ("it lasted a week") do they state an amount
    return bool(words & _ARTICLE_AMOUNT_BYTES) and _ARTICLE_AMOUNT_ANYWHERE.search(text) is not None


def extract_figures(text: str) -> list[Figure]:
    """Every figure stated in `text`, in order of appearance, non-overlapping."""
    found: list[_Found] = []
    floor = 0
    for pos in _candidates(text):
        if pos < floor:
            continue
        match = _SCAN.match(text, pos)
        if match is None and pos and text[pos - 1] == "." and text[pos].isdigit():
            match = _SCAN.match(text, pos - 1)  # ".358"
        if match is None:
            continue
        group = match.lastgroup
        if group == "skip":
            floor = match.end()
            continue
        reader = _READERS[group] if group in _READERS else _read_date
        item, resume = reader(text, match, floor)
        if item is not None:
            found.append(item)
            resume = max(resume, item.figure.end)
        floor = max(floor, resume)
    return _directions(text, _share_units_in_lists(text, found))


# ---------------------------------------------------------------------------------------------
# Internals


def _candidates(text: str) -> list[int]:
    """Where a figure may start: digit runs, month names, number words (and "a"/"half a" before a
    scale word), found with searches that are cheap because they are short or anchored."""
    places = [m.start() for m in _DIGIT_RUN.finditer(text)]
    places += [p + 1 for p in places if text[p] in "(+"]  # "(95 miles)": the number after the bracket
    places += [m.start() for m in _MONTH_START.finditer(text)]
    lowered = text.lower()
    words = _word_set(lowered) & _TRIGGER_WORDS
    if words and len(lowered) == len(text):
        for word in words:
            places += _word_places(text, lowered, word.decode())
    elif words:  # lower() changed the length: scan the original text
        places += [m.start() for m in _SCAN.finditer(text) if m.lastgroup in ("words", "vague")]
    for word in _SCALE_AFTER_ARTICLE | _ARTICLE_AMOUNT_WORDS:
        if word in lowered:
            places += _word_places(text, lowered, word)
    return sorted(set(places))


def _word_set(text: str) -> set:
    """The lower-case ASCII words of text, as bytes (fast: no regular expression)."""
    return set(text.lower().encode("ascii", "replace").translate(_LETTERS_ONLY).split())


def _word_places(text: str, lowered: str, word: str) -> list[int]:
    """Starts of `word` as a whole word; for a scale word, of the "a"/"half a" before it."""
    places, i = [], lowered.find(word)
    while i != -1:
        end = i + len(word)
        if (i == 0 or not lowered[i - 1].isalpha()) and (end == len(lowered) or not lowered[end].isalpha()):
            if word in _AFTER_ARTICLE:  # "a million", "half a dozen", "a few"
                before = _ARTICLE_BEFORE.match(lowered[max(0, i - 12):i][::-1])
                if before:
                    places.append(i - before.end())
            else:
                places.append(i)
        i = lowered.find(word, end)
    return places


@dataclass(frozen=True)
class _Found:
    figure: Figure
    scale: float = 1.0  # the scale word it carried: "2 mln dlrs" -> 1e6
    factor: float = 1.0  # the unit's size in base units: "cts" -> 0.01
    bare: bool = False  # a plain number that a following figure's unit may apply to


class _Amount:
    """A figure under construction: the number read, then what surrounds it."""

    __slots__ = ("start", "end", "value", "low", "high", "kind", "unit", "period", "qualifier",
                 "rule", "approximate", "scale", "factor", "checked")

    def __init__(self, start, end, value):
        self.start, self.end, self.value = start, end, value
        self.low = self.high = None
        self.kind, self.unit, self.period, self.qualifier = "number", None, None, None
        self.rule, self.approximate, self.scale, self.factor, self.checked = "exact", False, 1.0, 1.0, -1


def _number_value(core: str) -> Optional[float]:
    """The value of a digit string: "300,000", "1.234.567", "7-1/2", "1/2", "3½"; None if not a number."""
    if core[-1] in _VULGAR_FRACTIONS:
        return int(core[:-1]) + _VULGAR_FRACTIONS[core[-1]]
    if "/" in core:
        core = re.sub(r"\s*/\s*", "/", core)  # "4 1 / 2" (tokenised)
        whole, fraction = re.split(r"[\s-]", core) if re.search(r"[\s-]", core) else ("0", core)
        numerator, denominator = (int(p) for p in fraction.split("/"))
        if denominator not in (2, 3, 4, 8, 16, 32, 64) or numerator >= denominator:
            return None  # 9/11, 24/7
        return int(whole) + numerator / denominator
    if core.count(".") > 1:  # European grouping
        core = core.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3},\d{1,2}", core):  # "1,2 million": a decimal comma (no group has 1-2 digits)
        core = core.replace(",", ".")
    core = core.replace(",", "")
    return float(core if core.isdigit() else "".join(core.split()))


def _read_number_words(text: str, pos: int) -> tuple[Optional[float], int, int]:
    """(value, end, tokens) of number words at pos: "twenty-five", "half a million", "two and a half"."""
    first = _FIRST_WORD.match(text, pos)
    if not first:
        return None, pos, 0
    word = first.group(1).lower()
    total, current, end, tokens = 0.0, 0.0, first.end(), 1
    state = word if word in ("a", "an", "half") else ("tens" if word in _TENS else "small")
    if state == "an":
        state = "a"
    current = _WORD_VALUES.get(word, 0)
    if state == "half":
        after = _ARTICLE_AFTER.match(text, end)
        if not after:
            return None, pos, 0
        end, state, current = after.end(), "half_a", 0.5
    while True:
        m = _WORD_TOKEN.match(text, end)
        if not m:
            break
        tok = m.group(1).lower()
        if tok.startswith("and") and tok != "and":  # "and a half"
            if state in ("small", "tens"):
                current += 0.5
                end, state, tokens = m.end(), "done", tokens + 1
            break
        if tok == "and":
            nxt = _WORD_TOKEN.match(text, m.end())
            if state not in ("hundred", "big") or not nxt or nxt.group(1).lower() not in _WORD_VALUES:
                break
            end = m.end()
            continue
        if tok in _WORD_VALUES:
            value = _WORD_VALUES[tok]
            if state == "tens" and 0 < value < 10:
                current += value
                state = "small"
            elif state in ("hundred", "big") and (state == "big" or current % 100 == 0):
                current += value
                state = "tens" if tok in _TENS else "small"
            else:
                break
        elif tok == "hundred" and state in ("small", "tens", "a"):
            current = (current or 1) * 100
            state = "hundred"
        elif tok == "dozen" and state in ("small", "a", "half_a"):
            current = (current or 1) * 12
            state = "dozen"
        elif tok in _BIG_WORDS and state in ("small", "tens", "hundred", "a", "half_a", "dozen"):
            total += (current or 1) * _BIG_WORDS[tok]
            current = 0
            state = "big"
        else:
            break
        end, tokens = m.end(), tokens + 1
    if state in ("a", "half_a"):
        return None, pos, 0
    return total + current, end, tokens


def _reversed_before(text: str, start: int, floor: int) -> str:
    return text[max(floor, start - _LEFT_WINDOW):start][::-1]


class _Left:
    """The hedge, minus sign and currency written just before a number, and where each starts."""

    __slots__ = ("q", "q_start", "neg", "neg_start", "cur", "cur_start", "start")  # neg: a sign or "minus"

    def __init__(self, text: str, start: int, floor: int):
        m = _LEFT.match(_reversed_before(text, start, floor))
        self.start = start - m.end()  # where the words that belong to the number begin
        q, cur = m.group("q", "cur")
        sign = "neg" if m.group("neg") else "sign"
        neg = m.group(sign)
        at = start - m.end(sign)
        if neg in ("-", "−") and at > 0 and (text[at - 1].isalnum() or text[at - 1] in ".,-"):
            # "$5-7 billion": a hyphen after a number (which the window may have cut off) is no sign
            neg, q, cur = None, None, cur if sign == "neg" else None
            self.start = start - (m.end("cur") if cur else 0)
        self.q, self.q_start = (q[::-1], start - m.end("q")) if q else (None, start)
        self.neg, self.neg_start = (neg[::-1], start - m.end(sign)) if neg else (None, start)
        self.cur, self.cur_start = (cur[::-1], start - m.end("cur")) if cur else (None, start)


_INDEX_NAME = re.compile(r"\s?(?:P&S|ESTF|xxotS|XXOTS|llessuR|iekkiN|CAC|XAD|XSA|enutroF)(?![A-Za-z])")  # reversed


def _is_designation(text: str, start: int, core: str, floor: int) -> bool:
    """"Resolution 2254", "No. 10", "Boeing 737", "Channel 4", "S&P 500": a name, not an amount."""
    before = _reversed_before(text, start, floor)
    if _INDEX_NAME.match(before):
        return True
    previous = _PREVIOUS_WORD.match(before)
    if not previous:
        return False
    word = (previous.group(1) or "#")[::-1]
    if word in _DESIGNATION_WORDS:
        return True
    if not word[0].isupper():
        return False
    # a capitalised word after a lower-case one is a name ("watched Channel 4"); in a title-case
    # headline or at the start of a sentence it is not ("Nearly 40", "Paris Attacks Kill 129")
    word = _CAPITALISED_NAME.match(before)
    if not word or not core.isdigit() or len(core) > 4 or 1800 <= int(core) <= 2100:
        return False
    name = word.group("name")[::-1].lower()
    if name in _FUNCTION_WORDS or name in _MONTHS or name in _QUALIFIERS or name in _WORD_VALUES \
            or name in _WEEKDAYS or name.upper() in ISO_CODES:  # "pay EUR 125"
        return False
    return not _says_what_it_counts(text, start + len(core))


def _says_what_it_counts(text: str, pos: int) -> bool:
    return bool(_SCALE.match(text, pos) or _UNIT_AFTER.match(text, pos) or _GLUED.match(text, pos)
                or _counted_noun_at(text, pos, allow_adjective=False)[0])


def _words_before(text: str, pos: int, floor: int) -> list:
    """The (lower-case word, start) of the one or two words just before pos."""
    m = _WORDS_BEFORE.match(_reversed_before(text, pos, floor))
    if not m:
        return []
    return [(m.group(g)[::-1].lower(), pos - m.end(g)) for g in (1, 2) if m.group(g)]


def _word_before_is(text: str, pos: int, floor: int, words) -> Optional[int]:
    """The start of the word before pos if it is one of `words`, else None."""
    before = _words_before(text, pos, floor)
    return before[0][1] if before and before[0][0] in words else None


def _plural_noun(word: str) -> Optional[str]:
    """The singular of a lower-case plural noun ("refugees" -> "refugee"); None for anything else."""
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if (len(word) < 3 or not word.endswith("s") or word.endswith(("ss", "us", "is", "ous"))
            or word in _NOT_NOUNS or word in _FUNCTION_WORDS):
        return None
    return singular(word)


def _counted_noun_at(text: str, pos: int, allow_adjective: bool, singular: bool = False):
    """(noun, end) of the counted noun after a number: "30 meetings", "20 Syrian refugees"."""
    m = _NOUN_AFTER.match(text, pos)
    if not m:
        return None, pos
    adjective, word = m.group("adj"), m.group("noun")
    if adjective is not None and adjective[0].isupper() and "\n" in text[pos:m.start("adj")]:
        return None, pos  # a capitalised word after a line break starts something else (tables)
    if adjective is not None:
        # the first word may itself be the noun ("30 meetings took place")
        first = adjective.lower() if adjective.islower() else None
        noun = first and (_plural_noun(first) or (singular and first not in _FUNCTION_WORDS and first))
        if noun and first not in QUANTITY_UNITS:
            return noun, pos + m.group(0).index(adjective) + len(adjective)
        if not allow_adjective or adjective.lower() in _FUNCTION_WORDS or adjective.endswith("ly"):
            return None, pos
    noun = _plural_noun(word) or (singular and word not in _FUNCTION_WORDS and word)
    if not noun or word in QUANTITY_UNITS:
        return None, pos
    return noun, m.end()


def _read_scale(text: str, amount: _Amount, currency_before: bool) -> None:
    """Glued ("€500m", "150km", "3.5%") or spaced ("2.3 million") scale, percent or unit."""
    pos = amount.end
    may_be_glued = text[pos:pos + 1].isalpha() or text[pos:pos + 2].strip() in _GLUED_SIGNS
    glued = may_be_glued and _GLUED.match(text, pos)
    if glued:
        if glued.group("upper"):  # only after a currency (see _names_something)
            amount.scale, amount.end = _GLUED_UPPER_SCALES[glued.group("upper")], glued.end()
            return
        if glued.group("scale"):
            suffix = glued.group("scale")
            follows = _UNIT_AFTER.match(text, glued.end()) or _counted_noun_at(text, glued.end(), True)[0]
            if currency_before or follows or suffix in ("bn", "mn", "mln", "tn", "trn"):
                amount.scale = _GLUED_SCALES[suffix]
                amount.end = glued.end()
            elif suffix == "m":
                amount.kind, amount.unit, amount.end = "quantity", "m", glued.end()
            return
        if glued.group("pct"):
            amount.kind, amount.unit, amount.end = "percent", "%", glued.end()
        elif glued.group("pence"):  # "30p"
            amount.kind, amount.unit, amount.end = "money", CENT_WORDS["pence"], glued.end()
            amount.value /= 100
            amount.factor = 0.01
        elif glued.group("unit"):
            amount.kind, amount.unit, amount.end = "quantity", GLUED_UNITS[glued.group("unit")], glued.end()
        return
    hyphened = currency_before and _HYPHEN_UPPER.match(text, pos)
    if hyphened:
        amount.scale, amount.end = _GLUED_UPPER_SCALES[hyphened.group("upper")], hyphened.end()
        return
    spaced = _SCALE.match(text, pos)
    if spaced:
        amount.scale = _SCALES[spaced.group("scale").lower()]
        amount.end = spaced.end()


def _read_unit(text: str, amount: _Amount, counted_nouns: bool) -> None:
    """Percent, currency, unit of measure or (optionally) counted noun after the number."""
    if amount.kind != "number":
        return
    pos = amount.end
    if amount.checked != pos:  # not looked at this place yet
        amount.checked = pos
        m = _UNIT_AFTER.match(text, pos)
        if m and _take_unit(text, amount, m):
            return
    if counted_nouns:
        noun, end = _counted_noun_at(text, pos, allow_adjective=True, singular=amount.value == 1)
        if noun in _FRACTIONS and amount.factor == 1.0 and _is_a_fraction(text, amount, noun, end):
            amount.factor = 1 / _FRACTIONS[noun]
            amount.value *= amount.factor
            amount.end = end
        elif noun:
            amount.kind, amount.unit, amount.end = "count", noun, end


_PERIOD_ORDINALS = {"first", "second", "third", "fourth", "last", "next", "past", "previous", "latest", "recent",
                    "final", "coming", "remaining"}


def _is_a_fraction(text: str, amount: _Amount, noun: str, noun_end: int) -> bool:
    """"two thirds of voters", "three quarters of the vote"; not "the first three quarters of 1987"."""
    if not (_OF.match(text, noun_end) or _CLAUSE_END.match(text, noun_end) or noun_end == len(text)):
        return False
    if amount.value != int(amount.value) or amount.value <= 0 or noun == "quarter" and amount.value >= 4:
        return False  # "twenty-three fifths" is 23/5, but "103 quarters" are not 103/4
    before = _words_before(text, amount.start, max(0, amount.start - _LEFT_WINDOW))
    return not (noun == "quarter" and before and before[0][0] in _PERIOD_ORDINALS)


def _take_unit(text: str, amount: _Amount, m) -> bool:
    group = m.lastgroup
    if group in ("pct", "pct_sign", "pc"):
        amount.kind, amount.unit = "percent", PERCENT_WORDS.get(_key(m.group(group)), "%")
    elif group in ("currency", "code", "symbol"):
        if group == "currency" and m.group(group).lower() in _AFTER_SCALE_ONLY and amount.scale == 1.0:
            return False
        _set_currency(text, amount, m)
    elif group == "unit":
        word = _key(m.group("unit"))
        amount.kind, amount.unit = "quantity", QUANTITY_UNITS[word]
        if word in ("bpd", "b/d"):
            amount.period = "day"
    elif group == "times":
        amount.unit = "x"
    else:  # "-member", "-minute", "-thirds"
        noun = m.group("noun")
        if noun in _FRACTIONS:
            amount.factor = 1 / _FRACTIONS[noun]
            amount.value *= amount.factor
            amount.end = m.end()
            return True
        if noun.endswith(("ed", "ing", "ly")) or noun in _FUNCTION_WORDS or noun in _NOT_COMPOUND_NOUNS:
            return False
        amount.kind, amount.unit = "count", singular(noun)
    amount.end = m.end()
    return True


def _key(words: str) -> str:
    """Lower case, single spaces: the form the tables use ("basis\npoints" -> "basis points")."""
    return " ".join(words.lower().split())


def _currency_code(prefix: str) -> str:
    prefix = " ".join(prefix.split())
    return CURRENCY_PREFIXES.get(prefix, prefix)  # a symbol, or already an ISO code


def _set_currency(text: str, amount: _Amount, m) -> None:
    if m.group("code"):
        code = m.group("code")
    elif m.group("symbol"):
        code = CURRENCY_PREFIXES[m.group("symbol")]
    else:
        word = m.group("currency").lower()
        adjective = _key(m.group("adj") or "")
        if word in ("pounds", "pound") and not adjective and _OF.match(text, m.end()):
            amount.kind, amount.unit = "quantity", "lb"  # "10 pounds of sugar"
            return
        if word in CENT_WORDS:
            code = CURRENCY_ADJECTIVES.get(adjective, CENT_WORDS[word])
            amount.value /= 100
            amount.factor = 0.01
        else:
            code = CURRENCY_ADJECTIVES.get(adjective) or CURRENCY_WORDS[word]
    amount.kind, amount.unit = "money", code


def _read_period(text: str, amount: _Amount) -> None:
    m = _PERIOD.match(text, amount.end)
    if not m or amount.period:
        return
    word = next(w for w in m.groups() if w)
    word = _key(word)
    if m.group("per"):
        if word == "cent" or word in _FUNCTION_WORDS:
            return
        period = _period_unit(word)
    else:
        period = "year" if word in ("per annum", "a year") else _period_unit(word)
    amount.period, amount.end = period, m.end()


def _period_unit(word: str) -> str:
    """"month" for "monthly", "t" for "per tonne", "lb" for "a pound", the singular otherwise."""
    if word in ("pound", "pounds"):
        return "lb"  # a price per pound is per weight
    return PERIOD_WORDS.get(word) or QUANTITY_UNITS.get(word) or singular(word)


def _read_suffix_qualifier(text: str, amount: _Amount) -> None:
    after = text[amount.end:amount.end + 5]
    if not ("or" in after or "-" in after or "+" in after):
        return  # the cheap test first: most numbers have none
    m = _SUFFIX_QUALIFIER.match(text, amount.end)
    if m and amount.rule == "exact":
        amount.qualifier, amount.rule = _SUFFIX_QUALIFIERS[m.group("or") and "or " + m.group("or")
                                                           or m.group("hy") or m.group("sym")]
        amount.end = m.end()


def _apply_rule(amount: _Amount) -> None:
    """low/high/approximate from the qualifier's rule (see the module docstring)."""
    v, rule = amount.value, amount.rule
    if rule in ("exact", "range"):
        if rule == "exact":
            amount.low = amount.high = v
    elif rule == "low":
        amount.low = v
    elif rule == "high":
        amount.high = v
    elif rule == "couple":  # "a couple of days": two, perhaps three
        amount.low, amount.high, amount.approximate = v, 1.5 * v, True
    elif rule in ("near", "over"):  # just below / just above the number's size ("nearly -5": -5..-4.5)
        other = _tolerance(v, -1 if rule == "near" else 1)
        amount.low, amount.high, amount.approximate = min(v, other), max(v, other), True
    elif rule == "about":
        lo, hi = _tolerance(v, -1), _tolerance(v, 1)
        amount.low, amount.high, amount.approximate = min(lo, hi), max(lo, hi), True


def _tolerance(value: float, sign: int) -> float:
    """value -/+ HEDGE_WIDTH, without float noise (27000000.000000004)."""
    return float(f"{value * (1 + sign * HEDGE_WIDTH):.12g}")


def _figure(text: str, a: _Amount) -> Figure:
    return Figure(a.start, a.end, text[a.start:a.end], a.kind, a.value, a.low, a.high, a.unit,
                  a.period, a.qualifier, a.approximate)


def _read_range(text: str, first: _Amount, left_text: int, window: int):
    """A second number after "-", "to", "and" (after "between") or "or": the amount as an interval."""
    m = _RANGE.match(text, first.end)
    if not m:
        return None
    word = m.group("word")
    if word == "and" and _word_before_is(text, left_text, window, ("between",)) is None:
        return None
    if word == "to" and _states_a_change(text, left_text, window):
        return None
    if word == "or" and (first.scale != 1.0 or first.kind != "number"):
        return None
    start2 = _RANGE_START.match(text, m.end())
    if not start2:
        return None
    pos = start2.end()
    second_value, end, _ = _read_core(text, pos)
    if second_value is None:
        return None
    second = _Amount(pos, end, second_value)
    currency = start2.group("cur")
    _read_scale(text, second, bool(currency))
    if currency:
        second.kind, second.unit = "money", _currency_code(currency)
    _read_unit(text, second, counted_nouns=word != "or" and first.kind == "number")
    if first.kind != "number" and (second.kind, second.unit) != (first.kind, first.unit) and not (
            m.group("sep") and second.kind == "number"):
        return None  # "three months to 4.72 billion" is not a range; "$5-6" is
    scale = first.scale if first.scale != 1.0 or first.value >= second.value else second.scale
    low = first.value * scale * (second.factor if first.kind == "number" else 1.0)
    high = second.value * second.scale
    if not low < high:
        return None
    return second, low, high, word


def _states_a_change(text: str, left_text: int, window: int) -> bool:
    """"rose 5 to 6 pct", "raised the number of seats from 65 to 125": an old and a new level, not a
    range; "ranging from 5 to 6 pct", "sentences from seven to 75 years" are ranges."""
    before = _words_before(text, left_text, window)
    if not before:
        return False
    if before[0][0] != "from":
        if _MAKE_UP.search(text, window, left_text):
            return False  # "makes up only 1 percent to 3 percent": a share, not a rise
        return any(w in _CHANGE_VERBS for w, _ in before)
    clause = _CLAUSE_END.split(text[window:before[0][1]])[-1]
    return any(w in _CHANGE_VERBS or w in _CHANGE_NOUNS for w in clause.lower().split()[-6:])


def _read_core(text: str, pos: int):
    """(value, end, is_words) of the digits or number words at pos."""
    m = _NUM_AT.match(text, pos)
    if m:
        return _number_value(m.group()), m.end(), False
    value, end, _ = _read_number_words(text, pos)
    return value, end, True


def _read_number(text: str, match, floor: int):
    """Digits or number words, with their hedge, currency, scale, range, unit and rate."""
    start = match.start()
    words = match.lastgroup == "words"
    word_amount = words and _ARTICLE_AMOUNT.match(text, start)
    if word_amount:
        value, end, tokens = _article_amount(text, word_amount, floor)
        if value is None:
            return None, match.end()
        core = text[start:end]
    elif words:
        value, end, tokens = _read_number_words(text, start)
        if value is None:
            return None, match.end()
        if text[end:end + 5].lower() == "-for-":  # a two-for-one split: a ratio
            return None, _GLUED_TAIL.match(text, end).end()
        core = text[start:end]
    else:
        core, end, tokens = match.group(), match.end(), 0
        if _is_year_span(core):
            return _year_span(text, start, end, int(core[:4]), core[5:], floor)
        value = None if _names_something(text, start, end, core, floor) else _number_value(core)
        if value is None:  # skip the whole token: "737-800", "F-15Es", "9/11"
            return None, _GLUED_TAIL.match(text, end).end()
    left = _Left(text, start, floor)
    if (not words and not left.cur and core.isdigit() and len(core) == 4 and 1800 <= value <= 2100
            and not _names_an_amount(text, start, end, floor)):
        return _read_year(text, match, floor)
    amount = _Amount(left.start, end, value)
    if left.q:
        amount.qualifier, amount.rule = _QUALIFIERS[_key(left.q)]
    if left.cur:
        amount.kind, amount.unit = "money", _currency_code(left.cur)
    if left.neg:
        amount.value = -amount.value
    if word_amount and word_amount.group("couple"):
        amount.qualifier, amount.rule = "a couple of", "couple"
    ranged = _read_measure(text, amount, bool(left.cur), left.start, max(floor, start - _LEFT_WINDOW))
    if words and tokens == 1 and value <= 1 and amount.factor == 1.0 and (
            amount.kind in ("number", "count") and amount.unit not in _ONE_PERSON
            or value == 0 and text.startswith("-", end)):
        return None, end  # "one of", "no one", "one way", "zero tolerance", "zero-day"
    _apply_rule(amount)
    bare = amount.kind == "number" and amount.unit is None and not ranged and amount.qualifier is None
    return _Found(_figure(text, amount), amount.scale, amount.factor, bare), amount.end


_ARTICLE_AMOUNT = re.compile(
    rf"""(?i)(?:(?P<article>(?P<half>half\s+)?an?)\s+
        (?={_TIME_WORD}\b(?![-'’]\w)(?!\s+(?:ago|earlier|before|previously)\b))  # not "a year earlier"
    | an?\s+(?P<fraction>third|quarter|fifth|tenth)(?=\s+of\b)
    | an?\s+(?P<couple>couple\s+of)\b)""", re.X)
_ONCE = re.compile(r"(?i)(?:once|twice|thrice|times|per)\s+\Z")


def _article_amount(text: str, m, floor: int):
    """(value, end, tokens) of "a week" (1, before " week": the unit is read next), "half an hour",
    "a third of" (1/3), "a couple of" (2); None for a rate ("twice a day")."""
    if m.group("fraction"):
        return 1 / _FRACTIONS[m.group("fraction").lower()], m.end(), 2
    if m.group("couple"):
        return 2.0, m.end(), 2
    if _ONCE.search(text, max(floor, m.start() - 8), m.start()):
        return None, m.end(), 0
    return (0.5 if m.group("half") else 1.0), m.end("article"), 2


_DAY_AFTER_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}\s*(?:to|and|through|-|–)\s*$")
_DECADE = re.compile(r"\d0s\b")
_SPACED_SLASH_AFTER = re.compile(r"\s+/\s+\d")
_SPACED_SLASH_BEFORE = re.compile(r"\d\s+/\s+$")
_MODEL_CODE = re.compile(r"(?<![\w.])([A-Z]{1,3})\s$")
_NOT_MODEL_CODES = frozenset(ISO_CODES) | {p for p in CURRENCY_PREFIXES if p.isupper()} | {
    "A", "I", "AT", "BY", "IN", "ON", "OF", "TO", "OR", "AND", "NO", "US", "UK", "EU", "UN", "PM", "AM"}


def _names_something(text: str, start: int, end: int, core: str, floor: int) -> bool:
    """G-20, F-15Es, COVID-19, MH17-style codes, 4G, 737MAX, Resolution 2254, 24 Independent Street."""
    if text[start - 1:start] == "-" or text[start - 3:start] == " - ":
        glued = _LETTER_HYPHEN.match(_reversed_before(text, start, floor))
        if glued and (glued.group("w") or "")[::-1].lower() not in _YEAR_PREFIXES:  # but "mid-1986"
            return True
    if text[start - 1:start] == "/" and text[start - 2:start - 1].isalpha():  # PS/2, OS/2
        return True
    if _DAY_AFTER_DAY.search(text, max(0, start - 20), start) and core.isdigit() and int(core) <= 31:
        return True  # "February 21 to 28", "between May 15 and 29": the last day of a date range
    if _DECADE.match(text, start):
        return True  # "the late 90s"
    if _SPACED_SLASH_AFTER.match(text, end) or _SPACED_SLASH_BEFORE.search(text, max(0, start - 8), start):
        return True  # "41 / 2 months" (4½ written apart), "24 / 7": numbers split by a slash are not read apart
    if _MODEL_CODE.search(text, max(floor, start - 6), start) and not _MODEL_CODE.search(
            text, max(floor, start - 6), start).group(1) in _NOT_MODEL_CODES:
        return True  # "AK 47 rifles", "F 16 jets": a model, not an amount
    if text[end:end + 5].lower() == "-for-":  # a 2-for-1 split: a ratio
        return True
    if end < len(text) and (text[end].isalpha() or text[end] == "_"):
        glued = _GLUED.match(text, end)
        if not glued or glued.group("upper") and not _Left(text, start, floor).cur:
            return True
    return _is_designation(text, start, core, floor) or core.isdigit() and bool(_ADDRESS.match(text, end))


def _read_measure(text: str, amount: _Amount, currency_before: bool, left_text: int, window: int) -> bool:
    """Scale, unit, range, "or more", counted noun and rate after the number; True for a range."""
    _read_scale(text, amount, currency_before)
    _read_unit(text, amount, counted_nouns=False)
    ranged = _read_range(text, amount, left_text, window)
    if ranged:
        second, low, high, word = ranged
        if amount.kind == "number":
            amount.kind, amount.unit = second.kind, second.unit
        amount.value, amount.low, amount.high = (low + high) / 2, low, high
        amount.end, amount.scale, amount.period = second.end, 1.0, amount.period or second.period
        if amount.rule == "about" or word == "or":
            amount.approximate = True
        between = _word_before_is(text, left_text, window, ("between", "from"))
        if between is not None:
            amount.start = min(amount.start, between)
        amount.qualifier, amount.rule = "between", "range"
    else:
        amount.value *= amount.scale
    _read_suffix_qualifier(text, amount)
    _read_unit(text, amount, counted_nouns=True)
    _read_suffix_qualifier(text, amount)
    _read_period(text, amount)
    return bool(ranged)


def _names_an_amount(text: str, start: int, end: int, floor: int) -> bool:
    """A year-like number followed by a unit, money or counted noun is an amount: "2014 people"."""
    unit = _UNIT_AFTER.match(text, end)
    if _SCALE.match(text, end) or unit and unit.lastgroup != "noun":
        return True
    glued = _GLUED.match(text, end)
    if glued and not glued.group("decade"):
        return True
    noun, noun_end = _counted_noun_at(text, end, allow_adjective=False)
    if noun is None or _OF.match(text, noun_end):
        return False  # "had 1986 sales of 26 mln dlrs": the sales of 1986
    before = _words_before(text, start, 0)
    if not before:  # "Note: 1986 figures", "(1986 results)"; but the text may start "2014 people died"
        return not text[:start].strip()
    word = before[0][0]
    return not (word in _YEAR_PREPOSITIONS or word in _DETERMINERS or word.endswith(("'s", "’s")))


def _is_year_span(core: str) -> bool:
    """"1986/87", "1987/1988": a crop or fiscal year (other slash pairs are fractions or names)."""
    return len(core) in (7, 9) and core[4] == "/" and core[:4].isdigit() and core[5:].isdigit()


def _year_span(text: str, start: int, end: int, first: int, second: str, floor: int):
    """"1986/87", "2013-14", "2009 to 2013": a span of years, or None if the second is not later."""
    last = int(second)
    if len(second) == 2:
        last += first - first % 100
        if last <= first:
            last += 100
    if not first < last <= first + 100 or last > 2100:
        return None, end
    begin, approximate = start, False
    between = _word_before_is(text, start, floor, ("between", "from"))
    left = _Left(text, start, floor)
    if between is not None:
        begin = between
    elif left.q:  # "around 2013-14"
        begin, approximate = left.q_start, _QUALIFIERS[_key(left.q)][1] in ("about", "near")
    figure = Figure(begin, end, text[begin:end], "year", None, float(first), float(last), "year", None,
                    "between", approximate)
    return _Found(figure), end


_YEAR_RANGE = re.compile(r"\s*[-–—/]\s*(\d{4}|\d\d)(?![\d\w])|\s+(?P<w>to|and|through|until)\s+(\d{4})(?!\d)")


def _read_year(text: str, match, floor: int):
    start, end = match.start(), match.end()
    year = int(match.group())
    decade = re.match(r"['’]?s(?!\w)", text[end:end + 3])
    if decade and year % 10 == 0:  # the 1990s, the 1950's
        return _found_date(text, start, end + decade.end(), "year", None, year, year + 9, floor)
    m = _YEAR_RANGE.match(text, end)
    if m:
        word = m.group("w")
        second = m.group(1) or m.group(3)
        if word != "and" or _word_before_is(text, start, floor, ("between",)) is not None:
            found, resume = _year_span(text, start, m.end(), year, second, floor)
            if found:
                return found, resume
    return _found_date(text, start, end, "year", year, year, year, floor)


def _found_date(text, start, end, kind, value, low, high, floor):
    """A date or year figure with its "since"/"before"/"around" qualifier."""
    qualifier, approximate = None, False
    before = _words_before(text, start, floor)
    if before and before[0][0] in _DATE_QUALIFIERS:
        qualifier, begin = before[0]
        rule = _DATE_QUALIFIERS[qualifier]
        if rule == "low":
            high = None
        elif rule == "high":
            low = None
        else:
            approximate = True
            if kind == "year" and value is not None:
                low, high = value - 1, value + 1
        start = begin
        qualifier = {"till": "until", "c.": "about", "circa": "about"}.get(qualifier, qualifier)
    figure = Figure(start, end, text[start:end], kind, None if value is None else float(value),
                    None if low is None else float(low), None if high is None else float(high),
                    kind, None, qualifier, approximate)
    return _Found(figure), end


_DATE_PARTS = re.compile(rf"(?P<month>{_MONTH})|(?P<year>{_YEAR4})|(?P<day>{_DAY})")


def _read_date(text: str, match, floor: int):
    group = match.lastgroup
    surface = match.group()
    if group == "numdate":
        return _read_numeric_date(text, match, floor)
    if group == "iso":
        y, mo, d = (int(p) for p in surface.split("-"))
        value = y * 10000 + mo * 100 + d
        return _found_date(text, match.start(), match.end(), "date", value, value, value, floor)
    months, year, days = [], 0, []
    for part in _DATE_PARTS.finditer(surface):
        if part.group("month"):
            months.append(_MONTHS[part.group("month").rstrip(".").lower()])
        elif part.group("year") and (group in ("my", "mmy") or days):
            year = int(part.group("year"))
        elif part.group("day"):
            days.append(int(re.match(r"\d+", part.group("day")).group()))
    if days:
        if days[-1] > _MONTH_DAYS[months[0] - 1] or (len(days) == 2 and days[0] >= days[1]):
            return None, match.end()
        low, high = (year * 10000 + months[0] * 100 + day for day in (days[0], days[-1]))
        value = low if low == high else None  # "March 1-10" is a span of days
        return _found_date(text, match.start(), match.end(), "date", value, low, high, floor)
    first_year = year - 1 if year and months[0] > months[-1] else year  # "November to April 1987"
    low = first_year * 10000 + months[0] * 100 + 1
    high = year * 10000 + months[-1] * 100 + _last_day(year, months[-1])
    return _found_date(text, match.start(), match.end(), "date", None, low, high, floor)


def _last_day(year: int, month: int) -> int:
    if month == 2 and year and (year % 4 or (year % 100 == 0 and year % 400)):
        return 28
    return _MONTH_DAYS[month - 1]


def _read_numeric_date(text: str, match, floor: int):
    """04/09/87 (month first, the US newswire order, unless the first part is over 12), 17.10.2019."""
    a, sep, rest = re.match(r"(\d+)([/.])(.*)", match.group()).groups()
    b, y = rest.split(sep)
    a, b, year = int(a), int(b), int(y)
    if len(y) == 2:
        year += 2000 if year < 50 else 1900
    month, day = (b, a) if sep == "." or a > 12 else (a, b)
    if not (1 <= month <= 12 and 1 <= day <= _MONTH_DAYS[month - 1]):
        return None, match.end()
    value = year * 10000 + month * 100 + day
    return _found_date(text, match.start(), match.end(), "date", value, value, value, floor)


def _read_vague(text: str, match, floor: int):
    """"millions of Euros", "hundreds of thousands of refugees", "a few hundred", bare "millions"."""
    words = _key(match.group())
    parts = words.split(" ")
    if parts[0] in ("several", "a"):
        scale_words = parts[2:] if parts[0] == "a" else parts[1:]
        scale = 1.0
        for w in scale_words:
            scale *= 12 if w == "dozen" else _SCALES[w]
        low, high = 2 * scale, 10 * scale
        qualifier = "a few" if parts[0] == "a" else "several"
    elif parts[0] in ("tens", "hundreds") and len(parts) == 3:
        base = _VAGUE[parts[2]][0]
        low = base * (10 if parts[0] == "tens" else 100)
        high, qualifier = low * 10, words + " of"
    else:
        low, high = _VAGUE[words]
        qualifier = words + " of"
    amount = _Amount(match.start(), match.end(), None)
    amount.low, amount.high, amount.qualifier, amount.approximate = float(low), float(high), qualifier, True
    left = _Left(text, match.start(), floor)
    if left.cur:
        amount.kind, amount.unit, amount.start = "money", _currency_code(left.cur), left.cur_start
    of = _OF.match(text, amount.end)
    probe = _Amount(amount.start, of.end() if of else amount.end, 2.0)  # a plural: "millions of X"
    probe.scale = 2.0  # a scale word came before: "billions of won" is money
    _read_unit(text, probe, counted_nouns=True)
    if probe.kind != "number":
        amount.kind, amount.unit, amount.end, amount.period = probe.kind, probe.unit, probe.end, probe.period
    elif of is None and amount.kind == "number" and (
            _MONEY_CONTEXT.search(text, max(floor, match.start() - 40), match.start())
            or _MONEY_AFTER.match(text, amount.end)):
        amount.kind = "money"  # "paying millions to jihadists": money, currency unknown
    _read_period(text, amount)
    return _Found(_figure(text, amount)), amount.end


def _share_units_in_lists(text: str, found: list[_Found]) -> list[Figure]:
    """A bare number takes the unit of its neighbour in a list or comparison: "1,850 and 1,880 dlrs",
    "from 5 to 6 pct" (from the next figure); "1.22 dlrs vs 1.10", "to 45.8 mln dlrs from 36.3 mln"
    (from the previous one)."""
    found = list(found)
    for i in range(len(found) - 2, -1, -1):
        if _LIST_GAP.fullmatch(text, found[i].figure.end, found[i + 1].figure.start):
            found[i] = _with_unit_of(found[i], found[i + 1])
    for i in range(1, len(found)):
        if _COMPARISON_GAP.fullmatch(text, found[i - 1].figure.end, found[i].figure.start):
            found[i] = _with_unit_of(found[i], found[i - 1])
    # a scaled amount left bare takes the currency of the last money figure of the same scale:
    # "8.4 billion stg in February, with a cumulative 102.5 billion", "161 mln in January and 33 mln"
    for i in range(1, len(found)):
        if found[i].bare and found[i].scale != 1.0 and found[i].figure.period is None:  # "1.5 mln a year"?
            money = next((o for o in reversed(found[:i]) if o.figure.kind == "money" and o.scale != 1.0), None)
            if money is not None and money.scale == found[i].scale:
                found[i] = _with_unit_of(found[i], money)
    return [_with_hedge_of_converted(text, found, i) for i in range(len(found))]


_CONVERSION_GAP = re.compile(r"\s*\(\s*")


def _with_hedge_of_converted(text: str, found: list[_Found], i: int) -> Figure:
    """A conversion in brackets states the amount before it in another unit, hedge included:
    "less than 50 km (30 miles)" is less than 30 miles too."""
    f = found[i].figure
    if i == 0 or f.qualifier or f.kind not in ("money", "quantity") or not f.value:
        return f
    before = found[i - 1].figure
    if before.kind != f.kind or not before.qualifier or not before.value \
            or not _CONVERSION_GAP.fullmatch(text, before.end, f.start) or not text[f.end:].lstrip().startswith(")"):
        return f
    ratio = f.value / before.value
    low = None if before.low is None else before.low * ratio
    high = None if before.high is None else before.high * ratio
    return dataclasses.replace(f, low=low, high=high, qualifier=before.qualifier, approximate=before.approximate)


def _with_unit_of(item: _Found, other: _Found) -> _Found:
    f, o = item.figure, other.figure
    if not item.bare or o.kind not in ("money", "percent", "quantity", "count"):
        return item
    if item.scale != 1.0 and item.scale != other.scale:
        return item  # "1.50 billion and 10 pct": different measures
    scale = other.scale if item.scale == 1.0 and f.value < 1000 else 1.0
    value = f.value * scale * other.factor
    figure = Figure(f.start, f.end, f.text, o.kind, value, value, value, o.unit, o.period, None, False)
    return _Found(figure, item.scale * scale, other.factor, False)


# A change and its direction ("rose 5 pct", "up 14 pct", "an increase of 12.7 pct", "a 1.7 pct fall",
# "four pct higher"). Verbs that also state amounts of things ("dropped 20 bombs", "gained 507
# yards", "lost 5 people") mark a change only on money, percentages and points.
_UP_VERBS = set("""rose rise rises risen rising increased increases increasing climbed climb climbs climbing
jumped jump jumps jumping grew grow grows growing soared soar soars surged surge surges advanced advances
rallied rally rallies firmed expanded""".split())
_DOWN_VERBS = set("""fell fall falls fallen falling declined decline declines declining decreased decrease
decreases decreasing slipped slip slips eased ease eases tumbled tumble tumbles plunged plunge plunges
slumped slump slumps sank sink sinks dipped dip dips slid slide slides shrank shrink shrinks weakened
contracted""".split())
_UP_AMOUNT_VERBS = set("up gained gain gains added adds boosted lifted higher widened".split())
_DOWN_AMOUNT_VERBS = set("down dropped drop drops shed sheds cut cuts lowered lower reduced trimmed narrowed".split())
# ... and these only on percentages and points: "raised $1 trillion" is revenue, "lost $5 mln" a loss
_UP_RATE_VERBS = set("raised raise raises".split())
_DOWN_RATE_VERBS = set("lost loses lose".split())
_UP_NOUNS = set("rise rises increase increases gain gains jump jumps hike hikes advance climb surge".split())
_DOWN_NOUNS = set("fall falls drop drops decline declines decrease decreases cut cuts reduction slide slump "
                  "dip plunge".split())
# "<change word> [of] [by|a|an|another|further|...ly] FIGURE", matched on the reversed text before it
_CHANGE_BEFORE = re.compile(r"(?i)\s+(?:(?:yb|an?|rehtona|rehtruf|yl[a-z]+)\s+)?(?:(fo)\s+)?([a-z]+)(?![a-z])")
_CHANGE_AFTER = re.compile(r"(?i)\s+([a-z]+)\b(?!-)")
_POINT_UNITS = set(PERCENT_WORDS.values()) | {"point"}  # %, pp, bp


_RESTATED = re.compile(r"\s*(?:,\s*or|\(|or)\s*")  # "rose $3.25, or 1.8%," / "fell 5 cts (2 pct)"


def _directions(text: str, figures: list[Figure]) -> list[Figure]:
    """Each figure with its direction; a change restated in other units shares it."""
    out = []
    for f in figures:
        f = _with_direction(text, f)
        previous = out[-1] if out else None
        if (f.direction is None and previous is not None and previous.direction
                and f.kind in ("money", "percent") and _RESTATED.fullmatch(text, previous.end, f.start)):
            f = dataclasses.replace(f, direction=previous.direction)
        out.append(f)
    return out


def _with_direction(text: str, f: Figure) -> Figure:
    if f.kind in ("date", "year") or _OF.match(text, f.end):  # "dropped 420 tons of food"
        return f
    rates = f.kind == "percent" or f.unit in _POINT_UNITS
    amounts = rates or f.kind == "money"
    direction = None
    before = _CHANGE_BEFORE.match(text[max(0, f.start - 40):f.start][::-1])
    if before:
        word, of = before.group(2)[::-1].lower(), before.group(1)
        if of:
            if not (word in ("gain", "gains") and f.kind == "money"):  # "a gain of 75 mln dlrs": a profit
                direction = "up" if word in _UP_NOUNS else "down" if word in _DOWN_NOUNS else None
        elif word in _UP_VERBS or amounts and word in _UP_AMOUNT_VERBS or rates and word in _UP_RATE_VERBS:
            direction = "up"
        elif word in _DOWN_VERBS or amounts and word in _DOWN_AMOUNT_VERBS or rates and word in _DOWN_RATE_VERBS:
            direction = "down"
    after = direction is None and (f.kind != "count" or amounts) and _CHANGE_AFTER.match(text, f.end)
    if after:
        word = after.group(1).lower()
        if word in _UP_NOUNS or word in ("higher", "up"):
            direction = "up"
        elif word in _DOWN_NOUNS or word in ("lower", "down"):
            direction = "down"
    return f if direction is None else dataclasses.replace(f, direction=direction)


_LIST_GAP = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to)\s+")
_COMPARISON_GAP = re.compile(r"\s*,?\s+(?:from|vs\.?|versus|against|compared\s+with|after)\s+")

_READERS = {"num": _read_number, "words": _read_number, "vague": _read_vague}
