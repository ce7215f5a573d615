"""Turn one article's raw text into readable text with block offsets.

`clean(raw, fmt)` replaces markup (light Markdown, HTML entities, stray tags) and never drops or
reorders words. The result's `text` is what sentence offsets point into, so it is built once, here,
and every span (`blocks`, `links`) is an index into it.

Paragraphs are separated by blank lines. Inside a paragraph a newline is a hard wrap (joined with a
space) when the document is hard-wrapped, as newswire text is; in documents written one paragraph
per line (long lines, as in web extractions) each line is its own paragraph.
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass, field
from typing import Iterator, List, NamedTuple, Optional, Tuple

import yaml

MARKDOWN_FORMATS = {"md", "markdown", "txt"}
PLAIN_FORMATS = {"text"}
HINTS = ("heading", "paragraph", "list", "quote", "rule", "table")


class Block(NamedTuple):
    start: int
    end: int
    hint: str  # heading, paragraph, list, quote, rule, table (a table keeps its lines and column spacing)


@dataclass
class CleanText:
    text: str
    blocks: List[Block] = field(default_factory=list)
    links: List[Tuple[int, int, str]] = field(default_factory=list)  # (start, end, href) in text

    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]


# --- front matter -----------------------------------------------------------------------------

FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)


class FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML without aliases (*name): a few nested ones ("billion laughs") expand to billions of
    values once the front matter is written out as JSON. Front matter has no use for them."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()
            raise yaml.composer.ComposerError(None, None, f"aliases (*{event.anchor}) are not allowed", event.start_mark)
        return super().compose_node(parent, index)


def split_front_matter(raw: str) -> Tuple[dict, str]:
    """Split a YAML front matter block off the very top: (mapping or {}, the rest).

    Dates in the mapping come back as ISO strings, like the `published` column.
    Raises ValueError when the block is not valid YAML or not a mapping."""
    match = FRONT_MATTER.match(raw)
    if not match:
        return {}, raw
    try:
        data = yaml.load(match.group(1), Loader=FrontMatterLoader)
    except yaml.YAMLError as error:
        raise ValueError(f"invalid YAML front matter: {_one_line(error)}") from error
    except RecursionError:  # PyYAML composes nested collections recursively
        raise ValueError("invalid YAML front matter: nested too deeply") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ValueError(f"YAML front matter must be a mapping of keys to values, got {type(data).__name__}")
    return {key: iso_if_date(value) for key, value in data.items()}, raw[match.end() :]


def _one_line(error: yaml.YAMLError) -> str:
    """The problem and where, on one line (the file's line: the block starts on the second)."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or getattr(error, "context", None)
    if problem and mark is not None:
        return f"{problem} (line {mark.line + 2}, column {mark.column + 1})"
    return " ".join(str(error).split())


def iso_if_date(value):
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# --- line shapes ------------------------------------------------------------------------------

RULE_LINE = re.compile(r"^ {0,3}(?:\*(?:[ \t]*\*)*|-(?:[ \t]*-){2,}|_(?:[ \t]*_){2,})[ \t]*$")
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-{2,})[ \t]*$")
QUOTE_LINE = re.compile(r"^ {0,3}>[ \t]?(.*)$")
BULLET_ITEM = re.compile(r"^ {0,3}[-*+•][ \t]+(\S.*)$")
NUMBERED_ITEM = re.compile(r"^ {0,3}(\d{1,3}[.)][ \t]+\S.*)$")
TABLE_ROW = re.compile(r"\S(?: {3,}|\t+)\S|^\s*\|.*\|\s*$")  # aligned columns or a pipe table
INDENTED = re.compile(r"^(?: {2,}|\t)\S")
HARD_BREAK = re.compile(r"(?: {2,}|\\)$")

LONG_LINE = 100  # web text puts a whole paragraph on one line; wire text wraps near 70


def is_hard_wrapped(raw: str) -> bool:
    """True when single newlines are wraps inside paragraphs rather than paragraph breaks.

    Pages written one paragraph per line have long lines, or lines that end their sentences;
    wrapped text has short lines that mostly stop in the middle of a sentence."""
    lines = [line.strip() for line in raw.split("\n") if line.strip()]
    if not lines:
        return True
    long_lines = sum(len(line) > LONG_LINE for line in lines)
    if long_lines > 0.1 * len(lines):
        return False
    inner = [line for chunk in re.split(r"\n[ \t]*\n", raw) for line in chunk.strip().split("\n")[:-1]]
    return len(inner) < 3 or sum(ends_sentence(line) for line in inner) < 0.6 * len(inner)


