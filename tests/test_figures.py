"""figures.py: every figure a news sentence states, normalised for comparison across outlets."""

# Precision observed by eye: random samples of 200 extracted figures (100 from Reuters-21578, 100
# from ECB+, ../shared/data), each figure read in its sentence.
# Final sample (seed 13, drawn after the rules were tuned on other samples): 184/200 right (92 %):
# Reuters-21578 96/100, ECB+ 88/100. Wrong: ECB+ tokenised thousands ("1, 500 kilometers",
# "$2, 199") 5, product and model names read as amounts ("USB 3.0 ports", "IE 9 versions", "the 505
# GL", "Sea Me We 4") 4, a two-digit decade ("'50s") 1, a time of day without a colon ("struck at
# 1353") 1, a time split from "p.m." by the sampler's crude sentence split 1, an adjective taken for
# the counted noun ("two plainclothes officers") 1, a year read as a count ("had 1986 sales of") 1,
# a rate missed ("1,146 francs a tonne after") 1, a bad singular ("buses" -> "buse") 1; the last
# three are fixed and tested here. An earlier fresh sample (seed 11) gave 186/200.

import glob
import json
import os
import random
import re

import pytest

from datasette_crosscheck import schema
from datasette_crosscheck.figures import Figure, extract_figures, may_have_figures

from .conftest import SEEDS, shared_data


def only(text):
    """The one figure in text."""
    figures = extract_figures(text)
    assert len(figures) == 1, figures
    return figures[0]


def assert_figure(figure, expected):
    """Compare the fields given in `expected`; floats approximately."""
    for field, want in expected.items():
        got = getattr(figure, field)
        if isinstance(want, float) and got is not None:
            assert got == pytest.approx(want), (field, figure)
        else:
            assert got == want, (field, figure)


