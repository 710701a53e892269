"""Entity taggers and stance classifiers behind one registry; importing this loads no ML library."""

from __future__ import annotations

from models.base import (
    TAGGER_LABELS,
    EntityTagger,
    ModelUnavailable,
    StanceClassifier,
    StancePrediction,
    StanceQuery,
    TaggedSpan,
)
from models.catalogue import CATALOGUE, CatalogueEntry, default_stance_name, default_tagger_name
from models.registry import (
    available_stance,
    available_taggers,
    get_stance,
    get_tagger,
    load_stance,
    load_tagger,
    register_stance,
    register_tagger,
)

__all__ = [
    "CATALOGUE",
    "TAGGER_LABELS",
    "CatalogueEntry",
    "EntityTagger",
    "ModelUnavailable",
    "StanceClassifier",
    "StancePrediction",
    "StanceQuery",
    "TaggedSpan",
    "available_stance",
    "available_taggers",
    "default_stance_name",
    "default_tagger_name",
    "get_stance",
    "get_tagger",
    "load_stance",
    "load_tagger",
    "register_stance",
    "register_tagger",
]
