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

`article_doubt` is the rule on texts; `recheck_conflicts` applies it to the `differences` rows that
match.py has just written, before the statements count their conflicts. `opening_business` and
`businesses_differ` read the business a clause opens with, for diff.py's rule on two clauses.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Callable, Dict, List, Optional

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


def article_doubt(clause_a: str, clause_b: str, article_a: str, article_b: str) -> Optional[str]:
    """Why two conflicting clauses may be about two events or two businesses, read from the other side's
    article; None when nothing there says so."""
    return _doubt(clause_a, clause_b, lambda: article_a, lambda: article_b,
                  article_business(article_a), article_business(article_b))


def _doubt(clause_a: str, clause_b: str, text_a: Callable[[], str], text_b: Callable[[], str],
           business_a: Optional[str], business_b: Optional[str]) -> Optional[str]:
    """`article_doubt` with each article's whole text read only when a check needs it (`text_a()`)."""
    for clause, other in ((clause_a, text_b), (clause_b, text_a)):
        mine = clock_times(clause)
        theirs = clock_times(other()) if mine else []
        if mine and theirs and not any(abs(x - y) <= NEAR_MINUTES for x in mine for y in theirs):
            return (f"one clause dates its event at {_written(mine[0])}, and the other article gives only "
                    f"{', '.join(sorted({_written(t) for t in theirs}))}, so they may be two events")
    if (business_a and business_b and business_a != business_b
            and not _mentions(text_b(), business_a) and not _mentions(text_a(), business_b)):
        return f"the two articles report on two businesses ({business_a}; {business_b})"
    return None


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
           m.a_start, m.a_end, m.b_start, m.b_end
    from differences d
    join matches m on m.id = d.match_id
    join sentences sa on sa.id = m.sentence_a
    join sentences sb on sb.id = m.sentence_b
    where d.kind = 'figure' and d.verdict = 'conflict' and m.id >= ?
"""


def recheck_conflicts(conn, first_id: int = 0) -> int:
    """Turn the conflicts of the matches from `first_id` on that their articles doubt into `different
    measure` rows; returns how many changed."""
    businesses: Dict[int, Optional[str]] = {}  # small: one name per article, kept for the whole pass

    @lru_cache(maxsize=256)  # whole articles only as checks need them, a few at a time
    def article(article_id: int) -> str:
        return article_text(conn, article_id)

    def business(article_id: int) -> Optional[str]:
        if article_id not in businesses:
            businesses[article_id] = article_business(article_text(conn, article_id, _LEAD_CHARS))
        return businesses[article_id]

    changed = []
    for (id_, detail, art_a, art_b, sent_a, sent_b, a_start, a_end, b_start, b_end) in conn.execute(
            _CONFLICTS_SQL, [first_id]).fetchall():
        doubt = _doubt(sent_a[a_start:a_end], sent_b[b_start:b_end], lambda: article(art_a), lambda: article(art_b),
                       business(art_a), business(art_b))
        if doubt:
            changed.append(("different measure", json.dumps(doubted(json.loads(detail or "{}"), doubt), ensure_ascii=False), id_))
    conn.executemany("update differences set verdict = ?, detail = ? where id = ?", changed)
    return len(changed)
