import re
from pathlib import Path

import pytest

from datasette_crosscheck.ingest.cleaning import HINTS, CleanText, clean, split_front_matter

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))


def seed(number: int) -> str:
    return SEEDS[number].read_text(encoding="utf-8")


def words(text: str) -> list:
    return re.findall(r"\w+", text)


def block_texts(ct: CleanText) -> list:
    return [ct.text[b.start : b.end] for b in ct.blocks]


def test_there_are_four_seeds():
    assert len(SEEDS) == 4


@pytest.mark.parametrize("number", range(4))
def test_seed_words_and_their_order_are_kept(number):
    raw = seed(number)
    without_link_targets = re.sub(r"\]\([^)]*\)", "]", raw)
    assert words(clean(raw, "md").text) == words(without_link_targets)


@pytest.mark.parametrize("number", range(4))
def test_blocks_are_ordered_spans_joined_by_blank_lines(number):
    ct = clean(seed(number), "md")
    assert ct.text == ct.text.strip()
    assert ct.blocks[0].start == 0 and ct.blocks[-1].end == len(ct.text)
    for before, after in zip(ct.blocks, ct.blocks[1:]):
        assert ct.text[before.end : after.start] == "\n\n"
    for block in ct.blocks:
        text = ct.text[block.start : block.end]
        assert text == text.strip() and "\n" not in text
        assert block.hint in HINTS and block.hint != "table"


def test_markdown_links_become_their_text_and_are_returned_as_spans():
    ct = clean(seed(0), "md")
    assert "](" not in ct.text and "[" not in ct.text
    linked = {(ct.text[start:end], href) for start, end, href in ct.links}
    assert ("Tony Cartalucci", "#") in linked
    assert ("Land Destroyer Report", "#") in linked
    assert ("Comment on Global Research Articles on our Facebook page", "#") in linked


def test_link_targets_are_kept_out_of_the_text():
    ct = clean(seed(3), "md")
    assert "http://wsws.org" not in ct.text
    assert ("wsws.org/contact", "http://wsws.org/contact") in {(ct.text[s:e], h) for s, e, h in ct.links}


def test_emphasis_markers_are_removed_and_a_lone_star_is_a_rule():
    ct = clean(seed(0), "md")
    assert "**" not in ct.text
    assert "two Coalition F-15Es successfully conducted a pre-planned precision airstrike" in ct.text
    rules = [b for b in ct.blocks if b.hint == "rule"]
    assert len(rules) == 1 and ct.text.count("*") == 1
    assert "This was met with what the Financial Times described" in clean(seed(3), "md").text


def test_heading_marker_is_removed_and_hinted():
    ct = clean(seed(3), "md")
    assert ct.blocks[0].hint == "heading"
    assert block_texts(ct)[0] == "With US backing, France launches bombing campaign in Syria"


def test_paragraphs_broken_mid_sentence_are_joined():
    text = clean(seed(3), "md").text
    assert "His call for vastly stepped-up US military action, without any regard for the consequences" in text
    assert "following a ceasefire, a process would be set in motion" in text
    assert "more goodwill, especially from Russian action on the ground" in text


def test_a_heading_followed_by_lower_case_is_not_joined():
    ct = clean("A Quiet Heading\n\nthe body starts in lower case here.", "md")
    assert block_texts(ct) == ["A Quiet Heading", "the body starts in lower case here."]
    ct = clean("# Heading\n\nlower case start.", "md")
    assert len(ct.blocks) == 2


def test_an_address_after_a_colon_stays_its_own_block():
    ct = clean(seed(3), "md")
    assert block_texts(ct)[-2:] == ["To contact the WSWWS and the Socialist Equality Party visit:", "wsws.org/contact"]


def test_hard_line_break_becomes_a_space():
    ct = clean("To contact the editors and the  \nreaders desk, write to us.", "md")
    assert ct.text == "To contact the editors and the readers desk, write to us."


def test_lines_of_a_one_paragraph_per_line_page_are_blocks():
    # seed 000: two short footer lines separated by one newline on a page with long lines
    texts = block_texts(clean(seed(0), "md"))
    assert "The original source of this article is Global Research" in texts
    assert "Copyright © Tony Cartalucci, Global Research, 2019" in texts


def test_short_paragraphs_one_per_line_are_blocks():
    raw = "Rain Expected Friday\nForecasters expect rain on Friday.\nThe storm will pass by Sunday.\nRoads may flood.\n"
    assert block_texts(clean(raw, "text")) == [
        "Rain Expected Friday",
        "Forecasters expect rain on Friday.",
        "The storm will pass by Sunday.",
        "Roads may flood.",
    ]


def test_hard_wrapped_newswire_lines_are_joined_and_indents_start_paragraphs():
    raw = (
        "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought.\n"
        "    The dry period means the temporao will\nbe late this year.\n"
        "    BP North America is a subsidiary of British Petroleum Co\nPlc <BP>, which owns 55 pct.\n"
    )
    ct = clean(raw, "text")
    assert block_texts(ct) == [
        "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought.",
        "The dry period means the temporao will be late this year.",
        "BP North America is a subsidiary of British Petroleum Co Plc <BP>, which owns 55 pct.",
    ]


