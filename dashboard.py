"""Majlis dashboard: one article's five views, or the corpus database's views, an actor's page and corrections."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

import streamlit as st

from components import FOCUS_ENTITY_KEY, FOCUS_SENTENCE_KEY
from components.article_view import render_article
from components.corpus_page import VIEW_MODE_KEY, render_actor_page, render_corpus_page
from components.entity_table import render_entity_table
from components.network import render_network
from components.stance_chart import render_stances
from components.style import entity_css, markdown_text
from components.timeline import render_timeline
from models.catalogue import default_tagger_name
from models.registry import available_stance, available_taggers, load_stance, load_tagger
from pipeline import analyze
from pipeline.loaders import LoadError, LoadResult, load_bytes, load_text
from pipeline.records import Analysis, Article

ROOT = Path(__file__).resolve().parent
SAMPLES_DIR = ROOT / "assets" / "samples"
CSS_PATH = ROOT / "assets" / "rtl.css"
INPUT_MODES = ("Samples", "Paste", "Upload")
VIEW_MODES = {
    "Article": "مقال · Article",
    "Corpus": "المدونة · Corpus",
    "Actor": "فاعل · Actor",
}
UPLOAD_TYPES = ["txt", "json", "jsonl", "csv"]
TAB_LABELS = (
    "المقال · Article",
    "الكيانات · Entities",
    "شبكة المشاركين · Network",
    "المواقف · Stances",
    "الخط الزمني · Timeline",
)
# Analysing every loaded article up front makes switching between them instant; past this many we
# analyse only the one on screen, so a big upload does not stall the page.
MAX_BATCH = 25

log = logging.getLogger("majlis.dashboard")


# ----------------------------------------------------------------------------- cached work


@st.cache_resource(show_spinner=False)
def get_tagger(name: str) -> tuple[Any, list[str]]:
    """The entity tagger and the registry's warnings; load_tagger never raises, it falls back to rules."""
    return load_tagger(name)


@st.cache_resource(show_spinner=False)
def get_stance(name: str | None) -> tuple[Any, list[str]]:
    """The stance classifier and the registry's warnings (None = the registry's default)."""
    return load_stance(name)


@st.cache_data(show_spinner=False, max_entries=512)
def analyse_cached(
    article: dict[str, Any], date: str | None, tagger_name: str, stance_name: str | None
) -> dict[str, Any]:
    """Analysis.to_dict() of one article: a plain dict pickles for st.cache_data, an Analysis may not.

    `date` is the date the user chose for this article; it is written into the article as well as
    passed as publication_date, because analyze() prefers an article's own date over publication_date.
    """
    tagger, _ = get_tagger(tagger_name)
    stance, _ = get_stance(stance_name)
    dated = replace(Article.from_dict(article), date=date)
    return analyze(dated, tagger=tagger, stance=stance, publication_date=date).to_dict()


@st.cache_data(show_spinner=False)
def read_sample_index() -> list[dict[str, Any]]:
    """Entries of assets/samples/index.json that have a file; the bare .txt files if there is no index."""
    index = SAMPLES_DIR / "index.json"
    try:
        entries = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entries = [
            {"file": p.name, "date": None, "title_en": p.stem} for p in sorted(SAMPLES_DIR.glob("*.txt"))
        ]
    return [e for e in entries if isinstance(e, dict) and (SAMPLES_DIR / str(e.get("file", ""))).is_file()]


@st.cache_data(show_spinner=False)
def load_upload(data: bytes, filename: str) -> LoadResult:
    """Loaded articles of one file (sample or upload), cached on its bytes."""
    return load_bytes(data, filename)


@st.cache_data(show_spinner=False)
def read_css() -> str:
    try:
        css = CSS_PATH.read_text(encoding="utf-8")
    except OSError:
        css = ""
    return f"{css}\n{entity_css()}"


# ----------------------------------------------------------------------------- sidebar


def _set_default_date(marker: str, default: dt.date) -> None:
    # The date widget keeps its own state, so when the sample changes we move it to that sample's
    # date by hand, before the widget is drawn (Streamlit forbids it after).
    if st.session_state.get("_pub_date_for") != marker:
        st.session_state["pub_date"] = default
        st.session_state["_pub_date_for"] = marker


