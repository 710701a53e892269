"""The stance views beyond the matrix: per-actor bars, evidence with speaker and target marked, a pair over time."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from components.stance_bars import actor_balance, build_stance_bars_figure, stance_actors
from components.stance_chart import article_pairs, stance_names
from components.stance_evidence import evidence_card_html, evidence_html, pair_choices, pair_label
from components.stance_over_time import build_pair_over_time_figure, dated_stances, running_balance
from components.style import POLARITY_LABELS, bilingual
from pipeline.records import Analysis, Stance
from pipeline.rows import StanceRow, stance_spans

FIXTURE = Path(__file__).parent / "fixtures" / "analysis_seedlike.json"


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    # Three stances: الحداد supports the League, منصور opposes it, العلي supports Jordan; one more
    # for the League pair so the bars have something to add up.
    base = Analysis.from_dict(json.loads(FIXTURE.read_text(encoding="utf-8")))
    extra = Stance("e1", "e5", "oppose", 0.7, 4, base.sentences[4].text)
    return replace(base, stances=(*base.stances, extra))


def _row(date: str | None, polarity: str, n: int) -> StanceRow:
    return StanceRow(f"a{n}", date, "وكالة", "e1", "أ", "e2", "ب", polarity, 0.8, 1, f"جملة {n}", key=f"k{n}")


def test_spans_of_speaker_and_target_come_from_mentions(analysis: Analysis) -> None:
    speaker, target = stance_spans(analysis, "e1", "e6", 4)
    text = analysis.sentences[4].text
    assert [text[s:e] for s, e in speaker] == ["الحداد"]
    assert [text[s:e] for s, e in target] == ["جامعة الدول العربية"]
    # «الجامعة» is the League's mention in sentence 5: a title-like short name is marked too.
    _, target5 = stance_spans(analysis, "e2", "e6", 5)
    assert [analysis.sentences[5].text[s:e] for s, e in target5] == ["الجامعة"]
    # A speaker not named in the sentence (carried over) has no span; unknown ids and sentences give none.
    assert stance_spans(analysis, "e3", "e6", 4) == ((), ((29, 48),))
    assert stance_spans(analysis, "ghost", "e6", 99) == ((), ())


def test_evidence_html_marks_roles_and_escapes() -> None:
    text = "قال <b>الوزير</b> زيد إن عمرو مخطئ"
    zaid, amr = text.index("زيد"), text.index("عمرو")
    html = evidence_html(text, ((zaid, zaid + 3),), ((amr, amr + 4),))
    assert html == (
        'قال &lt;b&gt;الوزير&lt;/b&gt; <mark class="stance-speaker">زيد</mark> إن '
        '<mark class="stance-target">عمرو</mark> مخطئ'
    )
    # Marks cover whole words (a clitic «و» stays inside), and bad or overlapping spans are dropped.
    text2 = "ورحب وزيد بعمرو"
    w = text2.index("زيد")
    assert evidence_html(text2, ((w, w + 3), (50, 60)), ((w, w + 3),)) == (
        'ورحب <mark class="stance-speaker">وزيد</mark> بعمرو'
    )


def test_evidence_card_shows_polarity_confidence_and_source() -> None:
    row = replace(_row("2024-03-12", "oppose", 1), evidence="<script>x</script>")
    card = evidence_card_html(row)
    assert "<script>" not in card and "&lt;script&gt;x&lt;/script&gt;" in card
    assert bilingual(*POLARITY_LABELS["oppose"]) in card
    assert "0.80 · وكالة · 2024-03-12" in card and 'dir="rtl"' in card


def test_pairs_are_offered_most_evidence_first(analysis: Analysis) -> None:
    pairs = article_pairs(analysis)
    assert pair_choices(pairs) == [("e1", "e5"), ("e1", "e6"), ("e2", "e6"), ("e3", "e5")]
    names = stance_names(analysis)
    assert pair_label(("e1", "e6"), names, 1) == (
        "المصدر · source: سامي الحداد | الهدف · target: جامعة الدول العربية (1)"
    )


def test_actor_balance_given_and_received(analysis: Analysis) -> None:
    pairs = article_pairs(analysis)
    given = actor_balance(pairs, "e1", direction="given")
    assert [(o, dict(c)) for o, c in given] == [("e5", {"oppose": 1}), ("e6", {"support": 1})]
    received = actor_balance(pairs, "e6", direction="received")
    assert [(o, dict(c)) for o, c in received] == [("e1", {"support": 1}), ("e2", {"oppose": 1})]
    assert stance_actors(pairs, str) == ["e1", "e5", "e6", "e2", "e3"]
    with pytest.raises(ValueError, match="direction"):
        actor_balance(pairs, "e1", direction="sideways")


def test_bars_diverge_oppose_left_support_right(analysis: Analysis) -> None:
    fig = build_stance_bars_figure(article_pairs(analysis), stance_names(analysis), "e1")
    bars = {t.name: t for t in fig.data}
    assert set(bars) == {"oppose", "support", "neutral"}
    assert list(bars["oppose"].y) == ["e5", "e6"]
    assert list(bars["oppose"].x) == [-1, 0] and list(bars["support"].x) == [0, 1]
    assert list(bars["neutral"].x) == [0, 0]
    assert list(fig.layout.yaxis.ticktext) == ["الأردن", "جامعة الدول العربية"]
    assert fig.layout.barmode == "relative"


def test_pair_over_time_points_and_running_balance() -> None:
    rows = [_row("2024-03-01", "support", 1), _row(None, "oppose", 2), _row("2024-02-01", "oppose", 3),
            _row("2024-04-01", "oppose", 4), _row("2024-05-01", "other", 5)]  # fmt: skip
    dated, undated = dated_stances(rows)
    assert [r.article for r in dated] == ["a3", "a1", "a4"] and undated == 1
    assert running_balance(dated) == [-1.0, 0.0, -0.3333]
    fig = build_pair_over_time_figure(rows, {"e1": "أ", "e2": "ب"}, "e1", "e2")
    traces = {t.name: t for t in fig.data}
    assert list(traces["balance"].x) == ["2024-02-01", "2024-03-01", "2024-04-01"]
    assert list(traces["oppose"].x) == ["2024-02-01", "2024-04-01"] and list(traces["oppose"].y) == [-1, -1]
    assert list(traces["support"].customdata) == ["k1"] and "neutral" not in traces
