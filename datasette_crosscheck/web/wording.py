"""How a version's wording compares with the statement's reference version, as the statement page shows it.

A near copy (most of its words equal to the reference's, in order) reads best as word edits: a few words
struck through and underlined. A paraphrase does not: nearly every word would be marked. For those the
page marks what the two share instead (the content words, names folded as the matcher folds them, and
the figures) and lists what each says that the other does not. The switch is read from the diff itself
(the share of equal words), never from the corpus.
"""

from __future__ import annotations

import functools

from ..match.diff import _WORD  # the word diff's own notion of a word, so the share counts what it compares
from ..textnorm import content_tokens

# At least this share of the two sides' words equal (2 * equal / (words of a + words of b)): a near copy.
NEAR_COPY_SHARE = 0.6

# An alias written as several words ("Islamic State") folds to one name: look this many words ahead.
MAX_ALIAS_WORDS = 3


def word_count(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


def equal_share(ops: list[dict]) -> float:
    """The share of the words of both sides that the diff keeps equal (1.0 for identical texts)."""
    equal = sum(word_count(op["a"]) for op in ops if op["op"] == "equal")
    total = sum(word_count(op["a"]) + word_count(op["b"]) for op in ops)
    return 2 * equal / total if total else 1.0


@functools.lru_cache(maxsize=1 << 14)
def word_tokens(words: str) -> tuple:
    """content_tokens of a word or a few: the same words recur across a page's versions."""
    return tuple(content_tokens(words))


@functools.lru_cache(maxsize=256)  # each version is read against the reference and the reference against each
def content_words(text: str, start: int, end: int) -> tuple[tuple[int, int, str], ...]:
    """(start, end, token) of the content words of text[start:end], offsets into `text`: stop words
    out, words stemmed, and a name of several words (an alias) one token over all of them."""
    words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]
    singles = [word_tokens(text[s:e]) for s, e in words]
    found, i = [], 0
    while i < len(words):
        for size in range(min(MAX_ALIAS_WORDS, len(words) - i), 1, -1):
            if not (singles[i] and singles[i + size - 1]):
                continue  # a name starts and ends with a word of its own ("the Islamic State" is "Islamic State")
            tokens = word_tokens(text[words[i][0]:words[i + size - 1][1]])
            if len(tokens) == 1 and all(tokens[0] not in t for t in singles[i:i + size]):
                found.append((words[i][0], words[i + size - 1][1], tokens[0]))
                i += size
                break
        else:
            if singles[i]:
                found.append((words[i][0], words[i][1], singles[i][0]))
            i += 1
    return tuple(found)


def figure_spans(figures: list[dict], start: int, end: int) -> list[tuple[int, int]]:
    return [(f["char_start"], f["char_end"]) for f in figures
            if f.get("char_start") is not None and start <= f["char_start"] and f["char_end"] <= end]


def inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def marks(text: str, clause: tuple[int, int], figures: list[dict], other_tokens: set) -> list[dict]:
    """What to mark in a version's clause: its figures, and each content word as shared with the other
    side (its token is in `other_tokens`) or added; in text order, offsets into the whole sentence."""
    start, end = clause
    figure_marks = figure_spans(figures, start, end)
    found = [{"start": s, "end": e, "kind": "figure"} for s, e in figure_marks]
    for s, e, token in content_words(text, start, end):
        if not inside((s, e), figure_marks):
            found.append({"start": s, "end": e, "kind": "shared" if token in other_tokens else "added",
                          "token": token})
    return sorted(found, key=lambda m: m["start"])


def surface(text: str, found: list[dict], kind: str) -> list[str]:
    """The distinct words (as written) of the marks of one kind."""
    words: list = []
    for m in found:
        word = text[m["start"]:m["end"]]
        if m["kind"] == kind and word.casefold() not in (w.casefold() for w in words):
            words.append(word)
    return words


def tokens_of(text: str, clause: tuple[int, int]) -> set:
    return {token for _, _, token in content_words(text, *clause)}


def paraphrase(version: dict, reference: dict) -> dict:
    """A paraphrase's comparison: what it shares with the reference, what it adds, what it leaves out."""
    mine = marks(version["text"] or "", tuple(version["clause"]), version["figures"],
                 tokens_of(reference["text"] or "", tuple(reference["clause"])))
    theirs = marks(reference["text"] or "", tuple(reference["clause"]), reference["figures"],
                   tokens_of(version["text"] or "", tuple(version["clause"])))
    return {
        "marks": mine,
        "shared": surface(version["text"] or "", mine, "shared"),
        "adds": surface(version["text"] or "", mine, "added"),
        "leaves_out": surface(reference["text"] or "", theirs, "added"),
    }


def compare_wording(versions: list[dict]) -> None:
    """Give each version its `comparison` with the reference (the first version): {"mode": "words"
    (a near copy: read its `diff`), "shared" (a paraphrase: `marks`, `shared`, `adds`, `leaves_out`) or
    "reference", "equal_share"}. The reference marks the words it shares with the paraphrases."""
    if not versions:
        return
    reference, others = versions[0], versions[1:]
    for v in others:
        share = round(equal_share(v["diff"]), 3)
        v["comparison"] = {"mode": "words" if share >= NEAR_COPY_SHARE else "shared", "equal_share": share}
        if share < NEAR_COPY_SHARE:
            v["comparison"].update(paraphrase(v, reference))
    loose = [v for v in others if v["comparison"]["mode"] == "shared"]
    reference["comparison"] = {"mode": "reference", "equal_share": 1.0}
    if loose:
        shared = set().union(*(tokens_of(v["text"] or "", tuple(v["clause"])) for v in loose))
        found = marks(reference["text"] or "", tuple(reference["clause"]), reference["figures"], shared)
        reference["comparison"].update(marks=found, shared=surface(reference["text"] or "", found, "shared"))
