"""The matcher's corpus-wide clause state, kept in the database between runs, so that an incremental
match (match.new_candidates) analyses only the new articles' clauses: the old clauses' terms, claim
levels and money flags are read as arrays, and only the old clauses paired with a new one are read
as text.

Tables (written in the match transaction, so a killed run leaves them as they were):

- `clause_terms`: every term a clause states as a token or a name, with its id (`id`, in the order
  first stored) and `common` (textnorm.COMMON_STEMS: scoring's prior weight);
- `clause_article_units`: for each article, the body sentences read (`sentences`, int64) and its
  clauses (`units`: FIELDS int64 per clause, in reading order), their token ids in order (`tokens`)
  and name ids (`names`), int32 blobs;
- `clause_state`: the key (analysis key, boilerplate option) the state was made with.

A clause's stored `level` is match's claim level under the corpus' names when it was written; a run
re-evaluates the clauses stating a term whose name status the new articles flip, so the levels are
always those of the corpus. The state is used only while it holds exactly the body sentences a full
read would read of the old articles; otherwise (first run, a replaced article, a sentence newly
flagged as boilerplate, other aliases) the matcher reads every clause and writes the state again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, Optional

import numpy as np

from .. import analysis
from ..textnorm import COMMON_STEMS

TERMS = "clause_terms"
ARTICLES = "clause_article_units"
META = "clause_state"
TABLES = (TERMS, ARTICLES, META)
VERSION = 1  # of the layout below
SENTENCE, START, CLAIM, LEVEL, MONEY, TOKENS, NAMES = range(7)
FIELDS = 7
CHUNK = 500  # values per statement (SQLite's variable limit)

SCHEMA = [
    f"create table if not exists {TERMS} (id integer primary key, term text not null unique, common integer not null)",
    f"create table if not exists {ARTICLES} (article_id integer primary key, sentences blob not null, units blob not null, "
    f"tokens blob not null, names blob not null)",
    f"create table if not exists {META} (key text not null)",
]


def ensure_tables(conn) -> None:
    for sql in SCHEMA:
        conn.execute(sql)


def key_of(aliases: dict, include_boilerplate: bool) -> str:
    return f"{VERSION}:{analysis.key_of(aliases)}:{int(bool(include_boilerplate))}"


@dataclass
class Clauses:
    """Clauses as arrays: `units` (n, FIELDS), `article` of each, token ids (`token_ptr`, `token_ids`)
    and name ids (`name_ptr`, `name_ids`), in reading order (by sentence id)."""

    units: np.ndarray
    article: np.ndarray
    token_ptr: np.ndarray
    token_ids: np.ndarray
    name_ptr: np.ndarray
    name_ids: np.ndarray

    def __len__(self) -> int:
        return len(self.units)

    @classmethod
    def empty(cls) -> "Clauses":
        zero = np.zeros(1, dtype=np.int64)
        return cls(np.zeros((0, FIELDS), np.int64), np.zeros(0, np.int64), zero, np.zeros(0, np.int64), zero, np.zeros(0, np.int64))

    @classmethod
    def of(cls, units: np.ndarray, article: np.ndarray, token_ids: np.ndarray, name_ids: np.ndarray) -> "Clauses":
        """From per-clause rows whose TOKENS and NAMES fields give how many ids each has."""
        units = np.asarray(units, dtype=np.int64).reshape(-1, FIELDS)
        return cls(units, np.asarray(article, dtype=np.int64), np.r_[0, np.cumsum(units[:, TOKENS])].astype(np.int64),
                   np.asarray(token_ids, dtype=np.int64), np.r_[0, np.cumsum(units[:, NAMES])].astype(np.int64),
                   np.asarray(name_ids, dtype=np.int64))

    def merged(self, other: "Clauses") -> "Clauses":
        """Both, in reading order (stable by sentence id: a sentence's clauses keep their order)."""
        units = np.concatenate([self.units, other.units])
        article = np.concatenate([self.article, other.article])
        order = _reading_order(units[:, SENTENCE])
        if order is None:  # already in reading order: the runs as they are
            return Clauses.of(units, article, np.concatenate([self.token_ids, other.token_ids]),
                              np.concatenate([self.name_ids, other.name_ids]))
        tokens = _ragged_take(np.concatenate([self.token_ids, other.token_ids]), np.r_[self.token_ptr[:-1], other.token_ptr[:-1] + self.token_ptr[-1]], units[:, TOKENS], order)
        names = _ragged_take(np.concatenate([self.name_ids, other.name_ids]), np.r_[self.name_ptr[:-1], other.name_ptr[:-1] + self.name_ptr[-1]], units[:, NAMES], order)
        return Clauses.of(units[order], article[order], tokens, names)

    def take(self, rows: np.ndarray) -> "Clauses":
        """These rows (ascending), in order."""
        return Clauses.of(self.units[rows], self.article[rows],
                          _ragged_take(self.token_ids, self.token_ptr[:-1], self.units[:, TOKENS], rows),
                          _ragged_take(self.name_ids, self.name_ptr[:-1], self.units[:, NAMES], rows))

    def rows_of_entries(self, ptr: np.ndarray) -> np.ndarray:
        return np.repeat(np.arange(len(self.units), dtype=np.int64), np.diff(ptr))


def _reading_order(sentences: np.ndarray) -> Optional[np.ndarray]:
    """A stable order by sentence id, None when already in order (a stable argsort of a million
    ids costs a second)."""
    if np.all(sentences[1:] >= sentences[:-1]):
        return None
    return np.argsort(sentences, kind="stable")


def _ragged_take(values: np.ndarray, starts: np.ndarray, lengths: np.ndarray, order: np.ndarray) -> np.ndarray:
    """The runs values[starts[r]:starts[r] + lengths[r]] for r in order, concatenated."""
    lengths = lengths[order]
    if not lengths.sum():
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts[order] - np.r_[0, np.cumsum(lengths)[:-1]], lengths)
    return values[np.arange(int(lengths.sum())) + offsets]


