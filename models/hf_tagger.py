"""Entity tagging with any `transformers` token-classification checkpoint (local, or opted-in hub)."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from models.base import ModelUnavailable, TaggedSpan
from models.catalogue import HUB_ENV, PICKLE_ENV, hub_allowed, looks_like_hub_id, pickle_allowed
from models.registry import register_tagger

#: A checkpoint's own entity types (after stripping B-/I-/E-/S- prefixes) -> ours; the rest (MISC,
#: DATE, ...) is dropped. PERS is ANERcorp's and CAMeLBERT's spelling, PERSON/ORGANIZATION/LOCATION
#: OntoNotes-style checkpoints'.
LABEL_MAP = {
    "PER": "PER",
    "PERS": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "LOC": "LOC",
    "LOCATION": "LOC",
    "GPE": "GPE",
}
BIO_PREFIXES = ("B-", "I-", "E-", "S-", "L-", "U-", "B_", "I_")

#: Upper bound on pieces per model call when neither tokenizer nor config says less.
DEFAULT_MAX_PIECES = 512
_HUGE = 100_000  # tokenizers without a limit report model_max_length ~ 1e30


def normalize_label(label: str, extra: Collection[str] = ()) -> str | None:
    """Map a checkpoint label ("B-PERS", "ORG", "I-LOC") to one of TAGGER_LABELS, or None to drop it.

    Labels named in ``extra`` ("MISC") are kept under their own name instead of dropped.
    """
    label = label.strip().upper()
    if label.startswith(BIO_PREFIXES):
        label = label[2:]
    return LABEL_MAP.get(label) or (label if label in extra else None)


def _is_trimmable(char: str) -> bool:
    # Punctuation (، « » . ") and spaces are never part of a name, yet subword grouping sweeps them in.
    return char.isspace() or unicodedata.category(char).startswith("P")


def trim_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Clamp [start, end) to the sentence and shrink it past surrounding whitespace and punctuation."""
    start, end = max(0, start), min(len(sentence), end)
    while start < end and _is_trimmable(sentence[start]):
        start += 1
    while end > start and _is_trimmable(sentence[end - 1]):
        end -= 1
    return start, end


def spans_from_pipeline(
    outputs: Iterable[Mapping[str, Any]], sentence: str, extra_labels: Collection[str] = ()
) -> list[TaggedSpan]:
    """Turn a token-classification pipeline's grouped entities for ``sentence`` into TaggedSpans.

    Labels go through LABEL_MAP (others dropped unless in ``extra_labels``), offsets are trimmed of whitespace and punctuation,
    and overlaps are resolved in favour of the higher score, so the result is sorted and disjoint.
    """
    candidates: list[TaggedSpan] = []
    for item in outputs:
        raw_label = item.get("entity_group", item.get("entity"))
        label = normalize_label(str(raw_label), extra_labels) if raw_label is not None else None
        if label is None or item.get("start") is None or item.get("end") is None:
            continue
        start, end = trim_span(sentence, int(item["start"]), int(item["end"]))
        if start >= end:
            continue
        score = min(1.0, max(0.0, float(item.get("score", 1.0))))
        candidates.append(TaggedSpan(start, end, label, score))
    candidates.sort(key=lambda s: (s.start, -(s.end - s.start), -s.score))
    spans: list[TaggedSpan] = []
    for span in candidates:
        if spans and span.start < spans[-1].end:
            if span.score > spans[-1].score:
                spans[-1] = span
            continue
        spans.append(span)
    return spans


def chunk_ranges(offsets: Sequence[tuple[int, int]], max_pieces: int) -> list[tuple[int, int]]:
    """Character ranges covering the pieces, each at most ``max_pieces`` pieces, cut between words.

    Args:
        offsets: (start, end) character offsets of the sentence's pieces, special tokens excluded.
        max_pieces: the most pieces one range may hold (>= 1).

    Returns:
        (start, end) ranges in order; a word longer than max_pieces pieces is cut inside.
    """
    pieces = [(s, e) for s, e in offsets if e > s]
    ranges: list[tuple[int, int]] = []
    i = 0
    while i < len(pieces):
        j = min(i + max(1, max_pieces), len(pieces))
        if j < len(pieces):
            # Back off to a piece that starts a word (a gap before it), so no word is split.
            k = j
            while k > i + 1 and pieces[k][0] <= pieces[k - 1][1]:
                k -= 1
            if pieces[k][0] > pieces[k - 1][1]:
                j = k
        ranges.append((pieces[i][0], pieces[j - 1][1]))
        i = j
    return ranges


