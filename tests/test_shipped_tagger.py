"""The shipped entity tagger (models/ner-e5 on the e5 base built at setup) loads offline and tags names.

Building the base takes about 30 s the first time (`make install` does it once); after that these
tests only load the merged model from ~/.cache/majlis.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from models.catalogue import CATALOGUE, entry_loadable

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "eval" / "articles" / "seed.txt"

pytestmark = pytest.mark.skipif(
    not entry_loadable(CATALOGUE["e5-ner"]), reason="models/ner-e5 or its packages are not installed"
)


@pytest.fixture(scope="module")
def tagger():
    from models.registry import get_tagger

    return get_tagger("e5-ner")


@pytest.fixture(scope="module")
def hybrid():
    from models.registry import get_tagger

    return get_tagger("e5-ner+rules")


def _tagged(tagger, text: str) -> set[tuple[str, str]]:
    [spans] = tagger.tag([text])
    return {(text[s.start : s.end], s.label) for s in spans}


def test_model_alone_finds_people_it_has_no_table_for(tagger) -> None:
    # Names that are in no gazetteer and follow no title: only a trained model finds them.
    text = "واستقبل سليم بن عاشور نظيره كارلو فيرانتي في مدينة صفاقس يوم الأحد."
    found = _tagged(tagger, text)
    assert ("سليم بن عاشور", "PER") in found
    assert ("كارلو فيرانتي", "PER") in found
    assert ("صفاقس", "GPE") in found


def test_shipped_model_reads_the_context_it_was_trained_with(tagger) -> None:
    import json

    meta = json.loads((ROOT / "models" / "ner-e5" / "majlis_ner.json").read_text(encoding="utf-8"))
    assert tagger._inner.context == meta["context"] > 0
    # Each sentence still gets only its own words' spans, whatever its neighbours hold.
    sentences = ["واستقبل سليم بن عاشور نظيره في صفاقس.", "ثم غادر."]
    first, second = tagger.tag(sentences)
    assert all(span.end <= len(sentences[0]) for span in first) and second == []


def test_the_default_tags_a_bundled_sample(hybrid) -> None:
    text = (ROOT / "assets" / "samples" / "01_ankara_bilateral.txt").read_text(encoding="utf-8")
    from pipeline.analyze import analyze
    from pipeline.records import Article

    title, _, body = text.partition("\n")
    analysis = analyze(Article("01", title, body), tagger=hybrid)
    people = {e.name for e in analysis.entities if e.type == "PER"}
    places = {e.name for e in analysis.entities if e.type == "GPE"}
    # «فتحي باشاغا سبل»: the model runs the name into the next word in the first sentence, yet the
    # surname's other mentions still make him one person (he is found as «باشاغا»).
    assert {"خلوصي أكار", "خليفة حفتر"} <= people and any("باشاغا" in name for name in people)
    assert {"أنقرة", "تركيا", "ليبيا", "طرابلس"} <= places


@pytest.mark.shared
def test_shipped_model_tags_the_seed_people_and_places(hybrid) -> None:
    if not SEED.exists():
        pytest.skip(f"{SEED} is absent (the shared evaluation kit is not next to the repo)")
    from pipeline.analyze import analyze
    from pipeline.records import Article

    title, _, body = SEED.read_text(encoding="utf-8").partition("\n")
    analysis = analyze(Article("seed", title, body), tagger=hybrid)
    people = {e.name for e in analysis.entities if e.type == "PER"}
    places = {e.name for e in analysis.entities if e.type == "GPE"}
    assert {"خلوصي أكار", "بيرون كاميلاري", "فتحي باشاغا", "خليفة حفتر", "إبراهيم قالن"} <= people
    assert {"أنقرة", "تركيا", "مالطا", "ليبيا"} <= places