# text, surface, kind, value, low, high, unit, period, qualifier, approximate
FIGURES = [
    # a lower bound is exact but open: not approximate
    ("Lafarge paid at least €13,000,000 to the group.", "at least €13,000,000", "money", 13e6, 13e6, None,
     "EUR", None, "at least", False),
    ("paying Daesh $20,000 each month", "$20,000 each month", "money", 20000.0, 20000.0, 20000.0, "USD",
     "month", None, False),
    ("paid Daesh $20,000 per month", "$20,000 per month", "money", 20000.0, 20000.0, 20000.0, "USD", "month",
     None, False),
    ("paid $20,000 a month", "$20,000 a month", "money", 20000.0, 20000.0, 20000.0, "USD", "month", None, False),
    ("paid $20,000 monthly", "$20,000 monthly", "money", 20000.0, 20000.0, 20000.0, "USD", "month", None, False),
    ("earns £40,000 annually", "£40,000 annually", "money", 40000.0, 40000.0, 40000.0, "GBP", "year", None, False),
    ("costs $3bn/yr", "$3bn/yr", "money", 3e9, 3e9, 3e9, "USD", "year", None, False),
    # vague amounts: no value, an interval from the scale to the next one up
    ("paid ISIS millions of Euros in protection money", "millions of Euros", "money", None, 1e6, 1e9, "EUR",
     None, "millions of", True),
    ("for allegedly paying millions to jihadists", "millions", "money", None, 1e6, 1e9, None, None,
     "millions of", True),
    ("an expenditure of millions of dollars", "millions of dollars", "money", None, 1e6, 1e9, "USD", None,
     "millions of", True),
    ("thousands of students marched", "thousands of students", "count", None, 1e3, 1e6, "student", None,
     "thousands of", True),
    ("hundreds of thousands of refugees", "hundreds of thousands of refugees", "count", None, 1e5, 1e6,
     "refugee", None, "hundreds of thousands of", True),
    ("dozens of fighters", "dozens of fighters", "count", None, 24.0, 144.0, "fighter", None, "dozens of", True),
    ("a few hundred thousand bags", "a few hundred thousand bags", "count", None, 2e5, 1e6, "bag", None,
     "a few", True),
    ("several million dollars", "several million dollars", "money", None, 2e6, 1e7, "USD", None, "several",
     True),
    # hedges and bounds
    ("more than 30 meetings took place", "more than 30 meetings", "count", 30.0, 30.0, None, "meeting", None,
     "more than", False),
    ("Nearly 400,000 refugees have fled", "Nearly 400,000 refugees", "count", 400000.0, 360000.0, 400000.0,
     "refugee", None, "nearly", True),
    ("Between 200 and 300 fighters", "Between 200 and 300 fighters", "count", 250.0, 200.0, 300.0, "fighter",
     None, "between", False),
    ("some 300 members of the family", "some 300 members", "count", 300.0, 270.0, 330.0, "member", None, "some",
     True),
    ("roughly 5 percent", "roughly 5 percent", "percent", 5.0, 4.5, 5.5, "%", None, "roughly", True),
    ("up to 150 mln dlrs of its stock", "up to 150 mln dlrs", "money", 150e6, None, 150e6, "USD", None, "up to",
     False),
    ("fewer than 10 people", "fewer than 10 people", "count", 10.0, None, 10.0, "person", None, "fewer than",
     False),
    ("over 20,000 people", "over 20,000 people", "count", 20000.0, 20000.0, None, "person", None, "over", False),
    ("35 pct or more of the company", "35 pct or more", "percent", 35.0, 35.0, None, "%", None, "at least", False),
    ("four or five people who could", "four or five people", "count", 4.5, 4.0, 5.0, "person", None, "between",
     True),
    ("estimated at 340 to 350 cruzados per arroba", "340 to 350 cruzados per arroba", "money", 345.0, 340.0,
     350.0, "BRC", "arroba", "between", False),
    ("(Orioles: $ 140- $ 150 million)", "$ 140- $ 150 million", "money", 145e6, 140e6, 150e6, "USD", None,
     "between", False),
    ("200-300 fighters", "200-300 fighters", "count", 250.0, 200.0, 300.0, "fighter", None, "between", False),
    ("an estimated 30 to 60 billion baht", "an estimated 30 to 60 billion baht", "money", 45e9, 30e9, 60e9,
     "THB", None, "between", True),
    # currencies and scales
    ("a deal worth $1.5bn", "$1.5bn", "money", 1.5e9, 1.5e9, 1.5e9, "USD", None, None, False),
    ("fined £2.3 million", "£2.3 million", "money", 2.3e6, 2.3e6, 2.3e6, "GBP", None, None, False),
    ("paid 45 million euros", "45 million euros", "money", 45e6, 45e6, 45e6, "EUR", None, None, False),
    ("raised US$3 million", "US$3 million", "money", 3e6, 3e6, 3e6, "USD", None, None, False),
    ("a €500m loan", "€500m", "money", 500e6, 500e6, 500e6, "EUR", None, None, False),
    ("a loss of 1.2 trillion yen", "1.2 trillion yen", "money", 1.2e12, 1.2e12, 1.2e12, "JPY", None, None, False),
    ("an order of Rs 500 crore", "Rs 500 crore", "money", 5e9, 5e9, 5e9, "INR", None, None, False),
    ("half a million dollars", "half a million dollars", "money", 500000.0, 500000.0, 500000.0, "USD", None, None,
     False),
    ("a bond of CHF 200m", "CHF 200m", "money", 200e6, 200e6, 200e6, "CHF", None, None, False),
    ("a 5 mln Canadian dlr loan", "5 mln Canadian dlr", "money", 5e6, 5e6, 5e6, "CAD", None, None, False),
    ("costs 250 Syrian pounds", "250 Syrian pounds", "money", 250.0, 250.0, 250.0, "SYP", None, None, False),
    ("3.5 billion roubles", "3.5 billion roubles", "money", 3.5e9, 3.5e9, 3.5e9, "RUB", None, None, False),
    ("sold for 300 billion won", "300 billion won", "money", 300e9, 300e9, 300e9, "KRW", None, None, False),
    ("earned 15 cts a share", "15 cts a share", "money", 0.15, 0.15, 0.15, "USD", "share", None, False),
    ("a dividend of 30p", "30p", "money", 0.30, 0.30, 0.30, "GBP", None, None, False),
    ("net profit of 54 mln stg", "54 mln stg", "money", 54e6, 54e6, 54e6, "GBP", None, None, False),
    ("drew down 1.2 billion marks", "1.2 billion marks", "money", 1.2e9, 1.2e9, 1.2e9, "DEM", None, None, False),
    ("traded at 1,146 francs a tonne after an opening", "1,146 francs a tonne", "money", 1146.0, 1146.0, 1146.0,
     None, "t", None, False),
    ("3,011 buses", "3,011 buses", "count", 3011.0, 3011.0, 3011.0, "bus", None, None, False),
    ("at 1,750 dlrs per tonne", "1,750 dlrs per tonne", "money", 1750.0, 1750.0, 1750.0, "USD", "t", None, False),
    ("the price is 500 €", "500 €", "money", 500.0, 500.0, 500.0, "EUR", None, None, False),
    # percent
    ("growth of 3.5%", "3.5%", "percent", 3.5, 3.5, 3.5, "%", None, None, False),
    ("growth of 3.5 percent", "3.5 percent", "percent", 3.5, 3.5, 3.5, "%", None, None, False),
    ("growth of 3.5 per cent", "3.5 per cent", "percent", 3.5, 3.5, 3.5, "%", None, None, False),
    ("prices rose 17 pct", "17 pct", "percent", 17.0, 17.0, 17.0, "%", None, None, False),
    ("an 8-3/4 pct coupon", "8-3/4 pct", "percent", 8.75, 8.75, 8.75, "%", None, None, False),
    ("rates rose 25 basis points", "25 basis points", "percent", 25.0, 25.0, 25.0, "bp", None, None, False),
    ("up 2 percentage points", "2 percentage points", "percent", 2.0, 2.0, 2.0, "pp", None, None, False),
    # quantities
    ("1.1m barrels a day", "1.1m barrels a day", "quantity", 1.1e6, 1.1e6, 1.1e6, "bbl", "day", None, False),
    ("pumping 55,000 bpd", "55,000 bpd", "quantity", 55000.0, 55000.0, 55000.0, "bbl", "day", None, False),
    ("a 35-minute discussion", "35-minute", "quantity", 35.0, 35.0, 35.0, "minute", None, None, False),
    ("within 18 months", "18 months", "quantity", 18.0, 18.0, 18.0, "month", None, None, False),
    ("two weeks after this", "two weeks", "quantity", 2.0, 2.0, 2.0, "week", None, None, False),
    ("sold 144,000 tonnes of coal", "144,000 tonnes", "quantity", 144000.0, 144000.0, 144000.0, "t", None, None,
     False),
    ("bags of 60 kilos", "60 kilos", "quantity", 60.0, 60.0, 60.0, "kg", None, None, False),
    ("fell 200ft from a ridge", "200ft", "quantity", 200.0, 200.0, 200.0, "ft", None, None, False),
    ("about 940 miles south", "about 940 miles", "quantity", 940.0, 846.0, 1034.0, "mi", None, "about", True),
    ("10 pounds of sugar", "10 pounds", "quantity", 10.0, 10.0, 10.0, "lb", None, None, False),
    ("2 1/2 hours", "2 1/2 hours", "quantity", 2.5, 2.5, 2.5, "hour", None, None, False),
    ("in the first 3½ minutes", "3½ minutes", "quantity", 3.5, 3.5, 3.5, "minute", None, None, False),
    ("at 30 dlrs per short ton", "30 dlrs per short ton", "money", 30.0, 30.0, 30.0, "USD", "short ton", None,
     False),
    ("slumped to 10 dlrs a barrel in March", "10 dlrs a barrel", "money", 10.0, 10.0, 10.0, "USD", "bbl", None,
     False),
    ("a 170,000-square-foot building", "170,000-square-foot", "quantity", 170000.0, 170000.0, 170000.0, "sq ft",
     None, None, False),
    # tokenised text (ECB+): "27 - year - old", "10, 000"
    ("convicting 27 - year - old Simpson", "27 - year", "quantity", 27.0, 27.0, 27.0, "year", None, None, False),
    ("a 200 - student schoolhouse", "200 - student", "count", 200.0, 200.0, 200.0, "student", None, None, False),
    ("about 10, 000 followers", "about 10, 000 followers", "count", 10000.0, 9000.0, 11000.0, "follower", None,
     "about", True),
    ("shares closed at NT $ 24.05", "NT $ 24.05", "money", 24.05, 24.05, 24.05, "TWD", None, None, False),
    ("stocks were two-thirds above average", "two-thirds", "number", 2 / 3, 2 / 3, 2 / 3, None, None, None, False),
    # counts and numbers
    ("dropping 20 bombs on the city", "20 bombs", "count", 20.0, 20.0, 20.0, "bomb", None, None, False),
    ("a million people", "a million people", "count", 1e6, 1e6, 1e6, "person", None, None, False),
    ("the 17-member International Syria Support Group", "17-member", "count", 17.0, 17.0, 17.0, "member", None,
     None, False),
    ("the five permanent members", "five permanent members", "count", 5.0, 5.0, 5.0, "member", None, None, False),
    ("shot one person dead", "one person", "count", 1.0, 1.0, 1.0, "person", None, None, False),
    ("2014 people died", "2014 people", "count", 2014.0, 2014.0, 2014.0, "person", None, None, False),
    ("two dozen", "two dozen", "number", 24.0, 24.0, 24.0, None, None, None, False),
    ("three", "three", "number", 3.0, 3.0, 3.0, None, None, None, False),
    ("twenty-five", "twenty-five", "number", 25.0, 25.0, 25.0, None, None, None, False),
    ("seventeen", "seventeen", "number", 17.0, 17.0, 17.0, None, None, None, False),
    ("three hundred and twenty", "three hundred and twenty", "number", 320.0, 320.0, 320.0, None, None, None, False),
    ("two million three hundred thousand", "two million three hundred thousand", "number", 2.3e6, 2.3e6, 2.3e6,
     None, None, None, False),
    ("two and a half years", "two and a half years", "quantity", 2.5, 2.5, 2.5, "year", None, None, False),
    ("more than five times the limit", "more than five times", "number", 5.0, 5.0, None, "x", None, "more than",
     False),
    # number formats
    ("300,000", "300,000", "number", 300000.0, 300000.0, 300000.0, None, None, None, False),
    ("1,234.5", "1,234.5", "number", 1234.5, 1234.5, 1234.5, None, None, None, False),
    ("1.5", "1.5", "number", 1.5, 1.5, 1.5, None, None, None, False),
    ("1.234.567", "1.234.567", "number", 1234567.0, 1234567.0, 1234567.0, None, None, None, False),
    ("10\u2009000", "10\u2009000", "number", 10000.0, 10000.0, 10000.0, None, None, None, False),
    ("10\u00a0000", "10\u00a0000", "number", 10000.0, 10000.0, 10000.0, None, None, None, False),
    ("hit .358 this year", ".358", "number", 0.358, 0.358, 0.358, None, None, None, False),
    ("minus 5 degrees", "minus 5 degrees", "quantity", -5.0, -5.0, -5.0, "°", None, None, False),
    # years and dates: never amounts
    ("2014", "2014", "year", 2014.0, 2014.0, 2014.0, "year", None, None, False),
    ("in 2014 – emails", "2014", "year", 2014.0, 2014.0, 2014.0, "year", None, None, False),
    ("since 2011", "since 2011", "year", 2011.0, 2011.0, None, "year", None, "since", False),
    ("around 2012", "around 2012", "year", 2012.0, 2011.0, 2013.0, "year", None, "around", True),
    ("from 2009 to 2013", "from 2009 to 2013", "year", None, 2009.0, 2013.0, "year", None, "between", False),
    ("the 1986/87 crop", "1986/87", "year", None, 1986.0, 1987.0, "year", None, "between", False),
    ("its 2013-14 budget", "2013-14", "year", None, 2013.0, 2014.0, "year", None, "between", False),
    ("the 1990s", "1990s", "year", None, 1990.0, 1999.0, "year", None, None, False),
    ("an enforcer in the 1950's", "1950's", "year", None, 1950.0, 1959.0, "year", None, None, False),
    ("the 1986 figures", "1986", "year", 1986.0, 1986.0, 1986.0, "year", None, None, False),
    ("Note: 1986 figures include", "1986", "year", 1986.0, 1986.0, 1986.0, "year", None, None, False),
    ("it had 1986 sales of", "1986", "year", 1986.0, 1986.0, 1986.0, "year", None, None, False),
    ("prices slumped in mid-1986", "1986", "year", 1986.0, 1986.0, 1986.0, "year", None, None, False),
    ("Global Research, October 17, 2019", "October 17, 2019", "date", 20191017.0, 20191017.0, 20191017.0, "date",
     None, None, False),
    ("16 November 2015", "16 November 2015", "date", 20151116.0, 20151116.0, 20151116.0, "date", None, None, False),
    ("On Oct. 16, after all", "Oct. 16", "date", 1016.0, 1016.0, 1016.0, "date", None, None, False),
    ("On June 29, 2014, ISIS declared", "June 29, 2014", "date", 20140629.0, 20140629.0, 20140629.0, "date", None,
     None, False),
    ("on 2019-10-17", "2019-10-17", "date", 20191017.0, 20191017.0, 20191017.0, "date", None, None, False),
    ("in August–September 2013", "August–September 2013", "date", None, 20130801.0, 20130930.0, "date", None,
     None, False),
    ("In January 2014 a director", "January 2014", "date", None, 20140101.0, 20140131.0, "date", None, None,
     False),
    ("in February 2016", "February 2016", "date", None, 20160201.0, 20160229.0, "date", None, None, False),
    ("the March 1-10 period", "March 1-10", "date", None, 301.0, 310.0, "date", None, None, False),
    ("on the night of May 29th", "May 29th", "date", 529.0, 529.0, 529.0, "date", None, None, False),
    ("as of 04/09/87", "04/09/87", "date", 19870409.0, 19870409.0, 19870409.0, "date", None, None, False),
    ("as of 17.10.2019", "17.10.2019", "date", 20191017.0, 20191017.0, 20191017.0, "date", None, None, False),
    ("since October 2013", "since October 2013", "date", None, 20131001.0, None, "date", None, "since", False),
    ("from November to April 1987", "November to April 1987", "date", None, 19861101.0, 19870430.0, "date", None,
     None, False),
]


