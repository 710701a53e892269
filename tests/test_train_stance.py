"""Stance training end to end on a tiny random BERT: export, resume, load as the registry backend, scoring."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from models.base import StanceQuery
from models.evaluate_stance import score_stance
from models.stance_set import LabelledTriple, sentence_sha1

torch = pytest.importorskip("torch")
pytest.importorskip("peft")

from models import catalogue, registry, train_stance  # noqa: E402

SENTENCES = [
    ("وقال أكار إن خليفة حفتر يجب قطع الدعم", "أكار", "حفتر", "oppose"),
    ("وقال السراج إن تركيا مع ليبيا", "السراج", "تركيا", "support"),
    ("وقال باشاغا في طرابلس خلال اجتماع", "باشاغا", "طرابلس", "neutral"),
]


def _triples() -> list[LabelledTriple]:
    out = []
    for k in range(8):
        for n, (sentence, speaker, target, label) in enumerate(SENTENCES):
            at = sentence.index(target)
            out.append(
                LabelledTriple(
                    id=f"t{k}{n}",
                    corpus="tiny.jsonl.gz",
                    article=f"a{k}",
                    start=0,
                    end=len(sentence),
                    sha1=sentence_sha1(sentence) + str(k),  # one "article" each: none shared
                    speaker=speaker,
                    target=target,
                    target_start=at,
                    target_end=at + len(target),
                    label=label,
                    split="train",
                    sentence=sentence,
                )
            )
    return out


def _queries() -> list[StanceQuery]:
    return [
        StanceQuery("خلوصي أكار", "خليفة حفتر", s, s.index(t), s.index(t) + len(t))
        for s, _sp, t, _l in SENTENCES
    ] + [StanceQuery("فايز السراج", "ليبيا", "وقال السراج إن تركيا مع ليبيا")]


@pytest.fixture(scope="module")
def trained(tiny_bert_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """Adapters trained for one epoch, then resumed for a second; (out, checkpoints, common args)."""
    root = tmp_path_factory.mktemp("stance-train")
    out, ckpt = root / "out", root / "ckpt"
    common = ["--base", str(tiny_bert_dir), "--layers", "1", "--lora-rank", "4", "--batch-size", "4"]
    common += ["--out", str(out), "--checkpoint-dir", str(ckpt), "--save-every", "3", "--val-share", "0.25"]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(train_stance, "load_labelled", _triples)
        assert train_stance.main([*common, "--epochs", "1"], log=lambda _m: None) == 0
        first = json.loads((out / train_stance.META_FILE).read_text())
        assert [h["epoch"] for h in first["history"]] == [1]
        # The same command with more epochs resumes after the first; it does not start again.
        assert train_stance.main([*common, "--epochs", "2"], log=lambda _m: None) == 0
    return out, ckpt, common


def test_export_holds_adapters_and_head_in_safetensors_only(trained: tuple[Path, Path, list[str]]) -> None:
    out, _ckpt, _common = trained
    meta = json.loads((out / train_stance.META_FILE).read_text())
    assert [h["epoch"] for h in meta["history"]] == [1, 2]
    assert all(0.0 <= h["val_macro_f1"] <= 1.0 for h in meta["history"])
    assert meta["labels"] == ["support", "oppose", "neutral"] and meta["layers"] == 1
    assert meta["data"]["train_triples"] + meta["data"]["validation_triples"] == 24
    assert {p.name for p in out.iterdir()} == {
        "adapter_model.safetensors",
        "adapter_config.json",
        "majlis_stance.json",
    }
    from safetensors.torch import load_file

    names = list(load_file(str(out / "adapter_model.safetensors")))
    assert any("lora_A" in n for n in names) and any("classifier" in n for n in names)
    assert any("classifier.dense" in n for n in names) and any("classifier.out_proj" in n for n in names)
    # The frozen word-embedding table is never shipped.
    assert not any("word_embeddings" in n for n in names)


def test_resuming_with_other_settings_is_refused(
    trained: tuple[Path, Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _out, _ckpt, common = trained
    monkeypatch.setattr(train_stance, "load_labelled", _triples)
    with pytest.raises(SystemExit, match="other settings"):
        train_stance.main([*common, "--epochs", "2", "--lr", "1e-2"], log=lambda _m: None)


def test_the_folder_loads_as_the_registry_backend(trained: tuple[Path, Path, list[str]]) -> None:
    out, _ckpt, _common = trained
    assert registry._resolve("stance", str(out)) == ("e5-stance-adapter", {"model": str(out)})
    classifier = registry.get_stance(str(out), batch_size=2)
    assert classifier.name == "out"
    queries = _queries()
    preds = classifier.classify(queries)
    assert len(preds) == len(queries)
    assert all(p.polarity in catalogue.STANCE_LABELS and 0.0 <= p.confidence <= 1.0 for p in preds)
    probs = classifier.probabilities(queries)
    assert all(abs(sum(row.values()) - 1.0) < 1e-5 for row in probs)
    # Padding and batching change nothing; the loaded model is cached per process.
    one_by_one = registry.get_stance(str(out), batch_size=1)
    assert one_by_one._loaded is classifier._loaded
    again = one_by_one.probabilities(queries)
    assert all(abs(a[k] - b[k]) < 1e-5 for a, b in zip(probs, again, strict=True) for k in a)
    assert classifier.classify([]) == []


def test_loaded_adapters_give_the_trained_models_answers(
    trained: tuple[Path, Path, list[str]], tiny_bert_dir: Path
) -> None:
    # Rebuild the training-time model (adapters not merged) and compare with the merged backend.
    from peft import PeftModel

    from models.stance_inputs import encode_query

    out, _ckpt, _common = trained
    model = PeftModel.from_pretrained(train_stance.build_model(tiny_bert_dir, 1, 0), str(out)).eval()
    classifier = registry.get_stance(str(out))
    tok = classifier._loaded.tokenizer
    rows = [encode_query(tok, q) for q in _queries()]
    expected = train_stance.predict(model, rows, tok.pad_token_id, torch.device("cpu"))
    got = classifier.probabilities(_queries())
    for want, have in zip(expected, got, strict=True):
        assert [round(have[label], 4) for label in train_stance.LABELS] == [round(x, 4) for x in want]


def test_the_trained_folder_is_chosen_by_name_and_a_missing_base_falls_back(
    trained: tuple[Path, Path, list[str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out, _ckpt, _common = trained
    monkeypatch.setattr(catalogue, "REPO_ROOT", tmp_path)
    folder = tmp_path / "models" / catalogue.TRAINED_STANCE_FOLDER
    shutil.copytree(out, folder)
    # Our adapters in the shipped folder make the trained model the default.
    assert catalogue.default_stance_name() == "e5-stance"
    classifier, warnings = registry.load_stance()
    assert classifier.name == "e5-stance" and warnings == []
    # Adapters whose base cannot be had: the lexicon answers, and the user is told why.
    meta = json.loads((folder / catalogue.STANCE_META).read_text())
    meta["base"] = str(tmp_path / "no-such-base")
    (folder / catalogue.STANCE_META).write_text(json.dumps(meta))
    classifier, warnings = registry.load_stance()
    assert classifier.name == "lexicon"
    assert len(warnings) == 1 and "Model 'e5-stance' is unavailable" in warnings[0]
    assert "no-such-base" in warnings[0] and "using the lexicon backend" in warnings[0]


def test_validation_is_split_by_article() -> None:
    triples = _triples()
    fit, val = train_stance.validation_split(triples, 0.25)
    assert val and fit and len(fit) + len(val) == len(triples)
    assert not {t.article for t in fit} & {t.article for t in val}
    assert train_stance.validation_split(triples, 0.25) == (fit, val)  # stable


def test_balanced_class_weights() -> None:
    assert train_stance.class_weights([0, 0, 1, 2], "balanced") == pytest.approx([2 / 3, 4 / 3, 4 / 3])
    assert train_stance.class_weights([0, 1], "none") == [1.0, 1.0, 1.0]


def test_score_stance_counts_and_macro_f1() -> None:
    gold = ["support", "support", "oppose", "oppose", "neutral", "neutral"]
    pred = ["support", "neutral", "oppose", "oppose", "neutral", "support"]
    scores = score_stance(gold, pred)
    assert scores["confusion"] == [[1, 0, 1], [0, 2, 0], [1, 0, 1]]
    assert scores["per_class"]["oppose"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "support": 2}
    assert scores["per_class"]["support"]["f1"] == pytest.approx(0.5)
    assert scores["macro_f1"] == pytest.approx(2 / 3)
    assert scores["accuracy"] == pytest.approx(4 / 6)
    with pytest.raises(ValueError, match="outside"):
        score_stance(["support"], ["favor"])


def _triples_with_skips(include_skip: bool = False) -> list[LabelledTriple]:
    """The tiny set plus, when asked, a "skip" triple per article: the speaker's own side."""
    out = _triples()
    if include_skip:
        sentence = "وقال أكار إن تركيا ستواصل دعم ليبيا"
        at = sentence.index("تركيا")
        out += [
            LabelledTriple(
                id=f"x{k}", corpus="tiny.jsonl.gz", article=f"a{k}", start=0, end=len(sentence),
                sha1=sentence_sha1(sentence) + str(k), speaker="أكار", target="تركيا",
                target_start=at, target_end=at + 5, label="skip", split="train", sentence=sentence,
                note="own side",
            )
            for k in range(8)
        ]  # fmt: skip
    return out


