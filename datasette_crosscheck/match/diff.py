"""Where two matched sentences differ: their wording, and their figures.

Pure functions; `match.py` turns their results into rows of the `differences` table.

Wording: `word_diff` aligns the two sentences word by word (rapidfuzz `Indel`, i.e. the longest common
subsequence of words), ignoring case and punctuation, and returns every edit with character offsets
into the original sentences. To render a sentence with <ins>/<del>, walk the ops in order: the text
of a sentence between one op's end offset and the next op's start offset is only spacing or
punctuation; an insert sits at `a_start == a_end` (before the next word of a, or after the last).

Figures: `compare_figures` reads each figure as an interval of possible values (the `low`/`high`
its wording allows), brings both sides to one unit (currency at the publication date's ECB rate,
unit of measure, rate per year) and gives a verdict:
    same               the same amount, unit and period
    compatible         both can be true (the intervals overlap); one is vaguer or rounder
    conflict           both cannot be true
    different measure  a rate against a total, or different kinds of things (EUR vs km, meetings vs people)
`figure_differences` pairs the figures of two sentences and adds "missing" rows for figures only
one side states.

A conflict claims that two outlets disagree about one quantity of one event, so it needs strong
evidence (`_conflict_doubt`): the two figures sit in the same place of the aligned clauses, or share
their head noun and verb; dates need the same verb, bare numbers a noun or verb that says what they
count. Figures that state a part ("including $281m", "28 of his 68 punches"), an addition ("two more
times"), a sum ("a combined 157 games", "passengers and crew"), an age ("Banky, 40,"), a score
("88-72"), a time offset ("nine days before") or the day a report was written ("today (4 November)"),
or that are given for different places ("in Aceh", "in Takengon") are not paired with other figures.
Values that disagree without that evidence come out as `different measure` with the reason
"different facts" and a note that says what is missing. So do amounts and rates tied by their words to two
periods (`_period_doubt`): an estimate against a reported figure ("analysts expected"), a year-ago figure
against the current one ("in the same quarter a year ago"), two spans ("the nine months" / "the quarter").
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import operator
import re
import unicodedata
from collections import Counter
from typing import NamedTuple, Optional, Sequence

from rapidfuzz.distance import Indel

from .. import measures
from ..textnorm import content_tokens, stem
from .anchors import NEAR_MINUTES, businesses_differ, clock_times

# ---------------------------------------------------------------------------------------------
# Words

# Symbols that carry meaning next to a number or in a name, so they stay part of the word.
_MEANINGFUL_PUNCTUATION = "%‰&@#§"


def _punctuation_class() -> str:
    """A regex character class body of the Unicode punctuation (P*) of the basic plane."""
    chars = (
        chr(code)
        for code in range(0x10000)
        if unicodedata.category(chr(code)).startswith("P") and chr(code) not in _MEANINGFUL_PUNCTUATION
    )
    return "".join(re.escape(c) for c in chars)


_P = _punctuation_class()
# A word: non-space, non-punctuation runs, joined by punctuation inside it ("$20,000", "U.S", "F-15Es").
# Punctuation at its edges ("(ISIS)", "organisation,") is left out; dashes standing alone are no words.
_WORD = re.compile(rf"[^\s{_P}]+(?:[{_P}]+[^\s{_P}]+)*")
# Punctuation inside a word does not count when comparing, except a decimal point ("13.5" is not "135").
_INNER_PUNCTUATION = re.compile(rf"(?!(?<=\d)\.(?=\d))[{_P}]")


@functools.lru_cache(maxsize=1 << 17)  # a corpus' vocabulary: the same words recur in every clause
def _word_key(word: str) -> str:
    """What makes two words equal: case and punctuation do not count."""
    key = word.casefold()
    return key if key.isalnum() else _INNER_PUNCTUATION.sub("", key)


@functools.lru_cache(maxsize=1 << 16)  # a sentence is compared in several matches
def _words(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...]]:
    """Character spans of the words of `text`, and their comparison keys."""
    found = list(_WORD.finditer(text))  # map over the method descriptors: no Python frame per word
    return tuple(map(re.Match.span, found)), tuple(map(_word_key, map(re.Match.group, found)))


def _char_range(spans: tuple[tuple[int, int], ...], first: int, last: int, text: str) -> tuple[int, int]:
    """Character offsets of words [first, last); an empty range is the point before word `first`."""
    if first < last:
        return spans[first][0], spans[last - 1][1]
    if first < len(spans):
        return spans[first][0], spans[first][0]
    end = spans[-1][1] if spans else len(text)
    return end, end


@functools.lru_cache(maxsize=256)  # the figures and then the words of one match are aligned
def _merged_opcodes(keys_a: tuple[str, ...], keys_b: tuple[str, ...]) -> tuple[tuple[str, int, int, int, int], ...]:
    """Word-index edit ops, with every run of adjacent non-equal ops merged into one."""
    merged: list[list] = []
    for tag, a1, a2, b1, b2 in Indel.opcodes(keys_a, keys_b).as_list():
        if merged and tag != "equal" and merged[-1][0] != "equal":
            merged[-1][2], merged[-1][4] = a2, b2
        else:
            merged.append([tag, a1, a2, b1, b2])
    for op in merged:
        if op[0] != "equal":
            has_a, has_b = op[2] > op[1], op[4] > op[3]
            op[0] = "replace" if has_a and has_b else ("delete" if has_a else "insert")
    return tuple(tuple(op) for op in merged)


def word_diff(a: str, b: str) -> list[dict]:
    """Word-level edits that turn sentence `a` into sentence `b`, equal stretches included.

    Each op: {"op": "equal"|"replace"|"insert"|"delete", "a": surface words of a, "b": surface words
    of b, "a_start", "a_end", "b_start", "b_end": character offsets}. Case and punctuation differences
    do not make words differ; the returned text is always the original surface.
    """
    return [dict(zip(_OP_KEYS, edit)) for edit in _edits(a, b, True)]


_OP_KEYS = ("op", "a", "b", "a_start", "a_end", "b_start", "b_end")


def _edits(a: str, b: str, equal: bool) -> list[tuple]:
    """word_diff's ops as tuples (op, text of a, text of b, a_start, a_end, b_start, b_end); without the
    equal ones unless `equal` (the differences need only edits)."""
    spans_a, keys_a = _words(a)
    spans_b, keys_b = _words(b)
    edits = []
    for tag, a1, a2, b1, b2 in _merged_opcodes(keys_a, keys_b):
        if tag == "equal" and not equal:
            continue
        a_start, a_end = _char_range(spans_a, a1, a2, a)
        b_start, b_end = _char_range(spans_b, b1, b2, b)
        edits.append((tag, a[a_start:a_end], b[b_start:b_end], a_start, a_end, b_start, b_end))
    return edits


# Capitalised at the start of a sentence without being a name.
_NOT_NAMES = frozenset(
    "a an the he she it they we i you this that these those his her its their our my there here "
    "in on at by for from with but and or if when while as after before however yet so "
    # capitalised, but times rather than names: a changed day is a wording (or date) difference
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december".split()
)
_NAME_CONNECTORS = 3  # lower-case words this short may sit inside a name: "of", "al", "de", "bin"


def _looks_like_name(text: str) -> bool:
    """Capitalised words, as names are: "Daesh", "Islamic State", "Bank of England"."""
    words = _WORD.findall(text)
    if not words or words[0].casefold() in _NOT_NAMES or any(map(str.isdigit, text)):
        return False

    def capitalised(word: str) -> bool:
        return word[0].isupper()

    inner_ok = all(capitalised(w) or (w.islower() and len(w) <= _NAME_CONNECTORS) for w in words[1:-1])
    return capitalised(words[0]) and capitalised(words[-1]) and inner_ok


@functools.lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    """Normal form of a phrase for alias look-up: lower case, no punctuation, no leading "the"."""
    keys = [_word_key(w) for w in _WORD.findall(text)]
    if len(keys) > 1 and keys[0] == "the":
        keys = keys[1:]
    return " ".join(keys)


def _same_alias(a: str, b: str, aliases: Optional[dict]) -> bool:
    if not aliases:
        return False
    fa, fb = _fold(a), _fold(b)
    return (fa in aliases or fb in aliases) and aliases.get(fa, fa) == aliases.get(fb, fb)


def wording_differences(a: str, b: str, aliases: Optional[dict] = None) -> list[dict]:
    """The non-equal ops of `word_diff(a, b)` as difference rows.

    kind "name" (instead of "wording") for a replacement that looks like a name variant (both sides
    capitalised) or that `aliases` (variant -> canonical, lower-case keys) folds to one canonical name;
    detail.alias says whether the aliases did. detail.numeric marks edits with digits, which the
    figure comparison covers too.
    """
    rows = []
    for tag, text_a, text_b, a_start, a_end, b_start, b_end in _edits(a, b, False):
        detail = {"a_start": a_start, "a_end": a_end, "b_start": b_start, "b_end": b_end}
        kind = "wording"
        if tag == "replace":
            alias = _same_alias(text_a, text_b, aliases)
            if alias or (_looks_like_name(text_a) and _looks_like_name(text_b)):
                kind = "name"
                detail["alias"] = alias
        if any(map(str.isdigit, text_a)) or any(map(str.isdigit, text_b)):
            detail["numeric"] = True
        rows.append({"kind": kind, "verdict": tag, "a": text_a, "b": text_b, "detail": detail})
    return rows


# ---------------------------------------------------------------------------------------------
# Figures: what each one measures in its sentence


class Version(NamedTuple):
    """One side of a comparison: the clause, its figures (rows of the `figures` table, whose
    char_start/char_end count from `offset`, the clause's start in its sentence), its publication date
    and outlet."""

    text: Optional[str]
    figures: Sequence[dict]
    published: Optional[str] = None
    outlet: Optional[str] = None
    offset: int = 0

    @classmethod
    def of_clause(cls, unit) -> "Version":
        """From a match.Unit (or anything with text, figures, published, outlet, start)."""
        return cls(unit.text, unit.figures, unit.published, unit.outlet or None, unit.start)


# Words that never say what a figure measures: auxiliaries, determiners, attributions, hedges.
_SKIP = frozenset("""a an the of to in on at for by with and or but from as than that which who whom were was
are is be been being have had has will would could should may might can must did do does not no nor per each
every this these those it its he she they we i you his her their our my your there here when where while after
before since until into onto over under about above below between through during against among up out off so if
then also only just more most less least some both all any other such same total totalling totaling worth nearly
almost around roughly approximately estimated an estimated least including called so-called according said says
say told reported added stated announced claimed testified accused alleged believed thought reportedly already
still even now then again another further""".split())
_IRREGULAR_VERBS = frozenset("""paid gave given spent sold bought lost won rose risen fell fallen grew grown took
taken made fled left cost hit cut died dead owed got put set brought earned raised slain shot stole stolen sent
kept held paid drew drawn shed""".split())
_AUXILIARIES = frozenset("has had have was were is are will would also then later had been".split())
# Stems that name one role in different words (textnorm.stem of each word).
_ROLE_SYNONYMS = {
    "die": "die", "kill": "die", "dead": "die", "death": "die", "fatal": "die", "perish": "die", "slain": "die",
    "toll": "die", "life": "die", "fatality": "die",
    "injur": "injur", "wound": "injur", "hurt": "injur",
    "evacuat": "evacuat", "displac": "evacuat", "flee": "evacuat", "fled": "evacuat", "relocat": "evacuat",
    "spend": "pay", "spent": "pay", "pay": "pay",
    "donat": "giv", "giv": "giv",
    "earn": "earn", "made": "earn", "make": "earn",
    "person": "person", "civilian": "person", "resident": "person", "villager": "person", "victim": "person",
    "individual": "person",
}
# Groups of people that "people" may sum up but that are not one another: two women and one man.
_PERSON_KINDS = frozenset({"man", "woman", "child", "boy", "girl", "passenger", "adult"})
# Head nouns too general to say on their own what is measured: "four-time All-Star", "five-time ... honoree".
_WEAK_HEADS = frozenset({"time", "tim"})
# Words that make a figure a part or an addition rather than the whole: "two more times", "three other
# rifles", "including $281m", "28 of his 68 punches", "a combined 157 games", "420 passengers and crew".
_ADDITION_AFTER = frozenset({"more", "other", "additional", "further", "extra", "new"})
_PART_BEFORE = frozenset({"including", "includes", "included", "another", "combined", "cumulative", "further",
                          "additional", "extra", "other", "remaining"})  # "the other two unions": the rest
# Words right before a figure that make it the first or last stretch of a longer one.
_FIRST_OF = frozenset({"first", "opening", "initial", "final"})
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "my", "your"})
# The verbs of tolls, which tie a bare number to a count ("Dozens killed", "43 were killed").
_TOLL_VERBS = frozenset({"die", "injur", "evacuat", "arrest", "rescu", "hospitaliz", "detain", "miss", "pay", "giv",
                         "earn", "change"})
# Verbs of change: one role ("change"), their direction read from the verb.
_CHANGE_VERBS = {
    "ris": "up", "rise": "up", "rose": "up", "risen": "up", "increas": "up", "climb": "up", "gain": "up", "jump": "up",
    "grow": "up", "grew": "up", "soar": "up", "surg": "up", "up": "up",
    "fall": "down", "fell": "down", "fallen": "down", "drop": "down", "declin": "down", "decreas": "down",
    "slump": "down", "plung": "down", "slid": "down", "slip": "down", "down": "down", "shrank": "down",
    "shrink": "down", "tumbl": "down", "shed": "down", "slow": "down",  # "growth slows to 1.8 pct"
}
_ROLE_WINDOW = 5  # content words either side that make a figure's context
_VERB_REACH = 12  # how far left to look for the verb a figure attaches to
MAX_COMPARED_FIGURES = 100  # per text, in compare_texts
_SHARED_CONTEXT = 2  # words around two figures that must be shared when nothing else ties them
_PARTNERS = 4  # partners judged per figure, surest role first
_ANCHOR_WORDS = 2  # equal words on one side that hold a replaced stretch in place
_ALIGNED_OP_WORDS = 6  # a replaced stretch this short, with one figure each side, is one slot


_POSSESSIVE = re.compile(r"['’]s$")
_CLAUSE_MARKS = frozenset(",;:()")  # punctuation that ends the stretch of words a figure's role is read from
_SEMICOLONS = frozenset(";:")


def _has_clause_mark(between: str) -> bool:
    return not _CLAUSE_MARKS.isdisjoint(between)


@functools.lru_cache(maxsize=1 << 16)  # pure, and called for every word around every figure
def _role_key(word: str) -> str:
    key = stem(_POSSESSIVE.sub("", word.casefold()).strip("'’"))
    if key in _CHANGE_VERBS:
        return "change"
    return _ROLE_SYNONYMS.get(key, key)


@functools.lru_cache(maxsize=1 << 16)
def _is_verb(word: str) -> bool:
    w = word.casefold()
    if "-" in w:
        return False  # "top-ranked", "long-standing": adjectives
    return (w in _IRREGULAR_VERBS or (len(w) > 4 and w.endswith(("ed", "ing")))
            or stem(w) in _CHANGE_VERBS) and w not in _SKIP


def _is_name(word: str, first: bool) -> bool:
    return word[:1].isupper() and not (first and word.casefold() in _NOT_NAMES) and word.casefold() not in _NOT_NAMES


class Role(NamedTuple):
    """What a figure attaches to in its clause."""

    head: frozenset  # role keys of the noun phrase it quantifies: "tax returns", "watch", "person"
    complement: frozenset  # what the head is for or of: "budget for schools"
    verb: Optional[str]  # role key of its verb: "pay", "die", "change"
    context: frozenset  # role keys of the content words around it
    names: frozenset  # the names that open its clause: who did it
    direction: Optional[str]  # "up"/"down" read from a verb of change
    words: tuple  # the head and verb as written, for the reader
    bare: bool = False  # a number with no unit or counted noun of its own
    part: Optional[str] = None  # "part" of a whole ("including"), "addition" ("two more"), "sum" of several,
    #                             "offset before" ("nine days before"), "score", "report date", "start level" ("rose from $3 to $4")
    modifiers: frozenset = frozenset()  # the words between a count and its noun: "AK-47" rifles, "assault" rifles
    scope: frozenset = frozenset()  # the place named next to it: "killed 170,000 in Sumatra", "52 percent in Egypt"


def _shared_heads(ha: frozenset, hb: frozenset) -> frozenset:
    """The head nouns two figures share: general ones ("time") only when nothing else is written, and
    "people" sums up men, women, passengers."""
    shared = ha & hb
    if shared - _WEAK_HEADS:
        return shared - _WEAK_HEADS
    if shared and not (ha - _WEAK_HEADS) and not (hb - _WEAK_HEADS):
        return shared
    if ("person" in ha and hb & _PERSON_KINDS) or ("person" in hb and ha & _PERSON_KINDS):
        return frozenset({"person"})
    return frozenset()


def _clause_words(text: str, spans: list) -> list[tuple[int, int, str, int]]:
    """(start, end, word, index of the figure it belongs to or -1), in order."""
    found, spans, n = [], sorted((s, e, i) for i, (s, e) in enumerate(spans)), 0
    for start, end in _words(text)[0]:  # the words the alignment found: one regex pass per clause
        while n < len(spans) and spans[n][1] <= start:
            n += 1
        owner = spans[n][2] if n < len(spans) and spans[n][0] < end else -1
        found.append((start, end, text[start:end], owner))
    return found


def _leading_names(before: list) -> list:
    """The names that open the clause, its subject as news writes it: "Trump released", "Mr Biden's
    campaign"; none when the clause opens with anything else."""
    found = []
    for n, w in enumerate(before):
        if n == 0 and w[2].casefold() in ("the", "mr", "mrs", "ms", "dr"):
            continue
        if not _is_name(w[2].strip(_CODE_MARKS) or w[2], False):  # "Nasdaq Composite Index <.IXIC> rose"
            break
        found.append(w)
    return found


_CODE_MARKS = "<>.()[]"  # around a ticker or code written after a name
_OPENING_MARK = re.compile(r"[,;:()]")


# Words after a figure that open when it holds, not what it counts: "61.3 percent last year", "$5bn next year".
_WHEN_AFTER = frozenset({"last", "next"})


def _read_role(text: str, words: list, spans: list, index: int, noun: Optional[str], bare: bool,
               dated: bool = False, level_from: Optional[int] = None) -> Role:
    """The role of figure `index` (spans: every figure's (start, end) in `text`). With level_from, the
    figure is the end level of "from X to" (figure level_from the start level): its verb is read past X
    and its "from", as it would be of "rose to" it."""
    start, end = spans[index]

    def barrier(w) -> bool:  # a word of another figure
        return w[3] not in (-1, index)

    first = bisect.bisect_left(words, (start,))
    while first > 0 and words[first - 1][1] > start:
        first -= 1
    last = bisect.bisect_left(words, (end,))
    before, after = words[:first], words[last:]
    head, shown, verb, direction, changing_kind = [], [], None, None, frozenset()
    if noun:  # the counted noun written inside the figure ("43 people")
        head.append(_role_key(noun))
        written = [w[2] for w in words[first:last] if w[2].isalpha()]
        shown.append(written[-1] if written else noun)
    # the noun phrase right after: "$43,000 watch", "$750,000 of campaign money", "$43m in taxes"
    position, taken, part = 0, [], None
    if after and after[0][2].casefold() in _ADDITION_AFTER and not barrier(after[0]):
        position, part = 1, "addition"  # "two more times", "three other rifles"
    if position < len(after) and after[position][2].casefold() in ("of", "in", "worth") and not barrier(after[position]):
        if (after[position][2].casefold() == "of" and position + 1 < len(after)
                and after[position + 1][2].casefold() in _DETERMINERS):
            part = "part"  # "28 of his 68 punches", "$281 million of the purchase price"
        position += 1
    while position < len(after) and after[position][2].casefold() in ("the", "a", "an", "his", "her", "their", "its"):
        position += 1
    part = _part(text, words, before, first, last, index, start, end, dated, barrier) or part
    gap_end = after[position - 1][1] if position else end
    share_of = position > 0 and after[position - 1][2].casefold() == "of" and _PERCENT_END.search(text, start, end)
    for w in after[position : position + 2]:
        between = text[gap_end:w[0]]
        if barrier(w) or _has_clause_mark(between) or w[2].casefold() in _SKIP | _WHEN_AFTER \
                or (w[2][:1].isupper() and not share_of) or _is_verb(w[2]) or any(c.isdigit() for c in w[2]):
            break  # a name may be what a share is of: "31 percent of Americans"
        taken.append(w)
        gap_end = w[1]
    head += [_role_key(w[2]) for w in taken]
    if (taken or noun) and _joins_another_noun(text, after[position + len(taken):], taken[-1][1] if taken else end, barrier):
        part = "sum"  # "420 passengers and crew", "$334 million in cash and stock"
    if _AGE_AFTER.match(text, end):
        head = ["age"]  # "a 15-year-old boy"
    elif not head and bare:
        head += _head_before_of(text, before, barrier, start) + _age(text, before, barrier, start, end)
    # what the head is for or of: "a $3m budget for schools", "six touchdowns on offense"
    complement = _complement(text, after[position + len(taken):], barrier) if taken or noun else frozenset()
    shown += [w[2] for w in taken]
    # a verb right after (passive: "43 people were killed", "Dozens killed") ...
    rest = list(itertools.takewhile(lambda w: not barrier(w), after[position + len(taken):position + len(taken) + 4]))
    last = taken[-1][1] if taken else end
    for w in rest:
        if _has_clause_mark(text[last:w[0]]):
            break
        last = w[1]
        if w[2].casefold() in _SKIP or (w[2].casefold().endswith("ly") and len(w[2]) > 4):
            continue  # "had been badly hit"
        if _is_verb(w[2]):
            verb = w
        break
    # a date that opens its clause dates the verb after the comma: "In 1969, he was indicted"
    if verb is None and dated and len(_OPENING_MARK.split(text[:start])[-1].split()) <= 1 \
            and text[end:].lstrip().startswith(","):
        for w in after[:5]:
            if barrier(w) or _has_clause_mark(text[end:w[0]].lstrip()[1:]):
                break
            if w[2].casefold() not in _SKIP and _is_verb(w[2]):
                verb = w
                break
    # "was up 1.75 points", "is down 3%": the adverb is the verb of change
    if verb is None and len(before) >= 2 and before[-1][2].casefold() in ("up", "down") \
            and before[-2][2].casefold() in _AUXILIARIES | {"is", "are", "were", "closed", "ended"} \
            and not barrier(before[-1]) and not text[before[-1][1]:start].strip():
        verb = before[-1]
    # ... else the nearest verb before, not past another figure or a clause mark
    if verb is None:
        for w in reversed(before[-_VERB_REACH:]):
            if w[3] == level_from and level_from is not None:
                continue  # "rose from $3 to [$4]": the start level is no barrier to the end level's verb
            if barrier(w) or not _SEMICOLONS.isdisjoint(text[w[1]:start]):
                break
            if _is_verb(w[2]):
                verb = w
                break
    if verb is not None:
        shown.append(verb[2])
        key = stem(verb[2].casefold())
        direction = _CHANGE_VERBS.get(key)
        if direction and not complement and not head and verb[0] < start:
            complement, changing_kind = _changing(text, before, verb, barrier)  # "connections increased by 49 percent"
    near = [w for w in before[-_ROLE_WINDOW * 2:] if not barrier(w)] + [w for w in after[: _ROLE_WINDOW * 2] if not barrier(w)]
    context = frozenset(_role_key(w[2]) for w in near if w[2].casefold() not in _SKIP and w[2].isalpha())
    actor = _actor(before, verb) if verb is not None else []
    pronoun = _pronoun_actor(before, verb) if verb is not None and not actor else None
    if pronoun:
        names = frozenset({pronoun})
    else:  # the names that open the clause are only the first figure's
        leading = [] if actor or any(w[3] not in (-1, index) for w in before) else _leading_names(before)
        names = frozenset(_name_key(w[2]) for w in (actor or leading))
    return Role(frozenset(head), complement, _role_key(verb[2]) if verb else None, context, names, direction,
                tuple(shown), bare, part, _modifiers(text[start:end], noun) | changing_kind,
                _scope(text, before, after, barrier, start, end))


_PLACE_WORDS = frozenset({"in", "across", "around", "throughout", "near", "off", "at", "from"})
_COMPASS = frozenset("north south east west northeast northwest southeast southwest".split())
# Common nouns that name a place as a name would: "killed 170,000 in the province" (not "in the blast").
_PLACE_NOUNS = frozenset(stem(w) for w in """province provinces region regions state states country countries
city cities district districts village villages town towns county counties capital area areas island islands
world continent nation nations""".split())
_SCOPE_REACH = 8  # words either side, within the figure's part of the clause


def _scope(text: str, before: list, after: list, barrier, start: int, end: int) -> frozenset:
    """The names of the place a figure is stated for ("in Aceh", "across Asia"), looked for after it,
    else before it, without crossing a comma or another figure."""
    def names_after_place(words: list) -> frozenset:
        for n, w in enumerate(words[:-1]):
            compass_of = w[2].casefold() == "of" and n > 0 and words[n - 1][2].casefold() in _COMPASS
            if w[2].casefold() not in _PLACE_WORDS and not compass_of:  # "in Aceh", "west of Manokwari"
                continue
            found, k = [], n + 1
            while k < len(words) and (words[k][2].casefold() in ("the", "this", "that", "its", "their")
                                      or barrier(words[k])):  # "in 13 countries"
                k += 1
            while k < len(words) and _is_name(words[k][2], False) and not barrier(words[k]):
                found.append(_name_key(words[k][2]))
                k += 1
            if not found and k < len(words) and not barrier(words[k]) and stem(words[k][2].casefold()) in _PLACE_NOUNS:
                found.append(stem(words[k][2].casefold()))
            if found:
                return frozenset(found)
        return frozenset()

    def segment(words: list, reverse: bool, edge: int) -> list:
        kept, last = [], edge
        for w in (reversed(words) if reverse else words):
            gap = text[w[1]:last] if reverse else text[last:w[0]]
            if _has_clause_mark(gap) or len(kept) >= _SCOPE_REACH:
                break
            kept.append(w)
            last = w[0] if reverse else w[1]
        return kept[::-1] if reverse else kept

    return names_after_place(segment(after, False, end)) or names_after_place(segment(before, True, start))


_DURATION = re.compile(r"(?i)\b(?:minute|hour|day|week|month|year|decade)s?$")
_OFFSET_AFTER = re.compile(r"(?i)\s+(before|after|ago|earlier|later)\b")
_SINCE_AFTER = re.compile(r"(?i)(?:\s+[a-z]+){0,2}?\s+since\b")
_FROM_NOW_BEFORE = re.compile(r"\bin\s+(?:about\s+|some\s+|around\s+)?$")
_CLAUSE_END = re.compile(r"\s*(?:[,;.)]|$)")
_REPORT_DAY = re.compile(r"\b(?:today|yesterday|tonight)\s*[(,]\s*$", re.IGNORECASE)
# A full date that closes the text after a comma: a dateline, the day the piece was written.
_DATELINE_DATE = re.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}$"
                            r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}$")
