"""Turn files, uploads and pasted text into Article records, reporting bad input instead of losing it."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import logging
import math
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, Any

from pipeline.records import Article
from pipeline.text import to_ascii_digits

MAX_BYTES = 5 * 1024 * 1024
# Longest first, so "x.jsonl.gz" is not taken for an unknown ".gz".
SUPPORTED_SUFFIXES = (".jsonl.gz", ".jsonl", ".json", ".csv", ".txt", ".md")
TEXT_FIELDS = ("text", "body", "content")
# The last line of a pasted or saved article often credits the outlet: «المصدر: الجزيرة».
SOURCE_LINE_RE = re.compile(r"^\s*(?:المصدر|source)\s*:\s*(?P<source>\S.*?)\s*$", re.IGNORECASE)
MARKDOWN_HEADING_RE = re.compile(r"^#{1,6}\s+")
# C0/C1 control characters other than tab, newline, form feed and carriage return.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
ARABIC_SCRIPT_RE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")
LATIN_LETTER_RE = re.compile(r"[A-Za-z]")
# Whitespace, ASCII digits and punctuation, «», and general punctuation (“” – …).
NEUTRAL_RE = re.compile(r"[\s0-9!-/:-@\[-`{-~\u00ab\u00bb\u2010-\u2027]")
# More control characters than this share of the text means it is not text.
MAX_CONTROL_SHARE = 0.10
# A Windows-1256 reading is kept only when this share is Arabic script, whitespace or punctuation.
MIN_CP1256_ARABIC_SHARE = 0.70
# High bytes of UTF-16 code units in Arabic news: ASCII/Latin-1 (00), Arabic (06),
# general punctuation such as “” (20), presentation forms (FB, FE).
UTF16_HIGH_BYTES = frozenset({0x00, 0x06, 0x20, 0xFB, 0xFE})
UTF16_SNIFF_BYTES = 64 * 1024
ISO_DATE_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
DAY_FIRST_DATE_RE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")

NOT_TEXT = "not a text file (binary content)"
NO_TEXT = f"no text (expected one of: {', '.join(TEXT_FIELDS)})"

log = logging.getLogger(__name__)


class LoadError(Exception):
    """A file or record that could not be loaded; str() is one line naming the file."""

    def __init__(self, origin: str, reason: str, *, record: int | None = None) -> None:
        # args = (origin, reason) keeps the error picklable (st.cache_data pickles results).
        super().__init__(origin, reason)
        self.origin = origin  #: the path or upload name the problem is in
        self.reason = reason  #: what is wrong, and where in the file
        self.record = record  #: record number (JSON index, JSONL line, CSV row), or None for the file

    @property
    def name(self) -> str:
        """The file name without its folder, as the user knows it."""
        return os.path.basename(self.origin) or self.origin

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass(frozen=True)
class LoadResult:
    """What came out of one or more files: the good articles and every problem met."""

    articles: tuple[Article, ...]  #: the articles that loaded, in file and record order
    errors: tuple[LoadError, ...] = ()  #: per-file or per-record problems; articles still holds the good ones
    warnings: tuple[str, ...] = ()  #: loaded but worth a look, e.g. a date that could not be read


@dataclass(frozen=True)
class _Warning:
    message: str


_Item = Article | LoadError | _Warning


# ----------------------------------------------------------------------------- public API


def load_path(path: str | os.PathLike[str]) -> LoadResult:
    """Load one file, its format chosen by extension; a folder is expanded as by load_paths."""
    if Path(path).is_dir():
        return load_paths([path])
    return _collect(_iter_file(path))


def load_paths(paths: Iterable[str | os.PathLike[str]]) -> LoadResult:
    """Load many files; each folder gives its supported files (recursively, hidden ones skipped), sorted."""
    items: list[_Item] = []
    for path in expand_paths(paths):
        items.extend([path] if isinstance(path, LoadError) else _iter_file(path))
    return _collect(items, check_ids=True)


def load_bytes(data: bytes, filename: str) -> LoadResult:
    """Load an upload: the same rules as load_path, the format taken from the file name."""
    try:
        _check_size(len(data), filename)
    except LoadError as e:
        return LoadResult(articles=(), errors=(e,))
    return _collect(_iter_data(data, filename))


def load_text(
    text: str, *, title: str | None = None, date: str | None = None, article_id: str = "pasted"
) -> Article:
    """Make an article of pasted text.

    Args:
        text: the pasted article; a final «المصدر: X» line gives the source.
        title: the headline; None takes the first non-empty line, "" means no title.
        date: publication date in any format load_path reads; normalised to YYYY-MM-DD.
        article_id: the id (and origin) of the article.

    Raises:
        LoadError: the text is empty or whitespace, or the date cannot be read.
    """
    text = _clean(text)
    if not text:
        raise LoadError(article_id, "the text is empty")
    if not text.strip():
        raise LoadError(article_id, "the text holds only whitespace")
    lines = _lines(text)
    if title is None:
        title, lines = lines[0].strip(), lines[1:]
    body, source = _split_source(lines)
    normalised = None
    if date is not None and date.strip():
        normalised = normalise_date(date)
        if normalised is None:
            raise LoadError(article_id, f"date {date!r} not recognised (use YYYY-MM-DD)")
    return Article(
        id=article_id, title=title.strip(), text="\n".join(body), date=normalised, source=source, origin=None
    )


def iter_records(path: str | os.PathLike[str]) -> Iterator[Article | LoadError]:
    """Yield a file's articles and problems one by one; .jsonl and .jsonl.gz stream in bounded memory.

    There is no size limit on JSONL here (it is meant for whole corpora); other formats
    are read whole, with the usual limit. Date warnings go to the module's logger.
    """
    kind = _kind(str(path))
    items = _stream_jsonl(path) if kind in (".jsonl", ".jsonl.gz") else _iter_file(path)
    for item in items:
        if isinstance(item, _Warning):
            log.warning("%s", item.message)
        else:
            yield item


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str | os.PathLike[str] | LoadError]:
    """Each file as given, each folder as its supported files (as load_paths does), or why there are none."""
    for path in paths:
        if Path(path).is_dir():
            files = _supported_files(Path(path))
            if not files:
                yield LoadError(str(path), f"no supported files ({', '.join(SUPPORTED_SUFFIXES)})")
            yield from files
        else:
            yield path  # as given, so origins read the way the user wrote them


def iter_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Article | LoadError]:
    """iter_records over files and folders: a corpus of any size, one article at a time."""
    for path in expand_paths(paths):
        if isinstance(path, LoadError):
            yield path
        else:
            yield from iter_records(path)


def decode_bytes(data: bytes, name: str) -> str:
    """Decode a file's bytes to text, with \\r and byte-order marks removed.

    Tries, in order: a byte-order mark (UTF-8, UTF-16 LE/BE), BOM-less UTF-16,
    UTF-8, then Windows-1256 when the result reads as Arabic.

    Raises:
        LoadError: binary content, or bytes in none of those encodings.
    """
    if data.startswith(codecs.BOM_UTF8):
        text = _decode_strict(data[len(codecs.BOM_UTF8) :], "utf-8", name)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_strict(data, "utf-16", name)
    elif b"\x00" in data:
        encoding = _sniff_utf16(data)
        if encoding is None:
            raise LoadError(name, NOT_TEXT)
        text = _decode_strict(data, encoding, name)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_cp1256(data, name)
    if len(CONTROL_RE.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise LoadError(name, NOT_TEXT)
    return _clean(text)


def normalise_date(value: Any) -> str | None:
    """A publication date as YYYY-MM-DD, or None when it cannot be read.

    Reads ISO dates (with or without a time), YYYY/MM/DD, day-first DD/MM/YYYY and
    RFC 2822 ("Tue, 12 Jun 2018 04:26:40 GMT") itself; anything else goes to
    pipeline.dates.parse_publication_date when that module is present.
    """
    if value is None:
        return None
    raw = to_ascii_digits(str(value).strip())
    if not raw:
        return None
    parsed = _parse_date_fallback(raw)
    if parsed is None:
        parsed = _parse_date_colleague(raw)
    return parsed.isoformat() if parsed is not None else None


# ----------------------------------------------------------------------------- files and formats


def _iter_file(path: str | os.PathLike[str]) -> Iterator[_Item]:
    origin = str(path)
    try:
        size = os.stat(path).st_size
        if Path(path).is_dir():
            yield LoadError(origin, "is a folder, not a file")
            return
        _check_size(size, origin)
        data = Path(path).read_bytes()
    except LoadError as e:
        yield e
        return
    except OSError as e:
        yield LoadError(origin, _os_reason(e))
        return
    yield from _iter_data(data, origin)


def _iter_data(data: bytes, origin: str) -> Iterator[_Item]:
    kind = _kind(origin)
    stem = _stem(origin)
    try:
        if kind == ".jsonl.gz":
            data = _gunzip(data, origin)
        if not data:
            raise LoadError(origin, "the file is empty")
        text = decode_bytes(data, origin)
        if not text.strip():
            raise LoadError(origin, "the file holds only whitespace")
        if kind in (".jsonl", ".jsonl.gz"):
            yield from _parse_jsonl(enumerate(text.split("\n"), 1), origin, stem)
        elif kind == ".json":
            yield from _parse_json(text, origin, stem)
        elif kind == ".csv":
            yield from _parse_csv(text, origin, stem)
        else:
            yield _parse_txt(text, origin, stem, markdown=kind == ".md")
    except LoadError as e:
        yield e


def _parse_txt(text: str, origin: str, stem: str, *, markdown: bool) -> Article:
    lines = _lines(text)
    title = lines[0].strip()
    if markdown:
        title = MARKDOWN_HEADING_RE.sub("", title)
    body, source = _split_source(lines[1:])
    return Article(id=stem, title=title, text="\n".join(body), source=source, origin=origin)


def _parse_json(text: str, origin: str, stem: str) -> Iterator[_Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        # A .json file that is really JSON Lines fails with "Extra data" after the first line.
        if e.msg == "Extra data" and text.lstrip().startswith("{"):
            yield from _parse_jsonl(enumerate(text.split("\n"), 1), origin, stem)
            return
        raise LoadError(
            origin, f"malformed JSON at line {e.lineno}, column {e.colno} ({_json_problem(e)})"
        ) from None
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        records = data["articles"]
    elif isinstance(data, dict):
        records = [data]
    elif isinstance(data, list):
        records = data
    else:
        raise LoadError(origin, f"expected a JSON object or a list of objects, found {type(data).__name__}")
    if not records:
        raise LoadError(origin, "the file holds no records")
    for n, record in enumerate(records, 1):
        yield from _record(record, origin, stem, n, f"record {n}")


def _parse_jsonl(lines: Iterable[tuple[int, str | LoadError]], origin: str, stem: str) -> Iterator[_Item]:
    # The line number is the record number, so fixing one bad line never renames the others.
    for lineno, line in lines:
        if isinstance(line, LoadError):
            yield line
            continue
        if not line.strip():
            continue
        # A streamed line keeps its newline; a record cut short would then fail "at line 2, column 1".
        line = line.rstrip("\n")
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            where = f"line {lineno}: malformed JSON at column {e.pos + 1}"
            yield LoadError(origin, f"{where} ({_json_problem(e)})", record=lineno)
            continue
        yield from _record(record, origin, stem, lineno, f"line {lineno}")


def _parse_csv(text: str, origin: str, stem: str) -> Iterator[_Item]:
    # Articles can outgrow csv's default 128 KB field limit; never lower a limit set elsewhere.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    first_line = text.lstrip("\n").split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)  # "," unless the header says otherwise
    # strict: a stray quote ('"a"b') is an error on its row, not a silently merged or shifted field.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    physical = text.split("\n")
    header = None
    while header is None:
        start = reader.line_num + 1
        try:
            header = next(reader)
        except StopIteration:
            yield LoadError(origin, "the file holds only whitespace")
            return
        except csv.Error as e:
            yield LoadError(origin, _csv_problem(physical, start, reader.line_num, delimiter, e))
            return
        if not header:
            header = None
    columns = [name.strip().lower() for name in header]
    if not any(name in columns for name in TEXT_FIELDS):
        found = ", ".join(name for name in columns if name) or "no names"
        yield LoadError(
            origin, f"no text column: the header has {found}; expected one of: {', '.join(TEXT_FIELDS)}"
        )
        return
    n = 0
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader, None)
        except csv.Error as e:
            n += 1
            yield LoadError(origin, _csv_problem(physical, start, reader.line_num, delimiter, e), record=n)
            continue
        if row is None:
            break
        if not any(cell.strip() for cell in row):
            continue
        n += 1
        record: dict[str, str] = {}
        for name, cell in zip(columns, row, strict=False):
            record.setdefault(name, cell)
        yield from _record(record, origin, stem, n, f"line {start}")
        if len(row) > len(columns):
            extra = len(row) - len(columns)
            yield _Warning(f"{os.path.basename(origin)}: line {start}: {extra} extra fields ignored")
    if n == 0:
        yield LoadError(origin, "the file holds no rows after the header")


def _csv_problem(physical: list[str], start: int, end: int, delimiter: str, error: csv.Error) -> str:
    """Where a CSV record went wrong: its first line and the column, read again from the raw lines."""
    first = physical[start - 1] if 0 < start <= len(physical) else ""
    _, opened = _scan_csv_line(first, delimiter)
    if str(error) == "unexpected end of data" and opened is not None:
        return f"line {start}: malformed CSV: the quoted field opened at column {opened} is never closed"
    last = physical[end - 1] if 0 < end <= len(physical) else ""
    stray, _ = _scan_csv_line(last, delimiter, inside=end > start)
    at = f" at column {stray}" if stray is not None else ""
    if end > start and opened is not None:
        return (
            f"line {start}: malformed CSV: the quoted field opened at column {opened} runs on to "
            f"line {end}, which fails{at} ({error})"
        )
    return f"line {start}: malformed CSV{at} ({error})"


def _scan_csv_line(line: str, delimiter: str, *, inside: bool = False) -> tuple[int | None, int | None]:
    """(column of the first character after a closing quote that is not a delimiter, column of a quote
    left open at the end of the line), each 1-based or None; inside: the line starts within quotes."""
    i, n = 0, len(line)
    opened: int | None = None
    while i < n:
        if inside:
            k = line.find('"', i)
            if k < 0:
                return None, opened
            if k + 1 < n and line[k + 1] == '"':  # a doubled quote is a quote inside the field
                i = k + 2
                continue
            inside, opened = False, None
            if k + 1 < n and line[k + 1] != delimiter:
                return k + 2, None
            i = k + 2
        elif line[i] == '"':
            inside, opened, i = True, i + 1, i + 1
        else:
            k = line.find(delimiter, i)
            if k < 0:
                break
            i = k + 1
    return None, opened if inside else None


def _record(record: Any, origin: str, stem: str, n: int, where: str) -> Iterator[_Item]:
    """The article of record number n (or why there is none), then any warning about it."""
    if not isinstance(record, dict):
        yield LoadError(origin, f"{where}: not a JSON object", record=n)
        return
    fields = _fields(record)
    text = None
    for name in TEXT_FIELDS:
        value = fields.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if not isinstance(value, str):
            yield LoadError(origin, f"{where}: '{name}' is a {type(value).__name__}, not text", record=n)
            return
        text = value
        break
    if text is None:
        yield LoadError(origin, f"{where}: {NO_TEXT}", record=n)
        return
    raw_date = _optional_str(fields.get("date"))
    date = normalise_date(raw_date)
    yield Article(
        id=_optional_str(fields.get("id")) or f"{stem}-{n}",
        title=_optional_str(fields.get("title")) or "",
        text=_clean(text).strip(),
        date=date,
        source=_optional_str(fields.get("source")),
        url=_optional_str(fields.get("url")),
        origin=f"{origin}#{n}",
    )
    if raw_date and date is None:
        yield _Warning(f"{os.path.basename(origin)}: {where}: date {raw_date!r} not recognised; left empty")


def _stream_jsonl(path: str | os.PathLike[str]) -> Iterator[_Item]:
    origin = str(path)
    stem = _stem(origin)
    gz = _kind(origin) == ".jsonl.gz"
    try:
        raw: IO[bytes] = gzip.open(path, "rb") if gz else open(path, "rb")  # noqa: SIM115
    except OSError as e:
        yield LoadError(origin, _os_reason(e))
        return
    lineno = 0
    seen_text = False
    try:
        with raw:
            head = raw.peek(UTF16_SNIFF_BYTES)[:UTF16_SNIFF_BYTES]  # type: ignore[attr-defined]
            if not head:
                yield LoadError(origin, "the file is empty")
                return
            utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
            if not utf16 and b"\x00" in head:
                yield LoadError(origin, NOT_TEXT)
                return
            lines: Iterable[str | bytes] = (
                io.TextIOWrapper(raw, encoding="utf-16", newline="\n") if utf16 else raw
            )
            for lineno, line in enumerate(lines, 1):  # noqa: B007 (lineno is reported after the loop)
                decoded = line if isinstance(line, str) else _decode_line(line, lineno, origin)
                if isinstance(decoded, str):
                    decoded = _clean(decoded)
                    seen_text = seen_text or bool(decoded.strip())
                yield from _parse_jsonl([(lineno, decoded)], origin, stem)
    except (OSError, EOFError, zlib.error) as e:
        if lineno == 0 and gz:
            yield LoadError(origin, "not a valid gzip file (corrupt or truncated)")
        else:
            yield LoadError(origin, f"unreadable after line {lineno}: {e}")
        return
    except UnicodeDecodeError:
        yield LoadError(origin, f"cannot decode the UTF-16 text after line {lineno}")
        return
    if not seen_text:
        yield LoadError(origin, "the file holds only whitespace")


def _decode_line(line: bytes, lineno: int, origin: str) -> str | LoadError:
    if lineno == 1 and line.startswith(codecs.BOM_UTF8):
        line = line[len(codecs.BOM_UTF8) :]
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return _decode_cp1256(line, origin)
    except LoadError as e:
        return LoadError(origin, f"line {lineno}: {e.reason}", record=lineno)


# ----------------------------------------------------------------------------- helpers


def _collect(items: Iterable[_Item], *, check_ids: bool = False) -> LoadResult:
    articles: list[Article] = []
    errors: list[LoadError] = []
    warnings: list[str] = []
    for item in items:
        if isinstance(item, Article):
            articles.append(item)
        elif isinstance(item, LoadError):
            errors.append(item)
        else:
            warnings.append(item.message)
    if check_ids:
        # Two files with one stem (a/x.txt, b/x.txt) give one id; later stages key on ids.
        seen: dict[str, str | None] = {}
        for article in articles:
            if article.id in seen:
                warnings.append(f"id {article.id!r} used twice: {seen[article.id]} and {article.origin}")
            else:
                seen[article.id] = article.origin
    return LoadResult(articles=tuple(articles), errors=tuple(errors), warnings=tuple(warnings))


def _supported_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and _kind(path.name) in SUPPORTED_SUFFIXES:
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def _kind(name: str) -> str:
    """The supported suffix the name ends with, or "" (read as text)."""
    lower = name.lower()
    return next((suffix for suffix in SUPPORTED_SUFFIXES if lower.endswith(suffix)), "")


def _stem(origin: str) -> str:
    name = os.path.basename(origin)
    kind = _kind(name)
    if kind:
        return name[: -len(kind)] or name
    return Path(name).stem or name


def _check_size(size: int, origin: str) -> None:
    if size > MAX_BYTES:
        # Round up, so a file just over the limit never reads "5.0 MB; the limit is 5 MB".
        megabytes = math.ceil(size * 10 / (1024 * 1024)) / 10
        raise LoadError(origin, f"file is {megabytes:.1f} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB")


def _gunzip(data: bytes, origin: str) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
            out = f.read(MAX_BYTES + 1)
    except (OSError, EOFError, zlib.error):
        raise LoadError(origin, "not a valid gzip file (corrupt or truncated)") from None
    if len(out) > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        raise LoadError(origin, f"over {limit} MB once decompressed; the limit is {limit} MB")
    return out


def _json_problem(e: json.JSONDecodeError) -> str:
    """json's reason in lower case: "expecting ',' delimiter", "unterminated string"."""
    reason = e.msg.removesuffix(" starting at")
    return reason[:1].lower() + reason[1:]


