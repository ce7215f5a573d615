"""The crosscheck pages and their JSON twins, through Datasette's test client, on the fixture corpus."""

import os
import re
from urllib.parse import quote, urlsplit

import pytest
import yaml
from datasette.app import Datasette

from datasette_crosscheck import compat
from tests import datasette_versions as versions

from .conftest import ROOT
from .fixtures import AB, GR, MWJ, create_corpus, create_plain_database
from .client import get_json, get_html


HOSTILE_RAW = ["<script>alert(1)", "<img src=x onerror"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return create_corpus(tmp_path_factory.mktemp("web") / "corpus.db")


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    return create_plain_database(tmp_path_factory.mktemp("plain") / "plain.db")


@pytest.fixture(scope="module")
def unmatched(tmp_path_factory):
    return create_corpus(tmp_path_factory.mktemp("unmatched") / "loaded.db", matched=False)


@pytest.fixture
def ds(corpus):
    return Datasette([corpus])


def ids(data):
    return [row["id"] for row in data["rows"]]


def local(url):
    """A next_url without scheme and host, for the test client."""
    parts = urlsplit(url)
    return parts.path + "?" + parts.query


# ---------------------------------------------------------------------------------------------
# The list


@pytest.mark.asyncio
async def test_list_json_most_interesting_first(ds):
    data = await get_json(ds, "/corpus/-/crosscheck.json")
    assert data["ok"] is True and data["total"] == 3 and data["next"] is None and data["next_url"] is None
    # the figure conflict first, then other figure disagreements, then three outlets
    assert ids(data) == [3, 1, 2]
    first = data["rows"][0]
    assert first["figure_conflict"] is True and first["outlet_count"] == 2
    assert first["outlets"] == [AB, GR]
    assert first["url"] == "/corpus/-/crosscheck/3" and first["json_url"] == "/corpus/-/crosscheck/3.json"
    assert data["filters"] == {"outlets": [], "figures": None, "conflicts": False, "min_score": None, "q": None, "min_outlets": 2,
                               "story": None, "size": 50}


@pytest.mark.asyncio
async def test_list_html(ds):
    html = await get_html(ds, "/corpus/-/crosscheck")
    positions = [html.index(f'href="/corpus/-/crosscheck/{i}"') for i in (3, 1, 2)]
    assert positions == sorted(positions)
    assert "Figures conflict" in html and "2 figure differences" in html and "3 wording changes" in html
    assert "3 statements" in html
    assert 'href="/-/static-plugins/datasette_crosscheck/crosscheck.css"' in html
    assert 'value="Muslim World Journal"' in html  # the outlet filter's choices
    css = await ds.client.get("/-/static-plugins/datasette_crosscheck/crosscheck.css")
    assert css.status_code == 200 and ".cc-version" in css.text


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "query, expected",
    [
        ("outlet=" + quote(MWJ), [1, 2]),
        ("outlet=" + quote(MWJ) + "&outlet=" + quote(AB), [1, 2]),
        ("outlet=" + quote(GR) + "&outlet=" + quote(AB), [3, 1, 2]),
        ("outlet=Nobody", []),
        ("conflicts=1", [3]),  # a figure conflict: statement 1's figures are compatible or a different measure
        ("figures=conflict", [3]),
        ("figures=differ", [3, 1]),  # any figure difference, compatible included
        ("figures=differ&conflicts=1", [3]),  # the narrower wins
        ("min_score=80", [3, 2]),
        ("min_outlets=3", [1, 2]),
        ("q=bombs", [3]),
        ("q=risk+manager", [2]),
        ("q=" + quote('manager* "Islamic ('), [2]),  # FTS syntax is searched as words, never parsed
        ("q=" + quote("bombs OR elephants"), []),  # "OR" is a word to find, not an operator
        ("q=" + quote("13,000,000"), [1]),
        ("q=elephants", []),
        ("conflicts=1&q=bombs&outlet=" + quote(AB), [3]),
    ],
)
async def test_list_filters(ds, query, expected):
    data = await get_json(ds, "/corpus/-/crosscheck.json?" + query)
    assert ids(data) == expected
    assert data["total"] == len(expected)


