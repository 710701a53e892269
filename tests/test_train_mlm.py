"""Domain-adaptive masked-LM training (models/train_mlm.py): blocks, masks, the head's loss, and the
script end to end on a tiny random BERT, resumed, then warm-starting the entity tagger."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from models.train_mlm import (
    IGNORE,
    article_blocks,
    collate_blocks,
    corpus_vocabulary,
    mask_block,
)

MASK = 4


def test_articles_are_cut_into_blocks_and_ragged_ends_dropped() -> None:
    assert article_blocks(list(range(300)), 126) == [
        list(range(0, 126)),
        list(range(126, 252)),
        list(range(252, 300)),
    ]
    # A last block of 4 pieces is too little context to learn from.
    assert article_blocks(list(range(130)), 126) == [list(range(126))]
    # A short article is one block, kept whole.
    assert article_blocks(list(range(10)), 126) == [list(range(10))]
    assert article_blocks([], 126) == []


def test_the_vocabulary_is_the_sorted_pieces_the_blocks_use() -> None:
    assert corpus_vocabulary([[7, 3, 7], [12, 3], []]) == [3, 7, 12]


def test_masks_choose_a_fixed_share_and_targets_hold_the_original_pieces() -> None:
    pieces = list(range(100, 140))
    inputs, targets = mask_block(pieces, MASK, [900, 901], 0.15, random.Random(3))
    chosen = [i for i, t in enumerate(targets) if t != IGNORE]
    assert len(chosen) == 6  # round(0.15 * 40)
    assert all(targets[i] == pieces[i] for i in chosen)
    # Pieces not chosen are never changed; chosen ones become the mask, a vocabulary piece, or stay.
    assert all(inputs[i] == pieces[i] for i in range(40) if i not in chosen)
    assert all(inputs[i] in (MASK, 900, 901, pieces[i]) for i in chosen)
    # Every block gets at least one target.
    assert sum(t != IGNORE for t in mask_block([5, 6], MASK, [9], 0.15, random.Random(0))[1]) == 1


def test_chosen_pieces_follow_the_80_10_10_recipe() -> None:
    rng = random.Random(13)
    counts = {"mask": 0, "random": 0, "kept": 0}
    for _ in range(2000):
        pieces = list(range(1000, 1020))
        inputs, targets = mask_block(pieces, MASK, [7], 0.5, rng)
        for i, target in enumerate(targets):
            if target == IGNORE:
                continue
            kind = "mask" if inputs[i] == MASK else "random" if inputs[i] == 7 else "kept"
            counts[kind] += 1
    total = sum(counts.values())
    assert total == 20000
    assert 0.78 < counts["mask"] / total < 0.82
    assert 0.08 < counts["random"] / total < 0.12
    assert 0.08 < counts["kept"] / total < 0.12


def test_collated_blocks_wrap_in_specials_pad_and_never_target_them() -> None:
    batch = collate_blocks([([5, MASK], [IGNORE, 6]), ([8], [IGNORE])], cls_id=2, sep_id=3, pad_id=0)
    assert batch["input_ids"].tolist() == [[2, 5, MASK, 3], [2, 8, 3, 0]]
    assert batch["attention_mask"].tolist() == [[1, 1, 1, 1], [1, 1, 1, 0]]
    assert batch["targets"].tolist() == [[IGNORE, IGNORE, 6, IGNORE], [IGNORE, IGNORE, IGNORE, IGNORE]]


def test_the_head_scores_targets_among_the_vocabulary_rows() -> None:
    torch = pytest.importorskip("torch")
    from models.train_mlm import piece_head

    torch.manual_seed(0)
    table = torch.randn(10, 4)
    head = piece_head(table, [2, 5, 7])
    hidden = torch.randn(1, 3, 4)
    targets = torch.tensor([[IGNORE, 7, 2]])
    with torch.no_grad():
        loss = head(hidden, targets)
        logits = head.transform(hidden[0, 1:]) @ table[[2, 5, 7]].T + head.bias
        expected = torch.nn.functional.cross_entropy(logits, torch.tensor([2, 0]))
    assert float(loss) == pytest.approx(float(expected), abs=1e-6)
    # The word table is a buffer of the head, never one of its trained parameters.
    assert sorted(name for name, _ in head.named_parameters()) == [
        "bias",
        "transform.0.bias",
        "transform.0.weight",
        "transform.2.bias",
        "transform.2.weight",
    ]


ARTICLE = (
    "قال وزير الدفاع التركي خلوصي أكار في أنقرة إن تركيا مع ليبيا. "
    "وقال رئيس المجلس الرئاسي الليبي فايز السراج في طرابلس إن الدعم يجب أن يستمر. "
    "وقال باشاغا خلال اجتماع في أنقرة إن خليفة حفتر يجب أن يتوقف."
)


def _corpus(root: Path, count: int) -> Path:
    folder = root / "news_corpus"
    folder.mkdir(parents=True)
    with gzip.open(folder / "a.jsonl.gz", "wt", encoding="utf-8") as handle:
        for i in range(count):
            handle.write(json.dumps({"id": i, "text": ARTICLE}, ensure_ascii=False) + "\n")
        handle.write("not json\n")
    return root


def test_training_exports_adapters_resumes_and_warm_starts_the_tagger(
    tiny_bert_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    torch = pytest.importorskip("torch")
    pytest.importorskip("peft")
    from safetensors.torch import load_file

    from models import train_mlm, train_ner

    data = _corpus(tmp_path / "data", 60)
    out, ckpt = tmp_path / "mlm", tmp_path / "ckpt"
    common = ["--base", str(tiny_bert_dir), "--layers", "1", "--lora-rank", "4", "--batch-size", "4"]
    common += ["--data", str(data), "--articles", "60", "--out", str(out), "--checkpoint-dir", str(ckpt)]
    common += ["--save-every", "2", "--eval-every", "2"]
    assert train_mlm.main([*common, "--steps", "4"]) == 0
    meta = json.loads((out / train_mlm.META_FILE).read_text())
    assert [h["step"] for h in meta["history"]] == [2, 4]
    assert meta["layers"] == 1 and meta["lora_rank"] == 4
    adapters = load_file(str(out / "adapter_model.safetensors"))
    assert adapters and all("lora_" in name for name in adapters)
    assert not list(out.glob("*.bin")) and not list(out.glob("*.pt"))
    # More steps resume where the first run stopped.
    capsys.readouterr()
    assert train_mlm.main([*common, "--steps", "6"]) == 0
    assert "resumed at step 4" in capsys.readouterr().out
    meta = json.loads((out / train_mlm.META_FILE).read_text())
    assert [h["step"] for h in meta["history"]] == [2, 4, 6]
    adapters = load_file(str(out / "adapter_model.safetensors"))

    # The entity tagger starts from exactly these adapters, with a fresh head.
    from peft import get_peft_model_state_dict

    model = train_ner.build_model(tiny_bert_dir, 1, 4)
    fresh = {n: v.clone() for n, v in get_peft_model_state_dict(model).items() if "classifier" in n}
    train_ner.warm_start(model, out)
    state = get_peft_model_state_dict(model)
    for name, value in adapters.items():
        assert torch.equal(state[name], value), name
    assert fresh and all(torch.equal(state[name], value) for name, value in fresh.items())


def test_a_missing_corpus_is_a_clear_message(tiny_bert_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("torch")
    from models import train_mlm

    with pytest.raises(SystemExit, match="no news corpus under"):
        train_mlm.main(["--base", str(tiny_bert_dir), "--data", str(tmp_path), "--out", str(tmp_path / "o")])