def test_skips_learnt_as_a_no_pair_class_read_as_neutral(
    tiny_bert_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    monkeypatch.setattr(train_stance, "load_labelled", _triples_with_skips)
    args = ["--base", str(tiny_bert_dir), "--layers", "1", "--lora-rank", "4", "--batch-size", "4"]
    args += ["--out", str(out), "--checkpoint-dir", str(tmp_path / "ckpt"), "--val-share", "0.25"]
    assert train_stance.main([*args, "--epochs", "1", "--skips", "class"], log=lambda _m: None) == 0
    meta = json.loads((out / train_stance.META_FILE).read_text())
    assert meta["labels"] == ["support", "oppose", "neutral", "none"]
    assert meta["hyperparameters"]["skips"] == "class"
    assert sum(meta["data"]["train_counts"].values()) == meta["data"]["train_triples"]
    fit, val = train_stance.validation_split(_triples_with_skips(True), 0.25)
    assert meta["data"]["train_counts"]["skip"] == sum(t.label == "skip" for t in fit) > 0
    # Validation scores the polarity triples only, and says how many skips were called no pair.
    history = meta["history"][0]
    assert sum(map(sum, history["val_confusion"])) == sum(t.label != "skip" for t in val) > 0
    assert 0.0 <= history["val_no_pair_recall"] <= 1.0
    # The backend folds the fourth class into neutral: three polarities that sum to one.
    classifier = registry.get_stance(str(out))
    assert classifier._loaded.labels == ("support", "oppose", "neutral", "none")
    probs = classifier.probabilities(_queries())
    assert all(set(row) == set(catalogue.STANCE_LABELS) for row in probs)
    assert all(abs(sum(row.values()) - 1.0) < 1e-5 for row in probs)
    assert all(p.polarity in catalogue.STANCE_LABELS for p in classifier.classify(_queries()))


def test_the_no_pair_class_is_neutral_as_a_polarity() -> None:
    assert train_stance.classes_of("none") == ("support", "oppose", "neutral")
    assert train_stance.classes_of("class") == ("support", "oppose", "neutral", "none")
    assert train_stance.class_index("skip", train_stance.classes_of("class")) == 3
    assert [train_stance.as_polarity(c) for c in train_stance.classes_of("class")] == [
        "support", "oppose", "neutral", "neutral",
    ]  # fmt: skip


def test_a_lexicon_hint_model_reads_the_lexicons_answer(
    tiny_bert_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The feature is the lexicon backend's own polarity: «قطع الدعم عن» before Haftar is oppose.
    assert train_stance.lexicon_hints(_queries())[:3] == ["oppose", "neutral", "neutral"]
    out = tmp_path / "out"
    monkeypatch.setattr(train_stance, "load_labelled", _triples)
    args = ["--base", str(tiny_bert_dir), "--layers", "1", "--lora-rank", "4", "--batch-size", "4"]
    args += ["--out", str(out), "--checkpoint-dir", str(tmp_path / "ckpt"), "--val-share", "0"]
    assert train_stance.main([*args, "--epochs", "1", "--lexicon-hint"], log=lambda _m: None) == 0
    meta = json.loads((out / train_stance.META_FILE).read_text())
    assert meta["lexicon_hint"] is True and meta["hyperparameters"]["lexicon_hint"] is True
    classifier = registry.get_stance(str(out))
    assert classifier._loaded.lexicon_hint
    query = _queries()[0]
    assert classifier.encode(query, "oppose").input_ids != classifier.encode(query).input_ids
    assert [p.polarity in catalogue.STANCE_LABELS for p in classifier.classify(_queries())] == [True] * 4