@pytest.mark.parametrize("text, surface, kind, value, low, high, unit, period, qualifier, approximate", FIGURES)
def test_figure(text, surface, kind, value, low, high, unit, period, qualifier, approximate):
    figure = only(text)
    assert text[figure.start:figure.end] == figure.text == surface
    assert_figure(figure, dict(kind=kind, value=value, low=low, high=high, unit=unit, period=period,
                               qualifier=qualifier, approximate=approximate))


def surfaces(text):
    return [f.text for f in extract_figures(text)]


@pytest.mark.parametrize("text, expected", [
    ("150km (95 miles)", ["150km", "95 miles"]),
    ("in 2013 and 2014 alone", ["2013", "2014"]),
    ("rose 10 pct to 500 mln dlrs", ["10 pct", "500 mln dlrs"]),  # a change, not a range
    ("Shr 1.22 dlrs vs 1.10 dlrs     Net 2,407,186 vs 1,627,250",
     ["1.22 dlrs", "1.10 dlrs", "2,407,186", "1,627,250"]),
    ("treasury bills totalled 70 billion dlrs, an increase of 10.3 billion dlrs",
     ["70 billion dlrs", "10.3 billion dlrs"]),
])
def test_several_figures(text, expected):
    assert surfaces(text) == expected


@pytest.mark.parametrize("text, surface, value", [
    ("The new MacBook Pro will start at $2, 199 for the quad-core model.", "$2, 199", 2199),
    ("McDermott broke the school scoring record of 2, 116 points.", "2, 116 points", 2116),
    ("He got 5, 300 votes.", "5, 300 votes", 5300),
    ("the area's population of 2, 500.", "2, 500", 2500),
])
def test_tokenised_thousands_with_any_last_group(text, surface, value):
    figure = next(f for f in extract_figures(text) if f.kind not in ("date", "year"))
    assert (figure.text, figure.value) == (surface, value)


