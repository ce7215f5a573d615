"""The stories pages and their JSON twins, and the story links of the statements pages, through Datasette's
test client, on the fixture corpus with stories (story_fixtures.py)."""

import re
import sqlite3
from urllib.parse import quote, urlsplit

import pytest
import sqlite_utils
from datasette.app import Datasette

from datasette_crosscheck.web.stories import decode_key, statement_rows, timeline_svg

from .fixtures import AB, GR, MWJ, create_corpus, create_plain_database
from .story_fixtures import BOMBS_MWJ, STORY_TITLES, create_story_corpus
from .client import get_html, get_json
from .test_web import HOSTILE_RAW, ids, local


@pytest.fixture(scope="module")
def stories(tmp_path_factory):
    return create_story_corpus(tmp_path_factory.mktemp("stories") / "corpus.db")


@pytest.fixture(scope="module")
def no_stories(tmp_path_factory):
    """Matched, but loaded before stories existed: no stories table, no articles.story_id."""
    path = create_corpus(tmp_path_factory.mktemp("nostories") / "older.db")
    db = sqlite_utils.Database(path)
    db["stories"].drop(ignore=True)
    for index in db["articles"].indexes:
        if index.columns == ["story_id"]:
            db.conn.execute(f"drop index [{index.name}]")
    if "story_id" in db["articles"].columns_dict:
        db.conn.execute("alter table articles drop column story_id")
    db.conn.close()
    return path


@pytest.fixture(scope="module")
def not_grouped(tmp_path_factory):
    """Loaded with --no-match: the stories table is there, and empty."""
    return create_corpus(tmp_path_factory.mktemp("notgrouped") / "loaded.db", matched=False)


@pytest.fixture(scope="module")
def unmatched(tmp_path_factory):
    return create_story_corpus(tmp_path_factory.mktemp("unmatchedstories") / "loaded.db", matched=False)


@pytest.fixture
def ds(stories):
    return Datasette([stories])


def cells(statement):
    return {c["outlet"]: c for c in statement["cells"]}


# ---------------------------------------------------------------------------------------------
# The list of stories


@pytest.mark.asyncio
async def test_stories_json(ds):
    data = await get_json(ds, "/corpus/-/crosscheck/stories.json")
    assert data["ok"] is True and data["total"] == 2 and data["next"] is None
    assert ids(data) == [1, 2]  # three outlets before one
    first, second = data["rows"]
    assert first["title"] == STORY_TITLES[1] and first["outlets"] == [AB, GR, MWJ]
    assert (first["outlet_count"], first["article_count"]) == (3, 4)
    assert (first["first_published"], first["last_published"]) == ("2019-10-17", "2019-10-20")
    # statements 1, 2 and 3; figure differences 2 + 0 + 1; statement 3's conflict
    assert (first["statement_count"], first["figure_disagreements"], first["conflict_statements"]) == (3, 3, 1)
    # statement 2 has a member (202) in story 2 too
    assert (second["statement_count"], second["figure_disagreements"], second["conflict_statements"]) == (1, 0, 0)
    assert first["url"] == "/corpus/-/crosscheck/stories/1" and first["json_url"] == "/corpus/-/crosscheck/stories/1.json"
    assert first["statements_url"] == "/corpus/-/crosscheck?story=1&min_outlets=1"
    assert data["filters"] == {"outlets": [], "q": None, "min_outlets": 1, "size": 50}