def checkpoint_source(model: str | Path, *, allow_pickle: bool = False) -> tuple[str, dict[str, Any]]:
    """Check a checkpoint reference is safe to load; return it with the ``from_pretrained`` kwargs.

    A local folder must hold config.json and safetensors weights (pickle weights only with
    ``allow_pickle=True`` or MAJLIS_ALLOW_PICKLE=1, the opt-in for the CLI, the sidebar and
    MAJLIS_TAGGER); a hub id is refused unless MAJLIS_ALLOW_HUB=1. Remote code is never run.

    Raises:
        ModelUnavailable: with the reason, before anything is imported or fetched.
    """
    allow_pickle = allow_pickle or pickle_allowed()
    path = Path(model).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise ModelUnavailable(f"{path} has no config.json, so it is not a checkpoint folder")
        has_safetensors = any(path.glob("*.safetensors"))
        if not has_safetensors:
            if not any(path.glob("pytorch_model*.bin")):
                raise ModelUnavailable(f"{path} holds no weights (no model.safetensors)")
            if not allow_pickle:
                raise ModelUnavailable(
                    f"{path} has only pickle weights (pytorch_model.bin), which can run code when loaded; "
                    f"convert them to model.safetensors, or, if you trust the folder, set {PICKLE_ENV}=1 "
                    "(or pass allow_pickle=True)"
                )
        kwargs = {"local_files_only": True, "trust_remote_code": False, "use_safetensors": has_safetensors}
        return str(path), kwargs
    ref = str(model)
    if not looks_like_hub_id(ref):
        raise ModelUnavailable(f"no checkpoint folder at {ref}")
    if not hub_allowed():
        raise ModelUnavailable(
            f"{ref!r} is a hub id and hub downloads are off; set {HUB_ENV}=1 to allow them "
            "(or pass a local checkpoint folder)"
        )
    kwargs = {
        "local_files_only": False,
        "trust_remote_code": False,
        "use_safetensors": None if allow_pickle else True,
    }
    return ref, kwargs


def model_max_pieces(tokenizer: Any, config: Any) -> int:
    """The most pieces (special tokens included) one sequence may have for this tokenizer and model."""
    limit = DEFAULT_MAX_PIECES
    tokenizer_max = getattr(tokenizer, "model_max_length", None)
    if tokenizer_max and 0 < tokenizer_max < _HUGE:
        limit = min(limit, int(tokenizer_max))
    positions = getattr(config, "max_position_embeddings", None)
    if positions:
        # RoBERTa-style models reserve padding_idx + 1 positions (514 -> 512 usable).
        reserved = 2 if "roberta" in str(getattr(config, "model_type", "")) else 0
        limit = min(limit, int(positions) - reserved)
    return limit


def import_transformers() -> Any:
    """Import transformers, or raise ModelUnavailable saying it is not installed."""
    try:
        import transformers
    except ImportError as exc:
        raise ModelUnavailable(f"torch and transformers are needed for this model: {exc}") from exc
    # Loading bars and load reports would land on the CLI's stderr, where each line is one bad file.
    transformers.utils.logging.disable_progress_bar()
    transformers.utils.logging.set_verbosity_error()
    return transformers


def load_checkpoint(model: str | Path, head: str, *, allow_pickle: bool = False) -> tuple[str, Any, Any]:
    """(reference, tokenizer, model) for a checkpoint, loaded under checkpoint_source's safety rules.

    Args:
        model: a local checkpoint folder, or a hub id when MAJLIS_ALLOW_HUB=1.
        head: the transformers auto class, e.g. "AutoModelForTokenClassification".
        allow_pickle: accept a folder with only pytorch_model.bin (pickle can run code).
    """
    ref, kwargs = checkpoint_source(model, allow_pickle=allow_pickle)
    transformers = import_transformers()
    tokenizer_kwargs = {k: kwargs[k] for k in ("local_files_only", "trust_remote_code")}
    tokenizer = transformers.AutoTokenizer.from_pretrained(ref, **tokenizer_kwargs)
    return ref, tokenizer, getattr(transformers, head).from_pretrained(ref, **kwargs)


