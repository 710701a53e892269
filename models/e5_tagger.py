"""The trained entity tagger: the e5 base built at setup, plus the adapters shipped in models/ner-e5."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from models.base import ModelUnavailable, TaggedSpan
from models.catalogue import ADAPTER_META, PICKLE_ENV, pickle_allowed
from models.ner_hints import HINTS_FILE
from models.registry import register_tagger
from pipeline.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer
from pipeline.text import candidate_stems

SHIPPED = Path(__file__).resolve().parent / "ner-e5"
META_FILE = ADAPTER_META
#: Set to 1 to run the tagger's linear layers in dynamic int8 (see benchmarks/bench_ner.py).
QUANTIZE_ENV = "MAJLIS_NER_INT8"
ADAPTER_FILES = (
    "adapter_model.safetensors",
    "adapter_config.json",
    "trained.safetensors",
    HINTS_FILE,
    META_FILE,
)


def adapter_key(folder: Path) -> str:
    """A short hash of the shipped files: a new training run gets a new merged cache folder."""
    digest = hashlib.sha256()
    for name in ADAPTER_FILES:
        path = folder / name
        if path.is_file():
            digest.update(name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def merge_into(folder: Path, target: Path, base: Path) -> Path:
    """Rebuild the trained model from the base and the shipped files; save it whole into target.

    Written into a temporary folder and renamed, so a killed build never leaves half a model.
    """
    from safetensors.torch import load_file
    from transformers import AutoTokenizer

    from models.train_ner import build_model

    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    model = build_model(base, int(meta["layers"]), 0)
    if int(meta.get("lora_rank", 0)) > 0:
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, str(folder)).merge_and_unload()
    else:
        state = load_file(str(folder / "trained.safetensors"))
        missing = set(state) - {n for n, _ in model.named_parameters()}
        if missing:
            raise ModelUnavailable(f"trained weights do not fit the base: {sorted(missing)[:3]}")
        model.load_state_dict(state, strict=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    try:
        model.save_pretrained(str(tmp), safe_serialization=True)
        AutoTokenizer.from_pretrained(str(base), trust_remote_code=False).save_pretrained(str(tmp))
        if (folder / HINTS_FILE).is_file():  # a model trained with --rules-hint reads them as input
            shutil.copyfile(folder / HINTS_FILE, tmp / HINTS_FILE)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def check_adapter_weights(folder: Path, *, allow_pickle: bool = False) -> None:
    """Refuse a folder of adapters whose weights are pickle only (adapter_model.bin), unless opted in.

    peft falls back to adapter_model.bin when there is no .safetensors, and a pickle can run code
    when loaded; a folder the user names (sidebar, MAJLIS_TAGGER, --tagger) is checked before it.

    Raises:
        ModelUnavailable: the folder has no adapter weights, or only pickle ones without the opt-in.
    """
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    if int(meta.get("lora_rank", 0)) <= 0:
        if not (folder / "trained.safetensors").is_file():
            raise ModelUnavailable(f"{folder} holds no trained weights (trained.safetensors)")
        return
    if (folder / "adapter_model.safetensors").is_file():
        return
    if not (folder / "adapter_model.bin").is_file():
        raise ModelUnavailable(f"{folder} holds no adapter weights (adapter_model.safetensors)")
    if not (allow_pickle or pickle_allowed()):
        raise ModelUnavailable(
            f"{folder} has only pickle adapter weights (adapter_model.bin), which can run code when loaded; "
            f"convert them to adapter_model.safetensors, or, if you trust the folder, set {PICKLE_ENV}=1 "
            "(or pass allow_pickle=True)"
        )


def to_stderr(message: str) -> None:
    """First-use build messages go to stderr: stdout may be the CLI's JSON."""
    print(message, file=sys.stderr, flush=True)