def _os_reason(e: OSError) -> str:
    if isinstance(e, FileNotFoundError):
        return "no such file"
    if isinstance(e, PermissionError):
        return "cannot read the file (permission denied)"
    return f"cannot read the file ({e.strerror or e})"


def _decode_strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        label = encoding.upper().replace("-LE", " LE").replace("-BE", " BE")
        raise LoadError(name, f"cannot decode the text as {label} (bad bytes at offset {e.start})") from None


def _decode_cp1256(data: bytes, name: str) -> str:
    # Windows-1256 maps every byte, so only a reading that looks Arabic is believed.
    text = data.decode("cp1256")
    arabic = len(ARABIC_SCRIPT_RE.findall(text))
    neutral = len(NEUTRAL_RE.findall(text))
    latin = len(LATIN_LETTER_RE.findall(text))
    if arabic > 0 and arabic >= latin and arabic + neutral >= MIN_CP1256_ARABIC_SHARE * len(text):
        return text
    raise LoadError(name, "cannot decode the text: it is not UTF-8, UTF-16 or Windows-1256 Arabic")


def _sniff_utf16(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" for BOM-less UTF-16 text, else None."""
    sample = data[: UTF16_SNIFF_BYTES - UTF16_SNIFF_BYTES % 2]
    if len(sample) < 2 or len(data) % 2:
        return None
    for encoding, high, low in (
        ("utf-16-le", sample[1::2], sample[0::2]),
        ("utf-16-be", sample[0::2], sample[1::2]),
    ):
        # In Arabic or ASCII UTF-16 the high bytes sit in a few blocks and hold the NULs.
        in_blocks = sum(1 for b in high if b in UTF16_HIGH_BYTES)
        if high.count(0) and in_blocks >= 0.9 * len(high) and low.count(0) <= 0.05 * len(low):
            return encoding
    return None


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")


def _lines(text: str) -> list[str]:
    """Non-empty lines without trailing spaces; split on \\n only, so U+2028 inside a line stays."""
    return [line.rstrip() for line in text.split("\n") if line.strip()]


def _split_source(lines: list[str]) -> tuple[list[str], str | None]:
    if lines:
        match = SOURCE_LINE_RE.match(lines[-1])
        if match:
            return lines[:-1], match.group("source")
    return lines, None


def _fields(record: dict[Any, Any]) -> dict[str, Any]:
    # Headers and keys are matched loosely ("Title", " text "); the first spelling wins.
    fields: dict[str, Any] = {}
    for key, value in record.items():
        if key is not None:
            fields.setdefault(str(key).strip().lower(), value)
    return fields


def _optional_str(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = _clean(str(value)).strip()
    return text or None


def _parse_date_fallback(raw: str) -> Date | None:
    match = ISO_DATE_RE.match(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = DAY_FIRST_DATE_RE.match(raw)
        if match:
            day, month, year = (int(g) for g in match.groups())
        else:
            try:
                # RFC 2822 as in RSS feeds; the date is the one the outlet printed, in its own zone.
                return parsedate_to_datetime(raw).date()
            except (TypeError, ValueError, IndexError):
                return None
    try:
        return Date(year, month, day)
    except ValueError:
        return None


def _parse_date_colleague(raw: str) -> Date | None:
    try:
        from pipeline.dates import parse_publication_date
    except ImportError:
        return None
    try:
        parsed = parse_publication_date(raw)
    except (TypeError, ValueError, OverflowError):
        return None
    if isinstance(parsed, datetime):
        return parsed.date()
    return parsed if isinstance(parsed, Date) else None
