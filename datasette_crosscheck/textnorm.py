"""Text normalisation shared by the matcher, the differ and the SQL functions.

`content_tokens` turns a sentence into the words that carry its meaning: lower case, accents and
punctuation gone, name variants folded to one token (Daesh, ISIL, Islamic State -> isis), stop words
dropped, the rest stemmed. `clauses` cuts a long sentence into the claims it strings together, so
that each can be matched on its own.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable

ALIASES_PATH = Path(__file__).parent / "data" / "aliases.txt"

# Abbreviations with dots (U.S., U.N.), numbers with thousands separators or decimals, then words
# (letters and digits, with inner apostrophes: "Lafarge's", "don't"). Hyphens split words, so
# "al-Qaeda" and "al Qaeda" give the same tokens.
_TOKEN = re.compile(
    r"(?P<abbr>\b[^\W\d_](?:\.[^\W\d_])+\.?)"
    r"|(?P<num>\d+(?:[,.]\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?)"
    r"|(?P<word>[^\W_]+(?:['\u2019][^\W_]+)*)"
)

# The same pattern for ASCII text (most news), ~20% faster: on ASCII characters [^\W\d_] is
# [A-Za-z], [^\W_] is [A-Za-z0-9], \d is [0-9], and \b is the same boundary.
_ASCII_TOKEN = re.compile(
    r"(?=[A-Za-z0-9])(?:"
    r"(?P<abbr>\b[A-Za-z](?:\.[A-Za-z])+\.?)"
    r"|(?P<num>[0-9]+(?:[,.][0-9]{3})+(?:\.[0-9]+)?(?![0-9])|[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<word>[A-Za-z0-9]+(?:['\u2019][A-Za-z0-9]+)*))",
    re.ASCII,
)

# _ASCII_TOKEN without its groups: findall gives each match as one string (see _RawWords).
_ASCII_WORD = re.compile(
    r"(?=[A-Za-z0-9])(?:"
    r"\b[A-Za-z](?:\.[A-Za-z])+\.?"
    r"|[0-9]+(?:[,.][0-9]{3})+(?:\.[0-9]+)?(?![0-9])|[0-9]+(?:\.[0-9]+)?"
    r"|[A-Za-z0-9]+(?:['\u2019][A-Za-z0-9]+)*)",
    re.ASCII,
)

_POSSESSIVE = re.compile(r"['\u2019][sS]$")

STOP_WORDS = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also although
    always am among amongst an and another any anyhow anyone anything anyway anywhere are around as at
    be became because become becomes becoming been before beforehand behind being below beside besides
    between beyond both but by can cannot could did do does doing done down due during each either else
    elsewhere enough etc even ever every everyone everything everywhere except few for former formerly
    from further had has have having he hence her here hereafter hereby herein hers herself him himself
    his how however i ie if in indeed into is it its itself just last latter latterly least less many
    may me meanwhile might mine more moreover most mostly much must my myself namely neither never
    nevertheless next no nobody none noone nor not nothing now nowhere of off often on once one only
    onto or other others otherwise our ours ourselves out over own per perhaps please quite rather re
    really same say said says saying seem seemed seeming seems several she should since so some somehow
    someone something sometime sometimes somewhere still such than that the their theirs them
    themselves then thence there thereafter thereby therefore therein thereupon these they this those
    though through throughout thru thus to together too toward towards under unless until up upon us
    very via was we well were what whatever when whence whenever where whereafter whereas whereby
    wherein whereupon wherever whether which while whither who whoever whole whom whose why will with
    within without would yet you your yours yourself yourselves
    according also mr mrs ms dr st eg
    dont doesnt didnt isnt wasnt arent werent wont cant couldnt shouldnt wouldnt hasnt havent hadnt
    """.split()
)

