"""What the trained stance classifier reads: the query pair and the sentence with speaker and target marked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from models.base import StanceQuery
from pipeline.text import Token, candidate_stems, match_key, tokenize

#: Marks the speaker in the sentence. Neither bracket occurs in the 2,068 labelled sentences, while
#: « » do (as quotation marks), so « » would be ambiguous; each is one piece of the e5 vocabulary.
SPEAKER_OPEN, SPEAKER_CLOSE = "[", "]"
#: Marks the target mention in the sentence.
TARGET_OPEN, TARGET_CLOSE = "{", "}"
#: Pieces per example, query and special tokens included. The longest labelled sentence is 116
#: pieces, so a window is only ever cut from longer sentences met at inference.
DEFAULT_MAX_LENGTH = 160
#: The lexicon backend's reading of a query, written as a third part of the first text for a model
#: trained with --lexicon-hint: the cue-word rules become a feature the model learns when to trust.
HINT_WORDS = {"support": "تأييد", "oppose": "معارضة", "neutral": "حياد"}
#: Name words too common to find a person by on their own ("عبد" in "عبد الله", "بن" in "محمد بن سلمان").
NAME_PARTICLES = frozenset(match_key(w) for w in ("عبد", "بن", "ابن", "بنت", "أبو", "أبي", "آل", "ولد"))
#: Shorter name words match too much by accident once clitics are stripped.
MIN_WORD_LETTERS = 3
#: Pieces left spare when a window is cut: widening it to whole words takes a few back.
WORD_SLACK = 6

Span = tuple[int, int]


def _overlaps(a: Span, b: Span | None) -> bool:
    return b is not None and a[0] < b[1] and b[0] < a[1]


def _stem_keys(tok: Token) -> list[tuple[int, str]]:
    """(clitic prefix length, match key) of every reading of a token, the bare token first."""
    return [(prefix, match_key(stem)) for prefix, stem in candidate_stems(tok.text)]


def locate_name(sentence: str, name: str, avoid: Span | None = None) -> Span | None:
    """Where a name is written in the sentence, or None; never a span overlapping ``avoid``.

    At inference the pipeline passes an entity's canonical name ("خلوصي أكار") while the sentence
    may say "أكار" or "لأكار", so three readings are tried in order, first match wins:

    1. the name exactly as given (what the labelled set has: the speaker as written);
    2. the name's words in a row, spelling folded by match_key, a clitic allowed on the first word;
    3. one word of a name of several, from the last (a person's surname) to the first, skipping
       particles and words shorter than MIN_WORD_LETTERS.
    """
    name = name.strip()
    if not name:
        return None
    at = sentence.find(name)
    while at >= 0:
        if not _overlaps((at, at + len(name)), avoid):
            return at, at + len(name)
        at = sentence.find(name, at + 1)
    words = match_key(name).split()
    tokens = [t for t in tokenize(sentence) if t.is_word]
    for i in range(len(tokens) - len(words) + 1):
        rest = tokens[i + 1 : i + len(words)]
        if all(match_key(t.text) == w for t, w in zip(rest, words[1:], strict=True)):
            for prefix, key in _stem_keys(tokens[i]):
                span = (tokens[i].start + prefix, tokens[i + len(words) - 1].end)
                if key == words[0] and not _overlaps(span, avoid):
                    return span
    if len(words) < 2:
        return None
    for word in reversed(words):
        if word in NAME_PARTICLES or len(word) < MIN_WORD_LETTERS:
            continue
        for tok in tokens:
            for prefix, key in _stem_keys(tok):
                span = (tok.start + prefix, tok.end)
                if key == word and not _overlaps(span, avoid):
                    return span
    return None


def query_spans(query: StanceQuery, *, mark_speaker: bool = True) -> tuple[Span | None, Span | None]:
    """(speaker span, target span) in the query's sentence: offsets when given, else found by name."""
    sentence = query.sentence
    if 0 <= query.target_start < query.target_end <= len(sentence):
        target: Span | None = (query.target_start, query.target_end)
    else:
        target = locate_name(sentence, query.target)
    speaker = locate_name(sentence, query.speaker, avoid=target) if mark_speaker else None
    return speaker, target


def mark_sentence(sentence: str, speaker: Span | None, target: Span | None) -> str:
    """The sentence with [ ] around the speaker and { } around the target, whitespace made single.

    Markers stand apart as words, so a clitic stays outside ("و { تركيا }") and the marker is always
    the same piece; collapsing whitespace keeps the text the same however it was spaced.
    """
    inserts: list[tuple[int, int, str]] = []  # (offset, order at that offset, text)
    for span, opening, closing in (
        (speaker, SPEAKER_OPEN, SPEAKER_CLOSE),
        (target, TARGET_OPEN, TARGET_CLOSE),
    ):
        if span is not None and 0 <= span[0] < span[1] <= len(sentence):
            # At one offset a closing marker comes before an opening one: "] {" for adjacent spans.
            inserts += [(span[0], 1, f" {opening} "), (span[1], 0, f" {closing} ")]
    out, last = [], 0
    for offset, _order, text in sorted(inserts):
        out += [sentence[last:offset], text]
        last = offset
    out.append(sentence[last:])
    return " ".join("".join(out).split())


def query_text(
    query: StanceQuery,
    sep_token: str,
    spans: tuple[Span | None, Span | None] = (None, None),
    hint: str | None = None,
) -> str:
    """The first text of the pair: "speaker SEP target", each as written at its span when it has one.

    The labelled set gives the names as written in the sentence; the pipeline gives canonical names
    ("خلوصي أكار" for "أكار", "حكومة الوفاق" for "الحكومة الوطنية الليبية"). Reading the names off
    the spans gives the model at inference the same text it was trained on; a name not found in the
    sentence is given as it is.
    """
    names = []
    for span, name in zip(spans, (query.speaker, query.target), strict=True):
        names.append(query.sentence[span[0] : span[1]] if span is not None else name)
    text = f"{' '.join(names[0].split())} {sep_token} {' '.join(names[1].split())}"
    return text if hint is None else f"{text} {sep_token} {HINT_WORDS[hint]}"


def marked_text(query: StanceQuery, *, mark_speaker: bool = True) -> str:
    """The second text of the pair: the sentence with the speaker (when found) and the target marked."""
    speaker, target = query_spans(query, mark_speaker=mark_speaker)
    return mark_sentence(query.sentence, speaker, target)


def _marker_spans(text: str) -> list[Span]:
    """Character spans of the marked parts (target first) in a marked sentence, to keep in a window."""
    spans = []
    for opening, closing in ((TARGET_OPEN, TARGET_CLOSE), (SPEAKER_OPEN, SPEAKER_CLOSE)):
        start = text.find(f"{opening} ")
        end = text.find(f" {closing}", start + 1)
        if start >= 0 and end >= 0:
            spans.append((start, end + 2))
    return spans


def window(text: str, offsets: Sequence[Span], budget: int) -> Span:
    """A character range of ``text`` holding at most ``budget`` of its pieces, centred on the marks.

    The target's marks are always kept; the speaker's too when both fit. The range is widened to
    whole words, so cutting never splits a word into pieces it would not have in the full text.
    """
    n = len(offsets)
    if n <= budget:
        return 0, len(text)
    budget = max(1, budget - WORD_SLACK)
    keep: Span | None = None
    for start, end in _marker_spans(text):
        first = next(k for k, (_s, e) in enumerate(offsets) if e > start)
        last = max(k for k, (s, _e) in enumerate(offsets) if s < end) + 1
        joined = (first, last) if keep is None else (min(keep[0], first), max(keep[1], last))
        if keep is None or joined[1] - joined[0] <= budget:
            keep = joined
    lo, hi = keep if keep is not None else (0, 0)
    spare = max(0, budget - (hi - lo))
    begin = max(0, min(lo - spare // 2, n - budget))
    finish = min(n, max(begin + budget, hi))
    char_start, char_end = offsets[begin][0], offsets[finish - 1][1]
    # Whole words only: back to the space before, on to the space after.
    char_start = text.rfind(" ", 0, char_start) + 1
    space = text.find(" ", char_end)
    return char_start, len(text) if space < 0 else space


@dataclass(frozen=True)
class EncodedQuery:
    """One query as the model reads it."""

    input_ids: list[int]  #: the pair's token ids, special tokens included
    target_pos: int  #: index of the target's opening marker; 0 when it is not in the pieces
    speaker_pos: int  #: index of the speaker's opening marker; 0 when the speaker is not marked


def _marker_position(encoded: Any, text: str, marker: str) -> int:
    """The piece of the second text that starts at ``marker`` (followed by a space), else 0."""
    at = text.find(f"{marker} ")
    if at < 0:
        return 0
    for k, (segment, (start, _end)) in enumerate(
        zip(encoded.sequence_ids(), encoded["offset_mapping"], strict=True)
    ):
        if segment == 1 and start == at:
            return k
    return 0


def encode_query(
    tokenizer: Any,
    query: StanceQuery,
    *,
    max_length: int = DEFAULT_MAX_LENGTH,
    mark_speaker: bool = True,
    hint: str | None = None,
) -> EncodedQuery:
    """Token ids and marker positions of one query, exactly as training and inference both feed the model.

    The pair is ("speaker SEP target", marked sentence) with the tokenizer's own special tokens
    (BERT's [CLS] a [SEP] b [SEP], XLM-R's <s> a </s></s> b </s>). A sentence too long for
    ``max_length`` is cut to a window around the target (and speaker) rather than at its end,
    where the target may be. ``hint``, a polarity, adds the lexicon's reading (HINT_WORDS).
    """
    spans = query_spans(query, mark_speaker=mark_speaker)
    # The speaker's name is read off the sentence even when it is left unmarked, as in training.
    named = spans if mark_speaker else (query_spans(query)[0], spans[1])
    first = query_text(query, tokenizer.sep_token, named, hint)
    second = mark_sentence(query.sentence, *spans)
    overhead = len(tokenizer(first, "", add_special_tokens=True)["input_ids"])
    pieces = tokenizer(second, add_special_tokens=False, return_offsets_mapping=True)
    budget = max(8, max_length - overhead)
    start, end = window(second, pieces["offset_mapping"], budget)
    kept = second[start:end]
    # Widening to whole words can add a piece or two: truncation then trims the far end.
    encoded = tokenizer(
        first, kept, truncation="only_second", max_length=max_length, return_offsets_mapping=True
    )
    return EncodedQuery(
        list(encoded["input_ids"]),
        _marker_position(encoded, kept, TARGET_OPEN),
        _marker_position(encoded, kept, SPEAKER_OPEN),
    )