_DATELINE_BEFORE = re.compile(r",\s*$")
_AGE_AFTER = re.compile(r"\s*-\s*old\b|\s*-\s*year\s*-\s*old\b")
_SCORE_GLUE = re.compile(r"\s*-\s*$")


def _share_of(text: str, words: list, first: int, last: int, index: int, start: int, end: int) -> Optional[str]:
    """A figure tied to another number: "29 of 34 passes" (a part, then its whole), "88-72" (a score)."""
    prev_w = words[first - 1] if first > 0 else None
    prev2 = words[first - 2] if first > 1 else None
    next_w = words[last] if last < len(words) else None
    next2 = words[last + 1] if last + 1 < len(words) else None
    if next_w and next_w[2].casefold() == "of" and next2 and next2[3] not in (-1, index):
        return "part"
    if prev_w and prev_w[2].casefold() == "of" and prev2 and prev2[3] not in (-1, index):
        return "whole"
    if prev_w and prev_w[2][-1:].isdigit() and _SCORE_GLUE.search(text[prev_w[1]:start]):
        return "score"  # "88-72", "9 - 14"
    if next_w and next_w[2][:1].isdigit() and re.match(r"\s*-\s*$", text[end:next_w[0]]):
        return "score"
    return None


def _part(text: str, words: list, before: list, first: int, last: int, index: int, start: int, end: int,
          dated: bool, barrier) -> Optional[str]:
    """What makes a figure something other than a whole amount of its own (see Role.part), from the
    words right around it; None for a plain amount."""
    if dated and _REPORT_DAY.search(text, 0, start):
        return "report date"  # "announced today (4 November 2011)": when the report was written
    if dated and _DATELINE_DATE.search(text, start, end) and _DATELINE_BEFORE.search(text, 0, start) \
            and not text[end:].strip(" .\n"):
        return "report date"  # "Business news: as it happened, April 17, 2013": the day the piece was written
    if before and barrier(before[-1]) and text[before[-1][1]:start].strip() == "(":
        return "conversion"  # "150 nautical miles (277km)": the figure before it, in other units
    if dated and before and not barrier(before[-1]) and before[-1][2].casefold() == "by":
        return "deadline"  # "must be finalized by Dec. 19": a limit, not the day it happened
    if before and not barrier(before[-1]) and before[-1][2].casefold() in _FIRST_OF:
        return "part"  # "his first 11 seasons", "the opening two days": part of a longer span
    if _DURATION.search(text, start, end):
        offset = _OFFSET_AFTER.match(text, end)
        if offset:
            return "offset " + offset.group(1).casefold()  # "nine days before the inauguration", "four years ago"
        if _FROM_NOW_BEFORE.search(text, max(0, start - 12), start) and _CLAUSE_END.match(text, end):
            return "offset in"  # "will take effect in about 30 days": from now
    share = _share_of(text, words, first, last, index, start, end)
    if share:
        return share
    if _SINCE_AFTER.match(text, end):
        return "since"  # "arrested three times since October": a count over a stated period
    if before and not barrier(before[-1]) and before[-1][2].casefold() in _PART_BEFORE:
        return "sum" if before[-1][2].casefold() in ("combined", "cumulative") else "part"
    return None


