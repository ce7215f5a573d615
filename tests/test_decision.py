"""The match decision: the shipped model, the claim rule, and stories in the decision."""

import json

import numpy as np
import pytest
import sqlite_utils

from datasette_crosscheck.match import scoring
from datasette_crosscheck.match.decision import DECISION_PATH, EVIDENCE, SIGNS, evidence, load_decision
from datasette_crosscheck.match.pipeline import CLAIM, NO_CLAIM, SHORT_CLAIM, states_a_claim
from datasette_crosscheck.textnorm import analyse, clauses
from .commands import crosscheck as run


def test_the_model_loads_its_shipped_coefficients():
    shipped = json.loads(DECISION_PATH.read_text(encoding="utf-8"))
    model = load_decision()
    assert set(shipped["weights"]) == set(EVIDENCE) == set(model.weights)
    assert model.weights == pytest.approx(shipped["weights"]) and model.intercept == shipped["intercept"]
    assert 0 < model.threshold < 100 and scoring.DEFAULT_THRESHOLD == model.threshold
    assert shipped["fitted"]["claim"] and shipped["fitted"]["threshold"]  # how it was fitted travels with it
    assert model.weights["other_story"] < 0 < model.weights["story_similarity"]


def test_a_weight_against_its_evidence_is_refused(tmp_path):
    path = tmp_path / "decision.json"
    bad = {**load_decision().to_json(), "weights": {**load_decision().weights, "lexical": -1.0}}
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ValueError, match="lexical"):
        load_decision(str(path))


def test_the_score_is_monotone_in_each_piece_of_evidence():
    model = load_decision()
    rng = np.random.default_rng(8)
    base = {name: rng.random(500) for name in EVIDENCE}
    base["other_story"] = np.round(base["other_story"])
    for name in EVIDENCE:
        for step in (0.1, 0.5):
            more = dict(base, **{name: np.clip(base[name] + step, 0, 1)})
            change = model.score(more) - model.score(base)
            assert np.all(change * SIGNS[name] >= 0), name
            if model.weights[name]:
                assert np.any(change * SIGNS[name] > 0), name


def test_evidence_is_scaled_and_story_similarity_is_centred_where_stories_are_known():
    found = evidence([100, 50, 50], [80, 0, 0], [1.0, 0.2, 0.2], [9.0, 1.5, 1.5], [np.nan, 70, 70], [100, 0, 0],
                     [0, 1, 0], [0.9, 0.1, np.nan], similarity_centre=0.3)
    assert found["lexical"].tolist() == [1.0, 0.5, 0.5] and found["figures"].tolist() == [0.0, 0.7, 0.7]
    assert found["information"].tolist() == [1.0, 0.5, 0.5]  # capped at three of the rarest terms
    assert found["story_similarity"] == pytest.approx([0.6, -0.2, 0.0])  # unknown stories: neutral
    assert found["other_story"].tolist() == [0.0, 1.0, 0.0]
    near_copy = evidence([95], [95], [0.9], [2.0], [np.nan], [95], [1], [0.1])
    assert near_copy["other_story"].tolist() == [0.0]  # a near copy is judged as inside one story


def test_a_pair_across_stories_needs_much_stronger_evidence():
    model = load_decision()
    weights = {t: 5.0 for t in "lafarg cement factory syria pay isis run war torn".split()}
    a = analyse("Lafarge paid ISIS to run its cement factory in war-torn Syria.")[0]
    b = analyse("To keep its cement factory in war-torn Syria running, Lafarge paid ISIS.")[0]
    within = scoring.score_pairs([(0, 1)], [a, b], weights, [[], []]).score[0]
    across = scoring.score_pairs([(0, 1)], [a, b], weights, [[], []], other_story=[1.0], story_similarity=[0.05]).score[0]
    copy = scoring.score_pairs([(0, 1)], [a, a], weights, [[], []], other_story=[1.0], story_similarity=[0.05]).score[0]
    assert within >= model.threshold > across
    assert copy >= model.threshold  # a near-copy crosses stories


@pytest.mark.parametrize("text, corpus_names", [
    ("Attorney General Eric Holder said Wednesday that", set()),
    ("The Washington Post reported that", set()),
    ("former President Bill Clinton --", set()),
    ("Turkey, Saudi Arabia and Qatar", {"turkey", "saudi", "arabia", "qatar"}),  # a title-case line names nothing itself
])
def test_attribution_names_and_lists_state_no_claim(text, corpus_names):
    tokens, names = analyse(text)
    assert states_a_claim(tokens, [], names | corpus_names) == NO_CLAIM


def test_pelosi_said_states_no_claim_once_the_corpus_knows_her_name():
    tokens, _ = analyse("Pelosi (D-Calif.) said")
    assert states_a_claim(tokens, []) == SHORT_CLAIM  # "Pelosi" first: no capital tells it is a name
    assert states_a_claim(tokens, [], {"pelosi", "calif"}) == NO_CLAIM


