"""The corpus database (SQLite): articles, analyses keyed by content hash and model version, rows, corrections."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from pipeline.corrections import Correction, apply_corrections, validate
from pipeline.entities import name_key
from pipeline.gazetteer import load_gazetteer
from pipeline.records import Analysis, Article
from pipeline.rows import entity_rows, event_rows, stance_rows

#: Environment variable naming the database file the CLI and the dashboard open by default.
DB_ENV = "MAJLIS_DB"
DB_FILE = Path("majlis") / "majlis.db"
SCHEMA_VERSION = "1"

# Row tables hold the corrected current analysis of each article, so a filter never parses JSON.
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    hash TEXT PRIMARY KEY, id TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL,
    date TEXT, source TEXT, url TEXT, origin TEXT,
    model TEXT NOT NULL, added TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS articles_date ON articles(date);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE TABLE IF NOT EXISTS analyses (
    hash TEXT NOT NULL REFERENCES articles(hash) ON DELETE CASCADE, model TEXT NOT NULL,
    json TEXT NOT NULL, added TEXT NOT NULL, PRIMARY KEY (hash, model));
CREATE TABLE IF NOT EXISTS entities (
    hash TEXT NOT NULL REFERENCES articles(hash) ON DELETE CASCADE, entity TEXT NOT NULL,
    type TEXT NOT NULL, name TEXT NOT NULL, name_en TEXT, role TEXT, affiliation TEXT, country TEXT,
    mentions INTEGER NOT NULL, aliases TEXT NOT NULL,
    name_key TEXT NOT NULL, name_en_key TEXT, country_key TEXT, country_en_key TEXT,
    PRIMARY KEY (hash, entity));
CREATE INDEX IF NOT EXISTS entities_name_key ON entities(name_key);
CREATE TABLE IF NOT EXISTS entity_names (
    hash TEXT NOT NULL REFERENCES articles(hash) ON DELETE CASCADE, entity TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (hash, entity, key));
CREATE INDEX IF NOT EXISTS entity_names_key ON entity_names(key);
CREATE INDEX IF NOT EXISTS entities_name_en_key ON entities(name_en_key);
CREATE INDEX IF NOT EXISTS entities_country_key ON entities(country_key);
CREATE INDEX IF NOT EXISTS entities_country_en_key ON entities(country_en_key);
CREATE TABLE IF NOT EXISTS events (
    hash TEXT NOT NULL REFERENCES articles(hash) ON DELETE CASCADE, event TEXT NOT NULL,
    kind TEXT NOT NULL, event_date TEXT, date_text TEXT, location TEXT, participants TEXT NOT NULL,
    participant_ids TEXT NOT NULL, sentence INTEGER NOT NULL, trigger TEXT, evidence TEXT NOT NULL,
    PRIMARY KEY (hash, event));
CREATE INDEX IF NOT EXISTS events_kind ON events(kind);
CREATE TABLE IF NOT EXISTS stances (
    hash TEXT NOT NULL REFERENCES articles(hash) ON DELETE CASCADE, n INTEGER NOT NULL,
    speaker_id TEXT NOT NULL, speaker TEXT NOT NULL, target_id TEXT NOT NULL, target TEXT NOT NULL,
    polarity TEXT NOT NULL, confidence REAL NOT NULL, sentence INTEGER NOT NULL, evidence TEXT NOT NULL,
    PRIMARY KEY (hash, n));
CREATE TABLE IF NOT EXISTS corrections (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, hash TEXT NOT NULL, item TEXT NOT NULL, field TEXT NOT NULL,
    value TEXT NOT NULL, label TEXT NOT NULL, added TEXT NOT NULL, UNIQUE (hash, item, field));
CREATE TABLE IF NOT EXISTS failures (
    origin TEXT NOT NULL, model TEXT NOT NULL, hash TEXT, reason TEXT NOT NULL, added TEXT NOT NULL,
    PRIMARY KEY (origin, model));
"""


