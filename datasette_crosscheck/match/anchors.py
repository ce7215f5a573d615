"""Evidence for a figure conflict from the rest of the two articles.

A `conflict` between two matched clauses says that two outlets give one quantity two values. The two
clauses alone cannot tell that from two events of one kind (two earthquakes of one morning, both
"recorded according to the USGS"); the articles around them can: when one clause dates its event to
a time of day (at 9:27 a.m.) and the other article gives times of day but none near it (only 2:09
a.m.), the two are likely two events, and the row becomes `different measure` with reason
"different facts" and a note that says so.

Two articles may also report on two businesses: wire copy states a company's results in clauses that
never name it ("Shr profit 15 cts vs profit four cts"), the title does ("COEUR D'ALENE MINES CORP
<COUR> 4TH QTR LOSS"). When each article names a business first (a wire code in angle brackets in
its title or lead, else the business its lead opens with, "Wal-Mart Stores Inc said ...") and
neither article mentions the other's, their figures are two businesses' figures.

One outlet may also report one series on two days: the Bank of England's operations in the money market, a
weekly report, a guesstimate "versus 311,000 a year ago". When both articles are of one outlet, published on two
days, and neither clause dates its figure (no month, weekday, year, quarter or week ended), each figure is read
as of its own article's day, the news convention: two moments. Two outlets on two days are left alone (a
later article of another outlet may state the same fact), as are two versions of one outlet's story on one day
(a correction: "600-member" against "500-member" is a real disagreement).

Two articles of one template may report two subjects the clauses never name: "February imports were 6.00 billion
francs" under "SWISS FEBRUARY TRADE DEFICIT" and "February imports stood at 20.1 billion crowns" under "SWEDISH
TRADE SURPLUS", one eurobond's fees against another's. The names a title holds are its words that the body
writes capitalised inside a sentence and never in lower case (not months or weekdays); when two articles of one
outlet have titles that share no name, and neither article writes a name of the other's title, the two are
about two subjects. Only of one outlet: two outlets may name one place two ways ("Sonoma County" and "North
Bay" for one earthquake).

`article_doubt` is the rule on texts; `recheck_conflicts` applies it to the `differences` rows that
match.py has just written, before the statements count their conflicts. `opening_business` and
`businesses_differ` read the business a clause opens with, for diff.py's rule on two clauses.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Callable, Dict, List, NamedTuple, Optional

from ..textnorm import _POSSESSIVE, COMMON_WORDS, STOP_WORDS

# "9:27 a.m.", "2 : 09 a. m." (tokenised newswire), "10.30pm"
CLOCK = re.compile(r"(?i)\b(\d{1,2})\s*[:.]\s*(\d\d)\s*([ap])\s*\.?\s*m\b")
NEAR_MINUTES = 15  # "at about 9:30 a.m." and "at 9:27 a.m." are one moment


def clock_times(text: str) -> List[int]:
    """The times of day written in `text`, in minutes after midnight."""
    found = []
    for hour, minute, half in CLOCK.findall(text or ""):
        h, m = int(hour), int(minute)
        if 1 <= h <= 12 and m < 60:
            found.append((h % 12 + (12 if half.casefold() == "p" else 0)) * 60 + m)
    return found


def _written(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{(h - 1) % 12 + 1}:{m:02d} {'p.m.' if h >= 12 else 'a.m.'}"


# A business as news names it: capitalised words ending in a legal or group suffix ("Wal-Mart Stores Inc",
# "Stop and Shop Cos Inc", "Sime Darby Bhd"); a wire prints its code in angle brackets ("<WMT>").
_BUSINESS_SUFFIXES = frozenset("inc corp corporation co cos ltd plc llc ag sa nv bhd berhad".split())
_NAME_JOINERS = frozenset({"and", "of", "&", "de"})
_NAME_WORD = re.compile(r"[\w&'’.-]+")
_CODE = re.compile(r"<\s*([A-Z0-9][A-Z0-9 .&'-]{0,40}?)\s*>")
_OPENING_REACH = 10  # words: a business that opens a clause is named within them
_LEAD_CHARS = 400  # the title and lead, where an article names what it is about


@lru_cache(maxsize=1 << 14)  # a clause is one side of several matches
def opening_business(text: str) -> Optional[tuple]:
    """The name words of the business a clause opens with ("Wal-Mart Stores Inc said ..." gives
    ("Wal-Mart", "Stores", "Inc")); None when it opens with anything else."""
    words = [w.rstrip(".,") for w in _NAME_WORD.findall((text or "")[:300])]
    if words and words[0].casefold() == "the":
        words = words[1:]
    run = []
    for w in words[:_OPENING_REACH]:
        if not (w[:1].isupper() or (run and w.casefold() in _NAME_JOINERS)):
            break
        run.append(w)
    ends = [n for n, w in enumerate(run) if n and w.casefold() in _BUSINESS_SUFFIXES]
    return tuple(run[:ends[-1] + 1]) if ends else None


def _two_names(x: tuple, y: tuple) -> bool:
    """Two business names are two businesses when each begins with a word the other does not hold:
    "Wal-Mart Stores Inc" and "Edison Brothers Stores Inc", not "Shares of Omnicom Inc" and "Omnicom Inc"."""
    fold_x, fold_y = [w.casefold() for w in x], [w.casefold() for w in y]
    return fold_x[0] not in fold_y and fold_y[0] not in fold_x


def businesses_differ(clause_a: str, clause_b: str) -> Optional[str]:
    """Why two clauses are about two businesses (each opens with one, and they are not one); None otherwise."""
    x, y = opening_business(clause_a), opening_business(clause_b)
    if x and y and _two_names(x, y):
        return f"they are about two businesses ({' '.join(x)}; {' '.join(y)})"
    return None


def article_business(article: str) -> Optional[str]:
    """The business an article is about: the first wire code in its title or lead ("<WMT>"), else the
    business its first line or sentence opens with; None when it names none there."""
    lead = (article or "")[:_LEAD_CHARS]
    code = _CODE.search(lead)
    if code:
        return f"<{code.group(1)}>"
    for line in lead.splitlines()[:2]:
        name = opening_business(line)
        if name:
            return " ".join(name)
    return None


def _mentions(article: str, business: str) -> bool:
    """Does the article name the business (its code, or the first word of its name)?"""
    if business.startswith("<"):
        code = business[1:-1]
        return re.search(rf"(?<![\w]){re.escape(code)}(?![\w])", article or "") is not None
    first = business.split()[0]
    return re.search(rf"(?i)(?<![\w]){re.escape(first)}(?![\w])", article or "") is not None


class Source(NamedTuple):
    """Who published an article, and on which day (ISO date, or None when unknown)."""

    outlet: Optional[str] = None
    published: Optional[str] = None


# What dates a figure in its clause: a month or weekday, a year, a quarter or half, a fiscal year, a week ended.
# ("may" only before a day: it is also a verb.)
_DATED = re.compile(
    r"(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may\s+\d|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:19|20)\d\d|quarter|qtr|(?:first|second|1st|2nd)\s+half|"
    r"fiscal|weeks?\s+(?:ended|ending|to))\b")


def dates_its_figure(clause: str) -> bool:
    """Does the clause say what day or period its figures are of?"""
    return _DATED.search(clause or "") is not None


def two_days_of_one_outlet(clause_a: str, clause_b: str, a: Source, b: Source) -> Optional[str]:
    """Why two clauses of one outlet, published on two days, that do not date their figures may state two
    days' figures; None otherwise."""
    day_a, day_b = (str(s.published or "")[:10] for s in (a, b))
    if not (a.outlet and a.outlet == b.outlet and day_a and day_b and day_a != day_b):
        return None
    if dates_its_figure(clause_a) or dates_its_figure(clause_b):
        return None
    return (f"{a.outlet} reported them on two days ({min(day_a, day_b)}; {max(day_a, day_b)}) and neither clause "
            f"dates its figure, so each may be of its own day")


