"""The tables and views that datasette-crosscheck writes: one place for the database's shape.

Every table is a plain SQLite table that users can browse and query in Datasette.
`ensure_schema(db)` is idempotent: it creates what is missing and never drops data.
"""

import contextlib

import sqlite_utils

from . import passes
from .match import clause_state, story_state

ARTICLES = {
    "id": int,
    "outlet": str,  # the publisher (site) that carried the article
    "original_source": str,  # where the publisher says it came from, when it republishes
    "title": str,
    "author": str,
    "published": str,  # ISO date, YYYY-MM-DD
    "url": str,
    "source": str,  # file path, or path#record for records in JSONL/JSON/CSV
    "format": str,  # txt, md, html, jsonl, json, csv
    "raw": str,  # the input exactly as read (decoded)
    "text": str,  # the readable text; sentence offsets point into it
    "content_hash": str,  # sha256 of raw: reloading the same input changes nothing
    "extra": str,  # JSON object of record fields we do not use, so nothing is lost
    "sentence_count": int,
    "loaded_at": str,
    "story_id": int,  # stories.id: the story the article reports (stories.assign_stories)
}

SENTENCES = {
    "id": int,
    "article_id": int,
    "position": int,  # 0-based order within the article
    "char_start": int,  # articles.text[char_start:char_end] == text
    "char_end": int,
    "text": str,
    "kind": str,  # heading, byline, dateline, body, footer
    "boilerplate": int,  # 1: kept for display, left out of matching by default
    "boilerplate_reason": str,
    "analysis": str,  # JSON: tokens, names and clauses (analysis.py), stored by load so that match need not redo them
}

FIGURES = {
    "id": int,
    "sentence_id": int,
    "article_id": int,
    "char_start": int,  # within the sentence: sentences.text[char_start:char_end] == text
    "char_end": int,
    "text": str,
    "kind": str,  # money, percent, quantity, count, number, date, year
    "value": float,
    "low": float,  # the interval the wording allows; NULL = unbounded
    "high": float,
    "unit": str,  # ISO currency code, %, km, or the counted noun
    "period": str,  # month, year, day, week... for rates ("each month")
    "qualifier": str,  # at least, more than, about, up to, millions of...
    "approximate": int,
    "direction": str,  # up, down: the figure is a change ("rose 5 pct", "a 3 pct fall"); NULL for a level
}

STORIES = {  # articles of any outlets that report the same event or topic (stories.py)
    "id": int,
    "title": str,  # the title of its most central article
    "article_count": int,
    "outlet_count": int,
    "outlets": str,  # JSON array of outlet names
    "first_published": str,
    "last_published": str,
}

MATCHES = {
    "id": int,
    "sentence_a": int,
    "sentence_b": int,
    "article_a": int,
    "article_b": int,
    "score": float,  # 0-100, the matcher's decision score
    "lexical": float,  # 0-100, rapidfuzz similarity of normalised content words
    "rare_terms": float,  # 0-100, weighted share of rare terms (names) both sides state
    "figure_agreement": float,  # 0-100, how well the two sides' figures line up; NULL: no figures
    "method": str,  # sentence, clause or figure-anchor
    "a_start": int,  # the matched clause within sentence_a (whole sentence if it is all of it)
    "a_end": int,
    "b_start": int,
    "b_end": int,
    "statement_id": int,
}

STATEMENTS = {
    "id": int,
    "representative_sentence_id": int,
    "text": str,  # the representative sentence (or clause)
    "sentence_count": int,
    "article_count": int,
    "outlet_count": int,
    "outlets": str,  # JSON array of outlet names
    "max_score": float,
    "figure_conflict": int,  # 1 if two outlets state figures that cannot both be true
    "figure_differences": int,  # number of figure differences that are not "same"
    "wording_differences": int,
    "first_published": str,
    "first_outlet": str,
    "verdict": str,  # the worst figure verdict among its differences (STATEMENT_VERDICT); NULL: none stored
}