def _parse_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def sidebar_input(mode: str) -> tuple[list[Article], list[str], list[str], str | None]:
    """Draw the input widgets for `mode`.

    Returns:
        (articles, errors, warnings, prompt): one-line load errors and warnings to show, and a prompt
        for when there is nothing to analyse yet.
    """
    side = st.sidebar
    today = dt.date.today()
    if mode == "Samples":
        samples = read_sample_index()
        if not samples:
            _set_default_date("none", today)
            return [], [], [], "No bundled samples found in assets/samples."
        by_file = {s["file"]: s for s in samples}
        choice = side.selectbox(
            "مقال نموذجي · Sample article",
            options=list(by_file),
            format_func=lambda f: f"{by_file[f].get('title_en') or f} ({by_file[f].get('date') or '?'})",
            key="sample_choice",
        )
        _set_default_date(f"sample:{choice}", _parse_date(by_file[choice].get("date")) or today)
        result = load_upload((SAMPLES_DIR / choice).read_bytes(), choice)
        return list(result.articles), [str(e) for e in result.errors], list(result.warnings), None

    _set_default_date(f"mode:{mode}", today)
    if mode == "Paste":
        text = side.text_area("النص · Arabic text", key="paste_text", height=220)
        title = side.text_input("العنوان · Title (optional; default: the first line)", key="paste_title")
        if not text.strip():
            return (
                [],
                [],
                [],
                "الصق نص مقال عربي في الشريط الجانبي · Paste an Arabic news article in the sidebar.",
            )
        try:
            article = load_text(text, title=title.strip() or None)
        except LoadError as e:
            return [], [str(e)], [], None
        return [article], [], [], None

    uploads = side.file_uploader(
        "ملفات · Files (txt, json, jsonl, csv)", type=UPLOAD_TYPES, accept_multiple_files=True, key="uploads"
    )
    if not uploads:
        return [], [], [], "ارفع ملفاً أو أكثر · Upload one or more files in the sidebar."
    articles: list[Article] = []
    errors: list[str] = []
    warnings: list[str] = []
    for f in uploads:
        result = load_upload(f.getvalue(), f.name)
        articles.extend(result.articles)
        errors.extend(str(e) for e in result.errors)
        warnings.extend(result.warnings)
    return articles, errors, warnings, None


def sidebar_models() -> tuple[str, str | None]:
    """Model pickers; shows the registry's fallback warnings."""
    side = st.sidebar
    taggers = available_taggers() or ["rules"]
    default = default_tagger_name()
    if default not in taggers:
        taggers = [default, *taggers]  # MAJLIS_TAGGER may name a folder the catalogue does not list
    tagger_name = side.selectbox(
        "نموذج الكيانات · Entity model", taggers, index=taggers.index(default), key="tagger_name"
    )
    folder = side.text_input(
        "أو مجلد نموذج محلي · or a local checkpoint folder",
        key="tagger_folder",
        help="Any transformers token-classification folder (safetensors), or a train_ner --out folder.",
    ).strip()
    if folder:
        tagger_name = folder
    stances: list[str | None] = list(available_stance()) or [None]
    stance_name = side.selectbox(
        "نموذج المواقف · Stance model",
        stances,
        format_func=lambda s: s or "default",
        key="stance_name",
    )
    for warning in [*get_tagger(tagger_name)[1], *get_stance(stance_name)[1]]:
        side.warning(warning)
    return tagger_name, stance_name


# ----------------------------------------------------------------------------- main


def _effective_date(article: Article, pub_date: dt.date | None, use_own: bool) -> str | None:
    if use_own and article.date:
        return article.date
    return pub_date.isoformat() if pub_date else None


def _label(i: int, article: Article) -> str:
    title = article.title or article.text[:60] or article.id
    return f"{i + 1}. {title[:70]}"


def _analyse(article: Article, date: str | None, tagger: str, stance: str | None) -> Analysis | None:
    try:
        return Analysis.from_dict(analyse_cached(article.to_dict(), date, tagger, stance))
    except Exception as exc:  # noqa: BLE001 - one bad article must not take the page down
        log.exception("analysis of %s failed", article.id)
        st.error(
            markdown_text(f"{article.id}: analysis failed ({type(exc).__name__}: {exc})".splitlines()[0])
        )
        return None