# Everyday English words that are not stop words but say little about which event a sentence
# reports, attribution verbs among them ("accused", "confirmed": outlets attribute the same claim
# differently): a general prior for term weights (scoring.py halves them), so that names and rare
# words decide a match even in a small corpus whose own statistics mean little. Stemmed below.
COMMON_WORDS = frozenset(
    """
    able accept accuse act action add age ago agree allege allow announce answer appear apply area
    arm arrive article ask attack attempt away back bad base bear beat begin believe best better big
    bit body book bring build business buy call care carry case cause center certain chance change
    charge check child choose city claim clear close come comment community company complete concern
    confirm consider continue control cost country couple course cover create cut day deal decide
    decision describe detail develop die different difficult direct door draw drive drop early easy
    effect effort end enter event example expect experience explain express face fact fail fall
    family far fast father feel field fight figure fill final find fine finish firm first follow
    food force form forward free friend front full future game general get girl give go good great
    ground group grow hand happen hard head hear help high hit hold home hope hour house huge human
    idea important include increase information inside instead interest involve issue job join keep
    key kind know lack large late later lead learn leave left let level life light like line list
    little live local long look lose lot love low main major make man manage mark matter mean
    measure meet member mention mind minute miss moment money month mother move name near need new
    news nice night note number offer office official old open order organization page paper part
    particular party pass past pay people period person pick piece place plan play point position
    possible power present pretty problem process produce provide public publish pull put question
    quick raise rate reach read ready real reason receive recent record reduce refuse release remain
    remember remove report require rest result return reveal right rise role room rule run save
    school second see seek sell send sense serve service set share short show side sign simple
    single site situation size small social source speak special spend stand start state stay step
    stop story strong study subject suggest supply support sure system take talk team tell term test
    thing think time today top total town try turn type understand use usual value various view
    visit wait walk want watch water way week win woman word work world write wrong year young
    """.split()
)

# Spelled-out numbers become digits so that "two weeks" and "2 weeks" agree ("one" is a pronoun too).
NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
    if i >= 2
}

# Irregular forms that suffix rules cannot reach, mapped to the form the rules then stem.
IRREGULAR = {
    w: base
    for base, forms in {
        "pay": "paid", "say": "said", "sell": "sold", "buy": "bought", "tell": "told",
        "take": "took taken", "give": "gave given", "go": "went gone", "leave": "left",
        "hold": "held", "meet": "met", "run": "ran", "win": "won", "lose": "lost",
        "find": "found", "bring": "brought", "send": "sent", "spend": "spent", "build": "built",
        "begin": "began begun", "know": "knew known", "see": "saw seen", "write": "wrote written",
        "fall": "fell fallen", "rise": "rose risen", "strike": "struck", "fight": "fought",
        "think": "thought", "keep": "kept", "lead": "led", "flee": "fled", "shoot": "shot",
        "make": "made", "come": "came", "become": "became", "get": "got gotten",
        "drive": "drove driven", "break": "broke broken", "choose": "chose chosen",
        "speak": "spoke spoken", "steal": "stole stolen", "throw": "threw thrown",
        "grow": "grew grown", "draw": "drew drawn", "seek": "sought", "catch": "caught",
        "teach": "taught", "mean": "meant", "deal": "dealt", "feel": "felt", "hear": "heard",
        "stand": "stood", "understand": "understood", "sit": "sat", "lay": "laid",
        "hide": "hid hidden", "swear": "swore sworn", "wear": "wore worn", "fly": "flew flown",
        "eat": "ate eaten", "freeze": "froze frozen", "forget": "forgot forgotten",
        "die": "died dies dying", "lie": "lies lying", "tie": "tied ties tying",
        "man": "men", "woman": "women", "child": "children", "person": "people",
    }.items()
    for w in forms.split()
}

# Words the plural rule would damage.
_KEEP_FINAL_S = frozenset("news always perhaps series species whereas various chaos lens bias gas yes".split())