# A statement's verdict, for facets: its worst figure difference, from "cannot both be true" to "one is vaguer".
STATEMENT_VERDICT = """(select d.verdict from differences d where d.statement_id = statements.id and d.kind = 'figure'
   and d.verdict in ('conflict', 'different measure', 'missing', 'compatible')
   order by case d.verdict when 'conflict' then 0 when 'different measure' then 1 when 'missing' then 2 else 3 end
   limit 1)"""

STATEMENT_SENTENCES = {
    "statement_id": int,
    "sentence_id": int,
    "article_id": int,
    "outlet": str,
    "clause_start": int,  # the part of the sentence that belongs to the statement
    "clause_end": int,
}

DIFFERENCES = {
    "id": int,
    "match_id": int,
    "statement_id": int,
    "kind": str,  # figure, wording, name
    "a": str,
    "b": str,
    "verdict": str,  # figures: conflict, compatible, different measure, same; wording: replace, insert, delete
    "figure_a": int,
    "figure_b": int,
    "detail": str,  # JSON: values, units, periods, qualifiers, conversion rate...
}

PENDING_PASSES = {  # corpus-wide passes still to run over an article (passes.py)
    "pass": str,  # repeated, match
    "article_id": int,
}

TABLES = {
    "articles": (ARTICLES, "id"),
    "stories": (STORIES, "id"),
    "sentences": (SENTENCES, "id"),
    "figures": (FIGURES, "id"),
    "statements": (STATEMENTS, "id"),  # before matches, which point to it
    "matches": (MATCHES, "id"),
    "statement_sentences": (STATEMENT_SENTENCES, None),
    "differences": (DIFFERENCES, "id"),
    "pending_passes": (PENDING_PASSES, ("pass", "article_id")),
}

FOREIGN_KEYS = {
    "sentences": [("article_id", "articles", "id")],
    "figures": [("sentence_id", "sentences", "id"), ("article_id", "articles", "id")],
    "matches": [
        ("sentence_a", "sentences", "id"),
        ("sentence_b", "sentences", "id"),
        ("article_a", "articles", "id"),
        ("article_b", "articles", "id"),
        ("statement_id", "statements", "id"),
    ],
    "statements": [("representative_sentence_id", "sentences", "id")],
    "statement_sentences": [
        ("statement_id", "statements", "id"),
        ("sentence_id", "sentences", "id"),
        ("article_id", "articles", "id"),
    ],
    "differences": [
        ("match_id", "matches", "id"),
        ("statement_id", "statements", "id"),
        ("figure_a", "figures", "id"),
        ("figure_b", "figures", "id"),
    ],
}

INDEXES = [
    ("articles", ["source"], True),
    ("articles", ["content_hash"], False),
    ("articles", ["outlet"], False),
    ("articles", ["story_id"], False),
    ("sentences", ["article_id", "position"], True),
    ("figures", ["sentence_id"], False),
    ("figures", ["article_id"], False),
    ("matches", ["sentence_a"], False),
    ("matches", ["sentence_b"], False),
    ("matches", ["statement_id"], False),
    ("statements", ["figure_conflict", "outlet_count"], False),
    ("statement_sentences", ["statement_id"], False),
    ("statement_sentences", ["sentence_id"], False),
    ("differences", ["match_id"], False),
    ("differences", ["statement_id", "kind"], False),
]

