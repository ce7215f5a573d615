"""Hostile input files: each one gives its own `error: FILE[:LINE]: problem` line, costs little, and
every other file still loads. The inputs are built here, in tmp_path; nothing big is committed."""

import json
import time

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

GOOD = {
    "a_first.txt": "Harbour reopens\n\nThe harbour of the town reopened on Monday after repairs that cost $4 million.\n",
    "z_last.txt": "Bridge closes\n\nThe old bridge closed on Tuesday for an inspection expected to last 3 weeks.\n",
}


def write_good(folder):
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in sorted(GOOD)]


def load(tmp_path, *paths, options=()):
    """Load through the CLI; (exit code, error lines, {source file name: article rows})."""
    db_path = tmp_path / "hostile.db"
    result = CliRunner().invoke(cli, ["crosscheck", "load", str(db_path), *map(str, paths), "--no-match", *options])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    others = [line for line in result.output.splitlines() if not line.startswith("error:") and "articles loaded" not in line]
    assert others == [], f"every error is one line: {others}"
    loaded = {}
    if db_path.exists():
        for row in sqlite_utils.Database(db_path)["articles"].rows:
            loaded.setdefault(row["source"].rsplit("/", 1)[-1].split("#")[0], []).append(row)
    return result.exit_code, errors, loaded


def assert_only_error(tmp_path, bad, problem, *, line=None, seconds=5.0, extra_loaded=(), options=()):
    """Load the good files around `bad`; the bad file gives exactly one error, the rest is stored."""
    first, last = write_good(tmp_path)
    started = time.monotonic()
    code, errors, loaded = load(tmp_path, first, bad, last, options=options)
    elapsed = time.monotonic() - started
    where = f"{bad}:{line}: " if line is not None else f"{bad}: "
    assert code == 1 and len(errors) == 1, errors
    assert errors[0].startswith(f"error: {where}") and problem in errors[0], errors
    assert {"a_first.txt", "z_last.txt", *extra_loaded} <= set(loaded), loaded.keys()
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    return loaded


DEEP = 100_000


def test_deeply_nested_json_array_is_an_error_of_its_file(tmp_path):
    bad = tmp_path / "m_deep.json"
    bad.write_text("[" * DEEP + "]" * DEEP, encoding="utf-8")
    assert_only_error(tmp_path, bad, "nested too deeply")


def test_deeply_nested_jsonl_line_is_an_error_of_its_line(tmp_path):
    bad = tmp_path / "m_feed.jsonl"
    lines = [
        json.dumps({"id": "ok1", "text": "The council approved a budget of $5 million on Tuesday, officials said."}),
        "[" * DEEP + "]" * DEEP,
        json.dumps({"id": "ok2", "text": "The mayor said on Wednesday that 12 schools would reopen next year."}),
    ]
    bad.write_text("\n".join(lines), encoding="utf-8")
    loaded = assert_only_error(tmp_path, bad, "nested too deeply", line=2, extra_loaded=["m_feed.jsonl"])
    assert sorted(r["source"].rsplit("#")[-1] for r in loaded["m_feed.jsonl"]) == ["ok1", "ok2"]


def test_deep_nesting_inside_a_record_field(tmp_path):
    bad = tmp_path / "m_feed.jsonl"
    deep_field = '{"text": "A record with a deep field.", "tags": ' + "[" * DEEP + "]" * DEEP + "}"
    bad.write_text(deep_field + "\n", encoding="utf-8")
    assert_only_error(tmp_path, bad, "nested too deeply", line=1)
    array = tmp_path / "m_array.json"
    array.write_text('[{"text": "Fine.", "tags": ' + "[" * DEEP + "]" * DEEP + "}]", encoding="utf-8")
    (tmp_path / "hostile.db").unlink()
    assert_only_error(tmp_path, array, "nested too deeply")


def test_deeply_nested_front_matter(tmp_path):
    bad = tmp_path / "m_story.md"
    bad.write_text("---\ntags: " + "[" * DEEP + "]" * DEEP + "\n---\nThe text of the story is short.\n", encoding="utf-8")
    assert_only_error(tmp_path, bad, "nested too deeply")