def load_aliases(path_or_lines: str | Path | Iterable[str] | None = None, extra: dict | None = None) -> dict:
    """Read alias groups ("canonical | variant | ...", one per line, # comments) into variant -> token.

    `path_or_lines` is a file path, or the lines themselves; None reads the default list.
    `extra` (variant -> canonical, e.g. from metadata.yml) is normalised the same way and wins.
    Keys are variants in normal form: lower case, one space between words; variants written all in
    capitals keep them, as they match only in capitals (US, IS, WHO).
    """
    if path_or_lines is None:
        path_or_lines = ALIASES_PATH
    if isinstance(path_or_lines, (str, Path)):
        lines = Path(path_or_lines).read_text(encoding="utf-8").splitlines()
    else:
        lines = list(path_or_lines)
    aliases = {}
    for line in lines:
        entries = [e.strip() for e in line.split("#", 1)[0].split("|") if e.strip()]
        if entries:
            canonical = _canonical_token(entries[0])
            for variant in entries:
                aliases[_variant_key(variant)] = canonical
    for variant, canonical in (extra or {}).items():
        aliases[_variant_key(variant)] = _canonical_token(canonical)
    aliases.pop("", None)
    return aliases


def _raw_words(text: str) -> list[str]:
    """Word tokens as written (case kept), abbreviation dots and apostrophes removed."""
    if text.isascii():
        return list(map(_ASCII_RAW.__getitem__, _ASCII_WORD.findall(text)))
    return [_raw_word(abbr, num, word) for abbr, num, word in _TOKEN.findall(text)]


class _RawWords(dict):
    """A word matched by _ASCII_WORD -> _raw_word of it, each distinct one worked out once. Which
    branch of _ASCII_TOKEN matched shows in the match itself: a number starts with a digit (the
    number branch takes any digit before the word branch can), an abbreviation holds a dot (a word
    or a number with a dot starts with a digit), the rest are words."""

    def __missing__(self, matched: str) -> str:
        if matched[0].isdigit():
            raw = _raw_word("", matched, "")
        elif "." in matched:
            raw = _raw_word(matched, "", "")
        else:
            raw = _raw_word("", "", matched)
        if len(self) >= MAX_PLAIN_TOKENS:
            self.clear()
        self[matched] = raw
        return raw


_ASCII_RAW = _RawWords()


def _raw_word(abbr: str, num: str, word: str) -> str:
    if word:
        if "'" in word or "\u2019" in word:
            word = _POSSESSIVE.sub("", word).replace("'", "").replace("\u2019", "")
        return word
    if num:
        return num.replace(",", "")
    return abbr.replace(".", "")


def _variant_key(variant: str) -> str:
    words = _raw_words(fold_accents(variant))
    key = " ".join(words)
    return key if _is_shout(key) else key.lower()


def _canonical_token(canonical: str) -> str:
    return "".join(_raw_words(fold_accents(canonical))).lower()


def _is_shout(word: str) -> bool:
    return word.isupper() and sum(c.isalpha() for c in word) >= 2