# Tables that the matcher owns (match.py): loading articles changes them only through match.forget_articles.
MATCH_TABLES = frozenset({"differences", "statement_sentences", "matches", "statements"})


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create missing tables, indexes, full-text search and views; keep existing data."""
    if db.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.enable_wal()  # Datasette can read while `load` writes
    # One transaction per article would mean an fsync per article; in WAL mode NORMAL cannot corrupt the
    # database (a power cut may lose only the last commits, which reloading restores).
    db.conn.execute("PRAGMA synchronous = NORMAL")
    adopting = db["articles"].exists() and not db["pending_passes"].exists()
    for name, (columns, pk) in TABLES.items():
        table = db[name]
        if not table.exists():
            table.create(columns, pk=pk, foreign_keys=FOREIGN_KEYS.get(name, []))
        added = add_missing_columns(table, columns)  # databases written before a column was added
        if name == "statements" and "verdict" in added:
            with db.conn:
                db.conn.execute(f"update statements set verdict = {STATEMENT_VERDICT}")
    for table, columns, unique in INDEXES:
        db[table].create_index(columns, unique=unique, if_not_exists=True)
    with db.conn:
        story_state.ensure_tables(db.conn)  # the stories pass's state between runs
        clause_state.ensure_tables(db.conn)  # the matcher's
    if adopting:
        with db.conn:
            passes.adopt_corpus(db.conn)
    ensure_search_index(db)
    from .sql_views import ensure_views  # views change more often than tables

    ensure_views(db)


def add_missing_columns(table, columns: dict) -> set:
    missing = {name: kind for name, kind in columns.items() if name not in table.columns_dict}
    for name, kind in missing.items():
        table.add_column(name, kind)
    return set(missing)


# Full-text search over sentences (external content), kept up to date by triggers, whoever writes.
# Only the loader's own batches skip the insert trigger (`bulk_indexing`): it costs ~100 us a row,
# 40% of a load, against a few us a row for one statement per batch.
SEARCH_TRIGGERS = {
    "sentences_ai": """CREATE TRIGGER sentences_ai after insert on sentences begin
  insert into sentences_fts (rowid, text) values (new.rowid, new.text);
end""",
    "sentences_ad": """CREATE TRIGGER sentences_ad after delete on sentences begin
  insert into sentences_fts (sentences_fts, rowid, text) values ('delete', old.rowid, old.text);
end""",
    # "of text": flagging boilerplate leaves the index alone
    "sentences_au": """CREATE TRIGGER sentences_au after update of text on sentences begin
  insert into sentences_fts (sentences_fts, rowid, text) values ('delete', old.rowid, old.text);
  insert into sentences_fts (rowid, text) values (new.rowid, new.text);
end""",
}


def ensure_search_index(db: sqlite_utils.Database) -> None:
    if not db["sentences"].detect_fts():
        db["sentences"].enable_fts(["text"], create_triggers=False, tokenize="porter")
    triggers = dict(db.conn.execute("select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'sentences'"))
    with db.conn:
        for name, sql in SEARCH_TRIGGERS.items():
            if triggers.get(name) != sql:  # missing, or sqlite-utils' own from earlier versions
                db.conn.execute(f"drop trigger if exists {name}")
                db.conn.execute(sql)


@contextlib.contextmanager
def bulk_indexing(conn):
    """Inside the caller's transaction: sentences inserted in the block are indexed for search with
    one statement at its end. Yields the first sentence id the block may use; the block must use
    ids from there on, increasing. Other connections never see the trigger missing: schema changes
    are part of the transaction, and roll back with it."""
    if not conn.in_transaction:
        raise RuntimeError("bulk_indexing needs a transaction: begin one first")
    first_id = conn.execute("select coalesce(max(id), 0) + 1 from sentences").fetchone()[0]
    conn.execute("drop trigger sentences_ai")
    yield first_id
    conn.execute("insert into sentences_fts (rowid, text) select id, text from sentences where id >= ?", [first_id])
    conn.execute(SEARCH_TRIGGERS["sentences_ai"])


@contextlib.contextmanager
def indexes_deferred(conn, table: str):
    """Inside the caller's transaction: when `table` is empty, its indexes (INDEXES) are dropped
    for the block and built again at its end, from all the rows at once (for a million rows of
    differences about three times faster than keeping them up to date row by row). A table that
    holds rows keeps its indexes. Other connections never see them missing, as in bulk_indexing."""
    empty = conn.execute(f"select not exists (select 1 from [{table}])").fetchone()[0]
    if empty and not conn.in_transaction:
        raise RuntimeError("indexes_deferred needs a transaction: begin one first")
    found = conn.execute("select name, sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null",
                         [table]).fetchall() if empty else []
    for name, _ in found:
        conn.execute(f"drop index [{name}]")
    yield
    for _, sql in found:
        conn.execute(sql)


def has_crosscheck_tables(table_names) -> bool:
    """True for a database that `datasette crosscheck load` wrote."""
    return {"articles", "sentences"} <= set(table_names)
