"""Datasette's own `differences` table of the demo corpus in a real browser (Debian's chromium through
Playwright, as in test_browser.py), at a desktop width and a phone's: a difference's detail reads as a
sentence and unfolds to its JSON, keys read as the text they point to. Screenshots go to the test's
temporary folder, never to the repo (scripts/screenshot.sh makes the README's)."""

import pytest
from click.testing import CliRunner
from datasette.cli import cli

from .conftest import SEEDS
from .test_browser import browser, page, serve  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_tables(tmp_path_factory):
    path = tmp_path_factory.mktemp("demotables") / "corpus.db"
    result = CliRunner().invoke(cli, ["crosscheck", "load", str(path), SEEDS, "--quiet"])
    assert result.exit_code == 0, result.output
    yield from serve(path)


@pytest.mark.parametrize("width", [1400, 390])
def test_differences_table_reads_at_a_glance(demo_tables, page, width, tmp_path):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{demo_tables}/corpus/differences")
    detail = page.locator("td.col-detail details").first
    summary = detail.locator("summary")
    assert summary.inner_text().startswith('"millions of Euros" is vague')
    folded = detail.locator("pre")
    assert not folded.is_visible()
    summary.click()
    assert folded.is_visible() and '"reason": "vaguer amount"' in folded.inner_text()
    # the unfolded JSON wraps inside its cell rather than widening the page
    assert folded.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    figure = page.locator("td.col-figure_b a").first
    assert figure.inner_text() == "at least €13,000,000"
    statement = page.locator("td.col-statement_id").first
    assert statement.locator("a", has_text="cross-check").count() == 1
    assert "the company had paid terrorists" in statement.inner_text()
    page.screenshot(path=str(tmp_path / f"differences-{width}.png"), full_page=True)
