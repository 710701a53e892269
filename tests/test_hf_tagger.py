"""The transformers backends: pure pre/post-processing exactly, tiny random checkpoints by invariants."""

from __future__ import annotations

import itertools
import json
import shutil
import socket
from pathlib import Path

import pytest

from models.base import TAGGER_LABELS, ModelUnavailable, StanceQuery, TaggedSpan
from models.catalogue import HUB_ENV, STANCE_LABELS
from models.hf_stance import mark_target, normalize_stance_label, polarity_indices, stance_pair
from models.hf_tagger import (
    checkpoint_source,
    chunk_ranges,
    normalize_label,
    spans_from_pipeline,
    trim_span,
)

# 0-2 قال, 9-15 الدفاع, 16-22 التركي, 23-33 خلوصي أكار, 37-42 أنقرة, 42 is «،».
SENTENCE = "قال وزير الدفاع التركي خلوصي أكار في أنقرة، إن الدعم يجب أن يتوقف."
SENTENCES = [
    SENTENCE,
    "وقال أكار خلال اجتماع مع باشاغا في أنقرة إنه يجب قطع الدعم عن خليفة حفتر",
    "رئيس المجلس الرئاسي الليبي فايز السراج في طرابلس.",
    "",
    "   ",
]


@pytest.fixture(autouse=True)
def _no_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(HUB_ENV, raising=False)


def _assert_valid_spans(spans: list[TaggedSpan], sentence: str) -> None:
    for span in spans:
        assert 0 <= span.start < span.end <= len(sentence)
        assert span.label in TAGGER_LABELS
        assert 0.0 <= span.score <= 1.0
        assert sentence[span.start] not in " ،." and sentence[span.end - 1] not in " ،."
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


# --- pure stages -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("PERS", "PER"),
        ("B-PER", "PER"),
        ("I-PERS", "PER"),
        ("person", "PER"),
        ("B-ORGANIZATION", "ORG"),
        ("ORG", "ORG"),
        ("LOCATION", "LOC"),
        ("I-LOC", "LOC"),
        ("B-GPE", "GPE"),
        ("MISC", None),
        ("B-MISC", None),
        ("DATE", None),
        ("O", None),
    ],
)
def test_normalize_label(label: str, expected: str | None) -> None:
    assert normalize_label(label) == expected


def test_spans_from_pipeline_maps_pers_to_per() -> None:
    outputs = [{"entity_group": "PERS", "start": 23, "end": 33, "score": 0.9, "word": "خلوصي أكار"}]
    assert spans_from_pipeline(outputs, SENTENCE) == [TaggedSpan(23, 33, "PER", 0.9)]
    assert SENTENCE[23:33] == "خلوصي أكار"


def test_spans_from_pipeline_drops_misc_and_unknown_labels() -> None:
    outputs = [
        {"entity_group": "MISC", "start": 16, "end": 22, "score": 0.8},
        {"entity_group": "DATE", "start": 0, "end": 3, "score": 0.8},
        {"entity_group": "LOC", "start": 37, "end": 42, "score": 0.7},
    ]
    assert spans_from_pipeline(outputs, SENTENCE) == [TaggedSpan(37, 42, "LOC", 0.7)]


def test_spans_from_pipeline_keeps_extra_labels_when_asked() -> None:
    outputs = [
        {"entity_group": "MISC", "start": 16, "end": 22, "score": 0.8},
        {"entity_group": "DATE", "start": 0, "end": 3, "score": 0.8},
    ]
    assert spans_from_pipeline(outputs, SENTENCE, {"MISC"}) == [TaggedSpan(16, 22, "MISC", 0.8)]
    assert normalize_label("B-MISC", {"MISC"}) == "MISC"
    assert normalize_label("B-PERS", {"MISC"}) == "PER"


def test_spans_from_pipeline_trims_whitespace_and_punctuation() -> None:
    # A span swept up with the space before and the Arabic comma after «أنقرة».
    outputs = [{"entity_group": "LOC", "start": 36, "end": 43, "score": 0.5}]
    assert spans_from_pipeline(outputs, SENTENCE) == [TaggedSpan(37, 42, "LOC", 0.5)]
    # A span that is only the comma vanishes.
    assert (
        spans_from_pipeline([{"entity_group": "PER", "start": 42, "end": 43, "score": 0.9}], SENTENCE) == []
    )


