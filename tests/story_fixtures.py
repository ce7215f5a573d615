"""Stories for the stories pages' tests, added to a corpus the way stories.py leaves one: the `stories` table
and `articles.story_id`. The story assignment is written by hand, so that these tests check the pages and
not the clustering (tests/test_stories.py does that; the browser test uses it on the seeds).

On the fixture corpus of fixtures.py, plus a fifth article (Muslim World Journal, no publication date) whose
sentence 501 carries statement 3, the raid on Raqqa, without its number of bombs:
  story 1  articles 1, 3, 4, 5 (Global Research, Muslim World Journal, A & B "Quotes"): the October 2019
           coverage; its title is article 4's, which holds a <script>
  story 2  article 2 (Global Research, republished from South Front), February 2019
Statement 2 (the risk manager) has members in both: 202 in story 2, 303 and 403 in story 1.
"""

from __future__ import annotations

import json

import sqlite_utils

from .fixtures import AB, BOMBS_GR, GR, MWJ, SCRIPT, create_corpus

UNDATED_ARTICLE = 5
BOMBS_MWJ = 501
STORY_TITLES = {1: f"Raqqa raid {SCRIPT}", 2: "French officer punished for revealing the truth"}
STORY_OF_ARTICLE = {1: 1, 2: 2, 3: 1, 4: 1, UNDATED_ARTICLE: 1}

STORIES = {
    "id": int, "title": str, "article_count": int, "outlet_count": int, "outlets": str,
    "first_published": str, "last_published": str,
}


def add_undated_article(db) -> None:
    """Muslim World Journal's undated report of the raid: it carries statement 3 and leaves its figure out."""
    heading, body = "Raqqa bombed", "French jets bombed Raqqa on Sunday night."
    text = f"{heading}\n\n{body}"
    db["articles"].insert(
        {"id": UNDATED_ARTICLE, "outlet": MWJ, "original_source": None, "title": heading, "author": None,
         "published": None, "url": None, "source": "fixture/5.txt", "format": "txt", "raw": text, "text": text,
         "content_hash": "hash5", "extra": "{}", "sentence_count": 2, "loaded_at": "2024-01-01T00:00:00"}
    )
    db["sentences"].insert_all([
        {"id": 500, "article_id": 5, "position": 0, "char_start": 0, "char_end": len(heading), "text": heading,
         "kind": "heading", "boilerplate": 0, "boilerplate_reason": None},
        {"id": BOMBS_MWJ, "article_id": 5, "position": 1, "char_start": len(heading) + 2, "char_end": len(text),
         "text": body, "kind": "body", "boilerplate": 0, "boilerplate_reason": None},
    ])
    db["statement_sentences"].insert(
        {"statement_id": 3, "sentence_id": BOMBS_MWJ, "article_id": 5, "outlet": MWJ, "clause_start": None,
         "clause_end": None}
    )
    db["matches"].insert(
        {"id": 6, "statement_id": 3, "sentence_a": BOMBS_GR, "sentence_b": BOMBS_MWJ, "article_a": 1, "article_b": 5,
         "score": 70.0, "lexical": 68.0, "rare_terms": 80.0, "figure_agreement": 50.0, "method": "sentence",
         "a_start": None, "a_end": None, "b_start": None, "b_end": None}
    )
    db["differences"].insert(
        {"match_id": 6, "statement_id": 3, "kind": "figure", "a": "20 bombs", "b": None, "verdict": "missing",
         "figure_a": 5, "figure_b": None,
         "detail": json.dumps({"side": "a", "note": "only side a states this figure"})}
    )
    db["statements"].update(3, {"sentence_count": 3, "article_count": 3, "outlet_count": 3,
                                 "outlets": json.dumps(sorted([AB, GR, MWJ]))})


def write_stories(db, titles: dict, story_of_article: dict) -> None:
    """The stories table and articles.story_id, with each story's counts and dates from its articles."""
    if "story_id" not in db["articles"].columns_dict:
        db["articles"].add_column("story_id", int)
    db["articles"].create_index(["story_id"], if_not_exists=True)
    for article_id, story_id in story_of_article.items():
        db["articles"].update(article_id, {"story_id": story_id})
    rows = []
    for story_id, title in titles.items():
        members = [a for a in db["articles"].rows_where("story_id = ?", [story_id])]
        dates = sorted(a["published"] for a in members if a["published"])
        outlets = sorted({a["outlet"] for a in members if a["outlet"]})
        rows.append({"id": story_id, "title": title, "article_count": len(members), "outlet_count": len(outlets),
                     "outlets": json.dumps(outlets, ensure_ascii=False),
                     "first_published": dates[0] if dates else None, "last_published": dates[-1] if dates else None})
    db["stories"].create(STORIES, pk="id", if_not_exists=True)
    db["stories"].insert_all(rows, replace=True)


def create_story_corpus(path, matched: bool = True) -> str:
    """The fixture corpus with the undated fifth article and two stories."""
    create_corpus(path, matched=matched)
    db = sqlite_utils.Database(str(path))
    if matched:
        add_undated_article(db)
    write_stories(db, STORY_TITLES, STORY_OF_ARTICLE if matched else {k: v for k, v in STORY_OF_ARTICLE.items()
                                                                      if k != UNDATED_ARTICLE})
    db.conn.close()
    return str(path)