def ensure_merged(
    folder: Path = SHIPPED,
    cache_dir: str | Path | None = None,
    *,
    progress: Callable[[str], None] = to_stderr,
    allow_pickle: bool = False,
) -> Path:
    """The merged model folder for the shipped adapters (or a folder of trained ones), built on first use."""
    from models.catalogue import cache_dir as default_cache
    from models.e5_base import ensure_base

    if not (folder / META_FILE).is_file():
        raise ModelUnavailable(f"no trained tagger at {folder} ({META_FILE} missing)")
    check_adapter_weights(folder, allow_pickle=allow_pickle)
    root = Path(cache_dir) if cache_dir else default_cache()
    target = root / f"ner-e5-{adapter_key(folder)}"
    if (target / "config.json").is_file():
        return target
    base = ensure_base(root, progress=progress)
    progress(f"Building the trained entity tagger into {target} (once) ...")
    return merge_into(folder, target, base)


class E5Tagger:
    """multilingual-e5-small fine-tuned for Arabic NER, served through the transformers pipeline."""

    name = "e5-ner"

    def __init__(
        self,
        folder: str | Path = SHIPPED,
        *,
        cache_dir: str | Path | None = None,
        batch_size: int = 16,
        extra_labels: Sequence[str] = (),
        quantize: bool | None = None,
        allow_pickle: bool = False,
        hinter: Any | None = None,
        **_options: Any,
    ) -> None:
        from models.word_tagger import WordTagger

        folder = Path(folder)
        # A folder holding a whole checkpoint (config.json) is used as it is; ours holds adapters.
        merged = (
            folder
            if (folder / "config.json").is_file()
            else ensure_merged(folder, cache_dir, allow_pickle=allow_pickle)
        )
        if quantize is None:
            quantize = os.environ.get(QUANTIZE_ENV, "") == "1"
        # A model trained with --context reads the text around each sentence; say how much.
        meta_file = folder / META_FILE
        meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else {}
        # Labels sit on the first piece of each word in training; WordTagger reads them the same way.
        self._inner = WordTagger(
            merged,
            name=self.name,
            batch_size=batch_size,
            extra_labels=extra_labels,
            quantize=quantize,
            allow_pickle=allow_pickle,
            hinter=hinter,
            context=int(meta.get("context") or 0),
        )
        self._gazetteer = load_gazetteer()

    def tag(self, sentences: Sequence[str]) -> list[list[TaggedSpan]]:
        return [
            [self._place_type(sentence, span) for span in spans]
            for sentence, spans in zip(sentences, self._inner.tag(sentences), strict=True)
        ]

    def word_labels(self, sentences: Sequence[str]) -> list[list[tuple[str, float]]]:
        """The model's BIO tag and probability for each word (``word_tagger.words_of``); places
        stay one type, LOC, as the model learnt them."""
        return self._inner.word_labels(sentences)

    def _place_type(self, sentence: str, span: TaggedSpan) -> TaggedSpan:
        """The model learnt one place type (ANERcorp has no GPE); the gazetteer splits it again.

        Countries and cities are GPE, as are unknown places, which in news are mostly towns;
        regions, seas and mountains the tables list as such stay LOC.
        """
        if span.label != "LOC":
            return span
        entry = place_entry(sentence[span.start : span.end], self._gazetteer)
        return span if entry is not None and entry.type == "LOC" else replace(span, label="GPE")


def place_entry(text: str, gazetteer: Gazetteer) -> GazetteerEntry | None:
    """The gazetteer entry of a place span, read with or without a leading clitic ("بأنقرة")."""
    first, _, rest = text.partition(" ")
    for _prefix, stem in candidate_stems(first):
        entry = gazetteer.lookup(f"{stem} {rest}".strip())
        if entry is not None:
            return entry
    return None


@register_tagger("e5-adapter")
def make_e5_tagger(**options: Any) -> E5Tagger:
    """Registry factory for the trained tagger."""
    folder = options.pop("model", None) or SHIPPED  # the catalogue passes the entry's folder
    options.pop("name", None)
    return E5Tagger(folder, **options)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m models.e5_tagger --build`: build the base and the shipped tagger now (make install)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m models.e5_tagger", description=main.__doc__)
    parser.add_argument("--build", action="store_true", help="build the merged tagger into the cache")
    parser.add_argument(
        "--folder", type=Path, default=SHIPPED, help="adapters folder (default: models/ner-e5)"
    )
    args = parser.parse_args(argv)
    if not args.build:
        parser.print_help()
        return 0
    try:
        print(ensure_merged(args.folder, progress=print))
    except ModelUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
