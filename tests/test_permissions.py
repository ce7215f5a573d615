"""Every crosscheck page, JSON twin, stored query and link against Datasette's permissions: allowed,
one table it reads denied, the database denied. An `allow` block that hides a table on Datasette's own
pages hides it here too."""

import pytest
from datasette.app import Datasette

from datasette_crosscheck import compat
from datasette_crosscheck.web import access, stories as story_pages
from datasette_crosscheck.web.queries import STORED_QUERY_READS
from tests import datasette_versions as versions

from .story_fixtures import create_story_corpus

ROOT = {"id": "root"}
ONLY_ROOT = {"allow": {"id": "root"}}

# Each page with the tables it reads.
PAGES = {
    "/corpus/-/crosscheck": access.LIST_TABLES,
    "/corpus/-/crosscheck?q=bombs": access.LIST_TABLES + access.SEARCH_TABLES,
    "/corpus/-/crosscheck/1": access.STATEMENT_TABLES,
    "/corpus/-/crosscheck/article/1": access.ARTICLE_TABLES + access.ARTICLE_MATCH_TABLES,
    "/corpus/-/crosscheck?story=1": access.LIST_TABLES + story_pages.STORY_FILTER_TABLES,
    "/corpus/-/crosscheck/stories": story_pages.STORY_LIST_TABLES + story_pages.STORY_LIST_MATCH_TABLES,
    "/corpus/-/crosscheck/stories/1": story_pages.STORY_TABLES + story_pages.STORY_MATCH_TABLES
    + (story_pages.OMISSIONS_VIEW,),
}


def json_twin(path):
    base, _, query = path.partition("?")
    return base + ".json" + ("?" + query if query else "")