@pytest.mark.parametrize("text, surface, value, unit, qualifier", [
    ("a deficit of 1 . 6 billion dlrs", "1 . 6 billion dlrs", 1.6e9, "USD", None),  # tokenised decimal
    ("the charge of C $ 300 million", "C $ 300 million", 3e8, "CAD", None),
    ("after 4 1 / 2 hours of testimony", "4 1 / 2 hours", 4.5, "hour", None),
    ("The 15, 800 - square - metre building", "15, 800 - square - metre", 15800, "m2", None),
])
def test_tokenised_newswire(text, surface, value, unit, qualifier):
    [figure] = extract_figures(text)
    assert (figure.text, figure.unit, figure.qualifier) == (surface, unit, qualifier)
    assert figure.value == pytest.approx(value)


def test_a_conversion_in_brackets_keeps_the_hedge():
    near, far = extract_figures("the camp, less than 25 km (15 miles) from the border")
    assert (far.text, far.qualifier, far.low, far.high) == ("15 miles", "less than", None, 15)
    about, converted = extract_figures("about 85 miles (135 kilometers) from Manokwari")
    assert (converted.qualifier, converted.low, converted.high) == ("about", pytest.approx(121.5), pytest.approx(148.5))


def test_the_last_day_of_a_date_range_is_no_amount():
    assert surfaces("car sales in the February 21 to 28 period rose to 3,501") == ["February 21", "3,501"]
    assert surfaces("shares sold between May 15 and 29 at prices") == ["May 15"]


def test_tokenised_thousands_leave_lists_and_dates_alone():
    assert surfaces("rooms 101, 102 and 103") == ["101", "102", "103"]
    assert surfaces("May 5, 300 people came") == ["May 5", "300 people"]


@pytest.mark.parametrize("text", [
    "The G-20 summit opened",
    "Flight MH17 was shot down",
    "UN Resolution 2254 calls for talks",
    "a Boeing 737 crashed",
    "he came 2nd and then 1st",
    "COVID-19 cases rose",
    "NATO's Article 5 applies",
    "Section 230 of the act",
    "No. 10 Downing Street said",
    "call +1 202-555-0123 or (202) 555-0123 or 0845 125 222",
    "after 9/11 the shop opened 24/7",
    "the meeting starts at 10:30 a.m. and ends at 3 p.m.",
    "at 1400 GMT, or at 0200 in all time zones",
    "a 700:1 contrast ratio",
    "a zero-day flaw",
    "Intel's 4G chip and the 737MAX",
    "an AK - 47 rifle",
    "the AK 47 guns",  # a model code written apart from its number
    "he served 41 / 2 months in prison",  # 4½ written apart: not 41 and 2 months
    "In the late 90s she was a pop star",  # a decade
    "watched Channel 4 and Internet Explorer 6",
    "found at 24 Independent Street",
    "one of the factories",
    "no one knows",
    "zero tolerance for civilian casualties",
])
def test_not_amounts(text):
    amounts = [f for f in extract_figures(text) if f.kind not in ("date", "year")]
    assert [f.text for f in amounts] == []


def test_ambiguous_currency_words_need_a_scale():
    assert only("the index passed the 1,000 mark").kind == "number"
    assert only("a 5 mln mark loan").unit == "DEM"
    assert only("he won 3 games").unit == "game"


