"""The trained stance classifier: the e5 base built at setup, plus the adapters shipped in models/stance-e5."""

from __future__ import annotations

import hashlib
import json
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from models.base import ModelUnavailable, StancePrediction, StanceQuery
from models.catalogue import STANCE_LABELS, STANCE_META
from models.registry import register_stance
from models.stance_inputs import DEFAULT_MAX_LENGTH, EncodedQuery, encode_query
from models.train_stance import NO_PAIR, as_polarity

SHIPPED = Path(__file__).resolve().parent / "stance-e5"
#: The base name train_stance records when it trained on the e5 base built at setup.
SETUP_BASE = "e5-small-base"
ADAPTER_FILES = ("adapter_model.safetensors", "adapter_config.json", STANCE_META)


@dataclass(frozen=True)
class LoadedStance:
    """A model ready to classify, shared by every classifier built on the same folder in a process."""

    tokenizer: Any  #: the base's tokenizer (a fast one: offsets are needed to cut windows)
    model: Any  #: a transformers sequence classifier, adapters merged, in eval mode
    labels: tuple[str, ...]  #: polarity of each output class
    max_length: int  #: pieces per example, as in training
    reads_markers: bool  #: whether the model takes the marker positions (ours) or only ids (any checkpoint)
    #: whether it was trained reading the lexicon backend's answer (--lexicon-hint)
    lexicon_hint: bool = False


