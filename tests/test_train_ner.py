"""The training script end to end on a tiny random BERT: labels, export, checkpoint and resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("peft")

from models import ner_data, train_ner  # noqa: E402
from models.train_ner import IGNORE, LABELS, encode_sentences, to_training_tags  # noqa: E402

SENTENCES = [
    (
        ("وزير", "الدفاع", "التركي", "خلوصي", "أكار", "في", "أنقرة"),
        ("O", "O", "O", "B-PER", "I-PER", "O", "B-GPE"),
    ),
    (("التقى", "أكار", "في", "أنقرة"), ("O", "B-PER", "O", "B-LOC")),
    (("الدفاع", "في", "تركيا"), ("O", "O", "B-GPE")),
] * 8


def test_training_tags_fold_places_and_drop_unknown_types() -> None:
    assert to_training_tags(["B-GPE", "I-GPE", "B-LOC", "B-PER", "B-FAC", "O"]) == [
        "B-LOC",
        "I-LOC",
        "B-LOC",
        "B-PER",
        "O",
        "O",
    ]


def test_first_piece_carries_the_label_and_long_sentences_are_cut(tiny_bert_dir: Path) -> None:
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(tiny_bert_dir))
    (ex,) = encode_sentences(tok, [SENTENCES[0]], max_pieces=64)
    assert ex.input_ids[0] == tok.cls_token_id and ex.input_ids[-1] == tok.sep_token_id
    labelled = [LABELS[x] for x in ex.labels if x != IGNORE]
    assert labelled == ["O", "O", "O", "B-PER", "I-PER", "O", "B-LOC"]
    # With room for 3 pieces between <s> and </s>, the 7 words become several examples, no label lost.
    cut = encode_sentences(tok, [SENTENCES[0]], max_pieces=5)
    assert len(cut) > 1
    assert sum(1 for e in cut for x in e.labels if x != IGNORE) == 7


def test_context_pieces_come_from_the_neighbouring_sentences_unlabelled(tiny_bert_dir: Path) -> None:
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(tiny_bert_dir))
    two = [SENTENCES[1], SENTENCES[2]]
    alone = encode_sentences(tok, two, max_pieces=64)
    within = encode_sentences(tok, two, max_pieces=64, context=64)
    assert [e.sentence for e in within] == [0, 1]
    first, second = (e.input_ids[1:-1] for e in alone)
    # Each sentence is read with the other around it; only its own words carry labels.
    assert within[0].input_ids[1:-1] == first + second
    assert within[1].input_ids[1:-1] == first + second
    assert [x for x in within[1].labels if x != IGNORE] == [x for x in alone[1].labels if x != IGNORE]
    assert within[1].labels[1 : 1 + len(first)] == [IGNORE] * len(first)
    # A context of 0 is the sentence alone.
    assert encode_sentences(tok, two, max_pieces=64, context=0) == alone


def test_train_export_and_resume(
    tiny_bert_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ner_data, "load_training", lambda sources, collapse_places=False: list(SENTENCES))
    out, ckpt = tmp_path / "out", tmp_path / "ckpt"
    common = ["--base", str(tiny_bert_dir), "--layers", "1", "--lora-rank", "4", "--batch-size", "4"]
    common += ["--out", str(out), "--checkpoint-dir", str(ckpt), "--save-every", "2", "--dev-share", "0.2"]
    assert train_ner.main([*common, "--epochs", "1"]) == 0
    meta = json.loads((out / train_ner.META_FILE).read_text())
    assert meta["layers"] == 1 and meta["lora_rank"] == 4 and meta["labels"] == list(LABELS)
    assert [h["epoch"] for h in meta["history"]] == [1]
    assert (out / "adapter_model.safetensors").is_file()
    assert not list(out.glob("*.bin")) and not list(out.glob("*.pt"))
    # A second run with more epochs resumes after the first, it does not start again.
    assert train_ner.main([*common, "--epochs", "2"]) == 0
    meta = json.loads((out / train_ner.META_FILE).read_text())
    assert [h["epoch"] for h in meta["history"]] == [1, 2]
    assert meta["context"] == 0


def test_extra_files_add_training_examples_and_leave_the_dev_split_alone(
    tiny_bert_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(ner_data, "load_training", lambda sources, collapse_places=False: list(SENTENCES))
    extra = tmp_path / "pseudo.conll"
    extra.write_text("زار\tO\nأردوغان\tB-PER\nأنقرة\tB-GPE\n\nالناتو\tB-ORG\n", encoding="utf-8")
    common = ["--base", str(tiny_bert_dir), "--layers", "1", "--lora-rank", "4", "--batch-size", "4"]
    common += ["--dev-share", "0.2", "--epochs", "1"]
    assert (
        train_ner.main([*common, "--out", str(tmp_path / "a"), "--checkpoint-dir", str(tmp_path / "ca")]) == 0
    )
    alone = capsys.readouterr().out
    args = [
        "--extra-conll",
        str(extra),
        "--out",
        str(tmp_path / "b"),
        "--checkpoint-dir",
        str(tmp_path / "cb"),
        "--seed",
        "7",
        "--split-seed",
        "13",
    ]
    assert train_ner.main([*common, *args]) == 0
    both = capsys.readouterr().out
    n_train = len(SENTENCES) - int(len(SENTENCES) * 0.2)
    n_dev = int(len(SENTENCES) * 0.2)
    assert f"train {n_train} examples, dev {n_dev}," in alone
    assert "pseudo.conll: 2 sentences, 2 examples" in both
    assert f"train {n_train + 2} examples, dev {n_dev}," in both
    meta = json.loads((tmp_path / "b" / train_ner.META_FILE).read_text())
    assert meta["extra_files"] == ["pseudo.conll"]
    assert (meta["hyperparameters"]["seed"], meta["hyperparameters"]["split_seed"]) == (7, 13)
    # Without --split-seed the dev split follows --seed, as before the option existed.
    meta = json.loads((tmp_path / "a" / train_ner.META_FILE).read_text())
    assert meta["hyperparameters"]["split_seed"] == meta["hyperparameters"]["seed"] == 13


def test_group_by_length_sorts_within_windows_and_keeps_every_item() -> None:
    import random

    items = [7, 3, 9, 1, 8, 2, 6, 4, 5, 0]
    batches = train_ner.group_by_length(items, lambda n: n, 2, 2, random.Random(0))
    # Windows of 2 batches × 2 items: [7 3 9 1] [8 2 6 4] [5 0], each sorted, then cut into pairs.
    assert sorted(map(tuple, batches)) == [(0, 5), (1, 3), (2, 4), (6, 8), (7, 9)]
