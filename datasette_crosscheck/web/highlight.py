"""A version's sentence as HTML: its word edits against the statement's text as <ins>/<del>, the
words outside the statement's clause dimmed. Built from escaped pieces only: article text is never
marked safe as it comes."""

from __future__ import annotations

from markupsafe import Markup, escape


def shifted_diff(reference: str, text: str, clause: tuple[int, int]) -> list[dict]:
    """Word edits from the reference text to the clause of a version, with `b_*` offsets into the
    whole sentence."""
    from ..match.diff import word_diff

    start, end = clause
    ops = word_diff(reference, text[start:end])
    return [dict(op, b_start=op["b_start"] + start, b_end=op["b_end"] + start) for op in ops]


def clause_of(version: dict) -> tuple[int, int]:
    text = version["text"] or ""
    start, end = version.get("clause_start"), version.get("clause_end")
    if start is None or end is None or not 0 <= start < end <= len(text):
        return 0, len(text)
    return start, end


def spaced_deletion(text: str, at: int, words: str) -> Markup:
    """A deleted word sits between two words of the version: keep a space on each side it needs."""
    before = " " if at > 0 and not text[at - 1].isspace() else ""
    after = " " if at < len(text) and not text[at].isspace() and text[at] not in ".,;:!?)]}”’\"'" else ""
    return Markup("{}<del>{}</del>{}").format(before, words, after)


def render_op(text: str, op: dict) -> Markup:
    b = text[op["b_start"]:op["b_end"]]
    if op["op"] == "equal":
        return escape(b)
    if op["op"] == "insert":
        return Markup("<ins>{}</ins>").format(b)
    if op["op"] == "delete":
        return spaced_deletion(text, op["b_start"], op["a"])
    return Markup("<del>{}</del> <ins>{}</ins>").format(op["a"], b)


def highlighted(text: str, ops: list[dict], clause: tuple[int, int]) -> Markup:
    """The version's sentence with <ins>/<del> for its edits; words outside the statement's clause dimmed."""
    start, end = clause
    parts = [Markup('<span class="outside-clause">{}</span>').format(text[:start]) if start else Markup("")]
    position = start
    for op in ops:
        gap_end = max(position, op["b_start"])
        parts.append(escape(text[position:gap_end]))
        parts.append(render_op(text, op))
        position = max(gap_end, op["b_end"])
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append(Markup('<span class="outside-clause">{}</span>').format(text[end:]))
    return Markup("").join(parts)


def clause_marked(text: str, clause: tuple[int, int]) -> Markup:
    """A whole sentence with the statement's clause (the part the versions share) in <mark>, the rest of
    the sentence dimmed; the whole sentence unmarked when the clause is all of it."""
    start, end = clause
    if (start, end) == (0, len(text)):
        return escape(text)
    return Markup('<span class="outside-clause">{}</span><mark class="cc-clause">{}</mark>'
                  '<span class="outside-clause">{}</span>').format(text[:start], text[start:end], text[end:])


MARK_TAGS = {
    "figure": Markup('<strong class="cc-fig">{}</strong>'),
    "shared": Markup('<mark class="cc-shared">{}</mark>'),
}


def marked(text: str, clause: tuple[int, int], marks: list[dict]) -> Markup:
    """A paraphrase's sentence: the figures and the words it shares with the other side marked (added
    words stay plain: the page lists them), the words outside the statement's clause dimmed."""
    start, end = clause
    parts = [Markup('<span class="outside-clause">{}</span>').format(text[:start]) if start else Markup("")]
    position = start
    for m in marks:
        if m["start"] < position or m["kind"] not in MARK_TAGS:
            continue
        parts.append(escape(text[position:m["start"]]))
        parts.append(MARK_TAGS[m["kind"]].format(text[m["start"]:m["end"]]))
        position = m["end"]
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append(Markup('<span class="outside-clause">{}</span>').format(text[end:]))
    return Markup("").join(parts)


def version_html(version: dict) -> Markup:
    """A version's sentence as the page shows it: word edits for a near copy (and the reference, unless it
    is compared with paraphrases), marks of what it shares for a paraphrase."""
    text, clause = version["text"] or "", tuple(version["clause"])
    comparison = version.get("comparison") or {}
    if "marks" in comparison:
        return marked(text, clause, comparison["marks"])
    return highlighted(text, version["diff"], clause)
