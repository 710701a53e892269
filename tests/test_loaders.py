"""Tests for pipeline.loaders: every format, every encoding, and every way a file can be bad."""

from __future__ import annotations

import gzip
import json
import pickle
import subprocess
import sys

import pytest

from pipeline.loaders import (
    MAX_BYTES,
    LoadError,
    LoadResult,
    decode_bytes,
    iter_records,
    load_bytes,
    load_path,
    load_paths,
    load_text,
    normalise_date,
)
from pipeline.records import Article

TITLE = "وزير الخارجية السعودي يلتقي نظيره الأردني في عمّان"
PARA1 = "التقى وزير الخارجية السعودي الأمير فيصل بن فرحان نظيره الأردني أيمن الصفدي في عمّان."
PARA2 = "وبحث الجانبان العلاقات الثنائية وسبل تعزيزها."
BODY = f"{PARA1}\n{PARA2}"


def write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def only_article(result: LoadResult) -> Article:
    assert result.errors == ()
    assert len(result.articles) == 1
    return result.articles[0]


def only_error(result: LoadResult) -> str:
    assert result.articles == ()
    assert len(result.errors) == 1
    return str(result.errors[0])


# ----------------------------------------------------------------------------- plain text


def test_txt_title_body_and_arabic_source_line(tmp_path):
    path = write(
        tmp_path, "saudi-jordan.txt", f"{TITLE}\n\n{PARA1}   \n\n\n{PARA2}\nالمصدر: وكالة الأنباء السعودية\n"
    )
    assert load_path(path) == LoadResult(
        articles=(
            Article(
                id="saudi-jordan",
                title=TITLE,
                text=BODY,
                source="وكالة الأنباء السعودية",
                origin=str(path),
            ),
        ),
        errors=(),
    )


@pytest.mark.parametrize(
    ("line", "source"),
    [("المصدر : الجزيرة نت", "الجزيرة نت"), ("Source: Reuters", "Reuters"), ("source:BBC عربي", "BBC عربي")],
)
def test_txt_source_line_spellings(tmp_path, line, source):
    article = only_article(load_path(write(tmp_path, "a.txt", f"{TITLE}\n{PARA1}\n{line}")))
    assert (article.text, article.source) == (PARA1, source)


def test_txt_source_word_inside_the_body_is_kept(tmp_path):
    text = f"{TITLE}\nالمصدر: مسؤول أردني\n{PARA2}"
    article = only_article(load_path(write(tmp_path, "a.txt", text)))
    assert (article.text, article.source) == (f"المصدر: مسؤول أردني\n{PARA2}", None)


def test_txt_leading_blank_lines_and_crlf(tmp_path):
    path = write(tmp_path, "b.txt", f"\r\n  \r\n\t\r\n{TITLE}  \r\n{PARA1}\r\n\r\n{PARA2}\r\n".encode())
    article = only_article(load_path(path))
    assert (article.id, article.title, article.text, article.source) == ("b", TITLE, BODY, None)


def test_md_title_loses_heading_marks(tmp_path):
    article = only_article(load_path(write(tmp_path, "note.md", f"# {TITLE}\n\n{PARA1}\n")))
    assert (article.id, article.title, article.text) == ("note", TITLE, PARA1)


def test_unknown_extension_is_read_as_text(tmp_path):
    article = only_article(load_path(write(tmp_path, "wire.dat", f"{TITLE}\n{PARA1}")))
    assert (article.id, article.title, article.text) == ("wire", TITLE, PARA1)


def test_html_is_kept_as_is(tmp_path):
    article = only_article(load_path(write(tmp_path, "h.txt", f"{TITLE}\n<b>{PARA1}</b> &amp;")))
    assert article.text == f"<b>{PARA1}</b> &amp;"


# ----------------------------------------------------------------------------- records


RECORD = {
    "id": "sa-jo-1",
    "title": TITLE,
    "text": BODY,
    "date": "2020/08/06",
    "source": "واس",
    "url": "https://example.org/a",
}