@pytest.mark.asyncio
async def test_stories_html(ds):
    html = await get_html(ds, "/corpus/-/crosscheck/stories")
    assert html.index('href="/corpus/-/crosscheck/stories/1"') < html.index('href="/corpus/-/crosscheck/stories/2"')
    assert "2 stories" in html
    assert "3 shared statements" in html and "3 figure differences" in html and "1 with conflicting figures" in html
    assert "2019-10-17 to 2019-10-20" in html
    assert 'href="/corpus/-/crosscheck?story=1&amp;min_outlets=1"' in html
    assert 'class="cc-story-title" href="/corpus/-/crosscheck/stories/1" dir="auto"' in html
    assert "<bdi>A &amp; B &#34;Quotes&#34;</bdi>" in html
    assert 'href="/-/static-plugins/datasette_crosscheck/crosscheck.css"' in html
    assert 'href="/corpus/-/crosscheck"' in html  # back to the statements


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "query, expected",
    [
        ("outlet=" + quote(MWJ), [1]),
        ("outlet=" + quote(GR), [1, 2]),
        ("outlet=" + quote(GR) + "&outlet=" + quote(AB), [1]),
        ("outlet=Nobody", []),
        ("q=officer", [2]),
        ("q=OFFICER", [2]),  # LIKE ignores case
        ("q=" + quote("intelligence aided"), [1]),  # an article's title, not the story's
        ("q=" + quote("%"), []),  # LIKE wildcards are searched as typed
        ("q=" + quote("_"), []),
        ("q=" + quote("<script>"), [1]),
        ("min_outlets=2", [1]),
        ("min_outlets=4", []),
        ("q=raqqa&outlet=" + quote(AB) + "&min_outlets=3", [1]),
    ],
)
async def test_stories_filters(ds, query, expected):
    data = await get_json(ds, "/corpus/-/crosscheck/stories.json?" + query)
    assert ids(data) == expected
    assert data["total"] == len(expected)


@pytest.mark.asyncio
async def test_stories_filters_are_echoed(ds):
    html = await get_html(ds, "/corpus/-/crosscheck/stories?q=officer&outlet=" + quote(AB))
    assert 'value="officer"' in html
    assert re.search(r'value="A &amp; B &#34;Quotes&#34;" checked', html)
    assert "No story matches these filters" in html and "0 stories" in html


