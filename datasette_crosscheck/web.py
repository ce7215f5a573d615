"""The crosscheck pages and their JSON twins.

    /{db}/-/crosscheck                  statements shared by several outlets, most interesting first
    /{db}/-/crosscheck/{statement_id}   every outlet's version of one statement, side by side
    /{db}/-/crosscheck/article/{id}     an article sentence by sentence, matched sentences linked

Each view: find the database (404) and check the actor may see it and every table the page reads
(403, web_access.py), check its parameters (400/404, web_input.py), run the few indexed queries of
`queries.py`, turn the rows into plain data (the JSON), and render that data as HTML. Highlighted
HTML is built from escaped pieces only: article text is never marked safe as it comes.
"""

from __future__ import annotations

import json
import math
import os
import re
from typing import Optional
from urllib.parse import parse_qsl, urlencode

from datasette.utils.asgi import BadRequest, NotFound, Response
from markupsafe import Markup, escape

from . import compat, queries, web_access
from .schema import has_crosscheck_tables
from .web_access import visible_database
from .web_input import MAX_COUNT, SQLITE_MAX_INT, handles_errors, wants_json
from . import web_input

PLUGIN = "datasette-crosscheck"
# Datasette serves a plugin's static files under its name with underscores whether the plugin was
# installed (name "datasette-crosscheck") or registered by hand (module name "datasette_crosscheck").
STATIC_NAME = "datasette_crosscheck"
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
# Sentences on one page of the reading view: a 100,000-sentence article is 200 pages, not one of 12 MB.
ARTICLE_PAGE_SIZE = 500
MAX_SEARCH_CHARS = 500
DB = r"^/(?P<database>[^/]+)/-/crosscheck"
FORMAT = r"(\.(?P<format>json))?$"
# Ids: digits, and a sign so that a negative id gets this plugin's 404 rather than another route's.
ID = r"[+-]?\d+"
# Most serious first: a figure's verdict is its worst comparison.
VERDICT_ORDER = ["conflict", "different measure", "missing", "compatible", "same"]



def load_hint(db) -> str:
    return f"datasette crosscheck load {database_file(db)} FILES"


def match_hint(db) -> str:
    return f"datasette crosscheck match {database_file(db)}"


def database_file(db) -> str:
    """The database's file name for a command line to copy (corpus.db for an in-memory one)."""
    return os.path.basename(db.path) if getattr(db, "path", None) else "corpus.db"


def routes():
    return [
        *web_stories.routes(),
        (DB + FORMAT, statement_list),
        (DB + rf"/article/(?P<article_id>{ID})" + FORMAT, article_view),
        (DB + rf"/(?P<statement_id>{ID})" + FORMAT, statement_view),
    ]


# ---------------------------------------------------------------------------------------------
# Shared by the views


def plugin_options(datasette, database: str) -> dict:
    return datasette.plugin_config(PLUGIN, database=database) or datasette.plugin_config(PLUGIN) or {}


def configured_page_size(datasette, database: str) -> int:
    try:
        size = int(plugin_options(datasette, database).get("page_size") or DEFAULT_PAGE_SIZE)
    except (TypeError, ValueError):
        return DEFAULT_PAGE_SIZE
    return max(1, min(size, MAX_PAGE_SIZE))


def crosscheck_path(datasette, database: str, suffix: str = "") -> str:
    """A crosscheck URL, with the database route escaped and base_url applied."""
    return datasette.urls.database(database) + "/-/crosscheck" + suffix


def statement_path(datasette, database: str, statement_id, json_format: bool = False) -> str:
    return crosscheck_path(datasette, database, f"/{statement_id}" + (".json" if json_format else ""))


def reading_path(datasette, database: str, article_id, sentence_id=None, json_format: bool = False) -> str:
    path = crosscheck_path(datasette, database, f"/article/{article_id}" + (".json" if json_format else ""))
    return path + (f"?sentence={sentence_id}#s{sentence_id}" if sentence_id is not None else "")