# --- blocks from lines --------------------------------------------------------------------------


class SourceBlock(NamedTuple):
    hint: str
    lines: List[str]  # source lines, markup still in place


def split_source_blocks(raw: str, markdown: bool) -> Iterator[SourceBlock]:
    hard_wrapped = is_hard_wrapped(raw)
    for chunk in re.split(r"\n[ \t]*\n", raw):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if lines:
            yield from chunk_blocks(lines, markdown, hard_wrapped)


def chunk_blocks(lines: List[str], markdown: bool, hard_wrapped: bool) -> List[SourceBlock]:
    """Blocks of one blank-line separated chunk: headings, rules, quotes, list items, tables, paragraphs."""
    all_indented = all(INDENTED.match(line) for line in lines)
    blocks: List[SourceBlock] = []
    for line, table_row in zip(lines, table_line_flags(lines)):
        hint, content = classify_line(line, markdown, table_row)
        current = blocks[-1] if blocks else None
        if hint == "setext":
            if current is not None and current.hint == "paragraph" and len(current.lines) == 1:
                blocks[-1] = SourceBlock("heading", current.lines)
                continue
            hint, content = ("rule", line.strip()) if RULE_LINE.match(line) else (None, line)
        if current is not None and hint in ("table", "quote") and current.hint == hint:
            current.lines.append(content)
        elif current is not None and hint is None and continues(current, line, markdown, hard_wrapped, all_indented):
            current.lines.append(line)
        else:
            blocks.append(SourceBlock(hint or "paragraph", [content]))
    return blocks


def classify_line(line: str, markdown: bool, table_row: bool) -> Tuple[Optional[str], str]:
    """(hint of the block this line starts or belongs to, the line without its markup); None: plain."""
    if table_row:
        return "table", line
    if markdown and SETEXT_UNDERLINE.match(line):
        return "setext", line
    if RULE_LINE.match(line):
        return "rule", line.strip()
    bullet = BULLET_ITEM.match(line)
    if bullet:
        return "list", bullet.group(1)
    if markdown:
        for hint, pattern in (("heading", ATX_HEADING), ("list", NUMBERED_ITEM), ("quote", QUOTE_LINE)):
            match = pattern.match(line)
            if match:
                return hint, match.group(1)
    return None, line


def continues(current: SourceBlock, line: str, markdown: bool, hard_wrapped: bool, all_indented: bool) -> bool:
    """Does a plain line continue the current block, or start a new paragraph?"""
    if current.hint in ("heading", "rule", "table"):
        return False
    if hard_wrapped:
        # newswire indents each paragraph's first line; a list item wraps onto plain lines
        return current.hint == "list" or all_indented or not INDENTED.match(line)
    if markdown and HARD_BREAK.search(current.lines[-1]):
        return True  # a hard line break inside a paragraph: the paragraph goes on
    return current.hint == "list" and bool(INDENTED.match(line))


def maybe_table_row(line: str) -> bool:
    return "   " in line.strip() or "\t" in line.strip() or "|" in line


def table_line_flags(lines: List[str]) -> List[bool]:
    """A line is a table row when it and a neighbour both look like aligned columns."""
    looks = [maybe_table_row(line) and bool(TABLE_ROW.search(line.strip())) for line in lines]
    return [
        looks[i] and ((i > 0 and looks[i - 1]) or (i + 1 < len(looks) and looks[i + 1])) for i in range(len(looks))
    ]


# --- inline markup --------------------------------------------------------------------------------

LINK_OPEN, LINK_CLOSE = "\ue000", "\ue001"  # private-use marks around link text while markup is removed
MD_LINK = re.compile(
    r"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]"  # [text], one level of inner brackets allowed
    r"\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)"  # (target "title")
)
AUTOLINK = re.compile(r"<((?:https?://|mailto:|www\.)[^<>\s]+)>", re.I)
INLINE_CODE = re.compile(r"(`+)(.+?)\1")
# (an emphasis, the closing marker alone): every pattern ends with its closer
EMPHASIS = [
    (re.compile(r"(?<![\w*\\])(\*\*)(?=[^\s*])(.+?)(?<=[^\s\\])\*\*(?![\w*])"), re.compile(r"(?<=[^\s\\])\*\*(?![\w*])")),
    (re.compile(r"(?<![\w\\])(__)(?=[^\s_])(.+?)(?<=[^\s\\])__(?!\w)"), re.compile(r"(?<=[^\s\\])__(?!\w)")),
    (re.compile(r"(?<![\w*\\])(\*)(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?![\w*])"), re.compile(r"(?<=[^\s*\\])\*(?![\w*])")),
    (re.compile(r"(?<![\w\\])(_)(?=[^\s_])(.+?)(?<=[^\s_\\])_(?!\w)"), re.compile(r"(?<=[^\s_\\])_(?!\w)")),
]
EMPHASIS_LEVELS = 8  # ***both*** takes two rounds; markers nested deeper than this are noise, left as they are
MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])")

