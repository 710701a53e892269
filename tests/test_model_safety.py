"""Model loading is safe by default: no remote code ever, and pickle weights only when the user opts in.

A user names a folder in the sidebar, in MAJLIS_TAGGER or with --tagger/--stance; each of those goes
through the registry to checkpoint_source (or, for trained adapters, check_adapter_weights).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from models.base import ModelUnavailable
from models.catalogue import PICKLE_ENV, TAGGER_ENV
from models.registry import get_stance, get_tagger, load_stance, load_tagger

ROOT = Path(__file__).resolve().parent.parent
REFUSAL = re.compile(
    r"has only pickle weights \(pytorch_model\.bin\), which can run code when loaded; convert them to "
    rf"model\.safetensors, or, if you trust the folder, set {PICKLE_ENV}=1 \(or pass allow_pickle=True\)"
)


def _pickle_only(source: Path, folder: Path) -> Path:
    """A copy of a checkpoint folder with its safetensors weights saved as pytorch_model.bin instead."""
    import torch
    from safetensors.torch import load_file

    folder.mkdir()
    for item in source.iterdir():
        if item.suffix != ".safetensors":
            shutil.copy(item, folder / item.name)
    torch.save(load_file(source / "model.safetensors"), folder / "pytorch_model.bin")
    return folder


@pytest.fixture(scope="module")
def pickle_tagger_dir(tiny_bert_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _pickle_only(tiny_bert_dir, tmp_path_factory.mktemp("safety") / "pickle-ner")


@pytest.fixture(scope="module")
def pickle_stance_dir(tiny_bert_stance_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _pickle_only(tiny_bert_stance_dir, tmp_path_factory.mktemp("safety") / "pickle-stance")


@pytest.fixture(autouse=True)
def _no_opt_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PICKLE_ENV, raising=False)


def test_a_pickle_only_tagger_folder_is_refused_with_a_clear_message(pickle_tagger_dir: Path) -> None:
    with pytest.raises(ModelUnavailable, match=REFUSAL):
        get_tagger(str(pickle_tagger_dir))
    # The sidebar's folder field and the CLI go through load_tagger: the rules, and why.
    tagger, notes = load_tagger(str(pickle_tagger_dir))
    assert tagger.name == "rules"
    [note] = notes
    assert note.startswith(f"Model {str(pickle_tagger_dir)!r} is unavailable ({pickle_tagger_dir} has only")
    assert REFUSAL.search(note) and note.endswith("; using the rules backend.")


def test_a_pickle_only_tagger_named_in_the_environment_is_refused(
    pickle_tagger_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TAGGER_ENV, str(pickle_tagger_dir))
    tagger, notes = load_tagger(None)
    assert tagger.name == "rules" and len(notes) == 1 and REFUSAL.search(notes[0])


def test_a_pickle_only_tagger_loads_with_the_explicit_opt_in(
    pickle_tagger_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sentence = "قال وزير الدفاع التركي خلوصي أكار في أنقرة"
    tagger = get_tagger(str(pickle_tagger_dir), allow_pickle=True)
    assert tagger.name == "pickle-ner"
    [spans] = tagger.tag([sentence])
    assert all(0 <= s.start < s.end <= len(sentence) for s in spans)
    # The opt-in for users who cannot pass arguments: the environment.
    monkeypatch.setenv(PICKLE_ENV, "1")
    monkeypatch.setenv(TAGGER_ENV, str(pickle_tagger_dir))
    tagger, notes = load_tagger(None)
    assert (tagger.name, notes) == ("pickle-ner", [])


def test_a_pickle_only_stance_folder_is_refused_unless_opted_in(
    pickle_stance_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ModelUnavailable, match=REFUSAL):
        get_stance(str(pickle_stance_dir))
    stance, notes = load_stance(str(pickle_stance_dir))
    assert stance.name == "lexicon" and len(notes) == 1 and REFUSAL.search(notes[0])
    assert get_stance(str(pickle_stance_dir), allow_pickle=True).name == "pickle-stance"
    monkeypatch.setenv(PICKLE_ENV, "1")
    assert load_stance(str(pickle_stance_dir))[1] == []


def test_trained_adapters_with_only_pickle_weights_are_refused(tmp_path: Path) -> None:
    from models.e5_tagger import META_FILE, SHIPPED, check_adapter_weights

    folder = tmp_path / "adapters"
    folder.mkdir()
    shutil.copy(SHIPPED / META_FILE, folder / META_FILE)
    shutil.copy(SHIPPED / "adapter_config.json", folder / "adapter_config.json")
    with pytest.raises(ModelUnavailable, match=r"holds no adapter weights \(adapter_model\.safetensors\)"):
        check_adapter_weights(folder)
    (folder / "adapter_model.bin").write_bytes(b"not read: refused before loading")
    # Through the registry, as a folder typed in the sidebar: refused before any base is built.
    tagger, notes = load_tagger(str(folder))
    assert tagger.name == "rules"
    [note] = notes
    assert "has only pickle adapter weights (adapter_model.bin), which can run code when loaded" in note
    assert f"set {PICKLE_ENV}=1" in note
    check_adapter_weights(folder, allow_pickle=True)  # the opt-in lets it through to peft
    shutil.copy(SHIPPED / "adapter_model.safetensors", folder / "adapter_model.safetensors")
    check_adapter_weights(folder)
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    assert meta["lora_rank"] > 0


def _python_sources() -> list[Path]:
    files = [ROOT / "dashboard.py"]
    for package in ("models", "pipeline", "components", "benchmarks", "scripts"):
        files += sorted((ROOT / package).rglob("*.py"))
    return files


def test_no_source_ever_trusts_remote_code() -> None:
    sources = _python_sources()
    assert len(sources) > 40
    # Any value but a literal False, as a keyword argument or a dict entry.
    pattern = re.compile(r"""trust_remote_code["']?\s*[=:](?!\s*False\b)""")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sources
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
    # The check itself finds what it is for.
    assert pattern.search("model = AutoModel.from_pretrained(ref, trust_remote_code=True)")
    assert pattern.search("kwargs = dict(trust_remote_code = allow)")
    assert pattern.search('kwargs = {"trust_remote_code": True}')
    assert not pattern.search('kwargs = {"trust_remote_code": False}')
    assert not pattern.search("AutoTokenizer.from_pretrained(ref, trust_remote_code=False)")
