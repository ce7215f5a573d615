"""Issue 10, the crosscheck pages a reporter reads at a glance: the footer Datasette's own pages have,
the statement page's verdicts in words (`summary`), its timeline, whole sentences with the shared clause
marked, and the switch between word diffs (near copies) and shared words (paraphrases). Through
Datasette's client, HTML and JSON, on the fixture corpus."""

import html as html_module
import os
import re

import pytest
import yaml
from datasette.app import Datasette
from datasette.version import __version__

from .conftest import ROOT
from .fixtures import AB, GR, MWJ, create_corpus
from .client import get


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return create_corpus(tmp_path_factory.mktemp("pages") / "corpus.db")


@pytest.fixture
def ds(corpus):
    return Datasette([corpus])


def footer(html: str) -> str:
    """The footer, spaces folded, without the query time only Datasette's own pages measure."""
    text = html[html.index('<footer class="ft">'):html.index("</footer>")]
    return re.sub(r"\s+", " ", re.sub(r"&middot; Queries took [\d.]+ms", "", text))


# ---------------------------------------------------------------------------------------------
# The footer: Datasette's version and the metadata's "Data source", as on Datasette's own pages

PAGES = ["/corpus/-/crosscheck", "/corpus/-/crosscheck/1", "/corpus/-/crosscheck/article/1",
         "/corpus/-/crosscheck/999"]


@pytest.mark.asyncio
@pytest.mark.parametrize("path", PAGES[:3])
async def test_footer_has_the_version_and_the_data_source(corpus, path):
    with open(os.path.join(ROOT, "metadata.yml"), encoding="utf-8") as fp:
        metadata = yaml.safe_load(fp)
    ds = Datasette([corpus], metadata=metadata)
    ours = footer((await get(ds, path)).text)
    theirs = footer((await get(ds, "/")).text)  # 1.0a41 leaves the instance's source off its database page
    assert f'title="Datasette v{__version__}"' in ours
    assert "Data source:" in ours and html_module.escape(metadata["source"]) in ours
    assert ours == theirs


@pytest.mark.asyncio
async def test_footer_of_a_message_page_and_without_metadata(ds):
    ours = footer((await get(ds, "/corpus/-/crosscheck/stories", 404)).text)
    assert f'title="Datasette v{__version__}"' in ours
    assert "Data source" not in ours


# ---------------------------------------------------------------------------------------------
# The statement page leads with its verdicts in words (`summary` in the JSON twin)


@pytest.mark.asyncio
async def test_summary_of_agreeing_figures_and_a_different_measure(ds):
    data = (await get(ds, "/corpus/-/crosscheck/1.json")).json()
    summary = data["summary"]
    assert summary["sentences"] == [
        f"{MWJ} and {GR} agree on at least €13,000,000 ({GR}: “millions of Euros”, compatible); "
        f"{AB} says $20,000 each month: a different measure.",
        f"{GR} published it first, on 2019-10-17 (all 3 versions have a date).",
    ]
    assert summary["text"] == " ".join(summary["sentences"])
    # the parts as data: two groups of figures, told apart by a different measure
    groups = summary["figure_groups"]
    assert [g["named_by"] for g in groups] == [{"text": "at least €13,000,000", "outlet": MWJ},
                                              {"text": "$20,000 each month", "outlet": AB}]
    assert groups[0]["outlets"] == [MWJ, GR] and groups[0]["figures"][0]["verdict"] == "compatible"
    assert summary["relations"] == [{"groups": [0, 1], "verdict": "different measure"}]


@pytest.mark.asyncio
async def test_summary_of_a_conflict_and_of_wording_only(ds):
    conflict = (await get(ds, "/corpus/-/crosscheck/3.json")).json()["summary"]
    assert conflict["sentences"][0] == f"{GR} says 20 bombs; {AB} says 30 bombs: the figures conflict."
    wording = (await get(ds, "/corpus/-/crosscheck/2.json")).json()["summary"]
    assert wording["sentences"][0] == "No version states a figure; the versions differ in words only (3 wording changes)."
    assert wording["figure_groups"] == []


@pytest.mark.asyncio
async def test_summary_leads_the_page_escaped(ds):
    html = (await get(ds, "/corpus/-/crosscheck/3")).text
    summary = html.index('class="cc-summary"')
    assert summary < html.index('class="cc-versions"') and summary < html.index('class="cc-legend"')
    # escaped, and each name and figure direction-isolated (a right-to-left name cannot reorder the sentence)
    assert "<bdi>A &amp; B &#34;Quotes&#34;</bdi> says <bdi>30 bombs</bdi>: the figures conflict." in html
    assert 'A & B "Quotes" says' not in html
    assert "\u2068" not in html and "\u2068" not in (await get(ds, "/corpus/-/crosscheck/3.json")).text


@pytest.mark.asyncio
async def test_summary_without_dates(corpus, tmp_path):
    import shutil
    import sqlite3

    path = str(tmp_path / "undated.db")
    shutil.copy(corpus, path)
    with sqlite3.connect(path) as conn:
        conn.execute("update articles set published = null")
    data = (await get(Datasette([path]), "/undated/-/crosscheck/3.json")).json()
    assert data["summary"]["sentences"][1] == "No version has a publication date: who published first is unknown."
    assert data["timeline"]["dated"] == [] and len(data["timeline"]["undated"]) == 2
    assert "cc-timeline" not in (await get(Datasette([path]), "/undated/-/crosscheck/3")).text


# ---------------------------------------------------------------------------------------------
# The timeline of a statement: the story page's, one lane per outlet


