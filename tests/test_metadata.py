from pathlib import Path

import pytest

from datasette_crosscheck.ingest.cleaning import CleanText, clean
from datasette_crosscheck.ingest.dates import find_dates, parse_date
from datasette_crosscheck.ingest.metadata import guess_metadata

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
KEYS = {"title", "author", "published", "outlet", "original_source"}


def seed_metadata(number: int) -> dict:
    return guess_metadata(clean(SEEDS[number].read_text(encoding="utf-8"), "md"))


def metadata(raw: str, fmt: str = "md") -> dict:
    return guess_metadata(clean(raw, fmt))


def test_seed_000_global_research_republishing_land_destroyer():
    assert seed_metadata(0) == {
        "title": "US Finally Bombs French Factory in Syria Infamous for Funding ISIS",
        "author": "Tony Cartalucci",
        "published": "2019-10-17",
        "outlet": "Global Research",
        # "originally published on" wins over the republisher's "original source is Global Research"
        "original_source": "Land Destroyer Report",
    }


def test_seed_001_section_label_above_the_title_and_no_date():
    assert seed_metadata(1) == {
        "title": "French Intelligence Aided & Financed ISIS and Syrian Al Qaeda: Reports",
        "author": "Shahid Munir",
        "published": None,  # the body's "June 29, 2014" is an event, not the publication date
        "outlet": "Muslim World Journal",
        "original_source": None,
    }


def test_seed_002_global_research_republishing_south_front():
    meta = seed_metadata(2)
    assert meta["title"].startswith("Video: French Officer Is Punished")
    assert meta["author"] == "South Front"
    assert meta["published"] == "2019-02-19"
    assert meta["outlet"] == "Global Research"
    assert meta["original_source"] == "South Front"


def test_seed_003_heading_name_line_and_site_address():
    meta = seed_metadata(3)
    assert meta["title"] == "With US backing, France launches bombing campaign in Syria"
    assert meta["author"] == "Nick Beams"
    assert meta["published"] == "2015-11-16"
    assert meta["outlet"] in {"wsws.org", "World Socialist Web Site"}


def test_wire_story():
    meta = metadata(
        "Oil prices climb on supply fears\n\n"
        "LONDON, March 3, 2021 (Reuters) - Oil prices rose on Wednesday as U.S. crude stocks fell.\n\n"
        "Brent gained 2% by 1200 GMT on March 4, 2021."
    )
    assert meta == {
        "title": "Oil prices climb on supply fears",
        "author": None,
        "published": "2021-03-03",
        "outlet": None,
        "original_source": "Reuters",
    }


def test_wire_dateline_without_a_year_gives_no_date():
    meta = metadata("LONDON, March 3 (Reuters) - Oil prices rose on Wednesday. Brent gained 2%.", "text")
    assert meta["published"] is None
    assert meta["original_source"] == "Reuters"


def test_byline_with_two_authors_and_a_date():
    meta = metadata(
        "Council Approves New Budget\n\nBy Jane Doe and John Roe | May 5, 2021\n\n"
        "The city council approved a $1.5bn budget on Tuesday. The vote was 7-2.\n\n"
        "© 2021 The Daily Planet. All rights reserved."
    )
    assert meta["title"] == "Council Approves New Budget"
    assert meta["author"] == "Jane Doe and John Roe"
    assert meta["published"] == "2021-05-05"
    assert meta["outlet"] == "The Daily Planet"


def test_by_in_a_sentence_is_not_a_byline():
    meta = metadata("Troops Leave the Town\n\nBy Friday, the troops had left the town. Residents returned.")
    assert meta["author"] is None


def test_footer_author_first_appeared_and_published_line():
    meta = metadata(
        "Harbour Reopens After Storm\n\nThe harbour reopened on Monday after repairs. Ships lined up.\n\n"
        "Articles by: Ann Lee\n\nThis story first appeared in The Coastal Times.\n\nPublished: 12 March 2020"
    )
    assert meta["author"] == "Ann Lee"
    assert meta["original_source"] == "The Coastal Times"
    assert meta["published"] == "2020-03-12"


def test_about_the_author_names_the_author():
    meta = metadata("# Rain Expected\n\nRain is expected on Friday.\n\nAbout the author\n\nMaria Lopez")
    assert meta["title"] == "Rain Expected"
    assert meta["author"] == "Maria Lopez"
    assert meta["outlet"] is None  # the author's name closing the page is not a site name


def test_site_calls_name_the_outlet():
    meta = metadata("Some news happened today in the city, officials said.\n\nBecome a Member of The Daily Beacon")
    assert meta["outlet"] == "The Daily Beacon"


