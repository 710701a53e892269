"""Word-level decoding for token classifiers trained with a label on the first piece of each word.

models.train_ner labels the first piece of every corpus token and ignores the rest. Tagging the
same way (cut the text into words and punctuation marks as the NER corpora do, word-piece each
word, read the label of its first piece) makes inference see exactly what training saw. The
generic `transformers` pipeline guesses word boundaries for sentencepiece tokenizers instead,
and a word that begins with a bare "▁" piece then gets the label of a piece that was never trained.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from models.base import TaggedSpan
from models.hf_tagger import (
    BIO_PREFIXES,
    display_name,
    load_checkpoint,
    model_max_pieces,
    normalize_label,
)
from models.name_memory import DEFAULT_WINDOW, recall_names
from models.ner_data import spans_from_bio
from models.ner_hints import RulesHints, load_hints

#: Words and single punctuation marks, the way ANERcorp and the FANE corpora are tokenised
#: ("أنقرة،" is two tokens). Digits and Latin letters are word characters too. A hyphen inside a
#: word stays in it: "كيم جونغ-أون" is a name of two words, not three and a dash.
WORD = re.compile(r"\w+(?:-\w+)*|[^\w\s]")


def words_of(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of each word or punctuation mark in ``sentence``."""
    return [m.span() for m in WORD.finditer(sentence)]


def chunk_words(piece_counts: Sequence[int], budget: int) -> list[tuple[int, int]]:
    """Consecutive word ranges [i, j) whose pieces fit ``budget``; a longer word is cut to fit alone.

    Training cuts long sentences the same way (train_ner.encode_sentences), so no word is split.
    """
    ranges: list[tuple[int, int]] = []
    start, used = 0, 0
    for i, count in enumerate(piece_counts):
        count = min(max(count, 1), budget)
        if used + count > budget and i > start:
            ranges.append((start, i))
            start, used = i, 0
        used += count
    if start < len(piece_counts):
        ranges.append((start, len(piece_counts)))
    return ranges


def context_words(piece_counts: Sequence[int], first: int, end: int, budget: int) -> tuple[int, int]:
    """The words around the chunk [first, end) that the model reads as context: the widest ranges
    [left, first) and [end, right) whose pieces each fit ``budget``, taken whole, nearest first.

    Context words carry no labels; they let the model see that «حفتر» two sentences back was
    «خليفة حفتر». Training (train_ner.encode_sentences) picks context the same way.
    """
    left, used = first, 0
    while left > 0 and used + piece_counts[left - 1] <= budget:
        left -= 1
        used += piece_counts[left]
    right, used = end, 0
    while right < len(piece_counts) and used + piece_counts[right] <= budget:
        used += piece_counts[right]
        right += 1
    return left, right


def context_row(
    pieces: Sequence[Sequence[int]],
    counts: Sequence[int],
    hints: Sequence[int],
    chunk: tuple[int, int],
    context: int,
    ends: tuple[int, int],
) -> tuple[list[int], list[int], list[int]]:
    """One model input: the words of ``chunk`` [first, end) of a stream of words, with up to
    ``context`` pieces of the words around them (context_words), between the start and end tokens
    ``ends``. Returns the piece ids, the position of the first piece of each of the chunk's words
    (where labels are read, and trained), and each piece's hint id. Used by training and tagging.
    """
    first, end = chunk
    left, right = context_words(counts, first, end, context)
    ids, heads, row_hints = [ends[0]], [], [0]
    for w in range(left, right):
        if first <= w < end:
            heads.append(len(ids))
        ids.extend(pieces[w])
        row_hints.extend([hints[w]] * len(pieces[w]))
    ids.append(ends[1])
    row_hints.append(0)
    return ids, heads, row_hints


def tags_to_spans(
    tags: Sequence[str], scores: Sequence[float], words: Sequence[tuple[int, int]]
) -> list[TaggedSpan]:
    """Character spans from per-word BIO tags; a span's score is the mean of its words' scores."""
    spans = []
    for first, last, label in spans_from_bio(tags):
        score = sum(scores[first:last]) / (last - first)
        spans.append(TaggedSpan(words[first][0], words[last - 1][1], label, round(score, 4)))
    return spans


def transition_mask(labels: Sequence[str]) -> np.ndarray:
    """Which checkpoint label may follow which: row ``i`` is after label ``i``, the last row is a
    sentence start, column ``j`` the next label.

    An inside or end label (I-X, E-X, L-X) may only follow a begin or inside label of the same
    type; everything else may follow anything. Bare labels of IO-scheme checkpoints ("PER") are
    unconstrained.
    """

    def parts(label: str) -> tuple[str, str]:
        upper = label.strip().upper()
        return (upper[0], upper[2:]) if upper.startswith(BIO_PREFIXES) else ("", upper)

    split = [parts(label) for label in labels]
    allowed = np.ones((len(labels) + 1, len(labels)), dtype=bool)
    for j, (prefix, kind) in enumerate(split):
        if prefix in ("I", "E", "L"):
            allowed[:, j] = [p in ("B", "I") and k == kind for p, k in split] + [False]
    return allowed


