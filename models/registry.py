"""Registries of entity-tagger and stance backends: a dict and a decorator per kind, looked up by name."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from models.base import (
    EntityTagger,
    ModelUnavailable,
    StanceClassifier,
    StancePrediction,
    StanceQuery,
    TaggedSpan,
)
from models.catalogue import (
    ADAPTER_META,
    BACKEND_MODULES,
    CATALOGUE,
    DEFAULT_STANCE,
    DEFAULT_TAGGER,
    GENERIC_BACKENDS,
    HUB_ENV,
    STANCE_META,
    CatalogueEntry,
    checkpoint_present,
    default_stance_name,
    default_tagger_name,
    entries,
    entry_loadable,
    entry_path,
    hub_allowed,
    looks_like_hub_id,
    packages_present,
)

F = TypeVar("F", bound=Callable[..., Any])

_TAGGERS: dict[str, Callable[..., EntityTagger]] = {}
_STANCE: dict[str, Callable[..., StanceClassifier]] = {}

#: The backend that loads an arbitrary local checkpoint folder (or opted-in hub id) for each kind.
_GENERIC = {"tagger": "hf-token-classification", "stance": "hf-sequence-classification"}
_FALLBACK = {"tagger": DEFAULT_TAGGER, "stance": DEFAULT_STANCE}
_HUB_PREFIX = "hf:"


def register_tagger(name: str) -> Callable[[F], F]:
    """Register a factory (class or function taking ``**options``) that returns an EntityTagger."""

    def decorate(factory: F) -> F:
        _TAGGERS[name] = factory
        return factory

    return decorate


def register_stance(name: str) -> Callable[[F], F]:
    """Register a factory (class or function taking ``**options``) that returns a StanceClassifier."""

    def decorate(factory: F) -> F:
        _STANCE[name] = factory
        return factory

    return decorate


def _registry(kind: str) -> dict[str, Callable[..., Any]]:
    return _TAGGERS if kind == "tagger" else _STANCE


def _hub_off(ref: str) -> ModelUnavailable:
    return ModelUnavailable(
        f"{ref!r} is a hub id and hub downloads are off; set {HUB_ENV}=1 to allow them "
        "(or pass a local checkpoint folder)"
    )


def _factory(kind: str, backend: str) -> Callable[..., Any]:
    """The registered factory for ``backend``, importing the module that registers it if needed."""
    registry = _registry(kind)
    if backend not in registry and backend in BACKEND_MODULES:
        module = BACKEND_MODULES[backend]
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise ModelUnavailable(f"backend {backend!r} cannot be imported ({module}: {exc})") from exc
    if backend not in registry:
        raise ModelUnavailable(f"no {kind} backend named {backend!r} is registered")
    return registry[backend]


def _entry_options(entry: CatalogueEntry) -> dict[str, Any]:
    """The options a catalogue entry's source adds; raises ModelUnavailable if the source is not here."""
    if entry.source_kind == "builtin":
        return {}
    if not packages_present(entry.backend):
        raise ModelUnavailable(f"backend {entry.backend!r} needs torch and transformers, not installed")
    if entry.source_kind == "hub":
        if not hub_allowed():
            raise _hub_off(entry.source_value)
        return {"model": entry.source_value, "name": entry.name}
    path = entry_path(entry)
    if path is None or not checkpoint_present(path):
        raise ModelUnavailable(f"no checkpoint at {path} (config.json missing)")
    return {"model": str(path), "name": entry.name}


def _resolve(kind: str, ref: str) -> tuple[str, dict[str, Any]]:
    """Turn a model reference into (backend name, options implied by the reference)."""
    if ref.startswith(_HUB_PREFIX):
        return _resolve_checkpoint(kind, ref[len(_HUB_PREFIX) :])
    entry = CATALOGUE.get(ref)
    if entry is not None:
        if entry.kind != kind:
            raise ModelUnavailable(f"{ref!r} is a {entry.kind} model, not a {kind}")
        return entry.backend, _entry_options(entry)
    if ref in _registry(kind) or ref in BACKEND_MODULES:
        return ref, {}
    return _resolve_checkpoint(kind, ref)


def _resolve_checkpoint(kind: str, ref: str) -> tuple[str, dict[str, Any]]:
    """A local checkpoint folder, or a hub id when the user opted in."""
    path = Path(ref).expanduser()
    if path.is_dir():
        # A folder of adapters trained here (models.train_ner/train_stance --out) is rebuilt on the e5 base.
        if kind == "tagger" and (path / ADAPTER_META).is_file() and not (path / "config.json").is_file():
            return "e5-adapter", {"model": str(path)}
        if kind == "stance" and (path / STANCE_META).is_file() and not (path / "config.json").is_file():
            return "e5-stance-adapter", {"model": str(path)}
        return _GENERIC[kind], {"model": str(path)}
    if looks_like_hub_id(ref):
        if not hub_allowed():
            raise _hub_off(ref)
        return _GENERIC[kind], {"model": ref}
    registered = {n for n in _registry(kind) if n not in GENERIC_BACKENDS}
    known = ", ".join(sorted({e.name for e in entries(kind)} | registered))
    raise ModelUnavailable(f"unknown {kind} {ref!r}: not in the catalogue ({known}) nor a local folder")