def _joins_another_noun(text: str, rest: list, edge: int, barrier) -> bool:
    """The head noun is joined to another by "and" ("passengers and crew"), not to a new clause
    ("43 people and residents were evacuated")."""
    if len(rest) < 2 or rest[0][2].casefold() != "and" or _has_clause_mark(text[edge:rest[1][0]]):
        return False
    word = rest[1][2]
    if barrier(rest[1]) or not word.isalpha() or not word.islower() or word in _SKIP or _is_verb(word):
        return False
    return not (len(rest) > 2 and (_is_verb(rest[2][2]) or rest[2][2].casefold() in _AUXILIARIES))


def _head_before_of(text: str, before: list, barrier, start: int) -> list:
    """A bare number's head written before it: "a mother of 13", "a family of five"."""
    if len(before) < 2 or before[-1][2].casefold() != "of" or barrier(before[-1]) or barrier(before[-2]):
        return []
    word = before[-2][2]
    if _has_clause_mark(text[before[-2][1]:start]) or not word.isalpha() or word.casefold() in _SKIP:
        return []
    return [_role_key(word)]


def _age(text: str, before: list, barrier, start: int, end: int) -> list:
    """A bare number set off by commas right after a name is an age: "Benjamin Banky, 40." "Buckley, 32, died"."""
    if not before or barrier(before[-1]) or not _is_name(before[-1][2], False) \
            or text[before[-1][1]:start].strip() != ",":
        return []
    return ["age"] if text[end:].lstrip()[:1] in ("", ",", ")", ".", ";") else []


_NOT_MODIFIERS = frozenset({"about", "some", "nearly", "almost", "around", "roughly", "approximately", "over",
                            "least", "at", "more", "than", "up", "to", "estimated", "an", "a", "and", "half",
                            "dozen", "hundred", "thousand", "million", "billion", "other", "fully"})


@functools.lru_cache(maxsize=1 << 14)
def _modifiers(written: str, noun: Optional[str]) -> frozenset:
    """The words a count's text puts between its number and its noun ("seven AK-47 rifles": ak-47)."""
    if not noun:
        return frozenset()
    words = _WORD.findall(written)[:-1]
    found = set()
    for w in words:
        key = w.casefold()
        if not any(c.isalpha() for c in key) or key in _NOT_MODIFIERS or key in _SKIP or _is_number_word(key):
            continue
        found.add(_role_key(w))
    return frozenset(found)


_NUMBER_WORDS = frozenset("""zero one two three four five six seven eight nine ten eleven twelve thirteen
fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety""".split())


def _is_number_word(word: str) -> bool:
    return word in _NUMBER_WORDS or any(word.startswith(t) and word[len(t):] in ("", "-") for t in _NUMBER_WORDS) \
        or all(part in _NUMBER_WORDS for part in word.split("-"))


@functools.lru_cache(maxsize=1 << 14)
def _name_key(word: str) -> str:
    """A name folded as the matcher folds it: Daesh and ISIS are one."""
    tokens = content_tokens(re.sub(r"['’]s$", "", word))
    return tokens[0] if tokens else word.casefold()


def _actor(before: list, verb) -> list:
    """The name right before the figure's verb, auxiliaries aside: "Artino scored 14 points",
    "Trump has released eight years"."""
    position = next((n for n, w in enumerate(before) if w[0] == verb[0]), None)
    if position is None:
        return []
    found, words = [], before[:position]
    for n in range(len(words) - 1, -1, -1):
        w = words[n]
        if not found and w[2].casefold() in _AUXILIARIES:
            continue
        if found and w[2].isdigit() and n > 0 and _is_name(words[n - 1][2], False):
            continue  # a number inside a name: "Standard & Poor's 500 Index", "FTSE 100"
        if not _is_name(w[2].strip(_CODE_MARKS) or w[2], False):  # "Nasdaq Composite Index <.IXIC> rose"
            break
        found.append(w)
    return found


_CODE_MARKS = "<>.()[]"  # around a ticker or code written after a name


# Personal pronouns by the person they stand for; kept in Role.names with a leading "~".
_PRONOUNS = {"he": "~he", "she": "~she", "they": "~they", "we": "~we", "i": "~i"}


_PERCENT_END = re.compile(r"(?i)(?:%|percent|per cent|pct|pc)\s*$")


_KIND_WORDS = 2  # words before a changing noun that say which kind: "industrial output growth"


def _changing(text: str, before: list, verb, barrier) -> tuple[frozenset, frozenset]:
    """What a verb of change is about, when a common noun right before it says: "high-speed lines
    increased", "exports rose" (names are the subject's names instead); and the words right before that
    noun that say which kind ("CPI growth", "industrial output growth"), as modifiers."""
    position = next((n for n, w in enumerate(before) if w[0] == verb[0]), None)
    preceding = list(reversed(before[:position] if position else []))
    for n, w in enumerate(preceding):
        key = w[2].casefold()
        if key in _AUXILIARIES or key in ("have", "has", "had"):
            continue
        if barrier(w) or not w[2].isalpha() or not w[2].islower() or key in _SKIP or _is_verb(w[2]) \
                or _has_clause_mark(text[w[1]:verb[0]]):
            return frozenset(), frozenset()
        return frozenset({_role_key(w[2])}), _kind_words(text, preceding[n + 1:n + 1 + _KIND_WORDS], w, barrier)
    return frozenset(), frozenset()


def _kind_words(text: str, preceding: list, noun, barrier) -> frozenset:
    """The words of a compound noun before its last one, nearest first: common nouns or acronyms ("CPI")."""
    kinds, edge = [], noun[0]
    for w in preceding:
        if barrier(w) or not w[2].isalpha() or not (w[2].islower() or w[2].isupper()) or w[2].casefold() in _SKIP \
                or _is_verb(w[2]) or text[w[1]:edge].strip():
            break
        kinds.append(_role_key(w[2]))
        edge = w[0]
    return frozenset(kinds)


def _pronoun_actor(before: list, verb) -> Optional[str]:
    """The pronoun right before the figure's verb, auxiliaries aside: "She moved", "they had moved"."""
    position = next((n for n, w in enumerate(before) if w[0] == verb[0]), None)
    for w in reversed(before[:position] if position is not None else []):
        key = w[2].casefold()
        if key in _AUXILIARIES:
            continue
        return _PRONOUNS.get(key)
    return None


def _complement(text: str, rest: list, barrier) -> frozenset:
    """The noun after "for", "on" or "of" right after a head noun: "a $3m budget for schools"."""
    if len(rest) < 2 or rest[0][2].casefold() not in ("for", "on", "of") or barrier(rest[0]):
        return frozenset()
    for w in rest[1:3]:
        if barrier(w) or _has_clause_mark(text[rest[0][1]:w[0]]):
            break
        if w[2].casefold() not in _SKIP and w[2].isalpha():
            return frozenset({_role_key(w[2])})
    return frozenset()


def _roles(version: Version) -> Optional[list[Optional[Role]]]:
    """The role of each figure, or None when the clause's text is not known."""
    if not version.text:
        return None
    if not version.figures:
        return []  # (what _clause_roles gives for no figures, without reading the words)
    spans = []
    for f in version.figures:
        if f.get("char_start") is None:
            return None
        spans.append((f["char_start"] - version.offset, f["char_end"] - version.offset))
    nouns = tuple(f.get("unit") if f.get("kind") == "count" else None for f in version.figures)
    bare = tuple(f.get("kind") == "number" and not f.get("unit") for f in version.figures)
    dated = tuple(f.get("kind") in ("date", "year") for f in version.figures)
    return list(_clause_roles(version.text, tuple(spans), nouns, bare, dated))


_RESTATED = re.compile(r"\s*,?\s*or\s+(?:about\s+|nearly\s+|almost\s+|roughly\s+|just\s+)?$")


@functools.lru_cache(maxsize=1 << 14)  # a clause is one side of several matches: read its roles once
def _clause_roles(text: str, spans: tuple, nouns: tuple, bare: tuple, dated: tuple) -> tuple[Role, ...]:
    words = _clause_words(text, spans)
    roles = [_read_role(text, words, spans, n, nouns[n], bare[n], dated[n]) for n in range(len(spans))]
    for x, y in _from_to(text, spans, dated):
        if roles[x].direction and roles[x].part is None:  # after a verb of change: "rose from $3 to $4"
            roles[x] = roles[x]._replace(part="start level", direction=None)
            roles[y] = _read_role(text, words, spans, y, nouns[y], bare[y], dated[y], level_from=x)
    return tuple(_restated(text, spans, roles))


_FROM_BEFORE = re.compile(r"(?i)\bfrom\s+$")
_TO_BETWEEN = re.compile(r"(?i)\s+to\s+")


def _from_to(text: str, spans: tuple, dated: tuple) -> list[tuple[int, int]]:
    """(x, y) for each "from X to Y" of two figures, neither a date: figures.py reads it as one range
    ("from 5 to 10 percent") unless a change is stated, so here it is an old level and a new one."""
    order = sorted(range(len(spans)), key=lambda n: spans[n])
    return [(x, y) for x, y in zip(order, order[1:])
            if not dated[x] and not dated[y] and spans[x][1] <= spans[y][0]
            and _TO_BETWEEN.fullmatch(text, spans[x][1], spans[y][0]) and _FROM_BEFORE.search(text, 0, spans[x][0])]


def _restated(text: str, spans: tuple, roles: list) -> list:
    """A figure that restates the one before it in other terms ("rose 19.11 points, or 1.2 percent")
    has its subject, verb and direction: the Nasdaq's rise, not a figure of nobody's."""
    order = sorted(range(len(spans)), key=lambda n: spans[n])
    for prev, n in zip(order, order[1:]):
        if spans[prev][1] <= spans[n][0] and _RESTATED.fullmatch(text[spans[prev][1]:spans[n][0]]):
            p, r = roles[prev], roles[n]
            roles[n] = r._replace(names=p.names or r.names, verb=r.verb or p.verb, direction=r.direction or p.direction)
    return roles


def _aligned_pairs(a: Side, b: Side) -> set:
    """(i, j) of figures that sit in the same place of the two aligned clauses: the same words, or a
    short replaced stretch holding one figure on each side."""
    if not a.figures or not b.figures:
        return set()
    first_a, first_b = a.first_words, b.first_words
    if first_a is None or first_b is None:
        return set()
    pairs = set()
    ops = _merged_opcodes(_words(a.text)[1], _words(b.text)[1])
    by_op_a, by_op_b = _figures_by_op(ops, first_a, 1), _figures_by_op(ops, first_b, 3)
    for n, in_a in by_op_a.items():
        tag, a1, a2, b1, b2 = ops[n]
        in_b = by_op_b.get(n, [])
        if tag == "equal":
            for i in in_a:
                target = first_a[i] - a1 + b1
                pairs.update((i, j) for j in in_b if first_b[j] == target)
        elif len(in_a) == 1 and len(in_b) == 1 and max(a2 - a1, b2 - b1) <= _ALIGNED_OP_WORDS \
                and _anchored(ops, n):
            pairs.add((in_a[0], in_b[0]))
    return pairs


def _figures_by_op(ops: Sequence[tuple], first_words: list, side: int) -> dict[int, list[int]]:
    """{op index: the figures whose first word lies in that op's words}, on side a (side 1: the
    ops' a1, a2) or b (side 3: b1, b2). An op's words are [start, end); the non-empty ones tile
    the clause, so the last op starting at or before a word is the one that holds it."""
    starts = [op[side] for op in ops]
    found: dict[int, list[int]] = {}
    for figure, word in enumerate(first_words):
        if word is None:
            continue
        n = bisect.bisect_right(starts, word) - 1
        if n >= 0 and ops[n][side] <= word < ops[n][side + 1]:
            found.setdefault(n, []).append(figure)
    return found


def _anchored(ops: list, n: int) -> bool:
    """A replaced stretch is one slot when the same words hold it in place: some on both sides, or
    _ANCHOR_WORDS on one ("The bridge cost [$43m] to build", "Turnout was [64%]")."""
    def equal_words(k):
        if 0 <= k < len(ops) and ops[k][0] == "equal":
            return ops[k][2] - ops[k][1]
        return 0

    before, after = equal_words(n - 1), equal_words(n + 1)
    return (before and after) or max(before, after) >= _ANCHOR_WORDS