def test_spans_from_pipeline_sorts_resolves_overlaps_and_clamps() -> None:
    outputs = [
        {"entity_group": "LOC", "start": 37, "end": 42, "score": 0.6},
        {"entity": "B-ORG", "start": 9, "end": 22, "score": 0.4},  # aggregation "none" uses "entity"
        {"entity_group": "GPE", "start": 16, "end": 22, "score": 0.8},  # overlaps the ORG, scores higher
        {"entity_group": "PER", "start": 60, "end": 500, "score": 1.7},  # past the end, score > 1
        {"entity_group": "PER", "start": 0, "end": 3, "score": 0.3, "word": "قال"},
        {"entity_group": "PER", "start": None, "end": None, "score": 0.9},  # slow tokenizer: no offsets
    ]
    assert spans_from_pipeline(outputs, SENTENCE) == [
        TaggedSpan(0, 3, "PER", 0.3),
        TaggedSpan(16, 22, "GPE", 0.8),
        TaggedSpan(37, 42, "LOC", 0.6),
        TaggedSpan(60, 65, "PER", 1.0),
    ]


def test_trim_span() -> None:
    assert trim_span("« أنقرة »", 0, 9) == (2, 7)
    assert trim_span("، .", 0, 3) == (3, 3)
    assert trim_span("abc", -4, 10) == (0, 3)


def test_chunk_ranges_cuts_between_words() -> None:
    # Words: [0,3) | [4,7)+[7,9) | [10,13); the second word must not be split across chunks.
    offsets = [(0, 0), (0, 3), (4, 7), (7, 9), (10, 13), (0, 0)]
    assert chunk_ranges(offsets, 2) == [(0, 3), (4, 9), (10, 13)]
    assert chunk_ranges(offsets, 4) == [(0, 13)]
    assert chunk_ranges(offsets, 3) == [(0, 9), (10, 13)]


def test_chunk_ranges_cuts_inside_a_word_longer_than_the_limit() -> None:
    assert chunk_ranges([(0, 2), (2, 4), (4, 6)], 2) == [(0, 4), (4, 6)]
    assert chunk_ranges([], 5) == []


# --- checkpoint safety -------------------------------------------------------------------------------


def test_hub_id_is_refused_without_opt_in() -> None:
    with pytest.raises(ModelUnavailable, match=r"hub downloads are off; set MAJLIS_ALLOW_HUB=1"):
        checkpoint_source("CAMeL-Lab/bert-base-arabic-camelbert-msa-ner")


def test_hub_id_with_opt_in_never_allows_remote_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HUB_ENV, "1")
    ref, kwargs = checkpoint_source("owner/model")
    assert ref == "owner/model"
    assert kwargs == {"local_files_only": False, "trust_remote_code": False, "use_safetensors": True}


def test_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="no checkpoint folder"):
        checkpoint_source(tmp_path / "absent")
    with pytest.raises(ModelUnavailable, match="no config.json"):
        checkpoint_source(tmp_path)


