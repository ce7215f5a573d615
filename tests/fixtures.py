"""A small hand-made cross-checked corpus, written straight into SQLite (no loader, no matcher), for the
web pages' tests.

Four articles from three outlets; sentence ids are article_id * 100 + position. Three statements:
  1  Lafarge's payments: "millions of Euros" vs "at least €13,000,000" (compatible) vs "$20,000 each
     month" (different measure); three outlets, the €13,000,000 sentence is the reference
  2  the risk manager's meeting, worded three ways by three outlets
  3  the raid on Raqqa: 20 bombs vs 30 bombs (conflict); two outlets
Hostile text: an article title with <script>, a sentence with <img onerror>, an outlet named A & B "Quotes".
"""

from __future__ import annotations

import json

import sqlite_utils

from datasette_crosscheck.schema import FOREIGN_KEYS, TABLES, ensure_schema

GR, MWJ, AB = "Global Research", "Muslim World Journal", 'A & B "Quotes"'
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"

# (id, outlet, original_source, title, published, url, paragraphs of (text, kind, boilerplate reason or None))
ARTICLES = [
    (1, GR, None, "US bombs French factory in Syria", "2019-10-17", "https://example.org/gr/factory", [
        [("US bombs French factory in Syria", "heading", None)],
        [("By Tony Writer", "byline", "byline"), ("Global Research, October 17, 2019", "dateline", "dateline")],
        [("The airstrike destroyed the Lafarge cement factory in northern Syria.", "body", None),
         ("In 2018 it was reported that Lafarge paid the so-called Islamic State millions of Euros in protection money.",
          "body", None),
         ("The company bought supplies from the group as well.", "body", None)],
        [("French fighter jets dropped 20 bombs on the Syrian city of Raqqa.", "body", None)],
        [("The original source of this article is Global Research.", "footer", "source notice"),
         ("Copyright © Global Research, 2019", "footer", "copyright")],
    ]),
    (2, GR, "South Front", "French officer punished for revealing the truth", "2019-02-19", "javascript:alert(1)", [
        [("French officer punished for revealing the truth", "heading", None)],
        [("By South Front", "byline", "byline")],
        [("The factory's senior risk manager alerted his superiors to a meeting with a head of the Islamic State.",
          "body", None),
         ("The meeting was set up to keep the plant running.", "body", None)],
        [("Over the past few days the military situation escalated in central Syria.", "body", None)],
        [("The original source of this article is South Front.", "footer", "source notice")],
    ]),
    (3, MWJ, None, "French intelligence aided ISIS: reports", "2019-10-20", "https://example.org/mwj/aided", [
        [("French intelligence aided ISIS: reports", "heading", None)],
        [("Lafarge is accused of paying at least €13,000,000 to the terrorist organisation.", "body", None),
         ("Lafarge helped finance Daesh in return for running its cement factory.", "body", None)],
        [("The plant's senior risk manager told his superiors about a meeting with a head of the Islamic State.",
          "body", None)],
        [("Stay informed with the Muslim world.", "footer", "newsletter"),
         ("Join our newsletter of over 20,000 people.", "footer", "newsletter")],
    ]),
    (4, AB, None, f"Raqqa raid {SCRIPT}", "2019-10-18", "https://example.org/ab/raid", [
        [(f"Raqqa raid {SCRIPT}", "heading", None)],
        [("French jets dropped 30 bombs on Raqqa on Sunday night.", "body", None),
         ("Lafarge paid the group $20,000 each month to keep the plant running.", "body", None)],
        [(f"A senior risk manager at the factory alerted his bosses to a meeting with a head of the Islamic State {IMG}.",
          "body", None),
         (f"Nobody else reported this {SCRIPT} detail.", "body", None)],
    ]),
]

MILLIONS, AT_LEAST, MONTHLY = 104, 301, 402  # statement 1's sentences
MANAGER_GR, MANAGER_MWJ, MANAGER_AB = 202, 303, 403  # statement 2
BOMBS_GR, BOMBS_AB = 106, 401  # statement 3
HOSTILE_SENTENCE = 404

# (id, sentence id, text, kind, value, low, high, unit, period, qualifier, approximate)
FIGURES = [
    (1, 104, "2018", "year", 2018, 2018, 2018, None, None, None, 0),
    (2, 104, "millions of Euros", "money", None, 2_000_000, None, "EUR", None, "millions of", 1),
    (3, 301, "at least €13,000,000", "money", 13_000_000, 13_000_000, None, "EUR", None, "at least", 0),
    (4, 402, "$20,000 each month", "money", 20_000, 20_000, 20_000, "USD", "month", None, 0),
    (5, 106, "20 bombs", "count", 20, 20, 20, "bombs", None, None, 0),
    (6, 401, "30 bombs", "count", 30, 30, 30, "bombs", None, None, 0),
    (7, 305, "20,000 people", "count", 20_000, 20_000, None, "people", None, "over", 0),
]

