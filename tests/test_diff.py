import datetime
import functools
import json

import pytest

from datasette_crosscheck import measures
from datasette_crosscheck.match.diff import (
    Version,
    compare_figures,
    word_diff,
    wording_differences,
)
from datasette_crosscheck.match.diff import figure_differences as version_differences


def figure_differences(figs_a, figs_b):
    """Figures without their sentences: paired by measure alone."""
    return version_differences(Version(None, figs_a), Version(None, figs_b))


def figure(text, kind, value=None, low=None, high=None, unit=None, period=None, qualifier=None, approximate=0, id=None):
    """A row of the `figures` table, built by hand (figures.py is tested on its own)."""
    return {
        "id": id,
        "text": text,
        "kind": kind,
        "value": value,
        "low": low,
        "high": high,
        "unit": unit,
        "period": period,
        "qualifier": qualifier,
        "approximate": approximate,
    }


def exact(text, kind, value, unit=None, period=None, id=None):
    return figure(text, kind, value, value, value, unit, period, id=id)


MILLIONS = figure("millions of Euros", "money", None, 1e6, None, "EUR", qualifier="millions of", approximate=1)
AT_LEAST_13M = figure("at least €13,000,000", "money", 13e6, 13e6, None, "EUR", qualifier="at least")
EACH_MONTH = exact("$20,000 each month", "money", 20000, "USD", "month")
PER_MONTH = exact("$20,000 per month", "money", 20000, "USD", "month")
EUR_13M = exact("€13m", "money", 13e6, "EUR")
EUR_13M_FULL = exact("€13,000,000", "money", 13e6, "EUR")
EUR_5M = exact("€5m", "money", 5e6, "EUR")
MORE_THAN_30 = figure("more than 30 meetings", "count", 30, 30, None, "meetings", qualifier="more than")
MEETINGS_12 = exact("12 meetings", "count", 12, "meetings")
ABOUT_35 = figure("about 35 meetings", "count", 35, 31.5, 38.5, "meetings", qualifier="about", approximate=1)
PEOPLE_30 = exact("30 people", "count", 30, "people")
PAYING_MILLIONS = figure("paying millions", "money", None, 1e6, None, None, qualifier="millions of", approximate=1)

SENTENCE_A = "Lafarge paid ISIS $20,000 each month."
SENTENCE_B = "Lafarge paid Daesh $20,000 per month."


def verdict(fa, fb, date_a=None, date_b=None):
    return compare_figures(fa, fb, date_a, date_b)["verdict"]


def render(text, ops, side):
    """Rebuild a sentence from the ops: their surface text, with the original spacing between them."""
    out, position = [], 0
    for op in ops:
        start, end = op[f"{side}_start"], op[f"{side}_end"]
        assert start >= position
        out.append(text[position:start] + op[side])
        position = end
    return "".join(out) + text[position:]


# --- word_diff --------------------------------------------------------------------------------


def test_word_diff_names_and_rate_wording():
    ops = word_diff(SENTENCE_A, SENTENCE_B)
    assert [(op["op"], op["a"], op["b"]) for op in ops] == [
        ("equal", "Lafarge paid", "Lafarge paid"),
        ("replace", "ISIS", "Daesh"),
        ("equal", "$20,000", "$20,000"),
        ("replace", "each", "per"),
        ("equal", "month", "month"),
    ]
    for op in ops:
        assert SENTENCE_A[op["a_start"] : op["a_end"]] == op["a"]
        assert SENTENCE_B[op["b_start"] : op["b_end"]] == op["b"]
    assert render(SENTENCE_A, ops, "a") == SENTENCE_A
    assert render(SENTENCE_B, ops, "b") == SENTENCE_B
    # the words of a, in order, are exactly the a-side text of the ops
    words = " ".join(op["a"] for op in ops if op["a"]).split()
    assert words == ["Lafarge", "paid", "ISIS", "$20,000", "each", "month"]


def test_word_diff_ignores_case_and_punctuation_but_keeps_the_surface():
    a = "ISIS paid the organisation, (reportedly) $20,000."
    b = "Isis paid the organisation reportedly $20000"
    ops = word_diff(a, b)
    assert [op["op"] for op in ops] == ["equal"]
    assert ops[0]["a"] == "ISIS paid the organisation, (reportedly) $20,000"
    assert ops[0]["b"] == b


def test_word_diff_keeps_decimal_points_and_merges_adjacent_edits():
    ops = word_diff("It cost 13.5 million euros in 2014", "It cost 135 million dollars and more in 2014")
    changed = [(op["op"], op["a"], op["b"]) for op in ops if op["op"] != "equal"]
    assert changed == [("replace", "13.5", "135"), ("replace", "euros", "dollars and more")]


