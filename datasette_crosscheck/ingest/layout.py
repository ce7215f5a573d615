"""The layout of an article's page, read once per article (`page_layout`): which block is the title,
a section label, a byline, a dateline, a topic label; which blocks are one sentence as a whole
(headings, name lines); and the wire dateline opening the body. metadata.py reads the metadata off
it, segment.py cuts the sentences along it.

The header is the run of short blocks before the first prose paragraph (title, section label,
byline, dateline, topic labels). In it:
- the title is the first Markdown heading; else the first short title-like block that is directly
  followed by a byline, a dateline or a paragraph opening with a wire dateline; else a lone short
  first line above the body; else the longest title-case block among the first three. Short blocks
  above a title found by the first two rules are section labels ("Current Affairs"), the others
  subtitles;
- a byline is "By X", "Written by X", "By X | date", or a block of just a person's name right after
  the title (or after its dateline);
- a dateline is a block that is mostly a date ("Global Research, October 17, 2019").
"""

from __future__ import annotations

import re
from typing import List, NamedTuple, Optional, Tuple

from .cleaning import CleanText, ends_sentence, mostly_capitalised
from .dates import find_dates


class Layout(NamedTuple):
    """What page_layout found, by block index (the blocks of the CleanText it read)."""

    texts: List[str]  # each block's text
    roles: dict  # header block index -> title, section, subtitle, byline, dateline, label
    header_end: int  # index of the first block after the header: where the body starts
    kinds: List[Optional[str]]  # per block: its kind when it is one sentence as a whole (block_kind), else None
    wire: Optional[re.Match]  # the wire dateline opening the first body block, if any


def page_layout(ct: CleanText) -> Layout:
    """The roles and kinds of an article's blocks, worked out once for metadata and segment."""
    texts = [ct.text[block.start : block.end] for block in ct.blocks]
    hints = [block.hint for block in ct.blocks]
    roles, end = header_roles(texts, hints)
    kinds = [None if hint == "rule" else block_kind(text, hint, roles.get(i))
             for i, (text, hint) in enumerate(zip(texts, hints))]
    wire = wire_dateline(texts[end]) if end < len(texts) else None
    return Layout(texts, roles, end, kinds, wire)


# --- names ----------------------------------------------------------------------------------------

NOT_NAME_WORDS = set(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday one two three four five six seven eight nine ten the of and "
    "news report update jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun this that "
    "these those it he she they we in on at for from with contrast now then today yesterday".split()
)


NAME_WORD = r"(?:[A-Z][\w'’.-]*|(?:de|da|del|der|di|van|von|al|el|bin|ibn|la|le)\s+[A-Z][\w'’.-]*)"
PERSON = rf"{NAME_WORD}(?:\s+{NAME_WORD}){{0,4}}"
PEOPLE = re.compile(rf"{PERSON}(?:(?:\s*,\s*|\s+and\s+|\s*&\s*){PERSON})*")
BYLINE = re.compile(
    r"^(?:By|Written by|Words by|Posted by|Reported by|Reporting by|Story by|Author:?)\s*:?\s+(?P<names>.+)$",
    re.I,
)


def names_at_start(text: str) -> Optional[str]:
    """The person or people named at the start of text ("Jane Doe and John Roe | May 5")."""
    match = PEOPLE.match(text.strip())
    if not match or match.group(0).split()[0].lower().strip(".,") in NOT_NAME_WORDS:
        return None
    names = match.group(0).strip(" ,&")
    names = re.sub(r"(?:,\s*|\s+and\s+|\s*&\s*)$", "", names)
    return names or None


def looks_like_person(text: str) -> bool:
    """Two to four capitalised words, nothing else: "Nick Beams", "Mary J. Blige"."""
    words = text.split()
    if not 2 <= len(words) <= 4 or len(text) > 40 or any(ch.isdigit() for ch in text):
        return False
    if any(word.lower() in NOT_NAME_WORDS for word in words):
        return False
    return all(word[:1].isupper() and word.strip(".").replace("-", "").replace("'", "").isalpha() for word in words)


def byline_names(text: str) -> Optional[str]:
    """The name(s) of a byline block, or None when the block is not a byline.

    The rest of the block after the names may hold a date, an outlet or a role, but not prose:
    "By Friday, the troops had left." is a sentence, not a byline."""
    match = BYLINE.match(text.strip())
    if not match:
        return None
    names = names_at_start(match.group("names"))
    if not names:
        return None
    rest = match.group("names")[len(names) :]
    if len(re.findall(r"\b[a-z]{2,}\b", rest)) >= 2:
        return None
    return names


# --- block roles ----------------------------------------------------------------------------------