# (id, statement id, sentence a, sentence b, score, lexical, rare_terms, figure_agreement, method)
MATCHES = [
    (1, 1, MILLIONS, AT_LEAST, 78.5, 70.0, 85.0, 75.0, "sentence"),
    (2, 1, AT_LEAST, MONTHLY, 72.0, 60.0, 80.0, 25.0, "clause"),
    (3, 2, MANAGER_GR, MANAGER_MWJ, 91.0, 88.0, 95.0, None, "sentence"),
    (4, 2, MANAGER_GR, MANAGER_AB, 84.0, 80.0, 90.0, None, "sentence"),
    (5, 3, BOMBS_GR, BOMBS_AB, 80.0, 74.0, 88.0, 0.0, "sentence"),
]

# (match id, kind, a, b, verdict, figure a, figure b, detail)
DIFFERENCES = [
    # The two styles of detail the page must read: flat keys, and diff.py's nested sides.
    (1, "figure", "millions of Euros", "at least €13,000,000", "compatible", 2, 3,
     {"value_a": None, "value_b": 13_000_000, "unit_a": "EUR", "unit_b": "EUR", "qualifier_a": "millions of",
      "qualifier_b": "at least", "note": "one amount is vaguer than the other"}),
    (1, "wording", "paid", "is accused of paying", "replace", None, None, {}),
    (2, "figure", "at least €13,000,000", "$20,000 each month", "different measure", 3, 4,
     {"a": {"text": "at least €13,000,000"}, "b": {"text": "$20,000 each month", "period": "month"},
      "rate_side": "b", "note": "a rate (per month) compared with a total",
      "annualised": {"value": 240_000, "low": 240_000, "high": 240_000, "unit": "USD/year", "from_period": "month"}}),
    (2, "wording", "is accused of paying", "paid", "replace", None, None, {}),
    (3, "wording", "factory's", "plant's", "replace", None, None, {}),
    (3, "wording", "alerted", "told", "replace", None, None, {}),
    (4, "wording", "alerted his superiors", "alerted his bosses", "replace", None, None, {}),
    (5, "figure", "20 bombs", "30 bombs", "conflict", 5, 6,
     {"interval_a": [20, 20], "interval_b": [30, 30], "unit": "bombs", "tolerance": 0.0}),
    (5, "wording", "fighter jets", "jets", "delete", None, None, {}),
]

# (id, representative sentence, sentence ids, max score, figure conflict, figure differences, wording differences)
STATEMENTS = [
    (1, AT_LEAST, [MILLIONS, AT_LEAST, MONTHLY], 78.5, 0, 2, 2),
    (2, MANAGER_GR, [MANAGER_GR, MANAGER_MWJ, MANAGER_AB], 91.0, 0, 0, 3),
    (3, BOMBS_GR, [BOMBS_GR, BOMBS_AB], 80.0, 1, 1, 1),
]
# Statement 1 only covers the first clause of the monthly-payment sentence.
CLAUSES = {(1, MONTHLY): (0, len("Lafarge paid the group $20,000 each month"))}


def article_rows():
    """Article and sentence rows, with the text built from the paragraphs and exact offsets."""
    articles, sentences = [], []
    for article_id, outlet, original, title, published, url, paragraphs in ARTICLES:
        text, position = "", 0
        for p, paragraph in enumerate(paragraphs):
            if p:
                text += "\n\n"
            for s, (sentence, kind, reason) in enumerate(paragraph):
                if s:
                    text += " "
                start = len(text)
                text += sentence
                sentences.append(
                    {"id": article_id * 100 + position, "article_id": article_id, "position": position,
                     "char_start": start, "char_end": len(text), "text": sentence, "kind": kind,
                     "boilerplate": int(reason is not None), "boilerplate_reason": reason}
                )
                position += 1
        articles.append(
            {"id": article_id, "outlet": outlet, "original_source": original, "title": title, "author": None,
             "published": published, "url": url, "source": f"fixture/{article_id}.txt", "format": "txt",
             "raw": text, "text": text, "content_hash": f"hash{article_id}", "extra": "{}",
             "sentence_count": position, "loaded_at": "2024-01-01T00:00:00"}
        )
    return articles, sentences


