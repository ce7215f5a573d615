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

from datasette_crosscheck.match import diff
from datasette_crosscheck import measures

from .conftest import SEEDS
from .test_verdicts import PAIRS

DATA = Path(__file__).parent / "data"
CACHED = [diff._compare_values, diff._contrast_words, diff._states_a_change, diff._clause_roles, diff._words,
          diff._clause_moments, diff._moments_around]


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
    diff._PLANS.clear()
    diff._CONTENT_IDS.clear()


def simple(monkeypatch):
    """diff with its per-value caches bypassed: measures.compare on every pair, every pair of clauses
    planned anew."""
    clear_caches()
    monkeypatch.setattr(diff, "_compare_values", diff._compare_values.__wrapped__)
    monkeypatch.setattr(diff, "_PLANS_KEPT", 0)


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


def versions(text: str, published: str, outlet, first_id: int, offset: int = 0):
    """A Version of `text` (figures as extracted, with ids from first_id), set `offset` characters into
    its sentence."""
    from datasette_crosscheck.figures import extract_figures

    figures = [dict(f.as_row(), id=first_id + n) for n, f in enumerate(extract_figures(text))]
    for f in figures:
        if f.get("char_start") is not None:
            f["char_start"], f["char_end"] = f["char_start"] + offset, f["char_end"] + offset
    return diff.Version(text, figures, published, outlet, offset)


def as_rows(comparisons):
    return json.dumps(comparisons, sort_keys=True, default=str)


def test_sides_and_plans_reused_across_outlets_give_what_fresh_comparisons_give(monkeypatch):
    """One Side per clause, reused for every pair it is in, and one plan per pair of clause contents,
    reused for copies in other outlets, at other offsets, with other figure ids: each pair's
    comparisons (outlets, ids and notes included) are those of a fresh comparison of that pair."""
    pairs = [(a, b) for a, b in real_pairs() if a != b][:150]
    outlets = [("Outlet A", "Outlet B"), ("Outlet C", None), (None, "Outlet A")]
    calls = []
    for n, (a, b) in enumerate(pairs):
        for k, (outlet_a, outlet_b) in enumerate(outlets):
            calls.append((versions(a, "2019-03-01", outlet_a, 1000 * n + 100 * k, 7 * k),
                          versions(b, "2019-03-04", outlet_b, 1000 * n + 100 * k + 50)))
    with monkeypatch.context() as patched:
        simple(patched)
        slow = [as_rows(diff.figure_differences(a, b)) for a, b in calls]
        assert not diff._PLANS
    clear_caches()
    sides = {}

    def side(version):
        key = id(version)  # (the versions live as long as `calls`)
        if key not in sides:
            sides[key] = diff.Side(version)
        return sides[key]

    fast = [as_rows(diff.figure_differences(side(a), side(b))) for a, b in calls]
    assert len(diff._PLANS) <= len(pairs) < len(calls)  # copies in other outlets were planned once
    assert sum('"conflict"' in rows for rows in slow) > 20 and sum('"missing"' in rows for rows in slow) > 5
    assert sum("Outlet C" in rows for rows in slow) > 20  # the outlets are written into the rows
    assert fast == slow


def test_a_plan_is_not_reused_for_a_clause_whose_figures_or_date_differ():
    """The plan's key holds every figure field but the id, and the date: a value typed otherwise (5
    against 5.0), another unit or another day of publication is planned anew."""
    a = versions("The company paid $43 million in taxes.", "2019-03-01", "Outlet A", 1)
    b = versions("The company paid $45 million in taxes.", "2019-03-01", "Outlet B", 2)
    clear_caches()
    first = diff.figure_differences(a, b)
    assert first[0]["verdict"] == "conflict" and len(diff._PLANS) == 1
    value = b.figures[0]["value"]
    retyped = b._replace(figures=[dict(b.figures[0], value=int(value) if isinstance(value, float) else float(value))])
    other_day = b._replace(published="2021-06-01")
    other_id = b._replace(figures=[dict(b.figures[0], id=99)])
    for version in (retyped, other_day):
        diff.figure_differences(a, version)
    assert len(diff._PLANS) == 3
    assert diff.figure_differences(a, other_id)[0]["figure_b"] == 99 and len(diff._PLANS) == 3


