"""Issue 10's pages in a real browser (Debian's chromium through Playwright, as in test_browser.py), at a
desktop width (1400 px) and a phone's (390 px): the statements list's filter form filled in and submitted,
the stories list's, and the statement page that leads with its verdicts in words and a timeline. Layout
checks are measured in the page: no sideways scrolling, a label on one line beside its checkbox, the
summary above the versions. Nothing is written to the repo."""

import pytest

from .story_fixtures import create_story_corpus
from .test_browser import browser, serve  # noqa: F401 (fixtures)
from .fixtures import AB, GR, MWJ

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": (1400, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    yield from serve(create_story_corpus(tmp_path_factory.mktemp("browserpages") / "corpus.db"))


@pytest.fixture(params=list(WIDTHS))
def screen(request, browser):  # noqa: F811
    width, height = WIDTHS[request.param]
    page = browser.new_page(viewport={"width": width, "height": height})
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    page.close()
    assert dialogs == [], "a script from the article text ran"


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def line_height(locator) -> float:
    return locator.evaluate("el => parseFloat(getComputedStyle(el).lineHeight) || 1.2 * parseFloat(getComputedStyle(el).fontSize)")


def one_line(locator) -> bool:
    return locator.bounding_box()["height"] < 1.6 * line_height(locator)


def beside(page, label_text: str) -> bool:
    """The checkbox of `label_text` sits on the same line as the label's words, to their left."""
    box = page.get_by_label(label_text).bounding_box()
    words = page.locator(".cc-outlets-filter label bdi", has_text=label_text).bounding_box()
    return words["x"] > box["x"] + box["width"] - 1 and abs((words["y"] + words["height"] / 2) - (box["y"] + box["height"] / 2)) < box["height"]


def test_statement_list_filter_form(site, screen):
    screen.goto(f"{site}/corpus/-/crosscheck")
    assert no_sideways_scroll(screen)
    assert screen.locator(".cc-statement").count() == 3
    # the labels read on one line, above their fields; each checkbox beside its outlet's name
    for label in ("Search the sentences", "Figures", "Minimum match score (0–100)"):
        assert one_line(screen.locator(".cc-filters label", has_text=label)), label
    for outlet in (GR, MWJ, AB):
        assert beside(screen, outlet), outlet

    screen.get_by_label("Search the sentences").fill("bombs")
    screen.get_by_role("button", name="Apply filters").click()
    screen.wait_for_url("**q=bombs**")
    assert [t.split("\n")[0] for t in screen.locator(".cc-statement-text").all_inner_texts()] == [
        "French fighter jets dropped 20 bombs on the Syrian city of Raqqa."]
    assert screen.get_by_label("Search the sentences").input_value() == "bombs"  # the form keeps what was asked

    screen.get_by_label("Search the sentences").fill("")
    screen.get_by_label(MWJ).check()
    screen.get_by_label("Figures").select_option("differ")
    screen.get_by_label("Minimum match score (0–100)").fill("79")
    screen.get_by_role("button", name="Apply filters").click()
    screen.wait_for_url("**min_score=79**")
    assert "outlet=Muslim+World+Journal" in screen.url and "figures=differ" in screen.url
    # statement 3 (figures conflict, carried by Muslim World Journal's undated article, score 80); not 1
    # (score 78.5) nor 2 (no figures)
    assert screen.locator(".cc-statement").count() == 1
    assert "20 bombs" in screen.locator(".cc-statement-text").inner_text()
    assert screen.get_by_label(MWJ).is_checked()
    assert no_sideways_scroll(screen)

    screen.get_by_role("link", name="Clear").click()
    screen.wait_for_url("**/corpus/-/crosscheck")
    assert screen.locator(".cc-statement").count() == 3


def test_stories_list_filter_form(site, screen):
    screen.goto(f"{site}/corpus/-/crosscheck/stories")
    assert no_sideways_scroll(screen)
    assert screen.locator(".cc-story").count() == 2
    assert one_line(screen.locator(".cc-filters label", has_text="At least this many outlets"))
    for outlet in (GR, MWJ, AB):
        assert beside(screen, outlet), outlet
    screen.get_by_label("At least this many outlets").fill("3")
    screen.get_by_role("button", name="Apply filters").click()
    screen.wait_for_url("**min_outlets=3**")
    assert screen.locator(".cc-story").count() == 1
    assert screen.locator(".cc-story-title").inner_text() == "Raqqa raid <script>alert(1)</script>"
    screen.locator(".cc-story-title").click()
    screen.wait_for_url("**/corpus/-/crosscheck/stories/1")
    assert no_sideways_scroll(screen)
    assert screen.locator("svg.cc-timeline").bounding_box()["width"] <= screen.viewport_size["width"]


def test_statement_page_leads_with_its_verdicts(site, screen):
    screen.goto(f"{site}/corpus/-/crosscheck/1")
    assert no_sideways_scroll(screen)
    summary = screen.locator(".cc-summary")
    assert summary.locator("p").first.inner_text() == (
        f"{MWJ} and {GR} agree on at least €13,000,000 ({GR}: “millions of Euros”, compatible); "
        f"{AB} says $20,000 each month: a different measure.")
    top = summary.bounding_box()["y"]
    assert top < screen.locator(".cc-version").first.bounding_box()["y"]
    assert top < screen.locator(".cc-legend").bounding_box()["y"]
    if screen.viewport_size["width"] > 1000:
        assert top + summary.bounding_box()["height"] < screen.viewport_size["height"]  # seen without scrolling
    # the timeline: a lane per outlet, each named in words (readable without colour), within the page
    timeline = screen.locator(".cc-timeline-details svg.cc-timeline")
    assert timeline.is_visible()
    assert timeline.locator(".cc-tl-outlet").all_text_contents() == [GR, AB, MWJ]
    assert timeline.bounding_box()["width"] <= screen.viewport_size["width"]
    # a paraphrase marks what it shares, not every word as an edit
    monthly = screen.locator(".cc-version").filter(has=screen.locator("h2", has_text=AB))
    assert monthly.locator("mark.cc-shared").all_inner_texts() == ["Lafarge", "paid"]
    assert monthly.locator("del, ins").count() == 0
    assert monthly.locator("strong.cc-fig").inner_text() == "$20,000 each month"
    # a near copy keeps its word edits
    screen.goto(f"{site}/corpus/-/crosscheck/2")
    assert screen.locator(".cc-version del").count() > 0 and screen.locator(".cc-version ins").count() > 0
    assert no_sideways_scroll(screen)
