"""Rows from `queries.py` turned into the pages' plain data (what the JSON twins return): statements,
their versions and figure comparisons with notes in words, articles in paragraphs."""

from __future__ import annotations

import re
from typing import Optional

from .common import external_url, json_list, json_object, reading_path, statement_path
from .highlight import clause_of, shifted_diff
from .summary import statement_verdicts
from .wording import compare_wording


# Sentences on one page of the reading view: a 100,000-sentence article is 200 pages, not one of 12 MB.
ARTICLE_PAGE_SIZE = 500


# Most serious first: a figure's verdict is its worst comparison.
VERDICT_ORDER = ["conflict", "different measure", "missing", "compatible", "same"]


def statement_summary(datasette, database: str, row: dict) -> dict:
    return {
        "id": row["id"],
        "text": row["text"],
        "outlets": json_list(row["outlets"]),
        "outlet_count": row["outlet_count"],
        "article_count": row["article_count"],
        "sentence_count": row["sentence_count"],
        "max_score": row["max_score"],
        "figure_conflict": bool(row["figure_conflict"]),
        "figure_differences": row["figure_differences"] or 0,
        "wording_differences": row["wording_differences"] or 0,
        "first_published": row["first_published"],
        "first_outlet": row["first_outlet"],
        "representative_sentence_id": row["representative_sentence_id"],
        "sentence": whole_sentence(row),
        "url": statement_path(datasette, database, row["id"]),
        "json_url": statement_path(datasette, database, row["id"], json_format=True),
    }


def whole_sentence(row: dict) -> Optional[dict]:
    """The representative's whole sentence, and where the statement's clause (`text`) is in it, as
    [start, end) character offsets; None when the row does not carry it."""
    if row.get("sentence_text") is None:
        return None
    text = row["sentence_text"]
    return {"text": text, "clause": list(clause_of(dict(row, text=text)))}


