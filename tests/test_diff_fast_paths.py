"""The match pass's fast paths write exactly what the simple paths write.

diff.py works some things out once per value instead of once per call: a pair of figures' judgement
(`_compare`: measures.compare of the two figures' values), the contrast words a clause names, and
more. Each test runs the simple path (measures.compare on every pair, the regexes on every call)
next to the fast one, on real sentence pairs and on small corpora, and compares what they return.
"""

import json
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

from datasette_crosscheck import diff, measures

from .conftest import SEEDS
from .test_verdicts import PAIRS

DATA = Path(__file__).parent / "data"
CACHED = [diff._compare_values, diff._contrast_words, diff._states_a_change, diff._clause_roles, diff._words]


def real_pairs():
    """The sentence pairs of the conflict files (ECB+, MRPC, STS-B) and of test_verdicts."""
    found = [(a, b) for a, b, _ in PAIRS]
    for name in ("ecb_conflicts.jsonl", "mrpc_conflicts.jsonl", "stsb_conflicts.jsonl"):
        with open(DATA / name, encoding="utf-8") as lines:
            found += [(row["sentence_a"], row["sentence_b"]) for row in map(json.loads, lines)]
    return found


def clear_caches():
    for cached in CACHED:
        cached.cache_clear()


def simple(monkeypatch):
    """diff with its per-value caches bypassed: measures.compare on every pair."""
    clear_caches()
    monkeypatch.setattr(diff, "_compare_values", diff._compare_values.__wrapped__)


def compared(pairs, dates=(None, None)):
    """compare_texts of every pair, both ways, as JSON."""
    return [json.dumps(diff.compare_texts(x, y, *dates), sort_keys=True, default=str)
            for a, b in pairs for x, y in ((a, b), (b, a))]


@pytest.mark.parametrize("dates", [(None, None), ("2019-03-01", "2019-03-04")])
def test_judging_each_pair_of_values_once_returns_what_judging_every_pair_returns(monkeypatch, dates):
    pairs = real_pairs()
    clear_caches()
    fast = compared(pairs, dates)
    again = compared(pairs, dates)  # now every judgement comes from the cache
    with monkeypatch.context() as patched:
        simple(patched)
        slow = compared(pairs, dates)
    assert len(fast) == 2 * len(pairs) > 400
    assert sum('"verdict": "conflict"' in row for row in slow) > 20  # the pairs do disagree
    assert fast == slow
    assert again == slow


def test_figures_that_differ_only_in_how_a_value_is_typed_are_judged_apart():
    """5 and 5.0 are equal keys to a dict, but the note quotes a value as written: "5" against "5.0"."""
    whole = {"kind": "number", "value": 5, "low": 5, "high": 5, "approximate": 1}
    real = {"kind": "number", "value": 5.0, "low": 5.0, "high": 5.0, "approximate": True}
    other = {"kind": "number", "value": 7.0, "low": 7.0, "high": 7.0}
    clear_caches()
    for f in (whole, real):
        assert diff._compare(f, other, None, None).detail.as_json() == measures.compare(f, other).detail.as_json()
    assert diff._values(whole) != diff._values(real)


def test_contrast_words_read_once_per_text_are_those_searched_on_every_call():
    texts = [text for pair in real_pairs() for text in pair]
    texts += ["Private colleges raised fees.", "Public colleges raised fees.", "the Senate and the House agreed"]
    clear_caches()
    for text in texts:
        expected = {w for w, pattern in diff._CONTRAST_WORDS.items() if pattern.search(text)}
        assert diff._contrast_words(text) == expected
    assert diff._contrast("Private colleges raised fees.", "Public colleges raised fees.") == ("private", "public")


def differences_table(path):
    db = sqlite_utils.Database(path)
    return [tuple(row) for row in db.execute("select * from differences order by id")]


def test_the_match_pass_writes_the_differences_the_simple_path_writes(tmp_path, monkeypatch):
    """The seeds and a generated corpus of reworded copies (figures changed in some): every row of
    `differences`, ids and details included, as the simple path writes them."""
    from .generated import write_corpus

    path = tmp_path / "c.db"
    paths = [SEEDS, *write_corpus(tmp_path / "corpus")]
    result = CliRunner().invoke(cli, ["crosscheck", "load", str(path), *map(str, paths), "--workers", "1", "-q"])
    assert result.exit_code == 0, result.output
    clear_caches()
    assert CliRunner().invoke(cli, ["crosscheck", "match", str(path), "--workers", "1", "-q"]).exit_code == 0
    fast = differences_table(path)
    with monkeypatch.context() as patched:
        simple(patched)
        assert CliRunner().invoke(cli, ["crosscheck", "match", str(path), "--workers", "1", "-q"]).exit_code == 0
        slow = differences_table(path)
    kinds = {kind for (kind,) in sqlite_utils.Database(path).execute("select distinct kind from differences")}
    assert len(slow) > 100 and {"figure", "wording"} <= kinds
    assert fast == slow
