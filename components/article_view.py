"""The article laid out again right-to-left, with entity mentions highlighted by type."""

from __future__ import annotations

import html
from collections import defaultdict
from itertools import groupby

import streamlit as st

from components import FOCUS_ENTITY_KEY, FOCUS_SENTENCE_KEY
from components.style import ENTITY_COLOURS, ENTITY_LABELS, bilingual, markdown_text
from pipeline.records import Analysis, Entity

_ARTICLE_OPEN = '<div dir="rtl" lang="ar" class="majlis-article">'


def _esc(text: str) -> str:
    # Newlines become spaces because a blank line would end the HTML block in st.markdown and let
    # Markdown (and its $…$ maths) loose on the article text.
    return html.escape(text, quote=True).replace("\r", " ").replace("\n", " ")


def _mention_title(entity: Entity) -> str:
    ar, en = ENTITY_LABELS.get(entity.type, (entity.type, entity.type))
    parts = [entity.name]
    if entity.name_en:
        parts.append(entity.name_en)
    parts.append(bilingual(ar, en))
    if entity.role:
        parts.append(entity.role)
    return " · ".join(parts)


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to the whole words it touches: "بأنقرة" is marked whole, never "ب" + "أنقرة".

    Mentions exclude attached clitics, but a mark boundary inside a word breaks the joining of
    Arabic letters in the browser; the record keeps the exact offsets.
    """
    while start > 0 and _is_arabic_letter(text[start - 1]) and _is_arabic_letter(text[start]):
        start -= 1
    while end < len(text) and _is_arabic_letter(text[end]) and _is_arabic_letter(text[end - 1]):
        end += 1
    return start, end


def _is_arabic_letter(ch: str) -> bool:
    return "\u0621" <= ch <= "\u065f" or ch == "\u0640"


def _spans_by_sentence(analysis: Analysis) -> dict[int, list[tuple[int, int, Entity]]]:
    """Valid, non-overlapping mention spans per sentence, sorted by start.

    A mention with offsets outside its sentence, or one overlapping a span already kept (nested
    taggers can emit both "وزير الخارجية" and "الخارجية"), is skipped: the longer-first order keeps the
    outer one.
    """
    texts = {s.index: s.text for s in analysis.sentences}
    candidates: dict[int, list[tuple[int, int, Entity]]] = defaultdict(list)
    for entity in analysis.entities:
        for m in entity.mentions:
            text = texts.get(m.sentence)
            if text is None or not (0 <= m.start < m.end <= len(text)):
                continue
            start, end = _whole_words(text, m.start, m.end)
            candidates[m.sentence].append((start, end, entity))
    kept: dict[int, list[tuple[int, int, Entity]]] = {}
    for sentence, spans in candidates.items():
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        chosen: list[tuple[int, int, Entity]] = []
        for span in spans:
            if chosen and span[0] < chosen[-1][1]:
                continue
            chosen.append(span)
        kept[sentence] = chosen
    return kept


def _sentence_html(text: str, spans: list[tuple[int, int, Entity]], focus_entity: str | None) -> str:
    out: list[str] = []
    pos = 0
    for start, end, entity in spans:
        out.append(_esc(text[pos:start]))
        etype = entity.type if entity.type in ENTITY_COLOURS else "OTHER"
        classes = f"ent ent-{etype}" + (" ent-focus" if entity.id == focus_entity else "")
        out.append(
            f'<mark class="{classes}" data-entity="{_esc(entity.id)}" title="{_esc(_mention_title(entity))}">'
            f"{_esc(text[start:end])}</mark>"
        )
        pos = end
    out.append(_esc(text[pos:]))
    return "".join(out)


def build_article_html(
    analysis: Analysis, *, focus_entity: str | None = None, focus_sentence: int | None = None
) -> str:
    """The article as one escaped RTL HTML block.

    Args:
        analysis: what to lay out; sentences are grouped back into paragraphs by Sentence.paragraph,
            paragraph 0 being the title.
        focus_entity: entity id whose mentions get the stronger "ent-focus" outline.
        focus_sentence: sentence index to quote above the article and outline in place (the sentence
            of an event picked on the timeline).

    Returns:
        HTML in which every piece of article text, including mention text and hover titles, went
        through html.escape, so it is safe to render with unsafe_allow_html.
    """
    spans = _spans_by_sentence(analysis)
    parts = [_ARTICLE_OPEN]
    by_index = {s.index: s for s in analysis.sentences}
    if focus_sentence is not None and focus_sentence in by_index:
        parts.append(f'<blockquote class="majlis-focus">{_esc(by_index[focus_sentence].text)}</blockquote>')
    for paragraph, group in groupby(analysis.sentences, key=lambda s: s.paragraph):
        rendered = []
        for s in group:
            inner = _sentence_html(s.text, spans.get(s.index, []), focus_entity)
            cls = "sent sent-selected" if s.index == focus_sentence else "sent"
            rendered.append(f'<span class="{cls}" data-sentence="{s.index}">{inner}</span>')
        if paragraph == 0:
            parts.append(f'<h3 class="majlis-title">{" ".join(rendered)}</h3>')
        else:
            parts.append(f'<p class="majlis-para">{" ".join(rendered)}</p>')
    parts.append("</div>")
    return "".join(parts)


def build_legend_html() -> str:
    """A colour legend of the entity types, Arabic and English labels."""
    items = []
    for etype in ENTITY_COLOURS:
        ar, en = ENTITY_LABELS[etype]
        items.append(f'<mark class="ent ent-{etype}">{_esc(bilingual(ar, en))}</mark>')
    return f'<div dir="rtl" lang="ar" class="majlis-legend">{" ".join(items)}</div>'


def render_article(analysis: Analysis, *, key: str) -> None:
    """Show the legend, the article with highlighted mentions, and a way to clear the focus."""
    focus_entity = st.session_state.get(FOCUS_ENTITY_KEY)
    focus_sentence = st.session_state.get(FOCUS_SENTENCE_KEY)
    meta = [m for m in (analysis.article.source, analysis.article.date, analysis.model) if m]
    if meta:
        st.caption(markdown_text(" · ".join(meta)))
    focused = analysis.entity(focus_entity)
    if focused is not None or focus_sentence is not None:
        # st.text, not st.caption: the name is article text and must not be read as Markdown.
        st.text(
            f"التركيز · Focus: {focused.name}"
            if focused is not None
            else "التركيز · Focus: the selected event"
        )
        if st.button("إلغاء التحديد · Clear focus", key=f"{key}-clear-focus"):
            st.session_state[FOCUS_ENTITY_KEY] = None
            st.session_state[FOCUS_SENTENCE_KEY] = None
            focus_entity, focus_sentence = None, None
    if not analysis.sentences:
        st.info("هذا المقال فارغ · This article has no text")
        return
    # unsafe_allow_html is safe here: build_* escape every piece of article text; the only raw HTML is ours.
    st.markdown(build_legend_html(), unsafe_allow_html=True)
    html_block = build_article_html(analysis, focus_entity=focus_entity, focus_sentence=focus_sentence)
    st.markdown(html_block, unsafe_allow_html=True)
