"""measures.py is the one home of units: every unit figures.py writes is known there."""

import pytest

from datasette_crosscheck import measures
from datasette_crosscheck.figures import extract_figures


def _written_units():
    return sorted(set(measures.QUANTITY_UNITS.values()) | set(measures.GLUED_UNITS.values()))


@pytest.mark.parametrize("unit", _written_units())
def test_every_unit_figures_writes_has_a_dimension_and_a_size(unit):
    dimension, size = measures.unit_size(unit)
    assert dimension in measures.UNITS, f"{unit!r} is not in measures.UNITS"
    assert size > 0


def test_every_currency_figures_writes_is_an_iso_like_code():
    codes = set(measures.CURRENCY_PREFIXES.values()) | set(measures.CURRENCY_ADJECTIVES.values())
    codes |= {c for c in measures.CURRENCY_WORDS.values() if c} | set(measures.CENT_WORDS.values())
    assert all(len(code) == 3 and code.isupper() for code in codes), sorted(codes)


def _figure(text):
    (figure,) = extract_figures(text)
    return figure.as_row()


@pytest.mark.parametrize("a, b, verdict", [
    ("The ship was 5 nautical miles off the coast.", "The ship was 9 km off the coast.", "same"),
    ("Winds reached 40 knots.", "Winds reached 74 km/h.", "same"),
    ("It covers 500 sq ft.", "It covers 46 square metres.", "same"),
    ("It was 30 degrees Celsius.", "It was 86 degrees Fahrenheit.", "same"),
    ("The chip runs at 3 GHz.", "The chip runs at 3,000 MHz.", "same"),
    ("The ship was 5 nautical miles off the coast.", "The ship was 20 km off the coast.", "conflict"),
])
def test_units_figures_writes_convert(a, b, verdict):
    fa, fb = _figure(a), _figure(b)
    assert measures.comparable(fa, fb)
    assert measures.compare(fa, fb).verdict == verdict


def test_periods_figures_writes_are_read_by_measures():
    assert all(measures.period({"period": p}) == p for p in set(measures.PERIOD_WORDS.values()))
    assert measures.period({"period": "monthly"}) == "month"


def test_the_counted_noun_figures_writes_is_measures_singular():
    (figure,) = extract_figures("Police detained 12 women and")
    assert figure.unit == measures.singular("women") == "woman"
    assert measures.singular("refugees") == "refugee"


def test_the_hedge_figures_writes_is_measures_width():
    (about,) = extract_figures("about 300 people")
    assert (about.low, about.high) == (300 * (1 - measures.HEDGE_WIDTH), 300 * (1 + measures.HEDGE_WIDTH))
    assert measures.interval({"value": 300, "approximate": True}).as_list() == [about.low, about.high]


def test_detail_json_keeps_field_order_and_drops_empty_fields():
    import dataclasses

    from datasette_crosscheck.measures import Detail

    detail = Detail("same value", "a note", a={"text": "$5"}, unit="USD", tolerance=None, outlet_b="B")
    changed = detail.as_json(role={"a": ["paid"]}, outlet_a="A", unit=None)
    reference = {f.name: getattr(dataclasses.replace(detail, role={"a": ["paid"]}, outlet_a="A", unit=None), f.name)
                 for f in dataclasses.fields(Detail)}
    assert list(changed.items()) == [(k, v) for k, v in reference.items() if v is not None]
    assert list(detail.as_json()) == ["reason", "note", "a", "outlet_b", "unit"]
    assert detail.unit == "USD"  # the changes are not written into the detail
    with pytest.raises(TypeError):
        detail.as_json(colour="red")


def test_rounded_neighbours_meet_but_do_not_overlap_in_floats():
    # 0.07 + 0.005 and 0.08 - 0.005 are 0.075 only up to float error: "7 cents" and "8 cents" still disagree
    from datasette_crosscheck.measures import Interval, overlap

    assert not overlap(Interval(0.065, 0.07 + 0.005, True, True), Interval(0.08 - 0.005, 0.085, True, True))
    assert overlap(Interval(0.065, 0.075), Interval(0.075, 0.085))  # closed ends that meet share the point
    assert measures.compare({"kind": "money", "value": 0.07, "low": 0.07, "high": 0.07, "unit": "USD", "text": "7 cents"},
                   {"kind": "money", "value": 0.08, "low": 0.08, "high": 0.08, "unit": "USD", "text": "8 cents"}).verdict == "conflict"
