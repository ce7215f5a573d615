"""Guess an article's metadata from what its text states.

Nothing here knows any outlet: the rules read the usual shapes of a news page. The header's roles
(title, section label, byline, dateline, topic labels) are layout.py's, read once per article and
passed in; the footer is where sites name themselves (copyright, membership and comment calls,
"originally published on").

Rules, in order of preference:
- title: the header's title (layout.py says how it is chosen).
- author: the header's byline; else "Articles by: X", "Author: X", "About the author" followed by
  a name.
- published: the first date stated in the header (bylines, datelines) or in a wire dateline opening
  the first paragraph ("LONDON, March 3, 2021 (Reuters) -"); else a short "Published/Posted ... date"
  line anywhere. Dates in the body are events, not publication dates, and are never used.
- original_source: "originally published on/in X" or "first appeared in X" wins over "The original
  source of this article is X" (republishing sites fill that template with their own name); then
  the agency of a wire dateline.
- outlet: a name wins over a domain. The site's own calls ("Become a Member of X", "Comment on X
  Articles", "Subscribe to X"), then the copyright holder ("Copyright © ..., X, 2019": the last
  named part), then the publisher named in a dateline ("X, October 17, 2019"), then a short
  name-like last block of the page; only then a domain: "www.x.org contains copyrighted material",
  then a site address in the last blocks ("visit: wsws.org/contact").
"""

from __future__ import annotations

import re
from typing import List, Optional

from .boilerplate import boilerplate_reason
from .cleaning import CleanText, ends_sentence
from .dates import find_dates, parse_date
from .layout import PUBLISHED_LINE, Layout, byline_names, looks_like_person, names_at_start, page_layout

ORG = r"[A-Z][\w'’.&-]*(?:\s+(?:(?:of|the|and|for|on|&)\s+)*[A-Z][\w'’.&-]*){0,5}"


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
# What an ORIGINALLY / ORIGINAL_SOURCE match holds, in lower case (searched in a lower-cased ASCII page).
_LOWER_CASE_WORDS = {
    ORIGINALLY: re.compile(r"(?:originally|first)\s+(?:published|appeared|posted|ran)\s+(?:on|in|at|by)\s"),
    ORIGINAL_SOURCE: re.compile(r"original source of this article is\s"),
}
_COPYRIGHTED_MATERIAL_WORDS = re.compile(r"contains copyrighted material", re.I)  # in every COPYRIGHTED_MATERIAL match
AUTHOR_LINES = re.compile(r"^(?:Articles|Posts|Stories) by\s*:?\s*(?P<names>.+)$|^Author\s*:\s*(?P<author>.+)$", re.I)
ABOUT_AUTHOR = re.compile(r"^About the author\s*:?\s*(?P<rest>.*)$", re.I)


def guess_metadata(ct: CleanText, layout: Optional[Layout] = None) -> dict:
    """title, author, published (YYYY-MM-DD), outlet and original_source stated in the text
    (`layout`: the article's page_layout, when the caller has it already)."""
    layout = layout or page_layout(ct)
    author = guess_author(layout)
    return {
        "title": first_with_role(layout, "title"),
        "author": author,
        "published": guess_published(layout),
        "outlet": guess_outlet(layout, author),
        "original_source": guess_original_source(layout),
    }


def first_with_role(layout: Layout, role: str) -> Optional[str]:
    return next((layout.texts[i] for i in sorted(layout.roles) if layout.roles[i] == role), None)


def guess_author(layout: Layout) -> Optional[str]:
    texts = layout.texts
    byline = first_with_role(layout, "byline")
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


def guess_published(layout: Layout) -> Optional[str]:
    for i in sorted(layout.roles):
        if layout.roles[i] in ("byline", "dateline"):
            date = parse_date(layout.texts[i])
            if date:
                return date
    if layout.wire and layout.wire.group("date"):
        return parse_date(layout.wire.group("date"))
    for text in layout.texts:
        if PUBLISHED_LINE.match(text) and len(text.split()) <= 12:
            date = parse_date(text)
            if date:
                return date
    return None