def test_numbers_glued_to_letters_or_after_designations_are_skipped_whole():
    assert surfaces("two Coalition F-15Es struck") == ["two"]  # "two" is a number; the jet is not
    # nothing after the designation is read as a separate number either
    assert surfaces("Boeing 737-800 and Airbus A320neo jets") == []
    assert surfaces("Article 5 of the treaty") == []


def test_offsets_are_exact_with_unicode():
    text = "Le groupe a payé « au moins €13,000,000 » – soit £11m – en 2014 ; août–septembre 2013."
    figures = extract_figures(text)
    assert [f.text for f in figures] == ["€13,000,000", "£11m", "2014", "2013"]
    for f in figures:
        assert text[f.start:f.end] == f.text
    text = "Ürün 😀 fiyatı €5m — İstanbul 2014"
    for f in extract_figures(text):
        assert text[f.start:f.end] == f.text
    assert [f.text for f in extract_figures(text)] == ["€5m", "2014"]


def test_figures_are_in_order_and_do_not_overlap():
    text = ("On June 29, 2014, between 200 and 300 fighters took 20 bombs, $20,000 a month and "
            "1,850 and 1,880 dlrs per tonne from 2009 to 2013.")
    figures = extract_figures(text)
    assert [f.text for f in figures] == ["June 29, 2014", "between 200 and 300 fighters", "20 bombs",
                                         "$20,000 a month", "1,850", "1,880 dlrs per tonne",
                                         "from 2009 to 2013"]
    for before, after in zip(figures, figures[1:]):
        assert before.end <= after.start


def test_a_bare_number_takes_the_unit_of_its_list():
    first, second, third = extract_figures("sold at 1,870, 1,875 and 1,880 dlrs per tonne")
    assert (first.kind, first.unit, first.period, first.value) == ("money", "USD", "t", 1870.0)
    assert first.text == "1,870"
    assert (second.value, third.value) == (1875.0, 1880.0)
    rise, level = extract_figures("rose to 45.8 mln dlrs from 36.3 mln")
    assert (level.kind, level.unit, level.value) == ("money", "USD", 36.3e6)
    low, high = extract_figures("rose from 5 to 6 pct")  # two levels: the old and the new
    assert (low.kind, low.value, high.value) == ("percent", 5.0, 6.0)


def test_a_bare_scaled_amount_takes_the_currency_of_the_last_of_its_scale():
    figures = extract_figures("a surplus of 174 mln dlrs after 161 mln in January and 33 mln in February")
    assert [(f.text, f.unit) for f in figures] == [("174 mln dlrs", "USD"), ("161 mln", "USD"), ("33 mln", "USD")]
    spent, total, _ = extract_figures("spending was 8.4 billion stg, with a cumulative 102.5 billion for 11 months")
    assert (total.kind, total.unit) == ("money", "GBP")
    # not across scales, and not to a rate that may count something else
    assert [f.unit for f in extract_figures("5 mln dlrs and 3 bln more")] == ["USD", None]
    assert [f.kind for f in extract_figures("a 10 mln dlr plant will make 1.5 mln a year")] == ["money", "number"]


def test_lists_share_units_only_between_like_figures():
    # "1.50 billion" has its own scale: it does not become a percent
    surfaces_kinds = [(f.text, f.kind) for f in extract_figures("to 1.66 billion from 1.50 billion and 10 pct")]
    assert surfaces_kinds == [("1.66 billion", "number"), ("1.50 billion", "number"), ("10 pct", "percent")]


def test_ranges_join_like_figures_only():
    assert surfaces("10 pct in the three months to 4.72 billion") == ["10 pct", "three months", "4.72 billion"]
    figure = only("cost $5-6 each")
    assert (figure.low, figure.high, figure.unit) == (5.0, 6.0, "USD")
    figure = only("between 15 and 20 cts")
    assert (figure.low, figure.high, figure.unit) == (pytest.approx(0.15), pytest.approx(0.20), "USD")
    # "from X to Y" and a change verb before "X to Y" state two values, not a range
    assert surfaces("profit rose from 5 to 6 mln dlrs") == ["5", "6 mln dlrs"]
    assert only("estimated at 5 to 6 mln dlrs").low == 5e6


def test_a_money_context_makes_bare_millions_money():
    assert only("the firm was paying millions to the group").kind == "money"
    figure = only("millions fled the country")
    assert (figure.kind, figure.qualifier, figure.value, figure.approximate) == ("number", "millions of", None, True)


def test_rates_need_a_period_not_a_time_reference():
    # "a year earlier" is when, not how often
    figure = only("profit of 5 mln dlrs a year earlier")
    assert (figure.text, figure.period) == ("5 mln dlrs", None)


def test_as_row_fills_the_figures_table():
    row = only("at least €13,000,000").as_row()
    assert set(row) == set(schema.FIGURES) - {"id", "sentence_id", "article_id"}
    assert row["char_start"] == 0 and row["char_end"] == len("at least €13,000,000")
    assert row["approximate"] == 0 and isinstance(row["approximate"], int)
    assert only("nearly 40 people").as_row()["approximate"] == 1


def test_figure_is_frozen():
    figure = only("20 bombs")
    assert isinstance(figure, Figure)
    with pytest.raises(Exception):
        figure.value = 3.0


@pytest.mark.parametrize("text, expected", [
    ("Lafarge paid 20 bombs", True),
    ("two people died", True),
    ("a million dollars", True),
    ("Thousands protested", True),
    ("Lafarge denies the allegations.", False),
    ("Someone, somewhere, done.", False),  # "one" inside words does not count
    ("", False),
])
def test_may_have_figures(text, expected):
    assert may_have_figures(text) is expected


def test_may_have_figures_never_hides_a_figure():
    for text, *_ in FIGURES:
        assert may_have_figures(text), text


# ---------------------------------------------------------------------------------------------
# The seed articles (in the repo)