def figure_rows(sentences_by_id):
    rows = []
    for fid, sid, text, kind, value, low, high, unit, period, qualifier, approximate in FIGURES:
        sentence = sentences_by_id[sid]
        start = sentence["text"].index(text)
        rows.append(
            {"id": fid, "sentence_id": sid, "article_id": sentence["article_id"], "char_start": start,
             "char_end": start + len(text), "text": text, "kind": kind, "value": value, "low": low, "high": high,
             "unit": unit, "period": period, "qualifier": qualifier, "approximate": approximate}
        )
    return rows


def match_rows(sentences_by_id):
    article_of = {sid: s["article_id"] for sid, s in sentences_by_id.items()}
    return [
        {"id": mid, "statement_id": st, "sentence_a": a, "sentence_b": b, "article_a": article_of[a],
         "article_b": article_of[b], "score": score, "lexical": lexical, "rare_terms": rare,
         "figure_agreement": figures, "method": method, "a_start": None, "a_end": None, "b_start": None, "b_end": None}
        for mid, st, a, b, score, lexical, rare, figures, method in MATCHES
    ]


def difference_rows():
    statement_of_match = {m[0]: m[1] for m in MATCHES}
    return [
        {"id": i, "match_id": mid, "statement_id": statement_of_match[mid], "kind": kind, "a": a, "b": b,
         "verdict": verdict, "figure_a": fa, "figure_b": fb, "detail": json.dumps(detail)}
        for i, (mid, kind, a, b, verdict, fa, fb, detail) in enumerate(DIFFERENCES, start=1)
    ]


def statement_rows(sentences_by_id, articles_by_id):
    statements, members = [], []
    for sid, representative, sentence_ids, score, conflict, figure_diffs, wording_diffs in STATEMENTS:
        arts = [articles_by_id[sentences_by_id[s]["article_id"]] for s in sentence_ids]
        outlets = sorted({a["outlet"] for a in arts})
        first = min(arts, key=lambda a: a["published"])
        statements.append(
            {"id": sid, "representative_sentence_id": representative, "text": sentences_by_id[representative]["text"],
             "sentence_count": len(sentence_ids), "article_count": len({a["id"] for a in arts}),
             "outlet_count": len(outlets), "outlets": json.dumps(outlets), "max_score": score,
             "figure_conflict": conflict, "figure_differences": figure_diffs, "wording_differences": wording_diffs,
             "first_published": first["published"], "first_outlet": first["outlet"]}
        )
        for s in sentence_ids:
            clause = CLAUSES.get((sid, s), (None, None))
            article = articles_by_id[sentences_by_id[s]["article_id"]]
            members.append(
                {"statement_id": sid, "sentence_id": s, "article_id": article["id"], "outlet": article["outlet"],
                 "clause_start": clause[0], "clause_end": clause[1]}
            )
    return statements, members


def create_tables_in_dependency_order(db) -> None:
    """schema.TABLES lists `matches` (which references statements.id) before `statements`, and sqlite-utils
    checks foreign keys when it creates a table: create each table once the tables it references exist,
    exactly as schema.py defines them. Harmless once ensure_schema orders them itself."""
    pending = dict(TABLES)
    while pending:
        ready = [n for n in pending if all(t == n or t not in pending for _, t, _ in FOREIGN_KEYS.get(n, []))]
        for name in ready:
            columns, pk = pending.pop(name)
            db[name].create(columns, pk=pk, foreign_keys=FOREIGN_KEYS.get(name, []), if_not_exists=True)


def create_corpus(path, matched: bool = True) -> str:
    """Write the corpus to `path`; `matched=False` stops after loading (no statements yet)."""
    db = sqlite_utils.Database(str(path))
    create_tables_in_dependency_order(db)
    ensure_schema(db)
    articles, sentences = article_rows()
    sentences_by_id = {s["id"]: s for s in sentences}
    articles_by_id = {a["id"]: a for a in articles}
    db["articles"].insert_all(articles)
    db["sentences"].insert_all(sentences)
    db["figures"].insert_all(figure_rows(sentences_by_id))
    if matched:
        statements, members = statement_rows(sentences_by_id, articles_by_id)
        db["statements"].insert_all(statements)
        db["statement_sentences"].insert_all(members)
        db["matches"].insert_all(match_rows(sentences_by_id))
        db["differences"].insert_all(difference_rows())
    db.conn.close()
    return str(path)


def create_plain_database(path) -> str:
    """A database without the crosscheck tables."""
    db = sqlite_utils.Database(str(path))
    db["places"].insert({"id": 1, "name": "Raqqa"}, pk="id")
    db.conn.close()
    return str(path)