# Tags written in text by mistake. Upper-case bare names such as <BP> or <P> are company codes in
# newswire text, so a tag is only markup when it is written like HTML: lower case, a closing tag,
# or with attributes.
BLOCK_TAGS = "p|div|br|hr|li|ul|ol|h[1-6]|blockquote|tr|table|section|article"
INLINE_TAGS = "a|b|i|u|s|em|strong|span|font|sup|sub|small|big|code|tt|mark|cite|abbr|del|ins|q|td|th|tbody|thead|img"
BREAK_TAG = re.compile(rf"<(?:/?(?:{BLOCK_TAGS})|/?(?:{BLOCK_TAGS})\s[^<>]*|/?(?:{BLOCK_TAGS})\s*/)>")
INLINE_TAG = re.compile(rf"</(?:{INLINE_TAGS})\s*>|<(?:{INLINE_TAGS})(?:\s[^<>]*)?/?>")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
LINK_MARKS = re.compile(f"[{LINK_OPEN}{LINK_CLOSE}]")


def break_tags_to_newlines(raw: str) -> str:
    """Block-level tags separate paragraphs (<p>) or lines (<br>), as they do on the page."""

    def replace(match: re.Match) -> str:
        name = match.group(0)[1:].lstrip("/").lower()
        return "\n" if name.startswith("br") or name.startswith("li") or name.startswith("tr") else "\n\n"

    return BREAK_TAG.sub(replace, raw)


def render_inline(source: str, markdown: bool, keep_lines: bool = False) -> Tuple[str, List[Tuple[int, int, str]]]:
    """Readable text of one block, and its links as (start, end, href) within that text."""
    hrefs: List[str] = []

    def link(text: str, href: str) -> str:
        text = text.strip()
        if not text:
            return ""
        hrefs.append(href)
        return LINK_OPEN + text + LINK_CLOSE

    text = source  # the cheap `in` tests spare most blocks regular expressions they cannot match
    if markdown and "`" in text:
        text = INLINE_CODE.sub(lambda m: m.group(2).strip(), text)
    if markdown and "](" in text:
        text = MD_LINK.sub(lambda m: link(m.group(1), m.group(2)), text)
    if "<" in text:
        text = AUTOLINK.sub(lambda m: link(m.group(1), m.group(1)), text)
        text = INLINE_TAG.sub("", text)
    if markdown and ("*" in text or "_" in text):
        text = strip_emphasis(text)
    if markdown and "\\" in text:
        text = MD_ESCAPE.sub(r"\1", text)
    if "&" in text:
        text = CONTROL_CHARS.sub("", html.unescape(text))
    if keep_lines:
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    else:
        text = " ".join(text.split())  # runs of any white space, no-break spaces too
    return extract_links(text, hrefs)


def strip_emphasis(text: str) -> str:
    """Remove **bold**, *em*, _em_ markers, inner ones too (***both***)."""
    for _ in range(EMPHASIS_LEVELS):
        previous = text
        for pattern, closer in EMPHASIS:
            text = "\n".join(_sub_up_to_last_closer(pattern, closer, line) for line in text.split("\n"))
        if text == previous:
            break
    return text


def _sub_up_to_last_closer(pattern: re.Pattern, closer: re.Pattern, line: str) -> str:
    """pattern.sub(r"\2", line) in linear time. An opening marker with no closing one after it
    sends the lazy match to the end of the line, and the next one again: on a line of a million
    "*a " that never ended. No marker after the last closer can match, so they are not tried."""
    last = None
    for last in closer.finditer(line):
        pass
    if last is None:
        return line
    return pattern.sub(r"\2", line[: last.end()]) + line[last.end() :]