SEED_FIGURES = {  # surface: (kind, value, unit, period, qualifier)
    "October 17, 2019": ("date", 20191017.0, "date", None, None),
    "Oct. 16": ("date", 1016.0, "date", None, None),
    "millions of Euros": ("money", None, "EUR", None, "millions of"),
    "millions": ("money", None, None, None, "millions of"),
    "at least €13,000,000": ("money", 13e6, "EUR", None, "at least"),
    "approximately 150km": ("quantity", 150.0, "km", None, "approximately"),
    "95 miles": ("quantity", 95.0, "mi", None, "approximately"),  # "approximately 150km (95 miles)": the hedge carries over
    "more than 30 meetings": ("count", 30.0, "meeting", None, "more than"),
    "$20,000 each month": ("money", 20000.0, "USD", "month", None),
    "$20,000 per month": ("money", 20000.0, "USD", "month", None),
    "June 29, 2014": ("date", 20140629.0, "date", None, None),
    "over 20,000 people": ("count", 20000.0, "person", None, "over"),
    "16 November 2015": ("date", 20151116.0, "date", None, None),
    "20 bombs": ("count", 20.0, "bomb", None, None),
    "from 2009 to 2013": ("year", None, "year", None, "between"),
    "35-minute": ("quantity", 35.0, "minute", None, None),
    "17-member": ("count", 17.0, "member", None, None),
    "18 months": ("quantity", 18.0, "month", None, None),
    "since 2011": ("year", 2011.0, "year", None, "since"),
    "August–September 2013": ("date", None, "date", None, None),
    "millions of dollars": ("money", None, "USD", None, "millions of"),
    "four or five people": ("count", 4.5, "person", None, "between"),
}


def seed_texts():
    paths = sorted(glob.glob(os.path.join(SEEDS, "*.txt")))
    assert paths, "the seed articles are part of the repo"
    return [open(path, encoding="utf-8").read() for path in paths]


def test_seed_figures():
    found = {}
    for text in seed_texts():
        for f in extract_figures(text):
            assert text[f.start:f.end] == f.text
            found.setdefault(f.text, f)
    for surface, (kind, value, unit, period, qualifier) in SEED_FIGURES.items():
        assert surface in found, surface
        assert_figure(found[surface], dict(kind=kind, value=value, unit=unit, period=period, qualifier=qualifier))
    # designations in the seeds are not figures
    assert not any(re.search(r"G-20|F-15", text) for text in found)


def test_seed_sentences_one_by_one():
    """load.py passes sentences; figures found in a sentence are the same as in the whole text."""
    for text in seed_texts():
        whole = [(f.start, f.text) for f in extract_figures(text)]
        pieces = []
        for m in re.finditer(r"[^\n]+", text):
            line = m.group()
            if may_have_figures(line):
                pieces += [(m.start() + f.start, f.text) for f in extract_figures(line)]
        assert pieces == whole


# ---------------------------------------------------------------------------------------------
# Real news (../shared/data): robustness, not exact values