@pytest.mark.asyncio
async def test_filters_are_echoed(ds):
    data = await get_json(ds, "/corpus/-/crosscheck.json?outlet=" + quote(AB) + "&conflicts=1&min_score=70&q=bombs")
    assert data["filters"]["outlets"] == [AB]
    assert data["filters"]["conflicts"] is True and data["filters"]["min_score"] == 70.0
    assert data["filters"]["q"] == "bombs"
    html = await get_html(ds, "/corpus/-/crosscheck?outlet=" + quote(AB) + "&conflicts=1&q=bombs")
    assert re.search(r'value="A &amp; B &#34;Quotes&#34;" checked', html)
    assert '<option value="conflict" selected>' in html and 'value="bombs"' in html
    assert "1 statement<" in html


@pytest.mark.asyncio
async def test_keyset_pagination(ds):
    first = await get_json(ds, "/corpus/-/crosscheck.json?_size=1")
    assert ids(first) == [3] and first["total"] == 3 and first["next"]
    assert first["next_url"].startswith("http://localhost/corpus/-/crosscheck.json?")
    second = await get_json(ds, local(first["next_url"]))
    assert ids(second) == [1] and second["total"] == 3
    third = await get_json(ds, local(second["next_url"]))
    assert ids(third) == [2] and third["next"] is None
    # filters carry over to the next page
    differ = await get_json(ds, "/corpus/-/crosscheck.json?_size=1&figures=differ")
    assert "figures=differ" in differ["next_url"]
    assert ids(await get_json(ds, local(differ["next_url"]))) == [1]
    html = await get_html(ds, "/corpus/-/crosscheck?_size=2")
    next_link = re.search(r'<a rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "/corpus/-/crosscheck/2" in await get_html(ds, next_link)


@pytest.mark.asyncio
async def test_page_size_limits_and_bad_arguments(ds):
    assert len((await get_json(ds, "/corpus/-/crosscheck.json?_size=100000"))["rows"]) == 3
    assert (await get_json(ds, "/corpus/-/crosscheck.json?_size=100000"))["filters"]["size"] == 500
    for query in ["_next=garbage", "_next=1,2,3", "min_score=high", "_size=many"]:
        response = await ds.client.get("/corpus/-/crosscheck.json?" + query)
        assert response.status_code == 400, query


@pytest.mark.asyncio
async def test_page_size_from_plugin_config(corpus):
    ds = Datasette([corpus], **versions.instance_kwargs({"plugins": {"datasette-crosscheck": {"page_size": 2}}}))
    data = await get_json(ds, "/corpus/-/crosscheck.json")
    assert ids(data) == [3, 1] and data["next"]


# ---------------------------------------------------------------------------------------------
# Empty states and several databases


@pytest.mark.asyncio
async def test_database_without_crosscheck_tables(corpus, plain):
    ds = Datasette([corpus, plain])
    html = await get_html(ds, "/plain/-/crosscheck", status=404)
    assert "datasette crosscheck load plain.db FILES" in html and "no crosscheck tables" in html
    data = await get_json(ds, "/plain/-/crosscheck.json", status=404)
    assert data["ok"] is False and "datasette crosscheck load" in data["hint"]
    assert (await ds.client.get("/plain/-/crosscheck/1")).status_code == 404
    assert (await ds.client.get("/plain/-/crosscheck/article/1.json")).status_code == 404
    assert ids(await get_json(ds, "/corpus/-/crosscheck.json")) == [3, 1, 2]
    assert (await ds.client.get("/nowhere/-/crosscheck")).status_code == 404


@pytest.mark.asyncio
async def test_loaded_but_not_matched(unmatched):
    ds = Datasette([unmatched])
    html = await get_html(ds, "/loaded/-/crosscheck")
    assert "datasette crosscheck match loaded.db" in html and "no cross-checked statements" in html
    data = await get_json(ds, "/loaded/-/crosscheck.json")
    assert data["rows"] == [] and data["total"] == 0 and data["empty_reason"] == "not_matched"
    # a statement page says what to run; the reading view works before matching
    assert "datasette crosscheck match loaded.db" in await get_html(ds, "/loaded/-/crosscheck/1", status=404)
    article = await get_json(ds, "/loaded/-/crosscheck/article/1.json")
    assert all(s["statements"] == [] for s in article["sentences"])


@pytest.mark.asyncio
async def test_filters_that_match_nothing_say_so(ds):
    html = await get_html(ds, "/corpus/-/crosscheck?q=elephants")
    assert "No statement matches these filters" in html


# ---------------------------------------------------------------------------------------------
# One statement


@pytest.mark.asyncio
async def test_statement_json(ds):
    data = await get_json(ds, "/corpus/-/crosscheck/1.json")
    assert data["ok"] is True and data["statement"]["id"] == 1
    versions = data["versions"]
    assert [v["sentence_id"] for v in versions] == [301, 104, 402]  # reference first, then by date
    assert [v["representative"] for v in versions] == [True, False, False]
    assert all(op["op"] == "equal" for op in versions[0]["diff"])
    edits = [op for op in versions[1]["diff"] if op["op"] != "equal"]
    assert edits and any("millions" in op["b"] for op in edits)
    text = versions[1]["text"]
    assert all(text[op["b_start"]:op["b_end"]] == op["b"] for op in versions[1]["diff"])
    assert versions[2]["clause"] == [0, len("Lafarge paid the group $20,000 each month")]
    assert versions[0]["context"]["after"]["text"].startswith("Lafarge helped finance Daesh")
    assert versions[1]["context"]["before"]["id"] == 103 and versions[1]["context"]["after"]["id"] == 105
    assert versions[1]["reading_url"] == "/corpus/-/crosscheck/article/1?sentence=104#s104"
    assert versions[1]["article_url"] == "/corpus/articles/1"


@pytest.mark.asyncio
async def test_statement_figures_and_verdicts(ds):
    data = await get_json(ds, "/corpus/-/crosscheck/1.json")
    figures = {f["text"]: f for v in data["versions"] for f in v["figures"]}
    assert figures["at least €13,000,000"]["verdict"] == "different measure"  # the worst of its comparisons
    comparisons = {c["other_text"]: c for c in figures["at least €13,000,000"]["comparisons"]}
    assert comparisons["millions of Euros"]["verdict"] == "compatible"
    assert comparisons["millions of Euros"]["other_outlet"] == GR
    assert comparisons["$20,000 each month"]["verdict"] == "different measure"
    assert "per year: 240,000 USD" in comparisons["$20,000 each month"]["notes"]
    assert "qualifier: millions of vs at least" in comparisons["millions of Euros"]["notes"]
    assert figures["millions of Euros"]["verdict"] == "compatible"
    assert "2018" not in figures  # a year nobody disputes is not listed
    assert [d["text"] for v in data["versions"] for d in v["dates_not_listed"]] == ["2018"]
    matches = {m["id"]: m for m in data["matches"]}
    assert matches[1]["score"] == 78.5 and matches[1]["lexical"] == 70.0 and matches[1]["outlet_b"] == MWJ
    conflict = await get_json(ds, "/corpus/-/crosscheck/3.json")
    assert conflict["figure_differences"][0]["verdict"] == "conflict"
    assert "values the wording allows: 20 vs 30 bombs" in conflict["figure_differences"][0]["notes"]


@pytest.mark.asyncio
async def test_statement_html(ds):
    near_copies = await get_html(ds, "/corpus/-/crosscheck/2")  # word edits for near copies
    assert "<ins>" in near_copies and "<del>" in near_copies
    html = await get_html(ds, "/corpus/-/crosscheck/1")  # paraphrases: the words they share
    assert '<mark class="cc-shared">' in html and "<del>" not in html
    assert "<strong>Reading the versions.</strong>" in html  # the legend
    assert 'class="cc-verdict cc-verdict-different-measure">different measure<' in html
    assert 'class="cc-verdict cc-verdict-compatible">compatible<' in html
    assert 'href="/corpus/articles/1"' in html
    assert 'href="/corpus/-/crosscheck/article/1?sentence=104#s104"' in html
    assert '<span class="outside-clause"> to keep the plant running.</span>' in html
    assert "Match scores" in html and "78.5" in html
    assert (await ds.client.get("/corpus/-/crosscheck/99")).status_code == 404
    assert (await ds.client.get("/corpus/-/crosscheck/99.json")).status_code == 404


# ---------------------------------------------------------------------------------------------
# One article


@pytest.mark.asyncio
async def test_article_json(ds):
    data = await get_json(ds, "/corpus/-/crosscheck/article/1.json?sentence=104")
    assert data["article"]["title"] == "US bombs French factory in Syria" and "text" not in data["article"]
    sentences = data["sentences"]
    assert [s["paragraph"] for s in sentences] == [0, 1, 1, 2, 2, 2, 3, 4, 4]
    by_id = {s["id"]: s for s in sentences}
    assert [st["id"] for st in by_id[104]["statements"]] == [1]
    assert by_id[104]["statements"][0]["url"] == "/corpus/-/crosscheck/1"
    assert by_id[101]["boilerplate"] is True and by_id[103]["boilerplate"] is False
    assert data["highlight"] == 104 and by_id[104]["highlighted"] and not by_id[103]["highlighted"]


@pytest.mark.asyncio
async def test_article_html(ds):
    html = await get_html(ds, "/corpus/-/crosscheck/article/1?sentence=104")
    assert re.search(r'<span id="s104" class="[^"]*cc-s-matched[^"]*cc-s-highlight', html)
    assert re.search(r'<span id="s101" class="[^"]*cc-s-boilerplate', html)
    assert 'href="/corpus/-/crosscheck/1"' in html and 'href="/corpus/-/crosscheck/3"' in html
    assert html.count("<p><span id=") == 5  # paragraphs from the text's blank lines
    assert (await ds.client.get("/corpus/-/crosscheck/article/99")).status_code == 404


# ---------------------------------------------------------------------------------------------
# Escaping


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path", ["/corpus/-/crosscheck", "/corpus/-/crosscheck/2", "/corpus/-/crosscheck/1", "/corpus/-/crosscheck/3",
             "/corpus/-/crosscheck/article/4", "/corpus/-/crosscheck/article/2"],
)
async def test_hostile_text_is_escaped(ds, path):
    html = await get_html(ds, path)
    for raw in HOSTILE_RAW:
        assert raw not in html
    assert 'A & B "Quotes"' not in html
    assert 'href="javascript:' not in html


