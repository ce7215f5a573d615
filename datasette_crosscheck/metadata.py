"""Guess an article's metadata from what its text states.

Nothing here knows any outlet: the rules read the usual shapes of a news page. The header is
the run of short blocks before the first prose paragraph (title, section label, byline, dateline,
topic labels); the footer is where sites name themselves (copyright, membership and comment calls,
"originally published on").

Rules, in order of preference:
- title: the first Markdown heading of the header; else the first short title-like block that is
  directly followed by a byline, a dateline or a paragraph opening with a wire dateline; else a
  lone short first line above the body; else the longest title-case block among the first three.
  Short blocks above a title found by the first two rules are section labels ("Current Affairs").
- author: a byline ("By X", "Written by X", "By X | date"); else a block of just a person's name
  right after the title (or after its dateline); else "Articles by: X", "Author: X", "About the
  author" followed by a name.
- published: the first date stated in the header (bylines, datelines) or in a wire dateline opening
  the first paragraph ("LONDON, March 3, 2021 (Reuters) -"); else a short "Published/Posted ... date"
  line anywhere. Dates in the body are events, not publication dates, and are never used.
- original_source: "originally published on/in X" or "first appeared in X" wins over "The original
  source of this article is X" (republishing sites fill that template with their own name); then
  the agency of a wire dateline.
- outlet: the site's own calls ("Become a Member of X", "Comment on X Articles", "Subscribe to X"),
  then the copyright holder ("Copyright © ..., X, 2019": the last named part), then
  "www.x.org contains copyrighted material", then a site address in the last blocks ("visit:
  wsws.org/contact"), then the publisher named in a dateline ("X, October 17, 2019"), then a short
  name-like last block of the page.
"""

from __future__ import annotations

import re
from typing import List, NamedTuple, Optional

from .boilerplate import boilerplate_reason
from .cleaning import CleanText, ends_sentence, mostly_capitalised
from .dates import find_dates, parse_date

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
ORG = r"[A-Z][\w'’.&-]*(?:\s+(?:(?:of|the|and|for|on|&)\s+)*[A-Z][\w'’.&-]*){0,5}"
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


class Header(NamedTuple):
    roles: dict  # block index -> title, section, byline, dateline, label
    end: int  # index of the first block after the header


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


def block_texts(ct: CleanText) -> List[str]:
    return [ct.text[block.start : block.end] for block in ct.blocks]


def header_roles(ct: CleanText) -> Header:
    """Roles of the blocks above the first prose paragraph."""
    texts = block_texts(ct)
    roles: dict = {}
    end = 0
    while end < min(len(texts), HEADER_SIZE):
        role = header_role(texts[end], ct.blocks[end].hint)
        if role is None:
            break
        roles[end] = role
        end += 1
    choose_title(roles, texts, [b.hint for b in ct.blocks])
    return Header(roles, end)


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


# --- metadata -------------------------------------------------------------------------------------

ORIGINALLY = re.compile(
    rf"(?i:(?:originally|first)\s+(?:published|appeared|posted|ran)\s+(?:on|in|at|by))\s+(?:the\s+)?(?P<name>{ORG})"
)
ORIGINAL_SOURCE = re.compile(rf"(?i:original source of this article is)\s+(?P<name>{ORG})")
SITE_CALLS = [
    re.compile(rf"Become an? (?:Member|Patron|Subscriber|Supporter) of (?:the )?(?P<name>{ORG})"),
    re.compile(rf"Comment on (?:the )?(?P<name>{ORG}) (?:Articles|Stories|Posts)"),
    re.compile(rf"(?:Subscribe|Donate) to (?:the )?(?P<name>{ORG})"),
    re.compile(rf"Follow (?:the )?(?P<name>{ORG}) on (?:Twitter|Facebook|X|Instagram|Telegram)"),
]
YEARS = re.compile(r"^\s*\d{4}(?:\s*[-–]\s*\d{4})?|\d{4}(?:\s*[-–]\s*\d{4})?\s*$")
COPYRIGHT = re.compile(r"(?:Copyright\s*©?|©)\s*(?P<holders>[^\n]{2,200})", re.I)
DOMAIN = r"(?:www\.)?(?P<domain>(?:[a-z0-9-]+\.)+(?:com|org|net|info|news|ca|uk|au|de|fr|ru|in|io|eu|co))\b"
COPYRIGHTED_MATERIAL = re.compile(rf"(?<![@\w.]){DOMAIN}\S*\s+contains copyrighted material", re.I)
SITE_ADDRESS = re.compile(rf"(?<![@\w.]){DOMAIN}", re.I)
AUTHOR_LINES = re.compile(r"^(?:Articles|Posts|Stories) by\s*:?\s*(?P<names>.+)$|^Author\s*:\s*(?P<author>.+)$", re.I)
ABOUT_AUTHOR = re.compile(r"^About the author\s*:?\s*(?P<rest>.*)$", re.I)


