import math
import re
from pathlib import Path

import nupunkt
import numpy as np
import pytest

from datasette_crosscheck.match.candidates import figure_anchor_pairs
from datasette_crosscheck.match.scoring import (
    _Ragged,
    _Terms,
    DEFAULT_THRESHOLD,
    crosscheck_score,
    figure_agreement,
    score_pair,
    score_pairs,
    term_weights,
)
from datasette_crosscheck.textnorm import analyse, clauses, content_tokens

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

# Clauses of the seed articles (seed 000 against seed 001) and their figures, written as the
# figures table holds them (so these tests do not depend on figures.py).
PAYMENT = (
    'the company had paid terrorists including members of the so-called "Islamic State" (ISIS) '
    "millions of Euros in protection money, bought supplies from them,"
)
PAYMENT_FIGURES = [
    dict(kind="money", value=None, low=1e6, high=1e9, unit="EUR", period=None, qualifier="millions of",
         approximate=1, text="millions of Euros")
]
ACCUSED = "Lafarge is accused of paying at least €13,000,000 to the terrorist organisation."
ACCUSED_FIGURES = [
    dict(kind="money", value=13e6, low=13e6, high=None, unit="EUR", period=None, qualifier="at least",
         approximate=0, text="at least €13,000,000")
]
MONTHLY = "the factory started paying Daesh $20,000 each month."
MONTHLY_PER = "In this period Lafarge not only paid Daesh (ISIS) $20,000 per month"
MONTHLY_FIGURES = [
    dict(kind="money", value=2e4, low=2e4, high=2e4, unit="USD", period="month", qualifier=None,
         approximate=0, text="$20,000 each month")
]
CEMENT_A = "Lafarge sold cement to Isis."
CEMENT_B = "Lafarge sold cement to all armed groups including Daesh (ISIS) and Nusra Front (Al Qaeda Syria)."


@pytest.fixture(scope="module")
def seed_weights():
    """Term weights over every clause of the four seed articles, as the matcher would build them."""
    analysed = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", path.read_text(encoding="utf-8"))
        for paragraph in text.split("\n\n"):
            for sentence in nupunkt.sent_tokenize(" ".join(paragraph.split())):
                analysed += [analyse(sentence[a:b]) for a, b in clauses(sentence)]
    assert len(analysed) > 150
    return term_weights([t for t, _ in analysed], [names for _, names in analysed])


def score(a, b, weights, figures_a=(), figures_b=()):
    return score_pair(content_tokens(a), content_tokens(b), weights, figures_a, figures_b)


def test_payment_clauses_in_the_same_currency_match(seed_weights):
    result = score(PAYMENT, ACCUSED, seed_weights, PAYMENT_FIGURES, ACCUSED_FIGURES)
    assert result.figure_agreement == 100  # at least 13 million euros is among "millions of euros"
    assert result.score >= DEFAULT_THRESHOLD


def test_cement_claims_match(seed_weights):
    assert score(CEMENT_A, CEMENT_B, seed_weights).score >= DEFAULT_THRESHOLD


def test_monthly_payments_are_weaker_but_figures_still_count(seed_weights):
    # a monthly rate in dollars against a total in euros: the same kind of figure, not the same
    # measure, and wording far apart. Below the threshold, yet well above unrelated sentences,
    # and found as candidates by figure anchoring (shared rare term + money on both sides).
    unrelated = score(PAYMENT, "The operation covers the desert area between Palmyra and Homs.", seed_weights)
    for other in (MONTHLY, MONTHLY_PER):
        with_figures = score(PAYMENT, other, seed_weights, PAYMENT_FIGURES, MONTHLY_FIGURES)
        without = score(PAYMENT, other, seed_weights, None, None)
        assert with_figures.figure_agreement == 70
        assert with_figures.score >= without.score + 10
        assert with_figures.score >= unrelated.score + 25
    tokens = [content_tokens(t) for t in (PAYMENT, MONTHLY, MONTHLY_PER)]
    anchored = figure_anchor_pairs(tokens, [True, True, True], ["000", "001", "001"], seed_weights)
    assert {(0, 1), (0, 2)} <= set(map(tuple, anchored.tolist()))