def _analyse_batch(articles: list[Article], dates: list[str | None], tagger: str, stance: str | None) -> None:
    # Warm the cache for every article with a progress bar, so picking another one later is instant.
    bar = st.progress(0.0, text=f"Analysing {len(articles)} articles…")
    for i, (article, date) in enumerate(zip(articles, dates, strict=True)):
        try:
            analyse_cached(article.to_dict(), date, tagger, stance)
        except Exception:  # noqa: BLE001 - reported when that article is opened
            log.exception("analysis of %s failed", article.id)
        bar.progress((i + 1) / len(articles), text=f"Analysing {i + 1}/{len(articles)}…")
    bar.empty()


def _reset_focus_if_new(article_key: str) -> None:
    # A focus id from another article would point at an unrelated entity with the same "e1" id.
    if st.session_state.get("_focus_article") != article_key:
        st.session_state[FOCUS_ENTITY_KEY] = None
        st.session_state[FOCUS_SENTENCE_KEY] = None
        st.session_state["_focus_article"] = article_key


def main() -> None:
    st.set_page_config(layout="wide", page_title="Majlis · مجلس")
    # The CSS is our own file, not article text, so it is safe to inject as raw HTML.
    st.markdown(f"<style>{read_css()}</style>", unsafe_allow_html=True)
    st.title("مجلس · Majlis")
    st.caption(
        "كيانات ولقاءات ومواقف في الأخبار الدبلوماسية · Entities, meetings and stances in diplomatic news"
    )

    view = st.sidebar.radio(
        "العرض · View",
        list(VIEW_MODES),
        format_func=VIEW_MODES.__getitem__,
        key=VIEW_MODE_KEY,
        horizontal=True,
    )
    if view == "Corpus":
        render_corpus_page()
        return
    if view == "Actor":
        render_actor_page()
        return
    article_page()


def article_page() -> None:
    """One article, loaded from the samples, pasted or uploaded, analysed here and shown in five tabs."""
    mode = st.sidebar.radio("المدخلات · Input", INPUT_MODES, key="input_mode", horizontal=True)
    articles, errors, warnings, prompt = sidebar_input(mode)
    pub_date = st.sidebar.date_input("تاريخ النشر · Publication date", key="pub_date")
    use_own = st.sidebar.checkbox(
        "Use the article's own date when it has one", value=True, key="use_article_date"
    )
    tagger_name, stance_name = sidebar_models()

    # File names and dates in these lines come from the user's files: shown as typed, not as Markdown.
    for message in errors:
        st.error(markdown_text(message))
    for message in warnings:
        st.warning(markdown_text(message))
    if not articles:
        st.info(prompt or "لا توجد مقالات صالحة · No article could be loaded.")
        return

    pub = pub_date if isinstance(pub_date, dt.date) else None
    dates = [_effective_date(a, pub, use_own) for a in articles]
    index = 0
    if len(articles) > 1:
        index = st.sidebar.selectbox(
            "المقال · Article",
            options=range(len(articles)),
            format_func=lambda i: _label(i, articles[i]),
            key="article_choice",
        )
        if len(articles) <= MAX_BATCH:
            _analyse_batch(articles, dates, tagger_name, stance_name)
    article = articles[index]
    with st.spinner("جارٍ التحليل · Analysing…"):
        analysis = _analyse(article, dates[index], tagger_name, stance_name)
    if analysis is None:
        return
    # Pasted articles all share the id "pasted", so the text itself tells one from the next.
    digest = hashlib.sha1(f"{article.title}\n{article.text}".encode()).hexdigest()[:12]
    _reset_focus_if_new(f"{mode}:{index}:{article.id}:{digest}")
    for warning in analysis.warnings:
        st.warning(markdown_text(warning))

    tabs = st.tabs(list(TAB_LABELS))
    with tabs[0]:
        render_article(analysis, key="article")
    with tabs[1]:
        render_entity_table(analysis, key="entities")
    with tabs[2]:
        render_network(analysis, key="network")
    with tabs[3]:
        render_stances(analysis, key="stances")
    with tabs[4]:
        render_timeline(analysis, key="timeline")


main()
