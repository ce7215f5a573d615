from pathlib import Path

import pytest

from datasette_crosscheck.ingest.cleaning import CleanText, clean
from datasette_crosscheck.ingest.segment import Sentence, segment, segment_text

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))


def seed(number: int) -> CleanText:
    return clean(SEEDS[number].read_text(encoding="utf-8"), "md")


def sentences(ct: CleanText) -> list:
    return [(ct.text[s.start : s.end], s) for s in segment(ct)]


def texts(ct: CleanText) -> list:
    return [text for text, _ in sentences(ct)]


def find(ct: CleanText, fragment: str) -> Sentence:
    [found] = [s for text, s in sentences(ct) if fragment in text]
    return found


INVENTED = [
    clean("Council Approves Budget\n\nBy Jane Doe | May 5, 2021\n\nThe vote was 7-2. It passed.\n\n*\n\n"
          "Note to readers: please share this article. Thanks.", "md"),
    clean("LONDON, March 3 (Reuters) - Oil rose 2%. Brent hit $70.\n    Traders said so.\n", "text"),
    clean("", "md"),
]  # fmt: skip


@pytest.mark.parametrize("ct", [seed(n) for n in range(4)] + INVENTED)
def test_offsets_point_at_stripped_ordered_sentences(ct):
    previous_end = 0
    for s in segment(ct):
        text = ct.text[s.start : s.end]
        assert text and text == text.strip()
        assert s.start >= previous_end
        previous_end = s.end
        assert s.kind in {"heading", "byline", "dateline", "label", "body", "footer"}
        assert s.boilerplate == (s.reason is not None)


def test_every_word_of_a_seed_is_in_a_sentence_except_rules():
    ct = seed(0)
    covered = "".join(ct.text[s.start : s.end] for s in segment(ct))
    rules = "".join(ct.text[b.start : b.end] for b in ct.blocks if b.hint == "rule")
    assert sorted("".join(ct.text.split())) == sorted("".join(covered.split()) + "".join(rules.split()))


def test_a_sentence_broken_across_paragraphs_is_one_sentence():
    ct = seed(3)
    s = find(ct, "His call for vastly stepped-up US military action")
    text = ct.text[s.start : s.end]
    assert "without any regard for the consequences" in text
    assert text.endswith("who sits on the Senate Intelligence Committee.")
    assert s.kind == "body" and not s.boilerplate


def test_abbreviations_in_the_seeds_do_not_split():
    ct = seed(0)
    assert "confirmed in a statement Wednesday." in ct.text[find(ct, "US Army Col. Myles Caggins").start :][:400]
    s = find(ct, "On Oct. 16, after all Coalition personnel")
    assert ct.text[s.start : s.end].endswith("confirmed in a statement Wednesday.")


def test_seed_headings_bylines_and_datelines_are_their_own_sentences():
    ct = seed(0)
    assert [(text, s.kind) for text, s in sentences(ct)[:6]] == [
        ("US Finally Bombs French Factory in Syria Infamous for Funding ISIS", "heading"),
        ("By Tony Cartalucci", "byline"),
        ("Global Research, October 17, 2019", "dateline"),
        ("Region: Europe, Middle East & North Africa", "label"),
        ("Theme: Intelligence", "label"),
        ("In-depth Report: SYRIA", "label"),
    ]
    ct = seed(3)
    assert [(text, s.kind) for text, s in sentences(ct)[:3]] == [
        ("With US backing, France launches bombing campaign in Syria", "heading"),
        ("Nick Beams", "byline"),
        ("16 November 2015", "dateline"),
    ]
    ct = seed(1)
    assert [s.kind for _, s in sentences(ct)[:3]] == ["label", "heading", "byline"]
    assert find(ct, "No Criminal Trial, More Blaming Muslims").kind == "heading"


FOOTER_WORDS = [
    "share buttons", "Copyright", "Disclaimer", "newsletter", "Akismet", "PayPal", "Become a Member",
    "Comment on", "original source", "originally published", "Featured image", "fair use", "media inquiries",
    "Leave a Reply", "About the author", "Articles by", "To contact",
]  # fmt: skip


@pytest.mark.parametrize("number", range(4))
def test_every_footer_sentence_of_the_seeds_is_flagged(number):
    for text, s in sentences(seed(number)):
        if any(word.lower() in text.lower() for word in FOOTER_WORDS):
            assert s.boilerplate and s.kind == "footer", text


@pytest.mark.parametrize("number", range(4))
def test_no_body_sentence_of_the_seeds_is_flagged(number):
    for text, s in sentences(seed(number)):
        if s.kind == "body":
            assert not s.boilerplate, text


def test_the_page_after_the_footer_start_is_footer():
    for number, last in [(0, "For media inquiries"), (1, "Muslim World Journal"), (3, "wsws.org/contact")]:
        ct = seed(number)
        assert ct.text[segment(ct)[-1].start :].startswith(last)
        assert segment(ct)[-1].kind == "footer"
    ct = seed(0)
    bio = find(ct, "Bangkok-based geopolitical researcher")
    assert bio.kind == "footer" and bio.reason == "author bio"
    assert find(ct, "Note to readers").reason == "share request"
    assert find(ct, "This article was originally published on").reason == "original source note"


