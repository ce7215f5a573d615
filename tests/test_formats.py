"""Reading inputs: every format, and every kind of bad input gives a clear error naming the file."""

import json

import pytest

from datasette_crosscheck.ingest.formats import ArticleInput, LoadError, decode_bytes, read_inputs


def items(*paths):
    return list(read_inputs([str(p) for p in paths]))


def only_error(result):
    assert len(result) == 1 and isinstance(result[0], LoadError), result
    return result[0]


def test_text_file_is_read_as_is(tmp_path):
    path = tmp_path / "outlet" / "story.md"
    path.parent.mkdir()
    path.write_text("# Title\n\nBody text.\n", encoding="utf-8")
    [item] = items(path)
    assert isinstance(item, ArticleInput)
    assert item.format == "md" and item.raw == "# Title\n\nBody text.\n" and item.folder == "outlet"


def test_folder_is_walked_in_order_and_other_files_ignored(tmp_path):
    for name in ["b.txt", "a.txt", "notes.pdf", ".hidden.txt"]:
        (tmp_path / name).write_text("Some text.", encoding="utf-8")
    assert [i.source.rsplit("/", 1)[-1] for i in items(tmp_path)] == ["a.txt", "b.txt"]


@pytest.mark.parametrize(
    "text",
    ["Café crème à Paris, déjà vu — “quoted” €5 million.", "Zürich: Größe und Maß.", "naïve résumé façade"],
)
def test_legacy_encodings_are_detected(text):
    assert decode_bytes(text.encode("cp1252")) == text


