"""The statement page's first lines: what its figure comparisons and dates say, in words, built from the
page's own data (the comparisons present.py shows below them), so the two never disagree.

    "Global Research and Muslim World Journal agree on at least €13,000,000 (Global Research: “millions
     of Euros”, compatible); A & B says $20,000 each month: a different measure."

Figures joined by `same` or `compatible` comparisons form one group that agrees; groups are then told
apart by their worst comparison (a conflict, a different measure), and a figure another version leaves
out says so. Without figures, the summary says so and counts the wording changes; dates say who
published first only among the versions whose date is known.
"""

from __future__ import annotations

import re
from typing import Optional

from markupsafe import Markup, escape

AGREEING = ("same", "compatible")
# How a group of figures relates to one described before it, worst first.
RELATIONS = {"conflict": "the figures conflict", "different measure": "a different measure"}
MAX_NAMED_OUTLETS = 3
# A summary is read at a glance: the rest is in the figure tables below it.
MAX_NAMED_FIGURES = 2
MAX_GROUPS = 3


# Names and figures come from the articles: each is isolated in the sentence (Unicode's first strong
# isolate ... pop directional isolate), so a right-to-left one cannot reorder the words around it. The
# JSON's sentences drop the marks; the page turns them into <bdi> (summary_html).
FSI, PDI = "\u2068", "\u2069"


def iso(value) -> str:
    return FSI + str(value).replace(FSI, "").replace(PDI, "") + PDI


def outlets_in_words(outlets: list[str]) -> str:
    """"A", "A and B", "A, B and C", or "4 outlets" past three names."""
    if len(outlets) > MAX_NAMED_OUTLETS:
        return f"{len(outlets)} outlets"
    if len(outlets) <= 1:
        return iso(outlets[0]) if outlets else "one outlet"
    return ", ".join(iso(o) for o in outlets[:-1]) + " and " + iso(outlets[-1])


def unique(values) -> list:
    seen: list = []
    for v in values:
        if v not in seen:
            seen.append(v)
    return seen


class Groups:
    """Union-find over figure ids: figures that agree end up with one root."""

    def __init__(self):
        self.parent: dict = {}

    def root(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a, b) -> None:
        self.parent[self.root(a)] = self.root(b)


def precision_rank(figure: dict) -> tuple:
    """The figure a group is named by: an exact value before a vague or open-ended one."""
    exact = figure.get("value") is not None and not figure.get("approximate")
    bounded = figure.get("low") is not None and figure.get("high") is not None
    return (0 if exact else 1, 0 if bounded else 1)


def figure_groups(versions: list[dict]) -> tuple[list[dict], dict]:
    """(groups, comparisons by pair of groups) from the versions' figures and their comparisons. A group:
    {"figures": [{"id", "text", "outlet", "verdict"}], "outlets", "named_by", "left_out_by"}."""
    figures, outlet_of, order = {}, {}, []
    for v in versions:
        for f in v["figures"]:
            if f["comparisons"]:
                figures[f["id"]], outlet_of[f["id"]] = f, v["outlet"] or "Unknown outlet"
                order.append(f["id"])
    groups = Groups()
    for fid in order:
        groups.root(fid)
        for c in figures[fid]["comparisons"]:
            if c["verdict"] in AGREEING and c["other_figure_id"] in figures:
                groups.join(fid, c["other_figure_id"])
    members: dict = {}
    for fid in order:
        members.setdefault(groups.root(fid), []).append(fid)
    found, index_of = [], {}
    for root, ids in members.items():
        named_by = min(ids, key=lambda i: (precision_rank(figures[i]), order.index(i)))
        index_of.update({i: len(found) for i in ids})
        found.append({
            "outlets": unique(outlet_of[i] for i in ids),
            "named_by": {"text": figures[named_by]["text"], "outlet": outlet_of[named_by]},
            "figures": [{"id": i, "text": figures[i]["text"], "outlet": outlet_of[i],
                         "verdict": agreeing_verdict(figures[i], figures)} for i in ids if i != named_by],
            "left_out_by": [o for o in unique(c["other_outlet"] or "another outlet" for i in ids
                                              for c in figures[i]["comparisons"] if c["verdict"] == "missing"
                                              and c["other_figure_id"] is None)
                            if o not in {outlet_of[i] for i in ids}],  # it states the figure in another version
        })
    relations: dict = {}
    for fid in order:
        for c in figures[fid]["comparisons"]:
            other = c["other_figure_id"]
            if c["verdict"] in RELATIONS and other in index_of and index_of[other] != index_of[fid]:
                pair = frozenset((index_of[fid], index_of[other]))
                if pair not in relations or list(RELATIONS).index(c["verdict"]) < list(RELATIONS).index(relations[pair]):
                    relations[pair] = c["verdict"]
    return found, relations


def agreeing_verdict(figure: dict, figures: dict) -> str:
    """`same` when every agreeing comparison of the figure is the same amount, else `compatible`."""
    verdicts = {c["verdict"] for c in figure["comparisons"] if c["verdict"] in AGREEING}
    return "same" if verdicts == {"same"} else "compatible"


def other_wordings(figures: list[dict], named: str) -> list[tuple]:
    """[((text, verdict), outlets)] of a group's figures worded otherwise than `named` (case aside)."""
    wordings: dict = {}
    for f in figures:
        if f["text"].casefold() != named.casefold():
            key = next((k for k in wordings if k[0].casefold() == f["text"].casefold() and k[1] == f["verdict"]),
                       (f["text"], f["verdict"]))
            wordings.setdefault(key, [])
            if f["outlet"] not in wordings[key]:
                wordings[key].append(f["outlet"])
    return list(wordings.items())