def test_json_list(tmp_path):
    second = {"title": "قمة خليجية", "body": "انعقدت القمة في الرياض.", "date": "06/08/2020"}
    path = write(tmp_path, "news.json", json.dumps([RECORD, second], ensure_ascii=False))
    result = load_path(path)
    assert result.errors == ()
    assert result.warnings == ()
    assert result.articles == (
        Article(
            id="sa-jo-1",
            title=TITLE,
            text=BODY,
            date="2020-08-06",
            source="واس",
            url="https://example.org/a",
            origin=f"{path}#1",
        ),
        Article(
            id="news-2",
            title="قمة خليجية",
            text="انعقدت القمة في الرياض.",
            date="2020-08-06",
            origin=f"{path}#2",
        ),
    )


def test_json_single_object(tmp_path):
    record = {"title": TITLE, "content": PARA1}
    path = write(tmp_path, "one.json", json.dumps(record, ensure_ascii=False))
    article = only_article(load_path(path))
    assert (article.id, article.title, article.text, article.origin) == ("one-1", TITLE, PARA1, f"{path}#1")


def test_json_articles_key_and_record_without_text(tmp_path):
    data = {"articles": [RECORD, {"title": "بلا نص", "text": "   "}, {"id": 7, "text": PARA2}]}
    path = write(tmp_path, "feed.json", json.dumps(data, ensure_ascii=False))
    result = load_path(path)
    assert [a.id for a in result.articles] == ["sa-jo-1", "7"]
    assert [str(e) for e in result.errors] == [
        "feed.json: record 2: no text (expected one of: text, body, content)"
    ]
    assert result.errors[0].record == 2


def test_malformed_json_names_line_and_column(tmp_path):
    path = write(tmp_path, "bad.json", '[\n  {"text": "نص"},\n    oops\n]')
    assert only_error(load_path(path)) == "bad.json: malformed JSON at line 3, column 5 (expecting value)"


def test_json_file_holding_json_lines_is_read_line_by_line(tmp_path):
    lines = [json.dumps({"text": PARA1}, ensure_ascii=False), json.dumps({"text": PARA2}, ensure_ascii=False)]
    result = load_path(write(tmp_path, "lines.json", "\n".join(lines)))
    assert [(a.id, a.text) for a in result.articles] == [("lines-1", PARA1), ("lines-2", PARA2)]


def test_jsonl_malformed_line_loses_nothing_else(tmp_path):
    lines = [
        json.dumps({"title": "الأول", "text": PARA1}, ensure_ascii=False),
        '{"title": "مكسور", "text": ',
        json.dumps({"title": "الثالث", "text": PARA2}, ensure_ascii=False),
    ]
    path = write(tmp_path, "wire.jsonl", "\n".join(lines) + "\n")
    result = load_path(path)
    assert [(a.id, a.title, a.text, a.origin) for a in result.articles] == [
        ("wire-1", "الأول", PARA1, f"{path}#1"),
        ("wire-3", "الثالث", PARA2, f"{path}#3"),
    ]
    assert [str(e) for e in result.errors] == [
        "wire.jsonl: line 2: malformed JSON at column 28 (expecting value)"
    ]
    assert (result.errors[0].origin, result.errors[0].record) == (str(path), 2)


def test_jsonl_line_separator_inside_a_string_does_not_split_the_record(tmp_path):
    record = json.dumps({"text": f"{PARA1}\u2028{PARA2}"}, ensure_ascii=False)
    assert "\u2028" in record  # written raw, as ensure_ascii=False does
    for path in (
        write(tmp_path, "ls.jsonl", record),
        write(tmp_path, "ls.jsonl.gz", gzip.compress(record.encode())),
    ):
        assert only_article(load_path(path)).text == f"{PARA1}\u2028{PARA2}"
        assert [a.text for a in iter_records(path)] == [f"{PARA1}\u2028{PARA2}"]