def test_unrelated_sentences_sharing_common_words_score_low(seed_weights):
    a = "Officials said on Tuesday that the meeting would take place next week in the capital."
    b = "The company said on Tuesday it would hold a meeting next week to discuss the results."
    result = score(a, b, seed_weights, [], [])
    assert result.score < DEFAULT_THRESHOLD
    assert crosscheck_score(a, b) < DEFAULT_THRESHOLD


def test_rare_shared_terms_outweigh_common_ones():
    weights = term_weights([["lafarg", "pay"], ["pay", "year"], ["pay", "year"], ["year"], ["cement"]])
    assert weights["lafarg"] > weights["year"] > weights["pay"] * 0.9
    rare = score_pair(["lafarg", "cement", "year"], ["lafarg", "cement", "pay"], weights, (), ())
    common = score_pair(["lafarg", "cement", "year"], ["pay", "year", "time"], weights, (), ())
    assert rare.rare_terms > common.rare_terms


def test_names_weigh_more_and_everyday_words_less():
    tokens = [["lafarg", "plant"], ["plant", "lafarg"], ["other"], ["another"]]
    plain = term_weights(tokens)
    named = term_weights(tokens, [{"lafarg"}, {"lafarg"}, set(), set()])
    assert named["lafarg"] > plain["lafarg"] == pytest.approx(named["plant"] * 1)
    damped = term_weights([["year", "cement"], ["other"]])
    assert damped["year"] < damped["cement"]  # "year" is an everyday word, "cement" is not


def test_figure_agreement_by_kind_and_value():
    money = lambda v, unit="EUR", **kw: dict(kind="money", value=v, low=v, high=v, unit=unit, text=f"{v}", **kw)
    percent = dict(kind="percent", value=5, low=5, high=5, unit="%", text="5%")
    assert figure_agreement([], []) is None
    assert figure_agreement([money(10)], []) == 0
    assert figure_agreement([money(10)], [money(10)]) == 100
    assert figure_agreement([money(10)], [money(12)]) == 70  # same measure, another value
    assert figure_agreement([money(10)], [money(10, "USD")]) == 70  # another currency
    assert figure_agreement([money(10)], [money(10, period="month")]) == 70  # a rate against a total
    assert figure_agreement([money(10)], [percent]) == 0
    assert figure_agreement([money(10), percent], [money(10)]) == pytest.approx(200 / 3)


def test_figure_agreement_reads_what_a_figure_measures_from_measures():
    # one rule with the differ: km and miles measure one length, knots and km/h one speed; a
    # length is no mass, and a year no day
    from datasette_crosscheck.figures import extract_figures

    rows = lambda text: [f.as_row() for f in extract_figures(text)]
    assert figure_agreement(rows("a 5 km queue"), rows("a 3.1 mile queue")) == 100
    assert figure_agreement(rows("winds of 40 knots"), rows("winds of 74 km/h")) == 100
    assert figure_agreement(rows("30 degrees Celsius"), rows("86 degrees Fahrenheit")) == 100
    assert figure_agreement(rows("a 5 km queue"), rows("a 9 km queue")) == 70
    assert figure_agreement(rows("a 5 km queue"), rows("a 5 kg load")) == 0
    assert figure_agreement(rows("in 2014"), rows("on June 1, 2014")) == 0
    assert figure_agreement(rows("30 civilian deaths"), rows("31 deaths")) == 70  # one noun counted