def guess_metadata(ct: CleanText) -> dict:
    """title, author, published (YYYY-MM-DD), outlet and original_source stated in the text."""
    texts = block_texts(ct)
    header = header_roles(ct)
    author = guess_author(header, texts)
    return {
        "title": first_with_role(header, texts, "title"),
        "author": author,
        "published": guess_published(header, texts),
        "outlet": guess_outlet(header, texts, author),
        "original_source": guess_original_source(header, texts),
    }


def first_with_role(header: Header, texts: List[str], role: str) -> Optional[str]:
    return next((texts[i] for i in sorted(header.roles) if header.roles[i] == role), None)


def guess_author(header: Header, texts: List[str]) -> Optional[str]:
    byline = first_with_role(header, texts, "byline")
    if byline:
        return byline_names(byline) or byline.strip()
    for i, text in enumerate(texts):
        lines = AUTHOR_LINES.match(text)
        if lines:
            names = names_at_start(lines.group("names") or lines.group("author"))
            if names:
                return names
        about = ABOUT_AUTHOR.match(text)
        if about:
            named = about.group("rest") or (texts[i + 1] if i + 1 < len(texts) else "")
            if looks_like_person(named):
                return named.strip()
    return None


def guess_published(header: Header, texts: List[str]) -> Optional[str]:
    for i in sorted(header.roles):
        if header.roles[i] in ("byline", "dateline"):
            date = parse_date(texts[i])
            if date:
                return date
    if header.end < len(texts):
        wire = wire_dateline(texts[header.end])
        if wire and wire.group("date"):
            return parse_date(wire.group("date"))
    for text in texts:
        if PUBLISHED_LINE.match(text) and len(text.split()) <= 12:
            date = parse_date(text)
            if date:
                return date
    return None


def guess_original_source(header: Header, texts: List[str]) -> Optional[str]:
    for pattern in (ORIGINALLY, ORIGINAL_SOURCE):
        for text in texts:
            match = pattern.search(text)
            if match:
                return tidy_name(match.group("name"))
    if header.end < len(texts):
        wire = wire_dateline(texts[header.end])
        if wire and wire.group("agency"):
            return wire.group("agency").strip()
    return None


def guess_outlet(header: Header, texts: List[str], author: Optional[str] = None) -> Optional[str]:
    for finder in (site_call, copyright_holder, copyrighted_material_site, footer_address):
        found = finder(texts)
        if found:
            return found
    return dateline_publisher(header, texts) or last_block_name(texts, author)


def site_call(texts: List[str]) -> Optional[str]:
    for text in reversed(texts):
        for pattern in SITE_CALLS:
            match = pattern.search(text)
            if match:
                return tidy_name(match.group("name"))
    return None


def copyright_holder(texts: List[str]) -> Optional[str]:
    """The last named holder: "Copyright © Jane Doe, The Daily Planet, 2019" -> The Daily Planet."""
    for text in reversed(texts):
        match = COPYRIGHT.search(text)
        if not match:
            continue
        holders = re.split(r"\bAll rights reserved\b|[.|]\s", match.group("holders"), flags=re.I)[0]
        parts = [tidy_name(YEARS.sub("", part)) for part in re.split(r"[,;]", holders)]
        names = [part for part in parts if part and not re.fullmatch(r"[\d\s–-]+", part) and part[0].isupper()]
        if names:
            return names[-1]
    return None


def copyrighted_material_site(texts: List[str]) -> Optional[str]:
    for text in reversed(texts):
        match = COPYRIGHTED_MATERIAL.search(text)
        if match:
            return match.group("domain").lower()
    return None


def footer_address(texts: List[str]) -> Optional[str]:
    """A site address in the last blocks, such as "visit: example.org/contact"."""
    for text in reversed(texts[-3:]):
        if len(text.split()) > 20:
            continue
        match = SITE_ADDRESS.search(text)
        if match:
            return match.group("domain").lower()
    return None


def dateline_publisher(header: Header, texts: List[str]) -> Optional[str]:
    """ "Global Research, October 17, 2019": the name written before the date."""
    for i in sorted(header.roles):
        if header.roles[i] == "dateline":
            before = texts[i][: find_dates(texts[i])[0].start]
            name = tidy_name(before)
            if name and re.fullmatch(ORG, name):
                return name
    return None


def last_block_name(texts: List[str], author: Optional[str] = None) -> Optional[str]:
    """A page often ends with the site's name: a short capitalised line, below page furniture
    (comment forms, newsletters...), that is not the author's name."""
    if len(texts) < 2 or ABOUT_AUTHOR.match(texts[-2]):
        return None
    if not any(boilerplate_reason(text) for text in texts[-4:-1]):
        return None
    text = texts[-1].strip()
    words = text.split()
    small = {"of", "the", "and", "for", "on", "&", "in"}
    if not 1 <= len(words) <= 5 or ends_sentence(text) or any(ch.isdigit() for ch in text):
        return None
    if not all(word[:1].isupper() or word in small for word in words):
        return None
    if author and text.lower() == author.lower():
        return None  # the author box closing the page
    return text


def tidy_name(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,.;:|-–—\"'“”‘’")