def bio_viterbi(probabilities: np.ndarray, allowed: np.ndarray) -> list[int]:
    """The label path with the highest product of word probabilities among the valid ones.

    Reading each word's most likely label alone can yield I-PER after O, or a name cut in two
    where its second word's B-PER barely beats I-PER; decoding the whole sentence under the BIO
    rules (``transition_mask``) picks the best path that is a well-formed sequence of spans.

    Args:
        probabilities: (words, labels) probabilities of each word's label.
        allowed: ``transition_mask`` of the labels.
    """
    if len(probabilities) == 0:
        return []
    scores = np.log(np.clip(probabilities, 1e-12, 1.0))
    forbid = np.where(allowed, 0.0, -np.inf)
    best = scores[0] + forbid[-1]
    back = []
    for t in range(1, len(scores)):
        candidates = best[:, None] + forbid[:-1]
        back.append(candidates.argmax(0))
        best = candidates.max(0) + scores[t]
    path = [int(best.argmax())]
    for pointers in reversed(back):
        path.append(int(pointers[path[-1]]))
    return path[::-1]


class WordTagger:
    """Tags words with a token-classification checkpoint, reading each word's first piece.

    Args:
        model: a local checkpoint folder (or a hub id when MAJLIS_ALLOW_HUB=1).
        name: shown in the UI.
        allow_pickle: accept a folder with only pytorch_model.bin (pickle can run code).
        batch_size: chunks per forward pass (chunks are sorted by length, so padding stays small).
        max_pieces: cap on pieces per chunk, below the model's own limit.
        extra_labels: checkpoint labels outside TAGGER_LABELS to keep (MISC, for the evaluation).
        quantize: run the linear layers in dynamic int8 (faster on CPU; measured in benchmarks/).
        hinter: gives the hint id of each word (models.ner_hints.RulesHints by default); used only
            when the folder holds a hint table, i.e. the model was trained with --rules-hint.
        context: pieces of the neighbouring words (across sentences of the same call) the model
            reads on each side of a chunk, unlabelled; as trained with train_ner --context.
        name_memory: sentences on each side within which a name found once is tagged again where
            it stands untagged, and a person's surname alone too (models/name_memory.py); 0: off.
    """

    def __init__(
        self,
        model: str | Path,
        *,
        name: str | None = None,
        allow_pickle: bool = False,
        batch_size: int = 16,
        max_pieces: int | None = None,
        extra_labels: Collection[str] = (),
        quantize: bool = False,
        hinter: Any | None = None,
        context: int = 0,
        name_memory: int = DEFAULT_WINDOW,
    ) -> None:
        ref, self.tokenizer, self.model = load_checkpoint(
            model, "AutoModelForTokenClassification", allow_pickle=allow_pickle
        )
        import torch

        # A model trained with --rules-hint reads the rules' tag of each word (models/ner_hints.py).
        self.hints = load_hints(Path(model)) if Path(model).is_dir() else None
        self.hinter = hinter if hinter is not None or self.hints is None else RulesHints()

        self._torch = torch
        self.model.eval()
        if quantize:
            with warnings.catch_warnings():  # torch marks its quantized-tensor API deprecated
                warnings.simplefilter("ignore", UserWarning)
                self.model = torch.ao.quantization.quantize_dynamic(
                    self.model, {torch.nn.Linear}, dtype=torch.qint8
                )
        limit = model_max_pieces(self.tokenizer, self.model.config)
        self.context = max(0, min(context, (limit - 4) // 4))  # context never takes over half the row
        self.budget = limit - 2 - 2 * self.context  # the start and end tokens, and both contexts
        if max_pieces is not None:
            self.budget = max(1, min(self.budget, max_pieces - 2))
        self.batch_size = max(1, batch_size)
        self.name_memory = max(0, name_memory)
        self.name = name or display_name(ref)
        extra = frozenset(label.upper() for label in extra_labels)
        # Each class id as the BIO tag spans_from_bio reads: ours ("B-PER"), or "O" when dropped.
        self._tags = {int(i): _our_tag(str(label), extra) for i, label in self.model.config.id2label.items()}
        self._allowed = transition_mask([str(self.model.config.id2label[i]) for i in range(len(self._tags))])

    def tag(self, sentences: Sequence[str]) -> list[list[TaggedSpan]]:
        """Return, for each sentence, its PER/ORG/GPE/LOC spans (plus extra labels) sorted by start.

        The sentences are read as one text (context, name memory): pass one article per call.
        """
        words = [words_of(s) for s in sentences]
        labels = self._word_labels(sentences, words)
        tags = [[tag for tag, _ in sentence_labels] for sentence_labels in labels]
        scores = [[p for _, p in sentence_labels] for sentence_labels in labels]
        starts = [[a for a, _ in ws] for ws in words]
        texts = [[s[a:b] for a, b in ws] for s, ws in zip(sentences, words, strict=True)]
        for found in recall_names(texts, tags, scores, window=self.name_memory):
            for k in range(found.first, found.end):
                opens = k == found.first and not found.extends
                tags[found.sentence][k] = f"{'B' if opens else 'I'}-{found.label}"
                scores[found.sentence][k] = found.score
            starts[found.sentence][found.first] += found.skip  # «وأكار»: the span starts at «أكار»
        return [
            tags_to_spans(ts, ss, [(a, b) for a, (_, b) in zip(st, ws, strict=True)])
            for ts, ss, st, ws in zip(tags, scores, starts, words, strict=True)
        ]

    def word_labels(self, sentences: Sequence[str]) -> list[list[tuple[str, float]]]:
        """Each word's BIO tag and its probability, per sentence, words as ``words_of`` cuts them."""
        return self._word_labels(sentences, [words_of(s) for s in sentences])

    def _word_labels(
        self, sentences: Sequence[str], words: Sequence[Sequence[tuple[int, int]]]
    ) -> list[list[tuple[str, float]]]:
        flat = [s[a:b] for s, ws in zip(sentences, words, strict=True) for a, b in ws]
        pieces = self.tokenizer(flat, add_special_tokens=False)["input_ids"] if flat else []
        unk = self.tokenizer.unk_token_id
        word_hints = [
            self.hinter.word_hints(s, ws) if self.hints is not None else [0] * len(ws)
            for s, ws in zip(sentences, words, strict=True)
        ]
        # Every word of the call in one stream, so that context runs across sentences.
        own = [p[: self.budget] or [unk] for p in pieces]
        flat_hints = [hint for hs in word_hints for hint in hs]
        counts = [len(p) for p in own]
        # Jobs: (sentence index, first word, end word, piece ids, position of each word's first
        # piece, hint id of each piece).
        ends = (self.tokenizer.cls_token_id, self.tokenizer.sep_token_id)
        jobs = []
        at = 0
        for index, ws in enumerate(words):
            for first, end in chunk_words(counts[at : at + len(ws)], self.budget):
                row = context_row(own, counts, flat_hints, (at + first, at + end), self.context, ends)
                jobs.append((index, first, end, *row))
            at += len(ws)
        # Each word's label probabilities; a sentence is decoded whole once all its chunks are in.
        probabilities = [np.zeros((len(ws), len(self._tags)), dtype=np.float32) for ws in words]
        order = sorted(range(len(jobs)), key=lambda j: len(jobs[j][3]))
        for b in range(0, len(order), self.batch_size):
            batch = [jobs[j] for j in order[b : b + self.batch_size]]
            rows = self._forward([job[3] for job in batch], [job[5] for job in batch])
            for (index, first, _end, _ids, heads, _hints), row in zip(batch, rows, strict=True):
                probabilities[index][first : first + len(heads)] = row[heads].numpy()
        labels = []
        for word_probabilities in probabilities:
            path = bio_viterbi(word_probabilities, self._allowed)
            labels.append(
                [
                    (self._tags[label_id], float(word_probabilities[k, label_id]))
                    for k, label_id in enumerate(path)
                ]
            )
        return labels

    def _forward(self, rows: Sequence[Sequence[int]], hint_rows: Sequence[Sequence[int]]) -> Any:
        torch = self._torch
        width = max(len(r) for r in rows)
        ids = torch.full((len(rows), width), self.tokenizer.pad_token_id, dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        hints = torch.zeros((len(rows), width), dtype=torch.long)
        for i, (row, hint_row) in enumerate(zip(rows, hint_rows, strict=True)):
            ids[i, : len(row)] = torch.tensor(row)
            mask[i, : len(row)] = 1
            hints[i, : len(hint_row)] = torch.tensor(hint_row)
        with torch.inference_mode():
            if self.hints is None:
                return self.model(input_ids=ids, attention_mask=mask).logits.softmax(-1)
            # As in training (models/train_ner.forward): the hint vector joins the word embedding.
            embeds = self.model.get_input_embeddings()(ids) + self.hints(hints)
            return self.model(inputs_embeds=embeds, attention_mask=mask).logits.softmax(-1)


def _our_tag(label: str, extra: Collection[str]) -> str:
    """A checkpoint label as a BIO tag over our types: "B-PERS" -> "B-PER", "I-MISC" -> "O".

    Single-word and begin tags (S-, U-, B-) open a span; inside and end tags (I-, E-, L-) and
    bare labels of IO-scheme checkpoints ("PER") continue one of the same type.
    """
    ours = normalize_label(label, extra)
    if ours is None:
        return "O"
    upper = label.strip().upper()
    opens = upper.startswith(BIO_PREFIXES) and upper[0] in "BSU"
    return f"{'B' if opens else 'I'}-{ours}"
