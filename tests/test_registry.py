"""The registry and the catalogue: lookup, defaults, availability and fallbacks."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from models import catalogue, registry
from models.base import TAGGER_LABELS, ModelUnavailable, StancePrediction, StanceQuery, TaggedSpan
from models.catalogue import CATALOGUE, HUB_ENV, STANCE_LABELS, looks_like_hub_id

REPO_ROOT = Path(__file__).resolve().parent.parent


class FakeTagger:
    """Tags every sentence's first word as PER."""

    def __init__(self, *, name: str = "fake", marker: str = "") -> None:
        self.name = name
        self.marker = marker

    def tag(self, sentences: Sequence[str]) -> list[list[TaggedSpan]]:
        return [[TaggedSpan(0, len(s.split()[0]), "PER")] if s.strip() else [] for s in sentences]


class FakeStance:
    name = "fake-stance"

    def classify(self, queries: Sequence[StanceQuery]) -> list[StancePrediction]:
        return [StancePrediction("support", 0.75) for _ in queries]


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    """Registrations made by a test vanish after it; the hub stays off unless a test opts in.

    Every backend module is imported first: a module first imported inside a test would register
    into the copy, and later tests (in this process) would never see its backend again.
    """
    for module in sorted(set(catalogue.BACKEND_MODULES.values())):
        importlib.import_module(module)
    monkeypatch.setattr(registry, "_TAGGERS", dict(registry._TAGGERS))
    monkeypatch.setattr(registry, "_STANCE", dict(registry._STANCE))
    monkeypatch.delenv(HUB_ENV, raising=False)


def test_register_get_and_list_a_tagger() -> None:
    assert registry.register_tagger("fake-test")(FakeTagger) is FakeTagger
    tagger = registry.get_tagger("fake-test", marker="x")
    assert isinstance(tagger, FakeTagger) and tagger.marker == "x"
    assert tagger.tag(["أكار في أنقرة", ""]) == [[TaggedSpan(0, 4, "PER")], []]
    assert "fake-test" in registry.available_taggers()
    assert "fake-test" not in registry.available_stance()


def test_register_a_function_factory_for_stance() -> None:
    @registry.register_stance("fake-stance")
    def make(**options: object) -> FakeStance:
        return FakeStance()

    classifier = registry.get_stance("fake-stance")
    assert classifier.classify([StanceQuery("أكار", "حفتر", "...")]) == [StancePrediction("support", 0.75)]
    assert "fake-stance" in registry.available_stance()


def test_generic_backends_are_not_listed_as_models() -> None:
    registry.register_tagger("hf-token-classification")(FakeTagger)
    assert "hf-token-classification" not in registry.available_taggers()


def test_unknown_name_is_unavailable_with_a_clear_message() -> None:
    with pytest.raises(ModelUnavailable, match=r"^Tagger 'no-such-model' is unavailable: unknown tagger"):
        registry.get_tagger("no-such-model")
    with pytest.raises(ModelUnavailable, match="'lexicon' is a stance model, not a tagger"):
        registry.get_tagger("lexicon")
    with pytest.raises(ModelUnavailable, match="'rules' is a tagger model, not a stance"):
        registry.get_stance("rules")


def test_factory_errors_become_model_unavailable() -> None:
    @registry.register_tagger("broken")
    def broken(**options: object) -> FakeTagger:
        raise ValueError("bad config")

    with pytest.raises(ModelUnavailable, match=r"loading failed: ValueError: bad config"):
        registry.get_tagger("broken")


def test_factory_returning_a_non_tagger_is_a_type_error() -> None:
    registry.register_tagger("not-a-tagger")(lambda **options: object())
    with pytest.raises(TypeError, match="returned a object, which does not implement EntityTagger"):
        registry.get_tagger("not-a-tagger")


def test_hub_entries_are_opt_in(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ModelUnavailable, match=r"hub downloads are off; set MAJLIS_ALLOW_HUB=1"):
        registry.get_tagger("camelbert-msa-ner")
    with pytest.raises(ModelUnavailable, match=r"'owner/model' is a hub id and hub downloads are off"):
        registry.get_tagger("owner/model")
    assert "camelbert-msa-ner" not in registry.available_taggers()
    monkeypatch.setenv(HUB_ENV, "1")
    monkeypatch.setattr(catalogue, "packages_present", lambda backend: True)
    assert {"camelbert-msa-ner", "hatmimoha-arabic-ner"} <= set(registry.available_taggers())