def is_current(conn, key: str) -> bool:
    if not conn.execute("select 1 from sqlite_master where name = ?", [META]).fetchone():
        return False
    return [row[0] for row in conn.execute(f"select key from {META}")] == [key]


def read(conn) -> tuple:
    """(Clauses of every stored article, the body sentence ids they were read from, sorted, and
    article id -> its stored sentence ids' bytes)."""
    sentences, units, tokens, names, article = [], [], [], [], []
    for article_id, s, u, t, n in conn.execute(f"select article_id, sentences, units, tokens, names from {ARTICLES}"):
        sentences.append(s)
        units.append(u)
        tokens.append(t)
        names.append(n)
        article.append((article_id, len(u) // (8 * FIELDS)))
    unit_rows = np.frombuffer(b"".join(units), dtype=np.int64).reshape(-1, FIELDS)
    article_of = np.repeat(np.array([a for a, _ in article], dtype=np.int64), [c for _, c in article]) if article else np.zeros(0, np.int64)
    stored = Clauses.of(unit_rows, article_of, np.frombuffer(b"".join(tokens), dtype=np.int32),
                        np.frombuffer(b"".join(names), dtype=np.int32))
    read_from = np.sort(np.frombuffer(b"".join(sentences), dtype=np.int64))
    return Clauses.empty().merged(stored), read_from, dict(zip((a for a, _ in article), sentences))  # by sentence id


def term_ids(conn, terms: Iterable[str]) -> Dict[str, int]:
    """The id of each of these terms the state knows."""
    terms, found = sorted(set(terms)), {}
    for start in range(0, len(terms), CHUNK):
        chunk = terms[start : start + CHUNK]
        marks = ", ".join("?" for _ in chunk)
        found.update(conn.execute(f"select term, id from {TERMS} where term in ({marks})", chunk))
    return found


def terms_of(conn, ids: Iterable[int]) -> Dict[int, str]:
    ids, found = sorted(set(int(i) for i in ids)), {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ", ".join("?" for _ in chunk)
        found.update(conn.execute(f"select id, term from {TERMS} where id in ({marks})", chunk))
    return found


def common_ids(conn) -> np.ndarray:
    return np.array([row[0] for row in conn.execute(f"select id from {TERMS} where common = 1")], dtype=np.int64)


def next_term_id(conn) -> int:
    return conn.execute(f"select coalesce(max(id), -1) + 1 from {TERMS}").fetchone()[0]


def add_terms(conn, terms: Dict[str, int]) -> None:
    """Store new terms (term -> id)."""
    conn.executemany(f"insert into {TERMS} (id, term, common) values (?, ?, ?)",
                     ((i, t, int(t in COMMON_STEMS)) for t, i in terms.items()))


def clear(conn) -> None:
    for table in TABLES:
        conn.execute(f"delete from {table}")


def write(conn, key: str, clauses: Clauses, sentences_of: Dict[int, bytes], articles: Iterable[int]) -> None:
    """(Re)write the rows of these articles from `clauses` (which holds all their clauses), with
    the body sentences each was read from (int64 bytes), and the key (inside the caller's transaction)."""
    conn.execute(f"delete from {META}")
    conn.execute(f"insert into {META} (key) values (?)", [key])
    wanted = np.array(sorted(set(int(a) for a in articles)), dtype=np.int64)
    at = np.flatnonzero(np.isin(clauses.article, wanted))
    order = at[np.argsort(clauses.article[at], kind="stable")]
    units = clauses.units[order]
    tokens = _ragged_take(clauses.token_ids, clauses.token_ptr[:-1], clauses.units[:, TOKENS], order).astype(np.int32)
    names = _ragged_take(clauses.name_ids, clauses.name_ptr[:-1], clauses.units[:, NAMES], order).astype(np.int32)
    # each article's run of clauses, and of their ids
    article = clauses.article[order]
    first = np.searchsorted(article, wanted, side="left")
    last = np.searchsorted(article, wanted, side="right")
    token_end = np.r_[0, np.cumsum(units[:, TOKENS])]
    name_end = np.r_[0, np.cumsum(units[:, NAMES])]
    conn.executemany(
        f"insert or replace into {ARTICLES} (article_id, sentences, units, tokens, names) values (?, ?, ?, ?, ?)",
        ((a, sentences_of.get(a, b""), units[f:l].tobytes(), tokens[token_end[f] : token_end[l]].tobytes(),
          names[name_end[f] : name_end[l]].tobytes())
         for a, f, l in zip(wanted.tolist(), first.tolist(), last.tolist())),
    )
