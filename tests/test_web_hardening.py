"""Hostile input against every crosscheck route: each bad parameter or id is a 4xx with a message (JSON
on .json URLs, strict JSON, no SQL), never a 500; Datasette's time limit is a 503; long articles come a
page at a time; untrusted text is direction-isolated."""

import json
import re
import sqlite3
from urllib.parse import quote

import pytest
from datasette.app import Datasette

from datasette_crosscheck.web import common, present

from .fixtures import create_corpus
from .story_fixtures import create_story_corpus

BIG = "9" * 20  # over 2**63
HUGE = "9" * 5000  # more digits than Python's int() accepts from a string


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The fixture corpus with its two stories, for the stories pages' rows."""
    return create_story_corpus(tmp_path_factory.mktemp("hardening") / "corpus.db")


@pytest.fixture
def ds(corpus):
    return Datasette([corpus])


def strict_json(text):
    """json.loads that refuses NaN and Infinity, which are not JSON."""

    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


LIST = "/corpus/-/crosscheck"
STATEMENT = "/corpus/-/crosscheck/1"
ARTICLE = "/corpus/-/crosscheck/article/1"
STORIES = "/corpus/-/crosscheck/stories"

# (path without .json, query string, status)
HOSTILE = [
    (LIST, "min_outlets=" + BIG, 400),
    (LIST, "min_outlets=" + HUGE, 400),
    (LIST, "min_outlets=-1", 400),
    (LIST, "min_outlets=0", 400),
    (LIST, "min_outlets=1000001", 400),
    (LIST, "min_outlets=2.5", 400),
    (LIST, "min_outlets=lots", 400),
    (LIST, "min_score=nan", 400),
    (LIST, "min_score=NaN", 400),
    (LIST, "min_score=inf", 400),
    (LIST, "min_score=-inf", 400),
    (LIST, "min_score=1e309", 400),
    (LIST, "min_score=-1", 400),
    (LIST, "min_score=101", 400),
    (LIST, "min_score=high", 400),
    (LIST, "_size=-1", 400),
    (LIST, "_size=0", 400),
    (LIST, "_size=1.5", 400),
    (LIST, "_size=many", 400),
    (LIST, "_size=" + HUGE, 400),
    (LIST, "_next=garbage", 400),
    (LIST, "_next=1,2,3", 400),
    (LIST, "_next=1,2,3,4,5", 400),
    (LIST, f"_next={BIG},1,1,1", 400),
    (LIST, f"_next=1,{BIG},1,1", 400),
    (LIST, f"_next=1,1,1,{BIG}", 400),
    (LIST, f"_next=1,1,1,{HUGE}", 400),
    (LIST, "_next=1,1,nan,1", 400),
    (LIST, "_next=1,1,inf,1", 400),
    (LIST, "_next=3,1,1,1", 400),
    (LIST, "_next=-1,1,1,1", 400),
    (LIST, "_next=1,1,1,-1", 400),
    (LIST, "q=%00", 400),
    (LIST, "q=bombs%00", 400),
    (LIST, "q=a%01b", 400),
    (LIST, "q=" + "x" * 501, 400),
    (LIST, "outlet=%00", 400),
    (LIST, "outlet=" + "x" * 501, 400),
    (LIST, "&".join(f"outlet={i}" for i in range(21)), 400),
    (LIST, "conflicts=maybe", 400),
    ("/corpus/-/crosscheck/" + BIG, "", 404),
    ("/corpus/-/crosscheck/" + HUGE, "", 404),
    ("/corpus/-/crosscheck/-1", "", 404),
    ("/corpus/-/crosscheck/99", "", 404),
    ("/corpus/-/crosscheck/article/" + BIG, "", 404),
    ("/corpus/-/crosscheck/article/" + HUGE, "", 404),
    ("/corpus/-/crosscheck/article/-1", "", 404),
    ("/corpus/-/crosscheck/article/99", "", 404),
    (ARTICLE, "sentence=" + BIG, 400),
    (ARTICLE, "sentence=-5", 400),
    (ARTICLE, "sentence=abc", 400),
    (ARTICLE, "page=0", 400),
    (ARTICLE, "page=-1", 400),
    (ARTICLE, "page=abc", 400),
    (ARTICLE, "page=" + BIG, 400),
    (ARTICLE, "page=2", 404),  # the article has one page
    (LIST, "story=" + BIG, 400),
    (LIST, "story=" + HUGE, 400),
    (LIST, "story=-1", 400),
    (LIST, "story=1.5", 400),
    (LIST, "story=abc", 400),
    (LIST, "story=99", 404),
    (STORIES, "min_outlets=" + BIG, 400),
    (STORIES, "min_outlets=" + HUGE, 400),
    (STORIES, "min_outlets=0", 400),
    (STORIES, "min_outlets=-1", 400),
    (STORIES, "min_outlets=1000001", 400),
    (STORIES, "min_outlets=lots", 400),
    (STORIES, "_size=0", 400),
    (STORIES, "_size=-1", 400),
    (STORIES, "_size=many", 400),
    (STORIES, "_size=" + HUGE, 400),
    (STORIES, "_next=garbage", 400),
    (STORIES, "_next=1,2,3", 400),
    (STORIES, "_next=1,2,3,4,5", 400),
    (STORIES, "_next=1,2,3,-4", 400),
    (STORIES, f"_next=1,2,3,{BIG}", 400),
    (STORIES, f"_next={HUGE},1,1,1", 400),
    (STORIES, "_next=1,1.5,1,1", 400),
    (STORIES, "q=%00", 400),
    (STORIES, "q=offi%00cer", 400),  # a NUL would end SQLite's LIKE pattern
    (STORIES, "q=a%01b", 400),
    (STORIES, "q=" + "x" * 501, 400),
    (STORIES, "outlet=%00", 400),
    (STORIES, "outlet=" + "x" * 501, 400),
    (STORIES, "&".join(f"outlet={i}" for i in range(21)), 400),
    (STORIES + "/" + BIG, "", 404),
    (STORIES + "/" + HUGE, "", 404),
    (STORIES + "/-1", "", 404),
    (STORIES + "/99", "", 404),
]