def test_load_tagger_falls_back_to_rules_with_a_warning() -> None:
    registry.register_tagger("rules")(FakeTagger)
    tagger, warnings = registry.load_tagger("no-such-model")
    assert isinstance(tagger, FakeTagger)
    assert len(warnings) == 1
    assert warnings[0].startswith("Model 'no-such-model' is unavailable (unknown tagger 'no-such-model'")
    assert warnings[0].endswith("); using the rules backend.")


def test_load_tagger_returns_no_warning_when_the_model_loads() -> None:
    registry.register_tagger("fake-test")(FakeTagger)
    tagger, warnings = registry.load_tagger("fake-test", name="n")
    assert isinstance(tagger, FakeTagger) and tagger.name == "n" and warnings == []


def test_load_tagger_never_raises_even_without_rules() -> None:
    @registry.register_tagger("rules")
    def broken_rules(**options: object) -> FakeTagger:
        raise ModelUnavailable("gazetteer missing")

    tagger, warnings = registry.load_tagger("camelbert-msa-ner")
    assert tagger.tag(["أكار في أنقرة", "x"]) == [[], []]
    assert len(warnings) == 1
    assert "hub downloads are off" in warnings[0]
    assert "the rules backend is unavailable too (gazetteer missing)" in warnings[0]
    assert warnings[0].endswith("no entities will be tagged.")


def test_load_stance_falls_back_to_lexicon() -> None:
    registry.register_stance("lexicon")(lambda **options: FakeStance())
    classifier, warnings = registry.load_stance("e5-stance-missing")
    assert isinstance(classifier, FakeStance)
    expected = (
        "Model 'e5-stance-missing' is unavailable (unknown stance 'e5-stance-missing': "
        "not in the catalogue (e5-stance, e5-stance-adapter, lexicon) nor a local folder); "
        "using the lexicon backend."
    )
    assert warnings == [expected]


def test_load_stance_never_raises_even_without_lexicon() -> None:
    registry.register_stance("lexicon")(lambda **options: 1 / 0)
    classifier, warnings = registry.load_stance("lexicon")
    assert classifier.classify([StanceQuery("a", "b", "c")]) == [StancePrediction("neutral", 0.0)]
    expected = (
        "Model 'lexicon' is unavailable (loading failed: ZeroDivisionError: division by zero); "
        "every stance is neutral."
    )
    assert warnings == [expected]


def test_real_rules_backend_is_the_fallback() -> None:
    pytest.importorskip("models.rules_tagger")
    tagger, warnings = registry.load_tagger("no-such-model")
    assert tagger.name == "rules"
    assert warnings and warnings[0].endswith("using the rules backend.")
    assert "rules" in registry.available_taggers()


def test_real_lexicon_backend_is_the_stance_fallback() -> None:
    pytest.importorskip("models.lexicon_stance")
    classifier, warnings = registry.load_stance("no-such-model")
    assert classifier.name == "lexicon"
    assert warnings and warnings[0].endswith("using the lexicon backend.")
    assert "lexicon" in registry.available_stance()


# --- the catalogue -----------------------------------------------------------------------------------


def test_catalogue_entries_are_consistent() -> None:
    assert {"rules", "lexicon", "camelbert-msa-ner", "hatmimoha-arabic-ner"} <= set(CATALOGUE)
    for name, entry in CATALOGUE.items():
        assert entry.name == name
        assert entry.kind in ("tagger", "stance")
        assert entry.backend in catalogue.BACKEND_MODULES
        assert entry.source_kind in ("builtin", "folder", "hub", "setup")
        allowed = TAGGER_LABELS if entry.kind == "tagger" else STANCE_LABELS
        assert entry.labels and set(entry.labels) <= set(allowed)
        assert entry.licence and entry.training_data and entry.description
    assert CATALOGUE["camelbert-msa-ner"].source == "hub:CAMeL-Lab/bert-base-arabic-camelbert-msa-ner"
    assert CATALOGUE["camelbert-msa-ner"].licence == "Apache-2.0"
    assert CATALOGUE["rules"].source == "builtin" and CATALOGUE["lexicon"].kind == "stance"


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("CAMeL-Lab/bert-base-arabic-camelbert-msa-ner", True),
        ("hatmimoha/arabic-ner", True),
        ("/abs/path", False),
        ("./models/ner-e5", False),
        ("~/models/x", False),
        ("a/b/c", False),
        ("plainname", False),
    ],
)
def test_looks_like_hub_id(ref: str, expected: bool) -> None:
    assert looks_like_hub_id(ref) is expected