def extract_links(marked: str, hrefs: List[str]) -> Tuple[str, List[Tuple[int, int, str]]]:
    """Remove the link marks; return the text and the spans they enclosed."""
    if not hrefs:
        return marked, []
    out: List[str] = []
    links: List[Tuple[int, int, str]] = []
    length, start, href_index = 0, None, 0
    for piece in re.split(f"([{LINK_OPEN}{LINK_CLOSE}])", marked):
        if piece == LINK_OPEN:
            start = length
        elif piece == LINK_CLOSE:
            if start is not None and href_index < len(hrefs):
                links.append((start, length, hrefs[href_index]))
            start, href_index = None, href_index + 1
        else:
            out.append(piece)
            length += len(piece)
    return "".join(out), links


# --- paragraphs broken in mid-sentence -------------------------------------------------------------

SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
LOWERCASE_WORD_START = re.compile(r"[^\W\d_][\w'’-]*(?=[\s,;:!?)]|$)")


def ends_sentence(text: str) -> bool:
    return bool(SENTENCE_END.search(text.rstrip()[-12:]))  # the tail is enough, and fast on long text


def mostly_capitalised(text: str) -> bool:
    """Title case: two capitalised words at least (or one lone word) and most long words capitalised.

    "Syrian Al Qaeda linked too" is; "Revs 291.8 mln vs 151.1 mln" (a line of figures) is not."""
    words = [word.strip("\"'“”‘’()[]–—-,:;") for word in text.split()]
    lettered = [word for word in words if word[:1].isalpha()]
    numbers = sum(any(ch.isdigit() for ch in word) for word in words)
    if not lettered or 3 * numbers >= len(words):
        return False
    capitalised = sum(word[0].isupper() for word in lettered)
    long_words = [word for word in lettered if len(word) > 3]
    long_capitalised = sum(word[0].isupper() for word in long_words)
    return capitalised >= min(2, len(lettered)) and long_capitalised >= 0.6 * len(long_words)


def looks_like_heading(text: str) -> bool:
    """A short line in title case that ends without punctuation."""
    words = text.split()
    return 0 < len(words) <= 12 and text.rstrip()[-1:].isalnum() and mostly_capitalised(text)


def continues_sentence(previous: str, following: str) -> bool:
    """Was a paragraph cut in the middle of a sentence (a lower-case word follows no final stop)?"""
    if not following[:1].islower() or not LOWERCASE_WORD_START.match(following):
        return False
    return not ends_sentence(previous) and not looks_like_heading(previous)


class RenderedBlock(NamedTuple):
    hint: str
    text: str
    links: List[Tuple[int, int, str]]


def join_broken_paragraphs(blocks: List[RenderedBlock]) -> List[RenderedBlock]:
    joined: List[RenderedBlock] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.hint == block.hint == "paragraph"
            and continues_sentence(previous.text, block.text)
        ):
            shift = len(previous.text) + 1
            links = previous.links + [(s + shift, e + shift, href) for s, e, href in block.links]
            joined[-1] = RenderedBlock("paragraph", previous.text + " " + block.text, links)
        else:
            joined.append(block)
    return joined


# --- the whole article ----------------------------------------------------------------------------


def clean(raw: str, fmt: str = "md") -> CleanText:
    """Readable text of one article body; fmt is "md"/"txt" (light Markdown) or "text" (plain)."""
    if fmt not in MARKDOWN_FORMATS | PLAIN_FORMATS:
        raise ValueError(f"unknown text format {fmt!r}: expected one of md, txt, text")
    markdown = fmt in MARKDOWN_FORMATS
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    raw = CONTROL_CHARS.sub("", LINK_MARKS.sub("", raw))
    if "<" in raw:
        raw = break_tags_to_newlines(raw)
    rendered = []
    for source in split_source_blocks(raw, markdown):
        keep_lines = source.hint == "table"
        separator = "\n" if keep_lines else " "
        text, links = render_inline(separator.join(source.lines), markdown, keep_lines)
        if keep_lines:
            text = dedent(text)
        if text.strip():
            rendered.append(RenderedBlock(source.hint, text, links))
    return assemble(join_broken_paragraphs(rendered))


def dedent(text: str) -> str:
    lines = text.split("\n")
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return "\n".join(line[indent:] for line in lines).strip("\n")


def assemble(blocks: List[RenderedBlock]) -> CleanText:
    parts: List[str] = []
    result = CleanText("")
    offset = 0
    for block in blocks:
        if parts:
            parts.append("\n\n")
            offset += 2
        parts.append(block.text)
        result.blocks.append(Block(offset, offset + len(block.text), block.hint))
        result.links.extend((offset + s, offset + e, href) for s, e, href in block.links)
        offset += len(block.text)
    result.text = "".join(parts)
    return result