def sentences(path, limit, seed=3):
    texts = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
    random.Random(seed).shuffle(texts)
    out = []
    for text in texts:
        out += [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
        if len(out) >= limit:
            return out[:limit]
    return out


@pytest.mark.shared_data
@pytest.mark.parametrize("name", ["reuters21578.jsonl", "ecbplus.jsonl"])
def test_real_news_offsets_and_invariants(name):
    for text in sentences(shared_data(name), 2000):
        figures = extract_figures(text)
        if figures:
            assert may_have_figures(text)
        previous_end = 0
        for f in figures:
            assert text[f.start:f.end] == f.text and f.start >= previous_end
            previous_end = f.end
            assert f.kind in ("money", "percent", "quantity", "count", "number", "date", "year")
            if f.low is not None and f.high is not None:
                assert f.low <= f.high, f
            if f.value is not None and f.kind not in ("date", "year"):
                assert (f.low is None or f.low <= f.value) and (f.high is None or f.value <= f.high), f


# ---------------------------------------------------------------------------------------------
# Issue 9: signs, "pc", "$US", glued upper-case scales, "from X to Y" ranges, word amounts, changes

# text, surface, kind, value, low, high, unit, qualifier
MORE_FIGURES = [
    # signs: a minus glued to the number, between a currency and the number, or before the currency
    ("GDP shrank by -1.3% in the quarter", "-1.3%", "percent", -1.3, -1.3, -1.3, "%", None),
    ("a budget deficit of $-50.8bn", "$-50.8bn", "money", -50.8e9, -50.8e9, -50.8e9, "USD", None),
    ("a budget deficit of -$50.8bn", "-$50.8bn", "money", -50.8e9, -50.8e9, -50.8e9, "USD", None),
    ("output changed (-0.5%) on the month", "-0.5%", "percent", -0.5, -0.5, -0.5, "%", None),
    ("nearly -5 pct", "nearly -5 pct", "percent", -5.0, -5.0, -4.5, "%", "nearly"),
    ("a band of plus or minus 10 yen", "10 yen", "money", 10.0, 10.0, 10.0, "JPY", None),  # a width, not -10
    # "pc" for per cent, glued or spaced (lower case: "PC" is a computer)
    ("shares were up 3pc on the year", "3pc", "percent", 3.0, 3.0, 3.0, "%", None),
    ("inflation rose to 3.5 pc in May", "3.5 pc", "percent", 3.5, 3.5, 3.5, "%", None),
    # currencies written "$US", "$A" (Australian press) and glued after letters
    ("the firm raised $US5m last year", "$US5m", "money", 5e6, 5e6, 5e6, "USD", None),
    ("sales were $US5.2 million", "$US5.2 million", "money", 5.2e6, 5.2e6, 5.2e6, "USD", None),
    ("a $A1.5 billion takeover", "$A1.5 billion", "money", 1.5e9, 1.5e9, 1.5e9, "AUD", None),
    ("they agreed to pay EUR 125 each", "EUR 125", "money", 125.0, 125.0, 125.0, "EUR", None),
    ("a deal worth EUR2.3bn", "EUR2.3bn", "money", 2.3e9, 2.3e9, 2.3e9, "EUR", None),
    ("in the range of $5-7 billion", "$5-7 billion", "money", 6e9, 5e9, 7e9, "USD", "between"),
    # upper-case scales glued after a currency
    ("revenue of $13.6M in the quarter", "$13.6M", "money", 13.6e6, 13.6e6, 13.6e6, "USD", None),
    ("a €2.3B deal", "€2.3B", "money", 2.3e9, 2.3e9, 2.3e9, "EUR", None),
    ("a $50K salary", "$50K", "money", 5e4, 5e4, 5e4, "USD", None),
    # "from X to Y" is a range unless a change comes before it (then two levels, tested below)
    ("prices ranging from 40 to 50 dlrs a share", "from 40 to 50 dlrs a share", "money", 45.0, 40.0, 50.0, "USD",
     "between"),
    ("rates ranging from 4.07 pct to 5.12 pct", "from 4.07 pct to 5.12 pct", "percent", 4.595, 4.07, 5.12, "%",
     "between"),
    ("received sentences ranging from seven to 75 years", "from seven to 75 years", "quantity", 41.0, 7.0, 75.0,
     "year", "between"),
    ("from 10 to 20 people died", "from 10 to 20 people", "count", 15.0, 10.0, 20.0, "person", "between"),
    # word amounts
    ("the strike lasted a week", "a week", "quantity", 1.0, 1.0, 1.0, "week", None),
    ("with less than a week remaining", "less than a week", "quantity", 1.0, None, 1.0, "week", "less than"),
    ("about a month after the vote", "about a month", "quantity", 1.0, 0.9, 1.1, "month", "about"),
    ("half an hour later", "half an hour", "quantity", 0.5, 0.5, 0.5, "hour", None),
    ("make up a third of the population", "a third", "number", 1 / 3, 1 / 3, 1 / 3, None, None),
    ("two thirds of voters agreed", "two thirds", "number", 2 / 3, 2 / 3, 2 / 3, None, None),
    ("three quarters of the vote", "three quarters", "number", 0.75, 0.75, 0.75, None, None),
    ("twenty-three fifths of the votes", "twenty-three fifths", "number", 4.6, 4.6, 4.6, None, None),
    ("one hundred and three quarters", "one hundred and three quarters", "count", 103.0, 103.0, 103.0, "quarter",
     None),  # quarters are periods, unless fewer than four
    ("for a couple of days", "a couple of days", "quantity", 2.0, 2.0, 3.0, "day", "a couple of"),
    ("a couple of thousand people", "a couple of thousand people", "count", 2000.0, 2000.0, 3000.0, "person",
     "a couple of"),
    # units of data and frequency
    ("ships with 4GB of memory", "4GB", "quantity", 4.0, 4.0, 4.0, "GB", None),
    ("a 1066 MHz bus", "1066 MHz", "quantity", 1066.0, 1066.0, 1066.0, "MHz", None),
]


@pytest.mark.parametrize("text, surface, kind, value, low, high, unit, qualifier", MORE_FIGURES)
def test_more_figures(text, surface, kind, value, low, high, unit, qualifier):
    figure = only(text)
    assert text[figure.start:figure.end] == figure.text == surface
    assert_figure(figure, dict(kind=kind, value=value, low=low, high=high, unit=unit, qualifier=qualifier))


def test_more_figures_pass_the_cheap_test():
    for text, *_ in MORE_FIGURES:
        assert may_have_figures(text), text
    assert may_have_figures("it lasted a week")


@pytest.mark.parametrize("text, expected", [
    ("record pc sales this year", []),  # "pc" only after a number
    ("the IBM PC 2 is", []),
    ("Nvidia GeForce 9400M and 9600M GT", []),  # an upper-case scale needs a currency
    ("trailing 13 - 10 late on", ["13", "10"]),  # a spaced dash is not a sign
    ("an AK-47 and the G-20", []),
    ("a second quarter gain", []),  # "a second" is an ordinal
    ("twice a day", []),  # a rate
    ("profit of 5 mln dlrs a year earlier", ["5 mln dlrs"]),  # a time reference
    ("injuring a third at the plant", []),  # "a third" without "of": an ordinal
    ("the first three quarters of 1985", ["three quarters", "1985"]),  # quarters of a year
    ("authorized a two-for-one split and a 3-for-2 split", []),  # ratios
    ("250,000 PS/2s were shipped", ["250,000"]),  # a model name after a slash
    ("raised the number of seats from 65 to 125", ["65", "125"]),  # a change: old and new level
    ("The S&P 500 and the FTSE 100 fell", []),  # index names
    ("cut its forecast from 5 pct to 4 pct", ["5 pct", "4 pct"]),
])
def test_more_figures_not_read(text, expected):
    assert surfaces(text) == expected


@pytest.mark.parametrize("text", ["a 10-3 win", "won 5-3 at home", "trailing 2-1 at half time"])
def test_a_hyphen_after_a_number_is_no_sign(text):
    assert [f.value for f in extract_figures(text) if f.kind == "number"] == [float(n) for n in
                                                                                 re.findall(r"\d+", text)]


@pytest.mark.parametrize("text, surface, direction", [
    ("prices rose 17 pct", "17 pct", "up"),
    ("growth rose by 20.2 pct in 1986", "20.2 pct", "up"),
    ("the index was down 7.1 pct from a year earlier", "7.1 pct", "down"),
    ("sales were up 14 pct on January", "14 pct", "up"),
    ("stocks closed down 3.9 percent", "3.9 percent", "down"),
    ("the TAIEX rose 31.36 points yesterday", "31.36 points", "up"),
    ("an increase of 12.7 pct on January 1986", "12.7 pct", "up"),
    ("after a 1.7 pct fall in February", "1.7 pct", "down"),
    ("four pct higher than last year", "four pct", "up"),
    ("BHP closed five cents up at 11.60", "five cents", "up"),
    ("the 13-inch model has dropped $100 to $1199", "$100", "down"),
    ("earnings fell sharply 3 pct", "3 pct", "down"),
    ("it gained 2.5 pct", "2.5 pct", "up"),
    ("GDP contracted 0.9% in the quarter", "0.9%", "down"),
    ("Apple shares rose $3.25, or 1.8%, to $182.50", "1.8%", "up"),  # the change restated
    ("fell 5 cts (2 pct) to 3 dlrs", "2 pct", "down"),
    ("shares lost 5% on the day", "5%", "down"),
    # levels, not changes
    ("per share earnings rose 28 pct to 616 cts", "616 cts", None),
    ("the dollar fell to 140 yen", "140 yen", None),
    ("it increased its stake to 52 pct from 44 pct", "44 pct", None),
    # verbs that state amounts of things
    ("the plane dropped 420 tons of food", "420 tons", None),
    ("the Chiefs gained 507 yards", "507 yards", None),
    ("the attack lost 5 people", "5 people", None),
    ("the outage brought down 70 percent of the network", "70 percent", None),
    ("a pre-tax gain of more than 75 mln dlrs", "more than 75 mln dlrs", None),  # a profit
    ("the company lost $5 million in the quarter", "$5 million", None),  # a loss
    ("the bill would raise $1 trillion", "$1 trillion", None),  # revenue
])
def test_direction_of_a_change(text, surface, direction):
    figure = next(f for f in extract_figures(text) if f.text == surface)
    assert figure.direction == direction
    assert figure.as_row()["direction"] == direction


def test_rose_and_fell_by_the_same_amount_differ_only_in_direction():
    rose, fell = only("exports rose 1.3%"), only("exports fell 1.3%")
    assert (rose.value, rose.direction) == (1.3, "up")
    assert (fell.value, fell.direction) == (1.3, "down")


def test_crosscheck_figures_shows_the_new_readings():
    from datasette_crosscheck.sql_functions import crosscheck_figures

    rows = json.loads(crosscheck_figures("Exports fell 1.3% to $US5m, ranging from 4 to 5 pct within a week."))
    assert [(r["text"], r["value"], r["unit"], r["direction"]) for r in rows] == [
        ("1.3%", 1.3, "%", "down"), ("$US5m", 5e6, "USD", None), ("from 4 to 5 pct", 4.5, "%", None),
        ("a week", 1.0, "week", None)]
    assert (rows[2]["low"], rows[2]["high"], rows[2]["qualifier"]) == (4.0, 5.0, "between")


def test_ensure_schema_adds_the_direction_column_to_an_older_database(tmp_path):
    import sqlite_utils

    db = sqlite_utils.Database(str(tmp_path / "old.db"))
    older = {name: kind for name, kind in schema.FIGURES.items() if name != "direction"}
    db["figures"].create(older, pk="id")
    schema.ensure_schema(db)
    assert "direction" in db["figures"].columns_dict


# ---------------------------------------------------------------------------------------------
# The labelled news sentences (tests/data/figures_news.jsonl, scored by benchmarks/figures.py)

BENCHMARK = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "benchmarks", "figures.py")