def fold_accents(text: str) -> str:
    """'Pérez' -> 'Perez'; ASCII text is returned as is."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _AliasIndex:
    """Alias lookup by token sequences, longest variant first."""

    def __init__(self, aliases: dict):
        self.exact = {}  # variants that match only as written (capitals)
        self.folded = {}  # variants that match in any case
        for variant, canonical in aliases.items():
            if _is_shout(variant):
                self.exact[tuple(variant.split())] = canonical
            else:
                self.folded[tuple(variant.lower().split())] = canonical
        self.longest = max((len(k) for k in (*self.exact, *self.folded)), default=0)
        self.first_exact = {k[0] for k in self.exact}
        self.first_folded = {k[0] for k in self.folded}
        self.words: dict = {}  # word as written -> its word_info

    def word_info(self, word: str) -> tuple:
        """What _analyse_words needs of `word` (see MAX_KNOWN_WORDS), computed once."""
        low = word.lower()
        token = _PLAIN_TOKENS.get(low, _UNSEEN)
        if token is _UNSEEN:
            token = _plain_token(low)
        letters = word.isalpha()
        capital = word[0].isupper()
        title_class = (2 if capital else 1) if len(word) > 3 and letters else 0
        shout_class = (2 if word.isupper() else 1) if len(word) > 1 and letters else 0
        info = (low, low in self.first_folded or word in self.first_exact, token, capital, title_class, shout_class)
        if len(self.words) >= MAX_KNOWN_WORDS:
            self.words.clear()
        self.words[word] = info
        return info

    def match(self, words: list[str], lowered: list[str], i: int, exact_ok: bool) -> tuple:
        """(canonical token, number of words) of the longest variant starting at word i, or
        (None, 1)."""
        may_exact = exact_ok and words[i] in self.first_exact
        for size in range(min(self.longest, len(words) - i), 0, -1):
            found = self.exact.get(tuple(words[i : i + size])) if may_exact else None
            if found is None:
                found = self.folded.get(tuple(lowered[i : i + size]))
            if found is not None:
                return found, size
        return None, 1


def _shouting(words: list[str]) -> bool:
    """All-capitals text (a shouted headline), where 'US' or 'IS' may be ordinary words."""
    letters = [w for w in words if len(w) > 1 and w.isalpha()]
    return len(letters) >= 3 and sum(w.isupper() for w in letters) >= 0.6 * len(letters)


_INDEXES: dict = {}  # id(aliases) -> (aliases, index): alias dicts are not changed once in use


def _index_for(aliases: dict | None) -> _AliasIndex:
    if aliases is None:
        aliases = DEFAULT_ALIASES
    cached = _INDEXES.get(id(aliases))
    if cached is None or cached[0] is not aliases:
        if len(_INDEXES) > 16:
            _INDEXES.clear()
        cached = _INDEXES[id(aliases)] = (aliases, _AliasIndex(aliases))
    return cached[1]


def analyse(text: str, aliases: dict | None = None) -> tuple[list[str], set[str]]:
    """Content tokens of `text`, and the subset that were written as names.

    A name is a token written with a capital letter that is not the first word, or an alias
    variant written so; title-case headlines name nothing.
    """
    return _analyse_words(_raw_words(fold_accents(text)), aliases)


def _analyse_words(words: list[str], aliases: dict | None) -> tuple[list[str], set[str]]:
    """analyse() of the words _raw_words found."""
    index = _index_for(aliases)
    known = index.words
    infos = [known.get(w) or index.word_info(w) for w in words]
    headline = _title_case_infos(infos)
    if True not in [info[1] for info in infos]:  # no word starts an alias: each word is its own token
        tokens = [info[2] for info in infos if info[2] is not None]
        names = set() if headline else {info[2] for info in infos[1:] if info[3] and info[2] is not None}
        return tokens, names
    lowered = [info[0] for info in infos]
    exact_ok = None  # is a capitals-only variant allowed here? decided when one first shows up
    tokens, names = [], set()
    i, n = 0, len(words)
    while i < n:
        _, starts_alias, token, capital, _, _ = infos[i]
        if starts_alias:
            if exact_ok is None:
                exact_ok = not _shouting_infos(infos)
            found, size = index.match(words, lowered, i, exact_ok)
            if found is not None:
                tokens.append(found)
                if not headline and any(w[0].isupper() for w in words[max(i, 1) : i + size]):
                    names.add(found)
                i += size
                continue
        if token is not None:
            tokens.append(token)
            if i and not headline and capital:
                names.add(token)
        i += 1
    return tokens, names


# What _analyse_words needs of a word, kept per alias index (_AliasIndex.word_info): news text uses
# the same words again and again. (lower case, may start an alias, plain token or None, capitalised,
# _title_case's class: 0 short or not letters / 1 lower / 2 capitalised, _shouting's: 0 not counted /
# 1 lower / 2 capitals)
MAX_KNOWN_WORDS = 1 << 20


def _title_case_infos(infos: list) -> bool:
    """_title_case of the words these infos describe."""
    classes = [info[4] for info in infos]
    longer = len(classes) - classes.count(0)
    return longer >= 3 and classes.count(2) > 0.75 * longer


def _shouting_infos(infos: list) -> bool:
    """_shouting of the words these infos describe."""
    classes = [info[5] for info in infos]
    letters = len(classes) - classes.count(0)
    return letters >= 3 and classes.count(2) >= 0.6 * letters


_UNSEEN = object()
_PLAIN_TOKENS: dict = {}  # lower-case word -> its token (None: a stop word), as _plain_token gives it
MAX_PLAIN_TOKENS = 1 << 20


def _plain_token(low: str):
    """The token of a lower-case word that starts no alias: None for a stop word or a single letter."""
    token = NUMBER_WORDS.get(low) or stem(low) if low not in STOP_WORDS and (len(low) > 1 or low.isdigit()) else None
    if len(_PLAIN_TOKENS) >= MAX_PLAIN_TOKENS:
        _PLAIN_TOKENS.clear()
    _PLAIN_TOKENS[low] = token
    return token


class Pieces:
    """analyse() of pieces of one text (text[start:end]), each done once: clauses() weighs pieces
    that the caller then analyses again (analysis.analyse_sentence)."""

    def __init__(self, text: str, aliases: dict | None = None):
        self.text, self.aliases = text, aliases
        self.found: dict = {}

    def analyse(self, start: int = 0, end: int | None = None) -> tuple[list[str], set[str]]:
        end = len(self.text) if end is None else end
        key = (start, end)
        found = self.found.get(key)
        if found is None:
            found = self.found[key] = analyse(self.text[start:end] if key != (0, len(self.text)) else self.text, self.aliases)
        return found


def _title_case(words: list[str]) -> bool:
    """A headline in title case: (nearly) every longer word capitalised, verbs too."""
    longer = [w for w in words if len(w) > 3 and w.isalpha()]
    return len(longer) >= 3 and sum(w[0].isupper() for w in longer) > 0.75 * len(longer)


def content_tokens(text: str, aliases: dict | None = None) -> list[str]:
    """The words that carry `text`'s meaning: lower case, aliases folded, stop words out, stemmed."""
    return analyse(text, aliases)[0]


