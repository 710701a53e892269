"""models.ner_data: CoNLL reading, label maps per source, strict BIO, and the guard on test files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from models import ner_data
from models.ner_data import (
    ANERCORP_MAP,
    AQMAR_MAP,
    FANE_COARSE_MAP,
    FANE_FINE_MAP,
    FANE_MAP,
    SOURCE_FILES,
    SOURCE_MAPS,
    TRAINING_LABELS,
    WOJOOD_MAP,
    NerSentence,
    TrainingOnTestError,
    labels_in,
    load_evaluation,
    load_own_file,
    load_source,
    load_training,
    map_tags,
    read_conll,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_NER = ner_data.shared_root() / "data" / "ner"
needs_shared = pytest.mark.skipif(not SHARED_NER.is_dir(), reason=f"{SHARED_NER} is absent")

# Which map reads each shared file: the fine FANE files and the .coarse ones alike go through FANE_MAP,
# but the coarse files must be covered by the coarse map alone.
FOLDER_MAPS = {
    "anercorp": ANERCORP_MAP,
    "aqmar": AQMAR_MAP,
    "wojood_sample": WOJOOD_MAP,
    "newsfane": FANE_FINE_MAP,
    "wikifane": FANE_FINE_MAP,
}


def _map_for(path: Path) -> dict[str, str | None]:
    return FANE_COARSE_MAP if path.name.endswith(".coarse.conll") else FOLDER_MAPS[path.parent.name]


TINY = "أردوغان\tB-PER\r\nفي\tO\r\nأنقرة\tB-GPE\r\n\r\n\r\n  \nوزارة\tB-ORG\nالدفاع\tI-ORG"


def test_read_conll_tiny_file(tmp_path: Path) -> None:
    path = tmp_path / "tiny.conll"
    # A byte-order mark, CRLF endings, a run of blank and whitespace-only lines, no final newline.
    path.write_text("\ufeff" + TINY, encoding="utf-8")
    assert read_conll(path) == [
        [("أردوغان", "B-PER"), ("في", "O"), ("أنقرة", "B-GPE")],
        [("وزارة", "B-ORG"), ("الدفاع", "I-ORG")],
    ]


def test_read_conll_rejects_a_line_without_a_tab(tmp_path: Path) -> None:
    path = tmp_path / "bad.conll"
    path.write_text("أردوغان\tB-PER\nفي O\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.conll:2"):
        read_conll(path)


def test_read_conll_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nope.conll"):
        read_conll(tmp_path / "nope.conll")


def test_map_tags_makes_strict_bio() -> None:
    # IOB1 (I- opening a span, B- only between two same-type neighbours) comes out as strict BIO.
    assert map_tags(["I-PERS", "I-PERS", "B-PERS", "O", "I-LOC"], ANERCORP_MAP) == [
        "B-PER",
        "I-PER",
        "B-PER",
        "O",
        "B-LOC",
    ]
    # Two fine types that map to one label stay two entities.
    assert map_tags(["B-Politician", "B-Athlete", "I-Athlete"], FANE_MAP) == ["B-PER", "B-PER", "I-PER"]


def test_map_tags_drops_and_collapses() -> None:
    tags = ["B-NORP", "I-NORP", "B-GPE", "I-GPE", "B-OCC", "B-PERS"]
    assert map_tags(tags, WOJOOD_MAP) == ["O", "O", "B-GPE", "I-GPE", "O", "B-PER"]
    assert map_tags(tags, WOJOOD_MAP, collapse_places=True) == ["O", "O", "B-LOC", "I-LOC", "O", "B-PER"]
    assert map_tags(["B-Group", "B-Nation"], FANE_MAP) == ["O", "B-GPE"]


def test_map_tags_refuses_an_unknown_label() -> None:
    with pytest.raises(ValueError, match="'EVENT'"):
        map_tags(["B-EVENT"], ANERCORP_MAP)


@pytest.mark.parametrize(
    "label_map", [ANERCORP_MAP, AQMAR_MAP, FANE_COARSE_MAP, FANE_FINE_MAP, WOJOOD_MAP], ids=repr
)
def test_maps_only_produce_training_labels(label_map: dict[str, str | None]) -> None:
    assert set(label_map.values()) <= {*TRAINING_LABELS, None}


def test_fine_and_coarse_fane_labels_do_not_collide() -> None:
    assert not set(FANE_FINE_MAP) & set(FANE_COARSE_MAP)


@needs_shared
@pytest.mark.shared
@pytest.mark.parametrize(
    "path", sorted(SHARED_NER.glob("*/*.conll")), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_every_shared_label_is_mapped_or_deliberately_dropped(path: Path) -> None:
    missing = labels_in(path) - set(_map_for(path))
    assert not missing, f"{path} has labels no map names: {sorted(missing)}"


@needs_shared
@pytest.mark.shared
def test_every_shared_conll_file_is_checked() -> None:
    folders = {p.parent.name for p in SHARED_NER.glob("*/*.conll")}
    assert folders <= set(FOLDER_MAPS)


@needs_shared
@pytest.mark.shared
@pytest.mark.parametrize(("name", "split"), [(n, s) for n, splits in SOURCE_FILES.items() for s in splits])
def test_every_source_split_loads(name: str, split: str) -> None:
    sentences = load_source(name, split)
    assert sentences and all(len(s.tokens) == len(s.tags) for s in sentences)
    labels = {tag[2:] for s in sentences for tag in s.tags if tag != "O"}
    assert labels <= set(TRAINING_LABELS)
    assert {s.source for s in sentences} == {name}
    assert set(SOURCE_MAPS) == set(SOURCE_FILES)


@needs_shared
@pytest.mark.shared
def test_anercorp_test_figures() -> None:
    # The benchmark split as meta.json describes it: 925 sentences, 25,008 tokens, 2,285 entities.
    sentences = load_evaluation("anercorp")
    assert len(sentences) == 925
    assert sum(len(s.tokens) for s in sentences) == 25008
    assert sum(tag.startswith("B-") for s in sentences for tag in s.tags) == 2285


# --- the guard on test files, on a tiny shared tree (runs without ../shared) ---------------------------


@pytest.fixture
def tiny_shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A shared folder with one-sentence files; tmp_path itself is under a test_* folder, on purpose."""
    root = tmp_path / "shared"
    for name, splits in SOURCE_FILES.items():
        for rel in splits.values():
            path = root / "data" / "ner" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            tag = {"anercorp": "B-LOC", "aqmar": "B-LOC", "wojood": "B-GPE"}.get(name, "B-Nation")
            path.write_text(f"تركيا\t{tag}\nو\tO\n", encoding="utf-8")
    monkeypatch.setenv(ner_data.SHARED_ENV, str(root))
    return root