def display_name(ref: str) -> str:
    """How the UI names a checkpoint: its folder's name, or the hub id."""
    return Path(ref).name if Path(ref).is_dir() else ref


@register_tagger("hf-token-classification")
class HFTokenTagger:
    """Tags sentences with a token-classification checkpoint through ``transformers.pipeline``.

    Args:
        model: a local checkpoint folder (or a hub id when MAJLIS_ALLOW_HUB=1).
        name: shown in the UI; defaults to the folder name.
        allow_pickle: accept a folder with only pytorch_model.bin (pickle can run code).
        batch_size: sentences (chunks) per forward pass.
        max_pieces: cap on pieces per chunk, below the model's own limit.
        aggregation_strategy: the pipeline's grouping; "first" suits checkpoints trained with
            labels on the first piece of each word.
        device: "cpu", "cuda", or a pipeline device index.
        extra_labels: checkpoint labels outside TAGGER_LABELS to keep (the NER evaluation keeps
            MISC to score ANERcorp as published figures do); the pipeline never asks for any.
    """

    def __init__(
        self,
        model: str | Path,
        *,
        name: str | None = None,
        allow_pickle: bool = False,
        batch_size: int = 8,
        max_pieces: int | None = None,
        aggregation_strategy: str = "simple",
        device: int | str = "cpu",
        extra_labels: Collection[str] = (),
    ) -> None:
        self.extra_labels = frozenset(label.upper() for label in extra_labels)
        ref, self.tokenizer, self.model = load_checkpoint(
            model, "AutoModelForTokenClassification", allow_pickle=allow_pickle
        )
        if not self.tokenizer.is_fast:
            raise ModelUnavailable(
                f"{ref}: a fast tokenizer (tokenizer.json) is needed for character offsets"
            )
        limit = model_max_pieces(self.tokenizer, self.model.config)
        # The pipeline truncates to model_max_length; a tokenizer without one would overflow positions.
        self.tokenizer.model_max_length = limit
        self.max_pieces = limit - self.tokenizer.num_special_tokens_to_add(pair=False)
        if max_pieces is not None:
            self.max_pieces = max(1, min(self.max_pieces, max_pieces))
        self.batch_size = batch_size
        self.name = name or display_name(ref)
        self.labels = tuple(
            sorted(
                {
                    m
                    for m in (
                        normalize_label(v, self.extra_labels) for v in self.model.config.id2label.values()
                    )
                    if m is not None
                }
            )
        )
        self._pipe = import_transformers().pipeline(
            "token-classification",
            model=self.model,
            tokenizer=self.tokenizer,
            aggregation_strategy=aggregation_strategy,
            device=device,
            trust_remote_code=False,
        )

    def chunks(self, sentence: str) -> list[tuple[int, int]]:
        """Character ranges of ``sentence`` that each fit the model (one range for a short sentence)."""
        if not sentence.strip():
            return []
        encoding = self.tokenizer(sentence, add_special_tokens=False, return_offsets_mapping=True)
        offsets = [tuple(o) for o in encoding["offset_mapping"]]
        if len(offsets) <= self.max_pieces:
            return [(0, len(sentence))]
        return chunk_ranges(offsets, self.max_pieces)

    def tag(self, sentences: Sequence[str]) -> list[list[TaggedSpan]]:
        """Return, for each sentence, its PER/ORG/GPE/LOC spans sorted by start offset."""
        jobs = [(index, start, end) for index, s in enumerate(sentences) for start, end in self.chunks(s)]
        results: list[list[TaggedSpan]] = [[] for _ in sentences]
        if not jobs:
            return results
        texts = [sentences[index][start:end] for index, start, end in jobs]
        outputs = self._pipe(texts, batch_size=self.batch_size)
        for (index, start, _), text, output in zip(jobs, texts, outputs, strict=True):
            results[index].extend(
                TaggedSpan(span.start + start, span.end + start, span.label, span.score)
                for span in spans_from_pipeline(output, text, self.extra_labels)
            )
        return [sorted(spans, key=lambda s: s.start) for spans in results]
