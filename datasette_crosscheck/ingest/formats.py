"""Read article files of every supported format into `ArticleInput` records.

Nothing here raises for bad input: a problem becomes a `LoadError` naming the file (and line), so the
other files still load. Plain text and Markdown keep their markup for `cleaning.py`; HTML goes through
trafilatura; JSON Lines, JSON arrays and CSV give one article per record.

What a file may cost is bounded: the size limit counts whole files and whole records; JSON Lines and
CSV are read a line at a time; HTML with too many elements is refused before it is parsed; and
`within_parse_budget` gives up on an article that takes longer than its size warrants (the loader
runs its parsing under it too).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import signal
import threading
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional, Union

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
HTML_SUFFIXES = {".html": "html", ".htm": "html"}
RECORD_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv"}
SUFFIXES = {**TEXT_SUFFIXES, **HTML_SUFFIXES, **RECORD_SUFFIXES}

# Record fields with a column of their own; every field stays in `raw`, the record as read.
RECORD_FIELDS = ("outlet", "title", "author", "published", "url", "id")
FIELD_SYNONYMS = {"date": "published"}

MIN_HTML_WORDS = 8
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # one article (or one HTML/text file) larger than this is refused


# The parse budget: how long one article may take to extract (HTML) and then to parse (cleaning,
# sentences, figures) before it is given up as an error. Plain text parses at 1-3 s per MB on this
# project's busy 2-core machine; the budget is there for input that costs more than its size says.
PARSE_SECONDS = 10.0
PARSE_SECONDS_PER_MB = 10.0


class ParseTimeout(ValueError):
    pass


class _Expired(BaseException):
    """Raised by the alarm. Not an Exception, so that a parser's `except Exception` cannot swallow it."""


def parse_seconds(size: int) -> float:
    return PARSE_SECONDS + PARSE_SECONDS_PER_MB * size / (1024 * 1024)


def within_parse_budget(size: int, what: str, function, *args, **kwargs):
    """function(*args, **kwargs), or ParseTimeout when it runs longer than the budget for `size` bytes of input.

    An interval timer (SIGALRM), so only in a main thread: the loader's, or a worker process's. Where
    that is not available, or someone else's alarm is set, it runs without a limit."""
    global _armed
    seconds = parse_seconds(size)
    if not _alarm_available():
        return function(*args, **kwargs)
    try:
        try:
            _armed = True
            signal.setitimer(signal.ITIMER_REAL, seconds)
            return function(*args, **kwargs)
        finally:
            _armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Expired:  # raised in the body, or as the finally began: either way, out of time
        _armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        raise ParseTimeout(f"took more than {seconds:.3g} s to {what} (the parse budget for its size): given up") from None


_armed = False


def _on_alarm(signum, frame):
    if _armed:  # an alarm that fires as the budget ends is ignored
        raise _Expired()


def _alarm_available() -> bool:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    if signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        return False
    handler = signal.getsignal(signal.SIGALRM)
    if handler is _on_alarm:
        return True
    if handler not in (signal.SIG_DFL, None):
        return False  # someone else's
    # installed once and left in place: an alarm already due when a budget ends then finds it, not
    # the default action (which ends the process)
    signal.signal(signal.SIGALRM, _on_alarm)
    return True


@dataclass
class ArticleInput:
    source: str  # the file, or file#record-id for records
    format: str  # txt, md, html, jsonl, json, csv
    raw: str  # the input exactly as read (for records: the whole record, its JSONL line or its JSON)
    text: str  # what `cleaning.clean` reads (markup for txt/md, plain text otherwise)
    fields: dict = field(default_factory=dict)  # outlet, title, author, published, url, id when given
    folder: str = ""  # name of the containing folder: the last fallback for the outlet
    site: str = ""  # an HTML page's domain when the page names no site: the outlet when its text names none either


@dataclass
class LoadError:
    path: str
    message: str
    line: Optional[int] = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


Item = Union[ArticleInput, LoadError]


