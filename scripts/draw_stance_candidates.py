"""Draw (speaker, target, sentence) candidates for the stance set from the shared news corpus.

The kept script behind ``models/stance_data/labels.jsonl`` (issue 5). It streams
``<shared>/data/news_corpus/*.jsonl.gz`` one article at a time and writes candidate triples to a
pool file outside the repository, where the team reads and labels them.

How a triple is drawn:

1. Articles are sampled by a seeded hash of their id: politics and diplomacy articles (a politics
   category, or an uncategorised article whose title or opening names a political word) at
   ``--rate-politics``, the rest at ``--rate-other``.
2. Cheap prefilters: some body sentence must hold a reporting verb
   (``pipeline.lexicon.reporting.REPORTING_VERBS``), and, with ``--prefilter rules``, one such
   sentence must hold two or more PER/ORG/GPE spans by the fast rules tagger.
3. The article goes through ``pipeline.analyze.analyze`` with ``--tagger`` (default the project
   default, e5-ner+rules) and a stance backend that only records its queries, so the triples are
   exactly the ``StanceQuery`` objects ``pipeline.stance.find_stances`` would classify.
4. A triple is kept when its sentence is in the body (the title is not in the corpus ``text``),
   is at most ``--max-chars`` long, and names its speaker (a speaker carried over from an earlier
   sentence cannot be checked by reading the sentence alone).
5. Oversampling: a sentence is kept with a probability set by the cue words it holds
   (``pipeline.lexicon.stance_cues``, as the lexicon backend finds them): ``--support-keep`` with
   a support cue, else ``--oppose-keep`` with an oppose cue, else ``--plain-keep``. In a pilot
   draw, 68% of the triples had no cue, 23% only oppose cues and 9% a support cue, while support
   is what the classifier most needs to see. This changes which sentences are drawn, never their
   labels.
6. At most ``--max-per-sentence`` triples per sentence and ``--max-per-article`` per article,
   cue-bearing sentences first, then in the seeded order.

Each output line holds the reference fields of labels.jsonl (corpus, article, start, end, sha1,
speaker, target, offsets), the sentence text and a ``draw_key``: label in ascending draw_key order
so that the labelled set is a seeded random prefix of the pool.

Arguments:
    --shared DIR          the shared folder (default: $MAJLIS_SHARED or ../shared)
    --out FILE            pool file to write (default: /work/stance-pool/candidates.jsonl)
    --seed N              seed of every sampling decision (default 5, the issue's number)
    --rate-politics P     share of politics/diplomacy articles sampled (default 0.25)
    --rate-other P        share of other articles sampled (default 0.01)
    --support-keep P      share of sentences with a support cue kept (default 1.0)
    --oppose-keep P       share of sentences with an oppose cue (and no support cue) kept (default 0.6)
    --plain-keep P        share of cue-less sentences kept (default 0.2)
    --max-per-article N   triples kept per article (default 4)
    --max-per-sentence N  triples kept per sentence (default 2)
    --max-chars N         longest sentence kept, in characters (default 400)
    --tagger NAME         entity tagger for the analysis (default: the catalogue default)
    --prefilter rules|none  the cheap rules-tagger prefilter (default rules)
    --shards N --shard K  process only articles whose hash falls in shard K of N, so the draw can
                          run as several short jobs (default 1 and 0)
    --limit N             stop after analysing N articles (0: no limit), for trials
    --threads N           torch threads (default 1: the machine is shared)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models.base import StancePrediction, StanceQuery, TaggedSpan  # noqa: E402
from models.ner_data import shared_root  # noqa: E402
from models.stance_set import (  # noqa: E402
    CORPUS_SUBDIR,
    body_sentence_spans,
    read_sentence,
    sentence_sha1,
)
from pipeline.records import Analysis, Article  # noqa: E402
from pipeline.stance import SPEAKER_TYPES, VERB_KEYS  # noqa: E402
from pipeline.text import candidate_stems, match_key, tokenize  # noqa: E402

DEFAULT_OUT = Path("/work/stance-pool/candidates.jsonl")
#: Corpus categories that are politics or diplomacy (ANT v2.1 and Jawhara FM); SaudiNewsNet has none.
POLITICS_CATEGORIES = frozenset({"middleEast", "internationalNews", "politic"})
#: Words whose presence in an uncategorised article's title or opening marks it as politics.
POLITICS_WORDS: tuple[str, ...] = tuple(
    """
    وزير وزيرة الرئيس رئيس الخارجية الحكومة البرلمان مجلس الأمن الأمم المتحدة حزب المعارضة السفير
    الملك ولي العهد قمة مفاوضات محادثات الحوثي داعش التحالف الجيش الميليشيات الانقلاب اتفاق
    """.split()
)
#: How much of an article's text is searched for a political word: the title and the lead.
OPENING_CHARS = 300
ACTOR_TYPES = frozenset(SPEAKER_TYPES)


class RecordingStance:
    """A stance backend that answers neutral and keeps every query it was asked."""

    name = "recorder"

    def __init__(self) -> None:
        self.queries: list[StanceQuery] = []

    def classify(self, queries: Sequence[StanceQuery]) -> list[StancePrediction]:
        self.queries.extend(queries)
        return [StancePrediction("neutral", 0.0) for _ in queries]


def unit_hash(*parts: object) -> float:
    """A seeded, reproducible number in [0, 1) for a sampling decision."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return int(digest[:13], 16) / 16**13