def test_defaults_without_trained_folders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(catalogue, "REPO_ROOT", tmp_path)
    assert catalogue.default_tagger_name() == "rules"
    assert catalogue.default_stance_name() == "lexicon"
    assert "e5-ner" not in registry.available_taggers()
    with pytest.raises(ModelUnavailable, match=r"no checkpoint at .*ner-e5 \(config.json missing\)"):
        registry.get_tagger("e5-ner")


def test_trained_folder_becomes_the_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tiny_bert_dir: Path
) -> None:
    monkeypatch.setattr(catalogue, "REPO_ROOT", tmp_path)
    shutil.copytree(tiny_bert_dir, tmp_path / "models" / catalogue.TRAINED_TAGGER_FOLDER)
    assert catalogue.default_tagger_name() == "e5-ner+rules"
    assert {"e5-ner", "e5-ner+rules"} <= set(registry.available_taggers())
    tagger = registry.get_tagger()
    assert tagger.name == "e5-ner+rules"
    [spans] = tagger.tag(["وزير الدفاع التركي خلوصي أكار في أنقرة"])
    assert all(0 <= s.start < s.end <= 38 for s in spans)


def test_trained_stance_folder_is_offered_and_chosen_by_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tiny_bert_stance_dir: Path
) -> None:
    monkeypatch.setattr(catalogue, "REPO_ROOT", tmp_path)
    shutil.copytree(tiny_bert_stance_dir, tmp_path / "models" / catalogue.TRAINED_STANCE_FOLDER)
    # A trained model in the folder is the default ...
    assert catalogue.default_stance_name() == "e5-stance"
    assert {"e5-stance", "lexicon"} <= set(registry.available_stance())
    classifier, warnings = registry.load_stance()
    assert classifier.name == "e5-stance" and warnings == []
    # ... and MAJLIS_STANCE still picks the lexicon.
    monkeypatch.setenv(catalogue.STANCE_ENV, "lexicon")
    assert catalogue.default_stance_name() == "lexicon"
    classifier, warnings = registry.load_stance()
    assert classifier.name == "lexicon" and warnings == []


def test_setup_sources_resolve_in_the_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(catalogue.CACHE_ENV, str(tmp_path))
    entry = catalogue.CatalogueEntry(
        "x", "tagger", "hf-token-classification", "setup:e5-base", ("PER",), "", "", ""
    )
    assert catalogue.entry_path(entry) == tmp_path / "e5-base"
    assert not catalogue.entry_loadable(entry)


# --- importing stays light ---------------------------------------------------------------------------

_LIGHT_IMPORT = """
import sys
import models
from models import available_stance, available_taggers, get_tagger, ModelUnavailable
available_taggers(); available_stance()
try:
    get_tagger("camelbert-msa-ner")
except ModelUnavailable:
    pass
else:
    raise SystemExit("hub entry loaded without opt-in")
HEAVY = ("torch", "transformers", "streamlit", "models.hf_tagger", "models.hf_stance")
heavy = [m for m in HEAVY if m in sys.modules]
assert not heavy, heavy
"""


def test_importing_models_loads_no_ml_library_or_streamlit() -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(Path.home())}
    result = subprocess.run(
        [sys.executable, "-c", _LIGHT_IMPORT],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_a_folder_of_trained_adapters_resolves_to_the_e5_backend(tmp_path: Path) -> None:
    # What models.train_ner --out writes: adapters plus majlis_ner.json, no config.json.
    (tmp_path / registry.ADAPTER_META).write_text("{}", encoding="utf-8")
    assert registry._resolve("tagger", str(tmp_path)) == ("e5-adapter", {"model": str(tmp_path)})
    # A whole checkpoint folder goes to the generic transformers backend, as before.
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    assert registry._resolve("tagger", str(tmp_path)) == ("hf-token-classification", {"model": str(tmp_path)})


def test_the_environment_picks_the_default_tagger(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(catalogue.TAGGER_ENV, "rules")
    assert catalogue.default_tagger_name() == "rules"
    # Any local checkpoint folder is accepted as it is; the registry decides how to load it.
    monkeypatch.setenv(catalogue.TAGGER_ENV, str(tmp_path))
    assert catalogue.default_tagger_name() == str(tmp_path)
    monkeypatch.setenv(catalogue.TAGGER_ENV, "  ")
    assert catalogue.default_tagger_name() in ("rules", "e5-ner+rules")


def test_entries_that_need_preprocessing_say_so() -> None:
    # AraBERT v0.2 checkpoints expect the arabert package's preprocessor (their model cards).
    assert "ArabertPreprocessor" in CATALOGUE["arabert-ner-anercorp"].preprocessing
    assert CATALOGUE["arabert-ner-anercorp"].source_kind == "hub"
    assert CATALOGUE["rules"].preprocessing == ""