def folder_key(folder: Path) -> str:
    """A short hash of a folder's shipped files: new weights in the same folder are a new cache entry."""
    digest = hashlib.sha256()
    for name in (*ADAPTER_FILES, "config.json", "model.safetensors"):
        path = folder / name
        if path.is_file():
            digest.update(name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def to_stderr(message: str) -> None:
    """First-use build messages go to stderr: stdout may be the CLI's JSON."""
    print(message, file=sys.stderr, flush=True)


def resolve_base(recorded: str, base: str | Path | None, cache_dir: str | Path | None) -> Path:
    """The base the adapters were trained on: ``base`` when given, the setup base, or the recorded folder."""
    if base is not None:
        return Path(base)
    if recorded == SETUP_BASE:
        from models.e5_base import ensure_base

        return ensure_base(cache_dir, progress=to_stderr)
    path = Path(recorded).expanduser()
    if not path.is_dir():
        raise ModelUnavailable(f"the base these adapters were trained on is not here: {recorded}")
    return path


@lru_cache(maxsize=4)
def load_stance_model(
    folder: str, key: str, base: str | None, cache_dir: str | None, device: str
) -> LoadedStance:
    """Build (once per process and arguments) the classifier for a folder.

    ``key`` is folder_key(folder): it is part of the cache key only so that retrained weights are
    picked up. Nothing is written to disk: merging the adapters takes well under a second, so,
    unlike the entity tagger, no merged copy of the 430 MB model is cached.
    """
    from transformers import AutoTokenizer

    path = Path(folder)
    if (path / "config.json").is_file():
        # A whole checkpoint (say a merged or fully fine-tuned model), under the usual safety rules.
        from models.hf_tagger import load_checkpoint

        _ref, tokenizer, model = load_checkpoint(path, "AutoModelForSequenceClassification")
        max_length, reads_markers, hint = DEFAULT_MAX_LENGTH, False, False
    else:
        from peft import PeftModel

        from models.train_stance import build_model

        meta_file = path / STANCE_META
        if not meta_file.is_file():
            raise ModelUnavailable(f"no trained stance model at {path} ({STANCE_META} missing)")
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        base_dir = resolve_base(str(meta["base"]), base, cache_dir)
        with warnings.catch_warnings():
            # peft asks transformers a deprecated question while loading; the CLI's stderr is for
            # the user's files, not for library notices.
            warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*", category=FutureWarning)
            model = build_model(base_dir, int(meta["layers"]), 0, tuple(meta["labels"]))
            model = PeftModel.from_pretrained(model, str(path)).merge_and_unload()
        tokenizer = AutoTokenizer.from_pretrained(str(base_dir), trust_remote_code=False)
        max_length, reads_markers = int(meta.get("max_length", DEFAULT_MAX_LENGTH)), True
        hint = bool(meta.get("lexicon_hint", False))
    id2label = {int(i): str(label).lower() for i, label in model.config.id2label.items()}
    labels = tuple(id2label[i] for i in range(len(id2label)))
    if not set(labels) <= {*STANCE_LABELS, NO_PAIR}:
        raise ModelUnavailable(f"{path}: labels {list(labels)} are not {list(STANCE_LABELS)}")
    if not getattr(tokenizer, "is_fast", False):
        raise ModelUnavailable(f"{path}: needs a fast tokenizer (character offsets)")
    model.to(device).eval()
    return LoadedStance(tokenizer, model, labels, max_length, reads_markers, hint)


class E5StanceClassifier:
    """Classifies (speaker, target, sentence) queries with the stance model trained here.

    Args:
        folder: the adapters folder (default models/stance-e5) or a whole checkpoint folder.
        base: the encoder to put the adapters on (default: the one the folder records).
        name: shown in the UI and stored with analyses; default e5-stance, or a custom folder's name.
        cache_dir: where the setup base is built (default MAJLIS_CACHE_DIR, else ~/.cache/majlis).
        batch_size: queries per forward pass.
        device: "cpu" or "cuda".
    """

    name = "e5-stance"

    def __init__(
        self,
        folder: str | Path = SHIPPED,
        *,
        base: str | Path | None = None,
        cache_dir: str | Path | None = None,
        name: str | None = None,
        batch_size: int = 32,
        device: str = "cpu",
        **_options: Any,
    ) -> None:
        folder = Path(folder).resolve()
        # The name is part of the key analyses are stored under (pipeline.ingest.model_version).
        self.name = name or (self.name if folder == SHIPPED.resolve() else folder.name)
        self._loaded = load_stance_model(
            str(folder),
            folder_key(folder),
            None if base is None else str(base),
            None if cache_dir is None else str(cache_dir),
            device,
        )
        self.batch_size = batch_size
        self.device = device

    def encode(self, query: StanceQuery, hint: str | None = None) -> EncodedQuery:
        """What the model reads for one query (models/stance_inputs.encode_query)."""
        return encode_query(self._loaded.tokenizer, query, max_length=self._loaded.max_length, hint=hint)

    def probabilities(self, queries: Sequence[StanceQuery]) -> list[dict[str, float]]:
        """Each query's probability per polarity, in order; a model's no-pair class counts as neutral."""
        import torch

        from models.train_stance import collate, lexicon_hints

        loaded = self._loaded
        hints = lexicon_hints(queries, wanted=loaded.lexicon_hint)
        rows = [self.encode(q, h) for q, h in zip(queries, hints, strict=True)]
        # Similar lengths together: less padding; the answers go back to query order.
        order = sorted(range(len(rows)), key=lambda i: len(rows[i].input_ids))
        out: list[dict[str, float]] = [{} for _ in rows]
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            batch = collate([rows[i] for i in chunk], loaded.tokenizer.pad_token_id)
            if not loaded.reads_markers:
                batch = {k: batch[k] for k in ("input_ids", "attention_mask")}
            with torch.inference_mode():
                logits = loaded.model(**{k: v.to(self.device) for k, v in batch.items()}).logits
            for i, row in zip(chunk, torch.softmax(logits.float(), dim=-1).cpu().tolist(), strict=True):
                out[i] = dict.fromkeys(STANCE_LABELS, 0.0)
                for label, p in zip(loaded.labels, row, strict=True):
                    out[i][as_polarity(label)] += p
        return out

    def classify(self, queries: Sequence[StanceQuery]) -> list[StancePrediction]:
        """One prediction per query; the confidence is the winning class's probability."""
        predictions = []
        for probs in self.probabilities(queries):
            # Ties go to the first of STANCE_LABELS, so the answer never depends on dict order.
            polarity = max(STANCE_LABELS, key=lambda p: probs[p])
            predictions.append(StancePrediction(polarity, min(1.0, max(0.0, probs[polarity]))))
        return predictions


@register_stance("e5-stance-adapter")
def make_e5_stance(**options: Any) -> E5StanceClassifier:
    """Registry factory for the trained stance classifier."""
    folder = options.pop("model", None) or SHIPPED  # the catalogue passes the entry's folder and name
    return E5StanceClassifier(folder, **options)
