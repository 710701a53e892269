"""Reading the shared NER corpora into strict BIO over one label set, with a documented map per source."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

#: The shared checkout beside this repository (``/work/shared`` next to ``/work/main``).
SHARED = Path(__file__).resolve().parents[2] / "shared"
#: Environment variable that points at another shared folder (read at call time, so tests can set it).
SHARED_ENV = "MAJLIS_SHARED"
NER_SUBDIR = Path("data") / "ner"

#: The labels a training set holds after mapping. MISC is a catch-all kept only so that products,
#: events and awards are not taught as O where a source marks them; taggers drop it (models/base.py).
TRAINING_LABELS = ("PER", "ORG", "GPE", "LOC", "MISC")

# --- label maps: source label -> our label, None = deliberately dropped (becomes O) -------------------
# Every label that occurs in a shared file is a key of its map; an unknown label raises instead of
# vanishing, so a new release of a corpus cannot silently change what we train on.

#: ANERcorp (CAMeL split). It has no GPE: its LOC holds countries and cities as well as rivers and
#: regions, so it only agrees with GPE sources after collapse_places (GPE -> LOC).
ANERCORP_MAP: dict[str, str | None] = {"PERS": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}

#: AQMAR (Wikipedia). Like ANERcorp it has no GPE (its LOC covers countries); MIS0..MIS3 arrive merged.
AQMAR_MAP: dict[str, str | None] = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MIS": "MISC"}

#: NewsFANE / WikiFANE coarse classes (ACE-style). Measured on the shared text, which NewsFANE shares
#: with ANERcorp: of the coarse spans whose string ANERcorp also tags, PRO is MISC there 86 times in 101
#: and VEH/WEA mostly MISC too, so they map to MISC; FAC (buildings, airports, roads) is split
#: MISC/ORG/LOC in ANERcorp, and we map it to LOC because a facility in our articles is where a meeting
#: happens (an airport, a palace). Coarse PER also holds the fine class Group (nationality and collective
#: nouns: «الصينيون», «الشيوعيون»), which ANERcorp leaves O 514 times in 607: prefer the fine files, whose
#: map drops Group; the coarse map cannot.
FANE_COARSE_MAP: dict[str, str | None] = {
    "PER": "PER",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "LOC",
    "PRO": "MISC",
    "VEH": "MISC",
    "WEA": "MISC",
}
NEWSFANE_COARSE_MAP = FANE_COARSE_MAP
WIKIFANE_COARSE_MAP = FANE_COARSE_MAP

_FANE_PERSON = tuple(
    "Politician Athlete Artist Other_PER Religious_PER Scientist Police Businessperson Lawyer Engineer".split()
)
_FANE_ORG = tuple(
    "Government Non-Governmental Commercial Sports Media Educational Medical-Science Entertainment Religious_ORG".split()
)
# ACE counts continents and regional clusters («الشرق الأوسط») as GPE; collapse_places folds them for ANERcorp.
_FANE_GPE = tuple(
    "Nation Population-Center State-or-Province County-or-District Continent GPE-Cluster".split()
)
_FANE_LOC = ("Water-Body", "Land-Region-Natural", "Celestial")
_FANE_FACILITY = ("Building-Grounds", "Airport", "Path", "Plant")
_FANE_MISC = tuple(
    "Book Movie Software Hardware Food Drug Sound Air Land Water Projectile Shooting Blunt Nuclear Exploding Sharp Chemical".split()
)

#: NewsFANE / WikiFANE fine classes (the *.conll files without .coarse), grouped as the coarse taxonomy
#: groups them, with two exceptions: Group (nationality and collective nouns) is dropped, as Wojood's NORP
#: is, and Subarea-Facility («المئذنة», «المحراب») is dropped because its spans are common nouns, not names.
FANE_FINE_MAP: dict[str, str | None] = {
    **dict.fromkeys(_FANE_PERSON, "PER"),
    **dict.fromkeys(_FANE_ORG, "ORG"),
    **dict.fromkeys(_FANE_GPE, "GPE"),
    **dict.fromkeys(_FANE_LOC, "LOC"),
    **dict.fromkeys(_FANE_FACILITY, "LOC"),
    **dict.fromkeys(_FANE_MISC, "MISC"),
    "Group": None,
    "Subarea-Facility": None,
}
#: Fine and coarse FANE label names do not overlap, so one map reads either kind of file.
FANE_MAP: dict[str, str | None] = {**FANE_FINE_MAP, **FANE_COARSE_MAP}

#: Wojood (public sample, nested tags flattened to the outermost). FAC -> LOC as for FANE; EVENT and
#: PRODUCT -> MISC as ANERcorp tags wars and weapons. NORP (nationality adjectives), OCC (job titles),
#: numbers, dates, laws, languages and websites are not named entities in our scheme.
WOJOOD_MAP: dict[str, str | None] = {
    "PERS": "PER",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "LOC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    **dict.fromkeys(
        "NORP OCC DATE TIME CARDINAL ORDINAL PERCENT MONEY CURR QUANTITY UNIT LAW LANGUAGE WEBSITE".split(),
        None,
    ),
}

#: Each source's files, relative to ``<shared>/data/ner``, by split. NewsFANE and WikiFANE use the fine
#: files so that Group can be dropped (see FANE_FINE_MAP).
SOURCE_FILES: dict[str, dict[str, str]] = {
    "anercorp": {"train": "anercorp/train.conll", "test": "anercorp/test.conll"},
    "newsfane": {"train": "newsfane/train.conll", "test": "newsfane/test.conll"},
    "wikifane": {"all": "wikifane/all.conll"},
    "aqmar": {"all": "aqmar/all.conll"},
    "wojood": {
        "train": "wojood_sample/train.conll",
        "dev": "wojood_sample/dev.conll",
        "test": "wojood_sample/test.conll",
    },
}
SOURCE_MAPS: dict[str, Mapping[str, str | None]] = {
    "anercorp": ANERCORP_MAP,
    "newsfane": FANE_MAP,
    "wikifane": FANE_MAP,
    "aqmar": AQMAR_MAP,
    "wojood": WOJOOD_MAP,
}
#: The split load_training takes when a source is named without one.
TRAINING_SPLITS = {
    "anercorp": "train",
    "newsfane": "train",
    "wikifane": "all",
    "aqmar": "all",
    "wojood": "train",
}
#: Sources whose LOC also holds countries and cities: mixing them with GPE sources teaches the same
#: string as LOC in one sentence and GPE in the next, unless places are collapsed.
PLACES_COLLAPSED = frozenset({"anercorp", "aqmar"})
#: Sources that are the same sentences annotated twice (NewsFANE re-annotates ANERcorp).
SAME_TEXT = frozenset({"anercorp", "newsfane"})
#: The only sets scored by models.evaluate_ner. newsfane/test holds every NewsFANE sentence that overlaps
#: the ANERcorp test split, so neither may ever reach training.
EVALUATION_SETS = ("anercorp", "newsfane")


@dataclass(frozen=True)
class NerSentence:
    """One tokenised sentence with strict BIO tags over TRAINING_LABELS (or a caller's label map)."""

    tokens: tuple[str, ...]  #: the words as the corpus splits them
    tags: tuple[str, ...]  #: one BIO tag per token: "O", "B-PER", "I-PER", ...
    source: str  #: the corpus name, e.g. "anercorp"

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        """Unpack as ``tokens, tags``, the pair a trainer reads (``for words, tags in sentences``)."""
        return iter((self.tokens, self.tags))


class TrainingOnTestError(ValueError):
    """A test file was requested for training."""


def shared_root() -> Path:
    """The shared folder: $MAJLIS_SHARED if set, else ../shared beside the repository."""
    value = os.environ.get(SHARED_ENV)
    return Path(value).expanduser() if value else SHARED


def ner_root() -> Path:
    """``<shared>/data/ner``; raises FileNotFoundError naming the path when it is absent."""
    root = shared_root() / NER_SUBDIR
    if not root.is_dir():
        raise FileNotFoundError(f"NER data folder not found: {root} (set {SHARED_ENV} to the shared folder)")
    return root


def source_path(name: str, split: str) -> Path:
    """The file of one source split; raises KeyError for unknown names, FileNotFoundError if absent."""
    if name not in SOURCE_FILES:
        raise KeyError(f"unknown NER source {name!r}; known: {', '.join(SOURCE_FILES)}")
    splits = SOURCE_FILES[name]
    if split not in splits:
        raise KeyError(f"source {name!r} has no split {split!r}; it has: {', '.join(splits)}")
    path = ner_root() / splits[split]
    if not path.is_file():
        raise FileNotFoundError(f"NER file not found: {path}")
    return path


def read_conll(path: str | Path) -> list[list[tuple[str, str]]]:
    """Read ``token<TAB>tag`` lines, a blank line between sentences, into (token, tag) lists.

    Runs of blank lines and whitespace-only lines count as one break; a line without a tab raises
    ValueError with its line number, since a silently skipped line would shift every tag after it.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"CoNLL file not found: {path}")
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    with path.open(encoding="utf-8-sig") as handle:  # -sig: tolerate a byte-order mark
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                if current:
                    sentences.append(current)
                    current = []
                continue
            token, sep, tag = line.rpartition("\t")
            if not sep or not token.strip() or not tag.strip():
                raise ValueError(f"{path}:{number}: expected 'token<TAB>tag', got {line!r}")
            current.append((token.strip(), tag.strip()))
    if current:
        sentences.append(current)
    return sentences


def _split_tag(tag: str) -> tuple[str, str]:
    """("B", "PER") from "B-PER"; ("O", "") from "O". Accepts BIO and IOB1 prefixes (B, I, and E/S as I/B)."""
    if tag == "O":
        return "O", ""
    prefix, sep, label = tag.partition("-")
    if not sep or prefix not in {"B", "I", "E", "S"} or not label:
        raise ValueError(f"not a BIO tag: {tag!r}")
    # BIOES: S- starts (and ends) a span, E- continues one; both read like BIO for span starts.
    return ("B" if prefix in {"B", "S"} else "I"), label


def joined_tokens(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence as the tokens joined by single spaces, and each token's (start, end) in it.

    This is how corpus sentences reach a tagger, in the evaluation and for the training hints.
    """
    offsets = []
    position = 0
    for token in tokens:
        offsets.append((position, position + len(token)))
        position += len(token) + 1
    return " ".join(tokens), offsets


def spans_from_bio(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Token spans (start, end exclusive, label) with conlleval semantics.

    A span starts at B-X, or at I-X when the previous tag is not of type X (so IOB1 files and orphan
    I- tags read as they do in conlleval); it ends at O, at any B-, or where the type changes.
    """
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate(tags):
        prefix, kind = _split_tag(tag)
        if prefix == "I" and kind == label:
            continue
        if label:
            spans.append((start, i, label))
        start, label = (i, kind) if prefix != "O" else (-1, "")
    if label:
        spans.append((start, len(tags), label))
    return spans


def bio_from_spans(length: int, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """Strict BIO tags for ``length`` tokens; spans must not overlap."""
    tags = ["O"] * length
    for start, end, label in spans:
        tags[start] = f"B-{label}"
        for i in range(start + 1, end):
            tags[i] = f"I-{label}"
    return tags


def map_tags(
    tags: Sequence[str], label_map: Mapping[str, str | None], *, collapse_places: bool = False
) -> list[str]:
    """Strict BIO over the mapped labels: spans are read first, so IOB1 and orphan I- tags are fixed.

    Raises ValueError on a label the map does not name (a label mapped to None is dropped on purpose).
    """
    kept: list[tuple[int, int, str]] = []
    for start, end, label in spans_from_bio(tags):
        if label not in label_map:
            raise ValueError(f"label {label!r} is not in the label map (known: {', '.join(label_map)})")
        mapped = label_map[label]
        if mapped is None:
            continue
        if collapse_places and mapped == "GPE":
            mapped = "LOC"
        kept.append((start, end, mapped))
    return bio_from_spans(len(tags), kept)


def read_mapped(
    path: str | Path,
    label_map: Mapping[str, str | None],
    *,
    source: str,
    collapse_places: bool = False,
) -> list[NerSentence]:
    """Read one CoNLL file and map its tags; a ValueError names the file when a label is unknown."""
    sentences = []
    for pairs in read_conll(path):
        tokens = tuple(token for token, _ in pairs)
        try:
            tags = map_tags([tag for _, tag in pairs], label_map, collapse_places=collapse_places)
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from exc
        sentences.append(NerSentence(tokens, tuple(tags), source))
    return sentences


def load_source(name: str, split: str, *, collapse_places: bool = False) -> list[NerSentence]:
    """One source split mapped to TRAINING_LABELS (GPE folded into LOC when ``collapse_places``).

    This reads any split, test ones included, for inspection; training must go through load_training
    and scoring through load_evaluation.
    """
    return read_mapped(
        source_path(name, split), SOURCE_MAPS[name], source=name, collapse_places=collapse_places
    )


def _refuse_test(path: Path, root: Path) -> None:
    """The hard guard: no file named test* and nothing under a test* folder ever reaches training.

    Only the part below the NER root is checked, so a shared folder that itself lives under a path
    such as pytest's ``/tmp/.../test_x0/`` is not refused.
    """
    try:
        parts = path.resolve().relative_to(root.resolve()).parts
    except ValueError:
        parts = path.parts
    if any(part.startswith("test") for part in parts):
        raise TrainingOnTestError(
            f"refusing to train on {path}: test files (anercorp/test*, newsfane/test*) are for evaluation only"
        )


def load_training(sources: Iterable[str], *, collapse_places: bool = False) -> list[NerSentence]:
    """Training sentences from ``sources``, each "name" (its TRAINING_SPLITS split) or "name:split".

    Warns (UserWarning) when a source whose LOC holds countries (ANERcorp, AQMAR) is mixed with one that
    has GPE and places are not collapsed: the same places would be taught under two labels, unless the
    caller folds GPE into LOC itself.

    Raises:
        TrainingOnTestError: if any requested file is a test file.
    """
    requests: list[tuple[str, str]] = []
    for spec in sources:
        name, _, split = spec.partition(":")
        split = split or TRAINING_SPLITS.get(name, "")
        if split == "test":
            raise TrainingOnTestError(
                f"refusing to train on the {name} test split: it is for evaluation only"
            )
        requests.append((name, split))
    names = {name for name, _ in requests}
    if not collapse_places and names & PLACES_COLLAPSED and names - PLACES_COLLAPSED:
        warnings.warn(
            f"{sorted(names & PLACES_COLLAPSED)} tag countries as LOC but {sorted(names - PLACES_COLLAPSED)} "
            "tag them GPE: pass collapse_places=True unless you fold GPE into LOC yourself",
            UserWarning,
            stacklevel=2,
        )
    if names >= SAME_TEXT:
        # NewsFANE re-annotates ANERcorp: both would show the model every sentence twice, labelled twice.
        warnings.warn(
            "anercorp and newsfane hold the same text; train on one of them", UserWarning, stacklevel=2
        )
    sentences: list[NerSentence] = []
    for name, split in requests:
        path = source_path(name, split)
        _refuse_test(path, ner_root())
        sentences.extend(read_mapped(path, SOURCE_MAPS[name], source=name, collapse_places=collapse_places))
    return sentences


#: Files in our own labels (a team's annotations, or models.pseudo_label's output): taken as they are.
OWN_LABELS_MAP: dict[str, str | None] = {label: label for label in TRAINING_LABELS}


def load_own_file(path: str | Path, *, collapse_places: bool = False) -> list[NerSentence]:
    """A CoNLL file tagged with our labels (PER, ORG, GPE, LOC, MISC), for training beside the corpora.

    Raises:
        TrainingOnTestError: if the file is named test*, like the corpora's evaluation files.
        ValueError: naming the file, on a label outside TRAINING_LABELS.
    """
    path = Path(path)
    if path.name.lower().startswith("test"):
        raise TrainingOnTestError(f"refusing to train on {path}: a file named test* is for evaluation")
    return read_mapped(path, OWN_LABELS_MAP, source=f"file:{path.name}", collapse_places=collapse_places)


def load_evaluation(
    name: str,
    *,
    path: str | Path | None = None,
    label_map: Mapping[str, str | None] | None = None,
) -> list[NerSentence]:
    """The test split of one evaluation set ("anercorp" or "newsfane"), mapped through ``label_map``.

    Args:
        name: one of EVALUATION_SETS.
        path: another file to read instead of the shared test file (tests, other splits).
        label_map: defaults to the source's map (TRAINING_LABELS); evaluate_ner passes its own to keep
            ANERcorp's native PERS/LOC/ORG/MISC.
    """
    if name not in EVALUATION_SETS:
        raise KeyError(f"{name!r} is not an evaluation set; use one of {', '.join(EVALUATION_SETS)}")
    file = Path(path) if path is not None else source_path(name, "test")
    return read_mapped(file, label_map if label_map is not None else SOURCE_MAPS[name], source=name)


def labels_in(path: str | Path) -> set[str]:
    """The entity labels (without B-/I-) that occur in a CoNLL file."""
    return {label for pairs in read_conll(path) for _, _, label in spans_from_bio([t for _, t in pairs])}
