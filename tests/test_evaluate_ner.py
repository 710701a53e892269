"""models.evaluate_ner: exact-span scores, char spans back to token tags, and the CLI's printed format."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from models import evaluate_ner, registry
from models.base import TAGGER_LABELS, TaggedSpan
from models.evaluate_ner import ANERCORP_EVAL, score_spans, spans_of, tag_tokens
from models.ner_data import read_conll, spans_from_bio

REPO_ROOT = Path(__file__).resolve().parent.parent

# Gold: 4 entities. (0: محمد علي PER, أنقرة GPE; 1: وزارة الدفاع التركية ORG, تركيا GPE)
GOLD_CONLL = """محمد\tB-PER
علي\tI-PER
زار\tO
أنقرة\tB-GPE
.\tO

وزارة\tB-ORG
الدفاع\tI-ORG
التركية\tI-ORG
في\tO
تركيا\tB-GPE
"""
# Prediction: 3 entities, 2 exact (محمد علي PER, تركيا GPE); the ORG stops one token short.
# micro: P = 2/3, R = 2/4, F1 = 2·(2/3)(1/2) / (2/3 + 1/2) = 4/7 = 0.5714.
# PER: P = R = F1 = 1 (n=1). GPE: P = 1/1, R = 1/2, F1 = 2/3 (n=2). ORG: P = R = F1 = 0 (n=1).
PRED_CONLL = """محمد\tB-PER
علي\tI-PER
زار\tO
أنقرة\tO
.\tO

