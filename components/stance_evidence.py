"""The stance drill-down: every evidence sentence of a chosen pair, speaker and target highlighted."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from components.article_view import _whole_words
from components.stance_matrix import StancePairs, pair_rows
from components.style import POLARITY_COLOURS, POLARITY_LABELS, bilingual
from pipeline.rows import StanceRow

Spans = tuple[tuple[int, int], ...]
# Finds the speaker's and target's spans in a row's evidence sentence: ((), ()) when it cannot tell.
SpanFinder = Callable[[StanceRow], tuple[Spans, Spans]]
ROLE_CLASSES = {"speaker": "stance-speaker", "target": "stance-target"}
EVIDENCE_CSS = """
<style>
.majlis-evidence { direction: rtl; text-align: right; line-height: 2; margin: .25rem 0 .75rem; }
.majlis-evidence mark.stance-speaker { background: #dbe9f7; border-bottom: 2px solid #2e6fba; }
.majlis-evidence mark.stance-target { background: #fde2c4; border-bottom: 2px solid #c5700f; }
.majlis-evidence .stance-badge { font-size: .85em; padding: 0 .4em; border-radius: .3em; color: #fff; }
.majlis-evidence .stance-meta { color: #666; font-size: .85em; }
</style>
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True).replace("\r", " ").replace("\n", " ")


def evidence_html(text: str, speaker_spans: Spans = (), target_spans: Spans = ()) -> str:
    """The sentence escaped, with the speaker's and target's names in <mark> tags of their role.

    Spans are widened to whole words (a mark inside a word would break the joining of its
    letters); a span outside the text or overlapping an earlier one is skipped.
    """
    marks = sorted(
        [(*_whole_words(text, s, e), "speaker") for s, e in speaker_spans if 0 <= s < e <= len(text)]
        + [(*_whole_words(text, s, e), "target") for s, e in target_spans if 0 <= s < e <= len(text)]
    )
    out: list[str] = []
    pos = 0
    for start, end, role in marks:
        if start < pos:
            continue
        out.append(_esc(text[pos:start]))
        out.append(f'<mark class="{ROLE_CLASSES[role]}">{_esc(text[start:end])}</mark>')
        pos = end
    out.append(_esc(text[pos:]))
    return "".join(out)


def evidence_card_html(row: StanceRow, speaker_spans: Spans = (), target_spans: Spans = ()) -> str:
    """One evidence item: polarity badge, confidence, outlet and date, then the highlighted sentence."""
    ar, en = POLARITY_LABELS.get(row.polarity, (row.polarity, row.polarity))
    colour = POLARITY_COLOURS.get(row.polarity, "#888888")
    meta = " · ".join(x for x in (row.source, row.date) if x)
    return (
        '<div class="majlis-evidence" dir="rtl" lang="ar">'
        f'<span class="stance-badge" style="background:{colour}">{_esc(bilingual(ar, en))}</span> '
        f'<span class="stance-meta">{row.confidence:.2f}{" · " + _esc(meta) if meta else ""}</span><br>'
        f"{evidence_html(row.evidence, speaker_spans, target_spans)}</div>"
    )


def pair_choices(pairs: StancePairs) -> list[tuple[str, str]]:
    """The (speaker, target) pairs with a stance, the most evidence first, then by ids."""
    found = [(pair, len(pair_rows(pairs, *pair))) for pair in pairs]
    return [pair for pair, n in sorted(found, key=lambda x: (-x[1], x[0])) if n]


def pair_label(pair: tuple[str, str], names: Mapping[str, str], n: int) -> str:
    """A pair as a selectbox line; labelled parts, not an arrow, which bidi can turn around."""
    speaker, target = pair
    return (
        f"المصدر · source: {names.get(speaker, speaker)} | الهدف · target: {names.get(target, target)} ({n})"
    )


def select_pair(pairs: StancePairs, names: Mapping[str, str], *, key: str) -> tuple[str, str] | None:
    """A selectbox over the pairs; None when there is none."""
    choices = pair_choices(pairs)
    if not choices:
        return None
    return st.selectbox(
        "الزوج · Pair (source → target)",
        choices,
        format_func=lambda p: pair_label(p, names, len(pair_rows(pairs, *p))),
        key=key,
    )


def render_evidence_list(rows: Sequence[StanceRow], spans_of: SpanFinder, *, limit: int = 50) -> None:
    """The evidence cards of a pair, newest first, speaker in blue and target in orange."""
    st.markdown(EVIDENCE_CSS, unsafe_allow_html=True)
    shown = sorted(rows, key=lambda r: (r.date or "", r.article, r.sentence), reverse=True)[:limit]
    # unsafe_allow_html is safe: evidence_card_html escapes every piece of article text.
    st.markdown("".join(evidence_card_html(r, *spans_of(r)) for r in shown), unsafe_allow_html=True)
    if len(rows) > limit:
        st.caption(f"… +{len(rows) - limit}")