@pytest.mark.asyncio
async def test_stories_pagination(ds):
    first = await get_json(ds, "/corpus/-/crosscheck/stories.json?_size=1")
    assert ids(first) == [1] and first["total"] == 2 and first["next"] == "3,3,3,1"
    second = await get_json(ds, local(first["next_url"]))
    assert ids(second) == [2] and second["next"] is None
    filtered = await get_json(ds, "/corpus/-/crosscheck/stories.json?_size=1&outlet=" + quote(GR))
    assert "outlet=Global+Research" in filtered["next_url"]
    html = await get_html(ds, "/corpus/-/crosscheck/stories?_size=1")
    next_link = re.search(r'<a rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    later = await get_html(ds, next_link)
    assert 'href="/corpus/-/crosscheck/stories/2"' in later and "first page" in later
    assert len((await get_json(ds, "/corpus/-/crosscheck/stories.json?_size=100000"))["rows"]) == 2
    assert (await get_json(ds, "/corpus/-/crosscheck/stories.json?_size=100000"))["filters"]["size"] == 500


@pytest.mark.asyncio
async def test_stories_list_sees_a_load_while_serving(tmp_path):
    """The ranking is kept between requests, until another connection (a loader) commits."""
    path = create_story_corpus(tmp_path / "corpus.db")
    ds = Datasette([path])
    assert ids(await get_json(ds, "/corpus/-/crosscheck/stories.json")) == [1, 2]
    assert ids(await get_json(ds, "/corpus/-/crosscheck/stories.json?_size=1")) == [1]  # from the kept ranking
    writer = sqlite3.connect(path)
    with writer:
        # Muslim World Journal's and A & B's October articles move to story 2
        writer.execute("update articles set story_id = 2 where id in (3, 4)")
        writer.execute("update stories set outlet_count = 2 where id = 1")
        writer.execute("update stories set outlet_count = 3 where id = 2")
    writer.close()
    data = await get_json(ds, "/corpus/-/crosscheck/stories.json")
    assert ids(data) == [2, 1]
    assert [r["statement_count"] for r in data["rows"]] == [3, 2]


# Bad arguments and ids of the stories pages: tests/test_web_hardening.py's table.


def test_decode_key():
    assert decode_key(None) is None and decode_key("3,2,1,9") == (3, 2, 1, 9)


# ---------------------------------------------------------------------------------------------
# One story


@pytest.mark.asyncio
async def test_story_json(ds):
    data = await get_json(ds, "/corpus/-/crosscheck/stories/1.json")
    assert data["ok"] is True and data["story"]["id"] == 1 and data["story"]["statement_count"] == 3
    # by date, the undated article last
    assert [a["id"] for a in data["articles"]] == [1, 4, 3, 5]
    assert data["articles"][0]["reading_url"] == "/corpus/-/crosscheck/article/1"
    assert data["articles"][0]["article_url"] == "/corpus/articles/1"
    assert data["articles"][3]["published"] is None and data["articles"][3]["url"] is None
    assert data["outlets"] == [GR, AB, MWJ]  # in the order they first published
    # the conflict first, then the other figure differences, then the statement 2 outlets here carry
    assert [s["id"] for s in data["statements"]] == [3, 1, 2]
    assert data["statements"][0]["url"] == "/corpus/-/crosscheck/3"
    assert data["statements_truncated"] is False
    assert data["timeline"]["undated"][0]["article_id"] == 5
    assert [e["article_id"] for e in data["timeline"]["dated"]] == [1, 4, 3]


@pytest.mark.asyncio
async def test_story_grid_who_carries_first_and_figures_left_out(ds):
    data = await get_json(ds, "/corpus/-/crosscheck/stories/1.json")
    bombs, payments, manager = data["statements"]
    # statement 3: Global Research first; Muslim World Journal's undated version is not ranked and states
    # no number of bombs while the others do
    row = cells(bombs)
    assert all(c["carries"] for c in row.values()) and bombs["outlets_here"] == 3
    assert [o for o, c in row.items() if c["first"]] == [GR] and bombs["first_outlets"] == [GR]
    assert bombs["first_published"] == "2019-10-17" and bombs["undated_versions"] == 1
    assert row[MWJ]["published"] is None and row[MWJ]["first"] is False
    assert row[MWJ]["no_figure"] is True and row[MWJ]["left_out"] == ["20 bombs", "30 bombs"]
    assert row[MWJ]["versions"][0]["reading_url"] == f"/corpus/-/crosscheck/article/5?sentence={BOMBS_MWJ}#s{BOMBS_MWJ}"
    assert not row[GR]["no_figure"] and row[GR]["left_out"] == [] and row[AB]["left_out"] == []
    # statement 1: every version states an amount
    assert not any(c["no_figure"] or c["left_out"] for c in payments["cells"])
    assert payments["first_outlets"] == [GR] and payments["undated_versions"] == 0
    # statement 2: Global Research's version (South Front's article) is in story 2
    row = cells(manager)
    assert row[GR]["carries"] is False and row[GR]["versions"] == [] and row[GR]["first"] is False
    assert manager["first_outlets"] == [AB] and manager["outlets_here"] == 2
    assert manager["other_stories"] == [{"id": 2, "title": STORY_TITLES[2], "url": "/corpus/-/crosscheck/stories/2"}]


@pytest.mark.asyncio
async def test_story_of_one_article(ds):
    data = await get_json(ds, "/corpus/-/crosscheck/stories/2.json")
    assert data["outlets"] == [GR] and [a["id"] for a in data["articles"]] == [2]
    [manager] = data["statements"]
    assert manager["id"] == 2 and manager["outlets_here"] == 1 and manager["other_stories"][0]["id"] == 1


@pytest.mark.asyncio
async def test_story_html(ds):
    html = await get_html(ds, "/corpus/-/crosscheck/stories/1")
    assert '<h1 dir="auto">Raqqa raid &lt;script&gt;alert(1)&lt;/script&gt;</h1>' in html
    for statement_id in (1, 2, 3):
        assert f'href="/corpus/-/crosscheck/{statement_id}" dir="auto"' in html
    for article_id in (1, 3, 4, 5):
        assert f'href="/corpus/-/crosscheck/article/{article_id}"' in html
    assert 'href="/corpus/-/crosscheck/article/5?sentence=501#s501"' in html
    grid = html[html.index('<table class="cc-grid">'):html.index("</table>")]
    assert grid.count("<tr>") == 4  # the header and three statements
    assert grid.count(">first</span>") == 3 and grid.count(">no figure</span>") == 1
    assert 'title="others state: 20 bombs; 30 bombs"' in grid
    assert 'data-outlet="A &amp; B &#34;Quotes&#34;"' in grid
    assert grid.count("not carried") == 1
    assert "whose publication date is known" in html  # first is said to be among dated versions
    assert 'also in <a href="/corpus/-/crosscheck/stories/2"' in html
    assert 'href="/corpus/-/crosscheck?story=1&amp;min_outlets=1"' in html
    assert 'href="/corpus/-/crosscheck/stories"' in html
    # the timeline: a lane per dated outlet, and the undated article said in words
    svg = html[html.index('<svg class="cc-timeline"'):]
    svg = svg[:svg.index("</svg>")]
    assert svg.count('class="cc-tl-mark"') == 3 and svg.count('class="cc-tl-lane"') == 3
    assert "2019-10-17" in svg and "2019-10-20" in svg and "3 days" in svg
    assert "without a date: <bdi>Muslim World Journal</bdi>" in html


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path", ["/corpus/-/crosscheck/stories", "/corpus/-/crosscheck/stories/1", "/corpus/-/crosscheck/stories/2",
             "/corpus/-/crosscheck?story=1", "/corpus/-/crosscheck/stories?q=%3Cscript%3E"],
)
async def test_stories_hostile_text_is_escaped(ds, path):
    html = await get_html(ds, path)
    for raw in HOSTILE_RAW:
        assert raw not in html
    assert 'A & B "Quotes"' not in html
    assert 'href="javascript:' not in html


