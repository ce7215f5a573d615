"""Load articles into SQLite: `parse_article` turns one input into rows (pure), `load_paths` stores them.

Articles are written in batches, one transaction per batch, each table's rows with one statement;
when that statement fails the batch is written again an article per savepoint, so a failure loses
nothing already loaded and a bad article takes nothing else with it. An article is
known by its `source`; loading the same input again changes nothing (content hash), `replace=True`
updates an article whose input changed.

Each article is stored with the corpus-wide passes it still needs (passes.py), in its batch's
transaction: the flagging of repeated sentences runs at the end of `load_paths` over the articles
still pending, whichever run stored them, so a load killed at any point is finished by the next.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import itertools
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, List, Optional

import sqlite_utils

from .. import analysis, passes, schema
from .. import progress as progress_bars
from ..figures import extract_figures, may_have_figures
from ..parallel import worker_pool, workers_available
from . import boilerplate
from .cleaning import clean, split_front_matter
from .dates import parse_date
from .formats import (
    DEFAULT_MAX_BYTES, MAX_SENTENCES, ArticleInput, LoadError, check_article_shape, input_size, read_inputs, within_parse_budget,
)
from .layout import page_layout
from .metadata import guess_metadata
from .segment import segment

ARTICLE_FIELDS = ("outlet", "original_source", "title", "author", "published", "url")
FRONT_MATTER_FIELDS = ARTICLE_FIELDS + ("date",)  # front matter keys with a column; the rest go to `extra`


@dataclass
class ParsedArticle:
    article: dict  # an `articles` row without id
    sentences: List[dict]  # `sentences` rows without id / article_id
    figures: List[List[dict]]  # per sentence, `figures` rows without ids


@dataclass
class LoadReport:
    loaded: List[int] = field(default_factory=list)  # ids of new articles
    replaced: List[int] = field(default_factory=list)
    unchanged: int = 0
    duplicates: List[str] = field(default_factory=list)  # same content as an article loaded under another source
    changed: List[str] = field(default_factory=list)  # input changed, left as it was (no --replace)
    errors: List[LoadError] = field(default_factory=list)
    sentences: int = 0  # sentences written

    @property
    def touched(self) -> List[int]:
        return self.loaded + self.replaced


def content_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


MAX_SENTENCE_CHARS = 20_000  # a longer "sentence" (a page with no full stop) is flagged, and left out of matching


def parse_article(item: ArticleInput, outlet: Optional[str] = None) -> ParsedArticle:
    """Clean, read metadata, segment and find figures. Raises ValueError for unusable input."""
    check_article_shape(item.text)  # before cleaning, which holds a block per paragraph
    front, body = split_front_matter(item.text) if item.format in ("txt", "md") else ({}, item.text)
    cleaned = clean(body, item.format if item.format in ("txt", "md") else "text")
    if not cleaned.text.strip():
        raise ValueError("no readable text after removing markup")
    layout = page_layout(cleaned)  # read once, for the sentences and the metadata
    spans = segment(cleaned, layout)
    if len(spans) > MAX_SENTENCES:  # before their rows and figures are built
        raise ValueError(f"{len(spans):,} sentences, more than the {MAX_SENTENCES:,} an article may have: split it into articles")
    meta = _article_fields(item, front, guess_metadata(cleaned, layout), outlet)
    sentences, figures = [], []
    for position, sentence in enumerate(spans):
        text = cleaned.text[sentence.start : sentence.end]
        boilerplate, reason = sentence.boilerplate, sentence.reason
        if not boilerplate and len(text) > MAX_SENTENCE_CHARS:
            # comparing two of them costs their product (280 kB each: 3 s; 15 MB: hours): kept, not matched
            boilerplate, reason = True, f"too long to compare ({len(text):,} characters, more than {MAX_SENTENCE_CHARS:,})"
        sentences.append(
            {
                "position": position,
                "char_start": sentence.start,
                "char_end": sentence.end,
                "text": text,
                "kind": sentence.kind,
                "boilerplate": int(boilerplate),
                "boilerplate_reason": reason,
            }
        )
        rows, sentences[-1]["analysis"] = read_sentence(sentence.kind, text)
        figures.append(rows)
    # front matter is YAML, which SQL cannot read: its keys without a column are kept as JSON;
    # a record's other fields are in `raw` already, as JSON
    extra = {k: v for k, v in front.items() if k not in FRONT_MATTER_FIELDS}
    article = {
        **meta,
        "source": item.source,
        "format": item.format,
        "raw": item.raw,
        "text": cleaned.text,
        "content_hash": content_hash(item.raw),
        "extra": json.dumps(extra, ensure_ascii=False, default=str) if extra else None,
        "sentence_count": len(sentences),
    }
    return ParsedArticle(article, sentences, figures)


# What read_sentence found for each sentence text this process read lately: news repeats lines word for
# word (wire copy in several outlets, datelines, footers), and a line's figures and analysis depend
# on its text alone.
_READ: dict = {}
MAX_READ = 1 << 15  # texts kept; then the cache starts again


def read_sentence(kind: str, text: str) -> tuple:
    """(figures rows, stored analysis) of a sentence: its figures, and its analysis (analysis.stored,
    read by match), worked out once per distinct text; the rows are the caller's own copies."""
    key = (kind in analysis.ANALYSED_KINDS, text)
    found = _READ.get(key)
    if found is None:
        rows = [f.as_row() for f in extract_figures(text)] if may_have_figures(text) else []
        found = (rows, analysis.stored(kind, text, rows))  # analysed once, for match
        if len(_READ) >= MAX_READ:
            _READ.clear()
        _READ[key] = found
    rows, stored = found
    return [dict(row) for row in rows], stored