ALL_TABLES = sorted({t for tables in PAGES.values() for t in tables})


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The fixture corpus with its two stories (story 1's title says Raqqa)."""
    return create_story_corpus(tmp_path_factory.mktemp("permissions") / "corpus.db")


def instance(corpus, tables=(), database=False):
    """Datasette on the corpus with `allow` blocks (only root) on `tables`, or on the whole database."""
    config = {"tables": {t: ONLY_ROOT for t in tables}}
    if database:
        config.update(ONLY_ROOT)
    return Datasette([corpus], **versions.instance_kwargs({"databases": {"corpus": config}}))


def as_root(ds):
    return {"ds_actor": versions.actor_cookie(ds, ROOT)}


def assert_forbidden(response, fmt):
    assert response.status_code == 403, response.text
    if fmt == "json":
        assert response.json()["ok"] is False and response.json()["status"] == 403
    for leaked in ("Lafarge", "bombs", "Raqqa", "risk manager"):
        assert leaked not in response.text.replace("q=bombs", "")


@pytest.mark.asyncio
@pytest.mark.parametrize("table", ALL_TABLES)
async def test_a_page_needs_every_table_it_reads(corpus, table):
    """With one table denied: every page (and JSON twin) that reads it is 403, the others answer."""
    ds = instance(corpus, tables=[table])
    assert (await ds.client.get(f"/corpus/{table}.json")).status_code == 403  # Datasette agrees
    for page, tables in PAGES.items():
        for fmt, path in (("html", page), ("json", json_twin(page))):
            response = await ds.client.get(path)
            if table in tables:
                assert_forbidden(response, fmt)
                assert (await ds.client.get(path, cookies=as_root(ds))).status_code == 200, path
            else:
                assert response.status_code == 200, (path, response.text[:200])


@pytest.mark.asyncio
async def test_database_denied_and_allowed(corpus):
    denied, open_to_all = instance(corpus, database=True), instance(corpus)
    for page in PAGES:
        for fmt, path in (("html", page), ("json", json_twin(page))):
            assert_forbidden(await denied.client.get(path), fmt)
            assert (await denied.client.get(path, cookies=as_root(denied))).status_code == 200
            response = await open_to_all.client.get(path)
            assert response.status_code == 200
            if fmt == "json":
                assert response.json()["ok"] is True


@pytest.mark.asyncio
async def test_tables_the_pages_do_not_read_do_not_matter(corpus):
    ds = instance(corpus, tables=["figures", "differences", "matches"])
    assert (await ds.client.get("/corpus/-/crosscheck/article/1.json")).status_code == 200
    assert (await ds.client.get("/corpus/-/crosscheck.json")).status_code == 200
    assert (await ds.client.get("/corpus/-/crosscheck/1.json")).status_code == 403


STORED = [(name, table) for name, tables in STORED_QUERY_READS.items() for table in tables]


@pytest.mark.asyncio
@pytest.mark.parametrize("name, table", STORED)
async def test_stored_queries_follow_their_tables(corpus, name, table):
    ds = instance(corpus, tables=[table])
    await ds.invoke_startup()
    path = f"/corpus/{name}.json?_shape=objects&outlet=x"
    response = await ds.client.get(path)
    assert response.status_code == 403, response.text
    assert "Lafarge" not in response.text and "bombs" not in response.text
    assert name not in await page_text(ds, "/corpus")
    assert (await ds.client.get(path, cookies=as_root(ds))).status_code == 200
    assert name in await page_text(ds, "/corpus", cookies=as_root(ds))


@pytest.mark.asyncio
async def test_stored_queries_without_allow_blocks(corpus):
    ds = instance(corpus, tables=["figures"])  # no stored query reads figures
    await ds.invoke_startup()
    for name in STORED_QUERY_READS:
        assert (await ds.client.get(f"/corpus/{name}.json?outlet=x")).status_code == 200, name


async def page_text(ds, path, cookies=None):
    response = await ds.client.get(path, cookies=cookies or {})
    assert response.status_code == 200
    return response.text


LINK = 'href="/corpus/-/crosscheck"'


@pytest.mark.asyncio
@pytest.mark.parametrize("table", access.LIST_TABLES)
async def test_action_links_only_for_who_may_follow_them(corpus, table):
    ds = instance(corpus, tables=[table])
    root = as_root(ds)
    assert LINK not in await page_text(ds, "/corpus")
    assert LINK in await page_text(ds, "/corpus", cookies=root)
    shown = next(t for t in ("matches", "differences") if t != table)  # a linked table the actor may see
    assert LINK not in await page_text(ds, f"/corpus/{shown}")
    assert LINK in await page_text(ds, f"/corpus/{shown}", cookies=root)


@pytest.mark.asyncio
async def test_story_links_only_for_who_may_see_the_stories(corpus):
    """With `stories` denied the statements pages answer without their links to stories."""
    ds = instance(corpus, tables=["stories"])
    root = as_root(ds)
    for path in ("/corpus/-/crosscheck.json", "/corpus/-/crosscheck/2.json"):
        hidden, shown = (await ds.client.get(path)).json(), (await ds.client.get(path, cookies=root)).json()
        assert stories_of(hidden) == [[]] * len(stories_of(shown)) and any(stories_of(shown)), path
    for path in ("/corpus/-/crosscheck", "/corpus/-/crosscheck/2"):
        assert "/-/crosscheck/stories" not in await page_text(ds, path)
        assert 'href="/corpus/-/crosscheck/stories/1"' in await page_text(ds, path, cookies=root)
    assert 'href="/corpus/-/crosscheck/stories">Browse by story' in await page_text(ds, "/corpus/-/crosscheck",
                                                                                    cookies=root)


def stories_of(data):
    """The story links of a statements list's rows or of a statement page's statement."""
    return [row["stories"] for row in data.get("rows") or [data["statement"]]]


@pytest.mark.asyncio
@pytest.mark.skipif(not compat.HAS_ROW_ACTIONS, reason="row actions are Datasette 1.0a only")
async def test_row_actions_only_for_who_may_follow_them(corpus):
    ds = instance(corpus, tables=["figures"])  # the statement page reads figures, the reading view does not
    row = await page_text(ds, "/corpus/sentences/104")
    assert 'href="/corpus/-/crosscheck/article/1?sentence=104#s104"' in row
    assert 'href="/corpus/-/crosscheck/1"' not in row
    assert 'href="/corpus/-/crosscheck/1"' in await page_text(ds, "/corpus/sentences/104", cookies=as_root(ds))