def default_db_path() -> Path:
    """$MAJLIS_DB, else majlis/majlis.db in $XDG_DATA_HOME, else in ~/.local/share."""
    chosen = os.environ.get(DB_ENV, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    data = os.environ.get("XDG_DATA_HOME", "").strip()
    return (Path(data).expanduser() if data else Path.home() / ".local" / "share") / DB_FILE


def content_hash(article: Article) -> str:
    """What an analysis depends on, hashed: title, text, publication date and outlet (ids and paths are not)."""
    payload = json.dumps([article.title, article.text, article.date, article.source], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _english_key(country: str | None) -> str | None:
    entry = load_gazetteer().lookup(country) if country else None
    return entry.name_en.casefold() if entry is not None and entry.name_en else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """One open corpus database. Every write is one transaction: it lands whole or not at all."""

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: transactions are opened explicitly by _transaction, never implicitly.
        self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA foreign_keys = ON")
        # WAL lets the dashboard read while an ingest writes; NORMAL still survives a killed process.
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.executescript(SCHEMA)
        with self._transaction():
            self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:  # Ctrl-C mid-write must roll back too
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # ------------------------------------------------------------------------- analyses

    def has_analysis(self, key: str, model: str) -> bool:
        """Whether the article with this content hash was analysed by this model version."""
        row = self.conn.execute(
            "SELECT 1 FROM analyses WHERE hash = ? AND model = ?", (key, model)
        ).fetchone()
        return row is not None

    def current_model(self, key: str) -> str | None:
        """The model version whose analysis the article's rows show, or None for an unknown article."""
        row = self.conn.execute("SELECT model FROM articles WHERE hash = ?", (key,)).fetchone()
        return row[0] if row else None

    def save(self, article: Article, analysis: Analysis, model: str, *, key: str | None = None) -> str:
        """Store the article and its analysis and make it the current one; returns the content hash."""
        key = key or content_hash(article)
        shown = apply_corrections(analysis, self.corrections(key))
        now = _now()
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(hash) DO UPDATE SET "
                "id = excluded.id, date = excluded.date, url = excluded.url, origin = excluded.origin, "
                "model = excluded.model",
                (
                    key,
                    article.id,
                    article.title,
                    article.text,
                    analysis.article.date or article.date,
                    article.source,
                    article.url,
                    article.origin,
                    model,
                    now,
                ),
            )
            conn.execute(
                "INSERT OR REPLACE INTO analyses VALUES (?, ?, ?, ?)",
                (key, model, json.dumps(analysis.to_dict(), ensure_ascii=False), now),
            )
            self._index(key, shown)
        return key

    def use_model(self, key: str, model: str) -> bool:
        """Make a stored analysis the current one again, without model work; False if there is none."""
        raw = self.analysis(key, model, corrected=False)
        if raw is None:
            return False
        shown = apply_corrections(raw, self.corrections(key))
        with self._transaction() as conn:
            conn.execute("UPDATE articles SET model = ? WHERE hash = ?", (model, key))
            self._index(key, shown)
        return True

    def article(self, key: str) -> Article | None:
        row = self.conn.execute(
            "SELECT id, title, text, date, source, url, origin FROM articles WHERE hash = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        return Article(*row)

    def analysis(self, key: str, model: str | None = None, *, corrected: bool = True) -> Analysis | None:
        """The stored analysis (the current model's unless one is named), with the corrections applied."""
        article = self.article(key)
        model = model or self.current_model(key)
        row = self.conn.execute(
            "SELECT json FROM analyses WHERE hash = ? AND model = ?", (key, model)
        ).fetchone()
        if article is None or row is None:
            return None
        stored = Analysis.from_dict(json.loads(row[0]))
        # The stored article keeps the exact text and origin that the JSON contract leaves out.
        analysis = replace(stored, article=replace(article, date=stored.article.date))
        return apply_corrections(analysis, self.corrections(key)) if corrected else analysis

    def article_keys(self) -> list[str]:
        """Content hashes of every stored article, oldest first."""
        return [r[0] for r in self.conn.execute("SELECT hash FROM articles ORDER BY rowid")]

    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def _index(self, key: str, shown: Analysis) -> None:
        """Replace the article's rows with those of `shown`; runs inside the caller's transaction."""
        for table in ("entities", "entity_names", "events", "stances"):
            self.conn.execute(f"DELETE FROM {table} WHERE hash = ?", (key,))
        self.conn.executemany(
            "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    key,
                    r.entity,
                    r.type,
                    r.name,
                    r.name_en,
                    r.role,
                    r.affiliation,
                    r.country,
                    r.mentions,
                    json.dumps(list(r.aliases), ensure_ascii=False),
                    name_key(r.name),
                    r.name_en.casefold() if r.name_en else None,
                    name_key(r.country) if r.country else None,
                    _english_key(r.country),
                )
                for r in entity_rows(shown)
            ],
        )
        # Every spelling an entity was seen under, so a filter on "أكار" finds "خلوصي أكار".
        self.conn.executemany(
            "INSERT OR IGNORE INTO entity_names VALUES (?, ?, ?)",
            [(key, e.id, name_key(n)) for e in shown.entities for n in {e.name, *e.aliases} if name_key(n)],
        )
        self.conn.executemany(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    key,
                    r.event,
                    r.kind,
                    r.event_date,
                    r.date_text,
                    r.location,
                    json.dumps(list(r.participants), ensure_ascii=False),
                    json.dumps(list(r.participant_ids)),
                    r.sentence,
                    r.trigger,
                    r.evidence,
                )
                for r in event_rows(shown)
            ],
        )
        self.conn.executemany(
            "INSERT INTO stances VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (key, n, r.speaker_id, r.speaker, r.target_id, r.target, r.polarity, r.confidence)
                + (r.sentence, r.evidence)
                for n, r in enumerate(stance_rows(shown))
            ],
        )

    # ------------------------------------------------------------------------- failures

    def record_failure(self, origin: str, model: str, reason: str, *, key: str | None = None) -> None:
        """Keep why a file, record or article failed under a model version (the latest reason wins)."""
        with self._transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?, ?)", (origin, model, key, reason, _now())
            )

    def clear_failure(self, origin: str, model: str) -> None:
        """Forget a failure once its article went through."""
        with self._transaction() as conn:
            conn.execute("DELETE FROM failures WHERE origin = ? AND model = ?", (origin, model))

    def failed_origins(self, model: str) -> set[str]:
        """Origins that failed under this model version and have not gone through since."""
        return {r[0] for r in self.conn.execute("SELECT origin FROM failures WHERE model = ?", (model,))}

    def failures(self, model: str | None = None) -> list[tuple[str, str, str | None, str]]:
        """(origin, model, content hash or None, reason) of each kept failure, in the order last recorded."""
        where, params = ("WHERE model = ?", (model,)) if model else ("", ())
        rows = self.conn.execute(
            f"SELECT origin, model, hash, reason FROM failures {where} ORDER BY rowid", params
        )
        return [(origin, model_, key, reason) for origin, model_, key, reason in rows]

    # ------------------------------------------------------------------------- corrections

    def corrections(self, key: str) -> list[Correction]:
        """The article's corrections, in the order they were first made."""
        rows = self.conn.execute(
            "SELECT item, field, value, label FROM corrections WHERE hash = ? ORDER BY seq", (key,)
        )
        return [Correction(item, field, json.loads(value), label) for item, field, value, label in rows]

    def add_correction(self, key: str, correction: Correction) -> None:
        """Record a correction (replacing an earlier one of the same field) and re-index the article."""
        validate(correction)
        self._change_corrections(
            key,
            "INSERT INTO corrections (hash, item, field, value, label, added) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(hash, item, field) DO UPDATE SET value = excluded.value, "
            "label = excluded.label, added = excluded.added",
            (
                key,
                correction.item,
                correction.field,
                json.dumps(correction.value, ensure_ascii=False),
                correction.label,
                _now(),
            ),
        )

    def remove_correction(self, key: str, item: str, field: str) -> None:
        """Forget a correction and re-index the article as the model (and the other corrections) left it."""
        self._change_corrections(
            key, "DELETE FROM corrections WHERE hash = ? AND item = ? AND field = ?", (key, item, field)
        )

    def _change_corrections(self, key: str, sql: str, params: tuple[object, ...]) -> None:
        with self._transaction() as conn:
            conn.execute(sql, params)
            model = self.current_model(key)
            raw = self.analysis(key, model, corrected=False) if model else None
            if raw is not None:
                self._index(key, apply_corrections(raw, self.corrections(key)))

    def corrected_keys(self) -> list[str]:
        """Content hashes of the articles that have corrections, in the order first corrected."""
        rows = self.conn.execute("SELECT hash FROM corrections GROUP BY hash ORDER BY MIN(seq)")
        return [r[0] for r in rows]