def test_word_diff_inserts_and_deletes_at_the_edges():
    a = "Lafarge closed the plant"
    b = "In 2014 Lafarge closed the plant in Syria"
    ops = word_diff(a, b)
    assert [(op["op"], op["a"], op["b"]) for op in ops] == [
        ("insert", "", "In 2014"),
        ("equal", a, "Lafarge closed the plant"),
        ("insert", "", "in Syria"),
    ]
    assert (ops[0]["a_start"], ops[0]["a_end"]) == (0, 0)
    assert (ops[-1]["a_start"], ops[-1]["a_end"]) == (len(a), len(a))
    back = word_diff(b, a)
    assert [op["op"] for op in back] == ["delete", "equal", "delete"]


@pytest.mark.parametrize(
    "a,b",
    [
        ("“Exclusive: France asked U.S. not to bomb – emails,” said Reuters.", "France asked the US not to bomb, emails show"),
        ("", "Something was said."),
        ("– – …", "Words, at last!"),
        ("The F-15Es struck at 3am on Oct. 16.", "Two F-15E jets struck on October 16 at 3 a.m."),
    ],
)
def test_word_diff_ops_cover_both_sentences_in_order(a, b):
    ops = word_diff(a, b)
    assert render(a, ops, "a") == a
    assert render(b, ops, "b") == b
    for op in ops:
        assert a[op["a_start"] : op["a_end"]] == op["a"]
        assert b[op["b_start"] : op["b_end"]] == op["b"]
    for first, second in zip(ops, ops[1:]):
        assert not (first["op"] != "equal" and second["op"] != "equal"), "adjacent edits are merged"


# --- wording_differences ----------------------------------------------------------------------


def test_wording_differences_marks_aliases_as_names():
    rows = wording_differences(SENTENCE_A, SENTENCE_B, aliases={"daesh": "isis", "isis": "isis"})
    assert [(r["kind"], r["verdict"], r["a"], r["b"]) for r in rows] == [
        ("name", "replace", "ISIS", "Daesh"),
        ("wording", "replace", "each", "per"),
    ]
    assert rows[0]["detail"]["alias"] is True
    assert SENTENCE_B[rows[0]["detail"]["b_start"] : rows[0]["detail"]["b_end"]] == "Daesh"


def test_wording_differences_names_without_aliases_and_multiword_aliases():
    a, b = "Isil took the plant.", "Islamic State took the plant."
    plain = wording_differences(a, b)
    assert [(r["kind"], r["detail"]["alias"]) for r in plain] == [("name", False)]
    aliased = wording_differences(a, b, aliases={"isil": "islamic state", "islamic state": "islamic state"})
    assert aliased[0]["detail"]["alias"] is True


def test_wording_differences_plain_words_and_pronouns_are_not_names():
    rows = wording_differences("He paid the group.", "Lafarge paid the armed group.")
    assert [(r["kind"], r["verdict"], r["a"], r["b"]) for r in rows] == [
        ("wording", "replace", "He", "Lafarge"),
        ("wording", "insert", "", "armed"),
    ]
    numeric = wording_differences("It paid €13m.", "It paid €5m.")
    assert numeric[0]["detail"]["numeric"] is True
    assert wording_differences(SENTENCE_A, SENTENCE_A.upper()) == []


# --- compare_figures --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fa,fb,expected",
    [
        (MILLIONS, AT_LEAST_13M, "compatible"),
        (AT_LEAST_13M, EACH_MONTH, "different measure"),
        (EACH_MONTH, PER_MONTH, "same"),
        (EUR_13M, EUR_13M_FULL, "same"),
        (EUR_13M, EUR_5M, "conflict"),
        (MORE_THAN_30, MEETINGS_12, "conflict"),
        (MORE_THAN_30, ABOUT_35, "compatible"),
        (MORE_THAN_30, PEOPLE_30, "different measure"),
        (MORE_THAN_30, exact("30 meetings", "count", 30, "meetings"), "conflict"),  # "more than" excludes 30
        (figure("at least 30 meetings", "count", 30, 30, None, "meetings", qualifier="at least"),
         figure("fewer than 20 meetings", "count", 20, None, 20, "meeting", qualifier="fewer than"), "conflict"),
        (figure("about 400,000", "count", 400000, None, None, "people", qualifier="about", approximate=1),
         exact("390,000 people", "count", 390000, "persons"), "compatible"),
        (EUR_13M, exact("150 km", "quantity", 150, "km"), "different measure"),
        (PAYING_MILLIONS, EUR_13M_FULL, "compatible"),
    ],
)
def test_compare_figures_verdicts(fa, fb, expected):
    assert verdict(fa, fb) == expected
    assert verdict(fb, fa) == expected, "the verdict does not depend on the order"