وزارة\tB-ORG
الدفاع\tI-ORG
التركية\tO
في\tO
تركيا\tB-GPE
"""


def _tags(path: Path) -> list[list[str]]:
    return [[tag for _, tag in sentence] for sentence in read_conll(path)]


def test_score_spans_on_tiny_files(tmp_path: Path) -> None:
    (tmp_path / "gold.conll").write_text(GOLD_CONLL, encoding="utf-8")
    (tmp_path / "pred.conll").write_text(PRED_CONLL, encoding="utf-8")
    scores = score_spans(spans_of(_tags(tmp_path / "gold.conll")), spans_of(_tags(tmp_path / "pred.conll")))
    micro = scores["micro"]
    assert (micro["gold"], micro["pred"], micro["correct"]) == (4, 3, 2)
    assert micro["precision"] == pytest.approx(2 / 3)
    assert micro["recall"] == pytest.approx(0.5)
    assert micro["f1"] == pytest.approx(4 / 7)
    assert f"{micro['f1']:.4f}" == "0.5714"
    per = scores["per_type"]
    assert list(per) == ["GPE", "ORG", "PER"]
    assert (per["PER"]["precision"], per["PER"]["recall"], per["PER"]["f1"], per["PER"]["gold"]) == (
        1,
        1,
        1,
        1,
    )
    assert (per["GPE"]["precision"], per["GPE"]["recall"], per["GPE"]["gold"]) == (1, 0.5, 2)
    assert per["GPE"]["f1"] == pytest.approx(2 / 3)
    assert (per["ORG"]["precision"], per["ORG"]["recall"], per["ORG"]["f1"], per["ORG"]["gold"]) == (
        0,
        0,
        0,
        1,
    )


def test_score_spans_counts_a_type_only_predicted() -> None:
    scores = score_spans([set()], [{(0, 0, 1, "LOC")}])
    assert scores["micro"]["f1"] == 0.0
    assert scores["per_type"]["LOC"] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "gold": 0,
        "pred": 1,
        "correct": 0,
    }


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        ([], []),
        (["O", "O"], []),
        (["O", "I-PER", "I-PER", "O"], [(1, 3, "PER")]),  # I- after O starts a span
        (["B-PER", "I-ORG", "I-ORG"], [(0, 1, "PER"), (1, 3, "ORG")]),  # a type change starts a new one
        (["B-PER", "B-PER", "I-PER"], [(0, 1, "PER"), (1, 3, "PER")]),  # B-B: two adjacent entities
        (["I-LOC", "I-LOC", "B-LOC"], [(0, 2, "LOC"), (2, 3, "LOC")]),  # IOB1 reads the same way
        (["O", "B-GPE", "I-GPE"], [(1, 3, "GPE")]),  # a span running to the end of the sentence
        (["B-Population-Center", "I-Population-Center"], [(0, 2, "Population-Center")]),
    ],
)
def test_spans_from_bio_edge_cases(tags: list[str], spans: list[tuple[int, int, str]]) -> None:
    assert spans_from_bio(tags) == spans


class FakeTagger:
    """Tags every occurrence of fixed strings, and records the size of each batch it is given.

    Like the model backends, it emits a label outside TAGGER_LABELS (MISC) only when asked to.
    """

    name = "fake-eval"

    def __init__(
        self,
        marks: dict[str, str] | None = None,
        extra_labels: Sequence[str] = (),
        **_options: object,
    ) -> None:
        marks = marks if marks is not None else {"أردوغان": "PER", "تركيا": "GPE", "المطر": "MISC"}
        self.marks = {k: v for k, v in marks.items() if v in TAGGER_LABELS or v in extra_labels}
        self.batches: list[int] = []

    def tag(self, sentences: Sequence[str]) -> list[list[TaggedSpan]]:
        self.batches.append(len(sentences))
        out = []
        for text in sentences:
            spans = []
            for needle, label in self.marks.items():
                start = text.find(needle)
                while start >= 0:
                    spans.append(TaggedSpan(start, start + len(needle), label))
                    start = text.find(needle, start + 1)
            out.append(sorted(spans, key=lambda s: s.start))
        return out


def test_tag_tokens_clitic_stripped_span_counts_the_whole_token() -> None:
    # "زار أردوغان وتركيا" : the GPE span covers «تركيا» (13..18) inside the token «وتركيا» (12..18).
    tagger = FakeTagger()
    tags = tag_tokens(tagger, [["زار", "أردوغان", "وتركيا", "أمس"]], ANERCORP_EVAL.pred_map)
    assert tags == [["O", "B-PERS", "B-LOC", "O"]]  # GPE is scored as LOC against ANERcorp


def test_tag_tokens_partial_multi_token_span_and_unmapped_labels() -> None:
    # «وزارة الدف» ends inside «الدفاع»: both tokens belong to the span; MISC is not in the map.
    tagger = FakeTagger({"وزارة الدف": "ORG", "المطر": "MISC"}, extra_labels=["MISC"])
    tags = tag_tokens(tagger, [["وزارة", "الدفاع", "التركية", "المطر"]], {"ORG": "ORG"})
    assert tags == [["B-ORG", "I-ORG", "O", "O"]]


def test_tag_tokens_overlapping_spans_first_keeps_the_token() -> None:
    tagger = FakeTagger({"رجب طيب": "PER", "طيب أردوغان": "ORG"})
    tags = tag_tokens(tagger, [["رجب", "طيب", "أردوغان"]], {"PER": "PER", "ORG": "ORG"})
    # The ORG span's first token is taken, so the ORG span is dropped whole.
    assert tags == [["B-PER", "I-PER", "O"]]


def test_tag_tokens_batches_and_keeps_order() -> None:
    tagger = FakeTagger()
    sentences = [["أردوغان"], ["قال"], ["تركيا"], ["أمس"], ["أردوغان", "تركيا"]]
    tags = tag_tokens(tagger, sentences, {"PER": "PER", "GPE": "GPE"}, batch_size=2)
    assert tagger.batches == [2, 2, 1]
    assert tags == [["B-PER"], ["O"], ["B-GPE"], ["O"], ["B-PER", "B-GPE"]]


# --- the CLI --------------------------------------------------------------------------------------------

ANERCORP_TINY = """التقى\tO
وزير\tO
الخارجية\tO
التركي\tO
أردوغان\tB-PERS
في\tO
أنقرة\tB-LOC
مع\tO
المطر\tB-MISC

وقالت\tO
وكالة\tB-ORG
الأناضول\tI-ORG
إن\tO
تركيا\tB-LOC
وافقت\tO
"""
NEWSFANE_TINY = """أردوغان\tB-Politician
زار\tO
تركيا\tB-Nation
والصينيون\tB-Group
.\tO