def _article_fields(item: ArticleInput, front: dict, guessed: dict, outlet: Optional[str]) -> dict:
    """Precedence: --outlet, then what the input states explicitly (front matter, record fields,
    HTML metadata), then what the text says, then an HTML page's domain and the folder's name for
    the outlet."""
    given = {**item.fields, **{k: v for k, v in front.items() if k in FRONT_MATTER_FIELDS}}
    if "date" in given and "published" not in given:
        given["published"] = given.pop("date")
    fields = {}
    for name in ARTICLE_FIELDS:
        value = given.get(name)
        fields[name] = str(value).strip() if value not in (None, "") else guessed.get(name)
    if given.get("published"):
        fields["published"] = _iso_date(given["published"]) or guessed.get("published")
    fields["outlet"] = outlet or fields["outlet"] or item.site or item.folder or None
    return fields


def _iso_date(value) -> Optional[str]:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    return parse_date(str(value))


def load_paths(
    db: sqlite_utils.Database,
    paths: Iterable[str],
    outlet: Optional[str] = None,
    replace: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Optional[Callable[[str], None]] = None,
    workers: Optional[int] = None,
) -> LoadReport:
    """Load every article in `paths`. Parsing (the costly, pure part) runs on `workers` processes
    (default: all cores) for large loads; checks and writes stay here, in input order."""
    schema.ensure_schema(db)
    paths = list(paths)
    report = LoadReport()
    seen = ({}, {})  # this run's content hash -> source, and source -> content hash
    pending = []  # (todo, results, size): a batch being parsed while the one before it is stored
    stored = 0  # batches committed (for passes.kill_point)
    with _parser(workers) as parse_all, _load_bar(paths, report) as bar:
        for batch in _batches(read_inputs(paths, max_bytes=max_bytes), PARSE_BATCH):
            todo = []
            for item in batch:
                if isinstance(item, LoadError):
                    report.errors.append(item)
                    continue
                existing = _needs_loading(db, item, replace, report, seen)
                if existing is not False:
                    todo.append((item, existing))
            size = sum(len(item.raw) for item in batch if isinstance(item, ArticleInput))
            pending.append((todo, parse_all([(item, outlet) for item, _ in todo]), size))
            if len(pending) > 1:
                ready, results, ready_size = pending.pop(0)
                _store_batch(db, ready, results, report, progress)
                bar.advance(ready_size)
                stored += 1
                passes.kill_point(f"after-batch-{stored}")
        for todo, results, size in pending:
            _store_batch(db, todo, results, report, progress)
            bar.advance(size)
    passes.kill_point("before-passes")
    flag_pending(db)
    return report


def _load_bar(paths: List[str], report: LoadReport):
    """The load's progress bar (progress.py): the input read, articles loaded and sentences written."""

    def note(seconds: float) -> str:
        loaded = len(report.touched)
        return f"{loaded:,} articles loaded, {loaded / seconds:,.0f}/s; {report.sentences:,} sentences written"

    # the bar counts characters of input against the files' bytes: near enough for a bar
    return progress_bars.bar("Loading articles", input_size(paths) if progress_bars.drawn() else None, unit=None, note=note)