@pytest.mark.asyncio
async def test_hostile_text_shows_as_text(ds):
    article = await get_html(ds, "/corpus/-/crosscheck/article/4")
    assert "Raqqa raid &lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "&lt;img src=x onerror=alert(1)&gt;" in article
    statement = await get_html(ds, "/corpus/-/crosscheck/2")
    assert "&lt;img src=x onerror=alert(1)&gt;" in statement
    assert "A &amp; B &#34;Quotes&#34;" in statement
    data = await get_json(ds, "/corpus/-/crosscheck/article/2.json")
    assert data["article"]["url"] is None  # a javascript: address is no link


# ---------------------------------------------------------------------------------------------
# Permissions, base_url, database names


def deny_anonymous(*paths):
    return Datasette(list(paths), **versions.instance_kwargs({"databases": {"corpus": {"allow": {"id": "root"}}}}))


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path", ["/corpus/-/crosscheck", "/corpus/-/crosscheck.json", "/corpus/-/crosscheck/1",
             "/corpus/-/crosscheck/1.json", "/corpus/-/crosscheck/article/1", "/corpus/-/crosscheck/article/1.json"],
)
async def test_permissions(corpus, path):
    ds = deny_anonymous(corpus)
    assert (await ds.client.get("/corpus")).status_code == 403  # Datasette agrees
    response = await ds.client.get(path)
    assert response.status_code == 403
    if path.endswith(".json"):
        assert response.json()["ok"] is False and response.json()["status"] == 403
    assert "alert" not in response.text and "Lafarge" not in response.text
    cookies = {"ds_actor": versions.actor_cookie(ds, {"id": "root"})}
    assert (await ds.client.get(path, cookies=cookies)).status_code == 200