def read_inputs(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Every article in the given files and folders (folders are walked in sorted order)."""
    for path in paths:
        if not os.path.exists(path):
            yield LoadError(path, "no such file or folder")
        elif os.path.isdir(path):
            files = sorted(_files_under(path))
            if not files:
                yield LoadError(path, f"no article files in folder (looked for {', '.join(sorted(SUFFIXES))})")
            for file in files:
                yield from _guarded(file, max_bytes)
        else:
            yield from _guarded(path, max_bytes)


def input_size(paths: Iterable[str]) -> int:
    """Bytes in the files that read_inputs reads from `paths` (what a progress bar counts)."""
    total = 0
    for path in paths:
        files = sorted(_files_under(path)) if os.path.isdir(path) else [path]
        total += sum(os.path.getsize(file) for file in files if os.path.isfile(file))
    return total


def _guarded(path: str, max_bytes: int) -> Iterator[Item]:
    """`read_file`, with any failure it did not foresee turned into an error for this file alone:
    the articles of the other files, and those this file gave before it failed, still load."""
    try:
        yield from read_file(path, max_bytes)
    except RecursionError:
        yield LoadError(path, "nested too deeply to be read")
    except Exception as ex:  # a reader's bug must not abort a load of many files
        yield LoadError(path, f"could not be read ({type(ex).__name__}: {ex})")


def _files_under(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and _suffix(name) in SUFFIXES:
                yield os.path.join(root, name)


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def read_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    fmt = SUFFIXES.get(_suffix(path))
    if fmt is None:
        yield LoadError(path, f"unsupported file type (use one of {', '.join(sorted(SUFFIXES))})")
        return
    folder = os.path.basename(os.path.dirname(os.path.abspath(path)))
    source = os.path.normpath(path)
    if fmt in STREAMED:
        yield from _streamed_records(path, fmt, source, folder, max_bytes)
        return
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            yield LoadError(path, f"file too large ({_mb(size)} > {_mb(max_bytes)}; raise --max-article-mb)")
            return
        with open(path, "rb") as fp:
            data = fp.read()
    except OSError as ex:
        yield LoadError(path, f"cannot read: {ex.strerror or ex}")
        return
    try:
        text = decode_bytes(data)
    except ValueError as ex:
        yield LoadError(path, str(ex))
        return
    if not text.strip():
        yield LoadError(path, "empty file")
        return
    if fmt in ("txt", "md"):
        yield ArticleInput(source, fmt, text, text, folder=folder)
    elif fmt == "html":
        yield _html_article(source, text, folder)
    else:
        yield from _articles(source, fmt, _json_records(source, text, max_bytes), folder, max_bytes)


STREAMED = ("jsonl", "csv")  # read a line at a time, however large the file: each record is checked alone
HEAD_BYTES = 1024 * 1024  # what the encoding of a streamed file is decided on


def _streamed_records(path: str, fmt: str, source: str, folder: str, max_bytes: int) -> Iterator[Item]:
    try:
        fp = open(path, "rb")
    except OSError as ex:
        yield LoadError(path, f"cannot read: {ex.strerror or ex}")
        return
    with fp:
        head = fp.read(HEAD_BYTES)
        complete = len(head) < HEAD_BYTES
        try:
            encoding = text_encoding(head, complete)
        except ValueError as ex:
            yield LoadError(path, str(ex))
            return
        if complete and not head.decode(encoding, errors="replace").strip():
            yield LoadError(path, "empty file")
            return
        fp.seek(0)
        lines = BoundedLines(fp, encoding, max_bytes)
        reader = _jsonl_records if fmt == "jsonl" else _csv_records
        try:
            yield from _articles(source, fmt, reader(source, lines, max_bytes), folder, max_bytes)
        except UnicodeDecodeError as ex:  # UTF-16 files are decoded as a stream, not line by line
            yield LoadError(source, f"not valid {encoding} ({ex.reason}): the rest of the file is not read", lines.number + 1)


def _articles(source, fmt, records, folder, max_bytes) -> Iterator[Item]:
    for item in records:
        if isinstance(item, LoadError):
            yield item
        else:
            line, raw, record = item
            yield _record_article(source, fmt, line, raw, record, folder, max_bytes)


class LineTooLong(ValueError):
    pass


LONE_CR = re.compile(r"(?<=\r)(?!\n)")  # old Mac line ends


class BoundedLines:
    """The lines of a file, line endings kept, each decoded alone and never more than `limit`
    bytes of one held: `entries()` gives a LineTooLong for a longer line, and the
    UnicodeDecodeError of a line that is not in the file's encoding, in its place."""

    def __init__(self, fp, encoding: str, limit: int):
        self.fp, self.encoding, self.limit = fp, encoding, max(limit, 1)
        self.number = 0  # lines read so far

    def __iter__(self) -> Iterator[str]:
        """Lines for the csv module, which cannot skip one: a bad line ends the file."""
        for entry in self.entries():
            if isinstance(entry, Exception):
                raise entry
            yield entry

    def entries(self) -> Iterator[Union[str, LineTooLong, UnicodeDecodeError]]:
        if self.encoding.startswith(("utf-16", "utf_16", "utf-32", "utf_32")):  # newlines are not single bytes
            yield from self._wide_entries()
            return
        while True:
            line = self.fp.readline(self.limit + 1)
            if not line:
                return
            self.number += 1
            if len(line) > self.limit and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):  # read past the rest, a piece at a time
                    line = self.fp.readline(self.limit)
                yield LineTooLong(f"a line over {_mb(self.limit)}")
                continue
            try:
                text = line.decode(self.encoding)
            except UnicodeDecodeError as ex:
                text = _western_or_none(line)  # a Latin-1 line in a file whose first MB was ASCII
                if text is None:
                    yield ex
                    continue
            pieces = LONE_CR.split(text) if "\r" in text else [text]
            for index, piece in enumerate(pieces):
                self.number += index > 0
                yield piece

    def _wide_entries(self):
        stream = io.TextIOWrapper(self.fp, encoding=self.encoding, errors="strict", newline="")
        while True:
            line = stream.readline(self.limit + 1)  # a decoding error ends the file
            if not line:
                return
            self.number += 1
            if len(line) > self.limit and not line.endswith(("\n", "\r")):
                while line and not line.endswith(("\n", "\r")):
                    line = stream.readline(self.limit)
                yield LineTooLong(f"a line over {_mb(self.limit)}")
            else:
                yield line


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


