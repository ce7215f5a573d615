"""Load articles into SQLite: `parse_article` turns one input into rows (pure), `load_paths` stores them.

Each article is written in one transaction, so a failure loses nothing already loaded. An article is
known by its `source`; loading the same input again changes nothing (content hash), `replace=True`
updates an article whose input changed.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from typing import Callable, Iterable, List, Optional

import sqlite_utils

from . import schema
from .cleaning import clean, split_front_matter
from .figures import extract_figures, may_have_figures
from .formats import DEFAULT_MAX_BYTES, ArticleInput, LoadError, read_inputs
from .metadata import guess_metadata, parse_date
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

    @property
    def touched(self) -> List[int]:
        return self.loaded + self.replaced


def content_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def parse_article(item: ArticleInput, outlet: Optional[str] = None) -> ParsedArticle:
    """Clean, read metadata, segment and find figures. Raises ValueError for unusable input."""
    front, body = split_front_matter(item.text) if item.format in ("txt", "md") else ({}, item.text)
    cleaned = clean(body, item.format if item.format in ("txt", "md") else "text")
    if not cleaned.text.strip():
        raise ValueError("no readable text after removing markup")
    meta = _article_fields(item, front, guess_metadata(cleaned), outlet)
    sentences, figures = [], []
    for position, sentence in enumerate(segment(cleaned)):
        text = cleaned.text[sentence.start : sentence.end]
        sentences.append(
            {
                "position": position,
                "char_start": sentence.start,
                "char_end": sentence.end,
                "text": text,
                "kind": sentence.kind,
                "boilerplate": int(sentence.boilerplate),
                "boilerplate_reason": sentence.reason,
            }
        )
        found = extract_figures(text) if may_have_figures(text) else []
        figures.append([f.as_row() for f in found])
    extra = {**item.extra, **{k: v for k, v in front.items() if k not in FRONT_MATTER_FIELDS}}
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


def _article_fields(item: ArticleInput, front: dict, guessed: dict, outlet: Optional[str]) -> dict:
    """Precedence: --outlet, then what the input states explicitly (front matter, record fields,
    HTML metadata), then what the text says, then the folder's name for the outlet."""
    given = {**item.fields, **{k: v for k, v in front.items() if k in FRONT_MATTER_FIELDS}}
    if "date" in given and "published" not in given:
        given["published"] = given.pop("date")
    fields = {}
    for name in ARTICLE_FIELDS:
        value = given.get(name)
        fields[name] = str(value).strip() if value not in (None, "") else guessed.get(name)
    if given.get("published"):
        fields["published"] = _iso_date(given["published"]) or guessed.get("published")
    fields["outlet"] = outlet or fields["outlet"] or item.folder or None
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
) -> LoadReport:
    schema.ensure_schema(db)
    report = LoadReport()
    outlets_touched = set()
    for item in read_inputs(paths, max_bytes=max_bytes):
        if isinstance(item, LoadError):
            report.errors.append(item)
            continue
        try:
            outlets_touched.add(_load_one(db, item, outlet, replace, report))
        except (ValueError, RecursionError) as ex:
            report.errors.append(LoadError(item.source, str(ex)))
        if progress:
            progress(item.source)
    flag_repeated_sentences(db, outlets_touched - {None})
    return report


def _load_one(db, item: ArticleInput, outlet, replace, report: LoadReport) -> Optional[str]:
    digest = content_hash(item.raw)
    existing = db.execute("select id, content_hash from articles where source = ?", [item.source]).fetchone()
    if existing and existing[1] == digest:
        report.unchanged += 1
        return None
    if existing and not replace:
        report.changed.append(item.source)
        return None
    if not existing:
        twin = db.execute("select source from articles where content_hash = ?", [digest]).fetchone()
        if twin:
            report.duplicates.append(f"{item.source} (same as {twin[0]})")
            return None
    parsed = parse_article(item, outlet)
    with db.conn:  # one transaction: the article and all its rows, or nothing
        article_id = existing[0] if existing else None
        if article_id is not None:
            delete_article_rows(db, article_id)
        article_id = _insert_article(db, parsed, article_id)
    (report.replaced if existing else report.loaded).append(article_id)
    return parsed.article["outlet"]


def _insert_article(db, parsed: ParsedArticle, article_id: Optional[int]) -> int:
    row = {**parsed.article, "loaded_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}
    if article_id is not None:
        row["id"] = article_id
    cursor = _insert(db, "articles", row)
    article_id = article_id if article_id is not None else cursor.lastrowid
    for sentence, figures in zip(parsed.sentences, parsed.figures):
        sentence_id = _insert(db, "sentences", {**sentence, "article_id": article_id}).lastrowid
        for figure in figures:
            _insert(db, "figures", {**figure, "sentence_id": sentence_id, "article_id": article_id})
    return article_id


def _insert(db, table: str, row: dict):
    # Plain sqlite3 inside the caller's transaction (sqlite-utils' insert would commit on its own).
    columns = ", ".join(f"[{c}]" for c in row)
    marks = ", ".join("?" for _ in row)
    return db.conn.execute(f"insert or replace into [{table}] ({columns}) values ({marks})", list(row.values()))


def delete_article_rows(db, article_id: int) -> None:
    """Remove an article's sentences, figures and every match that involves them (inside a transaction)."""
    conn = db.conn
    match_ids = "select id from matches where article_a = :a or article_b = :a"
    conn.execute(f"delete from differences where match_id in ({match_ids})", {"a": article_id})
    conn.execute("delete from matches where article_a = :a or article_b = :a", {"a": article_id})
    conn.execute("delete from statement_sentences where article_id = ?", [article_id])
    conn.execute("delete from figures where article_id = ?", [article_id])
    conn.execute("delete from sentences where article_id = ?", [article_id])


def flag_repeated_sentences(db, outlets) -> int:
    """Flag sentences that recur word for word across articles of one outlet: footers, share requests,
    disclaimers. Short ones must recur in three articles, so that a stock phrase is not taken for a footer."""
    if not outlets:
        return 0
    total = 0
    with db.conn:
        for outlet in sorted(outlets):
            cursor = db.conn.execute(
                """
                with outlet_sentences as (
                  select s.id, s.article_id, lower(trim(s.text)) as norm, length(s.text) as size
                  from sentences s join articles a on a.id = s.article_id
                  where a.outlet = :outlet
                ),
                repeated as (
                  select norm, count(distinct article_id) as n from outlet_sentences
                  group by norm having n >= 2
                )
                update sentences set boilerplate = 1,
                  boilerplate_reason = 'repeated in ' || (select n from repeated r where r.norm = lower(trim(sentences.text)))
                    || ' articles of ' || :outlet
                where boilerplate = 0 and id in (
                  select o.id from outlet_sentences o join repeated r on r.norm = o.norm
                  where r.n >= 3 or o.size >= 40
                )
                """,
                {"outlet": outlet},
            )
            total += cursor.rowcount
    return total