def external_url(url: Optional[str]) -> Optional[str]:
    """Only web addresses become links: a `javascript:` URL in the data stays text."""
    return url if url and re.match(r"^https?://", url, re.I) else None


def json_list(value) -> list:
    """A JSON array column, read leniently: anything else is an empty list."""
    try:
        parsed = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return []
    return [str(v) for v in parsed] if isinstance(parsed, list) else []


def json_object(value) -> dict:
    try:
        parsed = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return {"text": value}
    return parsed if isinstance(parsed, dict) else {}


def isolate(value) -> str:
    """Untrusted text where markup cannot isolate it (the page's <title>): between Unicode's first
    strong isolate and pop directional isolate, so a right-to-left override in it ends with it."""
    return f"\u2068{value}\u2069"


async def render(datasette, request, template: str, context: dict, status: int = 200) -> Response:
    context = dict(
        context,
        crosscheck_css=datasette.urls.static_plugins(STATIC_NAME, "crosscheck.css"),
        isolate=isolate,
    )
    html = await datasette.render_template(template, context, request=request, view_name="crosscheck")
    return Response.html(html, status=status)


async def not_here(datasette, request, db, title: str, message: str, hint: str) -> Response:
    """404 for a database the crosscheck tables are not in, saying how to put them there."""
    if wants_json(request):
        return Response.json({"ok": False, "error": message, "hint": hint, "status": 404}, status=404)
    context = {"database": db.name, "title": title, "message": message, "hint": hint, "database_file": database_file(db)}
    return await render(datasette, request, "crosscheck_message.html", context, status=404)


async def crosscheck_tables(db) -> set:
    return set(await db.table_names())


def has_match_tables(tables: set) -> bool:
    return has_crosscheck_tables(tables) and queries.MATCH_TABLES <= tables


async def has_statements(db, tables: set) -> bool:
    return has_match_tables(tables) and await queries.any_statements(db)


async def no_articles(datasette, request, db) -> Response:
    return await not_here(
        datasette, request, db, "No articles loaded",
        f"The database “{db.name}” has no crosscheck tables yet: load some articles first.", load_hint(db),
    )


async def require_statements(datasette, request, db) -> Optional[Response]:
    """None when the matcher has filled its tables, else the 404 saying what to run."""
    tables = await crosscheck_tables(db)
    if await has_statements(db, tables):
        return None
    if not has_crosscheck_tables(tables):
        return await no_articles(datasette, request, db)
    return await not_here(
        datasette, request, db, "Nothing cross-checked here",
        f"The database “{db.name}” has articles but no cross-checked statements.", match_hint(db),
    )


# ---------------------------------------------------------------------------------------------
# The list of statements


def encode_key(row: dict) -> str:
    return f"{row['k_figures']},{row['k_outlets']},{float(row['k_score'])!r},{row['id']}"


def decode_key(token: Optional[str]) -> Optional[tuple]:
    """The sort key a `_next` token carries: (figures 0-2, outlets, finite score, statement id)."""
    if not token:
        return None
    parts = token.split(",")
    if len(parts) == 4:
        conflict, outlets, statement_id = (web_input.whole_number(p) for p in (parts[0], parts[1], parts[3]))
        try:
            score = float(parts[2]) if len(parts[2]) <= 40 else math.nan
        except ValueError:
            score = math.nan
        if (conflict in (0, 1, 2) and outlets is not None and 0 <= outlets <= SQLITE_MAX_INT
                and statement_id is not None and 0 <= statement_id <= SQLITE_MAX_INT and math.isfinite(score)):
            return conflict, outlets, score, statement_id
    raise BadRequest("Invalid _next token: use the next_url of the previous page")


def figure_filter(args) -> Optional[str]:
    """`figures`: conflict (statements with a figure conflict) or differ (any figure difference,
    compatible included); `conflicts=1` is `figures=conflict`, and the narrower of the two wins."""
    raw = (args.get("figures") or "").strip().lower()
    if raw and raw not in queries.FIGURE_FILTERS:
        raise BadRequest("figures must be " + " or ".join(queries.FIGURE_FILTERS) + " (or empty for any)")
    return "conflict" if web_input.flag(args, "conflicts") else (raw or None)