# Files that are not text whatever their name says, by their first bytes
MAGIC = [
    (b"\x1f\x8b", "gzip-compressed"),
    (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"),
    (b"BZh", "bzip2-compressed"),
    (b"\xfd7zXZ\x00", "xz-compressed"),
    (b"\x28\xb5\x2f\xfd", "zstandard-compressed"),
    (b"7z\xbc\xaf\x27\x1c", "7-zip archive"),
    (b"%PDF-", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"SQLite format 3\x00", "SQLite database"),
]


def decode_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else the detected encoding; ValueError for binary data."""
    encoding = text_encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as ex:  # a UTF-16 BOM on something else
        raise ValueError(f"not valid {encoding} ({ex.reason} at byte {ex.start}): binary?") from None


def text_encoding(data: bytes, complete: bool = True) -> str:
    """The codec to read `data` (the whole file, or its first bytes when not `complete`) with:
    utf-8-sig, utf-16 (by their BOM), utf-8, else the detected one. ValueError for binary data."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    for magic, kind in MAGIC:
        if data.startswith(magic) and (magic != b"BZh" or data[4:10] == b"1AY&SY"):
            hint = ": decompress it first" if kind.endswith(("compressed", "archive")) else ""
            raise ValueError(f"binary file ({kind}), not text{hint}")
    nul = data.find(b"\x00")
    if nul >= 0:  # anywhere: text with binary data after its first pages is not an article either
        raise ValueError(f"binary file (contains NUL bytes, the first at byte {nul}), not text")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as ex:
        if not complete and ex.reason == "unexpected end of data":  # a character cut by the sample's end
            return "utf-8"
        return _legacy_encoding(data, ex)


def _legacy_encoding(data: bytes, utf8_error: UnicodeDecodeError) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or _control_share(str(best)) > 0.01:
        raise ValueError(f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and no other text encoding fits: binary?")
    # Western news text is far more often Latin-1/cp1252 than the Central European or Cyrillic code pages
    # a detector may guess from a few accented letters; prefer cp1252 whenever it decodes cleanly.
    try:
        western = data.decode("cp1252")
        if _control_share(western) == 0 and best.encoding not in ("utf_16", "utf_32"):
            return "cp1252"
    except UnicodeDecodeError:
        pass
    return best.encoding


def _western_or_none(data: bytes) -> Optional[str]:
    """`data` as cp1252 when it decodes to text without control characters, else None."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return text if _control_share(text) == 0 else None


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(len(text), 1)


# trafilatura's cost grows faster than the number of elements (on this project's machine, shared:
# 20,000 took 3-6 s, 50,000 took 45 s and 1,000,000 three minutes and 1.4 GB); an article page has a
# few thousand. Elements, comments and processing instructions all count.
MAX_HTML_NODES = 20_000
NODE_START = re.compile(r"<[A-Za-z!?]")


def too_many_nodes(html: str, limit: int = MAX_HTML_NODES) -> bool:
    """More than `limit` tags open a node? Counted without parsing."""
    return html.count("<") > limit and more_matches_than(NODE_START, html, limit)  # count(): at the speed of memchr


# An article's shape: a file of a million one-word lines is not an article, and its rows cost far more
# than its size says (4 MB of short headings: 300,000 sentences, 28 s, 355 MB).
MAX_LINES = 100_000
MAX_SENTENCES = 100_000
SENTENCE_END = re.compile(r"[.!?\u2026]\s")


def check_article_shape(text: str) -> None:
    """ValueError for a text with more lines, or far more sentence ends, than an article has;
    counted without parsing. The loader checks the sentences again once they are cut."""
    lines = max(text.count("\n"), text.count("\r"))
    if lines > MAX_LINES:
        raise ValueError(f"{lines:,} lines, more than the {MAX_LINES:,} an article may have: split it into articles")
    if more_matches_than(SENTENCE_END, text, 2 * MAX_SENTENCES):  # abbreviations end no sentence: twice
        raise ValueError(f"more than {MAX_SENTENCES:,} sentences, the most an article may have: split it into articles")


def more_matches_than(pattern: re.Pattern, text: str, limit: int) -> bool:
    """Does `pattern` occur more than `limit` times in `text`? Counted only as far as the limit."""
    return next(itertools.islice(pattern.finditer(text), limit, None), None) is not None


def _html_article(source: str, html: str, folder: str) -> Item:
    import trafilatura

    if too_many_nodes(html):  # a tag bomb: refused before lxml builds it
        return LoadError(source, f"HTML has more than {MAX_HTML_NODES:,} elements (an article page has a few thousand): not parsed")
    try:
        doc = within_parse_budget(
            len(html), "extract its text", trafilatura.bare_extraction,
            html, with_metadata=True, include_comments=False, include_tables=False,
        )
    except ParseTimeout as ex:
        return LoadError(source, str(ex))
    except Exception as ex:  # trafilatura raises many kinds of parser errors on broken markup
        return LoadError(source, f"HTML could not be parsed: {ex}")
    if doc is None:
        return LoadError(source, "no article text found in the HTML")
    if not isinstance(doc, dict):  # trafilatura >= 1.9 returns a Document
        doc = doc.as_dict()
    text = (doc.get("text") or "").strip()
    if len(text.split()) < MIN_HTML_WORDS:  # trafilatura falls back to menus and titles on pages with no article
        return LoadError(source, "no article text found in the HTML")
    # trafilatura's sitename is the page's own name (og:site_name, application-name, the JSON-LD
    # publisher) or, when it states none, the address's host: a name in the footer, or in the text,
    # is better than that
    sitename = (doc.get("sitename") or "").strip()
    domain = sitename.lower().removeprefix("www.") if DOMAIN_NAME.fullmatch(sitename) else ""
    fields = {
        "title": doc.get("title"),
        "author": doc.get("author"),
        "published": doc.get("date"),
        "outlet": (sitename if not domain else None) or footer_site_name(html),
        "url": doc.get("url"),
    }
    # trafilatura puts one paragraph per line; blank lines are what cleaning reads as paragraph breaks
    text = "\n\n".join(line for line in text.splitlines() if line.strip())
    return ArticleInput(source, "html", html, text, {k: v for k, v in fields.items() if v}, folder=folder, site=domain)


DOMAIN_NAME = re.compile(r"(?:[\w-]+\.)+[A-Za-z]{2,}")
FOOTERS = (
    "//footer | //*[contains(@id, 'footer') or contains(@class, 'footer')"
    " or contains(@id, 'copyright') or contains(@class, 'copyright')]"
)


def footer_site_name(html: str) -> Optional[str]:
    """The site's name in the page's footer ("© 2021 The Valley Gazette", "Subscribe to X"), which
    trafilatura leaves out of the text; None when the footer names none."""
    import lxml.html

    from .metadata import site_name

    try:
        tree = lxml.html.fromstring(html)
    except Exception:  # lxml refuses some documents trafilatura reads (an XML encoding declaration...)
        return None
    texts = [" ".join(" ".join(node.itertext()).split()) for node in tree.xpath(FOOTERS)]
    return site_name([text for text in texts if text]) if texts else None


def _jsonl_records(source: str, lines: BoundedLines, max_bytes: int):
    for line in lines.entries():
        number = lines.number
        if isinstance(line, LineTooLong):  # refused before it is read whole
            yield LoadError(source, f"record too large ({line}; raise --max-article-mb)", number)
            continue
        if isinstance(line, UnicodeDecodeError):
            message = f"not valid {lines.encoding} ({line.reason} at character {line.start + 1} of the line), as the file's first {_mb(HEAD_BYTES)} are"
            yield LoadError(source, message, number)
            continue
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        too_large = _too_large(line, max_bytes)
        if too_large:  # refused before it is parsed
            yield LoadError(source, too_large, number)
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as ex:
            yield LoadError(source, f"malformed JSON: {ex.msg} (column {ex.colno})", number)
            continue
        except RecursionError:  # the decoder recurses once per [ or {
            yield LoadError(source, TOO_DEEP, number)
            continue
        yield number, line, record


TOO_DEEP = "malformed JSON: nested too deeply (arrays or objects inside each other hundreds of levels deep)"


def _json_records(source: str, text: str, max_bytes: int):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as ex:
        yield LoadError(source, f"malformed JSON: {ex.msg}", ex.lineno)
        return
    except RecursionError:
        yield LoadError(source, TOO_DEEP)
        return
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        yield LoadError(source, "expected a JSON array of article objects")
        return
    for number, record in enumerate(data, 1):
        try:
            yield number, json.dumps(record, ensure_ascii=False), record
        except RecursionError:  # parsed, but too deep to write back
            yield LoadError(source, TOO_DEEP, number)


MAX_CSV_COLUMNS = 1000


def _csv_records(source: str, lines: BoundedLines, max_bytes: int):
    # a field larger than a whole record may be: the csv module stops before it builds it
    csv.field_size_limit(max(max_bytes, 1024))
    reader = csv.DictReader(lines)
    try:
        columns = [c.strip().lower() for c in (reader.fieldnames or [])]
        if len(columns) > MAX_CSV_COLUMNS:  # each row would be a dict of them all
            yield LoadError(source, f"CSV has {len(columns):,} columns, more than the {MAX_CSV_COLUMNS:,} a table of articles may have")
            return
        if "text" not in columns:
            yield LoadError(source, f"CSV has no 'text' column (columns: {', '.join(columns) or 'none'})")
            return
        for record in reader:
            # the line where the record ends; a quoted field may span several lines
            yield reader.line_num, json.dumps(record, ensure_ascii=False), record
    except (csv.Error, LineTooLong, UnicodeDecodeError) as ex:
        # a record may span lines: after a bad one, the rest would be read out of step, so stop here
        rest = "the rest of the file is not read"
        if isinstance(ex, LineTooLong) or "field larger than field limit" in str(ex):
            message = f"record too large (a field over {_mb(max_bytes)}; raise --max-article-mb): {rest}"
        elif isinstance(ex, UnicodeDecodeError):
            message = f"not valid {lines.encoding} ({ex.reason}), as the file's first {_mb(HEAD_BYTES)} are: {rest}"
        else:
            message = f"malformed CSV: {ex}"
        yield LoadError(source, message, lines.number)  # DictReader.line_num lags on errors


def _record_article(source, fmt, line, raw, record, folder, max_bytes) -> Item:
    """One record as an article. `raw` is the whole record as read, every field in it, so the
    fields without a column are not copied again (to `extra`): json_extract(raw, '$.field') reads them."""
    too_large = _too_large(raw, max_bytes)  # the whole record counts, not only its text
    if too_large:
        return LoadError(source, too_large, line)
    if not isinstance(record, dict):
        return LoadError(source, "expected a JSON object with a 'text' field", line)
    record = {str(k).strip().lower() if k is not None else "": v for k, v in record.items()}
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return LoadError(source, "record has no 'text'", line)
    fields = {}
    for key, value in record.items():
        column = FIELD_SYNONYMS.get(key, key)
        if column in RECORD_FIELDS and column not in fields and value not in (None, ""):
            fields[column] = str(value).strip()
    record_id = fields.get("id") or str(line)
    return ArticleInput(f"{source}#{record_id}", fmt, raw, text, fields, folder=folder)


def _too_large(raw: str, max_bytes: int) -> Optional[str]:
    """The error for a record over the limit (in UTF-8 bytes, the whole record), else None."""
    size = len(raw) if len(raw) > max_bytes else len(raw.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return f"record too large ({_mb(size)} > {_mb(max_bytes)}; raise --max-article-mb)"
    return None