def show_value(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return format_number(value)
    return str(value)


def format_number(x) -> str:
    x = float(x)
    if x.is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def format_interval(interval) -> str:
    """[low, high] as words: "at least 13,000,000", "up to 5", "20 to 30", "20"."""
    if not isinstance(interval, (list, tuple)) or len(interval) != 2:
        return show_value(interval)
    low, high = interval
    if low is None and high is None:
        return "any amount"
    if low is None:
        return f"up to {format_number(high)}"
    if high is None:
        return f"at least {format_number(low)}"
    if low == high:
        return format_number(low)
    return f"{format_number(low)} to {format_number(high)}"


def conversion_note(conversion) -> str:
    if not isinstance(conversion, dict):
        return f"conversion: {conversion}"
    rate = conversion.get("rate")
    text = f"converted {conversion.get('from', '?')} to {conversion.get('to', '?')}"
    if isinstance(rate, (int, float)):
        text += f" at {rate:.4g}"
    if conversion.get("date"):
        text += f" (rate of {conversion['date']}"
        text += f", {conversion['source']})" if conversion.get("source") else ")"
    return text


def annualised_note(annualised) -> str:
    if isinstance(annualised, dict) and "a" in annualised and "b" in annualised:
        return f"per year: {format_interval(annualised['a'])} vs {format_interval(annualised['b'])}"
    if isinstance(annualised, dict):
        amount = annualised.get("value")
        if amount is None:
            amount = [annualised.get("low"), annualised.get("high")]
        unit = re.sub(r"/\s*year$", "", annualised.get("unit") or "")
        return f"per year: {format_interval(amount) if isinstance(amount, list) else format_number(amount)} {unit}".strip()
    return "annualised" if annualised else ""


def figure_notes(detail) -> list[str]:
    """What a figure difference's `detail` JSON says, in short phrases; unknown keys are left out."""
    if not isinstance(detail, dict):
        return [str(detail)] if detail else []
    notes = [str(detail["note"])] if detail.get("note") else []
    for key in ("value", "unit", "period", "qualifier"):
        a, b = detail.get(f"{key}_a"), detail.get(f"{key}_b")
        if (a is not None or b is not None) and a != b:
            notes.append(f"{key}: {show_value(a)} vs {show_value(b)}")
    if detail.get("conversion"):
        notes.append(conversion_note(detail["conversion"]))
    if detail.get("annualised"):
        notes.append(annualised_note(detail["annualised"]))
    if "interval_a" in detail and "interval_b" in detail:
        unit = f" {detail['unit']}" if detail.get("unit") else ""
        notes.append(
            f"values the wording allows: {format_interval(detail['interval_a'])} vs "
            f"{format_interval(detail['interval_b'])}{unit}"
        )
    return [n for n in notes if n]


def agreement_notes(detail) -> list[str]:
    """A `same` comparison says why in its note (the conversion and its rate included): the intervals
    behind it would only repeat it."""
    return [str(detail["note"])] if isinstance(detail, dict) and detail.get("note") else figure_notes(detail)


def verdict_rank(verdict) -> int:
    return VERDICT_ORDER.index(verdict) if verdict in VERDICT_ORDER else len(VERDICT_ORDER)


def worst_verdict(verdicts) -> Optional[str]:
    ranked = sorted(verdicts, key=verdict_rank)
    return ranked[0] if ranked else None


def figure_verdict(comparisons: list[dict]) -> dict:
    """A figure's badge, from its own comparisons only: the worst verdict and what it was reached with
    (the other figure and outlet), and how many other comparisons the figure has."""
    if not comparisons:
        return {"verdict": None, "verdict_with": None, "other_comparisons": 0}
    worst = min(comparisons, key=lambda c: verdict_rank(c["verdict"]))
    return {
        "verdict": worst["verdict"],
        "verdict_with": {"text": worst["other_text"], "outlet": worst["other_outlet"]},
        "other_comparisons": len(comparisons) - 1,
    }


def comparisons_by_figure(differences: list[dict], figures: dict, outlets: dict) -> dict:
    """figure id -> the comparisons it is part of, each seen from that figure's side. A `missing` row
    names the outlet that states the role without a figure (its detail's outlet of the other side)."""
    found: dict = {}
    for d in differences:
        detail = json_object(d["detail"])
        for mine, other, other_text, other_side in (
            (d["figure_a"], d["figure_b"], d["b"], "b"), (d["figure_b"], d["figure_a"], d["a"], "a")
        ):
            if mine is None:
                continue
            other_figure = figures.get(other, {})
            found.setdefault(mine, []).append(
                {
                    "verdict": d["verdict"],
                    "other_figure_id": other,
                    "other_text": other_figure.get("text", other_text),
                    "other_outlet": outlets.get(other_figure.get("sentence_id")) or detail.get(f"outlet_{other_side}"),
                    "notes": agreement_notes(detail) if d["verdict"] == "same" else figure_notes(detail),
                    "match_id": d["match_id"],
                    "difference_id": d.get("id"),
                }
            )
    return found


# Agreement is not stored (`differences` holds every comparison but `same`): the page compares the
# figures of at most this many of the statement's matches again, with the code that fills `differences`.
MAX_AGREEMENT_MATCHES = 50


# Figures nobody disputes that are not worth a row: a year or date no other version contradicts.
DATE_KINDS = ("year", "date")


def agreements(parts: dict) -> list[dict]:
    """The `same` comparisons of the statement's matches, shaped as `differences` rows (no id)."""
    from ..match.diff import Version, compare_versions

    versions = {v["sentence_id"]: v for v in parts["versions"]}
    figures_of: dict = {}
    for f in parts["figures"]:
        figures_of.setdefault(f["sentence_id"], []).append(f)

    def version(sentence_id) -> Version:
        v = versions[sentence_id]
        start, end = clause_of(v)
        inside = [f for f in figures_of.get(sentence_id, []) if start <= f["char_start"] and f["char_end"] <= end]
        return Version((v["text"] or "")[start:end], inside, v["published"], v["outlet"], start)

    found = []
    pairs = [m for m in parts["matches"] if m["sentence_a"] in versions and m["sentence_b"] in versions
             and figures_of.get(m["sentence_a"]) and figures_of.get(m["sentence_b"])]
    for m in pairs[:MAX_AGREEMENT_MATCHES]:
        for c in compare_versions(version(m["sentence_a"]), version(m["sentence_b"])):
            if c.verdict == "same" and c.a and c.b:
                found.append({"id": None, "match_id": m["id"], "a": c.a["text"], "b": c.b["text"], "verdict": "same",
                              "figure_a": c.a["id"], "figure_b": c.b["id"], "detail": c.detail})
    return found


def first_published(versions: list[dict]) -> Optional[dict]:
    """Who published first, among the versions whose date is known only (an undated version is not
    later, it is unknown): the outlets with the earliest date, and how many versions had a date."""
    dated = [v for v in versions if v["published"]]
    if not dated:
        return None
    earliest = min(v["published"] for v in dated)
    outlets = sorted({v["outlet"] or "Unknown outlet" for v in dated if v["published"] == earliest})
    return {"outlets": outlets, "published": earliest, "dated_versions": len(dated), "versions": len(versions)}


def context_by_sentence(rows: list[dict]) -> dict:
    context: dict = {}
    for r in rows:
        side = "before" if r["offset"] < 0 else "after"
        context.setdefault(r["sentence_id"], {})[side] = {
            "id": r["id"], "text": r["text"], "boilerplate": bool(r["boilerplate"])
        }
    return context


def version_data(datasette, database: str, v: dict, reference: str, representative_id, context, figures) -> dict:
    clause = clause_of(v)
    return {
        "sentence_id": v["sentence_id"],
        "article_id": v["article_id"],
        "outlet": v["outlet"],
        "original_source": v["original_source"],
        "title": v["title"],
        "author": v["author"],
        "published": v["published"],
        "url": external_url(v["url"]),
        "article_url": datasette.urls.row(database, "articles", str(v["article_id"])),
        "reading_url": reading_path(datasette, database, v["article_id"], v["sentence_id"]),
        "text": v["text"],
        "clause": list(clause),
        "representative": v["sentence_id"] == representative_id,
        "diff": shifted_diff(reference, v["text"] or "", clause),
        "context": {"before": context.get("before"), "after": context.get("after")},
        "figures": figures,
    }


def statement_data(datasette, database: str, st: dict, parts: dict) -> dict:
    """The detail page's data: the statement, each version with its edits, figures and context."""
    reference = st["text"] or ""
    outlet_of_sentence = {v["sentence_id"]: v["outlet"] for v in parts["versions"]}
    figures = {f["id"]: f for f in parts["figures"]}
    comparisons = comparisons_by_figure(parts["figure_differences"] + agreements(parts), figures, outlet_of_sentence)
    context = context_by_sentence(parts["context"])

    def listed(f) -> bool:
        return f["kind"] not in DATE_KINDS or f["id"] in comparisons

    def figures_of(sentence_id):
        rows = [f for f in parts["figures"] if f["sentence_id"] == sentence_id]
        return [
            dict(f, comparisons=comparisons.get(f["id"], []), **figure_verdict(comparisons.get(f["id"], [])))
            for f in rows if listed(f)
        ]

    def dates_not_listed(sentence_id):
        return [{"id": f["id"], "text": f["text"], "kind": f["kind"]}
                for f in parts["figures"] if f["sentence_id"] == sentence_id and not listed(f)]

    versions = [
        version_data(datasette, database, v, reference, st["representative_sentence_id"],
                     context.get(v["sentence_id"], {}), figures_of(v["sentence_id"]))
        for v in parts["versions"]
    ]
    for v in versions:
        v["dates_not_listed"] = dates_not_listed(v["sentence_id"])
    compare_wording(versions)
    statement = dict(statement_summary(datasette, database, st), first=first_published(parts["versions"]))
    reference = next((v for v in versions if v["representative"]), None)
    if reference:
        statement["sentence"] = {"text": reference["text"], "clause": reference["clause"]}
    return {
        "ok": True,
        "database": database,
        "statement": statement,
        "summary": statement_verdicts(statement, versions),
        "timeline": version_timeline(datasette, database, versions),
        "versions": versions,
        "figure_differences": [
            dict(d, detail=json_object(d["detail"]), notes=figure_notes(json_object(d["detail"])))
            for d in parts["figure_differences"]
        ],
        "matches": parts["matches"],
    }


def version_timeline(datasette, database: str, versions: list[dict]) -> dict:
    """Which outlet published its version when, as the story page's timeline has it: {"dated",
    "undated", "outlets" (the timeline's lanes, in order of first publication)}."""
    from .stories import outlet_columns, timeline_data

    articles = {}
    for v in versions:
        articles.setdefault(v["article_id"], {"id": v["article_id"], "outlet": v["outlet"], "title": v["title"],
                                              "published": v["published"]})
    ordered = sorted(articles.values(), key=lambda a: (a["published"] is None, a["published"] or "", a["id"]))
    return dict(timeline_data(datasette, database, ordered), outlets=outlet_columns(ordered))


BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def paragraph_breaks(text: str, start: int, end: int) -> int:
    """Paragraph breaks in text[start:end]: runs of blank lines, a run being blank lines with only
    whitespace between them."""
    count, previous_end = 0, None
    for blank in BLANK_LINE.finditer(text, start, max(start, end)):
        if previous_end is None or text[previous_end:blank.start()].strip():
            count += 1
        previous_end = blank.end()
    return count


def paragraph_numbers(text: str, spans: list[tuple], article_start: int = 0) -> list[int]:
    """Paragraph of each sentence, given their (char_start, char_end) in order: the number of paragraph
    breaks between the start of the article's first sentence (`article_start`) and its start. Any page of sentences gets the
    numbers it has in the whole article, from one scan of the text, without the earlier sentences."""
    numbers, paragraph, position = [], 0, article_start
    for start, _end in spans:
        start = position if start is None else max(position, start)
        paragraph += paragraph_breaks(text, position, start)
        numbers.append(paragraph)
        position = start  # a sentence starts with a word: no run of blank lines goes across it
    return numbers


def statement_links(datasette, database: str, links: list[dict]) -> dict:
    """sentence id -> the statements it belongs to."""
    statements: dict = {}
    for link in links:
        statements.setdefault(link["sentence_id"], []).append(
            {
                "id": link["id"],
                "outlet_count": link["outlet_count"],
                "figure_conflict": bool(link["figure_conflict"]),
                "figure_differences": link["figure_differences"] or 0,
                "url": statement_path(datasette, database, link["id"]),
            }
        )
    return statements


def article_data(datasette, database: str, art: dict, page: dict, highlight) -> dict:
    """The reading view's data for one page of sentences; paragraphs are numbered across the article,
    so they go on from the sentences of earlier pages."""
    statements = statement_links(datasette, database, page["links"])
    spans = [(s["char_start"], s["char_end"]) for s in page["sentences"]]
    paragraphs = paragraph_numbers(art["text"] or "", spans, page["article_start"])
    rows = [
        dict(s, boilerplate=bool(s["boilerplate"]), paragraph=p, statements=statements.get(s["id"], []),
             highlighted=s["id"] == highlight)
        for s, p in zip(page["sentences"], paragraphs)
    ]
    article_fields = {k: v for k, v in art.items() if k != "text"}
    return {
        "ok": True,
        "database": database,
        "article": dict(article_fields, url=external_url(art["url"]),
                        row_url=datasette.urls.row(database, "articles", str(art["id"]))),
        "highlight": highlight,
        "page": page["number"],
        "pages": page["count"],
        "page_size": ARTICLE_PAGE_SIZE,
        "sentence_total": page["total"],
        "first_sentence": page["offset"] + 1 if rows else 0,
        "next_url": None,
        "previous_url": None,
        "sentences": rows,
    }


def group_paragraphs(sentences: list[dict]) -> list[list[dict]]:
    groups: list = []
    for s in sentences:
        if not groups or groups[-1][0]["paragraph"] != s["paragraph"]:
            groups.append([])
        groups[-1].append(s)
    return groups