def list_arguments(request, default_size: int) -> tuple[dict, int, Optional[tuple]]:
    """(filters, page size, sort key to start after) from the query string."""
    args = request.args
    figures = figure_filter(args)
    filters = {
        "outlets": web_input.texts(args, "outlet", max_count=queries.MAX_OUTLET_FILTERS),
        "figures": figures,
        "conflicts": figures == "conflict",
        "min_score": web_input.number(args, "min_score", low=0, high=100),
        "q": web_input.text(args, "q", max_chars=MAX_SEARCH_CHARS),
        "min_outlets": web_input.integer(args, "min_outlets", low=1, high=MAX_COUNT, default=2),
        "story": web_input.integer(args, "story", low=0, high=SQLITE_MAX_INT),
    }
    size = web_input.page_size(args, default=default_size, maximum=MAX_PAGE_SIZE)
    return filters, size, decode_key(args.get("_next"))


def page_query(request, **changes) -> str:
    """The request's query string with some arguments replaced (None removes one)."""
    pairs = [(k, v) for k, v in parse_qsl(request.query_string, keep_blank_values=True) if k not in changes]
    pairs += [(k, v) for k, v in changes.items() if v is not None]
    return urlencode(pairs)


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
        "url": statement_path(datasette, database, row["id"]),
        "json_url": statement_path(datasette, database, row["id"], json_format=True),
    }


@handles_errors
async def statement_list(request, datasette):
    db = await visible_database(datasette, request)
    filters, size, after = list_arguments(request, configured_page_size(datasette, db.name))
    await web_access.require_tables(
        datasette, request, db.name,
        web_access.LIST_TABLES + (web_access.SEARCH_TABLES if filters["q"] else ())
        + (web_stories.STORY_FILTER_TABLES if filters["story"] is not None else ()),
    )
    tables = await crosscheck_tables(db)
    if not has_crosscheck_tables(tables):
        return await no_articles(datasette, request, db)
    story, no_stories = await web_stories.filtered_story(datasette, request, db, tables, filters["story"])
    if no_stories:
        return no_stories
    rows, total = [], 0
    if has_match_tables(tables):
        rows, total = await queries.statement_page(db, filters, size, after)
    # Nothing at all to list, as opposed to nothing that passes the filters
    empty_reason = "not_matched" if not total and not await has_statements(db, tables) else None
    next_token = encode_key(rows[size - 1]) if len(rows) > size else None
    rows = rows[:size]
    stories = await web_stories.story_links(datasette, request.actor, db, tables, [r["id"] for r in rows])
    list_path = crosscheck_path(datasette, db.name, ".json" if wants_json(request) else "")
    next_path = f"{list_path}?{page_query(request, _next=next_token)}" if next_token else None
    data = {
        "ok": True,
        "database": db.name,
        "rows": [dict(statement_summary(datasette, db.name, r), stories=stories.get(r["id"], [])) for r in rows],
        "next": next_token,
        "next_url": datasette.absolute_url(request, next_path) if next_path else None,
        "total": total,
        "filters": dict(filters, size=size),
        "story": story,
        "empty_reason": empty_reason,
    }
    if wants_json(request):
        return Response.json(data)
    context = {
        "database": db.name,
        "data": data,
        "next_path": next_path,
        "outlet_choices": await queries.outlet_choices(db),
        "match_hint": match_hint(db),
        "alternate_url_json": datasette.absolute_url(
            request, crosscheck_path(datasette, db.name, ".json") + "?" + page_query(request)
        ),
        "first_page_path": crosscheck_path(datasette, db.name) + "?" + page_query(request, _next=None),
        "all_path": crosscheck_path(datasette, db.name),
        "is_later_page": after is not None,
        **await web_stories.list_links(datasette, request, db, tables),
    }
    return await render(datasette, request, "crosscheck_list.html", context)


# ---------------------------------------------------------------------------------------------
# One statement: the versions side by side