def group_clause(group: dict, again: bool = False) -> str:
    """"A and B agree on X (B: “Y”, compatible)" or "A says X"; "also on X" when the clause before it
    named the same outlets (`again`)."""
    named = iso(group["named_by"]["text"])
    if len(group["outlets"]) > 1 or group["figures"]:
        verb = "agree" if len(group["outlets"]) > 1 else "says"
        wordings = other_wordings(group["figures"], group["named_by"]["text"])
        others = "; ".join(f"{outlets_in_words(outlets)}: “{iso(text)}”, {'the same amount' if verdict == 'same' else 'compatible'}"
                           for (text, verdict), outlets in wordings[:MAX_NAMED_FIGURES])
        if len(wordings) > MAX_NAMED_FIGURES:
            others += f"; {len(wordings) - MAX_NAMED_FIGURES} more"
        clause = f"{outlets_in_words(group['outlets'])} {verb}{' on' if verb == 'agree' else ''} {named}"
        if again:
            clause = f"also {'on ' if verb == 'agree' else ''}{named}"
        clause += f" ({others})" if others else ""
    else:
        clause = f"{outlets_in_words(group['outlets'][:1])} says {named}"
    if group["left_out_by"]:
        clause += f", which {outlets_in_words(group['left_out_by'])} leave{'s' if len(group['left_out_by']) == 1 else ''} out"
    return clause


def figures_sentence(groups: list[dict], relations: dict) -> str:
    """The groups most outlets stand behind first; each later one says how it differs from those before."""
    ranked = sorted(range(len(groups)), key=lambda i: (-len(groups[i]["outlets"]), i))
    clauses, described = [], []
    for i in ranked[:MAX_GROUPS]:
        worst = [relations[frozenset((i, j))] for j in described if frozenset((i, j)) in relations]
        again = bool(described) and not worst and groups[i]["outlets"] == groups[described[-1]]["outlets"]
        clause = group_clause(groups[i], again)
        if worst:
            clause += ": " + RELATIONS[min(worst, key=list(RELATIONS).index)]
        clauses.append(clause)
        described.append(i)
    more = len(ranked) - MAX_GROUPS
    if more > 0:
        clauses.append(f"{more} more figure{'s' if more != 1 else ''} compared below")
    return "; ".join(clauses) + "."


def no_comparison_sentence(versions: list[dict], statement: dict) -> str:
    """No figure compared: either no version states one, or those stated have nothing to compare with."""
    stating = [(v["outlet"] or "Unknown outlet", f["text"]) for v in versions for f in v["figures"]]
    wording = statement.get("wording_differences") or 0
    changes = f"{wording} wording change{'s' if wording != 1 else ''}" if wording else "no wording change recorded"
    if not stating:
        return f"No version states a figure; the versions differ in words only ({changes})."
    outlets = unique(o for o, _ in stating)
    texts = ", ".join(iso(t) for t in unique(t for _, t in stating))
    return (f"{outlets_in_words(outlets)} state{'s' if len(outlets) == 1 else ''} {texts}; no other version states "
            f"a figure to compare {'it' if len(stating) == 1 else 'them'} with ({changes}).")


def dates_sentence(first: Optional[dict], versions: int) -> str:
    if not first:
        return "No version has a publication date: who published first is unknown."
    outlets = outlets_in_words(first["outlets"])
    undated = first["versions"] - first["dated_versions"]
    if first["dated_versions"] == 1 and versions > 1:
        return (f"Only {outlets}'s version has a date ({iso(first['published'])}; {undated} undated): "
                "who published first is unknown.")
    sentence = f"{outlets} published it first, on {iso(first['published'])}"
    if undated:
        sentence += f" ({undated} of the {first['versions']} versions {'has' if undated == 1 else 'have'} no date)"
    elif first["versions"] > 1:
        sentence += f" (all {first['versions']} versions have a date)"
    return sentence + "."


def isolated_sentences(statement: dict, versions: list[dict], groups: list[dict], relations: dict) -> list[str]:
    figures = figures_sentence(groups, relations) if groups else no_comparison_sentence(versions, statement)
    return [figures, dates_sentence(statement.get("first"), len(versions))]


def plain(sentence: str) -> str:
    return sentence.replace(FSI, "").replace(PDI, "")


def summary_html(statement: dict, versions: list[dict]) -> list[Markup]:
    """The summary's sentences as HTML: everything escaped, each name and figure in a <bdi>."""
    groups, relations = figure_groups(versions)
    return [Markup("").join(Markup("<bdi>{}</bdi>").format(part) if n % 2 else escape(part)
                            for n, part in enumerate(re.split(f"[{FSI}{PDI}]", sentence)))
            for sentence in isolated_sentences(statement, versions, groups, relations)]


def statement_verdicts(statement: dict, versions: list[dict]) -> dict:
    """The page's summary: {"text", "sentences", "figure_groups", "relations", "first"}; `relations` pairs
    group indexes with the verdict that separates them."""
    groups, relations = figure_groups(versions)
    sentences = [plain(s) for s in isolated_sentences(statement, versions, groups, relations)]
    return {
        "text": " ".join(sentences),
        "sentences": sentences,
        "figure_groups": groups,
        "relations": [{"groups": sorted(pair), "verdict": verdict} for pair, verdict in relations.items()],
        "first": statement.get("first"),
    }