def test_figure_words_do_not_count_twice(seed_weights):
    # numbers and the figure's own words leave the word overlap once figures are known
    figure = lambda v, text: [dict(kind="money", value=v, low=v, high=v, unit="EUR", text=text)]
    a = "Lafarge is accused of paying €13,000,000 to the terrorist organisation."
    b = a.replace("13,000,000", "9 million")
    result = score(a, b, seed_weights, figure(13e6, "€13,000,000"), figure(9e6, "€9 million"))
    # a ratio of float sums: equal to 100 up to rounding
    assert result.lexical == 100 and result.rare_terms == pytest.approx(100)
    assert result.figure_agreement == 70
    unknown = score(a, b, seed_weights, None, None)  # figures not extracted: numbers are plain terms
    assert unknown.rare_terms < 100 and unknown.figure_agreement is None


def test_score_pairs_matches_score_pair(seed_weights):
    texts = [PAYMENT, ACCUSED, MONTHLY, CEMENT_A, CEMENT_B]
    figures = [PAYMENT_FIGURES, ACCUSED_FIGURES, MONTHLY_FIGURES, [], []]
    tokens = [content_tokens(t) for t in texts]
    pairs = np.array([(0, 1), (0, 2), (3, 4), (1, 4), (2, 3)])
    batch = score_pairs(pairs, tokens, seed_weights, figures)
    for k, (i, j) in enumerate(pairs):
        one = score_pair(tokens[i], tokens[j], seed_weights, figures[i], figures[j])
        assert batch.score[k] == pytest.approx(one.score)
        assert batch.lexical[k] == pytest.approx(one.lexical)
        assert batch.rare_terms[k] == pytest.approx(one.rare_terms)
        expected = math.nan if one.figure_agreement is None else one.figure_agreement
        assert batch.figure_agreement[k] == pytest.approx(expected, nan_ok=True)
    assert np.all((batch.score >= 0) & (batch.score <= 100))
    assert len(score_pairs(np.zeros((0, 2)), tokens, seed_weights).score) == 0


def test_crosscheck_score_on_raw_strings():
    a = "Lafarge paid Daesh to keep its cement plant open in Syria."
    assert crosscheck_score(a, a) >= 95  # a probability: even a copy is not certain
    assert crosscheck_score(a, "Lafarge paid ISIS to keep its cement plant open in Syria.") == crosscheck_score(a, a)
    assert crosscheck_score(a, "The weather in Paris was mild on Sunday.") < 20
    b = "To keep its Syrian cement plant open, Lafarge paid the Islamic State."
    assert crosscheck_score(a, b) == crosscheck_score(b, a) >= DEFAULT_THRESHOLD
    assert crosscheck_score("", "") == 0


def test_score_pairs_in_slices_gives_the_same_scores(seed_weights, monkeypatch):
    import datasette_crosscheck.match.scoring as scoring

    tokens = [content_tokens(t) for t in (PAYMENT, ACCUSED, MONTHLY, CEMENT_A, CEMENT_B)]
    pairs = np.array([(0, 1), (0, 2), (3, 4), (1, 4), (2, 3), (0, 4), (1, 3)])
    whole = score_pairs(pairs, tokens, seed_weights)
    monkeypatch.setattr(scoring, "BATCH", 2)
    sliced = score_pairs(pairs, tokens, seed_weights)
    assert np.allclose(whole.score, sliced.score)