def shifted_diff(reference: str, text: str, clause: tuple[int, int]) -> list[dict]:
    """Word edits from the reference text to the clause of a version, with `b_*` offsets into the
    whole sentence."""
    from .diff import word_diff

    start, end = clause
    ops = word_diff(reference, text[start:end])
    return [dict(op, b_start=op["b_start"] + start, b_end=op["b_end"] + start) for op in ops]


def clause_of(version: dict) -> tuple[int, int]:
    text = version["text"] or ""
    start, end = version.get("clause_start"), version.get("clause_end")
    if start is None or end is None or not 0 <= start < end <= len(text):
        return 0, len(text)
    return start, end


def spaced_deletion(text: str, at: int, words: str) -> Markup:
    """A deleted word sits between two words of the version: keep a space on each side it needs."""
    before = " " if at > 0 and not text[at - 1].isspace() else ""
    after = " " if at < len(text) and not text[at].isspace() and text[at] not in ".,;:!?)]}”’\"'" else ""
    return Markup("{}<del>{}</del>{}").format(before, words, after)


def render_op(text: str, op: dict) -> Markup:
    b = text[op["b_start"]:op["b_end"]]
    if op["op"] == "equal":
        return escape(b)
    if op["op"] == "insert":
        return Markup("<ins>{}</ins>").format(b)
    if op["op"] == "delete":
        return spaced_deletion(text, op["b_start"], op["a"])
    return Markup("<del>{}</del> <ins>{}</ins>").format(op["a"], b)


def highlighted(text: str, ops: list[dict], clause: tuple[int, int]) -> Markup:
    """The version's sentence with <ins>/<del> for its edits; words outside the statement's clause dimmed."""
    start, end = clause
    parts = [Markup('<span class="outside-clause">{}</span>').format(text[:start]) if start else Markup("")]
    position = start
    for op in ops:
        gap_end = max(position, op["b_start"])
        parts.append(escape(text[position:gap_end]))
        parts.append(render_op(text, op))
        position = max(gap_end, op["b_end"])
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append(Markup('<span class="outside-clause">{}</span>').format(text[end:]))
    return Markup("").join(parts)


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
    from .diff import Version, compare_versions

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
    return {
        "ok": True,
        "database": database,
        "statement": dict(statement_summary(datasette, database, st), first=first_published(parts["versions"])),
        "versions": versions,
        "figure_differences": [
            dict(d, detail=json_object(d["detail"]), notes=figure_notes(json_object(d["detail"])))
            for d in parts["figure_differences"]
        ],
        "matches": parts["matches"],
    }


@handles_errors
async def statement_view(request, datasette):
    db = await visible_database(datasette, request)
    await web_access.require_tables(datasette, request, db.name, web_access.STATEMENT_TABLES)
    statement_id = web_input.path_id(request, "statement_id", "statement")
    missing = await require_statements(datasette, request, db)
    if missing:
        return missing
    st = await queries.statement(db, statement_id)
    if st is None:
        raise NotFound(f"No statement {statement_id} in {db.name}")
    data = statement_data(datasette, db.name, st, await queries.statement_parts(db, st))
    stories = await web_stories.story_links(datasette, request.actor, db, await crosscheck_tables(db), [statement_id])
    data["statement"]["stories"] = stories.get(statement_id, [])
    if wants_json(request):
        return Response.json(data)
    for version in data["versions"]:
        version["html"] = highlighted(version["text"] or "", version["diff"], tuple(version["clause"]))
    context = {
        "database": db.name,
        "data": data,
        "list_path": crosscheck_path(datasette, db.name),
        "alternate_url_json": datasette.absolute_url(request, statement_path(datasette, db.name, statement_id, True)),
    }
    return await render(datasette, request, "crosscheck_statement.html", context)


# ---------------------------------------------------------------------------------------------
# One article, sentence by sentence

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