@pytest.mark.asyncio
async def test_story_not_found(ds):
    for path in ["/corpus/-/crosscheck/stories/99", "/corpus/-/crosscheck/stories/99.json",
                 "/nowhere/-/crosscheck/stories", "/nowhere/-/crosscheck/stories/1.json"]:
        assert (await ds.client.get(path)).status_code == 404, path
    assert (await ds.client.get("/corpus/-/crosscheck/stories/abc")).status_code == 404


# ---------------------------------------------------------------------------------------------
# The statements pages: the story filter and the links to stories


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "query, expected",
    [
        ("story=1", [3, 1, 2]),
        ("story=2", [2]),
        ("story=1&conflicts=1", [3]),
        ("story=1&figures=differ", [3, 1]),
        ("story=2&q=bombs", []),
        ("story=1&outlet=" + quote(GR), [3, 1, 2]),
    ],
)
async def test_statement_list_story_filter(ds, query, expected):
    data = await get_json(ds, "/corpus/-/crosscheck.json?" + query)
    assert ids(data) == expected and data["total"] == len(expected)
    assert data["filters"]["story"] == int(query.split("&")[0].split("=")[1])
    assert data["story"]["url"] == f"/corpus/-/crosscheck/stories/{data['story']['id']}"


@pytest.mark.asyncio
async def test_statement_list_links_to_stories(ds):
    data = await get_json(ds, "/corpus/-/crosscheck.json")
    assert data["story"] is None and data["filters"]["story"] is None
    stories = {row["id"]: [s["id"] for s in row["stories"]] for row in data["rows"]}
    assert stories == {1: [1], 2: [1, 2], 3: [1]}
    assert data["rows"][0]["stories"][0] == {"id": 1, "title": STORY_TITLES[1], "url": "/corpus/-/crosscheck/stories/1"}
    html = await get_html(ds, "/corpus/-/crosscheck")
    assert 'Story: <a href="/corpus/-/crosscheck/stories/1" dir="auto">Raqqa raid &lt;script&gt;' in html
    assert 'href="/corpus/-/crosscheck/stories">Browse by story' in html
    filtered = await get_html(ds, "/corpus/-/crosscheck?story=2&min_outlets=1")
    assert 'Statements of the story <a href="/corpus/-/crosscheck/stories/2"' in filtered
    assert '<input type="hidden" name="story" value="2">' in filtered  # kept when the form is applied
    assert 'href="/corpus/-/crosscheck?min_outlets=1">statements of every story' in filtered


@pytest.mark.asyncio
async def test_statement_page_links_to_its_stories(ds):
    data = await get_json(ds, "/corpus/-/crosscheck/2.json")
    assert [s["id"] for s in data["statement"]["stories"]] == [1, 2]
    html = await get_html(ds, "/corpus/-/crosscheck/3")
    assert 'Story: <a href="/corpus/-/crosscheck/stories/1" dir="auto">' in html


