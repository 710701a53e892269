"""The dashboard page end to end with AppTest: samples, pasted text, uploads, empty input, no exceptions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

try:
    from pipeline import analyze  # noqa: F401
except ImportError as exc:  # the pipeline is written in parallel; run as soon as it lands
    pytest.skip(f"pipeline.analyze is not importable yet ({exc})", allow_module_level=True)

import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")
SAMPLE_INDEX = json.loads((ROOT / "assets" / "samples" / "index.json").read_text(encoding="utf-8"))
TAB_LABELS = [
    "المقال · Article",
    "الكيانات · Entities",
    "شبكة المشاركين · Network",
    "المواقف · Stances",
    "الخط الزمني · Timeline",
]

# A short article of our own: a meeting with a place and a date, and a quoted stance.
PASTED = """\
وزير الخارجية المصري يلتقي نظيره الأردني في عمان
التقى وزير الخارجية المصري سامح شكري وزير الخارجية الأردني أيمن الصفدي في عمان يوم 3 مايو 2023.
وبحث الوزيران خلال الاجتماع التنسيق المشترك إزاء الأوضاع في المنطقة.
وقال شكري إن مصر تدعم جهود الأردن في حماية المقدسات، مؤكداً رفض بلاده لأي تصعيد.
"""


@pytest.fixture(autouse=True)
def _clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def _app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=120)


def _plotly_traces(tab: Block) -> list[dict]:
    charts = tab.get("plotly_chart")
    assert charts, "expected a plotly chart in this tab"
    return json.loads(charts[0].proto.spec)["data"]


def _assert_views(at: AppTest) -> None:
    assert not at.exception
    tabs = at.tabs
    assert [t.label for t in tabs] == TAB_LABELS
    article, entities, network, stances, timeline = tabs
    assert any('dir="rtl"' in m.value for m in article.markdown)
    assert len(entities.dataframe) == 1 and not entities.dataframe[0].value.empty
    nodes = [t for t in _plotly_traces(network) if t.get("name") == "nodes"]
    assert len(nodes) == 1 and len(nodes[0]["x"]) >= 2
    heat = _plotly_traces(stances)
    assert heat and heat[0]["type"] == "heatmap" and heat[0]["z"]
    events = _plotly_traces(timeline)
    assert events and all(t["x"] for t in events)


def test_default_sample_renders_every_view() -> None:
    at = _app().run()
    assert not at.exception
    assert at.radio(key="input_mode").value == "Samples"
    assert at.selectbox(key="sample_choice").value == SAMPLE_INDEX[0]["file"]
    # The publication date defaults to the sample's date from index.json.
    assert at.date_input(key="pub_date").value == dt.date.fromisoformat(SAMPLE_INDEX[0]["date"])
    assert not at.error
    _assert_views(at)


def test_choosing_another_sample_moves_the_date() -> None:
    at = _app().run()
    last = SAMPLE_INDEX[-1]
    at.selectbox(key="sample_choice").set_value(last["file"]).run()
    assert not at.exception
    assert at.date_input(key="pub_date").value == dt.date.fromisoformat(last["date"])
    assert [t.label for t in at.tabs] == TAB_LABELS


def test_every_sample_renders_without_exception() -> None:
    at = _app().run()
    for entry in SAMPLE_INDEX[1:]:
        at.selectbox(key="sample_choice").set_value(entry["file"]).run()
        assert not at.exception, entry["file"]
        assert not at.error, entry["file"]
        assert len(at.tabs) == 5


def test_pasted_article_renders_every_view() -> None:
    at = _app().run()
    at.radio(key="input_mode").set_value("Paste").run()
    at.text_area(key="paste_text").input(PASTED).run()
    assert not at.error
    _assert_views(at)
    assert any("سامح شكري" in m.value for m in at.tabs[0].markdown)
    nodes = [t for t in _plotly_traces(at.tabs[2]) if t.get("name") == "nodes"]
    assert sorted(nodes[0]["text"]) == ["أيمن الصفدي", "سامح شكري"]
    assert _plotly_traces(at.tabs[3])[0]["z"] == [[1.0]]
    assert [x for t in _plotly_traces(at.tabs[4]) for x in t["x"]] == ["2023-05-03"]


def test_article_without_findings_shows_info_in_every_view() -> None:
    at = _app().run()
    at.radio(key="input_mode").set_value("Paste").run()
    at.text_area(key="paste_text").input("الطقس اليوم\nيكون الطقس معتدلاً نهاراً وبارداً ليلاً.").run()
    assert not at.exception and not at.error
    assert len(at.tabs) == 5
    assert any('dir="rtl"' in m.value for m in at.tabs[0].markdown)
    for tab in at.tabs[1:]:
        assert not tab.get("plotly_chart")
        assert tab.info, tab.label
    assert "No meetings found in this article" in at.tabs[2].info[0].value


def test_focus_in_session_state_highlights_the_article() -> None:
    # A click on a network node or timeline event stores these keys; AppTest cannot click a chart.
    at = _app().run()
    at.radio(key="input_mode").set_value("Paste").run()
    at.text_area(key="paste_text").input(PASTED).run()
    at.session_state["focus_entity"] = "e1"
    at.session_state["focus_sentence"] = 1
    at.run()
    assert not at.exception
    html = next(m.value for m in at.tabs[0].markdown if 'class="majlis-article"' in m.value)
    # Every mention of e1, and only those, carries the focus outline.
    assert html.count('ent-focus" data-entity="e1"') == html.count('data-entity="e1"') >= 2
    assert html.count("ent-focus") == html.count('data-entity="e1"')
    assert '<blockquote class="majlis-focus">التقى' in html
    at.tabs[0].button(key="article-clear-focus").click().run()
    html = next(m.value for m in at.tabs[0].markdown if 'class="majlis-article"' in m.value)
    assert "ent-focus" not in html and "majlis-focus" not in html


def test_empty_paste_prompts_without_crashing() -> None:
    at = _app().run()
    at.radio(key="input_mode").set_value("Paste").run()
    assert not at.exception
    assert any("Paste an Arabic news article" in i.value for i in at.info)
    assert len(at.tabs) == 0
    at.text_area(key="paste_text").input("   \n  ").run()
    assert not at.exception
    assert any("Paste an Arabic news article" in i.value for i in at.info)


def test_upload_reports_bad_file_and_analyses_the_rest() -> None:
    at = _app().run()
    at.radio(key="input_mode").set_value("Upload").run()
    assert any("Upload one or more files" in i.value for i in at.info)
    records = [
        {"id": "a1", "title": "لقاء في عمان", "text": PASTED, "date": "2023-05-03"},
        {"id": "a2", "title": "مقال ثان", "text": PASTED.replace("عمان", "القاهرة"), "date": "2023-05-04"},
    ]
    good = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("utf-8")
    uploader = at.file_uploader(key="uploads")
    uploader.set_value(
        [("good.jsonl", good, "application/json"), ("broken.json", b"{not json", "application/json")]
    )
    at.run()
    assert not at.exception
    assert len(at.error) == 1 and at.error[0].value.startswith("broken.json")
    assert "\n" not in at.error[0].value
    assert at.selectbox(key="article_choice").options == ["1. لقاء في عمان", "2. مقال ثان"]
    assert "2023-05-03" in at.tabs[0].caption[0].value
    at.selectbox(key="article_choice").set_value(1).run()
    assert not at.exception
    assert any("القاهرة" in m.value for m in at.tabs[0].markdown)
    # The article's own date wins until the checkbox is cleared; then the sidebar date applies.
    assert "2023-05-04" in at.tabs[0].caption[0].value
    at.date_input(key="pub_date").set_value(dt.date(2020, 1, 2))
    at.checkbox(key="use_article_date").uncheck().run()
    assert not at.exception
    assert "2020-01-02" in at.tabs[0].caption[0].value


SEED = ROOT.parent / "shared" / "eval" / "articles" / "seed.txt"


@pytest.mark.shared
def test_seed_pasted_shows_all_five_views() -> None:
    if not SEED.exists():
        pytest.skip("../shared/eval/articles/seed.txt is not here")
    at = _app().run()
    at.radio(key="input_mode").set_value("Paste").run()
    at.date_input(key="pub_date").set_value(dt.date(2020, 8, 6)).run()
    at.text_area(key="paste_text").input(SEED.read_text(encoding="utf-8")).run()
    assert not at.error
    _assert_views(at)
    nodes = [t for t in _plotly_traces(at.tabs[2]) if t.get("name") == "nodes"]
    assert sorted(nodes[0]["text"]) == ["بيرون كاميلاري", "خلوصي أكار", "فتحي باشاغا"]
    timeline_dates = sorted(x for t in _plotly_traces(at.tabs[4]) for x in t["x"])
    assert timeline_dates == ["2019-12-01", "2020-08-06", "2020-08-06", "2020-08-06"]


def test_the_sidebar_starts_on_the_default_tagger_and_takes_a_folder(tmp_path) -> None:
    from models.catalogue import default_tagger_name

    at = _app().run()
    assert at.selectbox(key="tagger_name").value == default_tagger_name()
    # A folder that holds no checkpoint: the registry falls back to the rules and says why.
    at.text_input(key="tagger_folder").set_value(str(tmp_path)).run()
    assert not at.exception
    assert any("rules" in w.value and str(tmp_path) in w.value for w in at.sidebar.warning)
    _assert_views(at)


def test_stance_tab_has_bars_and_evidence_with_speaker_and_target_marked() -> None:
    at = _app().run()
    stances = at.tabs[3]
    charts = stances.get("plotly_chart")
    assert len(charts) == 2
    bars = json.loads(charts[1].proto.spec)
    assert {t["name"] for t in bars["data"]} == {"oppose", "support", "neutral"}
    actor = at.selectbox(key="stances-bars-actor")
    assert bars["layout"]["title"]["text"].endswith("· stances given")
    at.radio(key="stances-bars-direction").set_value("received").run()
    received = json.loads(at.tabs[3].get("plotly_chart")[1].proto.spec)
    assert received["layout"]["title"]["text"].startswith("مواقف الآخرين تجاه") and actor.value is not None
    # The evidence lists exactly the chosen pair's stances, each with its speaker or target marked.
    pair = at.selectbox(key="stances-pair")
    n = int(pair.format_func(pair.value).rsplit("(", 1)[1].rstrip(")"))
    cards = "".join(m.value for m in at.tabs[3].markdown if "majlis-evidence" in m.value)
    assert cards.count('<div class="majlis-evidence"') == n
    assert cards.count('class="stance-target"') >= n
