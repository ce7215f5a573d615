"""The stories pass's corpus-wide state, kept in the database between runs, so that an incremental run
places its new articles without reading the old articles' analyses (stories.assign_stories).

Tables (written in the transaction that writes the stories, so a killed run leaves them as they were):

- `story_terms`: every term the articles state, as a token (kind 0) or as a name (kind 1), with its
  column (`id`, numbered per kind in the order the corpus first states it, as stories.article_vectors
  numbers them) and `df`, the articles stating it;
- `story_article_terms`: each placed article's term counts (a blob of int32: its token columns and
  counts, then its name columns and counts) and the digest that orders it (stories.canonical_order);
- `story_postings`: for each term in at most SEARCH_DF_CAP articles (the only terms the neighbour
  search uses), the articles stating it (a blob of int64 ids, ascending): the old articles a new one
  can be linked to are found through them;
- `story_state`: the analysis key (code version and aliases) the terms were made with.

Any article's whole-article vector is computed from its counts and the current df (stories.vectors_of):
the same numbers as over the whole corpus. The state is used only while it holds exactly the
articles that have a story; otherwise (first run, a replaced article, other aliases) the stories
pass reads the whole corpus and writes the state again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, List, Sequence, Tuple

import numpy as np
from scipy import sparse

TERMS = "story_terms"
ARTICLES = "story_article_terms"
POSTINGS = "story_postings"
META = "story_state"
TABLES = (TERMS, ARTICLES, POSTINGS, META)
TOKEN, NAME = 0, 1
CHUNK = 500  # values per statement (SQLite's variable limit)

SCHEMA = [
    f"create table if not exists {TERMS} (kind integer not null, id integer not null, term text not null, "
    f"df integer not null, primary key (kind, id))",
    f"create unique index if not exists {TERMS}_term on {TERMS} (kind, term)",
    f"create table if not exists {ARTICLES} (article_id integer primary key, counts blob not null, digest blob not null)",
    f"create table if not exists {POSTINGS} (kind integer not null, term integer not null, articles blob not null, "
    f"primary key (kind, term)) without rowid",
    f"create table if not exists {META} (key text not null)",
]


def ensure_tables(conn) -> None:
    for sql in SCHEMA:
        conn.execute(sql)


@dataclass
class Frequencies:
    """The corpus' document frequencies: df[kind][column], and the articles counted."""

    tokens: np.ndarray
    names: np.ndarray
    articles: int


def is_current(conn, key: str) -> bool:
    """Whether the state was made with `key` and holds exactly the articles that have a story."""
    if not conn.execute("select 1 from sqlite_master where name = ?", [META]).fetchone():
        return False
    if [row[0] for row in conn.execute(f"select key from {META}")] != [key]:
        return False
    placed = conn.execute("select count(*) from articles where story_id is not null").fetchone()[0]
    held = conn.execute(f"select count(*) from {ARTICLES}").fetchone()[0]
    both = conn.execute(
        f"select count(*) from {ARTICLES} t join articles a on a.id = t.article_id where a.story_id is not null"
    ).fetchone()[0]
    return placed == held == both


def frequencies(conn) -> Frequencies:
    """The df arrays (all columns; a few integers per term) and the number of articles."""
    df = {}
    for kind in (TOKEN, NAME):
        rows = conn.execute(f"select id, df from {TERMS} where kind = ? order by id", [kind]).fetchall()
        values = np.zeros(len(rows), dtype=np.int64)
        if rows:
            found = np.array(rows, dtype=np.int64)
            values[found[:, 0]] = found[:, 1]
        df[kind] = values
    articles = conn.execute(f"select count(*) from {ARTICLES}").fetchone()[0]
    return Frequencies(df[TOKEN], df[NAME], articles)


def columns_of(conn, kind: int, terms: Iterable[str]) -> Dict[str, int]:
    """The column of each of these terms the state knows."""
    terms, found = sorted(set(terms)), {}
    for start in range(0, len(terms), CHUNK):
        chunk = terms[start : start + CHUNK]
        marks = ", ".join("?" for _ in chunk)
        found.update(conn.execute(f"select term, id from {TERMS} where kind = ? and term in ({marks})", [kind, *chunk]))
    return found


def encode_counts(tokens: sparse.csr_matrix, names: sparse.csr_matrix, row: int) -> bytes:
    """One article's counts (row of the two count matrices) as a blob."""
    t = slice(tokens.indptr[row], tokens.indptr[row + 1])
    n = slice(names.indptr[row], names.indptr[row + 1])
    parts = [[t.stop - t.start], tokens.indices[t], tokens.data[t], names.indices[n], names.data[n]]
    return np.concatenate([np.asarray(p, dtype=np.int32) for p in parts]).tobytes()