async def article_page(db, article_id: int, requested: Optional[int], highlight: Optional[int], with_statements):
    """The page of sentences to show: the one asked for, else the one with the highlighted sentence,
    else the first. 404 past the last page."""
    total = await queries.sentence_total(db, article_id)
    count = max(1, math.ceil(total / ARTICLE_PAGE_SIZE))
    number = requested
    if number is None and highlight is not None:
        number = await queries.page_of_sentence(db, article_id, highlight, ARTICLE_PAGE_SIZE)
    number = number or 1
    if number > count:
        raise NotFound(f"Article {article_id} has {count:,} page{'s' if count != 1 else ''} of sentences, "
                       f"not {number:,}")
    offset = (number - 1) * ARTICLE_PAGE_SIZE
    sentences, links, article_start = await queries.sentence_page(
        db, article_id, offset, ARTICLE_PAGE_SIZE, with_statements
    )
    return {"number": number, "count": count, "total": total, "offset": offset,
            "sentences": sentences, "links": links, "article_start": article_start}


def article_page_path(datasette, database: str, article_id: int, number: int, json_format: bool) -> str:
    return reading_path(datasette, database, article_id, json_format=json_format) + f"?page={number}"


@handles_errors
async def article_view(request, datasette):
    db = await visible_database(datasette, request)
    article_id = web_input.path_id(request, "article_id", "article")
    highlight = web_input.integer(request.args, "sentence", low=0, high=SQLITE_MAX_INT)
    requested_page = web_input.integer(request.args, "page", low=1, high=SQLITE_MAX_INT)
    tables = await crosscheck_tables(db)
    with_statements = has_match_tables(tables)
    await web_access.require_tables(
        datasette, request, db.name,
        web_access.ARTICLE_TABLES + (web_access.ARTICLE_MATCH_TABLES if with_statements else ()),
    )
    if not has_crosscheck_tables(tables):
        return await no_articles(datasette, request, db)
    art = await queries.article(db, article_id)
    if art is None:
        raise NotFound(f"No article {article_id} in {db.name}")
    page = await article_page(db, article_id, requested_page, highlight, with_statements)
    data = article_data(datasette, db.name, art, page, highlight)
    json_format = wants_json(request)
    page_paths = {
        key: article_page_path(datasette, db.name, article_id, number, json_format)
        for key, number in (("previous", page["number"] - 1), ("next", page["number"] + 1))
        if 1 <= number <= page["count"]
    }
    for key, path in page_paths.items():
        data[f"{key}_url"] = datasette.absolute_url(request, path)
    if json_format:
        return Response.json(data)
    context = {
        "database": db.name,
        "data": data,
        "paragraphs": group_paragraphs(data["sentences"]),
        "page_paths": page_paths,
        "list_path": crosscheck_path(datasette, db.name),
        "alternate_url_json": datasette.absolute_url(
            request, article_page_path(datasette, db.name, article_id, page["number"], True)
        ),
    }
    return await render(datasette, request, "crosscheck_article.html", context)


# ---------------------------------------------------------------------------------------------
# Links from Datasette's own pages (see the hooks in __init__.py)

LINKED_TABLES = {"sentences", "matches", "statements", "statement_sentences", "differences"}
STATEMENT_ID_TABLES = {"statement_sentences", "matches", "differences"}


async def is_crosscheck_database(datasette, database: str) -> bool:
    try:
        db = datasette.get_database(database)
    except KeyError:
        return False
    return has_match_tables(await crosscheck_tables(db))


def list_link(datasette, database: str) -> dict:
    return {
        "href": crosscheck_path(datasette, database),
        "label": "Cross-check statements",
        "description": "Statements several outlets carry, with their figure and wording differences.",
    }


def database_actions(datasette, actor, database: str):
    async def links():
        if await is_crosscheck_database(datasette, database) and await web_access.can_see_tables(
            datasette, actor, database, web_access.LIST_TABLES
        ):
            return [list_link(datasette, database)]
        return []

    return links


def table_actions(datasette, actor, database: str, table: str):
    async def links():
        if table in LINKED_TABLES:
            return await database_actions(datasette, actor, database)()
        return []

    return links