def test_latin1_file_loads_correctly(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Le président a payé 13 millions d'euros à Genève.".encode("latin-1"))
    [item] = items(path)
    assert item.raw == "Le président a payé 13 millions d'euros à Genève."


def test_utf8_bom_is_removed(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffTitle\n\nText é.".encode("utf-8"))
    assert items(path)[0].raw == "Title\n\nText é."


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("Title\n\nText €.".encode("utf-16"))
    assert items(path)[0].raw == "Title\n\nText €."


@pytest.mark.parametrize(
    "name, data, problem",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\n \t\n", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("noise.html", bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x01, 0x02, 0x03]) * 50, "binary"),
        ("story.pdf", b"%PDF-1.4", "unsupported file type"),
        ("bad.json", b"[{\"text\": \"a\"},", "malformed JSON"),
        ("object.json", b"\"just a string\"", "expected a JSON array"),
        ("nocol.csv", b"title,body\nA,B\n", "no 'text' column"),
    ],
)
def test_bad_files_give_one_clear_error(tmp_path, name, data, problem):
    path = tmp_path / name
    path.write_bytes(data)
    error = only_error(items(path))
    assert error.path.endswith(name) and problem in error.message
    assert str(error).startswith(str(path))


def test_missing_path(tmp_path):
    error = only_error(items(tmp_path / "nope"))
    assert "no such file" in error.message and error.path.endswith("nope")


def test_empty_folder(tmp_path):
    assert "no article files" in only_error(items(tmp_path)).message


def test_records_over_the_limit_are_refused_whole(tmp_path):
    big = "x" * 2000
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": "Short text.", "blob": big}) + "\n" + json.dumps({"text": "Fine."}), encoding="utf-8")
    table = tmp_path / "table.csv"
    table.write_text(f"text,blob\nShort text.,{big}\n", encoding="utf-8")
    result = list(read_inputs([str(feed), str(table)], max_bytes=1000))
    assert [(type(r).__name__, getattr(r, "line", None)) for r in result] == [("LoadError", 1), ("ArticleInput", None), ("LoadError", 2)]
    assert "record too large" in result[0].message and "a field over" in result[2].message


def test_huge_file_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("word " * 1000, encoding="utf-8")
    [error] = list(read_inputs([str(path)], max_bytes=1000))
    assert isinstance(error, LoadError) and "too large" in error.message


def test_jsonl_records_fields_extra_and_line_errors(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "outlet": "Wire", "title": "T", "date": "2020-01-02", "text": "Body one.", "section": "World"}),
        "{not json",
        json.dumps({"title": "no text"}),
        "",
        json.dumps(["a", "list"]),
        json.dumps({"text": "Body two.", "published": "2021-03-04", "tags": ["x", "y"]}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = items(path)
    articles = [r for r in result if isinstance(r, ArticleInput)]
    errors = [r for r in result if isinstance(r, LoadError)]
    assert [a.source for a in articles] == [f"{path}#a1", f"{path}#6"]
    first = articles[0]
    assert first.fields == {"id": "a1", "outlet": "Wire", "title": "T", "published": "2020-01-02"}
    # the whole record is kept in raw, the fields without a column too
    assert first.raw == lines[0] and first.text == "Body one."
    assert json.loads(articles[1].raw)["tags"] == ["x", "y"]
    assert [(e.line, e.message.split(":")[0]) for e in errors] == [
        (2, "malformed JSON"),
        (3, "record has no 'text'"),
        (5, "expected a JSON object with a 'text' field"),
    ]
    assert str(errors[0]).startswith(f"{path}:2: ")


def test_json_array_and_csv(tmp_path):
    array = tmp_path / "a.json"
    array.write_text(json.dumps([{"text": "One.", "url": "http://x/1"}, {"text": "Two.", "author": "Ann"}]), encoding="utf-8")
    table = tmp_path / "b.csv"
    table.write_text('Title,Text,Outlet,Votes\nHello,"Line one.\n\nLine two.",Daily,3\nEmpty,,Daily,1\n', encoding="utf-8")
    result = items(array, table)
    assert [type(r).__name__ for r in result] == ["ArticleInput", "ArticleInput", "ArticleInput", "LoadError"]
    assert result[0].fields == {"url": "http://x/1"}
    csv_article = result[2]
    assert csv_article.text == "Line one.\n\nLine two." and csv_article.fields == {"title": "Hello", "outlet": "Daily"}
    assert json.loads(csv_article.raw) == {"Title": "Hello", "Text": "Line one.\n\nLine two.", "Outlet": "Daily", "Votes": "3"}
    assert result[3].line == 5 and "no 'text'" in result[3].message


HTML = """<!doctype html><html><head><title>Cement maker paid militants | The Daily</title>
<meta property="og:site_name" content="The Daily"><meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2018-06-28T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Cement maker paid militants</h1>
<p>The company paid at least €13,000,000 to armed groups to keep its plant open, prosecutors said on Thursday.</p>
<p>Its managers met intermediaries more than 30 times between 2013 and 2014, according to court documents.</p>
<p>The firm has denied knowing where the money went and said it would appeal the ruling.</p></article>
<footer>Share this article on Facebook. Copyright 2018 The Daily.</footer></body></html>"""


def test_html_main_text_and_metadata(tmp_path):
    path = tmp_path / "story.html"
    path.write_text(HTML, encoding="utf-8")
    [item] = items(path)
    assert isinstance(item, ArticleInput) and item.format == "html" and item.raw == HTML
    assert "at least €13,000,000" in item.text and "Home" not in item.text.split("\n\n")
    assert item.fields["author"] == "Jane Roe" and item.fields["published"].startswith("2018-06-28")
    assert item.fields["outlet"] == "The Daily"
    # paragraphs stay apart for cleaning
    assert "\n\n" in item.text


def test_html_without_article_text(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    assert "no article text" in only_error(items(path)).message


def test_jsonl_is_read_a_line_at_a_time_in_its_encoding(tmp_path):
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(json.dumps({"text": "Le président a payé 13 millions à Genève."}, ensure_ascii=False).encode("cp1252"))
    separator = tmp_path / "separator.jsonl"  # U+2028 is allowed, unescaped, inside a JSON string
    separator.write_text(json.dumps({"text": "One\u2028line."}, ensure_ascii=False) + "\r\n", encoding="utf-8")
    [a, b] = items(latin, separator)
    assert a.text == "Le président a payé 13 millions à Genève." and b.text == "One\u2028line."
    assert b.raw == json.dumps({"text": "One\u2028line."}, ensure_ascii=False)


def test_a_line_not_in_the_files_encoding_is_an_error_of_that_line(tmp_path, monkeypatch):
    from datasette_crosscheck.ingest import formats

    monkeypatch.setattr(formats, "HEAD_BYTES", 64)  # the encoding is decided on the first 64 bytes here
    first = json.dumps({"text": "The first record is plain UTF-8 text, long enough."}).encode()
    bad_line = b'{"text": "caf\x81\x8d"}'  # neither UTF-8 nor cp1252
    feed = tmp_path / "mixed.jsonl"
    feed.write_bytes(first + b"\n" + bad_line + b"\n" + first.replace(b"first", b"third") + b"\n")
    table = tmp_path / "mixed.csv"
    table.write_bytes(b"id,text\n1,The first row is plain UTF-8 text and long enough to decide.\n2," + bad_line + b"\n3,Never read.\n")
    [article, error, third, row, csv_error] = items(feed, table)
    assert article.text.startswith("The first record") and third.text.startswith("The third record")
    assert error.line == 2 and "not valid utf-8 (invalid start byte at character 14 of the line)" in error.message
    assert row.source.endswith("#1") and csv_error.line == 3 and "not valid utf-8" in csv_error.message
    assert csv_error.message.endswith("the rest of the file is not read")


def test_a_latin1_line_after_an_ascii_start_is_read_as_latin1(tmp_path, monkeypatch):
    from datasette_crosscheck.ingest import formats

    monkeypatch.setattr(formats, "HEAD_BYTES", 64)
    path = tmp_path / "latin.jsonl"
    ascii_line = json.dumps({"text": "The first record is plain ASCII text, long enough to decide."})
    path.write_bytes(ascii_line.encode() + b"\n" + '{"text": "Le pr\u00e9sident \u00e0 Gen\u00e8ve."}'.encode("cp1252") + b"\n")
    assert [a.text for a in items(path)][1] == "Le pr\u00e9sident \u00e0 Gen\u00e8ve."


def test_utf16_record_files(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("id,text\n1,Text \u20ac one.\n2,Text two.\n", encoding="utf-16")
    assert [a.text for a in items(path)] == ["Text \u20ac one.", "Text two."]


def test_record_files_are_not_limited_as_a_whole(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps({"id": n, "text": f"Story number {n}."}) for n in range(200)), encoding="utf-8")
    assert len(list(read_inputs([str(path)], max_bytes=1000))) == 200


def test_csv_with_too_many_columns(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("text," + ",".join(f"c{n}" for n in range(5000)) + "\nSome text.\n", encoding="utf-8")
    assert "5,001 columns, more than the 1,000" in only_error(items(path)).message


def test_csv_with_old_mac_line_ends(tmp_path):
    path = tmp_path / "mac.csv"
    path.write_bytes(b"id,text\r1,First text.\r2,Second text.\r")
    assert [(a.source.rsplit("#")[-1], a.text) for a in items(path)] == [("1", "First text."), ("2", "Second text.")]
