"""The match decision: one logistic regression over the evidence a pair of clauses offers.

Evidence (each scaled to 0-1; `evidence` builds them from scoring's parts):

- lexical: rapidfuzz similarity of the content words;
- rare_terms: the weighted share of the terms both sides state (scoring._rare_terms);
- coverage: the share of each side's term weight that the other states (the smaller of the two):
  a clause that shares one name with a long sentence covers little of it;
- information: the weight (IDF mass) of the shared terms, in units of the corpus' rarest term,
  capped: sharing "said" and "Wednesday" is no evidence, sharing three rare names is;
- figures: how well the figures line up (scoring.figure_agreement; 0 when neither side states one);
- copy: edit similarity of the two clauses' content words in order, numbers kept, each word one unit:
  near-copies and reused quotations (another number is another word, however few its digits);
- other_story: 1 when the two articles are known to report different stories and the pair is no
  near copy (NEAR_COPY, COPY_INFORMATION), 0 otherwise (same story, or unknown: the calibrated bar is the
  in-story bar; a near copy or a reused quotation is its own context);
- story_similarity: the TF-IDF cosine of the two whole articles less `similarity_centre`, when their
  stories are known (0 otherwise): inside a story too, articles that share little of their words
  may report two events of one topic, and articles that share much (rewrites of one wire story)
  state the same claims in other words.

score = 100 * sigmoid(intercept + sum(weight * evidence)): 0-100, a probability that the two state the
same claim. A pair matches at `threshold`. The coefficients are fitted by benchmarks/calibrate.py
(MRPC train and STS-B for the claim evidence, ECB+ events for the story evidence) and shipped in
data/decision.json; every weight has the sign that makes the score monotone in its evidence.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Optional

import numpy as np

DECISION_PATH = Path(__file__).parents[1] / "data" / "decision.json"

CLAIM_EVIDENCE = ("lexical", "rare_terms", "coverage", "information", "figures", "copy")
STORY_EVIDENCE = ("other_story", "story_similarity")
EVIDENCE = CLAIM_EVIDENCE + STORY_EVIDENCE
# The direction each piece of evidence may move the score: all up, but being in another story.
SIGNS = {name: (-1.0 if name == "other_story" else 1.0) for name in EVIDENCE}
INFORMATION_CAP = 3.0  # shared weight beyond three of the rarest terms adds nothing
# A pair across stories is judged by the in-story bar when it is a near copy (copy from NEAR_COPY)
# that shares at least COPY_INFORMATION of information: "We take these issues very seriously"
# stated twice is no evidence that two stories share a statement.
NEAR_COPY = 90.0
COPY_INFORMATION = 1.0


@dataclass(frozen=True)
class Decision:
    intercept: float
    weights: Mapping[str, float]
    threshold: float  # the score (0-100) from which a pair matches
    fitted: Mapping = field(default_factory=dict)  # how and on what the coefficients were fitted
    similarity_centre: float = 0.0  # the article cosine at which story_similarity is neutral

    def logit(self, evidence: Mapping[str, np.ndarray]) -> np.ndarray:
        total = np.full(np.shape(next(iter(evidence.values()))), float(self.intercept))
        for name, weight in self.weights.items():
            total = total + weight * np.asarray(evidence[name], dtype=float)
        return total

    def score(self, evidence: Mapping[str, np.ndarray]) -> np.ndarray:
        return 100.0 / (1.0 + np.exp(-self.logit(evidence)))

    def logit_of(self, score: float) -> float:
        """The logit a 0-100 score stands for."""
        p = min(max(score / 100.0, 1e-9), 1 - 1e-9)
        return math.log(p / (1 - p))

    def to_json(self) -> dict:
        return {"intercept": self.intercept, "weights": dict(self.weights), "threshold": self.threshold,
                "similarity_centre": self.similarity_centre, "fitted": dict(self.fitted)}

    def evidence(self, *parts, **named) -> dict:
        """evidence() with this model's similarity centre."""
        return evidence(*parts, similarity_centre=self.similarity_centre, **named)


def evidence(lexical, rare_terms, coverage, information, figure_agreement, copy,
             other_story=None, story_similarity=None, similarity_centre: float = 0.0) -> dict:
    """The model's inputs, each 0-1 (story_similarity -1..1), from scoring's parts (lexical,
    rare_terms, copy 0-100; coverage 0-1; information in rarest-term units; figure_agreement 0-100
    or NaN; other_story 0/1; story_similarity the articles' cosine, NaN when their stories are unknown)."""
    n = np.shape(lexical)
    copy = np.asarray(copy, dtype=float)
    information = np.asarray(information, dtype=float)
    near_copy = (copy >= NEAR_COPY) & (information >= COPY_INFORMATION)
    other = np.zeros(n) if other_story is None else np.asarray(other_story, dtype=float) * ~near_copy
    if story_similarity is None:
        similarity = np.zeros(n)
    else:
        cosine = np.asarray(story_similarity, dtype=float)
        similarity = np.where(np.isnan(cosine), 0.0, np.clip(np.nan_to_num(cosine), 0.0, 1.0) - similarity_centre)
    return {
        "lexical": np.asarray(lexical, dtype=float) / 100.0,
        "rare_terms": np.asarray(rare_terms, dtype=float) / 100.0,
        "coverage": np.asarray(coverage, dtype=float),
        "information": np.minimum(information, INFORMATION_CAP) / INFORMATION_CAP,
        "figures": np.nan_to_num(np.asarray(figure_agreement, dtype=float)) / 100.0,
        "copy": copy / 100.0,
        "other_story": other,
        "story_similarity": similarity,
    }


@lru_cache(maxsize=4)
def load_decision(path: Optional[str] = None) -> Decision:
    """The shipped coefficients (data/decision.json), or those of another file."""
    data = json.loads(Path(path or DECISION_PATH).read_text(encoding="utf-8"))
    weights = {name: float(data["weights"].get(name, 0.0)) for name in EVIDENCE}
    for name, weight in weights.items():
        if weight * SIGNS[name] < 0:
            raise ValueError(f"decision weight {name}={weight} goes against its evidence")
    return Decision(float(data["intercept"]), weights, float(data["threshold"]), data.get("fitted", {}),
                    float(data.get("similarity_centre", 0.0)))