LABEL = re.compile(
    r"^(?:Region|Regions|Theme|Themes|Topic|Topics|Tags?|Tagged|Category|Categories|Section|Filed under|"
    r"Keywords|In-depth Report|Related|Related Topics|Subjects?|Country|Countries)\s*:",
    re.I,
)
WIRE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{1,40}(?:/[A-Z][A-Z.'’ -]+)?)"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
    r"\s*(?:\((?P<agency>[A-Z][\w.&' -]{1,30})\))?\s*[-–—]{1,2}\s"
)
PUBLISHED_LINE = re.compile(r"^(?:Published|Posted|Date|First published|Updated)\b", re.I)
HEADER_SIZE = 10  # a page header rarely has more blocks than this


def wire_dateline(text: str) -> Optional[re.Match]:
    """ "LONDON, March 3 (Reuters) - " opening a paragraph: needs a date or an agency."""
    match = WIRE_DATELINE.match(text)
    if match and (match.group("date") or match.group("agency")) and re.search("[A-Z]{2}", match.group("place")):
        return match
    return None


DATELINE_WORDS = {"on", "at", "by", "of", "published", "updated", "posted", "last", "modified", "date", "am", "pm"}


def is_dateline(text: str) -> bool:
    """A block that is mostly a date: "Global Research, October 17, 2019", "16 November 2015".

    Besides the date it holds at most a name or a "Published on": "Period ended December 31, 1986"
    is a statement, not a dateline."""
    dates = find_dates(text)
    if not dates or len(text) > 120:
        return False
    rest = re.findall(r"[^\W\d_][\w'’.-]*", text[: dates[0].start] + text[dates[0].end :])
    lowercase = [word for word in rest if word[0].islower() and word.lower().strip(".") not in DATELINE_WORDS]
    return len(rest) <= 5 and not lowercase


def is_label(text: str) -> bool:
    return bool(LABEL.match(text)) and len(text) < 200


def is_title_like(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 30 and not text.rstrip().endswith(".") and not PUBLISHED_LINE.match(text)


def is_prose(text: str) -> bool:
    words = len(text.split())
    return words > 30 or (ends_sentence(text) and words > 8 and not text.rstrip().endswith(("?", "!")))


def header_roles(texts: List[str], hints: List[str]) -> Tuple[dict, int]:
    """Roles of the blocks above the first prose paragraph, and the index of the block after them."""
    roles: dict = {}
    end = 0
    while end < min(len(texts), HEADER_SIZE):
        role = header_role(texts[end], hints[end])
        if role is None:
            break
        roles[end] = role
        end += 1
    choose_title(roles, texts, hints)
    return roles, end


def header_role(text: str, hint: str) -> Optional[str]:
    if hint in ("rule", "table"):
        return None
    if byline_names(text):
        return "byline"
    if is_dateline(text):
        return "dateline"
    if is_label(text):
        return "label"
    if hint == "heading" or (is_title_like(text) and not is_prose(text)):
        return "candidate"
    return None


def choose_title(roles: dict, texts: List[str], hints: List[str]) -> None:
    """Mark the title; short blocks above a title with evidence (a heading, a byline below) are sections."""
    candidates = [i for i in sorted(roles) if roles[i] == "candidate"]
    title = first_heading(candidates, hints)
    if title is None:
        title = next((i for i in candidates if introduces_article(i + 1, roles, texts)), None)
    evidence = title is not None
    if title is None and candidates == [0] and lone_title(texts[0]):
        title = 0  # one short line above the body: the title, even in sentence case
    plausible = [i for i in candidates[:3] if len(texts[i].split()) > 1 and mostly_capitalised(texts[i])]
    if title is None and plausible:
        title = max(plausible, key=lambda i: len(texts[i]))
    for i in candidates:
        roles[i] = "title" if i == title else ("section" if evidence and i < title else "subtitle")
    if title is not None:
        mark_name_byline(roles, texts, title)


def lone_title(text: str) -> bool:
    """Short, and not a line that introduces what follows ("as follows:", "prices were -")."""
    return len(text.split()) <= 20 and not text.rstrip().endswith((":", ";", ",", "-", "–", "—"))


def introduces_article(following: int, roles: dict, texts: List[str]) -> bool:
    """A title is followed by a byline, a dateline, or a paragraph opening with a wire dateline."""
    if roles.get(following) in ("byline", "dateline"):
        return True
    return following not in roles and following < len(texts) and wire_dateline(texts[following]) is not None


def first_heading(candidates: List[int], hints: List[str]) -> Optional[int]:
    return next((i for i in candidates if hints[i] == "heading"), None)


def mark_name_byline(roles: dict, texts: List[str], title: int) -> None:
    """A block of just a person's name right after the title (or its dateline) is the byline."""
    for i in (title + 1, title + 2):
        if i in roles and roles[i] == "subtitle" and looks_like_person(texts[i]):
            roles[i] = "byline"
            return
        if roles.get(i) != "dateline":
            return


# --- kinds of blocks -----------------------------------------------------------------------------

HEADER_KINDS = {"title": "heading", "section": "label", "byline": "byline", "dateline": "dateline", "label": "label"}
SHORT_BLOCK = 12  # words: a block this short without final punctuation is a heading or a name line


def is_short_line(text: str, words: int = SHORT_BLOCK) -> bool:
    return len(text.split()) <= words and not ends_sentence(text) and not text.rstrip().endswith((":", ";", ","))


def block_kind(text: str, hint: str, header_role: Optional[str]) -> Optional[str]:
    """The kind of a block that is one sentence as a whole, or None for running text."""
    if header_role in HEADER_KINDS:
        return HEADER_KINDS[header_role]
    if hint == "heading":
        return "heading"
    if len(text) > 200:
        return None  # running text
    if is_label(text):
        return "label"
    if len(text) > 120:
        return None  # longer than any byline, dateline or heading
    if byline_names(text):
        return "byline"
    if is_dateline(text):
        return "dateline"
    if hint in ("paragraph", "quote") and is_short_line(text) and mostly_capitalised(text):
        return "heading"
    return None