@pytest.mark.asyncio
@pytest.mark.parametrize("fmt", ["json", "html"])
async def test_hostile_input_is_a_clear_4xx(ds, fmt):
    """One Datasette for the whole table (fast); each failing row is named."""
    failures = []
    for path, query, status in HOSTILE:
        url = (path + ".json" if fmt == "json" else path) + ("?" + query if query else "")
        response = await ds.client.get(url)
        problem = answer_problem(response, status, fmt)
        if problem:
            failures.append(f"{url[:120]}: {problem}")
    assert not failures, "\n".join(failures)


def answer_problem(response, status, fmt):
    """What is wrong with the answer to a hostile request, or None."""
    if response.status_code != status:
        return f"status {response.status_code}, expected {status}: {response.text[:200]}"
    body = response.text.lower()
    if "select " in body or " from statements" in body or "traceback" in body:
        return "SQL or a traceback in the answer"
    if fmt == "json":
        data = strict_json(response.text)
        if not (data["ok"] is False and data["status"] == status and data["error"]) or "sql" in data["error"].lower():
            return f"not a clear JSON error: {data}"
    return None


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "query, size", [("_size=100000", 500), ("_size=" + BIG, 500), ("_size=max", 500), ("_size=2", 2), ("", 50)]
)
async def test_large_page_sizes_are_cut_to_500(ds, query, size):
    response = await ds.client.get(LIST + ".json?" + query)
    assert response.status_code == 200
    assert strict_json(response.text)["filters"]["size"] == size


@pytest.mark.asyncio
@pytest.mark.parametrize("query, ids", [('q=%22', []), ('q=%22bombs', [3]), ("q=" + quote("bombs AND"), [])])
async def test_search_syntax_is_searched_as_words(ds, query, ids):
    """Quotes and operators in the search box are words to find, so they never make a syntax error."""
    response = await ds.client.get(LIST + ".json?" + query)
    assert response.status_code == 200
    assert [row["id"] for row in strict_json(response.text)["rows"]] == ids


@pytest.mark.asyncio
@pytest.mark.parametrize("query", ["min_score=79.5", "min_score=0", "min_score=100", "min_outlets=1", "conflicts=0"])
async def test_valid_edges_answer(ds, query):
    response = await ds.client.get(LIST + ".json?" + query)
    assert response.status_code == 200
    strict_json(response.text)


# ---------------------------------------------------------------------------------------------
# Datasette's time limit


@pytest.fixture(scope="module")
def slow(tmp_path_factory):
    """The corpus with 300,000 more statements: counting them takes longer than a 1 ms time limit."""
    path = create_corpus(tmp_path_factory.mktemp("slow") / "corpus.db")
    conn = sqlite3.connect(path)
    conn.execute(
        """insert into statements (id, text, outlet_count, max_score, figure_conflict, figure_differences)
        with recursive n(i) as (select 100 union all select i + 1 from n where i < 300100)
        select i, 'statement ' || i, 2 + i % 3, i % 100, 0, 0 from n"""
    )
    conn.commit()
    conn.close()
    return path


