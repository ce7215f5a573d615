"""A sentence's analysis, done once: its content tokens and names (textnorm.analyse), its clauses
(textnorm.clauses) with theirs, and what each clause states (`states_a_claim`).

`load` computes it in its worker pool, next to the figures, and stores it in `sentences.analysis`
(`encode`); `match` and the stories pass read it back (`decode`) instead of analysing every
sentence again on every run. The stored text starts with a key of the analysis code's version
and the aliases it used: a sentence analysed by older code, or with other aliases (`match
--aliases`), or never (a database written before the column existed: NULL) is analysed on the fly,
with the same functions, so the result is the same either way.

Stored as compact JSON: [key, tokens, names, clauses], tokens and names space-separated (a token
never holds a space), each clause [start, end, claim] when the sentence is one clause, else
[start, end, claim, tokens, names].
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Iterable, List, NamedTuple, Optional, Sequence, Tuple

from .match.scoring import comparable_terms
from .textnorm import DEFAULT_ALIASES, Pieces, claim_words, clauses

# Bump when textnorm's analysis or the claim rules change: stored analyses are then recomputed.
VERSION = 1
ANALYSED_KINDS = ("heading", "body")  # what the matcher and the stories read
# Longer "sentences" (a page with no full stop) are left out of matching (load.MAX_SENTENCE_CHARS): not
# analysed ahead, as cutting one into clauses costs the square of its pieces; a reader that needs one
# analyses it itself.
MAX_ANALYSED_CHARS = 20_000

# What a clause states (states_a_claim): a claim is compared with any other clause; a short
# statement ("Shr 31 cts vs 28 cts", "Pay April 15") only within its story and only as a near copy,
# since without context such template lines match every other one; a span that only names or
# attributes ("Pelosi (D-Calif.) said") never.
NO_CLAIM, SHORT_CLAIM, CLAIM = 0, 1, 2
MIN_CLAIM_WORDS = 3  # terms besides its figures a claim needs ...
MIN_CLAIM_CONTENT = 2  # ... of which saying what is claimed (textnorm.claim_words), not who or when


class Clause(NamedTuple):
    start: int
    end: int
    tokens: Tuple[str, ...]
    names: frozenset
    claim: int


class SentenceAnalysis(NamedTuple):
    tokens: Tuple[str, ...]  # of the whole sentence
    names: frozenset  # the tokens of the whole sentence written as names
    clauses: Tuple[Clause, ...]


def states_a_claim(tokens: Sequence[str], figures: Sequence[dict], names: Iterable[str] = ()) -> int:
    """What a clause states: CLAIM with enough terms besides its figures (MIN_CLAIM_WORDS), enough
    of them saying what is claimed rather than who or when (MIN_CLAIM_CONTENT); SHORT_CLAIM with at
    least one such term ("Pay April 15"), or figures and nothing else; NO_CLAIM for a span that only
    names or attributes."""
    terms = comparable_terms(tokens, figures)
    content = len(claim_words(terms, names))
    if content >= MIN_CLAIM_CONTENT and len(tokens) >= MIN_CLAIM_WORDS and len(terms) >= MIN_CLAIM_WORDS:
        return CLAIM
    # a line of figures ("60-90 days 4.13 pct (4.37)") states them; names alone state nothing
    return SHORT_CLAIM if content or (figures and not terms) else NO_CLAIM


def inside(figures: Sequence[dict], start: int, end: int) -> List[dict]:
    """The figures (rows with char_start/char_end in the sentence) within [start, end)."""
    return [f for f in figures if f["char_start"] >= start and f["char_end"] <= end]


def analyse_sentence(text: str, figures: Sequence[dict], aliases: Optional[dict] = None) -> SentenceAnalysis:
    """The whole sentence's tokens and names, and each clause's, with what it states."""
    aliases = DEFAULT_ALIASES if aliases is None else aliases
    pieces = Pieces(text, aliases)  # the words found once; each piece clauses() weighs analysed once
    sentence_tokens, sentence_names = pieces.analyse()
    spans = clauses(text, aliases, tokens=sentence_tokens, names=sentence_names, analyser=pieces)
    whole_tokens, whole_names = tuple(sentence_tokens), frozenset(sentence_names)
    if len(spans) == 1:  # the sentence is its one clause
        (start, end), = spans
        claim = states_a_claim(sentence_tokens, inside(figures, start, end), sentence_names)
        return SentenceAnalysis(whole_tokens, whole_names, (Clause(start, end, whole_tokens, whole_names, claim),))
    found = []
    for start, end in spans:
        tokens, names = pieces.analyse(start, end)
        names = names | (sentence_names & set(tokens))  # the clause's first word may be a name
        claim = states_a_claim(tokens, inside(figures, start, end), names)
        found.append(Clause(start, end, tuple(tokens), frozenset(names), claim))
    return SentenceAnalysis(whole_tokens, whole_names, tuple(found))


_KEYS: dict = {}  # id(aliases) -> (aliases, key)


def key_of(aliases: Optional[dict] = None) -> str:
    """Short digest of the analysis version and the aliases: what a stored analysis was made with."""
    aliases = DEFAULT_ALIASES if aliases is None else aliases
    cached = _KEYS.get(id(aliases))
    if cached is None or cached[0] is not aliases:
        digest = hashlib.sha256(json.dumps([VERSION, sorted(aliases.items())], ensure_ascii=False).encode("utf-8"))
        if len(_KEYS) > 16:
            _KEYS.clear()
        cached = _KEYS[id(aliases)] = (aliases, f"{VERSION}:{digest.hexdigest()[:12]}")
    return cached[1]


def encode(analysed: SentenceAnalysis, aliases: Optional[dict] = None) -> str:
    whole = len(analysed.clauses) == 1
    rows = [
        [c.start, c.end, c.claim] if whole else [c.start, c.end, c.claim, " ".join(c.tokens), " ".join(sorted(c.names))]
        for c in analysed.clauses
    ]
    value = [key_of(aliases), " ".join(analysed.tokens), " ".join(sorted(analysed.names)), rows]
    return _compact_json(value) or json.dumps(value, ensure_ascii=False, separators=(",", ":"))


_ESCAPED = re.compile(r'[\x00-\x1f"\\]')  # what json.dumps(ensure_ascii=False) escapes in a string


def _compact_json(value: list) -> Optional[str]:
    """json.dumps(value, ensure_ascii=False, separators=(",", ":")) of an encoded analysis, written
    directly (json.dumps' own Python layers cost more than the encoding); None when a string needs
    escaping (tokens are word characters: never in practice), for json.dumps to write it."""
    key, tokens, names, rows = value
    strings = [key, tokens, names]
    strings += [text for row in rows for text in row[3:]]
    if _ESCAPED.search("".join(strings)):
        return None
    clauses = ",".join(
        f"[{row[0]},{row[1]},{row[2]}]" if len(row) == 3 else f'[{row[0]},{row[1]},{row[2]},"{row[3]}","{row[4]}"]' for row in rows
    )
    return f'["{key}","{tokens}","{names}",[{clauses}]]'


def stored(kind: str, text: str, figures: Sequence[dict], aliases: Optional[dict] = None) -> Optional[str]:
    """The `sentences.analysis` value of a sentence: its encoded analysis, None for kinds nobody reads
    and for sentences too long to be matched."""
    if kind not in ANALYSED_KINDS or len(text) > MAX_ANALYSED_CHARS:
        return None
    return encode(analyse_sentence(text, figures, aliases), aliases)


# json.loads' C scanner without its Python wrappers (a third of the cost of reading one stored
# analysis, read for every sentence by the stories pass and the matcher): the values are encode's
_scan_json = json.JSONDecoder().scan_once


def decode(value: Optional[str], aliases: Optional[dict] = None) -> Optional[SentenceAnalysis]:
    """The analysis stored in `value`, or None when there is none made with these aliases and this
    version of the code (then analyse_sentence computes it)."""
    if not value or not value.startswith(f'["{key_of(aliases)}"'):
        return None
    (_, tokens, names, rows), _ = _scan_json(value, 0)
    sentence_tokens, sentence_names = tuple(tokens.split()), frozenset(names.split())
    if len(rows) == 1 and len(rows[0]) == 3:
        start, end, claim = rows[0]
        return SentenceAnalysis(sentence_tokens, sentence_names, (Clause(start, end, sentence_tokens, sentence_names, claim),))
    found = tuple(Clause(start, end, tuple(t.split()), frozenset(n.split()), claim) for start, end, claim, t, n in rows)
    return SentenceAnalysis(sentence_tokens, sentence_names, found)


def decode_terms(value: Optional[str], aliases: Optional[dict] = None) -> Optional[tuple]:
    """(tokens, names) of the whole sentence from a stored analysis, as decode gives them, without
    its clauses (what the stories pass reads); None as for decode."""
    if not value or not value.startswith(f'["{key_of(aliases)}"'):
        return None
    (_, tokens, names, _), _ = _scan_json(value, 0)
    return tokens.split(), frozenset(names.split())


def clause_rows(value: str) -> List[tuple]:
    """(start, end, claim, tokens, names) of each clause of a stored analysis: decode's, as the plain
    tuples a million sentences need, not objects (a one-clause sentence stores [start, end, claim] and
    has the sentence's terms). The caller has checked the key (read_units: when decode would not be None)."""
    (_, tokens, names, rows), _ = _scan_json(value, 0)
    if len(rows) == 1 and len(rows[0]) == 3:
        start, end, claim = rows[0]
        return [(start, end, claim, tokens.split(), set(names.split()))]
    return [(start, end, claim, t.split(), set(n.split())) for start, end, claim, t, n in rows]
