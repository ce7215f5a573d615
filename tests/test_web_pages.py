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


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return create_corpus(tmp_path_factory.mktemp("pages") / "corpus.db")


@pytest.fixture
def ds(corpus):
    return Datasette([corpus])


async def get(ds, path, status=200):
    response = await ds.client.get(path)
    assert response.status_code == status, response.text
    return response


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