_WORD = re.compile(r"[A-Za-z][A-Za-z'’&-]*(?:\.[A-Za-z]+)*\.?")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”(\n]\s*|\s[-–—]\s*)$")
_NOT_NAMES = STOP_WORDS | frozenset(
    "january february march april may june july august september october november december jan feb mar apr jun jul "
    "aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday".split())


_STEM = 4  # letters: "Swedish" in a title names the "Sweden" of its body


def _fold(word: str) -> str:
    return _POSSESSIVE.sub("", word.rstrip(".")).casefold()


def _stem(word: str) -> str:
    return word[:_STEM] if len(word) >= _STEM else word


def title_names(article: str) -> frozenset:
    """The names the title (the first line) of `article` holds: words whose first letters ("swed" of "SWEDISH")
    its body writes capitalised and never in lower case, casefolded: inside a sentence ("the Swiss trade
    deficit"), or opening the lead when it is no everyday word ("Sweden's trade surplus rose")."""
    title, _, body = (article or "").partition("\n")
    capitalised, lower = set(), set()
    for found in _WORD.finditer(body):
        word = _fold(found.group(0))
        if found.group(0)[0].islower():
            lower.add(word)
        elif (not _SENTENCE_START.search(body[max(0, found.start() - 3):found.start()])
              or (found.start() == 0 and word not in COMMON_WORDS)):
            capitalised.update({_stem(word), _stem(word.split(".")[0])})  # "<ICI.L>" names ICI
    return frozenset(w for w in map(_fold, _WORD.findall(title))
                     if _stem(w) in capitalised and w not in lower and w not in _NOT_NAMES and len(w) > 1)