@pytest.mark.asyncio
@pytest.mark.parametrize("fmt", ["json", "html"])
async def test_time_limit_is_a_503_without_sql(slow, fmt):
    ds = Datasette([slow])
    await ds.invoke_startup()  # with the usual limit: 1.0a's own startup queries would not finish in 1 ms
    ds.sql_time_limit_ms = 1  # what every query reads its limit from
    response = await ds.client.get(LIST + (".json" if fmt == "json" else "") + "?min_outlets=3")
    assert response.status_code == 503, response.text[:300]
    assert "time limit (1 ms)" in response.text
    assert "select " not in response.text.lower() and "ranked" not in response.text
    if fmt == "json":
        assert strict_json(response.text)["ok"] is False
    fast = Datasette([slow])
    assert (await fast.client.get(LIST + ".json?min_outlets=3")).status_code == 200


# ---------------------------------------------------------------------------------------------
# Long articles, a page at a time

LONG_ID, LONG_SENTENCES, PARAGRAPH = 9, 1234, 7  # a blank line after every 7th sentence


@pytest.fixture(scope="module")
def long_article(tmp_path_factory):
    return add_long_article(create_corpus(tmp_path_factory.mktemp("long") / "corpus.db"))


def add_long_article(path):
    """Article LONG_ID with LONG_SENTENCES sentences (three pages), one of them in statement 3."""
    pieces, rows, length = [], [], 0
    for position in range(LONG_SENTENCES):
        if position:
            gap = "\n\n" if position % PARAGRAPH == 0 else " "
            pieces.append(gap)
            length += len(gap)
        sentence = f"Sentence number {position} of the long article."
        rows.append((LONG_ID * 10_000 + position, LONG_ID, position, length, length + len(sentence), sentence,
                     "body", 0, None))
        pieces.append(sentence)
        length += len(sentence)
    conn = sqlite3.connect(path)
    conn.execute(
        "insert into articles (id, outlet, title, text, raw, sentence_count) values (?, 'Long Outlet', 'Long', ?, ?, ?)",
        (LONG_ID, "".join(pieces), "".join(pieces), LONG_SENTENCES),
    )
    conn.executemany(
        "insert into sentences (id, article_id, position, char_start, char_end, text, kind, boilerplate, "
        "boilerplate_reason) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows,
    )
    # one sentence on the third page belongs to statement 3
    conn.execute("insert into statement_sentences (statement_id, sentence_id, article_id, outlet) "
                 "values (3, ?, ?, 'Long Outlet')", (LONG_ID * 10_000 + 1100, LONG_ID))
    conn.commit()
    conn.close()
    return path


async def article_json(ds, query=""):
    response = await ds.client.get(f"/corpus/-/crosscheck/article/{LONG_ID}.json" + query)
    assert response.status_code == 200, response.text[:300]
    return strict_json(response.text)


