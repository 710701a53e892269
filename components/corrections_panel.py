"""The analyst's corrections of one stored article, saved in the database so every view shows them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from components import id_sort_key
from components.article_view import build_article_html, build_legend_html
from components.style import ENTITY_LABELS, EVENT_KIND_LABELS, POLARITY_LABELS, bilingual
from pipeline.corrections import Correction, correct_entity, correct_event, correct_stance
from pipeline.records import ENTITY_TYPES, POLARITIES, Analysis
from pipeline.store import Store

ENTITY_FIELDS: dict[str, tuple[str, str]] = {
    "type": ("النوع", "type"),
    "name": ("الاسم", "name"),
    "name_en": ("الاسم بالإنجليزية", "English name"),
    "merge_into": ("دمج في كيان آخر", "merge into another entity"),
}
FIELD_LABELS = {
    **{k: bilingual(*v) for k, v in ENTITY_FIELDS.items()},
    "participants": "المشاركون · participants",
}
FIELD_LABELS |= {"date": "التاريخ · date", "polarity": "الموقف · polarity"}
# Names typed for new participants are separated by commas, Arabic or Latin.
NAME_SEPARATORS = ("،", ",")


def message_key(key: str) -> str:
    """Session-state key of the last save's outcome, shown above the forms."""
    return f"{key}-message"


def _save(path: str, article: str, make: Callable[[Analysis], Correction], key: str) -> None:
    """Build a correction against the analysis as shown now, store it, and say how it went."""
    try:
        with Store(path) as store:
            shown = store.analysis(article)
            if shown is None:
                raise ValueError("the article is no longer in the database")
            correction = make(shown)
            store.add_correction(article, correction)
    except ValueError as exc:
        st.session_state[message_key(key)] = ("error", f"لم يُحفظ · Not saved: {exc}")
        return
    st.session_state[message_key(key)] = (
        "success",
        f"حُفظ · Saved: {FIELD_LABELS.get(correction.field, correction.field)} «{correction.label}»",
    )


def _remove(path: str, article: str, item: str, field: str, key: str) -> None:
    with Store(path) as store:
        store.remove_correction(article, item, field)
    st.session_state[message_key(key)] = ("success", "أُزيل التصحيح · Correction removed")


def split_names(text: str) -> list[str]:
    """Names typed in one field, split at commas, blanks dropped."""
    for sep in NAME_SEPARATORS[1:]:
        text = text.replace(sep, NAME_SEPARATORS[0])
    return [n.strip() for n in text.split(NAME_SEPARATORS[0]) if n.strip()]


def describe(c: Correction) -> str:
    """One line for a stored correction: the field, the item's name as corrected, the new value."""
    value = c.value
    if isinstance(value, list):
        value = "، ".join(str(v).removeprefix("name:") for v in value)
    return f"{FIELD_LABELS.get(c.field, c.field)} — «{c.label or c.item}» ← {value}"


def _entity_label(analysis: Analysis, entity_id: str) -> str:
    e = analysis.entity(entity_id)
    if e is None:
        return entity_id
    return f"{e.name} · {ENTITY_LABELS.get(e.type, (e.type, e.type))[1]}"


def render_corrections(
    path: str, article: str, analysis: Analysis, corrections: list[Correction], *, key: str
) -> None:
    """The article, its stored corrections (each removable) and the three correction forms."""
    _forget_other_article(article, key=key)
    status = st.session_state.pop(message_key(key), None)
    if status:
        (st.success if status[0] == "success" else st.error)(status[1])
    for warning in analysis.warnings:
        st.warning(warning)
    # Safe as raw HTML: build_article_html escapes every piece of article text.
    st.markdown(build_legend_html(), unsafe_allow_html=True)
    with st.container(height=320):
        st.markdown(build_article_html(analysis), unsafe_allow_html=True)

    st.markdown(f"**{bilingual('التصحيحات المحفوظة', 'Saved corrections')}**")
    if not corrections:
        st.caption("لا تصحيحات لهذا المقال · No corrections for this article yet")
    for n, c in enumerate(corrections):
        left, right = st.columns([5, 1])
        left.text(describe(c))
        right.button(
            "إزالة · Remove",
            key=f"{key}-remove-{n}",
            on_click=_remove,
            args=(path, article, c.item, c.field, key),
        )

    entity_tab, event_tab, stance_tab = st.tabs(
        ["كيان · Entity", "لقاء أو حدث · Meeting or event", "موقف · Stance"]
    )
    with entity_tab:
        _entity_form(path, article, analysis, key=key)
    with event_tab:
        _event_form(path, article, analysis, key=key)
    with stance_tab:
        _stance_form(path, article, analysis, key=key)


def _forget_other_article(article: str, *, key: str) -> None:
    # Ids such as "e4" or "v1" recur in every article, so a form input left from the previous
    # article would put that article's choices on this one's items.
    marker = f"_{key}-article"
    if st.session_state.get(marker) == article:
        return
    prefixes = tuple(f"{key}-{part}" for part in ("entity", "event", "stance"))
    for name in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefixes)]:
        del st.session_state[name]
    st.session_state[marker] = article


