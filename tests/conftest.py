"""Shared pytest fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

# --- tiny random BERT checkpoints (models/hf_*.py tests) ---------------------------------------------
# Built locally in well under a second, never downloaded: a WordPiece vocabulary of a few dozen Arabic
# words and pieces, hidden size 32, two layers. Weights are random (seeded), so tests assert shapes and
# invariants, not which entities come out.

TINY_VOCAB = (
    ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", "،", "«", "»", ":"]
    + ["وزير", "الدفاع", "التركي", "خلوصي", "أكار", "في", "أنقرة", "قال", "إن", "مع", "رئيس"]
    + ["المجلس", "الرئاسي", "الليبي", "فايز", "السراج", "طرابلس", "خليفة", "حفتر", "اجتماع", "خلال"]
    + ["تركيا", "ليبيا", "الدعم", "يجب", "وقال", "باشاغا", "ال", "و", "ب"]
    + ["##ة", "##ي", "##ا", "##ت", "##ون", "##ين", "##ه", "##ها"]
)
TINY_NER_LABELS = {0: "O", 1: "B-PER", 2: "I-PER", 3: "B-LOC", 4: "I-LOC", 5: "B-ORG", 6: "I-ORG"}
TINY_STANCE_LABELS = {0: "support", 1: "oppose", 2: "neutral"}


def _build_tiny_bert(folder: Path, head: str, id2label: dict[int, str]) -> Path:
    import torch
    from transformers import (
        BertConfig,
        BertForSequenceClassification,
        BertForTokenClassification,
        BertTokenizerFast,
    )

    folder.mkdir(parents=True, exist_ok=True)
    vocab_file = folder / "vocab.txt"
    vocab_file.write_text("\n".join(TINY_VOCAB) + "\n", encoding="utf-8")
    # do_lower_case=False: lower-casing also strips accents, which would drop Arabic diacritics.
    tokenizer = BertTokenizerFast(vocab=str(vocab_file), do_lower_case=False)
    config = BertConfig(
        vocab_size=len(TINY_VOCAB),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=512,
        id2label=id2label,
        label2id={label: index for index, label in id2label.items()},
    )
    torch.manual_seed(0)
    model_class = BertForTokenClassification if head == "token" else BertForSequenceClassification
    model_class(config).save_pretrained(folder)  # safetensors is the only format transformers 5 writes
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def tiny_bert_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random BERT token classifier (B-/I- PER, LOC, ORG) saved as a local checkpoint folder."""
    pytest.importorskip("transformers")
    return _build_tiny_bert(tmp_path_factory.mktemp("tiny-bert-ner"), "token", TINY_NER_LABELS)


@pytest.fixture(scope="session")
def tiny_bert_stance_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random BERT sequence classifier with labels support/oppose/neutral."""
    pytest.importorskip("transformers")
    return _build_tiny_bert(tmp_path_factory.mktemp("tiny-bert-stance"), "sequence", TINY_STANCE_LABELS)


# --- end of tiny random BERT checkpoints --------------------------------------------------------------


# --- the bundled samples as a corpus database (corpus views, dashboard corpus pages) ------------------


@pytest.fixture(scope="session")
def sample_db_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The nine samples in a corpus database built once per session; copy it before writing to it."""
    from sample_db import build_sample_db

    return build_sample_db(tmp_path_factory.mktemp("corpus") / "samples.db")


@pytest.fixture
def sample_db(sample_db_master: Path, tmp_path: Path) -> Path:
    """A fresh copy of the sample corpus database for one test."""
    from sample_db import copy_db

    return copy_db(sample_db_master, tmp_path / "samples.db")
