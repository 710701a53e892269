"""The team's labelled stance set: references into the shared news corpus, rebuilt into triples at run time."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.base import StanceQuery
from models.ner_data import shared_root
from pipeline.text import clean_text, clean_text_positions, split_sentences

#: The labelled file: one reference per line, never the corpus text itself (data stays in shared/).
LABELS_PATH = Path(__file__).resolve().parent / "stance_data" / "labels.jsonl"
CORPUS_SUBDIR = Path("data") / "news_corpus"
#: What a classifier learns; "skip" marks a drawn candidate that is not a real (speaker, actor) pair.
POLARITY_LABELS = ("support", "oppose", "neutral")
LABELS = (*POLARITY_LABELS, "skip")
SPLITS = ("train", "test")
#: One article in TEST_MODULUS goes to test: 20%, chosen by a hash of the article, not of the triple.
TEST_MODULUS = 5
#: Hex digits of the sentence's sha1 kept in each reference: enough to notice a changed corpus.
SHA1_DIGITS = 12
#: The id at the start of a corpus line, as the corpus files write it ('{"id": "...", ...').
LEADING_ID_RE = re.compile(r'\{"id": "((?:[^"\\]|\\.)*)"')
REQUIRED_FIELDS = (
    "id",
    "corpus",
    "article",
    "start",
    "end",
    "sha1",
    "speaker",
    "target",
    "target_start",
    "target_end",
    "label",
    "split",
)


class StanceSetDrift(ValueError):
    """A reference no longer points at the sentence it was labelled on (missing article or new text)."""


@dataclass(frozen=True)
class LabelledTriple:
    """One labelled (speaker, target, sentence) triple, its sentence rebuilt from the corpus."""

    id: str  #: unique id of the triple in labels.jsonl
    corpus: str  #: file name under shared/data/news_corpus, e.g. "saudinewsnet.jsonl.gz"
    article: str  #: the article's id in that file
    start: int  #: offset of the sentence in the article's raw ``text`` field, inclusive
    end: int  #: end offset in the raw ``text`` field, exclusive
    sha1: str  #: first SHA1_DIGITS hex digits of the sha1 of the sentence
    speaker: str  #: the speaker as written in the sentence
    target: str  #: the target as written in the sentence: sentence[target_start:target_end]
    target_start: int  #: offset of the target mention in the sentence
    target_end: int  #: end offset of the target mention in the sentence
    label: str  #: one of LABELS
    split: str  #: "train" or "test", fixed by the article (split_of)
    sentence: str = ""  #: the sentence as the pipeline sees it; "" until loaded from the corpus
    note: str = ""  #: the labeller's short reason (always given for "skip")

    def to_query(self) -> StanceQuery:
        """The triple as the stance classifier receives it at inference."""
        return StanceQuery(self.speaker, self.target, self.sentence, self.target_start, self.target_end)


def split_of(corpus: str, article: str) -> str:
    """Train or test for every triple of one article: a stable hash, so no article feeds both sides."""
    digest = hashlib.sha1(f"{corpus}/{article}".encode()).hexdigest()
    return "test" if int(digest[:8], 16) % TEST_MODULUS == 0 else "train"


def sentence_sha1(sentence: str) -> str:
    """The short content hash stored with each reference."""
    return hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:SHA1_DIGITS]


def read_sentence(raw_text: str, start: int, end: int) -> str:
    """The sentence a reference points at, cleaned as pipeline.analyze cleans the article."""
    return clean_text(raw_text[start:end])


def body_sentence_spans(raw_text: str) -> list[tuple[int, int]]:
    """Raw-text offsets of the body sentences, in the order pipeline.analyze.split_article makes them.

    split_article cleans the text first (dropping zero-width marks, carriage returns and hashtag
    signs), so its sentence offsets are into the cleaned text; the corpus keeps the raw one.
    Cleaning only deletes characters, so each cleaned position maps back to one raw position, and
    ``read_sentence(raw_text, start, end)`` is the pipeline's sentence text exactly.
    """
    raw_at = clean_text_positions(raw_text)
    cleaned = "".join(raw_text[i] for i in raw_at)
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in cleaned.split("\n"):
        paragraph = line.strip()
        if paragraph:
            base = offset + len(line) - len(line.lstrip())
            for s, e in split_sentences(paragraph):
                spans.append((raw_at[base + s], raw_at[base + e - 1] + 1))
        offset += len(line) + 1
    return spans


def read_references(path: str | Path = LABELS_PATH) -> list[dict[str, Any]]:
    """The labels file as dicts, checked for the fields every line needs."""
    rows: list[dict[str, Any]] = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            missing = [f for f in REQUIRED_FIELDS if f not in row]
            if missing:
                raise ValueError(f"{path}:{number}: missing {', '.join(missing)}")
            rows.append(row)
    return rows


def iter_corpus(path: str | Path, wanted: set[str] | None = None) -> Iterator[dict[str, Any]]:
    """Stream one corpus file, yielding only the articles whose id is in wanted (all when None)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            # Every line starts with its id: reading it off saves parsing the 72k articles not wanted.
            head = LEADING_ID_RE.match(line)
            if wanted is not None and head and json.loads(f'"{head.group(1)}"') not in wanted:
                continue
            record = json.loads(line)
            if wanted is None or str(record["id"]) in wanted:
                yield record


