"""The boilerplate rules, in one place: what makes a sentence page furniture rather than news.

Two kinds of evidence, both flagged with a reason and never removed (the sentence stays in the text
and in the table; the matcher leaves it out by default):
- its shape: share requests, copyright lines, newsletters, donation calls, author bios... found in
  one article by `boilerplate_reason` (segment.py cuts the sentences and finds the footer with it);
- its repetition: a sentence that recurs word for word across articles of one outlet (load.py's
  `repeated` pass runs `REPEATED_SQL`, built here from the thresholds below).
"""

from __future__ import annotations

import re
from typing import Iterator, Optional


# (reason, words one of its shapes needs, the shapes): the cheap word test spares most sentences the regex.
BOILERPLATE = [
    ("share request", ("share button", "share this", "forward this", "crosspost", "note to readers"),
     r"share buttons|forward this article|crosspost on|share this (?:article|story|post)|^note to readers"),
    ("copyright", ("copyright", "©", "rights reserved", "fair use"),
     r"^copyright\b|copyright\s*©|©|all rights reserved|copyrighted material|copyright owner|\bfair use\b"),
    ("disclaimer", ("disclaimer", "responsibility"), r"^disclaimer\b|sole responsibility of the author"),
    ("newsletter", ("newsletter", "informed", "subscribe"),
     r"\b(?:subscribe|sign up|join)\b.{0,40}\bnewsletter|\bour newsletters?\b|^stay informed\b|^subscribe\b"),
    ("comment/membership call",
     ("leave a", "akismet", "comment", "become a", "facebook page", "follow us", "join the "),
     r"^leave a (?:reply|comment)|\bakismet\b|comment data is processed|^comment on\b|on our facebook page|"
     r"^become an? (?:member|patron|subscriber|supporter)\b|^follow us\b|^join the (?:discussion|conversation)"),
    ("donation", ("paypal", "support the", "support our", "please support", "patreon", "donat"),
     r"\bpaypal\s*[:(]|via paypal|support the project|support our work|patreon\.com|^please (?:donate|support)|"
     r"\bdonat(?:e|ion)\b.{0,40}\b(?:help|support|work|project)"),
    ("author bio", ("about the author", "articles by", "contributor"),
     r"^about the author\b|^articles by\b|\bfrequent contributor\b"),
    ("original source note", ("original", "first published", "first appeared", "first posted", "appeared"),
     r"original source of this article|\b(?:originally|first) (?:published|appeared|posted)\b|"
     r"^this article (?:first )?appeared"),
    ("image credit", ("image", "photo", "picture"),
     r"^(?:featured |top |header |cover |lead )?(?:image|photo|photograph|picture)s?"
     r"(?: credits?| source)?(?: is)? *(?:from|by|courtesy|:)"),
    ("contact note", ("inquiries", "enquiries", "contact"),
     r"^for (?:media|press) (?:inquiries|enquiries)|^to contact\b|^contact us\b"),
]  # fmt: skip
BOILERPLATE_SHAPES = [(reason, words, re.compile(shapes, re.I)) for reason, words, shapes in BOILERPLATE]
# A line about the author: "Jane Doe is a ...", "She writes ..."
AUTHOR_BIO = re.compile(
    r"^(?:[A-Z][\w'’.-]+\s+){1,3}(?:is|was)\s+(?:a|an|the)\b|^(?:He|She|They)\s+(?:is|was|has|writes|lives)\b"
)


SHORT_ONLY = {"image credit": 15}  # "Photos by residents show the damage in the old town." is news


def boilerplate_reason(sentence: str) -> Optional[str]:
    """The reason a sentence (or a whole block) is boilerplate by its shape, or None."""
    lowered = sentence.lower()
    for reason, words, shapes in BOILERPLATE_SHAPES:
        if any(word in lowered for word in words) and shapes.search(sentence):
            if len(sentence.split()) <= SHORT_ONLY.get(reason, len(sentence)):
                return reason
    return None


def trigger_positions(lowered: str) -> Iterator[int]:
    """Where a trigger word of any rule starts in a lower-cased text (with repeats)."""
    for _, words, _ in BOILERPLATE_SHAPES:
        for word in words:
            at = lowered.find(word)
            while at != -1:
                yield at
                at = lowered.find(word, at + 1)


# A footer starts at a block opening with one of these even when page furniture is not all that follows.
STRONG_FOOTER_REASONS = {"share request", "author bio"}


# --- repeated within an outlet -----------------------------------------------------------------------

# A sentence that recurs word for word (case and surrounding space aside) in this many articles of
# one outlet is its furniture: footers, share requests, disclaimers...
REPEATED_MIN_ARTICLES = 2
# ... but a short one must recur in more, so that a stock phrase ("He declined to comment.") is not
# taken for a footer.
SHORT_REPEATED_MIN_ARTICLES = 3
SHORT_SENTENCE_CHARS = 40  # shorter than this (as stored, untrimmed) is short

# Flags the repeated sentences of the outlet :outlet that are not boilerplate yet, with the reason
# "repeated in N articles of OUTLET"; returns their ids. Sentences are compared in SQL, over all
# the outlet's stored sentences, lower-cased by SQLite (which folds ASCII letters only) and trimmed.
REPEATED_SQL = """
with outlet_sentences as (
  select s.id, s.article_id, lower(trim(s.text)) as norm, length(s.text) as size
  from sentences s join articles a on a.id = s.article_id
  where a.outlet = :outlet
),
repeated as (
  select norm, count(distinct article_id) as n from outlet_sentences
  group by norm having n >= :min_articles
),
flagged as (
  select o.id, r.n from outlet_sentences o join repeated r on r.norm = o.norm
  where r.n >= :short_min_articles or o.size >= :short_chars
)
-- UPDATE FROM joins each sentence to its count once (a correlated subquery scanned every repeated
-- sentence for each one flagged: quadratic in the outlet's repeats)
update sentences set boilerplate = 1, boilerplate_reason = 'repeated in ' || flagged.n || ' articles of ' || :outlet
from flagged
where sentences.id = flagged.id and sentences.boilerplate = 0
returning sentences.id
"""


def repeated_parameters(outlet: str) -> dict:
    """The parameters of REPEATED_SQL for one outlet."""
    return {
        "outlet": outlet,
        "min_articles": REPEATED_MIN_ARTICLES,
        "short_min_articles": SHORT_REPEATED_MIN_ARTICLES,
        "short_chars": SHORT_SENTENCE_CHARS,
    }
