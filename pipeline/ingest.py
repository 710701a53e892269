"""Batch analysis into the corpus database: streaming, restartable, one transaction per article."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from models.base import EntityTagger, StanceClassifier
from pipeline.analyze import analyze
from pipeline.loaders import SUPPORTED_SUFFIXES, LoadError, expand_paths, iter_paths
from pipeline.records import Analysis, Article
from pipeline.store import Store, content_hash

ROOT = Path(__file__).resolve().parent.parent
# What an analysis depends on besides the text: a change to any of these is a new model version, so
# the next ingest re-analyses instead of keeping results the current code would not give.
ANALYSIS_SOURCES = (
    "pipeline/analyze.py",
    "pipeline/dates.py",
    "pipeline/entities.py",
    "pipeline/events.py",
    "pipeline/gazetteer.py",
    "pipeline/records.py",
    "pipeline/stance.py",
    "pipeline/text.py",
    "pipeline/titles.py",
    "pipeline/lexicon",
    "assets/tables",
    "models/base.py",
    "models/rules_tagger.py",
    "models/word_tagger.py",
    "models/hybrid_tagger.py",
    "models/lexicon_stance.py",
    "models/e5_tagger.py",
    "models/hf_tagger.py",
    "models/hf_stance.py",
    "models/ner-e5",
    "models/e5_stance.py",
    "models/stance_inputs.py",
    "models/stance-e5",
)
#: The summary lists this many failure reasons; the rest are counted (each was printed as it happened).
MAX_LISTED_FAILURES = 20

#: Called once per article with its outcome ("analysed", "skipped" or "failed") and, for a failure, why;
#: a file that yields no article at all reports "unreadable" with why.
Progress = Callable[[str, str | None], None]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A short hash of the code and tables that shape an analysis."""
    digest = hashlib.sha256()
    for name in ANALYSIS_SOURCES:
        path = ROOT / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if "__pycache__" in file.parts or not file.is_file():
                continue
            digest.update(file.relative_to(ROOT).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


def model_version(tagger: EntityTagger, stance: StanceClassifier) -> str:
    """The key an analysis is stored under besides the content hash: backends and code fingerprint."""
    return f"{tagger.name}+{stance.name}@{code_fingerprint()}"


@dataclass(frozen=True)
class IngestSummary:
    """What an ingest did."""

    analysed: int = 0  #: articles analysed and stored
    skipped: int = 0  #: articles already stored with this model version (no model work)
    failed: int = 0  #: files, records and articles that could not be loaded, analysed or stored
    failures: tuple[str, ...] = ()  #: the first MAX_LISTED_FAILURES reasons, one line each
    interrupted: bool = False  #: stopped early by Ctrl-C; a rerun resumes

    def lines(self) -> list[str]:
        """The summary as the CLI prints it."""
        out = [
            f"analysed: {self.analysed}",
            f"skipped (unchanged): {self.skipped}",
            f"failed: {self.failed}",
        ]
        out += [f"  {reason}" for reason in self.failures]
        if self.failed > len(self.failures):
            out.append(f"  ... and {self.failed - len(self.failures)} more (each printed as it happened)")
        if self.interrupted:
            out.append("interrupted: run the same command again to resume")
        return out


def count_records(paths: Iterable[str | os.PathLike[str]]) -> int | None:
    """How many articles the inputs hold, counted cheaply (lines of JSONL, one per text file), or None."""
    total = 0
    for path in expand_paths(paths):
        if isinstance(path, LoadError):
            continue
        kind = next((s for s in SUPPORTED_SUFFIXES if str(path).lower().endswith(s)), "")
        if kind in (".txt", ".md"):
            total += 1
        elif kind in (".jsonl", ".jsonl.gz"):
            try:
                with gzip.open(path, "rb") if kind == ".jsonl.gz" else open(path, "rb") as f:  # noqa: SIM115
                    total += sum(1 for line in f if line.strip())
            except (OSError, EOFError):
                continue  # the ingest itself reports the file
        else:
            return None  # JSON and CSV would have to be parsed to be counted
    return total


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    store: Store,
    *,
    tagger: EntityTagger,
    stance: StanceClassifier,
    publication_date: str | None = None,
    model: str | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
) -> IngestSummary:
    """Analyse every article of the inputs into the store, skipping those it already holds.

    Args:
        paths: files, folders and .jsonl(.gz) corpora, streamed one article at a time.
        store: the open database; each article is committed on its own, so a killed run loses
            at most the article in hand and a rerun resumes after the last one stored.
        tagger, stance: the backends.
        publication_date: the date for articles that carry none (it is part of the content hash).
        model: the model version to store under; default model_version(tagger, stance).
        limit: stop after this many articles (loaded ones, whatever became of them).
        progress: called after each article with its outcome.

    Returns:
        The counts and the first failure reasons; Ctrl-C ends the run early with interrupted=True.
    """
    tally = Tally(store, model or model_version(tagger, stance), progress)
    try:
        for item in iter_articles(paths, tally, limit):
            article, key, where = prepare(item, publication_date)
            if skip_stored(store, key, tally.model):
                tally.skipped(article)
                continue
            result = analyse(article, tagger, stance, where)
            if isinstance(result, str):
                tally.failed(result, article, key)
            else:
                tally.stored(article, key, where, result)
    except KeyboardInterrupt:
        tally.interrupted = True
    return tally.summary()