def _writes(article: str, name: str) -> bool:
    """Does the article write the name, or a word that begins as it does ("Sweden" for "swedish")?"""
    pattern = re.escape(_stem(name)) + (r"[\w]*" if len(name) >= _STEM else "")
    return re.search(rf"(?i)(?<![\w.]){pattern}(?![\w])", article or "") is not None


def two_subjects(names_a: frozenset, names_b: frozenset, text_a: Callable[[], str], text_b: Callable[[], str]) -> Optional[str]:
    """Why two articles (of one outlet) are about two subjects: each title names some, and the other article
    writes none of them; None otherwise."""
    if not names_a or not names_b or names_a & names_b:
        return None
    if any(_writes(text_b(), n) for n in names_a) or any(_writes(text_a(), n) for n in names_b):
        return None
    return f"the two articles' titles name two subjects ({', '.join(sorted(names_a))}; {', '.join(sorted(names_b))})"


def article_doubt(clause_a: str, clause_b: str, article_a: str, article_b: str,
                  source_a: Source = Source(), source_b: Source = Source()) -> Optional[str]:
    """Why two conflicting clauses may be about two events, two businesses or two days, read from the two
    articles and who published them when; None when nothing there says so."""
    return _doubt(clause_a, clause_b, lambda: article_a, lambda: article_b,
                  article_business(article_a), article_business(article_b), source_a, source_b,
                  lambda: title_names(article_a), lambda: title_names(article_b))


def _doubt(clause_a: str, clause_b: str, text_a: Callable[[], str], text_b: Callable[[], str],
           business_a: Optional[str], business_b: Optional[str],
           source_a: Source = Source(), source_b: Source = Source(),
           names_a: Callable[[], frozenset] = frozenset, names_b: Callable[[], frozenset] = frozenset) -> Optional[str]:
    """`article_doubt` with each article's whole text, and the names in its title, read only when a check
    needs them (`text_a()`, `names_a()`)."""
    for clause, other in ((clause_a, text_b), (clause_b, text_a)):
        mine = clock_times(clause)
        theirs = clock_times(other()) if mine else []
        if mine and theirs and not any(abs(x - y) <= NEAR_MINUTES for x in mine for y in theirs):
            return (f"one clause dates its event at {_written(mine[0])}, and the other article gives only "
                    f"{', '.join(sorted({_written(t) for t in theirs}))}, so they may be two events")
    if (business_a and business_b and business_a != business_b
            and not _mentions(text_b(), business_a) and not _mentions(text_a(), business_b)):
        return f"the two articles report on two businesses ({business_a}; {business_b})"
    days = two_days_of_one_outlet(clause_a, clause_b, source_a, source_b)
    if days or not (source_a.outlet and source_a.outlet == source_b.outlet):
        return days  # another outlet may name one place two ways: titles are compared within one outlet
    return two_subjects(names_a(), names_b(), text_a, text_b)