def decode_counts(blob: bytes) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(token columns, token counts, name columns, name counts) of a blob."""
    values = np.frombuffer(blob, dtype=np.int32)
    t = int(values[0])
    rest = values[1 + 2 * t :]
    n = len(rest) // 2
    return values[1 : 1 + t], values[1 + t : 1 + 2 * t], rest[:n], rest[n:]


def read_articles(conn, article_ids: Sequence[int], widths: Tuple[int, int]):
    """(ids found, token counts csr, name counts csr, digests) of these articles, in the order given
    (articles the state lacks are left out). The blobs are decoded together (decode_counts' runs,
    found by arithmetic on one array: at a million sentences a decode per article took 1.5 s)."""
    wanted = [int(a) for a in article_ids]
    stored = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for article_id, blob, digest in conn.execute(
            f"select article_id, counts, digest from {ARTICLES} where article_id in ({marks})", chunk
        ):
            stored[article_id] = (blob, digest)
    ids = [a for a in wanted if a in stored]
    blobs = [stored[a][0] for a in ids]
    values = np.frombuffer(b"".join(blobs), dtype=np.int32)
    size = np.fromiter(map(len, blobs), dtype=np.int64, count=len(blobs)) // 4
    start = np.cumsum(size) - size
    t = values[start].astype(np.int64) if ids else np.zeros(0, np.int64)
    n = (size - 1 - 2 * t) // 2
    # each article's runs: token columns, token counts, name columns, name counts (decode_counts)
    runs = ((start + 1, t), (start + 1 + t, t), (start + 1 + 2 * t, n), (start + 1 + 2 * t + n, n))
    matrices = []
    for which, length in ((0, t), (2, n)):
        cols = values[_ranges(runs[which][0], length)]
        data = values[_ranges(runs[which + 1][0], length)]
        indptr = np.r_[0, np.cumsum(length)].astype(np.int64)
        width = widths[which // 2]
        matrices.append(sparse.csr_matrix(
            (data.astype(np.float32), cols.astype(np.int64), indptr),
            shape=(len(ids), max(width, 1)),
        ))
    return ids, matrices[0], matrices[1], [stored[a][1] for a in ids]


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The concatenated aranges [starts[i], starts[i] + lengths[i])."""
    total = int(lengths.sum()) if len(lengths) else 0
    if not total:
        return np.zeros(0, dtype=np.int64)
    return np.repeat(starts - np.r_[0, np.cumsum(lengths)[:-1]], lengths) + np.arange(total, dtype=np.int64)


def postings(conn, kind: int, columns: Sequence[int]) -> Dict[int, np.ndarray]:
    """The articles stating each of these columns (those of terms with postings)."""
    columns, found = sorted(set(int(c) for c in columns)), {}
    for start in range(0, len(columns), CHUNK):
        chunk = columns[start : start + CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for term, blob in conn.execute(f"select term, articles from {POSTINGS} where kind = ? and term in ({marks})", [kind, *chunk]):
            found[term] = np.frombuffer(blob, dtype=np.int64)
    return found


def articles_sharing(conn, kind: int, columns: Sequence[int]) -> List[int]:
    """The articles stating any of these columns (of terms with postings)."""
    found = list(postings(conn, kind, columns).values())
    return np.unique(np.concatenate(found)).tolist() if found else []


def clear(conn) -> None:
    for table in TABLES:
        conn.execute(f"delete from {table}")


def write(conn, key: str, vocabularies: Tuple[dict, dict], df: Tuple[np.ndarray, np.ndarray], new_terms: Tuple[int, int],
          article_ids: Sequence[int], tokens: sparse.csr_matrix, names: sparse.csr_matrix, digests: Sequence[bytes],
          posting_cap: int) -> None:
    """Add these articles (rows of the count matrices) to the state, with the terms first stated from
    column new_terms[kind] on, and set every df (inside the caller's transaction)."""
    conn.execute(f"delete from {META}")
    conn.execute(f"insert into {META} (key) values (?)", [key])
    for kind, vocabulary in enumerate(vocabularies):
        first = new_terms[kind]
        conn.executemany(
            f"insert into {TERMS} (kind, id, term, df) values (?, ?, ?, ?)",
            ((kind, column, term, int(df[kind][column])) for term, column in vocabulary.items() if column >= first),
        )
        # the df of the old terms these articles state
        matrix = (tokens, names)[kind]
        added = np.bincount(matrix.indices, minlength=len(df[kind]))
        old = np.flatnonzero(added[:first])
        conn.executemany(f"update {TERMS} set df = ? where kind = ? and id = ?",
                         ((int(df[kind][c]), kind, int(c)) for c in old))
        # terms now in more articles than the cap are never searched again: their postings go
        grown = old[(df[kind][old] > posting_cap) & (df[kind][old] - added[old] <= posting_cap)]
        conn.executemany(f"delete from {POSTINGS} where kind = ? and term = ?", ((kind, int(c)) for c in grown))
    conn.executemany(
        f"insert into {ARTICLES} (article_id, counts, digest) values (?, ?, ?)",
        ((int(a), encode_counts(tokens, names, row), digests[row]) for row, a in enumerate(article_ids)),
    )
    for kind, matrix in ((TOKEN, tokens), (NAME, names)):
        row_of_entry = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
        rare = df[kind][matrix.indices] <= posting_cap
        terms, articles = matrix.indices[rare].astype(np.int64), np.asarray(article_ids, dtype=np.int64)[row_of_entry[rare]]
        order = np.lexsort((articles, terms))
        terms, articles = terms[order], articles[order]
        starts = np.flatnonzero(np.r_[True, terms[1:] != terms[:-1]]) if len(terms) else np.zeros(0, dtype=np.int64)
        stored = postings(conn, kind, terms[starts[terms[starts] < new_terms[kind]]].tolist())  # old terms: add to theirs
        rows = []
        for start, stop in zip(starts.tolist(), np.r_[starts[1:], len(terms)].tolist()):
            term, found = int(terms[start]), articles[start:stop]
            if term in stored:
                found = np.union1d(stored[term], found)
            rows.append((kind, term, found.astype(np.int64).tobytes()))
        conn.executemany(f"insert or replace into {POSTINGS} (kind, term, articles) values (?, ?, ?)", rows)