def _build(kind: str, ref: str, options: dict[str, Any]) -> Any:
    """Build one backend or raise ModelUnavailable with the reason (no model name prefix)."""
    backend, implied = _resolve(kind, ref)
    factory = _factory(kind, backend)
    try:
        built = factory(**{**implied, **options})
    except ModelUnavailable:
        raise
    except Exception as exc:  # a broken checkpoint must degrade, not crash the dashboard
        raise ModelUnavailable(f"loading failed: {type(exc).__name__}: {exc}") from exc
    protocol = EntityTagger if kind == "tagger" else StanceClassifier
    if not isinstance(built, protocol):
        made = type(built).__name__
        raise TypeError(
            f"{kind} backend {backend!r} returned a {made}, which does not implement {protocol.__name__}"
        )
    return built


def get_tagger(name: str | None = None, /, **options: Any) -> EntityTagger:
    """Load a tagger by catalogue name, backend name, local folder (or ``hf:<folder>``).

    Args:
        name: None for the catalogue default; a hub id only when MAJLIS_ALLOW_HUB=1.
        **options: passed to the backend factory (e.g. ``batch_size``, ``allow_pickle``).

    Raises:
        ModelUnavailable: with the reason it cannot be loaded here.
    """
    ref = name or default_tagger_name()
    try:
        return _build("tagger", ref, options)
    except ModelUnavailable as exc:
        raise ModelUnavailable(f"Tagger {ref!r} is unavailable: {exc}") from exc


def get_stance(name: str | None = None, /, **options: Any) -> StanceClassifier:
    """Load a stance classifier by catalogue name, backend name or local folder; see get_tagger."""
    ref = name or default_stance_name()
    try:
        return _build("stance", ref, options)
    except ModelUnavailable as exc:
        raise ModelUnavailable(f"Stance model {ref!r} is unavailable: {exc}") from exc


class _EmptyTagger:
    """Last resort when even the rules backend cannot load: tags nothing, so the app still runs."""

    name = "none"

    def tag(self, sentences: Sequence[str]) -> list[list[TaggedSpan]]:
        return [[] for _ in sentences]


class _NeutralStance:
    """Last resort when even the lexicon backend cannot load: every query is neutral, confidence 0."""

    name = "none"

    def classify(self, queries: Sequence[StanceQuery]) -> list[StancePrediction]:
        return [StancePrediction("neutral", 0.0) for _ in queries]


def _load(kind: str, name: str | None, options: dict[str, Any]) -> tuple[Any, list[str]]:
    ref = name or (default_tagger_name() if kind == "tagger" else default_stance_name())
    fallback = _FALLBACK[kind]
    try:
        return _build(kind, ref, options), []
    except Exception as exc:  # noqa: BLE001 -- never raise: the caller shows the warning instead
        reason = str(exc)
    if ref != fallback:
        try:
            return _build(kind, fallback, {}), [
                f"Model {ref!r} is unavailable ({reason}); using the {fallback} backend."
            ]
        except Exception as fallback_exc:  # noqa: BLE001
            reason = f"{reason}; the {fallback} backend is unavailable too ({fallback_exc})"
    if kind == "tagger":
        return _EmptyTagger(), [f"Model {ref!r} is unavailable ({reason}); no entities will be tagged."]
    return _NeutralStance(), [f"Model {ref!r} is unavailable ({reason}); every stance is neutral."]


def load_tagger(name: str | None = None, /, **options: Any) -> tuple[EntityTagger, list[str]]:
    """Like get_tagger but never raises: falls back to the rules backend and says why in the warnings."""
    return _load("tagger", name, options)


def load_stance(name: str | None = None, /, **options: Any) -> tuple[StanceClassifier, list[str]]:
    """Like get_stance but never raises: falls back to the lexicon backend and says why in the warnings."""
    return _load("stance", name, options)


def _available(kind: str) -> list[str]:
    names = [entry.name for entry in entries(kind) if entry_loadable(entry)]
    # Backends registered at run time (plugins, tests) that need no checkpoint are models by themselves.
    extra = [
        n for n in _registry(kind) if n not in CATALOGUE and n not in GENERIC_BACKENDS and n not in names
    ]
    return names + extra


def available_taggers() -> list[str]:
    """Tagger names that can load here; hub entries only when MAJLIS_ALLOW_HUB=1. Imports no backend."""
    return _available("tagger")


def available_stance() -> list[str]:
    """Stance model names that can load here; hub entries only when MAJLIS_ALLOW_HUB=1."""
    return _available("stance")
