"""The trained tagger's adapter: places split into GPE and LOC with the gazetteer."""

from __future__ import annotations

from models.base import TaggedSpan
from models.e5_tagger import E5Tagger, adapter_key, place_entry
from pipeline.gazetteer import load_gazetteer


class FixedTagger:
    name = "fixed"

    def __init__(self, spans: list[TaggedSpan]) -> None:
        self.spans = spans

    def tag(self, sentences):
        return [list(self.spans) for _ in sentences]


def test_model_places_become_gpe_unless_the_gazetteer_says_region() -> None:
    sentence = "وصل الوفد بأنقرة ثم أبحر في البحر المتوسط نحو كاريمولا"
    spans = [
        TaggedSpan(sentence.index("بأنقرة"), sentence.index("بأنقرة") + 6, "LOC"),
        TaggedSpan(sentence.index("البحر"), sentence.index("البحر") + len("البحر المتوسط"), "LOC"),
        TaggedSpan(sentence.index("كاريمولا"), len(sentence), "LOC"),
        TaggedSpan(0, 3, "PER"),
    ]
    tagger = E5Tagger.__new__(E5Tagger)  # no model needed: only the label step is under test
    tagger._inner, tagger._gazetteer = FixedTagger(spans), load_gazetteer()
    assert [s.label for s in tagger.tag([sentence])[0]] == ["GPE", "LOC", "GPE", "PER"]


def test_place_entry_reads_through_clitics() -> None:
    gz = load_gazetteer()
    assert place_entry("بأنقرة", gz).name_en == "Ankara"
    assert place_entry("وتركيا", gz).name_en == "Turkey"
    assert place_entry("كاريمولا", gz) is None


def test_adapter_key_changes_with_the_shipped_files(tmp_path) -> None:
    (tmp_path / "majlis_ner.json").write_text('{"layers": 6}')
    first = adapter_key(tmp_path)
    (tmp_path / "adapter_model.safetensors").write_bytes(b"weights")
    assert adapter_key(tmp_path) != first and len(first) == 12
