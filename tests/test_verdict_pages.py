"""The figure verdicts as the pages show them (issue 9, pages and views): `conflicts=1` means conflicts,
the disagreements view holds disagreements, a figure's badge comes from its own comparisons, agreement
is shown, undisputed dates are not listed, and "first published" counts only dated versions. Through
Datasette's client, HTML and JSON, on the fixture corpus plus one statement whose figures agree."""

import sqlite3

import pytest
import sqlite_utils
from datasette.app import Datasette

from datasette_crosscheck.figures import extract_figures

from .fixtures import AB, GR, MWJ, create_corpus
from .client import get

AGREED = 10  # the statement whose figures agree: $2.5bn (dated) and €2.3bn (undated)
DATED, UNDATED = ("Wire One", "2019-02-15", "In 2019 the deal was worth $2.5bn, Acme said on Friday."), \
    ("Wire Two", None, "The deal was worth €2.3bn, Acme said.")


def add_agreeing_statement(path: str) -> str:
    """Two outlets' versions of one statement whose money figures are the same after conversion; no
    `differences` row (agreement is not stored), the dated one's year compared with nothing."""
    db = sqlite_utils.Database(path)
    sentence_ids = []
    for article_id, (outlet, published, text) in ((5, DATED), (6, UNDATED)):
        sentence_id = article_id * 100
        db["articles"].insert({"id": article_id, "outlet": outlet, "title": f"{outlet} on Acme", "published": published,
                               "source": f"fixture/{article_id}.txt", "format": "txt", "raw": text, "text": text,
                               "content_hash": f"hash{article_id}", "extra": "{}", "sentence_count": 1})
        db["sentences"].insert({"id": sentence_id, "article_id": article_id, "position": 0, "char_start": 0,
                                "char_end": len(text), "text": text, "kind": "body", "boilerplate": 0})
        db["figures"].insert_all(dict(f.as_row(), sentence_id=sentence_id, article_id=article_id)
                                 for f in extract_figures(text))
        sentence_ids.append(sentence_id)
    db["statements"].insert({"id": AGREED, "representative_sentence_id": sentence_ids[0], "text": DATED[2],
                             "sentence_count": 2, "article_count": 2, "outlet_count": 2,
                             "outlets": f'["{DATED[0]}", "{UNDATED[0]}"]', "max_score": 90.0, "figure_conflict": 0,
                             "figure_differences": 0, "wording_differences": 0,
                             "first_published": DATED[1], "first_outlet": DATED[0]})
    db["statement_sentences"].insert_all(
        {"statement_id": AGREED, "sentence_id": s, "article_id": s // 100, "outlet": o}
        for s, o in zip(sentence_ids, (DATED[0], UNDATED[0]))
    )
    db["matches"].insert({"id": 10, "statement_id": AGREED, "sentence_a": sentence_ids[0], "sentence_b": sentence_ids[1],
                          "article_a": 5, "article_b": 6, "score": 90.0, "lexical": 90.0, "rare_terms": 90.0,
                          "figure_agreement": 100.0, "method": "sentence"})
    db.conn.close()
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return add_agreeing_statement(create_corpus(tmp_path_factory.mktemp("verdicts") / "corpus.db"))


@pytest.fixture
def ds(corpus):
    return Datasette([corpus])


def figures_by_text(data):
    return {f["text"]: dict(f, outlet=v["outlet"]) for v in data["versions"] for f in v["figures"]}


# ---------------------------------------------------------------------------------------------
# The list's figure filters


@pytest.mark.asyncio
async def test_conflicts_means_a_figure_conflict(ds):
    data = (await get(ds, "/corpus/-/crosscheck.json?conflicts=1")).json()
    # statement 1 has figure differences (compatible, different measure) but no conflict
    assert [r["id"] for r in data["rows"]] == [3] and all(r["figure_conflict"] for r in data["rows"])
    assert data["filters"]["figures"] == "conflict" and data["filters"]["conflicts"] is True
    html = (await get(ds, "/corpus/-/crosscheck?conflicts=1")).text
    assert "1 statement<" in html and '<option value="conflict" selected>' in html


@pytest.mark.asyncio
async def test_figures_differ_keeps_any_figure_difference(ds):
    data = (await get(ds, "/corpus/-/crosscheck.json?figures=differ")).json()
    assert [r["id"] for r in data["rows"]] == [3, 1]
    html = (await get(ds, "/corpus/-/crosscheck?figures=differ")).text
    assert "2 statements<" in html and '<option value="differ" selected>' in html


@pytest.mark.asyncio
@pytest.mark.parametrize("value", ["disagree", "1", "conflict%00"])
async def test_figures_filter_is_checked(ds, value):
    error = (await get(ds, f"/corpus/-/crosscheck.json?figures={value}", status=400)).json()
    assert error == {"ok": False, "status": 400, "error": "figures must be conflict or differ (or empty for any)"}
    await get(ds, f"/corpus/-/crosscheck?figures={value}", status=400)


# ---------------------------------------------------------------------------------------------
# The disagreements view


def test_figure_disagreements_holds_disagreements_conflicts_first(corpus):
    conn = sqlite3.connect(corpus)
    rows = conn.execute("select verdict, figure_a, figure_b from figure_disagreements").fetchall()
    assert rows == [("conflict", "20 bombs", "30 bombs"), ("different measure", "at least €13,000,000", "$20,000 each month")]
    # the compatible pair is still a difference, for those who ask the differences table
    assert conn.execute("select count(*) from differences where verdict = 'compatible'").fetchone()[0] == 1


@pytest.mark.asyncio
async def test_figure_disagreements_view_through_datasette(ds):
    response = await get(ds, "/corpus/figure_disagreements.json?_shape=array")
    assert [r["verdict"] for r in response.json()] == ["conflict", "different measure"]


# ---------------------------------------------------------------------------------------------
# The statement page


@pytest.mark.asyncio
async def test_a_figure_badge_comes_from_its_own_comparisons_and_says_with_what(ds):
    data = (await get(ds, "/corpus/-/crosscheck/1.json")).json()
    figures = figures_by_text(data)
    millions = figures["millions of Euros"]
    # compared only with at least €13,000,000 (compatible): not the reference's different measure
    assert millions["verdict"] == "compatible"
    assert millions["verdict_with"] == {"text": "at least €13,000,000", "outlet": MWJ}
    assert millions["other_comparisons"] == 0
    reference = figures["at least €13,000,000"]
    assert reference["verdict"] == "different measure"
    assert reference["verdict_with"] == {"text": "$20,000 each month", "outlet": AB}
    assert reference["other_comparisons"] == 1
    html = (await get(ds, "/corpus/-/crosscheck/1")).text
    row = html[html.index('<td class="cc-figure"><strong><bdi>millions of Euros</bdi>'):]
    row = row[:row.index("</tr>")]
    assert "cc-verdict-compatible" in row and "cc-verdict-different-measure" not in row
    assert f"with <bdi>at least €13,000,000</bdi> (<bdi>{MWJ}</bdi>)" in row
    assert "; 1 more comparison<" in html


@pytest.mark.asyncio
async def test_agreement_is_shown_with_the_note(ds):
    data = (await get(ds, f"/corpus/-/crosscheck/{AGREED}.json")).json()
    figures = figures_by_text(data)
    dollars, euros = figures["$2.5bn"], figures["€2.3bn"]
    assert dollars["verdict"] == euros["verdict"] == "same"
    assert dollars["verdict_with"] == {"text": "€2.3bn", "outlet": UNDATED[0]}
    [comparison] = dollars["comparisons"]
    assert "the ECB rate of 2019-02-15" in comparison["notes"][0]
    html = (await get(ds, f"/corpus/-/crosscheck/{AGREED}")).text
    assert "cc-verdict-same" in html and "the ECB rate of 2019-02-15" in html


@pytest.mark.asyncio
async def test_undisputed_years_are_not_listed(ds):
    data = (await get(ds, f"/corpus/-/crosscheck/{AGREED}.json")).json()
    dated = next(v for v in data["versions"] if v["outlet"] == DATED[0])
    assert [f["text"] for f in dated["figures"]] == ["$2.5bn"]
    assert [d["text"] for d in dated["dates_not_listed"]] == ["2019"]
    fixture = (await get(ds, "/corpus/-/crosscheck/1.json")).json()
    assert "2018" not in figures_by_text(fixture)
    html = (await get(ds, "/corpus/-/crosscheck/1")).text
    assert "<bdi>2018</bdi>" not in html and "not compared" not in html


@pytest.mark.asyncio
async def test_first_published_only_among_dated_versions(ds):
    data = (await get(ds, f"/corpus/-/crosscheck/{AGREED}.json")).json()
    assert data["statement"]["first"] == {"outlets": [DATED[0]], "published": DATED[1], "dated_versions": 1,
                                          "versions": 2}
    html = (await get(ds, f"/corpus/-/crosscheck/{AGREED}")).text
    assert (f"Only <bdi>{DATED[0]}</bdi>&#39;s version has a date (<bdi>{DATED[1]}</bdi>; 1 undated): "
            "who published first is unknown.") in html
    every_dated = (await get(ds, "/corpus/-/crosscheck/1.json")).json()["statement"]["first"]
    assert every_dated == {"outlets": [GR], "published": "2019-10-17", "dated_versions": 3, "versions": 3}
    assert "<bdi>Global Research</bdi> published it first, on <bdi>2019-10-17</bdi> (all 3 versions have a date)." in (
        await get(ds, "/corpus/-/crosscheck/1")).text
