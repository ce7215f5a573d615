"""The pages in a real browser: Debian's chromium driven by Playwright, against `datasette serve` on the
fixture corpus and on the demo corpus loaded from seeds/. With CROSSCHECK_UPDATE_SCREENSHOT=1 it saves
docs/crosscheck-detail.png, the screenshot of the demo the README shows (otherwise a temporary file, so
that a test run leaves the work tree as it was)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from click.testing import CliRunner
from datasette.cli import cli

from .conftest import ROOT, SEEDS
from .fixtures import create_corpus
from .test_web_hardening import LONG_ID, add_long_article, add_right_to_left

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOT = os.path.join(ROOT, "docs", "crosscheck-detail.png")
# `datasette serve` in the test's own Python (the plugin is installed there by the test command).
LAUNCHER = "import sys; from datasette.cli import cli; cli(['serve', *sys.argv[1:]])"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process, timeout: float = 15.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"datasette exited: {process.stderr.read().decode()}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"datasette did not answer at {url}")


def serve(path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, str(path), "-h", "127.0.0.1", "-p", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/-/versions.json", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serve(create_corpus(tmp_path_factory.mktemp("browser") / "corpus.db"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The corpus with a right-to-left override in a title and a three-page article."""
    path = create_corpus(tmp_path_factory.mktemp("hostile") / "corpus.db")
    yield from serve(add_long_article(add_right_to_left(path)))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The README's demo: the seeds loaded with the real command."""
    path = tmp_path_factory.mktemp("demo") / "corpus.db"
    result = CliRunner().invoke(cli, ["crosscheck", "load", str(path), SEEDS])
    assert result.exit_code == 0, result.output
    yield from serve(path)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"The browser tests need Debian's chromium at {CHROMIUM}: run 'sudo apt-get install chromium'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    page.close()
    assert dialogs == [], "a script from the article text ran"


def test_from_list_to_statement_to_article(server, page, tmp_path):
    page.goto(f"{server}/corpus/-/crosscheck")
    assert page.locator(".cc-statement").count() == 3
    page.get_by_role("link", name="Lafarge is accused of paying at least €13,000,000 to the terrorist organisation.").click()
    page.wait_for_url("**/corpus/-/crosscheck/1")

    versions = page.locator(".cc-version")
    assert versions.count() == 3
    assert "reference" in versions.first.locator("h2").inner_text()
    measure = page.locator(".cc-figures .cc-verdict-different-measure").first
    assert measure.inner_text() == "different measure"
    assert measure.evaluate("el => getComputedStyle(el).fontWeight") in ("700", "bold")
    assert page.locator(".cc-figures .cc-verdict-compatible").count() >= 1
    # a figure's badge is its own comparisons' verdict, and says with what, on the same line
    millions = page.locator(".cc-figure", has_text="millions of Euros")
    assert millions.locator(".cc-verdict").inner_text() == "compatible"
    assert millions.locator(".cc-verdict-with").inner_text() == "with at least €13,000,000 (Muslim World Journal)"
    badge, words = (millions.locator(sel).bounding_box() for sel in (".cc-verdict", ".cc-verdict-with"))
    assert words["y"] < badge["y"] + badge["height"]  # the words start beside the badge, not below it
    assert "2018" not in page.locator("#v104 .cc-figures").inner_text()
    # paraphrases: the words they share with the reference are marked, not every word as an edit
    assert page.locator(".cc-sentence mark.cc-shared").count() > 0
    assert page.locator(".cc-sentence ins, .cc-sentence del").count() == 0
    page.screenshot(path=str(tmp_path / "fixture.png"), full_page=True)
    page.goto(page.url.replace("/crosscheck/1", "/crosscheck/2"))  # near copies: word edits
    assert page.locator(".cc-sentence ins").count() > 0
    deleted = page.locator(".cc-sentence del").first
    assert "line-through" in deleted.evaluate("el => getComputedStyle(el).textDecorationLine")
    page.go_back()

    page.locator("#v104").get_by_role("link", name="Read in context").click()
    page.wait_for_url("**/corpus/-/crosscheck/article/1?sentence=104#s104")
    sentence = page.locator("#s104")
    assert sentence.evaluate("el => el.matches(':target')")
    assert sentence.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 229, 138)"
    assert page.locator("#s103").evaluate("el => getComputedStyle(el).backgroundColor") != "rgb(255, 229, 138)"
    assert "millions of Euros" in sentence.inner_text()