@pytest.fixture(scope="module")
def pickle_only_dir(tiny_bert_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    import torch
    from safetensors.torch import load_file

    folder = tmp_path_factory.mktemp("pickle-only")
    for item in tiny_bert_dir.iterdir():
        if item.suffix != ".safetensors":
            shutil.copy(item, folder / item.name)
    torch.save(load_file(tiny_bert_dir / "model.safetensors"), folder / "pytorch_model.bin")
    return folder


def test_pickle_only_folder_is_refused(pickle_only_dir: Path) -> None:
    from models.hf_tagger import HFTokenTagger

    with pytest.raises(
        ModelUnavailable, match=r"only pickle weights \(pytorch_model.bin\).*allow_pickle=True"
    ):
        HFTokenTagger(pickle_only_dir)
    _, kwargs = checkpoint_source(pickle_only_dir, allow_pickle=True)
    assert kwargs == {"local_files_only": True, "trust_remote_code": False, "use_safetensors": False}


def test_pickle_only_folder_loads_when_explicitly_allowed(pickle_only_dir: Path) -> None:
    from models.hf_tagger import HFTokenTagger

    tagger = HFTokenTagger(pickle_only_dir, allow_pickle=True)
    [spans] = tagger.tag([SENTENCE])
    _assert_valid_spans(spans, SENTENCE)


def test_loading_never_trusts_remote_code(tiny_bert_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import transformers

    from models.hf_tagger import HFTokenTagger

    calls: list[dict] = []
    for cls in (transformers.AutoTokenizer, transformers.AutoModelForTokenClassification):
        original = cls.from_pretrained

        def spy(*args, _original=original, **kwargs):
            calls.append(kwargs)
            return _original(*args, **kwargs)

        monkeypatch.setattr(cls, "from_pretrained", spy)
    HFTokenTagger(tiny_bert_dir)
    assert len(calls) == 2
    assert all(call["trust_remote_code"] is False and call["local_files_only"] is True for call in calls)
    assert calls[1]["use_safetensors"] is True


def test_hub_id_fails_before_any_network_or_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    import transformers

    from models.hf_tagger import HFTokenTagger

    def forbidden(*args, **kwargs):
        raise AssertionError("tried to load or connect")

    monkeypatch.setattr(socket.socket, "connect", forbidden)
    monkeypatch.setattr(transformers.AutoTokenizer, "from_pretrained", forbidden)
    monkeypatch.setattr(transformers.AutoModelForTokenClassification, "from_pretrained", forbidden)
    with pytest.raises(ModelUnavailable, match="MAJLIS_ALLOW_HUB=1"):
        HFTokenTagger("CAMeL-Lab/bert-base-arabic-camelbert-msa-ner")


# --- the token tagger on a tiny random checkpoint ----------------------------------------------------


@pytest.fixture(scope="module")
def tagger(tiny_bert_dir: Path):
    from models.hf_tagger import HFTokenTagger

    return HFTokenTagger(tiny_bert_dir, batch_size=2)


def test_tagger_spans_are_valid(tagger, tiny_bert_dir: Path) -> None:
    results = tagger.tag(SENTENCES)
    assert len(results) == len(SENTENCES)
    for spans, sentence in zip(results, SENTENCES, strict=True):
        _assert_valid_spans(spans, sentence)
        assert {span.label for span in spans} <= set(tagger.labels)
    assert results[3] == [] and results[4] == []
    assert tagger.name == tiny_bert_dir.name
    assert tagger.labels == ("LOC", "ORG", "PER")
    assert tagger.tag([]) == []


def test_tagger_is_deterministic_across_batch_sizes(tagger) -> None:
    from models.hf_tagger import HFTokenTagger

    one_by_one = [tagger.tag([s])[0] for s in SENTENCES]
    assert [[(s.start, s.end, s.label) for s in spans] for spans in tagger.tag(SENTENCES)] == [
        [(s.start, s.end, s.label) for s in spans] for spans in one_by_one
    ]
    assert isinstance(tagger, HFTokenTagger)


def test_long_sentence_does_not_crash(tagger) -> None:
    words = SENTENCES[1].split()
    sentence = " ".join(words[i % len(words)] for i in range(2000))
    chunks = tagger.chunks(sentence)
    assert len(chunks) > 1
    assert all(a_end < b_start for (_, a_end), (b_start, _) in itertools.pairwise(chunks))
    for start, end in chunks:
        pieces = tagger.tokenizer(sentence[start:end], add_special_tokens=False)["input_ids"]
        assert len(pieces) <= tagger.max_pieces
    [spans] = tagger.tag([sentence])
    _assert_valid_spans(spans, sentence)
    assert spans[-1].start > len(sentence) // 2  # the tail was tagged too, not truncated away


def test_chunk_offsets_are_remapped(tiny_bert_dir: Path) -> None:
    from models.hf_tagger import HFTokenTagger

    half = SENTENCES[1]
    tagger = HFTokenTagger(tiny_bert_dir)
    n_pieces = len(tagger.tokenizer(half, add_special_tokens=False)["input_ids"])
    chunked = HFTokenTagger(tiny_bert_dir, max_pieces=n_pieces)
    doubled = f"{half} {half}"
    assert chunked.chunks(doubled) == [(0, len(half)), (len(half) + 1, len(doubled))]
    [first] = tagger.tag([half])
    assert first, "the seeded random model should tag something in this sentence"
    shift = len(half) + 1
    expected = [(s.start, s.end, s.label) for s in first] + [
        (s.start + shift, s.end + shift, s.label) for s in first
    ]
    assert [(s.start, s.end, s.label) for s in chunked.tag([doubled])[0]] == expected


def test_registry_loads_local_folders(tiny_bert_dir: Path) -> None:
    from models.hf_tagger import HFTokenTagger
    from models.registry import get_tagger

    assert isinstance(get_tagger(str(tiny_bert_dir)), HFTokenTagger)
    tagger = get_tagger(f"hf:{tiny_bert_dir}", name="tiny")
    assert isinstance(tagger, HFTokenTagger) and tagger.name == "tiny"


# --- stance ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("support", "support"),
        ("FAVOR", "support"),
        ("favor", "support"),
        ("AGAINST", "oppose"),
        ("oppose", "oppose"),
        ("NONE", "neutral"),
        ("neutral", "neutral"),
        ("LABEL_0", "neutral"),
    ],
)
def test_normalize_stance_label(label: str, expected: str) -> None:
    assert normalize_stance_label(label) == expected