def is_politics(record: dict[str, Any]) -> bool:
    """A politics/diplomacy category, or, without a category, a political word in the opening."""
    category = record.get("category") or ""
    if category:
        return category in POLITICS_CATEGORIES
    opening = f"{record.get('title') or ''} {(record.get('text') or '')[:OPENING_CHARS]}"
    return any(word in opening for word in POLITICS_WORDS)


def has_reporting_verb(sentence: str) -> bool:
    """Whether a token of the sentence is a reporting verb, with or without proclitics ("وأكد")."""
    return any(
        match_key(stem) in VERB_KEYS for tok in tokenize(sentence) for _p, stem in candidate_stems(tok.text)
    )


def is_candidate_sentence(sentence: str, spans: Sequence[TaggedSpan]) -> bool:
    """The drawing filter: a reporting verb and two or more actor (PER/ORG/GPE) spans."""
    return sum(1 for s in spans if s.label in ACTOR_TYPES) >= 2 and has_reporting_verb(sentence)


def iter_articles(corpus_dir: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(corpus file name, record) for every article, one line at a time."""
    import gzip

    for path in sorted(corpus_dir.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                yield path.name, json.loads(line)


def stance_cues(sentence: str) -> list[str]:
    """The polarities of the lexicon's cue words in the sentence (only used to oversample)."""
    from models.lexicon_stance import find_cues

    return sorted({polarity for _s, _e, polarity in find_cues(tokenize(sentence))})


def triples_of(
    corpus: str, record: dict[str, Any], analysis: Analysis, queries: Sequence[StanceQuery], *, seed: int
) -> tuple[list[dict[str, Any]], Counter[str]]:
    """Every drawable triple of one analysed article, and why the others were dropped."""
    dropped: Counter[str] = Counter()
    raw = record.get("text") or ""
    body = [s for s in analysis.sentences if s.paragraph > 0]
    spans = dict(zip((s.index for s in body), body_sentence_spans(raw), strict=True))
    by_id = {e.id: e for e in analysis.entities}
    out: list[dict[str, Any]] = []
    for stance, query in zip(analysis.stances, queries, strict=True):
        if stance.sentence not in spans:
            dropped["title"] += 1
            continue
        sentence = analysis.sentences[stance.sentence].text
        start, end = spans[stance.sentence]
        if read_sentence(raw, start, end) != sentence:
            raise RuntimeError(f"{corpus}/{record['id']}: sentence offsets disagree with split_article")
        speaker = by_id[stance.source]
        mentions = [m for m in speaker.mentions if m.sentence == stance.sentence]
        if not mentions:
            dropped["speaker not in sentence"] += 1
            continue
        said = mentions[0]
        target = by_id[stance.target]
        triple_id = hashlib.sha1(
            f"{corpus}/{record['id']}/{start}/{said.start}/{query.target_start}".encode()
        ).hexdigest()[:10]
        out.append(
            {
                "id": f"t{triple_id}",
                "corpus": corpus,
                "article": str(record["id"]),
                "start": start,
                "end": end,
                "sha1": sentence_sha1(sentence),
                "speaker": said.text,
                "speaker_start": said.start,
                "speaker_end": said.end,
                "speaker_name": speaker.name,
                "speaker_type": speaker.type,
                "target": sentence[query.target_start : query.target_end],
                "target_start": query.target_start,
                "target_end": query.target_end,
                "target_name": target.name,
                "target_type": target.type,
                "cues": stance_cues(sentence),
                "sentence": sentence,
                "source": record.get("source") or "",
                "category": record.get("category") or "",
                "draw_key": f"{unit_hash(seed, 'order', triple_id):.12f}",
            }
        )
    return out, dropped


def keep_rate(cues: Sequence[str], args: argparse.Namespace) -> float:
    """How likely a sentence is kept, by the cues it holds: support cues are the rarest in news."""
    if "support" in cues:
        return args.support_keep
    return args.oppose_keep if "oppose" in cues else args.plain_keep


def select(
    triples: list[dict[str, Any]], args: argparse.Namespace
) -> tuple[list[dict[str, Any]], Counter[str]]:
    """Apply the length limit, the cue oversampling and the per-sentence and per-article caps."""
    dropped: Counter[str] = Counter()
    kept: list[dict[str, Any]] = []
    for t in triples:
        if len(t["sentence"]) > args.max_chars:
            dropped["sentence too long"] += 1
        elif unit_hash(args.seed, "keep", t["corpus"], t["article"], t["start"]) >= keep_rate(
            t["cues"], args
        ):
            dropped["not sampled (cue oversampling)"] += 1
        else:
            kept.append(t)
    kept.sort(key=lambda t: (not t["cues"], t["draw_key"]))
    per_sentence: Counter[int] = Counter()
    out: list[dict[str, Any]] = []
    for t in kept:
        if len(out) >= args.max_per_article or per_sentence[t["start"]] >= args.max_per_sentence:
            dropped["over a cap"] += 1
            continue
        per_sentence[t["start"]] += 1
        out.append(t)
    return out, dropped


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--rate-politics", type=float, default=0.25)
    parser.add_argument("--rate-other", type=float, default=0.01)
    parser.add_argument("--support-keep", type=float, default=1.0)
    parser.add_argument("--oppose-keep", type=float, default=0.6)
    parser.add_argument("--plain-keep", type=float, default=0.2)
    parser.add_argument("--max-per-article", type=int, default=4)
    parser.add_argument("--max-per-sentence", type=int, default=2)
    parser.add_argument("--max-chars", type=int, default=400)
    parser.add_argument("--tagger", default=None)
    parser.add_argument("--prefilter", choices=("rules", "none"), default="rules")
    parser.add_argument("--shards", type=int, default=1)
    parser.add_argument("--shard", type=int, default=0)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        import torch

        torch.set_num_threads(args.threads)
    except ImportError:
        pass  # the rules tagger needs no torch
    from models.registry import load_tagger
    from pipeline.analyze import analyze, split_article

    corpus_dir = (args.shared or shared_root()) / CORPUS_SUBDIR
    if not corpus_dir.is_dir():
        print(f"error: no news corpus at {corpus_dir}", file=sys.stderr)
        return 2
    tagger, notes = load_tagger(args.tagger)
    rules, _ = load_tagger("rules")
    for note in notes:
        print(f"warning: {note}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    counts: Counter[str] = Counter()
    began = time.monotonic()
    with open(args.out, "w", encoding="utf-8") as out:
        for corpus, record in iter_articles(corpus_dir):
            counts["articles"] += 1
            key = (args.seed, corpus, record["id"])
            if int(unit_hash(*key, "shard") * args.shards) != args.shard:
                continue
            politics = is_politics(record)
            if unit_hash(*key, "sample") >= (args.rate_politics if politics else args.rate_other):
                continue
            counts["sampled politics" if politics else "sampled other"] += 1
            article = Article.from_dict(record)
            body = [s.text for s in split_article(article) if s.paragraph > 0]
            reporting = [s for s in body if has_reporting_verb(s)]
            if not reporting:
                counts["no reporting verb"] += 1
                continue
            if args.prefilter == "rules" and not any(
                is_candidate_sentence(s, spans)
                for s, spans in zip(reporting, rules.tag(reporting), strict=True)
            ):
                counts["rules prefilter: no sentence with two actors"] += 1
                continue
            recorder = RecordingStance()
            analysis = analyze(article, tagger=tagger, stance=recorder)
            counts["analysed"] += 1
            triples, dropped = triples_of(corpus, record, analysis, recorder.queries, seed=args.seed)
            counts.update({f"dropped: {k}": v for k, v in dropped.items()})
            counts["queries"] += len(recorder.queries)
            chosen, dropped = select(triples, args)
            counts.update({f"dropped: {k}": v for k, v in dropped.items()})
            for t in chosen:
                out.write(json.dumps(t, ensure_ascii=False) + "\n")
            counts["triples written"] += len(chosen)
            if counts["analysed"] % 50 == 0:
                print(
                    f"{counts['analysed']} analysed, {counts['triples written']} triples, "
                    f"{time.monotonic() - began:.0f}s",
                    file=sys.stderr,
                    flush=True,
                )
            if args.limit and counts["analysed"] >= args.limit:
                break
    counts["seconds"] = round(time.monotonic() - began)
    print(json.dumps(dict(counts), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