def test_jsonl_gz(tmp_path):
    lines = "\n".join(json.dumps({**RECORD, "id": f"r{i}"}, ensure_ascii=False) for i in range(3))
    path = write(tmp_path, "corpus.jsonl.gz", gzip.compress(lines.encode("utf-8")))
    result = load_path(path)
    assert result.errors == ()
    assert [(a.id, a.date, a.origin) for a in result.articles] == [
        ("r0", "2020-08-06", f"{path}#1"),
        ("r1", "2020-08-06", f"{path}#2"),
        ("r2", "2020-08-06", f"{path}#3"),
    ]


def test_corrupt_gzip(tmp_path):
    path = write(tmp_path, "broken.jsonl.gz", b"\x1f\x8b\x08\x00 not really gzip")
    assert only_error(load_path(path)) == "broken.jsonl.gz: not a valid gzip file (corrupt or truncated)"


def test_csv_with_body_column_and_quoted_newlines(tmp_path):
    content = (
        "Title,Body,date,source,url\n"
        f'{TITLE},"{PARA1}\n{PARA2}",2020-08-06T10:30:00+03:00,بترا,https://example.org/b\n'
        "\n"
        "قمة خليجية,انعقدت القمة في الرياض.,Tue, 12 Jun 2018,,\n"
    )
    path = write(tmp_path, "news.csv", content)
    result = load_path(path)
    assert result.errors == ()
    assert result.articles == (
        Article(
            id="news-1",
            title=TITLE,
            text=BODY,
            date="2020-08-06",
            source="بترا",
            url="https://example.org/b",
            origin=f"{path}#1",
        ),
        # The unquoted comma in the date shifts a field: the date is unreadable, and said so.
        Article(
            id="news-2",
            title="قمة خليجية",
            text="انعقدت القمة في الرياض.",
            date=None,
            source="12 Jun 2018",
            origin=f"{path}#2",
        ),
    )
    assert result.warnings == (
        "news.csv: line 5: date 'Tue' not recognised; left empty",
        "news.csv: line 5: 1 extra fields ignored",
    )


def test_csv_without_text_column(tmp_path):
    path = write(tmp_path, "bad.csv", "title,date\nعنوان,2020-08-06\n")
    assert only_error(load_path(path)) == (
        "bad.csv: no text column: the header has title, date; expected one of: text, body, content"
    )


def test_csv_row_without_text_is_reported_and_others_kept(tmp_path):
    path = write(tmp_path, "rows.csv", f"title;text\nالأول;{PARA1}\nالثاني;\nالثالث;{PARA2}\n")
    result = load_path(path)
    assert [(a.id, a.text) for a in result.articles] == [("rows-1", PARA1), ("rows-3", PARA2)]
    assert [str(e) for e in result.errors] == [
        "rows.csv: line 3: no text (expected one of: text, body, content)"
    ]


def test_five_thousand_one_line_records(tmp_path):
    jsonl = "\n".join(json.dumps({"text": f"خبر رقم {i}"}, ensure_ascii=False) for i in range(5000))
    csv_text = "text\n" + "\n".join(f"خبر رقم {i}" for i in range(5000))
    from_jsonl = load_path(write(tmp_path, "many.jsonl", jsonl))
    from_csv = load_path(write(tmp_path, "many.csv", csv_text))
    for result in (from_jsonl, from_csv):
        assert result.errors == ()
        assert len(result.articles) == 5000
        assert (result.articles[0].id, result.articles[0].text) == ("many-1", "خبر رقم 0")
        assert (result.articles[-1].id, result.articles[-1].text) == ("many-5000", "خبر رقم 4999")


# ----------------------------------------------------------------------------- bad files


def test_empty_file(tmp_path):
    assert only_error(load_path(write(tmp_path, "empty.txt", b""))) == "empty.txt: the file is empty"


@pytest.mark.parametrize("name", ["blank.txt", "blank.json", "blank.jsonl", "blank.csv"])
def test_whitespace_only_file(tmp_path, name):
    error = only_error(load_path(write(tmp_path, name, " \n\t\r\n  \n")))
    assert error == f"{name}: the file holds only whitespace"


def test_binary_file(tmp_path):
    path = write(tmp_path, "x.bin", b"\x00\x01\x02\xff" * 100)
    assert only_error(load_path(path)) == "x.bin: not a text file (binary content)"