# Capitalised words that name a kind of organisation or thing, not which one: two names that share only
# these are two subjects ("Nasdaq Composite Index", "Standard & Poor's 500 Index").
_GENERIC_NAME_KEYS = frozenset(_name_key(w) for w in """index composite average industrial exchange market
stock stocks company co corp corporation inc plc ltd group bank party university council ministry department
agency association fund trust board committee court union national international united federal state
the among""".split())


def _subjects_differ(ra: Role, rb: Role, a: Version, b: Version) -> bool:
    """Each figure names who did it (the name before its verb, else the names that open its clause),
    and they are not one: one man's tax returns against another's, one player's points."""
    names_a, names_b = ra.names - _GENERIC_NAME_KEYS, rb.names - _GENERIC_NAME_KEYS
    if not names_a or not names_b or names_a & names_b:
        return False  # "Index" alone does not make the Nasdaq Composite Index the S&P 500 Index
    pronouns_a, pronouns_b = {n for n in ra.names if n[0] == "~"}, {n for n in rb.names if n[0] == "~"}
    if bool(pronouns_a) != bool(pronouns_b):
        return False  # "he" may stand for the name the other side writes
    if pronouns_a:
        return True  # "she moved" against "they moved": two subjects
    return not any(x.startswith(y) or y.startswith(x) for x in names_a for y in names_b)  # Lafarge, LafargeHolcim


def _roles_clash(ra: Role, rb: Role, a: Version, b: Version) -> bool:
    """The words say two figures state two roles: another subject, head noun, part, kind, place, verb or
    complement."""
    if _subjects_differ(ra, rb, a, b):
        return True
    if ra.head and rb.head and not _shared_heads(ra.head, rb.head):
        return True
    if ra.part != rb.part and not (_unread_start(ra, rb) or _unread_start(rb, ra)):
        return True  # a part or an addition against a whole: "including $281m" against "$334m"
    if ra.modifiers and rb.modifiers and not ra.modifiers & rb.modifiers:
        return True  # AK-47 rifles against assault rifles
    if ra.scope and rb.scope and not ra.scope & rb.scope:
        return True  # 52 percent in Egypt, 65 percent in India
    if ra.verb and rb.verb and ra.verb != rb.verb:
        return True
    return bool(ra.complement and rb.complement and not ra.complement & rb.complement)  # schools, roads


def _unread_start(ra: Role, rb: Role) -> bool:
    """ra is the start level of a change ("rose from $3 to $4") and rb a figure with no verb or part of its
    own, which may be one too ("rose to $4 from $3"); not what a verb of change states ("rose to $5")."""
    return ra.part == "start level" and rb.part is None and rb.verb is None


def _role_score(ra: Optional[Role], rb: Optional[Role], aligned: bool, unique: bool, a: Version, b: Version) -> Optional[float]:
    """How surely two figures state the same role; None when they do not."""
    if ra is not None and rb is not None and _roles_clash(ra, rb, a, b):
        return None
    if aligned:
        return 10.0
    if ra is None or rb is None:
        return 0.0  # no words to read: the clauses were matched, their figures compare by measure
    if (ra.bare or rb.bare) and not _shared_heads(ra.head, rb.head) and not (ra.verb == rb.verb and ra.verb in _TOLL_VERBS):
        return None  # a bare number ("44", "scored 25") is tied to a figure only by its noun or a toll verb
    score = 3.0 * len(_shared_heads(ra.head, rb.head)) + 2.0 * (ra.verb is not None and ra.verb == rb.verb)
    shared = ra.context & rb.context
    bare = not (ra.head or ra.verb or rb.head or rb.verb)
    if not score and (len(shared) < _SHARED_CONTEXT or not unique or not bare):
        return None  # nothing says they measure one thing: bare numbers of a sports report, say
    return score + len(shared) / max(1, len(ra.context | rb.context))


_CHANGING_KINDS = frozenset({"percent", "money", "number"})


def _with_direction(f: dict, role: Optional[Role]) -> dict:
    """A figure with the direction its verb states, unless the extractor gave one."""
    if role is None or role.direction is None or f.get("direction") or f.get("kind") not in _CHANGING_KINDS:
        return f  # "fell about 600m", "climbing with three companions": literal verbs
    return dict(f, direction=role.direction)


def _role_words(role: Optional[Role]) -> Optional[list]:
    return list(role.words) if role is not None else None


class Comparison(NamedTuple):
    """One figure of a, one of b (None where a side states none), and what they come to."""

    a: Optional[dict]
    b: Optional[dict]
    verdict: str
    detail: dict


_VERDICT_RANK = {"same": 3, "compatible": 2, "conflict": 1, "different measure": 0}


def _magnitude(f: dict) -> Optional[float]:
    for key in ("value", "low", "high"):
        if f.get(key):
            return abs(f[key])
    return None


def _closeness_of(ma: Optional[float], mb: Optional[float]) -> float:
    """How near two magnitudes (_magnitude) are: minus their log ratio."""
    if not ma or not mb:
        return -99.0
    return -abs(math.log10(ma / mb))


_STARTS_AT = re.compile(r"(?i)\bstart(?:s|ing|ed)?\s+(?:at|with|from)\s*$")


def _with_start(f: dict, version: Version) -> dict:
    """A figure that things start at ("the MacBook Pro starts at $1,199", "start with 4GB of RAM") is the
    cheapest or smallest of several, so a lower bound, unless it is written with a hedge of its own."""
    if f.get("qualifier") or f.get("value") is None or f.get("low") != f.get("high") or f.get("kind") in ("date", "year"):
        return f
    if not _STARTS_AT.search(_clause_around(version, f)[0]):
        return f
    return dict(f, qualifier="starting at", low=f["value"], high=None)


def _judge(i: int, j: int, a: Side, b: Side) -> measures.Judgement:
    (fa, values_a), (fb, values_b) = a.judged(i), b.judged(j)
    ra, rb = a.role(i), b.role(j)
    if ra is not None and rb is not None and fa.get("kind") == fb.get("kind") == "count" and _shared_heads(ra.head, rb.head):
        fb = dict(fb, unit=fa.get("unit"))  # "civilians" and "people" killed: the words say one thing is counted
        values_b = _values(fb)
    return _compare_values(values_a, values_b, a.published, b.published)


def _compare(fa: dict, fb: dict, date_a: Optional[str], date_b: Optional[str]) -> measures.Judgement:
    """measures.compare, worked out once per pair of figure values (the copies in a statement)."""
    return _compare_values(_values(fa), _values(fb), date_a, date_b)


def _values(f: dict) -> tuple:
    """What measures.compare reads of a figure (its SIDE_KEYS), with their types: 5 and 5.0, 1 and True
    are written differently."""
    values = tuple(map(f.get, measures.SIDE_KEYS))
    return values, tuple(map(type, values))


@functools.lru_cache(maxsize=1 << 12)  # the members of a statement state the same figures: judge them once
def _compare_values(values_a: tuple, values_b: tuple, date_a: Optional[str], date_b: Optional[str]) -> measures.Judgement:
    """measures.compare of two figures given by their _values. The judgement is shared by every pair
    of those values: its detail's dicts are read, never changed."""
    return measures.compare(dict(zip(measures.SIDE_KEYS, values_a[0])), dict(zip(measures.SIDE_KEYS, values_b[0])),
                            date_a, date_b)


def _missing(f: dict, role: Optional[Role], side: str, mine: Version, other: Version,
             other_roles: Optional[list]) -> Optional[Comparison]:
    """A figure only one side states, when the other states its role without a figure (or when the
    other side's words are not known); None when the other side does not speak of it at all."""
    if f.get("kind") in ("date", "year"):
        return None  # a date one outlet adds is wording, not a disputed figure
    role_words = None
    if role is not None and other_roles is not None and other.text:
        if any(r is not None and (_shared_heads(r.head, role.head) or (role.verb and r.verb == role.verb)) for r in other_roles):
            return None  # the other side's figure for this role is about something else (another subject)
        keys = _text_role_keys(other.text)
        said = (role.head & keys) | ({role.verb} & keys)
        if not said:
            return None
        role_words = sorted(said)
    who = mine.outlet or f"side {side}"
    other_who = other.outlet or ("side b" if side == "a" else "side a")
    what = f" for \"{', '.join(role.words)}\"" if role is not None and role.words else ""
    note = f"only {who} gives a figure ({f.get('text')}){what}"
    if role_words:
        note += f"; {other_who} says it without one"
    detail = measures.Detail(
        "stated without a figure", note, **{side: measures.side(f)}, side=side,
        role={side: _role_words(role), "other": role_words} if role is not None else None,
        outlet_a=mine.outlet if side == "a" else other.outlet, outlet_b=other.outlet if side == "a" else mine.outlet,
    )
    return Comparison(f if side == "a" else None, f if side == "b" else None, "missing", detail.as_json())


@functools.lru_cache(maxsize=1 << 14)  # a clause is the other side of several figures and matches
def _text_role_keys(text: str) -> frozenset:
    return frozenset(_role_key(w) for w in _WORD.findall(text))


class Side:
    """One clause as compare_versions reads it, with what does not depend on the other clause worked out
    once: a clause is one side of all the matches of its statement (about 9 to 45 of them in a corpus
    of ten outlets), so match.difference_rows keeps one Side per clause of its share. It has a
    Version's fields, so the functions that read a Version read it too; what it works out lazily is
    read only by pairs that get that far (labels, judged figures, the moment words of a conflict)."""

    def __init__(self, version: Version):
        self.text, self.figures, self.published, self.outlet, self.offset = version
        self.roles = _roles(version)
        self.dims = [measures.dimension(f) for f in self.figures]
        self._labels: dict = {}
        self._judged: dict = {}
        self._moments: dict = {}
        self._periods: dict = {}

    @functools.cached_property
    def content(self) -> tuple:
        """Everything compare_versions reads of this side but its outlet and its figures' ids. Figure
        places count from the clause's start; values keep their type (5 is not 5.0)."""
        return self.text, self.published, tuple(map(self._figure_content, self.figures))

    @functools.cached_property
    def content_id(self) -> int:
        """A number for this side's content, the same for every side of that content while it is
        remembered (_CONTENT_IDS) and never given to another: its half of the key of its plans."""
        found = _CONTENT_IDS.get(self.content)
        if found is None:
            if len(_CONTENT_IDS) >= _CONTENTS_KEPT:
                del _CONTENT_IDS[next(iter(_CONTENT_IDS))]  # the oldest: forgotten, it gets a new number
            found = _CONTENT_IDS[self.content] = next(_NEXT_CONTENT_ID)
        return found

    def _figure_content(self, f: dict) -> tuple:
        start, end = f.get("char_start"), f.get("char_end")
        place = (None if start is None else start - self.offset, None if end is None else end - self.offset)
        items = tuple(item for item in f.items() if item[0] not in _NOT_CONTENT)  # (in another order: a miss)
        return place, items, tuple(type(v) for _, v in items)

    def role(self, index: int) -> Optional[Role]:
        return self.roles[index] if self.roles else None

    @functools.cached_property
    def first_words(self) -> Optional[list]:
        """The index of the word each figure starts in (None past the last word); None when the text or a
        figure's place in it is not known, so that no figure can be aligned."""
        if not self.text or any(f.get("char_start") is None for f in self.figures):
            return None
        ends = [e for _, e in _words(self.text)[0]]

        def word_of(f):
            n = bisect.bisect_right(ends, f["char_start"] - self.offset)
            return n if n < len(ends) else None

        return [word_of(f) for f in self.figures]

    @functools.cached_property
    def equal_keys(self) -> list:
        """Per figure, the _EQUAL_KEYS values _equal_in_role compares, or None when it cannot be equal."""
        return [None if f.get("value") is None or f.get("kind") in ("date", "year") else tuple(map(f.get, _EQUAL_KEYS))
                for f in self.figures]

    @functools.cached_property
    def ranks(self) -> list:
        """Per figure, (period, magnitude): what _candidate ranks pairs by besides their roles."""
        return [(measures.period(f), _magnitude(f)) for f in self.figures]

    @functools.cached_property
    def fragment(self) -> Optional[str]:
        return _fragment(self)

    @functools.cached_property
    def moments(self) -> Optional["_ClauseMoments"]:
        return _clause_moments(self.text) if self.text else None

    def label(self, index: int) -> Optional[str]:
        if index not in self._labels:
            self._labels[index] = _label_before(self.figures[index], self)
        return self._labels[index]

    def judged(self, index: int) -> tuple:
        """(figure as judged: its start and its verb's direction read in, the values _compare reads of it)."""
        if index not in self._judged:
            f = _with_direction(_with_start(self.figures[index], self), self.role(index))
            self._judged[index] = f, _values(f)
        return self._judged[index]

    def figure_moments(self, index: int) -> "_FigureMoments":
        if index not in self._moments:
            self._moments[index] = _figure_moments(self, index)
        return self._moments[index]

    def figure_periods(self, index: int) -> "_FigurePeriods":
        if index not in self._periods:
            self._periods[index] = _figure_periods(self, self.figures[index])
        return self._periods[index]


_NOT_CONTENT = frozenset({"id", "sentence_id", "char_start", "char_end"})  # a figure's identity and absolute place


def clause_side(version) -> Side:
    """The Side of a Version (a Side as it is)."""
    return version if isinstance(version, Side) else Side(version)


def compare_versions(a, b) -> list[Comparison]:
    """Every comparison of the figures of two versions of a statement, `same` included.

    Pairing: two figures are compared only when `measures.comparable` (one dimension) and their roles
    agree (`_role_score`): the same place in the aligned clauses, or no clash of head noun, verb or
    subject and something shared (head noun, verb, words around), or the only figure of its measure on
    both sides with nothing around it to tell. Pairs are taken one to one, surest role first, then the
    best verdict, then the nearest magnitude. A figure left over is compared with a vague figure of
    the other side of the same role ("millions of Euros" may sum up "at least €13,000,000" and
    "$20,000 each month") unless that would be a conflict; otherwise it is `missing` when the other
    side states its role without a figure, and left out when the other side does not speak of it.
    """
    a, b = clause_side(a), clause_side(b)
    if not _PLANS_KEPT:
        return _carried_out(_plan(a, b), a, b)
    key = (a.content_id, b.content_id)
    plan = _PLANS.get(key)
    if plan is None:
        plan = _plan(a, b)
        if len(_PLANS) >= _PLANS_KEPT:
            del _PLANS[next(iter(_PLANS))]  # the oldest: a statement's matches come together
        _PLANS[key] = plan
    return _carried_out(plan, a, b)