def row_actions(datasette, actor, database: str, table: str, row):
    """1.0a: from a row of sentences, statements or articles to its crosscheck page, when the actor
    may see that page."""

    async def can_see(tables) -> bool:
        return await web_access.can_see_tables(datasette, actor, database, tables)

    async def links():
        if table not in {"sentences", "statements", "articles"} or not await is_crosscheck_database(datasette, database):
            return []
        row_id = row["id"]
        statement_link = table in {"statements", "sentences"} and await can_see(web_access.STATEMENT_TABLES)
        reading_link = table in {"articles", "sentences"} and await can_see(
            web_access.ARTICLE_TABLES + web_access.ARTICLE_MATCH_TABLES
        )
        if table == "statements":
            return [{"href": statement_path(datasette, database, row_id), "label": "Cross-check this statement"}] \
                if statement_link else []
        if table == "articles":
            return [{"href": reading_path(datasette, database, row_id), "label": "Read sentence by sentence"}] \
                if reading_link else []
        links = []
        if reading_link:
            links.append({"href": reading_path(datasette, database, row["article_id"], row_id), "label": "Read in context"})
        if statement_link:
            db = datasette.get_database(database)
            for statement_id in await queries.statements_of_sentence(db, row_id):
                links.append({"href": statement_path(datasette, database, statement_id),
                              "label": f"Cross-check statement {statement_id}"})
        return links

    return links


def statement_cell(datasette, database: str, table: Optional[str], column: str, value):
    """A statement_id cell of the match tables: the usual link to the statements row, and one to the
    statement's crosscheck page."""
    if table not in STATEMENT_ID_TABLES or column != "statement_id":
        return None
    if isinstance(value, dict):  # a foreign key Datasette has expanded: {"value": 3, "label": ...}
        value = value.get("value")
    try:
        statement_id = int(value)
    except (TypeError, ValueError):
        return None
    return Markup('<a href="{}">{}</a> · <a href="{}" title="Cross-check statement {}">cross-check</a>').format(
        datasette.urls.row(database, "statements", str(statement_id)), statement_id,
        statement_path(datasette, database, statement_id), statement_id,
    )


def stored_queries(datasette, database: str):
    """0.65's canned_queries hook: the stored queries, on databases the matcher has filled."""

    async def queries_here():
        return queries.STORED_QUERIES if await is_crosscheck_database(datasette, database) else {}

    return queries_here


def stored_query_permission(datasette, actor, action: str, resource):
    """0.65's permission_allowed hook: refuse view-query on a stored query that reads a table the actor
    may not view. (Leaving the query out of canned_queries for that actor instead would break 0.65's
    own check of whether anyone else may see it.)"""
    if action != "view-query" or not isinstance(resource, (tuple, list)) or resource[1] not in queries.STORED_QUERIES:
        return None
    database, name = resource

    async def allowed():
        if not await is_crosscheck_database(datasette, database):
            return None
        reads = {name: queries.STORED_QUERY_READS[name]}
        return False if await web_access.hidden_stored_queries(datasette, actor, database, reads) else None

    return allowed


def stored_query_rules(datasette, actor, action: str):
    """1.0a's permission_resources_sql hook: deny view-query on the stored queries that read a table the
    actor may not view (1.0a checks only view-query and execute-sql before running one)."""
    if action != "view-query" or not compat.has_add_query(datasette):
        return None

    async def rules():
        hidden = []
        for name in list(datasette.databases):
            if await is_crosscheck_database(datasette, name):
                names = await web_access.hidden_stored_queries(datasette, actor, name, queries.STORED_QUERY_READS)
                hidden.extend((name, query) for query in names)
        return compat.deny_stored_queries(hidden)

    return rules


async def add_stored_queries(datasette) -> None:
    """1.0a: add the stored queries to every database with the crosscheck tables at startup."""
    if not compat.has_add_query(datasette):
        return
    for name in list(datasette.databases):
        if await is_crosscheck_database(datasette, name):
            await compat.add_stored_queries(datasette, name, queries.STORED_QUERIES)


# The stories pages build on the helpers above (web_stories imports this module).
from . import web_stories  # noqa: E402