def test_aligned_columns_stay_a_table():
    raw = (
        "Prices were as follows:\n"
        "         Natl   Loan     Call\n"
        " Wheat   2.55   2.40     4.65\n"
        " Corn    1.35   1.92     3.15\n"
        "    Reserves have matured.\n"
    )
    ct = clean(raw, "text")
    assert [b.hint for b in ct.blocks] == ["paragraph", "table", "paragraph"]
    table = block_texts(ct)[1].split("\n")
    assert table[1] == "Wheat   2.55   2.40     4.65"
    assert len(table) == 3


def test_entities_and_stray_tags_are_markup():
    ct = clean("Profits &amp; losses<br>rose 5%.<p>Next &quot;paragraph&quot;.</p>", "text")
    assert block_texts(ct) == ["Profits & losses rose 5%.", 'Next "paragraph".']


def test_upper_case_company_codes_in_angle_brackets_are_words():
    ct = clean("Phillips Petroleum <P> and Du Pont <DD> agreed.", "text")
    assert ct.text == "Phillips Petroleum <P> and Du Pont <DD> agreed."


def test_autolinks_become_the_address():
    ct = clean("Donate via: <http://example.org/donate/> or by mail.", "md")
    assert ct.text == "Donate via: http://example.org/donate/ or by mail."
    [(start, end, href)] = ct.links
    assert ct.text[start:end] == href == "http://example.org/donate/"


def test_quotes_and_lists():
    ct = clean("> first quoted line\n> second line\n\n- one item\n- two\n  continued", "md")
    assert [(b.hint, ct.text[b.start : b.end]) for b in ct.blocks] == [
        ("quote", "first quoted line second line"),
        ("list", "one item"),
        ("list", "two continued"),
    ]


def test_whitespace_is_normalised_and_unicode_kept():
    ct = clean(seed(1), "md")
    assert "cement factory in war-torn Syria" in ct.text  # a no-break space in the seed
    assert "€13,000,000" in ct.text and "“Most Important Investment”" in ct.text
    ct = clean("\n\n  Too   many\tspaces – here.  \n\n\n", "md")
    assert ct.text == "Too many spaces – here."


def test_plain_text_is_not_read_as_markdown():
    raw = "Use snake_case_names, *stars* and [brackets](not a link)."
    assert clean(raw, "text").text == raw
    assert clean("Use snake_case_names and 2*3*4.", "md").text == "Use snake_case_names and 2*3*4."


def test_empty_input_and_unknown_format():
    assert clean("", "md") == CleanText("", [], [])
    assert clean("  \n\n ", "text").blocks == []
    with pytest.raises(ValueError):
        clean("text", "html")


def test_front_matter_is_split_off():
    front, body = split_front_matter("---\ntitle: A Title\npublished: 2019-10-17\n---\nBody text.\n")
    assert front == {"title": "A Title", "published": "2019-10-17"}
    assert body == "Body text.\n"


def test_without_front_matter_the_text_is_unchanged():
    raw = "Title\n\n---\n\nBody"
    assert split_front_matter(raw) == ({}, raw)


def test_invalid_front_matter_raises_a_clear_error():
    with pytest.raises(ValueError, match="front matter"):
        split_front_matter("---\ntitle: [unclosed\n---\nBody")
    with pytest.raises(ValueError, match="mapping"):
        split_front_matter("---\n- a list\n---\nBody")


def _strip_emphasis_by_regex_alone(text):
    """The plain definition strip_emphasis must agree with (quadratic on long lines)."""
    from datasette_crosscheck.ingest.cleaning import EMPHASIS

    previous = None
    while previous != text:
        previous = text
        for pattern, _ in EMPHASIS:
            text = pattern.sub(r"\2", text)
    return text


def test_emphasis_removal_agrees_with_the_plain_regular_expressions():
    import random

    from datasette_crosscheck.ingest.cleaning import strip_emphasis

    rng = random.Random(12)
    for _ in range(3000):
        text = "".join(rng.choice("**__ab \\\n.") for _ in range(rng.randint(1, 24)))
        assert strip_emphasis(text) == _strip_emphasis_by_regex_alone(text), repr(text)
    for text in ["***both***", "**bold** and *em*", "_a_ b __c__", "**x** *y _z_*", "snake_case_name", "2 * 3 * 4"]:
        assert strip_emphasis(text) == _strip_emphasis_by_regex_alone(text)


@pytest.mark.parametrize("unit", ["*a ", "_a_b ", "**a ", "__a "])
def test_unclosed_emphasis_markers_cost_linear_time(unit):
    import time

    text = unit * 200_000  # one long line, openers with no closer after them
    started = time.monotonic()
    clean(text, "md")
    assert time.monotonic() - started < 3


def test_front_matter_without_aliases():
    front, body = split_front_matter("---\ntitle: T\ntags: [a, b]\n---\nBody.\n")
    assert front == {"title": "T", "tags": ["a", "b"]} and body == "Body.\n"
    with pytest.raises(ValueError, match="aliases"):
        split_front_matter("---\nbase: &b [x]\ncopy: *b\n---\nBody.\n")