# Plans by the two clauses' contents (Side.content): a clause copied word for word by several outlets
# (or cut from sentences that differ elsewhere) is compared with each copy of the other the same way.
_PLANS: dict = {}
_PLANS_KEPT = 1 << 13
_CONTENT_IDS: dict = {}  # Side.content -> its number (Side.content_id)
_CONTENTS_KEPT = 1 << 13
_NEXT_CONTENT_ID = itertools.count()


def _plan(a: Side, b: Side) -> list:
    """compare_versions' steps for two sides, without their outlets and figure ids: what it pairs and
    how it judges each pair (_Paired), and which figures are left without a partner (_Missing)."""
    roles_a, roles_b = a.roles, b.roles
    aligned = _aligned_pairs(a, b)
    aligned_a, aligned_b = {i for i, _ in aligned}, {j for _, j in aligned}
    dims_a, dims_b = a.dims, b.dims
    comparable = {(i, j) for i, da in enumerate(dims_a) for j, db in enumerate(dims_b)
                  if measures.comparable_dimensions(da, db)}
    per_a, per_b = Counter(i for i, _ in comparable), Counter(j for _, j in comparable)
    scored, equal = [], set()
    for i in range(len(a.figures)):
        ra = roles_a[i] if roles_a else None
        for j in range(len(b.figures)):
            rb = roles_b[j] if roles_b else None
            if (i, j) in comparable:
                unique = per_a[i] == 1 and per_b[j] == 1
                score = _role_score(ra, rb, (i, j) in aligned, unique, a, b)
                # unless the aligned clauses put both in other slots ("loss 14 cts vs loss 21" / "loss 21 vs loss 14")
                slotted = (i, j) not in aligned and i in aligned_a and j in aligned_b
                if not slotted and _equal_in_role(i, j, a, b):
                    equal.add((i, j))
                    score = 0.0 if score is None else score
            else:
                score = _other_measure_score(dims_a[i], dims_b[j], ra, rb, (i, j) in aligned, a, b)
            if score is not None:
                scored.append((score, i, j))
    candidates = [_candidate(score, i, j, a, b, (i, j) in equal) for score, i, j in _best_per_figure(scored, equal)]
    candidates.sort(key=lambda c: c[0], reverse=True)
    return _assign(candidates, a, b)


def _best_per_figure(scored: list, equal: set) -> list:
    """The pairs worth a verdict: each figure's few surest partners, its equals first (a long text
    repeating one sentence would otherwise judge every figure against every other)."""
    keep = set()
    for side in (1, 2):
        best: dict = {}
        for entry in sorted(scored, key=lambda e: (e[1:] in equal, e), reverse=True):
            taken = best.setdefault(entry[side], [])
            if len(taken) < _PARTNERS:
                taken.append(entry)
                keep.add(entry)
    return sorted(keep)


_EQUAL_KEYS = ("kind", "value", "low", "high", "unit", "period", "direction")


def _equal_in_role(i: int, j: int, a: Side, b: Side) -> bool:
    """The same value in the same unit on both sides (figures i of a and j of b), in roles the words do
    not set apart: the figure both restate ("declined to 61.3 percent, from 62.6 percent in 2001 and 63.6
    percent in 2000"), to be paired before any unequal one. Dates and bare numbers are left to their
    words: equal ones are often two things (two years named, two scores)."""
    keys_a, keys_b = a.equal_keys[i], b.equal_keys[j]  # None on either side: no value, or a date (so unequal)
    if keys_a is None or keys_b is None or any(map(operator.ne, keys_a, keys_b)):
        return False
    ra, rb = a.role(i), b.role(j)
    if ra is None or rb is None:
        return ra is rb  # no words on either side: the measure alone pairs them
    if ra.bare or rb.bare or _roles_clash(ra, rb, a, b):
        return False
    label_a, label_b = a.label(i), b.label(j)
    if label_a and label_b and label_a != label_b:
        return False  # the word that labels each: "profit 20 cts vs loss 90 cts" / "loss 20 cts"
    # when both say what they measure, they say one thing: "rose to 6.3 percent" is not "6.3 percent of workers"
    said_a, said_b = ra.head | {ra.verb} - {None}, rb.head | {rb.verb} - {None}
    return not (said_a and said_b) or bool(_shared_heads(ra.head, rb.head) or (ra.verb and ra.verb == rb.verb))


_LABEL_BEFORE = re.compile(r"([^\W\d_][\w'-]*)\s+$")


def _label_before(f: dict, version: Version) -> Optional[str]:
    """The role key of the content word right before a figure, with nothing between: in results lines
    and lists it says what the figure is ("profit 20 cts", "loss 20 cts")."""
    if not version.text or f.get("char_start") is None:
        return None
    found = _LABEL_BEFORE.search(version.text, 0, f["char_start"] - version.offset)
    if not found or found.group(1).casefold() in _SKIP:
        return None
    return _role_key(found.group(1))


def _other_measure_score(da, db, ra, rb, aligned, a, b) -> Optional[float]:
    """Figures of two dimensions (da, db) state one role only when the words say so: the same head noun
    ("a 5% pay rise", "a $2,000 pay rise") or the same slot of the aligned clauses; dates never."""
    if "date" in (da.name, db.name) or ra is None or rb is None:
        return None
    score = _role_score(ra, rb, aligned, False, a, b)
    if score is None or not (aligned or _shared_heads(ra.head, rb.head)):
        return None
    return score - 5.0  # below any pair of one dimension


def _candidate(score, i, j, a: Side, b: Side, equal: bool = False) -> tuple:
    fa, fb = a.figures[i], b.figures[j]
    ra, rb = a.role(i), b.role(j)
    judgement = _judge(i, j, a, b)
    role = {"a": _role_words(ra), "b": _role_words(rb)} if ra is not None or rb is not None else None
    paired = _Paired(i, j, judgement.verdict, judgement, role)
    if judgement.verdict == "conflict":
        doubt = (_conflict_doubt(fa, fb, ra, rb, score >= _ALIGNED_SCORE) or a.fragment or b.fragment
                 or _moment_doubt(i, j, a, b) or _event_doubt(fa, fb, ra, rb, a, b)
                 or _period_doubt(i, j, a, b))
        if doubt:
            paired = paired._replace(verdict="different measure", added=(f"; but {doubt}: they may not measure the same thing",))
    verdict = paired.verdict
    # how surely they state one role (aligned, head noun, verb) first, then agreement, then the words around
    # a value both sides state pairs first: "$334m, including $281m" against "$334m" is no conflict, nor
    # "dropped to 61.3 percent" against "declined to 61.3 percent, from ... 63.6 percent in 2000"
    (period_a, magnitude_a), (period_b, magnitude_b) = a.ranks[i], b.ranks[j]
    rank = (verdict == "same" or equal, int(score), _VERDICT_RANK[verdict], score, period_a == period_b,
            _closeness_of(magnitude_a, magnitude_b))
    return rank, i, j, verdict, paired


_ALIGNED_SCORE = 10.0  # _role_score of figures in the same place of the aligned clauses
# The unit of a hyphenated figure ("an eight - year deal", "the 15 - inch model", "two - thirds"): a clause
# that opens with one in lower case was cut from its sentence right after the figure that says which.
_CUT_UNITS = frozenset("""year years month months week weeks day days hour hours minute minutes inch inches foot
feet mile miles metre metres meter meters kilometre kilometres kilometer kilometers pound pounds point points
game games seat seats storey story percent thirds quarters fifths tenths halves old""".split())
_FRAGMENT_WORDS = 4  # a clause cut out of a sentence with fewer words besides its figures cannot tell which fact


def _fragment(version: Version) -> Optional[str]:
    """Why a clause is too short to tell one fact from another ("year, $160 million contract.": the tail of
    a sentence cut at "eight - year"), or None. A sentence of its own ("Only 12 meetings were held.") is no
    fragment: it opens with a capital."""
    text = (version.text or "").strip()
    if not text or text[:1].isupper() or any(f.get("char_start") is None for f in version.figures):
        return None
    spans = [(f["char_start"] - version.offset, f["char_end"] - version.offset) for f in version.figures]
    words = [w for w in _WORD.finditer(version.text) if not any(s < w.end() and w.start() < e for s, e in spans)]
    if len(words) < _FRAGMENT_WORDS:
        return f"\"{text}\" is a fragment, too short to say which fact it states"
    if words and words[0].group().casefold() in _CUT_UNITS and not version.text[:words[0].start()].strip():
        return (f"\"{text}\" was cut from its sentence right after a number (\"...-{words[0].group()}\"), "
                f"so which one it speaks of is lost")
    return None


def _conflict_doubt(fa: dict, fb: dict, ra: Optional[Role], rb: Optional[Role], aligned: bool) -> Optional[str]:
    """Why two disagreeing figures may be two facts rather than one disputed fact (None: nothing
    says so). A conflict needs strong evidence that both state one quantity of one event: the same
    place in the aligned clauses, or the same head noun and the same verb; and for dates the same
    verb, for bare numbers a noun or verb that says what they count."""
    if ra is None or rb is None:
        return None  # no words to read (figures given without their text): judged by measure alone
    heads = _shared_heads(ra.head, rb.head) - _WEAK_HEADS
    same_verb = ra.verb is not None and ra.verb == rb.verb
    if "report date" in (ra.part, rb.part):
        return "a date is when a report was written"
    if not aligned and not (heads and same_verb):
        return "they sit in different places of the two clauses, and no head noun and verb tie them"
    kinds = {fa.get("kind"), fb.get("kind")}
    if kinds & {"date", "year"} and not same_verb:
        return "no verb says both date the same event"
    if ra.bare and rb.bare and not heads and not same_verb:
        return "neither number says what it counts"
    if (ra.bare or rb.bare) and not (ra.bare and rb.bare) and not heads and not same_verb \
            and kinds & {"quantity", "money", "percent", "count"}:
        return "a bare number against a measure"
    if not heads and not same_verb and (ra.head or rb.head) and not (ra.head - _WEAK_HEADS or rb.head - _WEAK_HEADS):
        return "only a general word (times) ties them"
    if not heads and not same_verb and (ra.head & rb.head):
        return "only a general word (times) ties them"
    return None


