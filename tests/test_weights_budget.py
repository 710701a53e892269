"""Committed model weights stay within the project's budget: at most 20 MB in all, safetensors only."""

from __future__ import annotations

from pathlib import Path

MODELS = Path(__file__).resolve().parent.parent / "models"
BUDGET_BYTES = 20 * 1024 * 1024
# Hidden folders are training checkpoints, ignored by git and never shipped.
UNSAFE_SUFFIXES = (".bin", ".pt", ".pth", ".pkl", ".ckpt")


def _shipped(pattern: str) -> list[Path]:
    return [
        p for p in MODELS.rglob(pattern) if not any(s.startswith(".") for s in p.relative_to(MODELS).parts)
    ]


def test_shipped_weights_fit_the_budget() -> None:
    sizes = {p.relative_to(MODELS).as_posix(): p.stat().st_size for p in _shipped("*.safetensors")}
    assert {"ner-e5/adapter_model.safetensors", "stance-e5/adapter_model.safetensors"} <= set(sizes)
    assert sum(sizes.values()) <= BUDGET_BYTES, sizes


def test_no_pickled_weights_are_shipped() -> None:
    assert [p for s in UNSAFE_SUFFIXES for p in _shipped(f"*{s}")] == []
