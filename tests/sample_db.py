"""A small corpus database of the bundled samples, each dated as index.json says, tagged by the rules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from models.registry import get_stance, get_tagger
from pipeline.ingest import ingest
from pipeline.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "assets" / "samples"
INDEX = json.loads((SAMPLES / "index.json").read_text(encoding="utf-8"))


def build_sample_db(path: Path) -> Path:
    """Ingest the nine samples into a new database at `path` (about 2 s) and return the path."""
    tagger, stance = get_tagger("rules"), get_stance("lexicon")
    with Store(path) as store:
        for entry in INDEX:
            summary = ingest(
                [SAMPLES / entry["file"]], store, tagger=tagger, stance=stance, publication_date=entry["date"]
            )
            assert summary.analysed == 1, summary
    return path


def copy_db(source: Path, target: Path) -> Path:
    """A copy a test may write to; the source was closed, so its write-ahead log is already merged."""
    shutil.copyfile(source, target)
    return target