_BRITISH = [
    (re.compile(r"(?<=\w{3})is(e|ed|es|ing|ation|ations)$"), r"iz\1"),  # organise -> organize
    (re.compile(r"(?<=\w{3})our(s|ed|ing|ite|ites|able)?$"), r"or\1"),  # labour -> labor
    (re.compile(r"(?<=\w{3})tre(s)?$"), r"ter\1"),  # centre -> center
    (re.compile(r"^(def|off|lic|pret)ence(s)?$"), r"\1ense\2"),  # defence -> defense
]
_VOWEL = re.compile(r"[aeiouy]")


@lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    """A small suffix stemmer: consistent rather than linguistically right.

    paid/paying/pays -> pay, terrorists -> terrorist, charged/charging/charge -> charg.
    """
    w = word.lower()
    w = IRREGULAR.get(w, w)
    if len(w) <= 3 or not w.isalpha():
        return w
    for pattern, replacement in _BRITISH:
        w = pattern.sub(replacement, w)
    # plurals and third person
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and w not in _KEEP_FINAL_S:
        w = w[:-1]
    if w.endswith("eed") and len(w) >= 5:  # agreed -> agree
        w = w[:-1]
    # adverbs: allegedly -> alleged
    if w.endswith("ly") and len(w) > 6:
        w = w[:-2]
    # past tense and participles
    for suffix in ("ing", "ied", "ed"):
        if w.endswith(suffix):
            base = w[: -len(suffix)]
            if suffix == "ied" and len(base) >= 2:
                w = base + "y"
            elif suffix != "ied" and len(base) >= 3 and _VOWEL.search(base):
                w = _undouble(base)
            break
    # a final silent e: charge / charged -> charg
    if len(w) > 3 and w.endswith("e") and not w.endswith("ee"):
        w = w[:-1]
    return w


def _undouble(base: str) -> str:
    """stopp -> stop, but sell and miss keep their double letter."""
    if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz" and base[-1] not in "aeiou":
        return base[:-1]
    return base


# Clause splitting --------------------------------------------------------------------------------