def test_an_unforeseen_parser_failure_is_an_error_of_its_article(tmp_path, monkeypatch):
    from datasette_crosscheck.ingest import load as load_module

    real_segment = load_module.segment

    def failing_segment(cleaned, *args):
        if "poison" in cleaned.text:
            raise IndexError("list index out of range")
        return real_segment(cleaned)

    monkeypatch.setattr(load_module, "segment", failing_segment)
    bad = tmp_path / "m_poison.txt"
    bad.write_text("Poison\n\nThis poison text trips a bug in a parser.\n", encoding="utf-8")
    assert_only_error(tmp_path, bad, "could not be parsed (IndexError: list index out of range)")


def test_an_unforeseen_reader_failure_is_an_error_of_its_file(tmp_path, monkeypatch):
    from datasette_crosscheck.ingest import formats

    def failing_reader(source, text, max_bytes):
        yield 1, '{"text": "The first record of the file is read."}', {"text": "The first record of the file is read."}
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(formats, "_jsonl_records", failing_reader)
    bad = tmp_path / "m_feed.jsonl"
    bad.write_text('{"text": "anything"}\n', encoding="utf-8")
    # what the file gave before it failed is kept
    assert_only_error(tmp_path, bad, "nested too deeply to be read", extra_loaded=["m_feed.jsonl"])


