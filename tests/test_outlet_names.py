"""A site's own name wins over its domain; an outlet the input states explicitly wins over both (issue 10)."""

import json

import pytest
import sqlite_utils

from datasette_crosscheck.ingest.load import load_paths

URL = '<link rel="canonical" href="https://valleygazette.example.com/news/budget">'
ARTICLE = "<article><h1>Council approves the budget</h1>" + "".join(
    f"<p>The council of Marsh town voted {n + 5} to 2 on Monday to approve the budget for next year, officials said.</p>"
    for n in range(4)
) + "</article>"


def page(head: str = "", footer: str = "") -> str:
    return f"<!doctype html><html><head><title>Council approves the budget</title>{URL}{head}</head><body>{ARTICLE}{footer}</body></html>"


def outlet_of(tmp_path, name: str, content: str, **options) -> str:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    db = sqlite_utils.Database(tmp_path / "x.db")
    report = load_paths(db, [str(path)], workers=1, **options)
    assert not report.errors, report.errors
    return db.execute("select outlet from articles").fetchone()[0]


@pytest.mark.parametrize(
    "head, footer",
    [
        ('<meta property="og:site_name" content="The Valley Gazette">', ""),
        ('<meta name="application-name" content="The Valley Gazette">', ""),
        ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
         '"headline": "Council approves the budget", "publisher": {"@type": "Organization", "name": "The Valley Gazette"}}</script>', ""),
        ("", "<footer><p>About us</p><p>© 2021 The Valley Gazette. All rights reserved.</p></footer>"),
        ("", '<div class="site-footer"><p>Copyright 2021 The Valley Gazette</p></div>'),
        ("", '<div id="footer">Subscribe to The Valley Gazette</div>'),
    ],
    ids=["og:site_name", "application-name", "json-ld publisher", "footer copyright", "footer class", "footer call"],
)
def test_an_html_page_s_own_name_wins_over_its_domain(tmp_path, head, footer):
    assert outlet_of(tmp_path, "budget.html", page(head, footer)) == "The Valley Gazette"


def test_a_page_that_names_no_site_is_known_by_its_domain(tmp_path):
    assert outlet_of(tmp_path, "budget.html", page(footer="<footer><p>Contact us</p></footer>")) == "valleygazette.example.com"


def test_a_page_lxml_cannot_read_again_still_loads(tmp_path):
    html = '<?xml version="1.0" encoding="utf-8"?>' + page(footer="<footer>© The Valley Gazette</footer>")
    assert outlet_of(tmp_path, "budget.html", html) in {"The Valley Gazette", "valleygazette.example.com"}


TEXT = """Council approves the budget

Valley Gazette, March 3, 2021

The council of Marsh town voted 7 to 2 on Monday to approve the budget for next year, officials said.

The mayor said the vote would let the town repair the old bridge before the winter, and thanked the council.

To reach the newsroom visit:

valleygazette.example.com/contact
"""


def test_in_the_text_a_stated_name_wins_over_a_site_address(tmp_path):
    """The dateline names the site, the last line gives its address: the name is the outlet."""
    assert outlet_of(tmp_path, "budget.txt", TEXT) == "Valley Gazette"
    assert outlet_of(tmp_path / "no-name", "budget.txt", TEXT.replace("Valley Gazette, ", "")) == "valleygazette.example.com"


def test_an_outlet_stated_explicitly_wins_over_the_name_in_the_text(tmp_path):
    front = "---\noutlet: Marsh Weekly\n---\n" + TEXT
    assert outlet_of(tmp_path / "front", "budget.txt", front) == "Marsh Weekly"
    record = json.dumps({"id": "1", "outlet": "Marsh Weekly", "text": TEXT})
    assert outlet_of(tmp_path / "jsonl", "budget.jsonl", record + "\n") == "Marsh Weekly"
    csv = 'id,outlet,text\n1,Marsh Weekly,"' + TEXT.replace('"', '""') + '"\n'
    assert outlet_of(tmp_path / "csv", "budget.csv", csv) == "Marsh Weekly"
    html = page('<meta property="og:site_name" content="The Valley Gazette">')
    assert outlet_of(tmp_path / "option", "budget.html", html, outlet="Marsh Weekly") == "Marsh Weekly"