def load_stance_set(
    shared_dir: str | Path | None = None,
    *,
    labels_path: str | Path = LABELS_PATH,
    on_drift: str = "raise",
    include_skip: bool = False,
) -> list[LabelledTriple]:
    """Rebuild every labelled triple's sentence from the shared corpus, checking its hash.

    Each corpus file is scanned once and only the referenced articles are kept, so ~1,000
    sentences cost one pass over the 72k articles, not loading them.

    Args:
        shared_dir: the shared folder (default: $MAJLIS_SHARED or ../shared beside the repository).
        labels_path: the labels file (default: models/stance_data/labels.jsonl).
        on_drift: "raise" (StanceSetDrift) or "skip" (drop the triple) when an article is missing,
            a sentence's hash differs, or the target offsets no longer slice the target.
        include_skip: keep the triples labelled "skip" (the drawing script's misses).

    Returns:
        The triples in file order, each with its sentence filled in.
    """
    if on_drift not in ("raise", "skip"):
        raise ValueError(f"on_drift must be 'raise' or 'skip', not {on_drift!r}")
    rows = [r for r in read_references(labels_path) if include_skip or r["label"] != "skip"]
    corpus_dir = Path(shared_dir or shared_root()) / CORPUS_SUBDIR
    texts: dict[tuple[str, str], str] = {}
    for corpus in sorted({r["corpus"] for r in rows}):
        wanted = {str(r["article"]) for r in rows if r["corpus"] == corpus}
        path = corpus_dir / corpus
        if not path.is_file():
            raise FileNotFoundError(f"news corpus file not found: {path}")
        for record in iter_corpus(path, wanted):
            texts[(corpus, str(record["id"]))] = record.get("text") or ""
    out: list[LabelledTriple] = []
    for row in rows:
        try:
            out.append(_rebuild(row, texts))
        except StanceSetDrift:
            if on_drift == "raise":
                raise
    return out


def _rebuild(row: dict[str, Any], texts: dict[tuple[str, str], str]) -> LabelledTriple:
    key = (row["corpus"], str(row["article"]))
    if key not in texts:
        raise StanceSetDrift(f"{row['id']}: article {key[1]} is not in {key[0]}")
    sentence = read_sentence(texts[key], int(row["start"]), int(row["end"]))
    if sentence_sha1(sentence) != row["sha1"]:
        raise StanceSetDrift(f"{row['id']}: the sentence at {row['start']}:{row['end']} has changed")
    if sentence[row["target_start"] : row["target_end"]] != row["target"]:
        raise StanceSetDrift(f"{row['id']}: target offsets do not slice {row['target']!r}")
    return LabelledTriple(
        id=row["id"],
        corpus=row["corpus"],
        article=str(row["article"]),
        start=int(row["start"]),
        end=int(row["end"]),
        sha1=row["sha1"],
        speaker=row["speaker"],
        target=row["target"],
        target_start=int(row["target_start"]),
        target_end=int(row["target_end"]),
        label=row["label"],
        split=row["split"],
        sentence=sentence,
        note=row.get("note") or "",
    )


def train_test_split(
    triples: Iterable[LabelledTriple], *, drop_shared_sentences: bool = True
) -> tuple[list[LabelledTriple], list[LabelledTriple]]:
    """The train and test triples; "skip" triples are in neither, since they have no polarity.

    Args:
        triples: loaded triples (sentences filled in; the hash is what is compared).
        drop_shared_sentences: leave out of test any triple whose sentence also occurs, word for
            word, in a train article. The corpus repeats wire copy across papers, so a split by
            article alone lets a few test sentences be seen in training.
    """
    kept = [t for t in triples if t.label in POLARITY_LABELS]
    train = [t for t in kept if t.split == "train"]
    test = [t for t in kept if t.split == "test"]
    if drop_shared_sentences:
        seen = {t.sha1 for t in train}
        test = [t for t in test if t.sha1 not in seen]
    return train, test


def label_counts(rows: Sequence[dict[str, Any]] | Sequence[LabelledTriple]) -> dict[str, dict[str, int]]:
    """Counts per split and label, for the guide and for checking balance."""
    counts: dict[str, dict[str, int]] = {s: dict.fromkeys(LABELS, 0) for s in SPLITS}
    for r in rows:
        split, label = (r["split"], r["label"]) if isinstance(r, dict) else (r.split, r.label)
        counts[split][label] += 1
    return counts
