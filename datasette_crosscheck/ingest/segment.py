"""Cut a cleaned article into sentences with offsets, kinds and boilerplate flags.

Sentences never cross a block (nupunkt runs once per text and its spans are cut at block edges),
so a heading, byline or dateline is never glued to the first sentence of the body.
Kinds: heading, byline, dateline, label, body, footer.
Boilerplate (share requests, copyright, newsletters...; the rules are in boilerplate.py) is flagged
with a reason, never removed: the sentence stays in the text and in the table, and the matcher
leaves it out by default.

The footer is the trailing run of blocks that look like page furniture (boilerplate, rules, short
name or address lines, author bios), starting at its first boilerplate block or rule; a lone rule
or a share request / "About the author" block in the second half of the page also starts it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import List, NamedTuple, Optional, Tuple

import nupunkt

from .boilerplate import AUTHOR_BIO, STRONG_FOOTER_REASONS, boilerplate_reason, trigger_positions
from .cleaning import Block, CleanText
from .layout import Layout, is_short_line, page_layout


class Sentence(NamedTuple):
    start: int
    end: int
    kind: str  # heading, byline, dateline, label, body, footer
    boilerplate: bool
    reason: Optional[str]


class Draft(NamedTuple):
    """A sentence before the footer is known: its block index, span, kind and boilerplate reason."""

    block: int
    start: int
    end: int
    kind: str
    reason: Optional[str]


# --- plain sentence spans ------------------------------------------------------------------------

# Abbreviations that never end a sentence before a name: "Col. Myles Caggins", "St. Louis".
TITLE_ABBREVIATIONS = {
    "mr", "mrs", "ms", "messrs", "dr", "prof", "col", "gen", "lt", "sgt", "capt", "cmdr", "adm", "maj",
    "brig", "cpl", "pvt", "gov", "sen", "rep", "rev", "hon", "pres", "supt", "insp", "st", "mt", "ft",
}  # fmt: skip
# Abbreviations that come before a number: "Oct. 16", "No. 5".
NUMBER_ABBREVIATIONS = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "nos", "vol", "art", "fig", "p", "pp", "para", "sec", "ch", "approx",
}  # fmt: skip
SHORT_ABBREVIATION = re.compile(r"^(?:[A-Za-z]\.){2,}$|^[A-Za-z]{1,5}\.$")  # U.S., p.m., Inc., etc.


def segment_text(text: str) -> List[Tuple[int, int]]:
    """Sentence spans of any string, stripped of surrounding space, in order."""
    return SentenceSpans(text).within(0, len(text))


class SentenceSpans:
    """The segmenter's spans of a whole text, computed once, clipped to any part of it (a block)."""

    def __init__(self, text: str):
        self.text = text
        self.spans = nupunkt.sent_spans(text) if text.strip() else []
        self.ends = [end for _, end in self.spans]

    def within(self, low: int, high: int) -> List[Tuple[int, int]]:
        pieces = []
        i = bisect_right(self.ends, low)
        while i < len(self.spans) and self.spans[i][0] < high:
            start, end = strip_span(self.text, max(self.spans[i][0], low), min(self.spans[i][1], high))
            if start < end:
                pieces.append((start, end))
            i += 1
        return rejoin_abbreviations(self.text, pieces)