def test_rate_against_total_shows_the_annualised_rate():
    result = compare_figures(AT_LEAST_13M, EACH_MONTH)
    detail = result["detail"]
    assert result["verdict"] == "different measure"
    assert detail["rate_side"] == "b"
    assert detail["annualised"]["value"] == 240000
    assert detail["annualised"]["unit"] == "USD/year"
    assert "rate" in detail["note"] and "total" in detail["note"]
    assert detail["a"]["qualifier"] == "at least" and detail["b"]["period"] == "month"


def test_rates_with_different_periods_compare_per_year():
    yearly = exact("$240,000 a year", "money", 240000, "USD", "year")
    result = compare_figures(EACH_MONTH, yearly)
    assert result["verdict"] == "same"
    assert result["detail"]["annualised"] == {"a": [240000, 240000], "b": [240000, 240000]}
    assert verdict(EACH_MONTH, exact("$100,000 a year", "money", 100000, "USD", "year")) == "conflict"


def test_scaled_figures_allow_for_rounding():
    assert verdict(EUR_13M, exact("€13,200,000", "money", 13.2e6, "EUR")) == "compatible"
    assert verdict(EUR_13M, exact("€14,000,000", "money", 14e6, "EUR")) == "conflict"
    # "€13,000,000" is rounded to the million as "€13m" is (it was taken as exact: conflict)
    assert verdict(exact("€13,000,000", "money", 13e6, "EUR"), exact("€13,200,000", "money", 13.2e6, "EUR")) == "compatible"
    assert verdict(exact("€13,000,001", "money", 13000001, "EUR"), exact("€13,200,000", "money", 13.2e6, "EUR")) == "conflict"


@functools.lru_cache(maxsize=None)
def reference_converter():
    """The package's own rates, built apart from measures.py's converter."""
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True)


def expected_rate(source, target, day):
    return reference_converter().convert(1, source, target, date=day)


def test_amounts_in_two_currencies_convert_at_the_publication_date():
    gbp = exact("£2.3 million", "money", 2.3e6, "GBP")
    eur = exact("€3.2 million", "money", 3.2e6, "EUR")
    result = compare_figures(gbp, eur, "2015-11-16", "2015-11-16")
    conversion = result["detail"]["conversion"]
    rate = expected_rate("EUR", "GBP", datetime.date(2015, 11, 16))
    assert (conversion["from"], conversion["to"], conversion["date"]) == ("EUR", "GBP", "2015-11-16")
    assert conversion["rate"] == pytest.approx(rate)
    converted = 3.2e6 * rate
    assert result["detail"]["converted_b"] == pytest.approx([converted, converted])
    # same within the 5% conversion tolerance, else the amounts conflict
    close = abs(converted - 2.3e6) <= measures.CONVERTED_TOLERANCE * max(converted, 2.3e6)
    assert result["verdict"] == ("same" if close else "conflict")
    far = exact("€5 million", "money", 5e6, "EUR")
    assert verdict(gbp, far, "2015-11-16", "2015-11-16") == "conflict"


def test_conversion_uses_the_earliest_date_else_the_latest_rate():
    gbp = exact("£2.3 million", "money", 2.3e6, "GBP")
    eur = exact("€3.2 million", "money", 3.2e6, "EUR")
    earliest = compare_figures(gbp, eur, "2019-10-17", "2015-11-16")["detail"]["conversion"]
    assert earliest["date"] == "2015-11-16"
    assert earliest["rate"] == pytest.approx(expected_rate("EUR", "GBP", datetime.date(2015, 11, 16)))
    latest = compare_figures(gbp, eur)["detail"]["conversion"]
    assert latest["date_source"] == "latest rate"
    assert latest["rate"] == pytest.approx(expected_rate("EUR", "GBP", None))


def test_currency_converter_is_built_once(monkeypatch):
    import currency_converter

    built = []

    class CountingConverter(currency_converter.CurrencyConverter):
        def __init__(self, *args, **kwargs):
            built.append(kwargs)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(currency_converter, "CurrencyConverter", CountingConverter)
    measures.exchange_rates.cache_clear()
    try:
        compare_figures(EUR_13M, exact("$14m", "money", 14e6, "USD"), "2017-01-01")
        compare_figures(EACH_MONTH, exact("€20,000 a month", "money", 2e4, "EUR", "month"), "2018-01-01")
        assert measures.exchange_rates() is measures.exchange_rates()
    finally:
        measures.exchange_rates.cache_clear()
    assert len(built) == 1
    assert built[0] == {"fallback_on_missing_rate": True, "fallback_on_wrong_date": True}


def test_unknown_currency_compares_magnitudes_and_says_so():
    result = compare_figures(PAYING_MILLIONS, EUR_13M_FULL)
    assert result["detail"]["currency_unknown"] == "a"
    assert "currency unknown" in result["detail"]["note"]
    assert verdict(figure("paying thousands", "money", None, 1e3, 999999, None), EUR_13M_FULL) == "conflict"