_PUNCTUATION_CUTS = (
    r";\s*"  # semicolons end a claim
    r"|(?P<conj>,\s+(?=(?:and|but|while|whereas|although|yet)\b))"  # ", and ..." starts another
    # ", for (allegedly) paying ...", ", by selling ...": the reason or means is a claim of its own;
    # so is what a non-restrictive ", which ..." says
    r"|,\s+(?=(?:for|by)\s+(?:allegedly\s+|reportedly\s+)?\w+ing\b)|,\s+(?=which\s)"
    r"|\s(?=but\s(?:\w+\s)?also\b)"  # "not only X but (they) also Y"
    r"|\s[\u2013\u2014]\s|\s--?\s|\u2014"  # spaced dashes and em dashes
    r"|:\s+(?=[\"\u201c])"  # a colon that introduces a quotation
)
_CLAUSE_CUTS = re.compile(
    _PUNCTUATION_CUTS
    # an attribution ends where the reported claim begins: "..., testified that", "According to X,"
    + r"|(?P<attribution>\b(?:said|says|told|testified|stated|reported|noted|added|claimed|alleged|confirmed"
    r"|suspected|believed|believes|found|showed|shows|revealed|announced|argued|insisted|warned|admitted"
    r"|denied|wrote|explained|acknowledged|estimated|estimates|emerged|tweeted)(?:\s+\w+)?\s+that\s"
    r"|^According to [^,]{1,80},\s)"
)
# Without "that" or a leading "According to " no attribution branch can match anywhere: the
# pattern without them finds the same cuts, in half the time (the word list is tried at every word).
_PUNCTUATION_CUTS_ONLY = re.compile(_PUNCTUATION_CUTS)


def _clause_cuts(text: str):
    """_CLAUSE_CUTS.finditer(text); a match's lastgroup says "conj" or "attribution"."""
    if "that" in text or text.startswith("According to "):
        return _CLAUSE_CUTS.finditer(text)
    return _PUNCTUATION_CUTS_ONLY.finditer(text)


_QUOTED = re.compile(r"\"[^\"]+\"|\u201c[^\u201c\u201d]+\u201d")
_REPORTING = frozenset(
    stem(w)
    for w in "say said says told tell tells added adds stated states noted notes wrote writes "
    "claimed claims explained explains asked asks reported reports according".split()
)
# Words that say who speaks and when, not what is claimed: reporting verbs, titles and days.
# "Attorney General Eric Holder said Wednesday that", "The Washington Post reported that" and
# "Pelosi (D-Calif.) said" state no claim of their own (claim_words).
ATTRIBUTION_STEMS = _REPORTING | frozenset(
    stem(w)
    for w in """
    tweeted tweets announced announces confirmed confirms testified testifies insisted warned admitted denied
    argued stressed statement statements interview quoted spokesman spokeswoman spokesperson spokesmen
    president former senator sen rep gov governor minister secretary attorney leader official
    officials director chairman chairwoman ceo coach manager mayor
    monday tuesday wednesday thursday friday saturday sunday today yesterday tonight tomorrow
    morning afternoon evening
    """.split()
)