def simple_score_pairs(pairs, tokens, weights, figures, min_score=None, other_story=None, story_similarity=None):
    """score_pairs written plainly, one pair at a time: what its array code must give."""
    from rapidfuzz import fuzz

    from datasette_crosscheck.match import scoring

    weight, decision, found = scoring._weight_function(weights), scoring.DECISION, []
    for k, (i, j) in enumerate(pairs):
        terms = [scoring.comparable_terms(tokens[d], figures[d]) for d in (i, j)]
        # rapidfuzz's cpdist gives float32 scores
        lexical = float(np.float32(fuzz.ratio(*(" ".join(sorted(t)) for t in terms)))) if all(terms) else 0.0
        copy = float(np.float32(fuzz.ratio(list(tokens[i]), list(tokens[j])))) if len(tokens[i]) and len(tokens[j]) else 0.0
        shared = sum(weight(t) for t in terms[0] & terms[1])
        total_a, total_b = (sum(weight(t) for t in side) for side in terms)
        rare = float(scoring._rare_terms(shared, total_a, total_b))
        coverage = shared / max(total_a, total_b) if max(total_a, total_b) > 0 else 0.0
        information = shared / scoring._information_unit(weights)
        story = [None if part is None else [part[k]] for part in (other_story, story_similarity)]

        def score(agreement):
            return float(decision.score(decision.evidence([lexical], [rare], [coverage], [information], [agreement], [copy], *story))[0])

        agreement = math.nan
        if figures[i] is not None and figures[j] is not None and (figures[i] or figures[j]):
            if min_score is None or score(100.0) >= min_score:
                agreement = scoring.figure_agreement(figures[i], figures[j])
        nothing = any(not t and not len(tokens[d]) for t, d in zip(terms, (i, j)))
        found.append((0.0 if nothing else score(agreement), lexical, rare, agreement, coverage, information, copy))
    return found


def test_score_pairs_gives_what_scoring_one_pair_at_a_time_gives(seed_weights):
    texts = [PAYMENT, ACCUSED, MONTHLY, MONTHLY_PER, CEMENT_A, CEMENT_B, "", "said", "Lafarge 2014 13,000,000"]
    texts += sorted(seed_weights)[:40]  # single terms: pairs with little or nothing in common
    tokens = [content_tokens(t) for t in texts]
    # figures known, none stated, or unknown (numbers are then plain terms)
    figures = [PAYMENT_FIGURES, ACCUSED_FIGURES, MONTHLY_FIGURES, MONTHLY_FIGURES, [], None, [], None, ACCUSED_FIGURES]
    figures += [[] if n % 3 else None for n in range(40)]
    rng = np.random.default_rng(7)
    pairs = np.array([(i, j) for i in range(len(texts)) for j in range(i + 1, len(texts)) if i < 9 or rng.random() < 0.2])
    other = (rng.random(len(pairs)) < 0.3).astype(float)
    similarity = np.where(rng.random(len(pairs)) < 0.2, np.nan, rng.random(len(pairs)))
    for min_score, story in ((None, (None, None)), (DEFAULT_THRESHOLD, (other, similarity))):
        fast = score_pairs(pairs, tokens, seed_weights, figures, min_score=min_score, other_story=story[0], story_similarity=story[1])
        simple = simple_score_pairs(pairs, tokens, seed_weights, figures, min_score, *story)
        for k, expected in enumerate(simple):
            got = [float(part[k]) for part in fast]
            assert got == pytest.approx(list(expected), rel=1e-12, abs=1e-12, nan_ok=True), (texts[pairs[k][0]], texts[pairs[k][1]])


def test_a_scoring_runs_word_sequences_and_sorted_texts_hold_each_documents_terms_whatever_their_ids():
    # a vocabulary past U+D800, so that some term ids fall among the surrogate code points: each id
    # is still one character of the document's sequence, in order
    vocabulary = [f"t{n:05d}" for n in range(0xE000)]
    documents = [[0xD7FF, 0xD800, 5], [0xDFFF, 0xDBFF], []]
    written = _Ragged(np.r_[0, np.cumsum([len(d) for d in documents])].astype(np.int64),
                      np.array([t for d in documents for t in d], dtype=np.int64))
    comparable = _Ragged(written.indptr, np.array([t for d in documents for t in sorted(d)], dtype=np.int64))
    terms = _Terms(vocabulary, written, comparable, np.ones(len(vocabulary)))

    sequences = terms.written_sequences()
    assert [[ord(c) for c in s] for s in sequences] == documents
    assert terms.sorted_texts() == [" ".join(vocabulary[t] for t in sorted(d)) for d in documents]
    assert terms.sorted_texts()[0] == "t00005 t55295 t55296"