def test_text_without_metadata_gives_none_everywhere():
    meta = metadata(
        "The council met on Tuesday. It voted to raise taxes by 3.5%.\n\n"
        "On June 29, 2014, the old council had done the same, officials said."
    )
    assert meta == dict.fromkeys(KEYS)


def test_empty_text_never_crashes():
    assert guess_metadata(CleanText("")) == dict.fromkeys(KEYS)
    assert metadata("*\n\n---\n\n> \n", "md") == dict.fromkeys(KEYS)


def test_newswire_figures_are_not_a_title():
    raw = "Shr 34 cts vs 1.19 dlrs\n    Net 807,000 vs 2,858,000\n    Revs 291.8 mln vs 151.1 mln\n"
    assert metadata(raw, "text")["title"] is None


@pytest.mark.parametrize(
    "text, iso",
    [
        ("Global Research, October 17, 2019", "2019-10-17"),
        ("16 November 2015", "2015-11-16"),
        ("Oct. 17, 2019", "2019-10-17"),
        ("Sept. 5 2019", "2019-09-05"),
        ("March 3rd, 2021", "2021-03-03"),
        ("the 4th of July 1976", "1976-07-04"),
        ("2019-10-17", "2019-10-17"),
        ("2019-10-17T08:30:00Z", "2019-10-17"),
        ("26-FEB-1987 15:01:01.79", "1987-02-26"),
        ("17/10/2019", "2019-10-17"),
        ("10/17/2019", "2019-10-17"),
        ("17.10.2019", "2019-10-17"),
        ("05/06/2019", None),  # May 6 or 5 June: ambiguous
        ("31 February 2019", None),
        ("October 2019", None),
        ("no date here", None),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_find_dates_gives_offsets_in_order():
    text = "From 16 November 2015 to Oct. 17, 2019."
    assert [(text[d.start : d.end], d.iso) for d in find_dates(text)] == [
        ("16 November 2015", "2015-11-16"),
        ("Oct. 17, 2019", "2019-10-17"),
    ]


def test_a_lone_first_line_above_the_body_is_the_title_even_in_sentence_case():
    meta = metadata("Council raises taxes again\n\nThe city council voted on Tuesday to raise taxes once more.")
    assert meta["title"] == "Council raises taxes again"
    meta = metadata("Prices were reported as follows -\n\nWheat rose by two cents a bushel in early trading today.")
    assert meta["title"] is None


def test_footer_searches_find_what_a_search_of_every_block_finds():
    """The footer rules first learn with one search of the whole page (metadata._page) which patterns
    match no block, and search the blocks only for the others: the same names as searching every
    block, on pages with each pattern in any case, in non-ASCII text and split across blocks."""
    import random

    from datasette_crosscheck.ingest import metadata as m

    def original_source(texts):
        for pattern in (m.ORIGINALLY, m.ORIGINAL_SOURCE):
            for text in texts:
                found = pattern.search(text)
                if found:
                    return m.tidy_name(found.group("name"))
        return None

    def site_call(texts):
        for text in reversed(texts):
            for pattern in m.SITE_CALLS:
                found = pattern.search(text)
                if found:
                    return m.tidy_name(found.group("name"))
        return None

    def copyrighted(texts):
        for text in reversed(texts):
            found = m.COPYRIGHTED_MATERIAL.search(text)
            if found:
                return found.group("domain").lower()
        return None

    def copyright_holder(texts):
        saved = m.COPYRIGHT
        try:  # the rule itself, with a pattern that defeats the one-search shortcut: every block searched
            m.COPYRIGHT = type("Every", (), {"search": staticmethod(lambda text: saved.search(text) if "\n" not in text else True)})
            return m.copyright_holder(texts)
        finally:
            m.COPYRIGHT = saved

    pieces = ["Originally published on", "first appeared in", "FIRST POSTED AT", "fırst ran by", "originally",
              "The original source of this article is", "ORIGINAL SOURCE OF THIS ARTICLE IS", "Become a Member of",
              "Subscribe to", "Follow", "on Twitter", "Comment on", "Articles", "Copyright ©", "© 2019", "Copyright",
              "www.example.org contains copyrighted material", "x.com CONTAINS COPYRIGHTED MATERIAL", "contains",
              "copyrighted material", "Global Research", "the Daily Planet", "Pérez News", "Land Destroyer Report",
              "and", "the", "2019", ",", "said on Monday", "ſubscribe to"]
    rng = random.Random(3)
    pages = [[" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(1, 5))]
             for _ in range(3000)]
    for texts in pages:
        layout = m.Layout(texts, {}, 0, [None] * len(texts), None)
        assert m.guess_original_source(layout) == original_source(texts), texts
        assert m.site_call(texts) == site_call(texts), texts
        assert m.copyrighted_material_site(texts) == copyrighted(texts), texts
        assert m.copyright_holder(texts) == copyright_holder(texts), texts