def clauses(
    text: str,
    aliases: dict | None = None,
    min_words: int = 2,
    long_sentence: int = 8,
    min_quote: int = 5,
    tokens: list[str] | None = None,
    names: Iterable[str] = (),
    analyser: Pieces | None = None,
) -> list[tuple[int, int]]:
    """Spans of the claims a long sentence strings together; [(0, len(text))] for short sentences.

    Cuts at semicolons, before ", and"/", but"/", while" (not inside lists: "Turkey, Saudi Arabia,
    and Qatar") and "but also", after a leading "after/when/because ... ," clause, at spaced dashes, after a colon that introduces a quotation, after an attribution
    ("X testified that", "According to X,"), and around quotations
    of `min_quote` content words or more (scare quotes and quoted names stay). A piece with fewer
    than `min_words` claim words (claim_words: not names, reporting verbs, titles or days: "he said",
    "former President Bill Clinton") is merged into its smaller neighbour, but for an attribution
    that ends in "that" ("Attorney General Eric Holder said Wednesday that"), which stays apart. Sentences with fewer than `long_sentence` content words are not cut. Spans are
    trimmed of surrounding spaces. `tokens`: the content tokens of `text`, when already known;
    `names`: the tokens written as names in the whole sentence (a piece's first word may be one);
    `analyser`: a Pieces of `text` (with `aliases`), for a caller that analyses the clauses next.
    """
    whole = [(0, len(text))]
    analyser = Pieces(text, aliases) if analyser is None else analyser
    if tokens is None:
        tokens, names = analyser.analyse()
    if len(tokens) < long_sentence:
        return whole
    found = [m for m in _clause_cuts(text) if not (m.lastgroup == "conj" and _ends_list(text, m.start()))]
    cuts = {m.end() for m in found}
    attributions = {m.end() for m in found if m.lastgroup == "attribution"}
    for m in _QUOTED.finditer(text):
        if len(analyser.analyse(m.start(), m.end())[0]) >= min_quote:
            cuts.add(m.start())
            end = m.end()
            while end < len(text) and text[end] in ",.;:!?)":
                end += 1
            cuts.add(end)
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(text)), len(text)]
    pieces = [_trim(text, a, b) for a, b in zip(bounds, bounds[1:])]
    pieces = [piece for a, b in pieces if b > a for piece in _split_lead_clause(text, a, b)]
    if len(pieces) < 2:
        return whole  # nothing to weigh or merge
    sizes = [_claim_words(analyser.analyse(a, b), names) for a, b in pieces]
    # an attribution ("The officer further stated that") stays apart from the claim it reports, which
    # then matches on its own; the attribution states no claim (match.states_a_claim) and never matches
    sizes = [max(size, min_words) if _ends_at(text, b, attributions) else size for (a, b), size in zip(pieces, sizes)]
    pieces = _merge_small(pieces, sizes, min_words)
    return pieces if len(pieces) > 1 else whole


_LEAD_CLAUSE = re.compile(
    r"(?:after|before|when|whenever|while|since|because|although|though|as|if|once|until|unless|despite)\b"
    r"[^,;]{3,120}?,\s+",
    re.IGNORECASE,
)


def _ends_at(text: str, end: int, cuts: set) -> bool:
    """Does a trimmed piece ending at `end` end at one of the cuts (which may follow a space)?"""
    return end in cuts or end + 1 in cuts and text[end : end + 1].isspace()


def _split_lead_clause(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """"After Daesh seized the region, the factory started paying": the leading subordinate clause
    states a claim of its own."""
    m = _LEAD_CLAUSE.match(text, start, end)
    if m is None or m.end() >= end:
        return [(start, end)]
    return [_trim(text, start, m.end()), (m.end(), end)]


def _ends_list(text: str, comma: int) -> bool:
    """True for the comma of "X, Y, and Z" with a short Y: the ", and" closes a list, not a clause."""
    previous = text.rfind(",", 0, comma)
    return previous >= 0 and len(text[previous + 1 : comma].split()) <= 2


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _claim_words(analysed: tuple, names: Iterable[str]) -> int:
    tokens, own = analysed
    return len(claim_words(tokens, own | set(names)))


def claim_words(tokens: Iterable[str], names: Iterable[str] = ()) -> list[str]:
    """The tokens that say what is claimed: not a name, not who speaks or when (ATTRIBUTION_STEMS),
    not a number. A span without them only names someone or attributes ("Pelosi (D-Calif.) said")."""
    names = names if isinstance(names, (set, frozenset)) else set(names)  # a corpus' names: not copied per call
    return [t for t in tokens if t not in names and t not in ATTRIBUTION_STEMS and not t[:1].isdigit()]


def _merge_small(pieces: list, sizes: list, min_words: int) -> list:
    """Merge the smallest under-sized piece into its smaller neighbour until none is left."""
    pieces, sizes = list(pieces), list(sizes)
    while len(pieces) > 1:
        small = min(range(len(pieces)), key=lambda i: sizes[i])
        if sizes[small] >= min_words:
            break
        neighbours = [i for i in (small - 1, small + 1) if 0 <= i < len(pieces)]
        other = min(neighbours, key=lambda i: sizes[i])
        a, b = sorted((small, other))
        pieces[a : b + 1] = [(pieces[a][0], pieces[b][1])]
        sizes[a : b + 1] = [sizes[a] + sizes[b]]
    return pieces


DEFAULT_ALIASES: dict = load_aliases()
COMMON_STEMS = frozenset(stem(w) for w in COMMON_WORDS)