def test_short_statements_and_claims():
    revs = "Revs 337.3 mln vs 315.2 mln"
    figures = [{"kind": "money", "char_start": a, "char_end": b, "text": revs[a:b]} for a, b in ((5, 14), (18, 27))]
    assert states_a_claim(analyse(revs)[0], figures) == SHORT_CLAIM
    assert states_a_claim(analyse("Pay April 15")[0], [{"kind": "date", "text": "April 15"}]) == SHORT_CLAIM
    tokens, names = analyse("Lafarge sold cement to Isis.")
    assert states_a_claim(tokens, [], names) == CLAIM


def test_an_attribution_stays_apart_from_the_claim_it_reports():
    text = "Attorney General Eric Holder said Wednesday that the Justice Department will not prosecute the bankers."
    pieces = [text[a:b] for a, b in clauses(text)]
    assert pieces == ["Attorney General Eric Holder said Wednesday that",
                      "the Justice Department will not prosecute the bankers."]
    text = "The talks collapsed again in Geneva on Monday -- former President Bill Clinton -- and nobody was surprised."
    assert all(states_a_claim(*_analysed(text[a:b])) != NO_CLAIM for a, b in clauses(text))


def _analysed(piece):
    tokens, names = analyse(piece)
    return tokens, [], names


# Stories in the decision, end to end ---------------------------------------------------------------

COPIED = "The mayor called the decision a victory for every family in town."
STORY_ONE = [
    ("Wire A", "The city council of Springfield approved the new budget for the river bridge on Monday.\n\n"
               "Engineers will replace the rusted steel girders of the bridge over the Tessel river next spring.\n\n"
               "Shr 31 cts vs 28 cts\n\nPay April 15"),
    ("Wire B", "Springfield's council approved the new budget for the river bridge on Monday evening.\n\n"
               "The rusted girders of the Tessel river bridge will be replaced by engineers in the spring.\n\n"
               f"Shr 31 cts vs 28 cts\n\nPay April 15\n\n{COPIED}"),
]
STORY_TWO = [
    ("Wire C", "The Shelbyville Sharks won the regional basketball championship final against Ogdenville.\n\n"
               "Their guard Marta Quill scored forty points in the overtime thriller at the packed arena.\n\n"
               f"Shr 13 cts vs 21 cts\n\nPay April 15\n\n{COPIED}"),
    ("Wire D", "Shelbyville's Sharks beat Ogdenville in the regional basketball championship final.\n\n"
               "Marta Quill scored forty points for the Sharks in an overtime thriller at a packed arena."),
]


@pytest.fixture
def two_stories(tmp_path):
    path = tmp_path / "articles.jsonl"
    rows = [{"outlet": outlet, "text": text, "published": "2024-03-01"} for outlet, text in STORY_ONE + STORY_TWO]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    db_path = tmp_path / "c.db"
    assert run("load", db_path, path).exit_code == 0
    story = {r["outlet"]: r["story_id"] for r in sqlite_utils.Database(db_path)["articles"].rows}
    assert story["Wire A"] == story["Wire B"] != story["Wire C"] == story["Wire D"]  # stories.py's clustering
    return db_path


def matched_texts(db_path):
    db = sqlite_utils.Database(db_path)
    story = "{}.story_id" if "story_id" in db["articles"].columns_dict else "null"
    return [
        (r["a"], r["b"], r["sa"], r["sb"])
        for r in db.query(
            f"""select substr(sa.text, m.a_start + 1, m.a_end - m.a_start) as a,
                      substr(sb.text, m.b_start + 1, m.b_end - m.b_start) as b,
                      {story.format("xa")} as sa, {story.format("xb")} as sb
               from matches m join sentences sa on sa.id = m.sentence_a join sentences sb on sb.id = m.sentence_b
               join articles xa on xa.id = m.article_a join articles xb on xb.id = m.article_b"""
        )
    ]


def test_stories_decide_what_matches(two_stories):
    found = matched_texts(two_stories)
    within = {(a, b) for a, b, sa, sb in found if sa == sb}
    across = [(a, b) for a, b, sa, sb in found if sa != sb]
    # short statements match within their story, as copies only
    assert ("Shr 31 cts vs 28 cts", "Shr 31 cts vs 28 cts") in within
    assert ("Pay April 15", "Pay April 15") in within
    assert not any("Shr 13 cts" in a + b for a, b, _, _ in found)
    # across stories only the sentence copied word for word is matched: not "Pay April 15"
    assert across == [(COPIED, COPIED)]
    # two stories loaded together share no statement but the copy
    db = sqlite_utils.Database(two_stories)
    for statement in db["statements"].rows:
        stories = {r[0] for r in db.execute(
            "select distinct a.story_id from statement_sentences ss join articles a on a.id = ss.article_id "
            "where ss.statement_id = ?", [statement["id"]])}
        if len(stories) > 1:
            assert statement["text"] == COPIED and statement["sentence_count"] == 2