def guess_original_source(layout: Layout) -> Optional[str]:
    page = _page(layout.texts)
    for pattern in _matching_anywhere((ORIGINALLY, ORIGINAL_SOURCE), page):
        for text in layout.texts:
            match = pattern.search(text)
            if match:
                return tidy_name(match.group("name"))
    if layout.wire and layout.wire.group("agency"):
        return layout.wire.group("agency").strip()
    return None


def guess_outlet(layout: Layout, author: Optional[str] = None) -> Optional[str]:
    """The site's own name when the page states one; its domain only when it states none."""
    texts = layout.texts
    named = site_name(texts) or dateline_publisher(layout) or last_block_name(texts, author)
    return named or copyrighted_material_site(texts) or footer_address(texts)


def site_name(texts: List[str]) -> Optional[str]:
    """The name a site calls itself by in its own lines: "Subscribe to X", "Copyright © X" (also
    what formats.py reads in an HTML page's footer, which the extracted text leaves out)."""
    return site_call(texts) or copyright_holder(texts)


def site_call(texts: List[str]) -> Optional[str]:
    patterns = _matching_anywhere(SITE_CALLS, _page(texts))
    if not patterns:
        return None
    for text in reversed(texts):
        for pattern in patterns:
            match = pattern.search(text)
            if match:
                return tidy_name(match.group("name"))
    return None


def copyright_holder(texts: List[str]) -> Optional[str]:
    """The last named holder: "Copyright © Jane Doe, The Daily Planet, 2019" -> The Daily Planet."""
    if not COPYRIGHT.search(_page(texts)):
        return None
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
    if not _COPYRIGHTED_MATERIAL_WORDS.search(_page(texts)):
        return None
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


def dateline_publisher(layout: Layout) -> Optional[str]:
    """ "Global Research, October 17, 2019": the name written before the date."""
    for i in sorted(layout.roles):
        if layout.roles[i] == "dateline":
            text = layout.texts[i]
            before = text[: find_dates(text)[0].start]
            name = tidy_name(before)
            if name and re.fullmatch(ORG, name):
                return name
    return None


def last_block_name(texts: List[str], author: Optional[str] = None) -> Optional[str]:
    """A page often ends with the site's name: a short capitalised line, below page furniture
    (comment forms, newsletters...), that is not the author's name."""
    if len(texts) < 2 or ABOUT_AUTHOR.match(texts[-2]):
        return None
    text = texts[-1].strip()
    words = text.split()
    small = {"of", "the", "and", "for", "on", "&", "in"}
    if not 1 <= len(words) <= 5 or ends_sentence(text) or any(ch.isdigit() for ch in text):
        return None
    if not all(word[:1].isupper() or word in small for word in words):
        return None
    if not any(boilerplate_reason(text) for text in texts[-4:-1]):  # the costliest test last
        return None
    if author and text.lower() == author.lower():
        return None  # the author box closing the page
    return text


def _page(texts: List[str]) -> str:
    """The blocks joined by line breaks, to learn with one search which footer patterns match no
    block at all. A block's match is a match of the page too: none of these patterns asserts
    anything at a block's edges that a line break would change, and every block is in the page."""
    return "\n".join(texts)


def _matching_anywhere(patterns, page: str) -> list:
    """The patterns, in their order, that may match some block of `page` (_page): the others match none."""
    if page.isascii():  # case-insensitive letters then match only their ASCII cases: cheap literal searches first
        lowered = page.lower()
        patterns = [p for p in patterns if p not in _LOWER_CASE_WORDS or _LOWER_CASE_WORDS[p].search(lowered)]
    return [pattern for pattern in patterns if pattern.search(page)]


def tidy_name(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,.;:|-–—\"'“”‘’")