def benchmark_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("figures_benchmark", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_labelled_news_sentences():
    """Floors a little under what was measured when the set was labelled (see benchmarks/README.md):
    the extractor is deterministic, so a drop below them is a regression, not noise."""
    bench = benchmark_module()
    cases = bench.news_cases()
    assert len(cases) >= 180 and sum(len(c["figures"]) for c in cases) >= 250
    result = bench.score(cases, extract_figures)
    totals = bench.totals(result)
    assert totals["f1"] >= 0.94, bench.table("news", result)
    assert totals["precision"] >= 0.92 and totals["recall"] >= 0.95
    for name, floor in (("unit", 0.98), ("hedge", 0.99), ("direction", 0.99)):
        right, compared = result["checks"][name]
        assert right / compared >= floor, (name, right, compared)


@pytest.mark.parametrize("text,written,value,low,high", [
    # a decimal comma before a scale: no thousands group has one or two digits
    ("Wyeth said 1,2 million women still take the pills.", "1,2 million women", 1.2e6, 1.2e6, 1.2e6),
    ("The city has 1,25 million people.", "1,25 million people", 1.25e6, 1.25e6, 1.25e6),
    # thousands grouped with a plain space, a noun after: "nearly 80 937 hectares"
    ("The fires have burned nearly 80 937 hectares.", "nearly 80 937 hectares", 80937.0, 72843.3, 80937.0),
    # "makes up 1 percent to 3 percent" is a range of shares, not a rise from 1 to 3
    ("Trans fat makes up only 1 percent to 3 percent of the total fat.", "1 percent to 3 percent", 2.0, 1.0, 3.0),
])
def test_decimal_commas_and_share_ranges(text, written, value, low, high):
    [f] = [f for f in extract_figures(text)]
    assert (f.text, f.value, f.low, f.high) == (written, value, low, high)


def test_a_year_and_a_count_side_by_side_stay_apart():
    assert [f.text for f in extract_figures("In 2003 150 people died.")] == ["2003", "150 people"]


def test_a_rise_from_one_level_to_another_is_still_no_range():
    assert [f.text for f in extract_figures("Sales were up 5 to 6 pct.")] == ["5", "6 pct"]
    assert [f.text for f in extract_figures("Scores of 1,2 and 3 were given.")][-2:] == ["1", "3"]


@pytest.mark.parametrize("text, written, value", [
    ("Company buys rival for US$10 mil.", "US$10 mil", 10e6),
    ("Deal worth $5.55 bil", "$5.55 bil", 5.55e9),
    ("Firm raises $250-M in bond sale", "$250-M", 250e6),
])
def test_headline_scale_abbreviations(text, written, value):
    (figure,) = extract_figures(text)
    assert (figure.text, figure.value, figure.unit) == (written, value, "USD")


def test_a_hyphenated_capital_is_a_scale_only_after_a_currency():
    assert [(f.text, f.unit) for f in extract_figures("a 5-m wall")] == [("5-m", "m")]
    assert all(f.value == 10 for f in extract_figures("The 10-K filing"))


def test_a_number_plus_is_that_number_or_more():
    (figure,) = extract_figures("Police killed 30+ miners")
    assert (figure.value, figure.qualifier) == (30, "at least")