@pytest.mark.asyncio
async def test_base_url(corpus):
    ds = Datasette([corpus], settings={"base_url": "/news/"})
    html = await get_html(ds, "/corpus/-/crosscheck?_size=1")
    assert 'href="/news/corpus/-/crosscheck/3"' in html
    assert 'href="/news/-/static-plugins/datasette_crosscheck/crosscheck.css"' in html
    assert 'rel="next" href="/news/corpus/-/crosscheck?' in html
    data = await get_json(ds, "/corpus/-/crosscheck.json?_size=1")
    assert urlsplit(data["next_url"]).path == "/news/corpus/-/crosscheck.json"
    assert data["rows"][0]["url"] == "/news/corpus/-/crosscheck/3"
    detail = await get_html(ds, "/corpus/-/crosscheck/1")
    assert 'href="/news/corpus/-/crosscheck/article/1?sentence=104#s104"' in detail
    assert 'href="/news/corpus/articles/1"' in detail


@pytest.mark.asyncio
async def test_database_name_that_needs_escaping(tmp_path):
    path = create_corpus(tmp_path / "my.corpus.db")
    ds = Datasette([path])
    data = await get_json(ds, "/my~2Ecorpus/-/crosscheck.json")
    assert data["database"] == "my.corpus" and ids(data) == [3, 1, 2]
    assert data["rows"][0]["url"] == "/my~2Ecorpus/-/crosscheck/3"
    html = await get_html(ds, "/my~2Ecorpus/-/crosscheck/1")
    assert 'href="/my~2Ecorpus/-/crosscheck/article/1?sentence=104#s104"' in html
    assert (await get_json(ds, "/my~2Ecorpus/-/crosscheck/article/4.json"))["article"]["outlet"] == AB