PARSE_BATCH = 256  # articles parsed in parallel between two rounds of writes
MIN_PARALLEL = 64  # fewer articles to parse than this: not worth starting processes


def _store_batch(db, todo, results, report: LoadReport, progress) -> None:
    """Store a parsed batch in one transaction (a commit per article costs more than its inserts):
    all its articles with one statement per table, or, when that fails, each article inside a
    savepoint, so that one that fails to store is rolled back alone."""
    from ..match.pipeline import forget_articles  # the matcher owns the match tables

    # Sentence ids are explicit, so that sentences and figures go in with one statement each, and
    # never reused within the batch (not even those of a replaced article), as bulk_indexing needs.
    with _transaction(db.conn), schema.bulk_indexing(db.conn) as first_id:
        # once per batch: the statements are rebuilt without the replaced articles' matches (an
        # article that then fails to store keeps its old rows, and is matched again)
        forget_articles(db, [existing for _, existing in todo if existing is not None])
        sentence_ids = itertools.count(first_id)
        batch = [(item, existing, parsed) for (item, existing), parsed in zip(todo, results)]
        parsed_ok = [entry for entry in batch if not isinstance(entry[2], LoadError)]
        try:
            with _savepoint(db.conn):
                stored = iter(_store_all(db, parsed_ok, sentence_ids))
        except (ValueError, RecursionError, sqlite3.Error):
            stored = None  # one article spoils the statement: store them one by one
        for item, existing, parsed in batch:  # reported in input order
            if isinstance(parsed, LoadError):
                report.errors.append(parsed)
            else:
                try:
                    if stored is None:
                        with _savepoint(db.conn):
                            article_id = _store(db, parsed, existing, sentence_ids)
                    else:
                        article_id = next(stored)
                    (report.replaced if existing is not None else report.loaded).append(article_id)
                    report.sentences += len(parsed.sentences)
                except (ValueError, RecursionError, sqlite3.Error) as ex:
                    report.errors.append(LoadError(item.source, str(ex)))
            if progress:
                progress(item.source)


@contextlib.contextmanager
def _transaction(conn):
    # Begun explicitly: Python's sqlite3 would begin only at the first insert, leaving the schema
    # change of bulk_indexing and every savepoint before it to commit on their own.
    conn.execute("begin immediate")
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


@contextlib.contextmanager
def _savepoint(conn):
    conn.execute("savepoint article")
    try:
        yield
    except BaseException:
        conn.execute("rollback to article")
        raise
    finally:
        conn.execute("release article")


def _parse_or_error(job):
    """The parsed article, or the error that stops it; never raises, so that one article (in a
    worker process too) cannot abort the load."""
    item, outlet = job
    try:
        return within_parse_budget(len(item.text), "parse", parse_article, item, outlet)
    except ValueError as ex:  # ParseTimeout too
        return LoadError(item.source, str(ex))
    except RecursionError:
        return LoadError(item.source, "nested too deeply to be parsed")
    except Exception as ex:  # a parser's bug on odd input: this article alone is lost, and says why
        return LoadError(item.source, f"could not be parsed ({type(ex).__name__}: {ex})")


@contextlib.contextmanager
def _parser(workers: Optional[int]):
    """A function that parses a list of (item, outlet) jobs, on parallel.worker_pool's processes
    when it pays (started at the first large batch: small loads never start any)."""
    workers = workers_available(workers)
    with contextlib.ExitStack() as stack:
        pmap = None

        def parse_all(jobs):
            nonlocal pmap
            if workers < 2 or len(jobs) < MIN_PARALLEL:
                return [_parse_or_error(job) for job in jobs]
            if pmap is None:
                pmap = stack.enter_context(worker_pool(workers))
            return pmap(_parse_or_error, jobs, chunksize=8)  # lazy: parses while the caller stores

        yield parse_all


def _batches(iterable, size):
    batch = []
    for element in iterable:
        batch.append(element)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _needs_loading(db, item: ArticleInput, replace, report: LoadReport, seen: tuple):
    """False when the item is skipped (unchanged, changed without --replace, a twin), else the id of
    the article it replaces, or None for a new one."""
    digest = content_hash(item.raw)
    seen_hashes, seen_sources = seen
    if item.source in seen_sources:  # the same record twice in one load
        if seen_sources[item.source] == digest:
            report.unchanged += 1
        else:
            report.errors.append(LoadError(item.source, "appears twice in this load with different text; kept the first"))
        return False
    existing = db.execute("select id, content_hash from articles where source = ?", [item.source]).fetchone()
    if existing and existing[1] == digest:
        report.unchanged += 1
        return False
    if existing and not replace:
        report.changed.append(item.source)
        return False
    if not existing:
        twin = db.execute("select source from articles where content_hash = ?", [digest]).fetchone()
        twin = twin[0] if twin else seen_hashes.get(digest)
        if twin:
            report.duplicates.append(f"{item.source} (same as {twin})")
            return False
    seen_hashes[digest] = item.source
    seen_sources[item.source] = digest
    return existing[0] if existing else None