وكالة\tB-Media
الأناضول\tI-Media
في\tO
أنقرة\tB-Population-Center
"""


def _tiny_files(tmp_path: Path) -> tuple[Path, Path]:
    anercorp = tmp_path / "anercorp.conll"
    newsfane = tmp_path / "newsfane.conll"
    anercorp.write_text(ANERCORP_TINY, encoding="utf-8")
    newsfane.write_text(NEWSFANE_TINY, encoding="utf-8")
    return anercorp, newsfane


def test_cli_exact_output_with_a_fake_tagger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(registry._TAGGERS, "fake-eval", FakeTagger)
    anercorp, newsfane = _tiny_files(tmp_path)
    argv = ["--tagger", "fake-eval", "--gold-anercorp", str(anercorp), "--gold-newsfane", str(newsfane)]
    assert evaluate_ner.main(argv) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if not line.startswith("sentences/second")]
    # ANERcorp: gold PERS أردوغان, LOC أنقرة, MISC المطر, ORG وكالة الأناضول, LOC تركيا (5);
    # predicted PERS أردوغان, LOC تركيا (GPE scored as LOC) and MISC المطر, which the CLI asked the
    # tagger to keep: P = 3/3, R = 3/5, F1 = 3/4.
    # NewsFANE: Group is dropped, so gold is PER, GPE تركيا, ORG, GPE أنقرة (4); predicted PER and
    # GPE تركيا: P = 1, R = 1/2, F1 = 2/3.
    assert lines == [
        "tagger: fake-eval (requested fake-eval)",
        "",
        "ANERcorp test",
        "micro-F1 = 0.7500",
        "LOC  P=1.0000  R=0.5000  F1=0.6667  (n=2)",
        "MISC  P=1.0000  R=1.0000  F1=1.0000  (n=1)",
        "ORG  P=0.0000  R=0.0000  F1=0.0000  (n=1)",
        "PERS  P=1.0000  R=1.0000  F1=1.0000  (n=1)",
        "",
        "NewsFANE test",
        "micro-F1 = 0.6667",
        "GPE  P=1.0000  R=0.5000  F1=0.6667  (n=2)",
        "ORG  P=0.0000  R=0.0000  F1=0.0000  (n=1)",
        "PER  P=1.0000  R=1.0000  F1=1.0000  (n=1)",
    ]


def test_cli_rules_tagger_prints_the_agreed_format(tmp_path: Path) -> None:
    anercorp, newsfane = _tiny_files(tmp_path)
    # No shared folder at all: the override files are all the CLI needs.
    env = {**os.environ, "MAJLIS_SHARED": str(tmp_path / "absent")}
    command = [sys.executable, "-m", "models.evaluate_ner", "--tagger", "rules"]
    command += ["--gold-anercorp", str(anercorp), "--gold-newsfane", str(newsfane), "--limit", "5"]
    done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "tagger: rules (requested rules)"
    type_line = re.compile(r"([A-Z]+)  P=[01]\.\d{4}  R=[01]\.\d{4}  F1=[01]\.\d{4}  \(n=(\d+)\)")
    for header, gold_counts in (
        ("ANERcorp test", {"LOC": 2, "MISC": 1, "ORG": 1, "PERS": 1}),
        ("NewsFANE test", {"GPE": 2, "ORG": 1, "PER": 1}),
    ):
        at = lines.index(header)
        assert re.fullmatch(r"micro-F1 = [01]\.\d{4}", lines[at + 1])
        counts: dict[str, int] = {}
        end = at + 2
        while (match := type_line.fullmatch(lines[end])) is not None:
            counts[match.group(1)] = int(match.group(2))
            end += 1
        assert list(counts) == sorted(counts)
        # Every gold type is listed with its count; a type only the tagger emitted shows n=0.
        assert {label: n for label, n in counts.items() if n} == gold_counts
        assert re.fullmatch(r"sentences/second = [\d.]+  \(2 sentences in [\d.]+ s\)", lines[end])


def test_cli_without_shared_exits_2(tmp_path: Path) -> None:
    env = {**os.environ, "MAJLIS_SHARED": str(tmp_path / "absent")}
    command = [sys.executable, "-m", "models.evaluate_ner", "--tagger", "rules"]
    done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert str(tmp_path / "absent") in done.stderr
    assert "NER data folder not found" in done.stderr


def test_cli_unknown_set_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert evaluate_ner.main(["--sets", "wikifane"]) == 2
    assert "wikifane" in capsys.readouterr().err


def test_cli_reports_a_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    anercorp, _ = _tiny_files(tmp_path)
    missing = tmp_path / "no-such-model"
    argv = ["--tagger", str(missing), "--sets", "anercorp", "--gold-anercorp", str(anercorp)]
    assert evaluate_ner.main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"tagger: rules (requested {missing})\nwarning: Model ")
    assert "using the rules backend" in out
