"""Stance classification with any `transformers` sequence-classification checkpoint over a text pair."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from models.base import ModelUnavailable, StancePrediction, StanceQuery
from models.catalogue import STANCE_LABELS
from models.hf_tagger import display_name, load_checkpoint, model_max_pieces
from models.registry import register_stance

#: A checkpoint's label names (lower-cased) -> our polarity; any other name counts as neutral.
#: FAVOR/AGAINST/NONE is SemEval-2016's and Mawqif's scheme.
STANCE_LABEL_MAP = {
    "support": "support",
    "supports": "support",
    "favor": "support",
    "favour": "support",
    "pro": "support",
    "oppose": "oppose",
    "opposes": "oppose",
    "against": "oppose",
    "con": "oppose",
}
#: Marks the target mention inside the sentence, so the model knows which name the query is about.
TARGET_OPEN, TARGET_CLOSE = "«", "»"


def normalize_stance_label(label: str) -> str:
    """Map a checkpoint label ("FAVOR", "against", "NONE") to support, oppose or neutral."""
    return STANCE_LABEL_MAP.get(label.strip().lower(), "neutral")


def mark_target(sentence: str, start: int, end: int) -> str:
    """The sentence with « » around [start, end) when that is a valid, non-empty range; else unchanged."""
    if 0 <= start < end <= len(sentence):
        return f"{sentence[:start]}{TARGET_OPEN}{sentence[start:end]}{TARGET_CLOSE}{sentence[end:]}"
    return sentence


def stance_pair(query: StanceQuery, sep_token: str) -> tuple[str, str]:
    """The (first, second) texts the classifier reads: "speaker SEP target" and the marked sentence."""
    first = f"{query.speaker} {sep_token} {query.target}"
    return first, mark_target(query.sentence, query.target_start, query.target_end)


def polarity_indices(id2label: Mapping[int, str]) -> dict[str, list[int]]:
    """Class indices grouped by the polarity their label maps to (every polarity present as a key)."""
    groups: dict[str, list[int]] = {polarity: [] for polarity in STANCE_LABELS}
    for index, label in sorted((int(i), str(lab)) for i, lab in id2label.items()):
        groups[normalize_stance_label(label)].append(index)
    return groups


@register_stance("hf-sequence-classification")
class HFStanceClassifier:
    """Classifies (speaker, target, sentence) queries with a sequence-classification checkpoint.

    Args:
        model: a local checkpoint folder (or a hub id when MAJLIS_ALLOW_HUB=1).
        name: shown in the UI; defaults to the folder name.
        allow_pickle: accept a folder with only pytorch_model.bin (pickle can run code).
        batch_size: queries per forward pass.
        max_length: pieces per pair, capped by the model's own limit.
        device: "cpu" or "cuda".
    """

    def __init__(
        self,
        model: str | Path,
        *,
        name: str | None = None,
        allow_pickle: bool = False,
        batch_size: int = 16,
        max_length: int = 256,
        device: str = "cpu",
    ) -> None:
        ref, self.tokenizer, self.model = load_checkpoint(
            model, "AutoModelForSequenceClassification", allow_pickle=allow_pickle
        )
        self.model.to(device).eval()
        self.groups = polarity_indices(self.model.config.id2label)
        if not self.groups["support"] and not self.groups["oppose"]:
            labels = sorted(self.model.config.id2label.values())
            raise ModelUnavailable(f"{ref}: labels {labels} name neither a support nor an oppose class")
        self.device = device
        self.batch_size = batch_size
        self.max_length = min(max_length, model_max_pieces(self.tokenizer, self.model.config))
        self.sep_token = self.tokenizer.sep_token or "[SEP]"
        self.name = name or display_name(ref)

    def classify(self, queries: Sequence[StanceQuery]) -> list[StancePrediction]:
        """Return one prediction per query, in order; confidence is the polarity's softmax mass."""
        import torch

        predictions: list[StancePrediction] = []
        for offset in range(0, len(queries), self.batch_size):
            pairs = [stance_pair(q, self.sep_token) for q in queries[offset : offset + self.batch_size]]
            encoded = self.tokenizer(
                [first for first, _ in pairs],
                [second for _, second in pairs],
                truncation=True,
                max_length=self.max_length,
                padding=True,
                return_tensors="pt",
            ).to(self.device)
            with torch.inference_mode():
                probs = torch.softmax(self.model(**encoded).logits.float(), dim=-1).cpu()
            for row in probs:
                mass = {
                    polarity: float(row[idx].sum()) if idx else 0.0 for polarity, idx in self.groups.items()
                }
                # Ties go to the first of STANCE_LABELS, so the answer never depends on dict order.
                polarity = max(STANCE_LABELS, key=lambda p: mass[p])
                predictions.append(StancePrediction(polarity, min(1.0, max(0.0, mass[polarity]))))
        return predictions