def test_recursion_in_html_extraction_is_an_error_of_its_file(tmp_path, monkeypatch):
    import trafilatura

    def recursing(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(trafilatura, "bare_extraction", recursing)
    bad = tmp_path / "m_page.html"
    bad.write_text("<html><body><p>Some text of a page.</p></body></html>", encoding="utf-8")
    assert_only_error(tmp_path, bad, "HTML could not be parsed")


BLOB = "0123456789abcdef" * (128 * 1024)  # 2 MB in a field that is not the text


def test_csv_record_with_a_large_other_field_is_refused(tmp_path):
    bad = tmp_path / "m_table.csv"
    bad.write_text(
        "id,text,blob\nk1,The harbour master said 40 ships were waiting outside the port.,small\n"
        f"k2,A short text.,{BLOB}\nk3,Never read: after a field over the limit the file stops.,x\n",
        encoding="utf-8",
    )
    loaded = assert_only_error(tmp_path, bad, "record too large", line=3, options=("--max-article-mb", "1"), extra_loaded=["m_table.csv"])
    assert [r["source"].rsplit("#")[-1] for r in loaded["m_table.csv"]] == ["k1"]


def test_jsonl_record_with_a_large_other_field_is_refused(tmp_path):
    bad = tmp_path / "m_feed.jsonl"
    lines = [
        json.dumps({"id": "j1", "text": "The harbour master said 40 ships were waiting outside the port."}),
        json.dumps({"id": "j2", "text": "A short text.", "blob": BLOB}),
        json.dumps({"id": "j3", "text": "The port reopened on Friday, the harbour master said."}),
    ]
    bad.write_text("\n".join(lines), encoding="utf-8")
    loaded = assert_only_error(tmp_path, bad, "record too large (a line over 1.0 MB; raise --max-article-mb)", line=2, options=("--max-article-mb", "1"), extra_loaded=["m_feed.jsonl"])
    assert sorted(r["source"].rsplit("#")[-1] for r in loaded["m_feed.jsonl"]) == ["j1", "j3"]


def test_a_record_is_stored_once(tmp_path):
    feed = tmp_path / "feed.jsonl"
    record = {"id": "r1", "Title": "Port", "text": "The port reopened on Friday.", "blob": BLOB[:100_000], "tags": ["a"]}
    feed.write_text(json.dumps(record) + "\n", encoding="utf-8")
    table = tmp_path / "table.csv"
    table.write_text(f"id,text,votes\nc1,The port closed on Monday.,{BLOB[:100_000]}\n", encoding="utf-8")
    code, errors, loaded = load(tmp_path, feed, table)
    assert code == 0 and errors == []
    [jsonl], [csv_row] = loaded["feed.jsonl"], loaded["table.csv"]
    # raw is the record as read, every field in it; nothing is copied to extra
    assert jsonl["raw"] == json.dumps(record) and jsonl["extra"] is None and jsonl["title"] == "Port"
    assert json.loads(csv_row["raw"]) == {"id": "c1", "text": "The port closed on Monday.", "votes": BLOB[:100_000]}
    assert csv_row["extra"] is None
    db = sqlite_utils.Database(tmp_path / "hostile.db")
    assert db.execute("select json_extract(raw, '$.tags[0]') from articles where source like '%#r1'").fetchone() == ("a",)
    stored = db.execute("select sum(length(raw) + coalesce(length(extra), 0)) from articles").fetchone()[0]
    assert stored < 2 * 100_000 + 1000


def test_html_tag_bomb_is_refused_before_it_is_parsed(tmp_path):
    bad = tmp_path / "m_bomb.html"
    bad.write_text("<html><body>" + "<p>x</p>" * 60_000 + "</body></html>", encoding="utf-8")  # took 10-20 s
    assert_only_error(tmp_path, bad, "HTML has more than 20,000 elements", seconds=3)
    flat = tmp_path / "m_bomb2.html"
    flat.write_text("<div>" * 3_000_000, encoding="utf-8")  # 15 MB
    (tmp_path / "hostile.db").unlink()
    assert_only_error(tmp_path, flat, "HTML has more than 20,000 elements", seconds=3)


def test_unclosed_emphasis_on_one_long_line(tmp_path):
    bad = tmp_path / "m_stars.md"
    bad.write_text("Stars\n\n" + "*a " * 200_000 + "\n", encoding="utf-8")  # never ended
    first, last = write_good(tmp_path)
    started = time.monotonic()
    code, errors, loaded = load(tmp_path, first, bad, last)
    assert code == 0 and {"a_first.txt", "m_stars.md", "z_last.txt"} <= set(loaded)
    assert time.monotonic() - started < 5


def small_budget_for_large_inputs(monkeypatch, seconds=0.3):
    """The real budget is seconds for each MB; here any input over 100 kB gets `seconds`."""
    from datasette_crosscheck.ingest import formats

    monkeypatch.setattr(formats, "parse_seconds", lambda size: seconds if size > 100_000 else 60.0)


def test_an_article_over_its_parse_budget_is_given_up(tmp_path, monkeypatch):
    small_budget_for_large_inputs(monkeypatch)
    bad = tmp_path / "m_figures.txt"
    bad.write_text("Figures\n\n" + "1,000 " * 60_000 + "\n", encoding="utf-8")  # one 360 kB sentence of numbers: ~4 s
    assert_only_error(tmp_path, bad, "took more than 0.3 s to parse (the parse budget for its size)", seconds=2.5)


def test_html_over_its_extraction_budget_is_given_up(tmp_path, monkeypatch):
    small_budget_for_large_inputs(monkeypatch, 0.05)
    bad = tmp_path / "m_page.html"
    paragraph = "<p>The council approved a budget of <a href='/x'>$5 million</a> on Tuesday, officials said.</p>\n"
    bad.write_text("<html><body><article>" + paragraph * 1500 + "</article></body></html>", encoding="utf-8")
    assert_only_error(tmp_path, bad, "to extract its text (the parse budget for its size)", seconds=2.5)


def test_the_parse_budget_holds_in_worker_processes(tmp_path, monkeypatch):
    from datasette_crosscheck.ingest.load import MIN_PARALLEL

    small_budget_for_large_inputs(monkeypatch)
    lines = [json.dumps({"id": f"r{n}", "text": f"The council of town {n} approved {n + 3} new schools on Monday."}) for n in range(MIN_PARALLEL)]
    lines.insert(10, json.dumps({"id": "heavy", "text": "1,000 " * 60_000}))
    bad = tmp_path / "m_feed.jsonl"
    bad.write_text("\n".join(lines), encoding="utf-8")
    first, last = write_good(tmp_path)
    started = time.monotonic()
    code, errors, loaded = load(tmp_path, first, bad, last, options=("--workers", "2"))
    assert errors == [f"error: {bad}#heavy: took more than 0.3 s to parse (the parse budget for its size): given up"]
    assert len(loaded["m_feed.jsonl"]) == MIN_PARALLEL and {"a_first.txt", "z_last.txt"} <= set(loaded)
    assert time.monotonic() - started < 8


ARTICLE = "Port reopens\n\nThe port reopened on Friday after a strike that lasted 12 days, the union said.\n" * 200


def test_compressed_file_named_txt(tmp_path):
    import gzip
    import zipfile

    bad = tmp_path / "m_story.txt"
    bad.write_bytes(gzip.compress(ARTICLE.encode("utf-8")))
    assert_only_error(tmp_path, bad, "binary file (gzip-compressed), not text: decompress it first")
    archive = tmp_path / "m_story.md"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("story.md", ARTICLE)
    (tmp_path / "hostile.db").unlink()
    assert_only_error(tmp_path, archive, "binary file (zip archive), not text: decompress it first")


def test_nul_bytes_after_the_first_pages(tmp_path):
    bad = tmp_path / "m_story.txt"
    bad.write_bytes(ARTICLE.encode("utf-8") + b"\x00\x01\x02binary tail\x00" * 10)
    assert_only_error(tmp_path, bad, f"binary file (contains NUL bytes, the first at byte {len(ARTICLE)}), not text")


def peak_memory_of(function):
    import tracemalloc

    tracemalloc.start()
    try:
        result = function()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_huge_single_line_is_never_held_whole(tmp_path, fmt):
    bad = tmp_path / f"m_feed.{fmt}"
    first = {"id": "j1", "text": "The port reopened on Friday, the harbour master said."}
    with open(bad, "w", encoding="utf-8") as fp:
        fp.write(json.dumps(first) + "\n" if fmt == "jsonl" else f"id,text\nj1,{first['text']}\n")
        fp.write('{"text": "' if fmt == "jsonl" else "j2,")
        for _ in range(30):  # a 30 MB line: the file is read a line at a time, and this line in pieces
            fp.write("word " * 200_000)
        fp.write('"}\n' if fmt == "jsonl" else "\n")
        fp.write(json.dumps({"id": "j3", "text": "The port closed again on Sunday."}) + "\n" if fmt == "jsonl" else "j3,Never read.\n")
    line = 2 if fmt == "jsonl" else 3
    (loaded, peak) = peak_memory_of(
        lambda: assert_only_error(tmp_path, bad, "record too large", line=line, options=("--max-article-mb", "1"), extra_loaded=[bad.name])
    )
    # a JSONL file goes on after the long line; a CSV file stops (the line may be inside a quoted field)
    assert sorted(r["source"].rsplit("#")[-1] for r in loaded[bad.name]) == (["j1", "j3"] if fmt == "jsonl" else ["j1"])
    assert peak < 12 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB for a 30 MB line"


def test_yaml_alias_bomb_in_front_matter(tmp_path):
    lines = ["---", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 9)]  # 9^9 values as JSON
    bad = tmp_path / "m_laughs.md"
    bad.write_text("\n".join(lines) + "\n---\nThe text of the story is short but it is there.\n", encoding="utf-8")
    assert_only_error(tmp_path, bad, "invalid YAML front matter: aliases (*a0) are not allowed")