@pytest.mark.asyncio
async def test_statement_timeline(ds):
    data = (await get(ds, "/corpus/-/crosscheck/1.json")).json()
    timeline = data["timeline"]
    assert timeline["outlets"] == [GR, AB, MWJ]  # in order of publication
    assert [(e["outlet"], e["published"]) for e in timeline["dated"]] == [
        (GR, "2019-10-17"), (AB, "2019-10-18"), (MWJ, "2019-10-20")]
    html = (await get(ds, "/corpus/-/crosscheck/1")).text
    start = html.index('<svg class="cc-timeline"')
    svg = html[start:html.index("</svg>", start)]
    assert svg.count('class="cc-tl-lane"') == 3
    assert "A &amp; B &#34;Quotes&#34;" in svg and "<script>" not in svg  # titles of articles are escaped
    # readable without colour: each lane says its outlet and date in words
    assert '<tspan class="cc-tl-outlet">Global Research</tspan><tspan class="cc-tl-dates"> · 2019-10-17</tspan>' in svg


# ---------------------------------------------------------------------------------------------
# Headlines: the whole sentence, the statement's clause marked


@pytest.fixture(scope="module")
def clause_corpus(tmp_path_factory):
    """The fixture corpus with statement 3 covering only the first clause of its reference sentence."""
    import sqlite3

    path = create_corpus(tmp_path_factory.mktemp("clause") / "corpus.db")
    with sqlite3.connect(path) as conn:
        conn.execute("update statement_sentences set clause_start = 0, clause_end = 36 "
                     "where statement_id = 3 and sentence_id = 106")
        conn.execute("update statements set text = 'French fighter jets dropped 20 bombs' where id = 3")
    return path


@pytest.mark.asyncio
async def test_whole_sentence_with_the_clause_marked(clause_corpus):
    ds = Datasette([clause_corpus])
    rows = {r["id"]: r for r in (await get(ds, "/corpus/-/crosscheck.json")).json()["rows"]}
    whole = "French fighter jets dropped 20 bombs on the Syrian city of Raqqa."
    assert rows[3]["text"] == "French fighter jets dropped 20 bombs"
    assert rows[3]["sentence"] == {"text": whole, "clause": [0, 36]}
    assert rows[1]["sentence"]["clause"] == [0, len(rows[1]["sentence"]["text"])]
    marked = '<mark class="cc-clause">French fighter jets dropped 20 bombs</mark><span class="outside-clause"> on the Syrian city of Raqqa.</span>'
    assert marked in (await get(ds, "/corpus/-/crosscheck")).text
    statement = (await get(ds, "/corpus/-/crosscheck/3.json")).json()["statement"]
    assert statement["sentence"] == {"text": whole, "clause": [0, 36]}
    html = (await get(ds, "/corpus/-/crosscheck/3")).text
    heading = html[html.index('<blockquote class="cc-reference"'):html.index("</blockquote>")]
    assert marked in heading


# ---------------------------------------------------------------------------------------------
# Word diffs for near copies, shared words for paraphrases


@pytest.mark.asyncio
async def test_near_copies_get_word_edits(ds):
    versions = (await get(ds, "/corpus/-/crosscheck/2.json")).json()["versions"]
    assert [v["comparison"]["mode"] for v in versions] == ["reference", "words", "words"]
    assert all(v["comparison"]["equal_share"] >= 0.6 for v in versions)


@pytest.mark.asyncio
async def test_paraphrases_show_what_they_share(ds):
    versions = {v["outlet"]: v for v in (await get(ds, "/corpus/-/crosscheck/1.json")).json()["versions"]}
    monthly = versions[AB]["comparison"]
    assert monthly["mode"] == "shared" and monthly["equal_share"] < 0.6
    assert monthly["shared"] == ["Lafarge", "paid"]  # "paid" shares its stem with the reference's "paying"
    assert monthly["adds"] == ["group"]
    assert monthly["leaves_out"] == ["accused", "terrorist", "organisation"]
    assert {"kind": "figure", "start": 23, "end": 41} in monthly["marks"]  # $20,000 each month
    # a name of several words is one word: "Islamic State" (an alias of ISIS)
    assert "Islamic State" in versions[GR]["comparison"]["adds"]
    assert versions[MWJ]["comparison"]["mode"] == "reference"
    html = (await get(ds, "/corpus/-/crosscheck/1")).text
    assert '<mark class="cc-shared">paid</mark>' in html
    assert '<strong class="cc-fig">$20,000 each month</strong>' in html
    assert "<dt>Adds</dt>" in html and "<dt>Leaves out</dt>" in html


def test_the_switch_is_the_diffs_share_of_equal_words():
    from datasette_crosscheck.match.diff import word_diff
    from datasette_crosscheck.web.wording import NEAR_COPY_SHARE, equal_share

    a = "The council approved the new budget of the city on Monday evening."
    assert equal_share(word_diff(a, a)) == 1.0
    assert equal_share(word_diff(a, "The council approved the new budget of the town on Monday evening.")) > NEAR_COPY_SHARE
    assert equal_share(word_diff(a, "On Monday the city's budget won the councillors' backing.")) < NEAR_COPY_SHARE


def test_summary_of_figures_nobody_compares():
    from datasette_crosscheck.web.summary import statement_verdicts

    versions = [{"outlet": "Wire One", "figures": [{"id": 1, "text": "40 people", "comparisons": []}]},
                {"outlet": "Wire Two", "figures": []}]
    summary = statement_verdicts({"wording_differences": 2, "first": None}, versions)
    assert summary["sentences"] == [
        "Wire One states 40 people; no other version states a figure to compare it with (2 wording changes).",
        "No version has a publication date: who published first is unknown.",
    ]