def test_control_characters_without_nul_are_binary(tmp_path):
    path = write(tmp_path, "ctl.txt", b"\x01\x02\x03\x04abc" * 50)
    assert only_error(load_path(path)) == "ctl.txt: not a text file (binary content)"


def test_undecodable_latin_bytes(tmp_path):
    path = write(tmp_path, "latin.txt", "Über Ärger ÿ façade".encode("latin-1") * 10)
    error = only_error(load_path(path))
    assert error == "latin.txt: cannot decode the text: it is not UTF-8, UTF-16 or Windows-1256 Arabic"


def test_file_over_the_size_limit(tmp_path):
    path = write(tmp_path, "big.txt", b"a" * (6 * 1024 * 1024))
    assert only_error(load_path(path)) == "big.txt: file is 6.0 MB; the limit is 5 MB"
    just_over = write(tmp_path, "edge.txt", b"a" * (MAX_BYTES + 1))
    assert only_error(load_path(just_over)) == "edge.txt: file is 5.1 MB; the limit is 5 MB"


def test_missing_file(tmp_path):
    assert only_error(load_path(tmp_path / "gone.txt")) == "gone.txt: no such file"


def test_error_str_starts_with_file_name_and_keeps_origin(tmp_path):
    path = write(tmp_path, "empty.txt", b"")
    error = load_path(path).errors[0]
    assert str(error).startswith("empty.txt: ")
    assert (error.origin, error.reason, error.record) == (str(path), "the file is empty", None)
    assert isinstance(error, Exception)


def test_load_error_survives_pickling():
    error = LoadError("/data/wire.jsonl", "line 2: malformed JSON at column 28", record=2)
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.origin, copy.reason, copy.record) == (
        "wire.jsonl: line 2: malformed JSON at column 28",
        "/data/wire.jsonl",
        "line 2: malformed JSON at column 28",
        2,
    )


# ----------------------------------------------------------------------------- encodings


def test_cp1256_arabic_file(tmp_path):
    text = f"{TITLE}\n{PARA1}\n{PARA2}\nالمصدر: بترا\n"
    path = write(tmp_path, "old.txt", text.encode("cp1256"))
    article = only_article(load_path(path))
    assert (article.title, article.text, article.source) == (TITLE, BODY, "بترا")


def test_cp1256_csv(tmp_path):
    content = f"title,text\n{TITLE},{PARA2}\n".encode("cp1256")
    article = only_article(load_path(write(tmp_path, "old.csv", content)))
    assert (article.title, article.text) == (TITLE, PARA2)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_files_with_a_byte_order_mark(tmp_path, encoding):
    data = f"{TITLE}\n{PARA1}\n".encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    article = only_article(load_path(write(tmp_path, "bom.txt", data)))
    assert (article.title, article.text) == (TITLE, PARA1)
    assert "\ufeff" not in article.title


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16(tmp_path, encoding):
    data = f"{TITLE}\r\n{PARA1}\r\n".encode(encoding)
    article = only_article(load_path(write(tmp_path, "nobom.txt", data)))
    assert (article.title, article.text) == (TITLE, PARA1)


def test_decode_bytes_strips_cr_and_every_bom():
    data = "\ufeffسطر أول\r\nسطر\ufeff ثان\rثالث".encode()
    assert decode_bytes(data, "x.txt") == "سطر أول\nسطر ثان\nثالث"


def test_decode_bytes_raises_load_error():
    with pytest.raises(LoadError) as caught:
        decode_bytes(b"\x00\x01\x02\xff" * 100, "upload.bin")
    assert str(caught.value) == "upload.bin: not a text file (binary content)"


# ----------------------------------------------------------------------------- folders and uploads


def test_load_paths_over_a_folder(tmp_path):
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    write(folder, "b.txt", f"{TITLE}\n{PARA1}")
    write(folder / "sub", "a.json", json.dumps({"id": "j1", "text": PARA2}, ensure_ascii=False))
    write(folder, "a_empty.txt", b"")
    write(folder, "notes.meta", "outlet: x")  # unsupported: skipped
    write(folder, ".hidden.txt", "مخفي\nنص")  # hidden: skipped
    result = load_paths([folder])
    assert [(a.id, a.text) for a in result.articles] == [("b", PARA1), ("j1", PARA2)]
    assert [str(e) for e in result.errors] == ["a_empty.txt: the file is empty"]