def test_mark_target_and_pair() -> None:
    sentence = "قال أكار إن حفتر انقلابي"
    start = sentence.index("حفتر")
    assert mark_target(sentence, start, start + 4) == "قال أكار إن «حفتر» انقلابي"
    assert mark_target(sentence, -1, -1) == sentence
    assert mark_target(sentence, 3, 100) == sentence
    query = StanceQuery("أكار", "حفتر", sentence, start, start + 4)
    assert stance_pair(query, "[SEP]") == ("أكار [SEP] حفتر", "قال أكار إن «حفتر» انقلابي")


def test_polarity_indices() -> None:
    assert polarity_indices({0: "FAVOR", 1: "AGAINST", 2: "NONE"}) == {
        "support": [0],
        "oppose": [1],
        "neutral": [2],
    }
    assert polarity_indices({"1": "neutral", "0": "support"}) == {
        "support": [0],
        "oppose": [],
        "neutral": [1],
    }


def _stance_queries() -> list[StanceQuery]:
    sentence = SENTENCES[1]
    start = sentence.index("خليفة حفتر")
    return [
        StanceQuery("أكار", "خليفة حفتر", sentence, start, start + len("خليفة حفتر")),
        StanceQuery("أكار", "باشاغا", sentence),
        StanceQuery("فايز السراج", "تركيا", SENTENCES[2]),
    ]


def test_stance_predictions(tiny_bert_stance_dir: Path) -> None:
    from models.hf_stance import HFStanceClassifier
    from models.registry import get_stance

    classifier = get_stance(str(tiny_bert_stance_dir), batch_size=2)
    assert isinstance(classifier, HFStanceClassifier)
    assert classifier.name == tiny_bert_stance_dir.name
    queries = _stance_queries()
    predictions = classifier.classify(queries)
    assert len(predictions) == len(queries)
    for prediction in predictions:
        assert prediction.polarity in STANCE_LABELS
        assert 1 / 3 - 1e-6 <= prediction.confidence <= 1.0  # the winning class of three has >= 1/3
    one_by_one = [classifier.classify([q])[0] for q in queries]
    assert [p.polarity for p in one_by_one] == [p.polarity for p in predictions]
    assert [p.confidence for p in one_by_one] == pytest.approx([p.confidence for p in predictions], abs=1e-5)
    assert classifier.classify([]) == []


def test_stance_refuses_checkpoints_without_stance_labels(tiny_bert_stance_dir: Path, tmp_path: Path) -> None:
    from models.hf_stance import HFStanceClassifier

    folder = shutil.copytree(tiny_bert_stance_dir, tmp_path / "generic")
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    config["id2label"] = {"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"}
    config["label2id"] = {"LABEL_0": 0, "LABEL_1": 1, "LABEL_2": 2}
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ModelUnavailable, match="neither a support nor an oppose"):
        HFStanceClassifier(folder)
