"""The shipped stance classifier (models/stance-e5 on the e5 base built at setup) loads offline and reads polarity.

The sentences are the team's own, written for this test (not drawn from the corpus the model was
trained on). Building the base takes about 30 s the first time (`make install` does it once).
"""

from __future__ import annotations

import pytest

from models.base import StanceQuery
from models.catalogue import CATALOGUE, entry_loadable

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(
        not entry_loadable(CATALOGUE["e5-stance"]),
        reason="models/stance-e5 or its packages are not installed",
    ),
]

# (speaker as the pipeline names it, target, sentence, expected polarity)
CASES = [
    (
        "سامح شكري",
        "جماعة الحوثي",
        "وأدان وزير الخارجية المصري سامح شكري بشدة الهجمات التي شنتها جماعة الحوثي على المنشآت "
        "المدنية، محملا إياها مسؤولية سقوط الضحايا.",
        "oppose",
    ),
    (
        "قيس سعيد",
        "الجزائر",
        "وأعرب الرئيس التونسي قيس سعيد عن شكره للجزائر على وقوفها إلى جانب بلاده في هذه الظروف الصعبة.",
        "support",
    ),
    (
        "أيمن الصفدي",
        "جنيف",
        "وقال وزير الخارجية الأردني أيمن الصفدي إن الاجتماع المقبل سيعقد في جنيف الأسبوع القادم.",
        "neutral",
    ),
    (
        "مصطفى الكاظمي",
        "الكويت",
        "وأشاد رئيس الوزراء العراقي مصطفى الكاظمي بالدور الذي تقوم به الكويت في دعم استقرار المنطقة.",
        "support",
    ),
    (
        "أحمد المسماري",
        "تركيا",
        "واتهم المتحدث باسم الجيش الليبي أحمد المسماري تركيا بإرسال المرتزقة والأسلحة إلى طرابلس.",
        "oppose",
    ),
]


def _query(speaker: str, target: str, sentence: str) -> StanceQuery:
    at = sentence.index(target) if target in sentence else -1
    return StanceQuery(speaker, target, sentence, at, at + len(target) if at >= 0 else -1)


@pytest.fixture(scope="module")
def classifier():
    from models.registry import get_stance

    return get_stance("e5-stance")


def test_the_shipped_model_is_the_default_with_the_lexicon_beside_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from models.catalogue import STANCE_ENV, default_stance_name
    from models.registry import available_stance

    monkeypatch.delenv(STANCE_ENV, raising=False)
    assert default_stance_name() == "e5-stance"
    assert {"e5-stance", "lexicon"} <= set(available_stance())


@pytest.mark.parametrize(
    ("speaker", "target", "sentence", "expected"), CASES, ids=[c[3] + "-" + c[1] for c in CASES]
)
def test_polarity_of_sentences_written_for_the_test(
    classifier, speaker: str, target: str, sentence: str, expected: str
) -> None:
    [prediction] = classifier.classify([_query(speaker, target, sentence)])
    assert prediction.polarity == expected
    assert 0.0 <= prediction.confidence <= 1.0


def test_a_batch_answers_as_single_queries_do(classifier) -> None:
    queries = [_query(s, t, text) for s, t, text, _ in CASES]
    together = classifier.classify(queries)
    alone = [classifier.classify([q])[0] for q in queries]
    assert [p.polarity for p in together] == [p.polarity for p in alone]
    assert all(abs(a.confidence - b.confidence) < 1e-4 for a, b in zip(together, alone, strict=True))