def _store(db, parsed: ParsedArticle, existing: Optional[int], sentence_ids: Iterator[int]) -> int:
    """Store one article (replacing the article `existing`); its id."""
    return _store_all(db, [(None, existing, parsed)], sentence_ids)[0]


def _store_all(db, batch: List[tuple], sentence_ids: Iterator[int]) -> List[int]:
    """Store (item, existing, parsed) articles with one statement per table, in the caller's
    transaction; their ids. A new article takes the id SQLite would give it (the largest so far
    plus one), a replaced article keeps its own."""
    conn = db.conn
    for _, existing, _ in batch:
        if existing is not None:
            delete_article_rows(db, existing)
    next_id = conn.execute("select coalesce(max(id), 0) + 1 from articles").fetchone()[0]
    loaded_at = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    articles, sentences, figures, article_ids = [], [], [], []
    for _, existing, parsed in batch:
        if existing is None:
            article_id, next_id = next_id, next_id + 1
        else:
            article_id = existing
        article_ids.append(article_id)
        articles.append({**parsed.article, "loaded_at": loaded_at, "id": article_id})
        for sentence_id, (sentence, found) in zip(sentence_ids, zip(parsed.sentences, parsed.figures)):
            sentences.append({**sentence, "id": sentence_id, "article_id": article_id})
            figures.extend({**figure, "sentence_id": sentence_id, "article_id": article_id} for figure in found)
    _insert_rows(conn, "articles", articles)
    _insert_rows(conn, "sentences", sentences)
    _insert_rows(conn, "figures", figures)
    passes.mark_pending(conn, article_ids)
    return article_ids


def _insert_rows(conn, table: str, rows: List[dict]):
    """Insert rows that share their keys, in the caller's transaction (sqlite-utils' insert would
    commit on its own)."""
    if not rows:
        return None
    columns = list(rows[0])
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" for _ in columns)
    sql = f"insert or replace into [{table}] ({names}) values ({marks})"
    if len(rows) == 1:
        return conn.execute(sql, [rows[0][c] for c in columns])
    return conn.executemany(sql, ([row[c] for c in columns] for row in rows))


def delete_article_rows(db, article_id: int) -> None:
    """Remove an article's sentences and figures (inside a transaction, after match.forget_articles
    has removed its matches)."""
    conn = db.conn
    conn.execute("delete from figures where article_id = ?", [article_id])
    conn.execute("delete from sentences where article_id = ?", [article_id])


def flag_pending(db) -> int:
    """The `repeated` pass over the articles still pending (stored by this run or by one that was
    killed): flag the repeated sentences of their outlets, in one transaction with its state. A
    sentence of an earlier article can turn out to be repeated now: its matches go (boilerplate is
    left out of matching), as they would have had the articles been loaded together."""
    from ..match.pipeline import forget_sentences  # the matcher owns the match tables

    with _transaction(db.conn):
        article_ids = passes.pending(db.conn, passes.REPEATED)
        outlets = {
            row[0] for row in db.conn.execute(
                f"select distinct outlet from articles where id in (select article_id from {passes.TABLE} where pass = ?)",
                [passes.REPEATED],
            )
        }
        flagged = flag_repeated_sentences(db, outlets - {None})
        forget_sentences(db, flagged)
        passes.mark_done(db.conn, passes.REPEATED, article_ids)
    return len(flagged)


def flag_repeated_sentences(db, outlets) -> List[int]:
    """Flag sentences that recur word for word across articles of one outlet: footers, share requests,
    disclaimers (the rule and its thresholds are boilerplate.py's). Inside the caller's transaction;
    returns the ids of the sentences flagged."""
    flagged = []
    for outlet in sorted(outlets):
        cursor = db.conn.execute(boilerplate.REPEATED_SQL, boilerplate.repeated_parameters(outlet))
        flagged.extend(row[0] for row in cursor)
    return sorted(flagged)