def _entity_form(path: str, article: str, analysis: Analysis, *, key: str) -> None:
    if not analysis.entities:
        st.caption("لا كيانات · No entities")
        return
    ids = sorted((e.id for e in analysis.entities), key=id_sort_key)
    entity_id = st.selectbox(
        "الكيان · Entity", ids, format_func=lambda i: _entity_label(analysis, i), key=f"{key}-entity"
    )
    entity = analysis.entity(entity_id)
    if entity is None:
        return
    field = st.radio(
        "ما يُصحَّح · Field",
        list(ENTITY_FIELDS),
        format_func=lambda f: FIELD_LABELS[f],
        horizontal=True,
        key=f"{key}-entity-field",
    )
    # Inputs carry the entity id in their key, so each entity's form starts from its own values.
    value_key = f"{key}-entity-{field}-{entity_id}"
    if field == "type":
        st.selectbox(
            "النوع · Type",
            ENTITY_TYPES,
            index=ENTITY_TYPES.index(entity.type) if entity.type in ENTITY_TYPES else 0,
            format_func=lambda t: bilingual(*ENTITY_LABELS.get(t, (t, t))),
            key=value_key,
        )
    elif field == "merge_into":
        others = [i for i in ids if i != entity_id]
        if not others:
            st.caption("لا كيان آخر · No other entity")
            return
        st.selectbox(
            "يُدمج في · Merge into (the other entity keeps its name)",
            others,
            format_func=lambda i: _entity_label(analysis, i),
            key=value_key,
        )
    else:
        st.text_input(
            FIELD_LABELS[field],
            value=(entity.name if field == "name" else entity.name_en or ""),
            key=value_key,
        )

    def make(shown: Analysis) -> Correction:
        value: Any = st.session_state.get(value_key)
        if isinstance(value, str):
            value = value.strip()
        if field == "name_en" and not value:
            value = None
        return correct_entity(shown, entity_id, field, value)

    st.button(
        "حفظ التصحيح · Save correction",
        key=f"{key}-entity-apply",
        on_click=_save,
        args=(path, article, make, key),
    )


def _event_label(analysis: Analysis, event_id: str) -> str:
    v = next(e for e in analysis.events if e.id == event_id)
    ar, en = EVENT_KIND_LABELS.get(v.kind, (v.kind, v.kind))
    names = "، ".join(e.name for p in v.participants if (e := analysis.entity(p)) is not None)
    return " · ".join(x for x in (bilingual(ar, en), names, v.date or "") if x)


def _event_form(path: str, article: str, analysis: Analysis, *, key: str) -> None:
    if not analysis.events:
        st.caption("لا أحداث · No events")
        return
    event_id = st.selectbox(
        "الحدث · Event",
        [v.id for v in analysis.events],
        format_func=lambda i: _event_label(analysis, i),
        key=f"{key}-event",
    )
    event = next((v for v in analysis.events if v.id == event_id), None)
    if event is None:
        return
    ids = sorted((e.id for e in analysis.entities), key=id_sort_key)
    participants_key = f"{key}-event-participants-{event_id}"
    new_key = f"{key}-event-new-{event_id}"
    date_key = f"{key}-event-date-{event_id}"
    st.multiselect(
        "المشاركون · Participants",
        ids,
        default=[p for p in event.participants if p in ids],
        format_func=lambda i: _entity_label(analysis, i),
        key=participants_key,
    )
    st.text_input("مشاركون جدد · New participants (names, comma-separated)", key=new_key)

    def make_participants(shown: Analysis) -> Correction:
        chosen = list(st.session_state.get(participants_key) or [])
        return correct_event(
            shown, event_id, "participants", chosen + split_names(st.session_state.get(new_key, ""))
        )

    st.button(
        "حفظ المشاركين · Save participants",
        key=f"{key}-event-participants-apply",
        on_click=_save,
        args=(path, article, make_participants, key),
    )
    st.text_input(
        "التاريخ · Date (YYYY-MM-DD, YYYY-MM or YYYY; empty: none)", value=event.date or "", key=date_key
    )

    def make_date(shown: Analysis) -> Correction:
        return correct_event(shown, event_id, "date", (st.session_state.get(date_key) or "").strip() or None)

    st.button(
        "حفظ التاريخ · Save date",
        key=f"{key}-event-date-apply",
        on_click=_save,
        args=(path, article, make_date, key),
    )


def _stance_form(path: str, article: str, analysis: Analysis, *, key: str) -> None:
    if not analysis.stances:
        st.caption("لا مواقف · No stances")
        return

    def label(i: int) -> str:
        s = analysis.stances[i]
        speaker, target = analysis.entity(s.source), analysis.entity(s.target)
        return (
            f"من {speaker.name if speaker else s.source} إلى {target.name if target else s.target} · "
            f"{bilingual(*POLARITY_LABELS.get(s.polarity, (s.polarity, s.polarity)))}"
        )

    index = st.selectbox(
        "الموقف · Stance", list(range(len(analysis.stances))), format_func=label, key=f"{key}-stance"
    )
    stance = analysis.stances[index]
    st.text(stance.evidence)
    polarity_key = f"{key}-stance-polarity-{index}"
    st.radio(
        "الموقف الصحيح · Polarity",
        POLARITIES,
        index=POLARITIES.index(stance.polarity) if stance.polarity in POLARITIES else 0,
        format_func=lambda p: bilingual(*POLARITY_LABELS[p]),
        horizontal=True,
        key=polarity_key,
    )

    def make(shown: Analysis) -> Correction:
        # The stance is found again by its sentence and people: indexes may move as corrections land.
        match = next(
            (
                s
                for s in shown.stances
                if (s.sentence, s.source, s.target) == (stance.sentence, stance.source, stance.target)
            ),
            None,
        )
        if match is None:
            raise ValueError("the stance is no longer in the analysis")
        return correct_stance(shown, match, st.session_state[polarity_key])

    st.button(
        "حفظ الموقف · Save polarity",
        key=f"{key}-stance-apply",
        on_click=_save,
        args=(path, article, make, key),
    )