# ----------------------------------------------------------------------------- the pieces both engines share


class Tally:
    """The run's counts, its failures (kept in the store's failures table) and the progress callback.

    It is also the single writer: `stored` saves an analysis, so the Ray engine, whose workers only
    analyse, writes through the very same calls as the single-process loop.
    """

    def __init__(self, store: Store, model: str, progress: Progress | None) -> None:
        self.store, self.model, self.progress = store, model, progress
        self.counts = {"analysed": 0, "skipped": 0, "failed": 0}
        self.reasons: list[str] = []
        self.interrupted = False
        # Origins that failed under this model before: cleared from the table once they go through.
        self.pending = store.failed_origins(model)

    def load_error(self, error: LoadError) -> None:
        origin = error.origin if error.record is None else f"{error.origin}#{error.record}"
        self._fail(str(error), origin, None, "failed" if error.record is not None else "unreadable")

    def failed(self, reason: str, article: Article, key: str) -> None:
        self._fail(reason, origin_of(article), key, "failed")

    def skipped(self, article: Article) -> None:
        self._done("skipped", article)

    def stored(self, article: Article, key: str, where: str, analysis: Analysis) -> None:
        """Store the analysis (one transaction) and count it, or count why it could not be stored."""
        try:
            self.store.save(article, analysis, self.model, key=key)
        except Exception as exc:  # a write that fails is rolled back whole; the next article goes on
            self.failed(f"{where}: not stored ({type(exc).__name__}: {exc})", article, key)
            return
        self._done("analysed", article)

    def summary(self) -> IngestSummary:
        c = self.counts
        return IngestSummary(c["analysed"], c["skipped"], c["failed"], tuple(self.reasons), self.interrupted)

    def _done(self, outcome: str, article: Article) -> None:
        self.counts[outcome] += 1
        origin = origin_of(article)
        if origin in self.pending:
            self.store.clear_failure(origin, self.model)
            self.pending.discard(origin)
        if self.progress:
            self.progress(outcome, None)

    def _fail(self, reason: str, origin: str, key: str | None, outcome: str) -> None:
        self.counts["failed"] += 1
        if len(self.reasons) < MAX_LISTED_FAILURES:
            self.reasons.append(reason)
        # When the database itself is failing the failure cannot be kept, but the summary still counts it.
        with contextlib.suppress(sqlite3.Error):
            self.store.record_failure(origin, self.model, reason, key=key)
        if self.progress:
            self.progress(outcome, reason)


def iter_articles(
    paths: Iterable[str | os.PathLike[str]], tally: Tally, limit: int | None = None
) -> Iterator[Article]:
    """The inputs' articles, streamed; what cannot be loaded goes to the tally. Stops after `limit`."""
    seen = 0
    for item in iter_paths(paths):
        if isinstance(item, LoadError):
            tally.load_error(item)
            continue
        if limit is not None and seen >= limit:
            break
        seen += 1
        yield item


def origin_of(article: Article) -> str:
    """Where an article came from (file and record number), as the failures table names it."""
    return article.origin or article.id


def prepare(article: Article, publication_date: str | None) -> tuple[Article, str, str]:
    """The article with the default date filled in, its content hash, and how messages name it."""
    if article.date is None and publication_date:
        article = replace(article, date=publication_date)
    name = os.path.basename((article.origin or article.id).split("#")[0])
    return article, content_hash(article), f"{name}: {article.id}"


def skip_stored(store: Store, key: str, model: str) -> bool:
    """Whether the store holds this article's analysis by this model (made current again if need be)."""
    if not store.has_analysis(key, model):
        return False
    if store.current_model(key) != model:
        store.use_model(key, model)  # back to an analysis made before: no model work either
    return True


def analyse(article: Article, tagger: EntityTagger, stance: StanceClassifier, where: str) -> Analysis | str:
    """The article's analysis, or why it failed: one bad article must not stop the batch."""
    try:
        return analyze(article, tagger=tagger, stance=stance)
    except Exception as exc:
        return f"{where}: analysis failed ({type(exc).__name__}: {exc})"