def test_a_million_tiny_sentences_are_refused_before_they_are_cut(tmp_path):
    bad = tmp_path / "m_lines.md"
    bad.write_text("# aaaaaaaaaa\n" * 200_000, encoding="utf-8")  # 2.6 MB of headings: a sentence each
    assert_only_error(tmp_path, bad, "200,000 lines, more than the 100,000 an article may have", seconds=3)
    one_line = tmp_path / "m_words.txt"
    one_line.write_text("Word. " * 1_000_000, encoding="utf-8")
    (tmp_path / "hostile.db").unlink()
    assert_only_error(tmp_path, one_line, "more than 100,000 sentences, the most an article may have", seconds=3)


def test_a_sentence_too_long_to_compare_is_kept_but_not_matched(tmp_path):
    words = "the council approved budget million officials said Tuesday statement city mayor harbour".split()
    run_on = " ".join(words[n % len(words)] for n in range(6_000))  # 40 kB and no full stop
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "a.txt").write_text("Title one\n\n" + run_on + "\n", encoding="utf-8")
    (tmp_path / "two" / "b.txt").write_text("Title two\n\n" + run_on.replace("mayor", "major") + "\n", encoding="utf-8")
    db_path = tmp_path / "long.db"
    result = CliRunner().invoke(cli, ["crosscheck", "load", str(db_path), str(tmp_path / "one"), str(tmp_path / "two")])
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(db_path)
    [(count, reason)] = db.execute("select count(*), boilerplate_reason from sentences where length(text) > 20000").fetchall()
    assert count == 2 and reason.startswith("too long to compare (")
    assert db["matches"].count == 0