@pytest.mark.asyncio
async def test_statement_list_no_such_story(ds):
    assert (await ds.client.get("/corpus/-/crosscheck.json?story=99")).status_code == 404
    assert (await ds.client.get("/corpus/-/crosscheck?story=99")).status_code == 404


# ---------------------------------------------------------------------------------------------
# Databases without stories, without statements, without articles


@pytest.mark.asyncio
async def test_database_without_stories(no_stories, plain_db):
    ds = Datasette([no_stories, plain_db])
    html = await get_html(ds, "/older/-/crosscheck/stories", status=404)
    assert "no stories" in html and "datasette crosscheck match older.db" in html
    data = await get_json(ds, "/older/-/crosscheck/stories.json", status=404)
    assert data["ok"] is False and data["hint"] == "datasette crosscheck match older.db"
    assert (await ds.client.get("/older/-/crosscheck/stories/1")).status_code == 404
    assert (await get_json(ds, "/older/-/crosscheck/stories/1.json", status=404))["ok"] is False
    # the statements pages work as before, without story links
    listing = await get_json(ds, "/older/-/crosscheck.json")
    assert ids(listing) == [3, 1, 2] and all(row["stories"] == [] for row in listing["rows"])
    assert "Browse by story" not in await get_html(ds, "/older/-/crosscheck")
    assert (await get_json(ds, "/older/-/crosscheck/1.json"))["statement"]["stories"] == []
    assert "datasette crosscheck match older.db" in await get_html(ds, "/older/-/crosscheck?story=1", status=404)
    # no crosscheck tables at all
    assert "datasette crosscheck load plain.db FILES" in await get_html(ds, "/plain/-/crosscheck/stories", status=404)
    assert (await ds.client.get("/plain/-/crosscheck/stories/1.json")).status_code == 404


@pytest.mark.asyncio
async def test_database_whose_articles_are_not_grouped_yet(not_grouped):
    ds = Datasette([not_grouped])
    assert "stories" in await ds.get_database("loaded").table_names()
    html = await get_html(ds, "/loaded/-/crosscheck/stories", status=404)
    assert "no stories" in html and "datasette crosscheck match loaded.db" in html
    assert (await ds.client.get("/loaded/-/crosscheck/stories/1.json")).status_code == 404
    assert "Browse by story" not in await get_html(ds, "/loaded/-/crosscheck")


@pytest.fixture(scope="module")
def plain_db(tmp_path_factory):
    return create_plain_database(tmp_path_factory.mktemp("plainstories") / "plain.db")


@pytest.mark.asyncio
async def test_stories_before_matching(unmatched):
    ds = Datasette([unmatched])
    data = await get_json(ds, "/loaded/-/crosscheck/stories.json")
    assert ids(data) == [1, 2] and all(r["statement_count"] == 0 for r in data["rows"])
    story = await get_json(ds, "/loaded/-/crosscheck/stories/1.json")
    assert story["statements"] == [] and [a["id"] for a in story["articles"]] == [1, 4, 3]
    html = await get_html(ds, "/loaded/-/crosscheck/stories/1")
    assert "datasette crosscheck match loaded.db" in html and '<svg class="cc-timeline"' in html


# ---------------------------------------------------------------------------------------------
# base_url (permissions: tests/test_permissions.py)


@pytest.mark.asyncio
async def test_stories_base_url(stories):
    ds = Datasette([stories], settings={"base_url": "/news/"})
    data = await get_json(ds, "/corpus/-/crosscheck/stories.json?_size=1")
    assert data["rows"][0]["url"] == "/news/corpus/-/crosscheck/stories/1"
    assert urlsplit(data["next_url"]).path == "/news/corpus/-/crosscheck/stories.json"
    html = await get_html(ds, "/corpus/-/crosscheck/stories/1")
    assert 'href="/news/corpus/-/crosscheck/3"' in html and 'href="/news/corpus/-/crosscheck/article/1"' in html
    assert 'href="/news/corpus/-/crosscheck/stories"' in html