def test_hostile_text_stays_text(server, page):
    page.goto(f"{server}/corpus/-/crosscheck/article/4")
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
    assert "<img src=x onerror=alert(1)>" in page.locator("#s403").inner_text()
    assert page.locator(".cc-article img, .cc-article script").count() == 0
    page.goto(f"{server}/corpus/-/crosscheck/2")
    assert page.locator('.cc-version h2', has_text='A & B "Quotes"').count() == 1
    assert page.locator(".cc-sentence img").count() == 0


def test_filters_in_the_form(server, page):
    page.goto(f"{server}/corpus/-/crosscheck")
    page.get_by_label("Figures").select_option("differ")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**figures=differ**")
    assert page.locator(".cc-statement").count() == 2
    assert page.locator(".cc-statement").first.locator(".cc-badge-conflict").inner_text() == "Figures conflict"
    page.get_by_label("Figures").select_option("conflict")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**figures=conflict**")
    assert page.locator(".cc-statement").count() == 1


def test_demo_lafarge_payment_figures_by_clicking_only(demo, page, tmp_path):
    page.goto(f"{demo}/corpus/-/crosscheck")
    # the payment statement leads the list: its figures disagree
    first = page.locator(".cc-statement").first
    assert "millions of Euros" in first.inner_text()
    first.locator("a", has_text="millions of Euros").first.click()
    page.wait_for_url("**/corpus/-/crosscheck/*")
    versions = page.locator(".cc-version")
    outlets = {versions.nth(n).locator("h2").inner_text().replace("reference", "").strip() for n in range(versions.count())}
    assert outlets == {"Global Research", "Muslim World Journal"}
    figures = page.locator(".cc-figures").all_inner_texts()
    joined = " ".join(figures)
    # one version per article: Muslim World Journal's best, the €13,000,000 (its monthly rate is another sentence)
    for text in ("millions of Euros", "at least €13,000,000", "compatible"):
        assert text in joined
    assert versions.count() == 2
    header = versions.first.locator("header")
    assert header.evaluate("el => getComputedStyle(el).backgroundColor") in ("rgba(0, 0, 0, 0)", "transparent")
    screenshot = SCREENSHOT if os.environ.get("CROSSCHECK_UPDATE_SCREENSHOT") else str(tmp_path / "detail.png")
    page.screenshot(path=screenshot)  # the top of the page: the statement and the versions side by side
    assert os.path.getsize(screenshot) < 400_000

    version = versions.filter(has=page.locator(".cc-sentence", has_text="Lafarge is accused of paying")).first
    version.get_by_role("link", name="Read in context").click()
    page.wait_for_url("**/corpus/-/crosscheck/article/*#s*")
    target = page.locator(":target")
    assert "Lafarge is accused of paying at least €13,000,000" in target.inner_text()
    assert target.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 229, 138)"
    # the legend says bylines, datelines and boilerplate are grey: they are, and body text is not
    colors = lambda selector: set(page.locator(selector).evaluate_all("els => els.map(el => getComputedStyle(el).color)"))
    grey = colors(".cc-legend .cc-s-boilerplate")
    assert len(grey) == 1
    assert colors(".cc-article .cc-kind-byline, .cc-article .cc-kind-dateline, .cc-article .cc-s-boilerplate") == grey
    assert not colors(".cc-article .cc-kind-body:not(.cc-s-boilerplate)") & grey


def test_right_to_left_override_stays_in_the_title(hostile, page):
    """The date after an overridden title is still drawn after it (to its right), in reading order."""
    page.goto(f"{hostile}/corpus/-/crosscheck/2")
    source = page.locator(".cc-version .cc-source", has_text="Reversed title")
    title_right, date_left = source.evaluate(
        """el => { const title = el.querySelector('bdi'); const range = document.createRange();
                   range.selectNodeContents(title.nextSibling);
                   return [title.getBoundingClientRect().right, range.getBoundingClientRect().left]; }"""
    )
    assert date_left >= title_right - 1
    assert "2019-10-20" in source.inner_text()


def test_long_article_pages_by_clicking(hostile, page):
    page.goto(f"{hostile}/corpus/-/crosscheck/article/{LONG_ID}?sentence={LONG_ID * 10_000 + 1100}#s{LONG_ID * 10_000 + 1100}")
    assert page.locator(":target").inner_text() == "Sentence number 1100 of the long article."
    assert "page 3 of 3" in page.locator(".cc-article-pager").first.inner_text()
    page.locator(".cc-article-pager").first.get_by_role("link", name="← Previous page").click()
    page.wait_for_url("**?page=2")
    assert page.locator(".cc-article .cc-s").count() == 500
    assert page.locator(".cc-article .cc-s").first.inner_text() == "Sentence number 500 of the long article."