def rejoin_abbreviations(text: str, spans: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    joined: List[Tuple[int, int]] = []
    for start, end in spans:
        if joined and split_after_abbreviation(text[joined[-1][0] : joined[-1][1]], text[start:end]):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def strip_span(text: str, start: int, end: int) -> Tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# A party and state after a politician's name, "(R-Ky.)", "(D-N.Y.)", "(I-Vt)": it never ends a sentence.
PARTY_STATE = re.compile(r"\((?:[DRI]|Dem|Rep|Ind)-[A-Z][A-Za-z.]{0,8}\)$")
CLOSING = tuple(")]},;:")  # no sentence starts with these


def split_after_abbreviation(previous: str, following: str) -> bool:
    """Did the segmenter end a sentence on an abbreviation that cannot end one here?"""
    if following.startswith(CLOSING) or PARTY_STATE.search(previous):
        return True  # "McConnell (R-Ky." | "), who said" and "McConnell (R-Ky.)" | "Wednesday said"
    last = previous.rsplit(None, 1)[-1].lstrip("([\"'“‘")
    if not last.endswith("."):
        return False
    word = last[:-1].lower()
    first = following[:1]
    if word in TITLE_ABBREVIATIONS:
        return True
    if word in NUMBER_ABBREVIATIONS and first.isdigit():
        return True
    return bool(SHORT_ABBREVIATION.match(last)) and first.islower()


# --- boilerplate (the rules are in boilerplate.py) -------------------------------------------------


def with_boilerplate_reasons(text: str, drafts: List[Draft]) -> List[Draft]:
    """Give each draft its boilerplate reason, testing only sentences that hold a trigger word.

    Finding the trigger words in the whole text (str.find) is much faster than testing every
    sentence: most sentences of a page hold none."""
    lowered = text.lower()
    # lower() keeps offsets but for a few letters (İ); then every sentence is tested
    hits = sorted(trigger_positions(lowered)) if len(lowered) == len(text) else None
    result = []
    for draft in drafts:
        if draft.reason is None and (hits is None or bisect_left(hits, draft.start) < bisect_left(hits, draft.end)):
            draft = draft._replace(reason=boilerplate_reason(text[draft.start : draft.end]))
        result.append(draft)
    return result


# --- sentences of a block ------------------------------------------------------------------------


def block_sentences(layout: Layout, spans: SentenceSpans, index: int, block: Block) -> List[Draft]:
    text, kind = layout.texts[index], layout.kinds[index]
    if kind is not None:
        return [Draft(index, block.start, block.end, kind, "site label" if kind == "label" else None)]
    if block.hint == "table":
        return [Draft(index, block.start + s, block.start + e, "body", None) for s, e in line_spans(text)]
    drafts, start = [], block.start
    dateline = wire_dateline_span(text, layout.wire) if index == layout.header_end else None
    if dateline:
        drafts.append(Draft(index, start + dateline[0], start + dateline[1], "dateline", None))
        start += dateline[1]
    drafts.extend(Draft(index, s, e, "body", None) for s, e in spans.within(start, block.end))
    return drafts


def line_spans(text: str) -> List[Tuple[int, int]]:
    """Table rows: one span per line."""
    spans, offset = [], 0
    for line in text.split("\n"):
        start, end = strip_span(text, offset, offset + len(line))
        if start < end:
            spans.append((start, end))
        offset += len(line) + 1
    return spans


def wire_dateline_span(text: str, match: Optional[re.Match]) -> Optional[Tuple[int, int]]:
    """ "LONDON, March 3 (Reuters) -" opening the first paragraph (`match`, found by the layout) is a
    sentence of its own."""
    if not match or not text[match.end() :].strip():
        return None
    return strip_span(text, 0, match.end())


# --- the footer ----------------------------------------------------------------------------------

def footer_start(ct: CleanText, drafts: List[Draft], header_end: int) -> int:
    """Index of the first footer block (len(blocks) when the page has no footer)."""
    count = len(ct.blocks)
    first_reason = {}
    for draft in drafts:
        first_reason.setdefault(draft.block, draft.reason)
    marked = [ct.blocks[i].hint == "rule" or first_reason.get(i) is not None for i in range(count)]

    def furniture(i: int) -> bool:
        text = ct.text[ct.blocks[i].start : ct.blocks[i].end]
        return marked[i] or is_short_line(text, 6) or bool(AUTHOR_BIO.match(text))

    start = count
    while start > header_end and furniture(start - 1):
        start -= 1
    while start < count and not marked[start]:
        start += 1
    for i in range(max(header_end, count // 2), start):
        if strong_footer_start(ct, i, first_reason, marked):
            return i
    return start


def strong_footer_start(ct: CleanText, i: int, first_reason: dict, marked: List[bool]) -> bool:
    if ct.blocks[i].hint == "rule":  # a rule followed by boilerplate, not a section break
        following = range(i + 1, min(i + 3, len(marked)))
        return any(marked[j] and ct.blocks[j].hint != "rule" for j in following)
    return first_reason.get(i) in STRONG_FOOTER_REASONS


# --- the whole article ---------------------------------------------------------------------------


def segment(ct: CleanText, layout: Optional[Layout] = None) -> List[Sentence]:
    """Sentences of a cleaned article, in order, with kinds and boilerplate flags (`layout`: the
    article's page_layout, when the caller has it already)."""
    layout = layout or page_layout(ct)
    spans = SentenceSpans(ct.text)
    drafts: List[Draft] = []
    for index, block in enumerate(ct.blocks):
        if block.hint != "rule":
            drafts.extend(block_sentences(layout, spans, index, block))
    drafts = with_boilerplate_reasons(ct.text, drafts)
    footer = footer_start(ct, drafts, layout.header_end)
    return [finish(ct, draft, footer) for draft in inherit_block_reasons(drafts)]


def inherit_block_reasons(drafts: List[Draft]) -> List[Draft]:
    """A paragraph that opens with boilerplate ("Disclaimer: ...") is boilerplate to its end."""
    result: List[Draft] = []
    for draft in drafts:
        if not result or result[-1].block != draft.block:
            opener = draft
        elif draft.reason is None and opener.reason is not None:
            draft = draft._replace(reason=opener.reason)
        result.append(draft)
    return result


def finish(ct: CleanText, draft: Draft, footer: int) -> Sentence:
    kind, reason = draft.kind, draft.reason
    if draft.block >= footer:
        kind = "footer"
        if reason is None:
            reason = "author bio" if AUTHOR_BIO.match(ct.text[draft.start : draft.end]) else "footer"
    return Sentence(draft.start, draft.end, kind, reason is not None, reason)