def test_currency_without_an_ecb_rate_is_a_different_measure():
    result = compare_figures(exact("SYP 1,000,000", "money", 1e6, "SYP"), EUR_13M)
    assert result["verdict"] == "different measure"
    assert "exchange rate" in result["detail"]["note"]


def test_units_of_measure_convert():
    km = exact("150km", "quantity", 150, "km")
    miles = exact("95 miles", "quantity", 95, "miles")
    result = compare_figures(km, miles)
    assert result["verdict"] == "same"
    assert result["detail"]["conversion"]["rate"] == pytest.approx(1.609344)
    assert verdict(km, exact("60 miles", "quantity", 60, "mi")) == "conflict"
    assert verdict(km, exact("150 kg", "quantity", 150, "kg")) == "different measure"


def test_dates_compare_as_dates():
    y2014, y2012 = exact("2014", "year", 2014), exact("2012", "year", 2012)
    assert verdict(y2014, exact("2014", "year", 2014)) == "same"
    assert verdict(y2014, y2012) == "conflict"
    january = figure("January 2014", "date", None, 20140101, 20140131)
    assert verdict(y2014, january) == "compatible"
    assert verdict(y2012, january) == "conflict"
    assert verdict(january, figure("January 2014", "date", None, 20140101, 20140131)) == "same"
    assert verdict(january, figure("March 2014", "date", None, 20140301, 20140331)) == "conflict"
    assert verdict(y2014, EUR_13M) == "different measure"


def test_details_are_json():
    pairs = [(MILLIONS, AT_LEAST_13M), (AT_LEAST_13M, EACH_MONTH), (PAYING_MILLIONS, EUR_13M), (MORE_THAN_30, PEOPLE_30)]
    for fa, fb in pairs:
        json.dumps(compare_figures(fa, fb, "2015-11-16"), allow_nan=False)


# --- figure_differences / figures_agree -------------------------------------------------------


def with_id(f, id):
    return dict(f, id=id)


def test_a_vague_figure_is_compared_with_every_amount_of_the_other_side():
    a = [with_id(MILLIONS, 1)]
    b = [with_id(AT_LEAST_13M, 2), with_id(EACH_MONTH, 3)]
    rows = figure_differences(a, b)
    assert [(r["kind"], r["verdict"], r["figure_a"], r["figure_b"]) for r in rows] == [
        ("figure", "compatible", 1, 2),
        ("figure", "different measure", 1, 3),
    ]
    assert rows[1]["detail"]["annualised"]["value"] == 240000
    assert (rows[0]["a"], rows[0]["b"]) == ("millions of Euros", "at least €13,000,000")


def test_a_figure_only_one_side_states_is_missing():
    a = [with_id(EUR_13M, 1), with_id(PEOPLE_30, 2)]
    b = [with_id(EUR_13M_FULL, 5)]
    rows = figure_differences(a, b)
    assert [(r["verdict"], r["a"], r["b"], r["figure_a"], r["figure_b"], r["detail"]["side"]) for r in rows] == [
        ("missing", "30 people", None, 2, None, "a")
    ]
    assert figure_differences(b, a)[0]["detail"]["side"] == "b"


def test_pairing_prefers_agreeing_figures_and_reports_the_rest():
    a = [with_id(EUR_13M, 1), with_id(exact("€2m", "money", 2e6, "EUR"), 2)]
    b = [with_id(exact("€2 million", "money", 2e6, "EUR"), 3), with_id(exact("€14m", "money", 14e6, "EUR"), 4)]
    rows = figure_differences(a, b)
    assert [(r["verdict"], r["figure_a"], r["figure_b"]) for r in rows] == [("conflict", 1, 4)]
    assert figure_differences(a, a) == []


def test_an_amount_that_conflicts_with_the_vague_figure_is_missing_not_a_conflict():
    about = figure("about €1m", "money", 1e6, 0.9e6, 1.1e6, "EUR", qualifier="about", approximate=1, id=1)
    b = [exact("€1m", "money", 1e6, "EUR", id=2), exact("€50m", "money", 50e6, "EUR", id=3)]
    rows = figure_differences([about], b)
    assert [(r["verdict"], r["figure_a"], r["figure_b"]) for r in rows] == [("compatible", 1, 2), ("missing", None, 3)]


def test_dates_pair_only_with_dates():
    rows = figure_differences([exact("2014", "year", 2014, id=1)], [with_id(EUR_13M, 2)])
    # a year one side adds is not a missing figure (it was reported as missing: clutter)
    assert [(r["verdict"], r["detail"]["side"]) for r in rows] == [("missing", "b")]