# ---------------------------------------------------------------------------------------------
# The pieces alone: a figure left out beside others stated, and the timeline


def test_a_version_that_leaves_out_one_of_its_figures():
    """A version that states some amounts but not one its match states is marked with that amount; a year
    is not an amount (left_out rows only hold amounts: the SQL filters on figure kind)."""
    parts = {
        "members": [
            {"statement_id": 7, "sentence_id": 1, "article_id": 1, "outlet": "A", "published": "2020-01-02"},
            {"statement_id": 7, "sentence_id": 2, "article_id": 2, "outlet": "B", "published": "2020-01-01"},
            {"statement_id": 7, "sentence_id": 3, "article_id": 3, "outlet": "C", "published": None},
        ],
        "statements": [{"id": 7, "text": "x", "outlet_count": 3, "figure_conflict": 0, "figure_differences": 0,
                        "wording_differences": 0, "max_score": 70.0}],
        "no_figure": [],
        "left_out": [{"statement_id": 7, "sentence_id": 1, "figure": "$5 a share"}],
        "amounts": [{"statement_id": 7, "text": "$5 a share"}, {"statement_id": 7, "text": "$2bn"}],
        "stories": [],
    }
    [row] = statement_rows(DatasetteStub(), "db", 1, ["A", "B", "C"], parts)
    by_outlet = {c["outlet"]: c for c in row["cells"]}
    assert by_outlet["A"]["left_out"] == ["$5 a share"] and by_outlet["A"]["no_figure"] is False
    assert by_outlet["B"]["left_out"] == [] and by_outlet["B"]["first"] is True
    assert by_outlet["C"]["first"] is False and row["first_outlets"] == ["B"]


def test_one_dated_version_among_undated_ones_is_not_first():
    """Who was first is known only when two versions or more have a date (or all do): one dated version
    beside an undated one is not marked first, as the statement page's summary says."""
    parts = {
        "members": [
            {"statement_id": 7, "sentence_id": 1, "article_id": 1, "outlet": "A", "published": "2020-01-02"},
            {"statement_id": 7, "sentence_id": 2, "article_id": 2, "outlet": "B", "published": None},
        ],
        "statements": [{"id": 7, "text": "x", "outlet_count": 2, "figure_conflict": 0, "figure_differences": 0,
                        "wording_differences": 0, "max_score": 70.0}],
        "no_figure": [], "left_out": [], "amounts": [], "stories": [],
    }
    [row] = statement_rows(DatasetteStub(), "db", 1, ["A", "B"], parts)
    assert row["first_outlets"] == [] and row["first_published"] is None and row["undated_versions"] == 1
    parts["members"][1]["published"] = "2020-01-03"
    [row] = statement_rows(DatasetteStub(), "db", 1, ["A", "B"], parts)
    assert row["first_outlets"] == ["A"] and row["first_published"] == "2020-01-02"


class DatasetteStub:
    class urls:
        @staticmethod
        def database(name):
            return f"/{name}"


def test_timeline_positions_and_labels():
    dated = [{"outlet": "B <i>", "published": "2020-01-11", "title": "t1"},
             {"outlet": "A", "published": "2020-01-01", "title": "t2"},
             {"outlet": "A", "published": "2020-01-01", "title": "t3"},
             {"outlet": "A", "published": "not a date", "title": "t4"}]
    svg = str(timeline_svg(dated, ["A", "B <i>"]))
    assert svg.count('class="cc-tl-lane"') == 2 and svg.count('class="cc-tl-mark"') == 2
    assert 'cx="1.5%"' in svg and 'cx="98.5%"' in svg  # first and last day at the ends
    assert "×2" in svg  # two articles of A on one day: one mark, counted
    assert "B &lt;i&gt;" in svg and "<i>" not in svg
    assert "10 days" in svg and "A on 2020-01-01" in svg
    same_day = str(timeline_svg([{"outlet": "A", "published": "2020-01-01", "title": None}], ["A"]))
    assert 'cx="50.0%"' in same_day and "days" not in same_day
    assert timeline_svg([{"outlet": "A", "published": None, "title": None}], ["A"]) is None