_WEEKDAY = re.compile(r"(?i)\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
# A running count, stated up to the day it was written: "after eight days of riots", "so far".
_RUNNING_BEFORE = re.compile(r"(?i)\b(?:after|(?:for|in|over) the (?:past|last))\s+$|\bso far(?:\s+\w+){0,2}\s+$")
_RUNNING_AFTER = re.compile(r"(?i)(?:\s+\w+){0,6}?\s+(?:so far|to date|and counting|by (?:now|then|today|tonight|"
                            r"monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b")
# A toll that climbs as it is counted ("death toll climbs to 15", "the toll rose to 11"): a running count too.
_RISING_TOLL = re.compile(r"(?i)\btoll(?:\s+[a-z]+){0,4}?\s+(?:has\s+|had\s+)?(?:climb(?:s|ed)?|rises|rose|risen|mount(?:s|ed)?|jump(?:s|ed)?|"
                          r"soar(?:s|ed)?|reach(?:es|ed))\s+(?:to\s+)?(?:at\s+least\s+|about\s+|some\s+)?$")
# A total up to the moment of writing: a perfect tense ("has spent", "had been reported") on both sides, and one
# side saying it is a count to date ("so far", "as of yesterday afternoon").
_PERFECT = re.compile(r"(?i)\b(?:has|have|had|'s|'ve)\s+(?:not\s+)?(?:been\s+)?(?:[a-z]+ly\s+)?[a-z]+(?:ed|en|t|wn)\b")
_TO_DATE = re.compile(r"(?i)\b(?:so far|thus far|to date|as of|until now|up to now)\b")
# The pollster of a consensus ("analysts polled by Thomson First Call"): two pollsters average two panels.
_POLLED_BY = re.compile(r"\b(?:polled|surveyed|questioned)\s+by\s+((?:[A-Z][\w&.-]*)(?:\s+[A-Z][\w&.-]*){0,3})")
# A band of a ranking ("among the bottom 10 states", "the top five"): bands nest, so two can both be true.
_RANK_BAND = re.compile(r"(?i)\b(?:top|bottom)\s+$")
# A wire story's version number in its headline ("UPDATE 2-Egypt ...", "EXCLUSIVE-UPDATE 1-"): not about the event.
_WIRE_UPDATE = re.compile(r"(?i)(?:^|[\s-])update\s*$")
# A market move at the close against one during the day: "closed down 3.9%" / "plunged 5.4%".
_CLOSE = re.compile(r"(?i)\b(?:closed|closing|ended|finished|settled)\b|\b(?:at|to) the close\b|\bto close\b")
# A price or index quoted as it moves: of its moment, unless both sides give the close.
_MARKET = re.compile(r"(?i)\b(?:shares|stocks?|index|indexes|indices|trading|traded|trade|yields?|futures|crude|"
                     r"currency|yen|euro|sterling|points|gainers?|losers?|Nasdaq|Dow|S&P|FTSE|Nikkei|DAX|CAC)\b")
# Trading volume is a quote of its moment too: "26.5 million shares changed hands".
_VOLUME = re.compile(r"(?i)\bchanged hands\b|\btrading volume\b")
# A quote that says it moves though no verb of change does: a bond's price in 32nds ("firmed 31/32"), a price
# against an earlier level ("remains 43 percent below levels prior to").
_QUOTE_MOVE = re.compile(r"(?i)\b\d{1,2}/32\b|\b(?:percent|per cent|pct|%)\s+(?:below|above)\b")
_INTRADAY = re.compile(r"(?i)\b(?:intraday|at one point|in early trading|in morning trading|earlier in the day)\b")
# "as the team's director": the capacity a span of time was spent in.
_CAPACITY_AFTER = re.compile(r"(?i)\s+as\s+(?:a|an|the|his|her|their|its)\b")
_TIME_NOUNS = "week|month|year|day|night|season|time|decade|century|weekend|quarter|term|round|game|match"
_TIME_NOUN_SET = frozenset(_TIME_NOUNS.split("|"))
# "the last earthquake", "its previous record": an earlier instance of what the clause speaks of.
_PREVIOUS = re.compile(r"(?i)\b(?:the|its|his|her|their)\s+(?:last|previous|prior|preceding)\s+"
                       r"(?!(?:" + _TIME_NOUNS + r")s?\b)([a-z]+)")
# 4½ written "41/2" and read with its slash lost: "412 months" against "four months".
_LOST_FRACTION_TAILS = ("12", "14", "34")


# A price per unit a move ends at ("dropped 1.9 percent to A$4.75", "at $21.51"): a quote, not a total.
_PRICE_LEVEL = re.compile(r"\b(?:to|at)\s+(?:[A-Z]{1,2})?[$€£¥]\s?\d[\d,.]*(?![\d,.]*\s*(?:million|billion|trillion|bn|mn|m\b|[kKMB]\b))"
                          r"|\b(?:to|at)\s+\d[\d,.]*\s*(?:pence|cents|yen)\b")


@functools.lru_cache(maxsize=1 << 14)  # a clause is one side of several matches
def _states_a_change(text: str) -> bool:
    """The text has a verb of change: "rose", "fell", "dropped", "was up"."""
    return any(_role_key(w) == "change" for w in _WORD.findall(text))


# The quarter a result is for: "the fiscal second quarter", "the quarter ending in April", "the same quarter last year".
_QUARTER = re.compile(r"(?i)\b(first|second|third|fourth|1st|2nd|3rd|4th|same|year-ago|previous|prior)\s+(?:fiscal\s+)?quarter\b"
                      r"|\bquarter\s+(?:that\s+)?end(?:ing|ed|s)?\s+(?:in\s+|on\s+)?([A-Za-z]+)")


# Words that name one of two groups or moments that exclude each other: a clause with one and a clause with the
# other (and neither with both) speak of two things: private and public colleges, the Senate's and the House's plan.
_CONTRASTS = (("private", "public"), ("domestic", "foreign"), ("urban", "rural"), ("senior", "junior"),
              ("Senate", "House"), ("Democrats", "Republicans"), ("Democratic", "Republican"),
              ("morning", "afternoon"), ("morning", "evening"), ("afternoon", "evening"),
              ("northern", "southern"), ("eastern", "western"), ("imports", "exports"))
_CONTRAST_WORDS = {w: re.compile(rf"\b{w}\b" if w[0].isupper() else rf"(?i)\b{w}\b") for pair in _CONTRASTS for w in pair}


def _contrast(text_a: str, text_b: str) -> Optional[tuple]:
    """(word of a, word of b) when a names one side of a contrast and b the other, and neither both."""
    named_a, named_b = _contrast_words(text_a), _contrast_words(text_b)
    if not named_a or not named_b:
        return None  # a contrast needs a word on each side
    for x, y in _CONTRASTS:
        has = {w: (w in named_a, w in named_b) for w in (x, y)}
        if has[x] == (True, False) and has[y] == (False, True):
            return x, y
        if has[y] == (True, False) and has[x] == (False, True):
            return y, x
    return None


@functools.lru_cache(maxsize=1 << 14)  # a clause is one side of several matches: search it once
def _contrast_words(text: str) -> frozenset:
    """The _CONTRAST_WORDS the text names."""
    return frozenset(w for w, pattern in _CONTRAST_WORDS.items() if pattern.search(text))


def _quarters(text: str) -> frozenset:
    return frozenset((ordinal or month).casefold() for ordinal, month in _QUARTER.findall(text))


def _clause_around(version: Version, f: dict) -> tuple[str, str]:
    """The clause's text before and after figure f."""
    text = version.text or ""
    if f.get("char_start") is None:
        return text, ""
    return text[:f["char_start"] - version.offset], text[f["char_end"] - version.offset:]


def _lost_fraction(fa: dict, fb: dict) -> bool:
    va, vb = fa.get("value"), fb.get("value")
    if va is None or vb is None or va != int(va) or vb != int(vb) or va <= 0 or vb <= 0:
        return False
    for x, y in ((int(va), int(vb)), (int(vb), int(va))):
        digits = str(x)
        if digits.endswith(_LOST_FRACTION_TAILS) and digits[:-2] == str(y):
            return True
    return False


def _other_dates(version: Version, f: dict) -> list:
    """The dates and years a clause states besides figure f: what its other figures are of."""
    if f.get("kind") in ("date", "year"):
        return []  # two dates that disagree are the conflict itself, unless other figures differ too
    return [g for g in version.figures if g is not f and g.get("kind") in ("date", "year")]


class _ClauseMoments(NamedTuple):
    """What _moment_doubt reads of a whole clause (one side), searched once per clause."""

    days: frozenset  # the weekdays it names, casefolded
    clocks: tuple  # anchors.clock_times
    pollsters: frozenset
    quarters: frozenset
    perfect: bool  # a perfect tense
    to_date: bool  # "so far", "as of"
    close: bool  # a market's close
    intraday: bool
    moving: bool  # a verb of change, or trading volume
    quoted: bool  # a market price or index, or a price level


@functools.lru_cache(maxsize=1 << 14)  # one clause copied by several outlets: searched once
def _clause_moments(text: str) -> _ClauseMoments:
    return _ClauseMoments(
        frozenset(d.casefold() for d in _WEEKDAY.findall(text)), tuple(clock_times(text)),
        frozenset(m.casefold() for m in _POLLED_BY.findall(text)), _quarters(text),
        bool(_PERFECT.search(text)), bool(_TO_DATE.search(text)), bool(_CLOSE.search(text)),
        bool(_INTRADAY.search(text)), bool(_states_a_change(text) or _VOLUME.search(text) or _QUOTE_MOVE.search(text)),
        bool(_MARKET.search(text) or _PRICE_LEVEL.search(text)))


class _FigureMoments(NamedTuple):
    """What _moment_doubt reads of the words around one figure of a clause."""

    other_dates: list  # _other_dates
    wire_update: bool  # after a wire story's update number
    rank_band: bool  # after "top" or "bottom"
    running: bool  # a count up to the day it was written
    capacity: bool  # followed by "as the ...": a span spent in one capacity
    previous: Optional[str]  # "the last earthquake": an earlier instance, as written


def _figure_moments(side: "Side", index: int) -> _FigureMoments:
    f = side.figures[index]
    if f.get("char_start") is None:
        around = _moments_around(side.text or "", None, None)
    else:
        around = _moments_around(side.text or "", f["char_start"] - side.offset, f["char_end"] - side.offset)
    return _FigureMoments(_other_dates(side, f), *around)


@functools.lru_cache(maxsize=1 << 14)  # one clause copied by several outlets: searched once
def _moments_around(text: str, start: Optional[int], end: Optional[int]) -> tuple:
    """_FigureMoments' words around the figure at [start, end) of `text` (None: the whole text is before it)."""
    before, after = (text, "") if start is None else (text[:start], text[end:])
    previous = _PREVIOUS.search(before)
    return (bool(_WIRE_UPDATE.search(before)), bool(_RANK_BAND.search(before)),
            bool(_RUNNING_BEFORE.search(before) or _RUNNING_AFTER.match(after) or _RISING_TOLL.search(before)),
            bool(_CAPACITY_AFTER.match(after)), previous.group(0) if previous else None)


# A day named relative to the day of writing: "the shortage in the market today", "total help so far today".
_RELATIVE_DAY = re.compile(r"(?i)\b(?:today|tonight|yesterday|this\s+(?:morning|afternoon|evening))\b")


def _relative_days(a: Version, b: Version) -> Optional[str]:
    """Why two clauses that give their figures for "today" (or "yesterday", "this morning") speak of two days: the
    articles were published on two days. None when a date is unknown, they share one, or neither clause says so."""
    day_a, day_b = (str(v.published or "")[:10] for v in (a, b))
    if not day_a or not day_b or day_a == day_b:
        return None
    word = _RELATIVE_DAY.search(a.text) or _RELATIVE_DAY.search(b.text)
    if not word:
        return None
    return f"\"{word.group(0)}\" is the day of writing, and the articles are of two days ({day_a}; {day_b})"


def _moment_doubt(i: int, j: int, a: Side, b: Side) -> Optional[str]:
    """Why two disagreeing figures (i of a, j of b), read with their whole clauses, may be true at two
    moments or of two things: two days or times of day, two dates each clause is given for, two
    businesses the clauses open with, two pollsters, two nested bands of a ranking, a wire story's
    update number, two counts each up to its own day (a rising toll too; two perfect tenses, one "so far"),
    a close against a move during the day, one span in a stated capacity, one about an earlier instance,
    a lost fraction.
    None when nothing says so."""
    if not a.text or not b.text:
        return None
    fa, fb = a.figures[i], b.figures[j]
    if _lost_fraction(fa, fb):
        return f"{fa.get('text')} and {fb.get('text')} look like one written 4½ and read with its slash lost"
    ma, mb = a.moments, b.moments
    if ma.days and mb.days and not ma.days & mb.days:
        return f"they are given for two days ({', '.join(sorted(ma.days))}; {', '.join(sorted(mb.days))})"
    relative = _relative_days(a, b)
    if relative:
        return relative
    around_a, around_b = a.figure_moments(i), b.figure_moments(j)
    dates_a, dates_b = around_a.other_dates, around_b.other_dates
    if dates_a and dates_b and all(_compare(x, y, None, None).verdict == "conflict" for x in dates_a for y in dates_b):
        return (f"they are given for two dates ({', '.join(x['text'] for x in dates_a)}; "
                f"{', '.join(y['text'] for y in dates_b)})")
    businesses = businesses_differ(a.text, b.text)
    if businesses:
        return businesses
    if ma.clocks and mb.clocks and not any(abs(x - y) <= NEAR_MINUTES for x in ma.clocks for y in mb.clocks):
        return "they are given for two times of day"
    if ma.pollsters and mb.pollsters and not ma.pollsters & mb.pollsters:
        return f"they are two polls ({', '.join(sorted(ma.pollsters))}; {', '.join(sorted(mb.pollsters))})"
    contrast = _contrast(a.text, b.text)
    if contrast:
        return f"one is about {contrast[0]}, the other about {contrast[1]}"
    if ma.quarters and mb.quarters and not ma.quarters & mb.quarters:
        return "they are given for two quarters"
    if around_a.wire_update or around_b.wire_update:
        return "a wire story's update number is not a figure of the event"
    if around_a.rank_band and around_b.rank_band:
        return "both are bands of a ranking, and a thing in the narrower band is in the wider one too"
    if around_a.running and around_b.running:
        return "each counts up to the day it was written"
    if ma.perfect and mb.perfect and (ma.to_date or mb.to_date):
        return "both are totals up to the moment of writing, and one says it is a count to date"
    if ma.close != mb.close or ma.intraday != mb.intraday:
        if {fa.get("kind"), fb.get("kind")} & {"percent", "money", "number", "count"}:
            return "one gives the close, the other a move during the day"
    if (ma.moving or mb.moving) and (ma.quoted or mb.quoted) and not (ma.close and mb.close) \
            and not _only_direction_differs(i, j, a, b):
        return "a market price or index quoted as it moves is of its moment, and only both closes are one"
    if around_a.capacity != around_b.capacity \
            and (a.dims[i].name == "duration" or fa.get("unit") in _TIME_NOUN_SET):
        return "one counts the time spent in one capacity only"
    if (around_a.previous is None) != (around_b.previous is None):
        return f"one is about {around_a.previous or around_b.previous}, an earlier one"
    return None


def _only_direction_differs(i: int, j: int, a: Side, b: Side) -> bool:
    """One move stated both ways ("rose 1.3%", "fell 1.3%"): two moments of a price would hardly move by the
    same amount in opposite directions, so the sides disagree on the move itself. Only when each clause
    states that one figure of its kind: "down 0.3 pct from December when it rose 1.1 pct" against "rose 1.1
    pct after increasing by 0.3 pct in December" pairs two months' moves."""
    (fa, _), (fb, _) = a.judged(i), b.judged(j)
    if any(sum(f.get("kind") == side.figures[k].get("kind") for f in side.figures) > 1
           for side, k in ((a, i), (b, j))):
        return False
    directions = {fa.get("direction"), fb.get("direction")}
    return directions == {"up", "down"} and fa.get("low") is not None and fb.get("low") is not None \
        and fa.get("unit") == fb.get("unit") and (fa["low"], fa.get("high")) == (fb["low"], fb.get("high"))


# The events a toll is counted in: "7 killed in attacks across Iraq", "'9 Dead' in New Darfur Tribal Clash",
# "2 Traffic Accidents Leave 47 Dead". Several events (a plural) add up over a span the clause may not state.
_EVENT_NOUNS = ("attack|raid|clash|strike|airstrike|bombing|blast|explosion|accident|crash|collision|shooting|ambush|"
                "incident|battle|riot|protest|skirmish")
# Names of one kind of event ("a blast" may be the bombing), and general ones that may name any other.
_EVENT_KIND = {"blast": "bombing", "explosion": "bombing", "crash": "accident", "collision": "accident",
               "airstrike": "strike", "skirmish": "clash", "battle": "clash"}
_GENERAL_EVENTS = frozenset({"attack", "incident"})
_TOLL_WORDS = "killed|dead|died|wounded|injured|hurt|missing|arrested|detained"
_QUOTES = "\\s'\"‘’“”"
_EVENT_AFTER = re.compile(rf"(?i)^[{_QUOTES}]*(?:[\w-]+\s+){{0,2}}?(?:{_TOLL_WORDS})\b[{_QUOTES}]*(?:in|during|after)\s+"
                          rf"(?:[\w-]+\s+){{0,4}}?({_EVENT_NOUNS})(e?s)?\b")
_EVENT_BEFORE = re.compile(rf"(?i)\b({_EVENT_NOUNS})(e?s)?\s+(?:leave|leaves|left|kill|kills|killed|claim|claims|claimed)\s+$")
# An increment since the last report: "five more people had died", "a further 159 were infected".
_MORE_AFTER = re.compile(r"(?i)^\s+(?:more|further|additional|new)\b")
_MORE_BEFORE = re.compile(r"(?i)\b(?:a\s+further|another|an\s+additional)\s+$")
_COUNTED_UP = re.compile(rf"(?i)\b(?:{_TOLL_WORDS}|infected|cases|confirmed|deaths)\b")
# "without bail" against "on bail": a condition one side has and the other has not.
_WITHOUT = re.compile(r"(?i)\bwithout\s+(?:a\s+|an\s+|the\s+|any\s+)?([a-z]+)")
# Where an event struck, written as the verb's object: "strikes Thailand", "strikes off Indonesia island".
_STRUCK = re.compile(r"\b(?:[Ss]trikes|[Ss]truck|[Hh]its|[Rr]ocks|[Rr]ocked|[Jj]olts|[Jj]olted|[Ss]hakes|[Ss]hook)\s+"
                     r"(?:(?:off|near|in)\s+)?(?:the\s+)?(?:[a-z]+ern\s+|central\s+)?([A-Z][\w-]+)")


def _event_of(version: Version, f: dict) -> Optional[tuple[str, Optional[str]]]:
    """The kind of event a toll figure is counted in, and its plural as written when several:
    ("attack", "attacks"), ("clash", None)."""
    before, after = _clause_around(version, f)
    found = _EVENT_AFTER.match(after) or _EVENT_BEFORE.search(before)
    if not found:
        return None
    noun = found.group(1).casefold()
    return noun, (noun + found.group(2).casefold()) if found.group(2) else None


def _same_day(a: Side, b: Side) -> bool:
    """Both clauses state a day, and one they share: a weekday (the clauses' cached moments) or a date."""
    if a.moments.days & b.moments.days:
        return True
    dates_a = [g for g in a.figures if g.get("kind") == "date"]
    dates_b = [g for g in b.figures if g.get("kind") == "date"]
    return any(measures.compare(x, y).verdict == "same" for x in dates_a for y in dates_b)


def _is_increment(version: Version, f: dict) -> bool:
    before, after = _clause_around(version, f)
    return bool((_MORE_AFTER.match(after) or _MORE_BEFORE.search(before)) and _COUNTED_UP.search(after))


def _without(text_a: str, text_b: str) -> Optional[str]:
    """The noun one text has "without" and the other "on" or "with": "released without bail" / "on bail"."""
    for x, y in ((text_a, text_b), (text_b, text_a)):
        for noun in _WITHOUT.findall(x):
            if re.search(rf"(?i)\b(?:on|with)\s+(?:a\s+|an\s+|the\s+)?{re.escape(noun)}\b", y) \
                    and not re.search(rf"(?i)\bwithout\s+(?:a\s+|an\s+|the\s+|any\s+)?{re.escape(noun)}\b", y):
                return noun
    return None


def _struck_places(text_a: str, text_b: str) -> Optional[tuple]:
    """(place of a, place of b) when each clause says where its event struck and neither names the other's place."""
    place_a, place_b = _STRUCK.search(text_a), _STRUCK.search(text_b)
    if not place_a or not place_b:
        return None
    x, y = place_a.group(1), place_b.group(1)
    if _name_key(x) == _name_key(y) or re.search(rf"\b{re.escape(x)}\b", text_b) or re.search(rf"\b{re.escape(y)}\b", text_a):
        return None
    return x, y


def _share_groups_differ(fa: dict, fb: dict, ra: Role, rb: Role, a: Version, b: Version) -> Optional[tuple]:
    """Two shares of groups named by words the other clause never writes: "88 percent of the liberal
    democratic party" / "80 percent of the opposition democratic party"."""
    if fa.get("kind") != "percent" or fb.get("kind") != "percent":
        return None
    (_, after_a), (_, after_b) = _clause_around(a, fa), _clause_around(b, fb)
    if not re.match(r"(?i)\s+of\b", after_a) or not re.match(r"(?i)\s+of\b", after_b):
        return None
    words_a, words_b = (frozenset(_role_key(w) for w in _WORD.findall(v.text)) for v in (a, b))
    only_a, only_b = ra.head - words_b, rb.head - words_a
    if only_a and only_b and ra.head & rb.head:
        return tuple(" ".join(w for w in role.words if _role_key(w) in only)
                     for role, only in ((ra, only_a), (rb, only_b)))
    return None


_PLAIN_WORD = re.compile(r"[^\W\d_][\w.'’-]*")


def _subject_and_verb(version: Version, f: dict) -> Optional[tuple[str, str]]:
    """(subject, verb) as written when the figure is the object of the word right before it and a common
    word precedes that: "troops kill two children" gives ("troops", "kill"); None otherwise."""
    before, _ = _clause_around(version, f)
    if not before or not before[-1:].isspace():
        return None
    words = _PLAIN_WORD.findall(before[-80:])
    if len(words) < 2 or not before.rstrip().endswith(words[-1]):
        return None
    verb, rest = words[-1], [w for w in words[:-1] if w.casefold() not in _AUXILIARIES]
    if not rest or verb.casefold().strip(".") in _SKIP | _AUXILIARIES or _is_number_word(verb):
        return None
    subject = rest[-1].strip(".'’")
    if not subject or subject.casefold() in _SKIP or subject.casefold() in _PRONOUNS or _is_number_word(subject):
        return None
    return subject, verb


def _subjects_written_differ(fa: dict, fb: dict, a: Version, b: Version) -> Optional[tuple[str, str]]:
    """Two subjects of one verb, written without names the other side shares: "Nato troops kill two
    Afghan children" / "NATO strike kills 11 Afghan children", "naeem m. smuggled" / "the defendants
    smuggled". None when either subject is written on the other side too."""
    found_a, found_b = _subject_and_verb(a, fa), _subject_and_verb(b, fb)
    if not found_a or not found_b or stem(found_a[1].casefold()) != stem(found_b[1].casefold()):
        return None
    (subject_a, _), (subject_b, _) = found_a, found_b
    keys_a, keys_b = _text_role_keys(a.text), _text_role_keys(b.text)
    if _role_key(subject_a) == _role_key(subject_b) or _role_key(subject_a) in keys_b or _role_key(subject_b) in keys_a:
        return None
    return subject_a, subject_b


# A counted noun narrowed by a participle right after it: "intercepts two rockets fired at Beersheba".
_NARROWED_AFTER = re.compile(r"(?i)^\s+([a-z]+(?:ed|en)|shot|hit|sent|held|kept|built|sold|bought|made|found|caught|seen|left)\s+"
                             r"(?:at|into|on|from|in|by|near|toward|towards|against|inside|outside|across)\b")
_REPORTING = frozenset({"said", "says", "say", "reported", "reports", "told", "tells", "announced", "confirmed",
                        "estimated", "estimates"})


def _narrowed(version: Version, f: dict) -> Optional[str]:
    """The participle that narrows a counted object ("two rockets fired at"), or None: the figure must be
    a count that follows its verb (a headline's "35 militants killed in" is the passive, not a narrowing)."""
    if f.get("kind") != "count":
        return None
    before, after = _clause_around(version, f)
    words = _PLAIN_WORD.findall(before[-40:])
    if not words or not before.rstrip().endswith(words[-1]) or words[-1].casefold() in _SKIP | _AUXILIARIES | _REPORTING:
        return None
    found = _NARROWED_AFTER.match(after)
    return found.group(1) if found else None


def _event_doubt(fa: dict, fb: dict, ra: Optional[Role], rb: Optional[Role], a: Side, b: Side) -> Optional[str]:
    """Why two disagreeing figures may count two events or two groups, read from the words of the
    clauses: tolls of two kinds of event (an ambush, a bombing) or of several events over a span neither
    dates; two increments, each since its own last report; one group with a condition and one without;
    two places an event struck; shares of two groups. None when nothing says so."""
    if not a.text or not b.text or ra is None or rb is None:
        return None
    counts = {fa.get("kind"), fb.get("kind")} <= {"count", "number"}
    event_a, event_b = (_event_of(a, fa), _event_of(b, fb)) if counts else (None, None)
    kinds = {_EVENT_KIND.get(e[0], e[0]) for e in (event_a, event_b) if e}
    if event_a and event_b and len(kinds) == 2 and not kinds & _GENERAL_EVENTS:
        return f"they count the tolls of two events ({event_a[0]}; {event_b[0]})"
    several = next((e[1] for e in (event_a, event_b) if e and e[1]), None)
    if several and not _same_day(a, b):
        return f"a toll of several {several} that no shared day bounds may count other {several}"
    if counts and _is_increment(a, fa) and _is_increment(b, fb) and not _same_day(a, b):
        return "each counts what was added since its own last report"
    condition = _without(a.text, b.text)
    if condition:
        return f"one is with {condition}, the other without"
    places = _struck_places(a.text, b.text)
    if places:
        return f"they are about two places ({places[0]}; {places[1]})"
    subjects = _subjects_written_differ(fa, fb, a, b) if {fa.get("kind"), fb.get("kind")}.isdisjoint({"date", "year"}) else None
    if subjects:
        return f"they have two subjects ({subjects[0]}; {subjects[1]})"
    narrowed_a, narrowed_b = _narrowed(a, fa), _narrowed(b, fb)
    if bool(narrowed_a) != bool(narrowed_b):
        word = narrowed_a or narrowed_b
        if not re.search(rf"(?i)\b{re.escape(word)}\b", (b if narrowed_a else a).text):
            return f"one counts only those {word} as it says, the other all of them"
    groups = _share_groups_differ(fa, fb, ra, rb, a, b)
    if groups:
        return f"they are shares of two groups ({groups[0]}; {groups[1]})"
    owners = _possessors_differ(a, fa, b, fb)
    if owners:
        return f"they belong to two owners or places ({owners[0]}'s; {owners[1]}'s)"
    return None


# A name that owns the figure: "Quetta's 1.2 million people", "Pakistan's 140 million people", "GM's $2 billion".
_POSSESSOR_BEFORE = re.compile(r"\b([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2})['’]s\s+(?:[a-z][\w-]*\s+){0,2}$")


def _possessor(version: Version, f: dict) -> Optional[str]:
    found = _POSSESSOR_BEFORE.search(_clause_around(version, f)[0])
    return found.group(1) if found else None


def _possessors_differ(a: Version, fa: dict, b: Version, fb: dict) -> Optional[tuple[str, str]]:
    """(owner a, owner b) when each figure is owned by a name ("Quetta's", "Pakistan's") that the other clause
    never writes: a city's population against its country's, one company's sales against another's."""
    owner_a, owner_b = _possessor(a, fa), _possessor(b, fb)
    if not owner_a or not owner_b:
        return None
    if re.search(rf"(?i)\b{re.escape(owner_a)}\b", b.text) or re.search(rf"(?i)\b{re.escape(owner_b)}\b", a.text):
        return None
    return owner_a, owner_b


# The period a result is for, read from the words tied to its figure: "$354 million" "during the same quarter last
# year" against this quarter's "$126 million"; "for the nine months" against "in the quarter"; what "analysts
# expected" against what was reported. Words of a year ago (not "from a year ago", the base of a change; "last
# year" alone is often the latest year, "trade of $33.4 billion last year", so only "the same quarter last year"):
_YEAR_AGO = re.compile(r"(?i)\b(?:(?:a|one)\s+year\s+(?:ago|earlier|before)|year[-\s](?:ago|earlier)|"
                       r"(?:the\s+)?(?:previous|prior|preceding)\s+year|"
                       r"(?:same|corresponding|comparable)\s+(?:quarter|period|month|week|half|time)\s+(?:of\s+|in\s+)?last\s+year)\b")
_BASE_OF_CHANGE = re.compile(r"(?i)\b(?:from|over|than|on|versus|vs\.?|against|compared\s+(?:with|to)|since)\s+(?:the\s+)?$")
# "year" that names no span of a result: "year-on-year", "a 13-year veteran", "this year", "earlier this year".
_NOT_A_SPAN = re.compile(r"(?i)\byear[-\s](?:on|over|to)[-\s](?:year|date)\b|\b[\w.]+[-\s]years?[-\s]old\b|\b\d+[-\s]years?\b|"
                         r"\b(?:this|next|every|each|per|a)\s+year\b")
_SPANS = (("the nine months", re.compile(r"(?i)\bnine[-\s]months?\b")),
          ("the half", re.compile(r"(?i)\b(?:first|second)[-\s]half\b|\bsix[-\s]months?\b|\bhalf[-\s]year(?:ly)?\b")),
          ("the quarter", re.compile(r"(?i)\bquarter(?:ly|s)?\b|\bthree[-\s]months?\b")),
          ("the year", re.compile(r"(?i)\b(?:the|full|fiscal|financial|calendar|whole)[-\s]year\b|\bannual\b|"
                                  r"\b(?:12|twelve)[-\s]months?\b|\bfiscal\s+(?:19|20)?\d\d\b")))
# A forecast or estimate of a result (not "an estimated 25 bishops" nor "estimated at": a hedge on a count).
_ESTIMATE = re.compile(r"(?i)\b(?:expect(?:s|ed|ing|ations?)?|forecast(?:s|ed|ing)?|estimates?|projected|projects|"
                       r"projections?|predict(?:s|ed|ions?)?|anticipated?|anticipates|consensus|outlook|guidance)\b")
# Words after which a clause turns to another period or figure: "compared with", "up from", "than"; after an
# estimate, "from" names its source ("the consensus estimate from Thomson First Call"), so only comparisons.
_SWITCH = re.compile(r"(?i)\b(?:from|compared|versus|vs|against|than|and)\b|;")
_ESTIMATE_SWITCH = re.compile(r"(?i)\b(?:compared|versus|vs|against|than|exceed\w*|beat\w*|top\w*|miss\w*|above|below)\b")
# A figure stated in the future ("will decline 2.1 percent to $30.6 billion"): a forecast too, so no reported figure.
_FUTURE = re.compile(r"(?i)\b(?:will|would|could|might|may|shall)\b|\b(?:is|are)\s+(?:due|set|likely)\s+to\b")
_RESULT_KINDS = frozenset({"money", "percent"})


def _tied_before(before: str, pattern, switch=_SWITCH) -> Optional[str]:
    """The last match of `pattern` before a figure that no switch word ("compared with", "from") separates from it."""
    found = None
    for m in pattern.finditer(before):
        found = m
    if found is None or switch.search(before[found.end():]):
        return None
    return found.group(0)


def _tied_after(after: str, version: Version, pattern) -> Optional[str]:
    """The first match of `pattern` after a figure, before the next figure (dates aside) or switch word."""
    stop, next_kind = len(after), None
    switch = _SWITCH.search(after)
    if switch:
        stop = switch.start()
    end = len(version.text) - len(after)
    for g in version.figures:
        start = (g.get("char_start") or 0) - version.offset
        appositive = re.search(r"(?i),?\s+or\s+$", version.text[end:start]) is not None  # "$354 million, or 72 cents"
        spans_time = g.get("kind") in ("date", "year") or measures.dimension(g).name == "duration"  # "the nine months"
        if not spans_time and start >= end and not appositive and start - end < stop:
            stop, next_kind = start - end, g.get("kind")
    found = pattern.search(after[:stop])
    if found and next_kind in _RESULT_KINDS and not after[found.end():stop].strip(" ,"):
        return None  # it leads into the next figure: "after 2.54 billion in December and a year earlier 3.64 billion"
    return found.group(0) if found else None


# The base a change is measured from ("up from 109.3 mln", "vs 48.3 pct", "compared with a loss of $55.4 million"): an
# earlier period's figure whose period the clause may not say, so neither a year ago nor the current one.
_BASE_BEFORE = re.compile(r"(?i)\b(?:from|after|vs\.?|versus|against|compared\s+(?:with|to))\s+(?:(?!and\b)[\w$.,-]+\s+){0,6}$")


# Words of a year ago right after an amount are that amount's ("from 21.7 mln a year before, with ... up 5.3 pct").
_AFTER_A_FIGURE = re.compile(r"\d[\d,.]*\s*(?:[A-Za-z]+\s+){0,2}(?:(?:in|for|of)\s+(?:the\s+)?)?$")


def _year_ago(version: Version, f: dict) -> Optional[str]:
    """The words that give figure f for a year earlier ("a year ago", "the same quarter last year"), or None."""
    before, after = _clause_around(version, f)
    found = _tied_before(before, _YEAR_AGO)
    if found and not _AFTER_A_FIGURE.search(before[:before.rfind(found)]):
        return found
    after_match = _tied_after(after, version, _YEAR_AGO)
    if after_match and not _BASE_OF_CHANGE.search(after[:after.find(after_match)]):
        return after_match
    return None


def _spans(version: Version, f: dict) -> frozenset:
    """The spans of time figure f is given for ("the quarter", "the nine months", "the year")."""
    blank = lambda m: " " * len(m.group(0))  # noqa: E731  (same length: _tied_after counts positions)
    before, after = (_NOT_A_SPAN.sub(blank, _YEAR_AGO.sub(blank, t)) for t in _clause_around(version, f))
    return frozenset(name for name, pattern in _SPANS
                     if _tied_before(before, pattern) or _tied_after(after, version, pattern))


def _estimate(version: Version, f: dict) -> Optional[str]:
    """The word that makes figure f a forecast or estimate ("analysts expected", "the consensus estimate"), or None."""
    before, _ = _clause_around(version, f)
    hedge = re.search(r"(?i)\b(?:an\s+)?estimated\s+(?:at\s+)?(?:about\s+|some\s+|around\s+)?$", before)
    return None if hedge else _tied_before(before, _ESTIMATE, _ESTIMATE_SWITCH)


def _future(version: Version, f: dict) -> bool:
    """Figure f is stated in the future tense ("will decline 2.1 percent to $30.6 billion")."""
    return bool(_tied_before(_clause_around(version, f)[0], _FUTURE, _ESTIMATE_SWITCH))


class _FigurePeriods(NamedTuple):
    """What _period_doubt reads of the words around one figure of a clause (each None or empty when they
    do not say it)."""

    estimate: Optional[str]  # _estimate
    future: bool  # _future, read only for an estimate's other side
    year_ago: Optional[str]  # _year_ago
    base: bool  # a base of change before it ("up from ...", "compared with ...")
    spans: frozenset  # _spans


def _figure_periods(version: Version, f: dict) -> Optional[_FigurePeriods]:
    """_FigurePeriods of figure f of a clause, None when _period_doubt cannot read it (no text, no
    place, not an amount or rate)."""
    if not version.text or f.get("kind") not in _RESULT_KINDS or f.get("char_start") is None:
        return None
    return _FigurePeriods(_estimate(version, f), _future(version, f), _year_ago(version, f),
                          bool(_BASE_BEFORE.search(_clause_around(version, f)[0])), _spans(version, f))


def _period_doubt(i: int, j: int, a: Side, b: Side) -> Optional[str]:
    """Why two disagreeing amounts or rates (figure i of a, j of b) may be one measure of two periods,
    read from the words tied to each: an estimate against a reported result, a year-ago figure against a
    current one, two spans (the quarter against the nine months or the year). None when nothing says so.
    What each side's words say is read once per figure (Side.figure_periods): a figure is judged
    against several of the other side's, in every match of its clause."""
    pa, pb = a.figure_periods(i), b.figure_periods(j)
    if pa is None or pb is None:
        return None
    if bool(pa.estimate) != bool(pb.estimate) and not (pb.future if pa.estimate else pa.future):
        side, word = ("a", pa.estimate) if pa.estimate else ("b", pb.estimate)
        return f"{side} is an estimate (\"{word}\"), the other a reported figure"
    if bool(pa.year_ago) != bool(pb.year_ago) and not (pb.base if pa.year_ago else pa.base):
        side, words = ("a", pa.year_ago) if pa.year_ago else ("b", pb.year_ago)
        return f"{side} is for a year earlier (\"{words}\"), the other for the current period"
    if pa.spans and pb.spans and not pa.spans & pb.spans:
        return f"they are for two periods (a: {', '.join(sorted(pa.spans))}; b: {', '.join(sorted(pb.spans))})"
    return None


class _Paired(NamedTuple):
    """A step of a plan (compare_versions): figure i of a paired with figure j of b. Its detail is kept
    as what it is made of, the judgement, the two roles' words and what was added to its note, so that
    the plan holds nothing of the two outlets (_carried_out writes them in). Like the judgement's, the
    role's dict is shared by the details of every match the plan is for: read, never changed."""

    i: int
    j: int
    verdict: str
    judgement: measures.Judgement
    role: Optional[dict]  # {"a": words of a's role, "b": ...}, None when neither side's words are known
    added: tuple = ()  # each one the tail of a note that made the pair "different facts"

    @property
    def reason(self) -> Optional[str]:
        return "different facts" if self.added else self.judgement.detail.reason


class _Missing(NamedTuple):
    """A step of a plan: figure `index` of `side` has no partner (_missing says whether it is a row)."""

    index: int
    side: str


def _unless_others_differ(p: _Paired, a: Side, b: Side, used_a: set, used_b: set, found: Sequence[_Paired] = ()) -> _Paired:
    """A conflict whose clauses also state other, unpaired figures of one measure that disagree
    ("with 6MB of cache, clocked at 2.66 GHz" against "2.4GHz ... with 3MB of cache") may describe two
    things (two models, two quakes) rather than one thing two ways."""
    if p.verdict != "conflict":
        return p
    for other in found:  # a pair that disagrees too, set aside as different facts: "2.0GHz" / "2.4GHz"
        if other is p or other.verdict != "different measure" or other.reason != "different facts":
            continue
        fa, fb = a.figures[other.i], b.figures[other.j]
        if fa.get("kind") in ("date", "year") or fb.get("kind") in ("date", "year"):
            continue
        if a.dims[other.i] == b.dims[other.j] \
                and measures.compare(fa, fb, a.published, b.published).verdict == "conflict":
            return _two_things(p, fa, fb)
    for i, fa in enumerate(a.figures):
        if i in used_a or fa.get("kind") in ("date", "year"):
            continue
        for j, fb in enumerate(b.figures):
            if j in used_b or fb.get("kind") in ("date", "year"):
                continue
            if a.dims[i] == b.dims[j] and fa.get("kind") != "number" \
                    and measures.compare(fa, fb, a.published, b.published).verdict == "conflict":
                return _two_things(p, fa, fb)
    return p


_SERIES_RATIO = 1.5  # starting amounts this far apart are two series, not one series told two ways
_CHANGE_TO = re.compile(r"^\s*,?\s*to\s+$")  # "fell 4.5 percent to $2.3 billion"
# Words of a rise that are not verbs of change elsewhere: "growth of 7.9 percent", "will rebound 29.6 percent".
_RISE_BEFORE = re.compile(r"(?i)\b(?:growth|rebound(?:s|ed)?|increase|gain|rise)\s+(?:of\s+)?$")


def _start_of(change: dict, level: dict, version: Version, roles) -> Optional[float]:
    """The amount a level started from, when the clause gives the change that led to it right before it
    ("fell 4.5 percent to $2.3 billion": 2.3 / 0.955); None when it does not."""
    if roles is None or change.get("char_start") is None or level.get("char_start") is None:
        return None
    between = version.text[change["char_end"] - version.offset:level["char_start"] - version.offset]
    index = next((n for n, f in enumerate(version.figures) if f is change), None)
    direction = change.get("direction") or (roles[index].direction if index is not None and roles[index] else None)
    if direction is None and _RISE_BEFORE.search(version.text[:change["char_start"] - version.offset]):
        direction = "up"
    rate, amount = _magnitude(change), _magnitude(level)
    if not _CHANGE_TO.match(between) or direction not in ("up", "down") or rate is None or amount is None:
        return None
    factor = 1 + (rate if direction == "up" else -rate) / 100
    return amount / factor if factor > 0 else None


def _two_series(found: list, a: Side, b: Side) -> list:
    """Two conflicts of one pair of clauses, a change and the level it led to ("fell 4.5 percent to $2.3
    billion" / "were down about 1 percent to $4.55 billion"), whose starting amounts are far apart: two
    series (two businesses, two markets), not one told two ways."""
    conflicts = [p for p in found if p.verdict == "conflict"]
    kind = lambda p: (a.figures[p.i].get("kind"), b.figures[p.j].get("kind"))  # noqa: E731
    for change in (p for p in conflicts if kind(p) == ("percent", "percent")):
        for level in (p for p in conflicts if p is not change and kind(p)[0] == kind(p)[1] != "percent"):
            change_a, change_b, level_a, level_b = a.figures[change.i], b.figures[change.j], a.figures[level.i], b.figures[level.j]
            start_a, start_b = _start_of(change_a, level_a, a, a.roles), _start_of(change_b, level_b, b, b.roles)
            if not start_a or not start_b or max(start_a, start_b) / min(start_a, start_b) < _SERIES_RATIO:
                continue
            why = (f"; but each level follows its change ({change_a.get('text')} to {level_a.get('text')}; "
                   f"{change_b.get('text')} to {level_b.get('text')}), and the amounts they started from are "
                   f"{max(start_a, start_b) / min(start_a, start_b):.1f} times apart: they may be two series")
            return [p._replace(verdict="different measure", added=p.added + (why,)) if p is change or p is level else p
                    for p in found]
    return found


def _two_things(p: _Paired, fa: dict, fb: dict) -> _Paired:
    added = (f"; but the clauses also state {fa.get('text')} and {fb.get('text')}, "
             f"which disagree too: they may describe two things")
    return p._replace(verdict="different measure", added=p.added + (added,))


def _assign(candidates: list, a: Side, b: Side) -> list:
    """One to one, best first; then leftovers: a vague partner, missing, or nothing. The plan's steps."""
    used_a, used_b, found = set(), set(), []
    for _, i, j, _verdict, paired in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            found.append(paired)
    found = [_unless_others_differ(p, a, b, used_a, used_b, found) for p in found]
    found = _two_series(found, a, b)

    def vague_partner(mine_index: int, side: str) -> Optional[_Paired]:
        for _, i, j, verdict, paired in candidates:
            mine, other = (i, b.figures[j]) if side == "a" else (j, a.figures[i])
            if mine == mine_index and measures.is_vague(other) and verdict != "conflict":
                return paired
        return None

    for index in range(len(a.figures)):
        if index not in used_a:
            found.append(vague_partner(index, "a") or _Missing(index, "a"))
    for index in range(len(b.figures)):
        if index not in used_b:
            found.append(vague_partner(index, "b") or _Missing(index, "b"))
    return found


def _carried_out(plan: list, a: Side, b: Side) -> list[Comparison]:
    """The comparisons of a plan, with these two sides' figures and outlets."""
    found = []
    for step in plan:
        if type(step) is _Missing:
            if step.side == "a":
                row = _missing(a.figures[step.index], a.role(step.index), "a", a, b, b.roles)
            else:
                row = _missing(b.figures[step.index], b.role(step.index), "b", b, a, a.roles)
            if row:
                found.append(row)
        else:
            found.append(Comparison(a.figures[step.i], b.figures[step.j], step.verdict, _detail(step, a, b)))
    return found


def _detail(step: _Paired, a: Side, b: Side) -> dict:
    detail = step.judgement.detail.as_json(role=step.role, outlet_a=a.outlet, outlet_b=b.outlet)
    for added in step.added:
        detail = dict(detail, reason="different facts", note=f"{detail['note']}{added}")
    return detail


def compare_figures(fa: dict, fb: dict, date_a: Optional[str] = None, date_b: Optional[str] = None) -> dict:
    """Do two figures agree? {"verdict": same|compatible|conflict|different measure, "detail": Detail}."""
    judgement = measures.compare(fa, fb, date_a, date_b)
    return {"verdict": judgement.verdict, "detail": judgement.detail.as_json()}


def figure_differences(a, b) -> list[dict]:
    """`differences` rows (kind "figure") for two matched versions (Version or Side): every comparison but `same`."""
    return [
        {"kind": "figure", "verdict": c.verdict, "a": c.a and c.a.get("text"), "b": c.b and c.b.get("text"),
         "figure_a": c.a and c.a.get("id"), "figure_b": c.b and c.b.get("id"), "detail": c.detail}
        for c in compare_versions(a, b)
        if c.verdict != "same"
    ]


def compare_texts(a: str, b: str, date_a: Optional[str] = None, date_b: Optional[str] = None) -> list[dict]:
    """The figure comparison of two texts (crosscheck_compare): [{"a", "b", "verdict", "detail"}], each
    side's figure as written (None where a side states none), `same` included. Only the first
    MAX_COMPARED_FIGURES figures of each text are compared: pairing is quadratic, and a text with more
    is not a sentence but an article."""
    from ..figures import extract_figures

    def version(text, published):
        figures = [dict(f.as_row(), id=None) for f in extract_figures(text)][:MAX_COMPARED_FIGURES]
        return Version(text, figures, published)

    return [
        {"a": c.a and c.a.get("text"), "b": c.b and c.b.get("text"), "verdict": c.verdict, "detail": c.detail}
        for c in compare_versions(version(a, date_a), version(b, date_b))
    ]