@pytest.mark.parametrize("spec", ["anercorp:test", "newsfane:test", "wojood:test"])
def test_training_refuses_test_splits(tiny_shared: Path, spec: str) -> None:
    with pytest.raises(TrainingOnTestError, match="test"):
        load_training(["wikifane", spec])


def test_training_refuses_a_test_file_behind_another_split_name(
    tiny_shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Even if a table edit pointed a training split at a test file, the path check stops it.
    monkeypatch.setitem(SOURCE_FILES, "anercorp", {"train": "anercorp/test.conll"})
    with pytest.raises(TrainingOnTestError, match="anercorp/test.conll"):
        load_training(["anercorp"])


def test_training_loads_train_splits(tiny_shared: Path) -> None:
    sentences = load_training(["wikifane", "wojood", "newsfane"])
    assert [s.source for s in sentences] == ["wikifane", "wojood", "newsfane"]
    assert sentences[0] == NerSentence(("تركيا", "و"), ("B-GPE", "O"), "wikifane")
    tokens, tags = sentences[0]  # unpacks like the (words, tags) pairs a trainer reads
    assert (tokens, tags) == (("تركيا", "و"), ("B-GPE", "O"))


def test_own_files_are_read_in_our_labels_and_never_a_test_file(tmp_path: Path) -> None:
    own = tmp_path / "pseudo.conll"
    own.write_text("زار\tO\nأردوغان\tB-PER\nأنقرة\tB-GPE\n\nالناتو\tB-ORG\n", encoding="utf-8")
    sentences = load_own_file(own)
    assert [(s.tokens, s.tags) for s in sentences] == [
        (("زار", "أردوغان", "أنقرة"), ("O", "B-PER", "B-GPE")),
        (("الناتو",), ("B-ORG",)),
    ]
    assert sentences[0].source == "file:pseudo.conll"
    assert load_own_file(own, collapse_places=True)[0].tags == ("O", "B-PER", "B-LOC")
    # A corpus label is not ours: the file is named in the error.
    other = tmp_path / "corpus.conll"
    other.write_text("أردوغان\tB-PERS\n", encoding="utf-8")
    with pytest.raises(ValueError, match="corpus.conll"):
        load_own_file(other)
    test_file = tmp_path / "test.conll"
    test_file.write_text("أردوغان\tB-PER\n", encoding="utf-8")
    with pytest.raises(TrainingOnTestError, match="test.conll"):
        load_own_file(test_file)


def test_training_warns_when_places_conflict(tiny_shared: Path) -> None:
    with pytest.warns(UserWarning, match="collapse_places"):
        load_training(["anercorp", "wikifane"])
    collapsed = load_training(["anercorp", "wikifane"], collapse_places=True)
    assert [s.tags for s in collapsed] == [("B-LOC", "O"), ("B-LOC", "O")]


def test_training_warns_on_the_same_text_twice(tiny_shared: Path) -> None:
    with pytest.warns(UserWarning, match="same text"):
        load_training(["anercorp", "newsfane"], collapse_places=True)


def test_evaluation_loads_only_the_two_test_sets(tiny_shared: Path) -> None:
    assert load_evaluation("anercorp")[0].tags == ("B-LOC", "O")
    assert load_evaluation("newsfane")[0].tags == ("B-GPE", "O")
    with pytest.raises(KeyError, match="not an evaluation set"):
        load_evaluation("wikifane")


def test_missing_shared_names_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    absent = tmp_path / "absent"
    monkeypatch.setenv(ner_data.SHARED_ENV, str(absent))
    with pytest.raises(FileNotFoundError, match=str(absent)):
        load_source("anercorp", "train")
    with pytest.raises(FileNotFoundError, match=str(absent)):
        load_evaluation("newsfane")


def test_unknown_source_and_split(tiny_shared: Path) -> None:
    with pytest.raises(KeyError, match="unknown NER source"):
        load_source("conll2003", "train")
    with pytest.raises(KeyError, match="no split"):
        load_source("wikifane", "train")


def test_import_pulls_in_no_heavy_library() -> None:
    code = (
        "import sys, models.ner_data, models.evaluate_ner; "
        "assert not {'torch', 'transformers', 'streamlit'} & set(sys.modules), sys.modules.keys()"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True, timeout=60)
