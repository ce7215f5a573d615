"""The stories pages in a real browser (Debian's chromium through Playwright, as in test_browser.py): clicking
from the stories list to a story and on to a statement, the filter form, and the layout at a desktop width
and a phone's, with screenshots (written to the test's temporary folder, never to the repo)."""

import re
import struct

import pytest
from click.testing import CliRunner
from datasette.cli import cli

from .conftest import SEEDS
from .story_fixtures import create_story_corpus
from .test_browser import browser, page, serve  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def story_server(tmp_path_factory):
    yield from serve(create_story_corpus(tmp_path_factory.mktemp("browserstories") / "corpus.db"))


@pytest.fixture(scope="module")
def demo_stories(tmp_path_factory):
    """The seeds loaded with the real command, which groups them into stories as it matches."""
    path = tmp_path_factory.mktemp("demostories") / "corpus.db"
    result = CliRunner().invoke(cli, ["crosscheck", "load", str(path), SEEDS, "--quiet"])
    assert result.exit_code == 0, result.output
    yield from serve(path)


def png_size(path) -> tuple:
    with open(path, "rb") as fp:
        header = fp.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_from_stories_to_a_story_to_a_statement(demo_stories, page):
    page.goto(f"{demo_stories}/corpus/-/crosscheck/stories")
    stories = page.locator(".cc-story")
    assert stories.count() == 3
    # the Lafarge story leads: two outlets, and as many shared statements as its JSON twin counts
    listed = page.request.get(f"{demo_stories}/corpus/-/crosscheck/stories.json").json()["rows"][0]
    shared = listed["statement_count"]
    assert shared >= 2
    first = stories.first
    assert "2 outlets" in first.inner_text() and f"{shared} shared statements" in first.inner_text()
    first.locator("a.cc-story-title").click()
    page.wait_for_url("**/corpus/-/crosscheck/stories/1")

    assert page.locator(".cc-story-articles li").count() == 2
    assert page.locator("svg.cc-timeline .cc-tl-lane").count() == 1  # Muslim World Journal has no date
    assert "without a date: Muslim World Journal" in page.locator(".cc-timeline-figure figcaption").inner_text()
    rows = page.locator(".cc-grid tbody tr")
    assert rows.count() == shared
    headers = page.locator(".cc-grid thead th").all_inner_texts()
    assert headers == ["Statement", "Global Research", "Muslim World Journal"]
    # only Global Research's version has a date: it is first, the undated one is not ranked
    # one dated version per statement (Muslim World Journal has no date): nobody is marked first
    assert page.locator(".cc-grid .cc-tag-first").count() == 0
    assert page.locator(".cc-grid .cc-what", has_text="who was first is unknown").count() == shared
    assert all("date unknown" in t for t in page.locator(".cc-grid td:nth-child(3)").all_inner_texts())

    statement = rows.first.locator("th a").first
    text = statement.inner_text()
    statement.click()
    page.wait_for_url(re.compile(r"/corpus/-/crosscheck/\d+$"))
    # the heading is the whole sentence, the statement's clause marked in it when it is a part
    clause = page.locator(".cc-reference mark.cc-clause")
    assert (clause.inner_text() if clause.count() else page.locator(".cc-reference").inner_text()) == text
    page.locator(".cc-stories-of a").first.click()
    page.wait_for_url("**/corpus/-/crosscheck/stories/1")

    page.locator(".cc-meta a.cc-badge-link").click()  # "N shared statements": the filtered statements list
    page.wait_for_url("**/corpus/-/crosscheck?story=1**")
    assert page.locator(".cc-statement").count() == shared
    assert "Statements of the story" in page.locator(".cc-story-filter").inner_text()


def test_stories_filter_form(story_server, page):
    page.goto(f"{story_server}/corpus/-/crosscheck/stories")
    assert page.locator(".cc-story").count() == 2
    page.get_by_label("Search the titles").fill("officer")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**q=officer**")
    assert page.locator(".cc-story").count() == 1
    assert page.locator(".cc-story-title").inner_text() == "French officer punished for revealing the truth"
    page.goto(f"{story_server}/corpus/-/crosscheck/stories")
    page.get_by_label("Muslim World Journal").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**outlet=Muslim+World+Journal**")
    assert page.locator(".cc-story").count() == 1
    # the label sits beside its checkbox, not under it (Datasette's own form label width is undone)
    box = page.get_by_label("Muslim World Journal").bounding_box()
    label = page.locator(".cc-outlets-filter label", has_text="Muslim World Journal").bounding_box()
    assert label["height"] < 2 * box["height"] + 8


def test_story_page_at_desktop_and_phone_widths(story_server, browser, tmp_path):  # noqa: F811
    url = f"{story_server}/corpus/-/crosscheck/stories/1"
    wide = browser.new_page(viewport={"width": 1400, "height": 900})
    wide.goto(url)
    assert no_sideways_scroll(wide)
    assert wide.locator(".cc-grid thead").evaluate("el => getComputedStyle(el).display") == "table-header-group"
    assert wide.locator(".cc-grid tbody tr").count() == 3
    assert wide.locator("svg.cc-timeline").bounding_box()["width"] > 600
    marks = [wide.locator("svg.cc-timeline .cc-tl-mark").nth(n).bounding_box()["x"] for n in range(3)]
    assert marks == sorted(marks)  # earliest outlet left, latest right
    wide.screenshot(path=str(tmp_path / "story-1400.png"), full_page=True)
    assert png_size(tmp_path / "story-1400.png")[0] == 1400
    wide.close()

    # a grid wider than the window (many outlets: here, wide cells) scrolls inside its frame, not the page
    wide = browser.new_page(viewport={"width": 1400, "height": 900})
    wide.goto(url)
    wide.add_style_tag(content=".cc-grid { width: 3000px; }")
    assert wide.locator(".cc-grid-wrapper").evaluate("el => el.scrollWidth > 2 * el.clientWidth")
    assert no_sideways_scroll(wide)
    wide.close()

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(url)
    assert no_sideways_scroll(phone)
    # the grid collapses into a list: no header row, each cell labelled with its outlet
    assert phone.locator(".cc-grid thead").evaluate("el => getComputedStyle(el).display") == "none"
    cell = phone.locator(".cc-grid tbody tr").first.locator("td").first
    assert cell.evaluate("el => getComputedStyle(el, '::before').content") == '"Global Research"'
    grid = phone.locator(".cc-grid").bounding_box()
    assert grid["x"] >= 0 and grid["x"] + grid["width"] <= 390
    assert phone.locator("svg.cc-timeline").bounding_box()["width"] <= 390
    phone.screenshot(path=str(tmp_path / "story-390.png"), full_page=True)
    width, height = png_size(tmp_path / "story-390.png")
    assert width == 390 and height > 844
    for path in ["/corpus/-/crosscheck/stories", "/corpus/-/crosscheck?story=1", "/corpus/-/crosscheck/3"]:
        phone.goto(story_server + path)
        assert no_sideways_scroll(phone), path
    phone.close()


def test_story_hostile_text_stays_text(story_server, page):
    page.goto(f"{story_server}/corpus/-/crosscheck/stories/1")
    assert page.locator("h1").inner_text() == "Raqqa raid <script>alert(1)</script>"
    assert page.locator(".content script, .cc-grid img").count() == 0
    assert 'A & B "Quotes"' in page.locator(".cc-grid thead").inner_text()