@pytest.mark.asyncio
async def test_long_article_pages(long_article):
    ds = Datasette([long_article])
    first = await article_json(ds)
    assert (first["page"], first["pages"], first["page_size"], first["sentence_total"]) == (1, 3, 500, LONG_SENTENCES)
    assert [s["position"] for s in first["sentences"]] == list(range(500))
    assert first["previous_url"] is None and first["next_url"].endswith(f"/article/{LONG_ID}.json?page=2")
    last = await article_json(ds, "?page=3")
    assert [s["position"] for s in last["sentences"]] == list(range(1000, LONG_SENTENCES))
    assert last["first_sentence"] == 1001 and last["next_url"] is None
    # paragraphs are numbered across the article, as if it were one page
    paragraphs = [s["paragraph"] for p in (1, 2, 3) for s in (await article_json(ds, f"?page={p}"))["sentences"]]
    assert paragraphs == [position // PARAGRAPH for position in range(LONG_SENTENCES)]
    # statement links of the page's sentences only
    linked = [s["id"] for s in last["sentences"] if s["statements"]]
    assert linked == [LONG_ID * 10_000 + 1100] and not any(s["statements"] for s in first["sentences"])
    assert (await ds.client.get(f"/corpus/-/crosscheck/article/{LONG_ID}.json?page=4")).status_code == 404


@pytest.mark.asyncio
async def test_a_highlighted_sentence_opens_its_page(long_article):
    ds = Datasette([long_article])
    sentence = LONG_ID * 10_000 + 777
    data = await article_json(ds, f"?sentence={sentence}")
    assert data["page"] == 2 and data["highlight"] == sentence
    assert [s["id"] for s in data["sentences"] if s["highlighted"]] == [sentence]
    html = (await ds.client.get(f"/corpus/-/crosscheck/article/{LONG_ID}?sentence={sentence}")).text
    assert f'id="s{sentence}"' in html and "cc-s-highlight" in html
    assert "Sentences 501–1,000 of 1,234 · page 2 of 3" in html
    assert f'rel="prev" href="/corpus/-/crosscheck/article/{LONG_ID}?page=1"' in html
    assert f'rel="next" href="/corpus/-/crosscheck/article/{LONG_ID}?page=3"' in html
    # a sentence of another article highlights nothing and opens the first page
    other = await article_json(ds, "?sentence=104")
    assert other["page"] == 1 and not any(s["highlighted"] for s in other["sentences"])


@pytest.mark.asyncio
async def test_a_short_article_has_no_pager(ds):
    html = (await ds.client.get(ARTICLE)).text
    assert "cc-article-pager" not in html
    data = strict_json((await ds.client.get(ARTICLE + ".json")).text)
    assert (data["page"], data["pages"], data["next_url"], data["previous_url"]) == (1, 1, None, None)


# ---------------------------------------------------------------------------------------------
# Direction isolation

RLO = "\u202e"  # right-to-left override: reverses what follows until the end of its isolate


@pytest.fixture(scope="module")
def right_to_left(tmp_path_factory):
    return add_right_to_left(create_corpus(tmp_path_factory.mktemp("rtl") / "corpus.db"))


def add_right_to_left(path):
    """A right-to-left override in article 3's title and outlet and in sentence 303."""
    conn = sqlite3.connect(path)
    conn.execute("update articles set title = ?, outlet = ? where id = 3", (RLO + "Reversed title", RLO + "Outlet"))
    conn.execute("update statement_sentences set outlet = ? where article_id = 3", (RLO + "Outlet",))
    conn.execute("update statements set outlets = ? where id = 2", (json.dumps([RLO + "Outlet", "Global Research"]),))
    conn.execute("update sentences set text = ? where id = 303", (RLO + "The plant's senior risk manager told.",))
    conn.commit()
    conn.close()
    return path


@pytest.mark.asyncio
async def test_untrusted_text_is_isolated(right_to_left):
    ds = Datasette([right_to_left])
    statement = (await ds.client.get("/corpus/-/crosscheck/2")).text
    assert f"<h2><bdi>{RLO}Outlet</bdi>" in statement
    assert f'<p class="cc-source"><bdi>{RLO}Reversed title</bdi> · 2019-10-20' in statement
    assert re.search(f'<p class="cc-sentence" dir="auto">[^\n]*{RLO}The plant', statement)  # the sentence ends it
    listing = (await ds.client.get(LIST)).text
    assert f"<bdi>{RLO}Outlet</bdi> · <bdi>Global Research</bdi>" in listing
    assert f"<bdi>{RLO}Outlet</bdi></label>" in listing  # the outlet filter
    article = (await ds.client.get("/corpus/-/crosscheck/article/3")).text
    assert f'<h1 dir="auto">{RLO}Reversed title</h1>' in article
    assert f"<bdi>{RLO}Outlet</bdi> · 2019-10-20" in article
    assert f'<title>\u2068{RLO}Reversed title\u2069: corpus</title>' in article
    assert '" dir="auto">' + RLO + "The plant" in article


def test_isolate_wraps_plain_text():
    assert common.isolate("abc") == "\u2068abc\u2069"


@pytest.mark.parametrize(
    "text, breaks",
    [("a b", 0), ("a\n\nb", 1), ("a\n\n\n\nb", 1), ("a\n \t\n\nb", 1), ("a\nb", 0), ("a\n\nb\n\nc", 2),
     ("a\n\n—\n\nb", 2)],
)
def test_paragraph_breaks(text, breaks):
    assert present.paragraph_breaks(text, 0, len(text)) == breaks


def test_paragraph_numbers_of_a_later_page_match_the_whole_article():
    text = "One. Two.\n\nThree.\n\n\nFour. Five.\n\nSix."
    spans = [(m.start(), m.end()) for m in re.finditer(r"\w+\.", text)]
    whole = present.paragraph_numbers(text, spans)
    assert whole == [0, 0, 1, 2, 2, 3]
    assert present.paragraph_numbers(text, spans[3:], article_start=spans[0][0]) == whole[3:]
