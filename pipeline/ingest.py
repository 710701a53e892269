"""Batch analysis into the corpus database: streaming, restartable, one transaction per article."""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from models.base import EntityTagger, StanceClassifier
from pipeline.analyze import analyze
from pipeline.loaders import SUPPORTED_SUFFIXES, LoadError, expand_paths, iter_paths
from pipeline.records import Article
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
    model = model or model_version(tagger, stance)
    analysed = skipped = failed = seen = 0
    failures: list[str] = []
    interrupted = False

    def fail(reason: str, outcome: str = "failed") -> None:
        nonlocal failed
        failed += 1
        if len(failures) < MAX_LISTED_FAILURES:
            failures.append(reason)
        if progress:
            progress(outcome, reason)

    try:
        for item in iter_paths(paths):
            if isinstance(item, LoadError):
                fail(str(item), "failed" if item.record is not None else "unreadable")
                continue
            if limit is not None and seen >= limit:
                break
            seen += 1
            outcome = _ingest_one(item, store, tagger, stance, model, publication_date)
            if outcome is None:
                skipped += 1
                if progress:
                    progress("skipped", None)
            elif outcome:
                fail(outcome)
            else:
                analysed += 1
                if progress:
                    progress("analysed", None)
    except KeyboardInterrupt:
        interrupted = True
    return IngestSummary(analysed, skipped, failed, tuple(failures), interrupted)


def _ingest_one(
    article: Article,
    store: Store,
    tagger: EntityTagger,
    stance: StanceClassifier,
    model: str,
    publication_date: str | None,
) -> str | None:
    """None when skipped, "" when analysed and stored, else why it failed."""
    if article.date is None and publication_date:
        article = replace(article, date=publication_date)
    key = content_hash(article)
    name = os.path.basename((article.origin or article.id).split("#")[0])
    where = f"{name}: {article.id}"
    if store.has_analysis(key, model):
        if store.current_model(key) != model:
            store.use_model(key, model)  # back to an analysis made before: no model work either
        return None
    try:
        analysis = analyze(article, tagger=tagger, stance=stance)
    except Exception as exc:  # one bad article must not stop the batch
        return f"{where}: analysis failed ({type(exc).__name__}: {exc})"
    try:
        store.save(article, analysis, model, key=key)
    except Exception as exc:  # a write that fails is rolled back whole; the next article goes on
        return f"{where}: not stored ({type(exc).__name__}: {exc})"
    return ""