def test_the_lafarge_payment_is_body_not_boilerplate():
    ct = seed(1)
    s = find(ct, "Lafarge is accused of paying")
    payment = "Lafarge is accused of paying at least €13,000,000 to the terrorist organisation."
    assert ct.text[s.start : s.end] == payment
    assert s.kind == "body" and not s.boilerplate and s.reason is None


ONE_SENTENCE_EACH = [
    "US Army Col. Myles Caggins, a spokesman, confirmed it.",
    "On Oct. 16, after all personnel departed, the strike took place.",
    "Gen. Joseph Votel said the U.S. would stay.",
    "Lt. Col. Ann Ray met Sgt. Bo Li at 5 p.m. on Friday.",
    "The meeting was held at St. Mary church in Jan. 2019.",
    "Mr. Smith and Dr. Jones met at No. 10 on Main St. yesterday.",
    "Acme Inc. agreed to buy Foo Corp. for $1.5bn.",
    "Lafarge is accused of paying at least €13,000,000 to the group.",
    "Shares rose 3.5% to 1.1m units.",
    'He said "this is it."',
    "“It becomes more and more difficult,” the memo said.",
    "Then he left.",
]


def test_abbreviations_and_amounts_never_split_a_sentence():
    text = " ".join(ONE_SENTENCE_EACH)
    assert [text[start:end] for start, end in segment_text(text)] == ONE_SENTENCE_EACH


def test_segment_text_strips_space_and_handles_empty_strings():
    assert segment_text("") == []
    assert segment_text("   ") == []
    text = "  First one.   Second one.  "
    assert [text[s:e] for s, e in segment_text(text)] == ["First one.", "Second one."]


def test_invented_article_kinds_and_flags():
    ct = INVENTED[0]
    assert [(text, s.kind, s.reason) for text, s in sentences(ct)] == [
        ("Council Approves Budget", "heading", None),
        ("By Jane Doe | May 5, 2021", "byline", None),
        ("The vote was 7-2.", "body", None),
        ("It passed.", "body", None),
        ("Note to readers: please share this article.", "footer", "share request"),
        ("Thanks.", "footer", "share request"),
    ]


def test_a_wire_dateline_is_its_own_sentence():
    ct = INVENTED[1]
    assert [(text, s.kind) for text, s in sentences(ct)] == [
        ("LONDON, March 3 (Reuters) -", "dateline"),
        ("Oil rose 2%.", "body"),
        ("Brent hit $70.", "body"),
        ("Traders said so.", "body"),
    ]


def test_labels_are_site_labels():
    ct = clean("Tags: Syria, France\n\nThe talks resumed on Monday, officials said.", "md")
    assert [(s.kind, s.reason) for s in segment(ct)] == [("label", "site label"), ("body", None)]


def test_news_about_the_same_words_is_not_boilerplate():
    ct = clean(
        "Shares of PayPal Holdings rose 3% on Monday. He wanted to become a member of the board. "
        "The copyright lawsuit was dismissed. She subscribes to the theory that prices will fall. "
        "Photos by residents on social media showed the flooded streets of the old town near the river.\n\n"
        "Analysts said the outlook was mixed.",
        "md",
    )
    assert all(s.kind == "body" and not s.boilerplate for s in segment(ct))


def test_a_table_gives_one_sentence_per_row():
    ct = clean("Prices were:\n Wheat   2.55   2.40\n Corn    1.35   1.92\n", "text")
    assert texts(ct) == ["Prices were:", "Wheat   2.55   2.40", "Corn    1.35   1.92"]


def test_a_section_break_rule_does_not_start_the_footer():
    body = "The talks went on for hours and ended late, officials said."
    ct = clean(f"{body}\n\n* * *\n\n{body}\n\n{body}\n\nThe parties will meet again next week.", "md")
    assert all(s.kind == "body" and not s.boilerplate for s in segment(ct))


def test_a_party_and_state_after_a_name_never_ends_a_sentence():
    text = (
        "Senate Minority Leader Mitch McConnell (R-Ky.) Wednesday said the bill would fail. "
        "The vote was led by Sen. Rand Paul (R-Ky.), who voted against it. Pelosi (D-Calif.) Tuesday agreed. "
        "It rained (a lot.) Then it stopped."
    )
    assert [text[a:b] for a, b in segment_text(text)] == [
        "Senate Minority Leader Mitch McConnell (R-Ky.) Wednesday said the bill would fail.",
        "The vote was led by Sen. Rand Paul (R-Ky.), who voted against it.",
        "Pelosi (D-Calif.) Tuesday agreed.",
        "It rained (a lot.)",
        "Then it stopped.",
    ]