# ---------------------------------------------------------------------------------------------
# Links from Datasette's own pages, stored queries, metadata.yml


@pytest.mark.asyncio
async def test_action_links(corpus, plain):
    ds = Datasette([corpus, plain])
    link = 'href="/corpus/-/crosscheck"'
    assert link in await get_html(ds, "/corpus")
    assert "Cross-check statements" not in await get_html(ds, "/plain")
    for table in ["sentences", "matches", "statements"]:
        assert link in await get_html(ds, f"/corpus/{table}"), table
    assert link not in await get_html(ds, "/corpus/figures")
    assert "Cross-check statements" not in await get_html(ds, "/plain/places")


@pytest.mark.asyncio
async def test_links_from_rows(ds):
    # both versions: statement_id cells of the match tables link to the statement
    html = await get_html(ds, "/corpus/statement_sentences")
    assert 'href="/corpus/-/crosscheck/1" title="Cross-check statement 1"' in html
    row = await get_html(ds, "/corpus/sentences/104")
    if compat.HAS_ROW_ACTIONS:  # 1.0a: the row actions menu
        assert 'href="/corpus/-/crosscheck/1"' in row
        assert 'href="/corpus/-/crosscheck/article/1?sentence=104#s104"' in row
        assert 'href="/corpus/-/crosscheck/3"' in await get_html(ds, "/corpus/statements/3")
        assert 'href="/corpus/-/crosscheck/article/2"' in await get_html(ds, "/corpus/articles/2")
    else:  # 0.65: the row page links to statement_sentences, whose cells link to the statement
        assert "statement_sentences" in row


@pytest.mark.asyncio
@pytest.mark.parametrize("extra", [False, True])
async def test_stored_queries(corpus, plain, extra):
    ds = Datasette([corpus, plain]) if extra else Datasette([corpus])
    await ds.invoke_startup()
    rows = versions.rows_of(await get_json(ds, "/corpus/figures_that_disagree.json?_shape=objects"))
    assert [r["verdict"] for r in rows] == ["conflict", "different measure"]  # compatible is no disagreement
    rows = versions.rows_of(await get_json(ds, "/corpus/statements_in_three_or_more_outlets.json?_shape=objects"))
    assert sorted(r["statement_id"] for r in rows) == [1, 2]
    rows = versions.rows_of(
        await get_json(ds, "/corpus/what_only_one_outlet_says.json?_shape=objects&outlet=" + quote(AB))
    )
    assert [r["sentence_id"] for r in rows] == [404]
    html = await get_html(ds, "/corpus")
    assert "Figures that disagree across outlets" in html
    if extra:
        assert (await ds.client.get("/plain/figures_that_disagree.json")).status_code == 404


@pytest.mark.asyncio
async def test_metadata_yml(corpus):
    with open(os.path.join(ROOT, "metadata.yml"), encoding="utf-8") as fp:
        metadata = yaml.safe_load(fp)
    ds = Datasette([corpus], metadata=metadata)
    assert "Cross-checking the Lafarge coverage" in await get_html(ds, "/")
    html = await get_html(ds, "/corpus")
    for outlet in ["Global Research", "South Front", "Muslim World Journal", "World Socialist Web Site"]:
        assert outlet in html