def test_load_paths_mixes_files_and_reports_missing_and_duplicate_ids(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    first = write(tmp_path / "x", "same.txt", f"{TITLE}\n{PARA1}")
    second = write(tmp_path / "y", "same.txt", f"{TITLE}\n{PARA2}")
    result = load_paths([first, tmp_path / "missing.csv", second])
    assert [a.id for a in result.articles] == ["same", "same"]
    assert [str(e) for e in result.errors] == ["missing.csv: no such file"]
    assert result.warnings == (f"id 'same' used twice: {first} and {second}",)


def test_empty_folder(tmp_path):
    assert only_error(load_paths([tmp_path])) == (
        f"{tmp_path.name}: no supported files (.jsonl.gz, .jsonl, .json, .csv, .txt, .md)"
    )


def test_load_bytes_uses_the_file_name_for_format_and_ids():
    data = json.dumps([RECORD, {"text": PARA2}], ensure_ascii=False).encode()
    result = load_bytes(data, "upload.json")
    assert [(a.id, a.origin) for a in result.articles] == [
        ("sa-jo-1", "upload.json#1"),
        ("upload-2", "upload.json#2"),
    ]
    txt = only_article(load_bytes(f"{TITLE}\n{PARA1}".encode("cp1256"), "خبر.txt"))
    assert (txt.id, txt.title, txt.text, txt.origin) == ("خبر", TITLE, PARA1, "خبر.txt")


def test_load_bytes_errors():
    assert only_error(load_bytes(b"", "e.csv")) == "e.csv: the file is empty"
    assert only_error(load_bytes(b"x" * (12 * 1024 * 1024 + 300_000), "big.txt")) == (
        "big.txt: file is 12.3 MB; the limit is 5 MB"
    )


def test_gzip_bomb_is_stopped_after_decompression():
    data = gzip.compress(b" " * (MAX_BYTES + 10))
    assert len(data) < MAX_BYTES
    assert (
        only_error(load_bytes(data, "bomb.jsonl.gz"))
        == "bomb.jsonl.gz: over 5 MB once decompressed; the limit is 5 MB"
    )


# ----------------------------------------------------------------------------- streaming


def test_iter_records_streams_jsonl_gz_with_errors_in_place(tmp_path):
    lines = [
        json.dumps({"text": PARA1, "date": "غدا"}, ensure_ascii=False),
        "not json",
        "",
        json.dumps({"text": PARA2}, ensure_ascii=False),
    ]
    path = write(tmp_path, "stream.jsonl.gz", gzip.compress(("\n".join(lines) + "\n").encode()))
    items = list(iter_records(path))
    assert [type(item).__name__ for item in items] == ["Article", "LoadError", "Article"]
    assert (items[0].id, items[0].date, items[2].id, items[2].text) == ("stream-1", None, "stream-4", PARA2)
    assert str(items[1]) == "stream.jsonl.gz: line 2: malformed JSON at column 1 (expecting value)"


def test_iter_records_agrees_with_load_path(tmp_path):
    text = "\n".join(json.dumps({**RECORD, "id": f"r{i}"}, ensure_ascii=False) for i in range(50))
    path = write(tmp_path, "same.jsonl", ("\ufeff" + text).encode())
    assert tuple(iter_records(path)) == load_path(path).articles


def test_iter_records_decodes_cp1256_and_utf16_lines(tmp_path):
    text = "\n".join(json.dumps({"title": TITLE, "text": p}, ensure_ascii=False) for p in (PARA1, PARA2))
    for encoding in ("cp1256", "utf-16"):
        path = write(tmp_path, f"{encoding}.jsonl", text.encode(encoding))
        assert [(a.id, a.title, a.text) for a in iter_records(path)] == [
            (f"{encoding}-1", TITLE, PARA1),
            (f"{encoding}-2", TITLE, PARA2),
        ]


def test_iter_records_on_bad_and_other_files(tmp_path):
    assert [str(e) for e in iter_records(tmp_path / "none.jsonl")] == ["none.jsonl: no such file"]
    assert [str(e) for e in iter_records(write(tmp_path, "e.jsonl", b""))] == ["e.jsonl: the file is empty"]
    assert [str(e) for e in iter_records(write(tmp_path, "b.jsonl", b"\x00\x01" * 10))] == [
        "b.jsonl: not a text file (binary content)"
    ]
    assert [str(e) for e in iter_records(write(tmp_path, "g.jsonl.gz", b"nope"))] == [
        "g.jsonl.gz: not a valid gzip file (corrupt or truncated)"
    ]
    [article] = iter_records(write(tmp_path, "t.txt", f"{TITLE}\n{PARA1}"))
    assert (article.id, article.text) == ("t", PARA1)


# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020-08-06", "2020-08-06"),
        ("2020/08/06", "2020-08-06"),
        ("06/08/2020", "2020-08-06"),  # day first
        ("6.8.2020", "2020-08-06"),
        ("Tue, 12 Jun 2018 04:26:40 GMT", "2018-06-12"),
        ("2020-08-06T23:30:00-05:00", "2020-08-06"),  # the date as printed, not shifted to UTC
        ("2017-01-20T21:43:00+01:00", "2017-01-20"),
        ("٢٠٢٠-٠٨-٠٦", "2020-08-06"),
        ("  2020-08-06 10:00  ", "2020-08-06"),
        ("2020-02-30", None),
        ("31/13/2020", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_date(raw, expected):
    assert normalise_date(raw) == expected


def test_other_date_forms_go_to_pipeline_dates(monkeypatch):
    import datetime
    import types

    seen = []

    def parse_publication_date(value):
        seen.append(value)
        return datetime.date(2020, 8, 6) if value == "6 آب 2020" else None

    fake = types.ModuleType("pipeline.dates")
    fake.parse_publication_date = parse_publication_date
    monkeypatch.setitem(sys.modules, "pipeline.dates", fake)
    assert (normalise_date("6 آب 2020"), normalise_date("2019-01-02"), normalise_date("أمس")) == (
        "2020-08-06",
        "2019-01-02",
        None,
    )
    assert seen == ["6 آب 2020", "أمس"]  # the formats read here never reach it


def test_unreadable_date_is_kept_empty_with_a_warning(tmp_path):
    record = {"text": PARA1, "date": "ليس تاريخاً"}
    result = load_path(write(tmp_path, "d.jsonl", json.dumps(record, ensure_ascii=False)))
    assert only_article(result).date is None
    assert result.warnings == ("d.jsonl: line 1: date 'ليس تاريخاً' not recognised; left empty",)


# ----------------------------------------------------------------------------- pasted text


def test_load_text_takes_the_first_line_as_title():
    pasted = f"\n\n  {TITLE}\r\n\r\n{PARA1}  \n{PARA2}\nالمصدر: الجزيرة\n"
    assert load_text(pasted, date="06/08/2020") == Article(
        id="pasted", title=TITLE, text=BODY, date="2020-08-06", source="الجزيرة"
    )


def test_load_text_with_given_or_empty_title():
    article = load_text(BODY, title="عنوان من المستخدم", article_id="p1")
    assert (article.id, article.title, article.text) == ("p1", "عنوان من المستخدم", BODY)
    untitled = load_text(BODY, title="")
    assert (untitled.title, untitled.text) == ("", BODY)


@pytest.mark.parametrize(
    ("text", "date", "message"),
    [
        ("", None, "pasted: the text is empty"),
        (" \n\t ", None, "pasted: the text holds only whitespace"),
        (BODY, "أمس", "pasted: date 'أمس' not recognised (use YYYY-MM-DD)"),
    ],
)
def test_load_text_errors(text, date, message):
    with pytest.raises(LoadError) as caught:
        load_text(text, date=date)
    assert str(caught.value) == message


def test_loaders_never_import_streamlit():
    code = "import sys, pipeline.loaders; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
