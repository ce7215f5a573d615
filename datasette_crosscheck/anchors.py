"""Evidence for a figure conflict from the rest of the two articles.

A `conflict` between two matched clauses says that two outlets give one quantity two values. The two
clauses alone cannot tell that from two events of one kind (two earthquakes of one morning, both
"recorded according to the USGS"); the articles around them can: when one clause dates its event to
a time of day (at 9:27 a.m.) and the other article gives times of day but none near it (only 2:09
a.m.), the two are likely two events, and the row becomes `different measure` with reason
"different facts" and a note that says so.

`article_doubt` is the rule on texts; `recheck_conflicts` applies it to the `differences` rows that
match.py has just written, before the statements count their conflicts.
"""

from __future__ import annotations

import json
import re
from typing import Dict, List, Optional

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


def article_doubt(clause_a: str, clause_b: str, article_a: str, article_b: str) -> Optional[str]:
    """Why two conflicting clauses may be about two events, read from the other side's article; None
    when nothing there says so."""
    for clause, other in ((clause_a, article_b), (clause_b, article_a)):
        mine, theirs = clock_times(clause), clock_times(other)
        if mine and theirs and not any(abs(x - y) <= NEAR_MINUTES for x in mine for y in theirs):
            return (f"one clause dates its event at {_written(mine[0])}, and the other article gives only "
                    f"{', '.join(sorted({_written(t) for t in theirs}))}, so they may be two events")
    return None


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
    texts: Dict[int, str] = {}

    def article(article_id: int) -> str:
        if article_id not in texts:
            rows = conn.execute("select text from sentences where article_id = ? order by id", [article_id])
            texts[article_id] = " ".join(r[0] or "" for r in rows)
        return texts[article_id]

    changed = []
    for (id_, detail, art_a, art_b, sent_a, sent_b, a_start, a_end, b_start, b_end) in conn.execute(
            _CONFLICTS_SQL, [first_id]).fetchall():
        if not clock_times(sent_a[a_start:a_end]) and not clock_times(sent_b[b_start:b_end]):
            continue  # nothing to check: skip reading the articles
        doubt = article_doubt(sent_a[a_start:a_end], sent_b[b_start:b_end], article(art_a), article(art_b))
        if doubt:
            changed.append(("different measure", json.dumps(doubted(json.loads(detail or "{}"), doubt), ensure_ascii=False), id_))
    conn.executemany("update differences set verdict = ?, detail = ? where id = ?", changed)
    return len(changed)