def test_difference_rows_are_match_differences_of_each_match(monkeypatch):
    """difference_rows (a Side per clause, a plan per pair of contents, the wording rows of a pair of
    texts once) against match_differences of each match on its own, every cache bypassed."""
    from datasette_crosscheck.match import pipeline as match

    clauses, matches = share_of_copies()
    with monkeypatch.context() as patched:
        simple(patched)
        expected = [[(match_id, *match._difference_row(d))
                     for d in match.match_differences(clauses[a], clauses[b], {})] for match_id, a, b in matches]
    clear_caches()
    found = match.difference_rows({}, (clauses, matches))
    assert sum(map(len, expected)) > 300 and any(row[1] == "wording" for rows in expected for row in rows)
    assert found == expected


def test_difference_rows_make_no_reference_cycles_and_leave_the_collector_as_it_was():
    """difference_rows pauses the cyclic collector (parallel.collector_paused): that is only safe
    while refcounting frees all it makes."""
    import gc

    from datasette_crosscheck.match import pipeline as match

    share = share_of_copies()
    clear_caches()
    gc.collect()
    gc.disable()
    try:
        rows = match.difference_rows({}, share)
        assert not gc.isenabled()  # left off, as it was
        assert gc.collect() == 0  # nothing unreachable that only the collector could free
    finally:
        gc.enable()
    assert sum(map(len, rows)) > 300
    match.difference_rows({}, share)
    assert gc.isenabled()


def share_of_copies():
    """A share of write_differences whose clauses recur in three outlets, as a statement's do."""
    from datasette_crosscheck.match import pipeline as match

    pairs = [(a, b) for a, b in real_pairs() if a != b][:60]
    clauses, matches = [], []
    for n, (a, b) in enumerate(pairs):
        for k, outlet in enumerate(("Outlet A", "Outlet B", "Outlet C")):
            for text, first_id in ((a, 10_000 * n + 100 * k), (b, 10_000 * n + 100 * k + 50)):
                v = versions(text, "2019-03-01", outlet, first_id, 3 * k)
                clauses.append(match.Unit(n, 2 * n + k, outlet, v.published, v.offset, v.offset + len(text), text,
                                          v.figures, True))
        first = len(clauses) - 6
        matches += [(len(matches) + 1, first + x, first + y) for x, y in ((0, 3), (2, 5), (0, 5), (1, 4), (0, 0))]
    return clauses, matches


def test_a_forgotten_content_gets_a_new_number_and_no_other_contents_plan(monkeypatch):
    """Content numbers are never given twice: when _CONTENT_IDS forgets a content, its next side gets a
    number no plan was made under, so a plan kept under the old number cannot be taken for it."""
    monkeypatch.setattr(diff, "_CONTENTS_KEPT", 2)
    clear_caches()
    texts = ["Prices rose 5 percent.", "Prices rose 7 percent.", "Prices rose 9 percent."]
    numbers = [diff.Side(versions(text, None, None, n)).content_id for n, text in enumerate(texts)]
    assert len(set(numbers)) == 3 and len(diff._CONTENT_IDS) == 2
    again = diff.Side(versions(texts[0], None, None, 0)).content_id  # forgotten: a new number
    assert again not in numbers
    assert diff.Side(versions(texts[2], None, None, 5)).content_id == numbers[2]  # remembered: the same
    a, b = (versions(text, None, "Outlet A", 0) for text in texts[:2])
    assert diff.figure_differences(a, b)[0]["verdict"] == "conflict"