def article_text(conn, article_id: int, chars: Optional[int] = None) -> str:
    """An article as `article_doubt` reads it: its title on the first line, then its sentences; with
    `chars`, only its first `chars` characters (the lead), reading no more sentences than that takes."""
    title = conn.execute("select title from articles where id = ?", [article_id]).fetchone()
    text = ((title[0] or "") if title else "") + "\n"
    parts = []
    for n, (sentence,) in enumerate(conn.execute("select text from sentences where article_id = ? order by id", [article_id])):
        parts.append(sentence or "")
        if chars is not None and len(text) + sum(map(len, parts)) + n >= chars:
            break
    text += " ".join(parts)
    return text if chars is None else text[:chars]


def doubted(detail: dict, doubt: str) -> dict:
    """A conflict's detail turned into a `different measure` one, as diff.py writes them."""
    return dict(detail, reason="different facts", note=f"{detail.get('note')}; but {doubt}: they may not measure the same thing")


_CONFLICTS_SQL = """
    select d.id, d.detail, m.article_a, m.article_b, sa.text as sentence_a, sb.text as sentence_b,
           m.a_start, m.a_end, m.b_start, m.b_end, aa.outlet, aa.published, ab.outlet, ab.published
    from differences d
    join matches m on m.id = d.match_id
    join sentences sa on sa.id = m.sentence_a
    join sentences sb on sb.id = m.sentence_b
    join articles aa on aa.id = m.article_a
    join articles ab on ab.id = m.article_b
    where d.kind = 'figure' and d.verdict = 'conflict' and m.id >= ?
"""


def recheck_conflicts(conn, first_id: int = 0) -> int:
    """Turn the conflicts of the matches from `first_id` on that their articles doubt into `different
    measure` rows; returns how many changed."""
    businesses: Dict[int, Optional[str]] = {}  # small: one name per article, kept for the whole pass
    names: Dict[int, frozenset] = {}  # small too: a title's few names

    @lru_cache(maxsize=256)  # whole articles only as checks need them, a few at a time
    def article(article_id: int) -> str:
        return article_text(conn, article_id)

    def business(article_id: int) -> Optional[str]:
        if article_id not in businesses:
            businesses[article_id] = article_business(article_text(conn, article_id, _LEAD_CHARS))
        return businesses[article_id]

    def subjects(article_id: int) -> frozenset:
        if article_id not in names:
            names[article_id] = title_names(article(article_id))
        return names[article_id]

    changed = []
    for (id_, detail, art_a, art_b, sent_a, sent_b, a_start, a_end, b_start, b_end,
         outlet_a, published_a, outlet_b, published_b) in conn.execute(_CONFLICTS_SQL, [first_id]).fetchall():
        doubt = _doubt(sent_a[a_start:a_end], sent_b[b_start:b_end], lambda: article(art_a), lambda: article(art_b),
                       business(art_a), business(art_b), Source(outlet_a, published_a), Source(outlet_b, published_b),
                       lambda: subjects(art_a), lambda: subjects(art_b))
        if doubt:
            changed.append(("different measure", json.dumps(doubted(json.loads(detail or "{}"), doubt), ensure_ascii=False), id_))
    conn.executemany("update differences set verdict = ?, detail = ? where id = ?", changed)
    return len(changed)
