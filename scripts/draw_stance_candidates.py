"""Draw (speaker, target, sentence) candidates for the stance set from the shared news corpus.

The kept script behind ``models/stance_data/labels.jsonl`` (issue 5). It streams
``<shared>/data/news_corpus/*.jsonl.gz`` one article at a time and writes candidate triples to a
pool file outside the repository, where the team reads and labels them.

How a triple is drawn:

1. Articles are sampled by a seeded hash of their id: politics and diplomacy articles (a politics
   category, or an uncategorised article whose title or opening names a political word) at
   ``--rate-politics``, the rest at ``--rate-other``.
2. Candidate sentences: body sentences (the title is not in the corpus ``text``) of at most
   ``--max-chars`` characters with a reporting verb (``pipeline.lexicon.reporting.REPORTING_VERBS``)
   and, with ``--prefilter rules``, two or more PER/ORG/GPE spans by the fast rules tagger.
3. Oversampling: each candidate sentence is kept with a probability set by the evaluative words
   it holds (DRAW_CUES below): ``--support-keep`` with a support word, else ``--oppose-keep`` with
   an oppose word, else ``--plain-keep``. Most reported statements in news are neutral, and
   support is the rarest polarity, so without this the set would hold too few of what the
   classifier must learn. It changes which sentences are drawn, never their labels.
4. An article with a kept sentence goes through ``pipeline.analyze.analyze`` with ``--tagger``
   (default: the catalogue default, e5-ner+rules) and a stance backend that only records its
   queries, so the triples are exactly the ``StanceQuery`` objects that
   ``pipeline.stance.find_stances`` would classify. Triples in kept sentences whose speaker is
   named in the sentence are kept (a speaker carried over from an earlier sentence cannot be
   checked by reading the sentence alone).
5. In a kept sentence, a triple with an evaluative word near its target (NEAR_BEFORE words before
   it, or NEAR_AFTER after: "أشاد الوزير بدور [قطر]", "[الحوثيين] الانقلابيين") is kept; one without
   is kept with probability ``--far-keep``. A first draw showed why: in sentences with a support
   word the praise often goes to someone else than the target the pipeline asks about (a place,
   the speaker's own side), and sentence-level cues alone left support at one label in ten.
6. At most ``--max-per-sentence`` triples per sentence and ``--max-per-article`` per article,
   in the seeded order.

Each output line holds the reference fields of labels.jsonl (corpus, article, start, end, sha1,
speaker, target, offsets), the sentence text and a ``draw_key``. ``scripts/label_stance.py show``
prints the pool shard by shard and, within a shard, sentences by their smallest draw_key, so the
labelled set is whole shards plus a seeded random prefix of the next.

The set in the repository was drawn with the defaults, in shards:
``python scripts/draw_stance_candidates.py --shards 8 --shard K --out /work/stance-pool/candidates-Kof8.jsonl``
for K = 0..3.

Arguments:
    --shared DIR          the shared folder (default: $MAJLIS_SHARED or ../shared)
    --out FILE            pool file to write (default: /work/stance-pool/candidates.jsonl)
    --seed N              seed of every sampling decision (default 5, the issue's number)
    --rate-politics P     share of politics/diplomacy articles sampled (default 0.7)
    --rate-other P        share of other articles sampled (default 0.01)
    --support-keep P      share of candidate sentences with a support word kept (default 1.0)
    --oppose-keep P       share of those with an oppose word and no support word kept (default 0.25)
    --plain-keep P        share of those with neither kept (default 0.04)
    --far-keep P          share of triples without an evaluative word near the target kept (default 0.5)
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
import gzip
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

from models.base import EntityTagger, StancePrediction, StanceQuery, TaggedSpan  # noqa: E402
from models.ner_data import shared_root  # noqa: E402
from models.stance_set import CORPUS_SUBDIR, body_sentence_spans, read_sentence, sentence_sha1  # noqa: E402
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
#: How many words before a target, and after it, an evaluative word may be to count as aimed at it:
#: more before, since the verb comes first and the speaker's name and title sit between
#: ("أشاد وزير الخارجية عادل الجبير بدور قطر").
NEAR_BEFORE, NEAR_AFTER = 8, 3

# Words that evaluate, used only to decide how likely a sentence is drawn. Matched as prefixes of a
# token's stem once proclitics are off ("وأدانت" → "أدانت" starts with "أدان"). Narrower than
# pipeline.lexicon.stance_cues on purpose: that table also holds words found in most news sentences
# (التعاون، هجوم، مقتل) and «دعم», which every mention of «تحالف دعم الشرعية» carries; here only the
# forms of دعم that say who backs whom count.
DRAW_CUES: dict[str, tuple[str, ...]] = {
    "support": tuple(
        """
        أشاد يشيد تشيد إشادة الإشادة مشيدا ثمن يثمن تثمن تثمين مثمنا شكر يشكر تشكر الشكر شاكرا
        رحب يرحب ترحب ترحيب الترحيب مرحبا أثنى يثني تثني الثناء هنأ يهنئ تهنئ تهنئة التهنئة
        تضامن التضامن متضامن يدعم تدعم ندعم دعمه دعمها دعمنا دعمهم دعم_بلاده مساندة يساند تساند
        أيد أيدت يؤيد تؤيد تأييد حليف الحليف حلفاء شريك الشريك شراكة صديق الصديق الشقيق الشقيقة
        الأشقاء الأخوية متانة عمق_العلاقات تقدير يقدر تقدر استراتيجي إستراتيجي تعازي التعازي تعزية
        مواساة
        """.split()
    ),
    "oppose": tuple(
        """
        أدان يدين تدين إدانة الإدانة ندد يندد تندد تنديد استنكر يستنكر تستنكر استنكار شجب يشجب
        اتهم يتهم تتهم اتهام متهما انتقد ينتقد تنتقد انتقاد منتقدا هاجم يهاجم رفض يرفض ترفض الرفض
        حذر يحذر تحذر تحذير محذرا هدد يهدد تهدد تهديد طالب يطالب تطالب مطالبا إرهابي الإرهابي
        إرهابية الإرهابية إرهابيين الإرهابيين ميليشيا الميليشيا ميليشيات الميليشيات مليشيا المليشيا
        مليشيات المليشيات انقلاب الانقلاب انقلابي الانقلابي الانقلابيين عدوان العدوان اعتداء
        الاعتداء جرائم جريمة انتهاك الانتهاك انتهاكات الانتهاكات عقوبات العقوبات احتلال الاحتلال
        تدخل التدخل زعزعة تخريب التخريبية عرقلة يعرقل تصعيد التصعيد استفزاز مزاعم ادعاءات أكاذيب
        فشل
        """.split()
    ),
}
#: A cue matches a stem it begins, with two exceptions: in a phrase ("دعم_بلاده") the words after the
#: first must follow as written, and a three-letter cue takes only these endings, or «شكر» would
#: match the name «شكري» and «أيد» the word «أيدي».
SHORT_CUE_ENDINGS = ("", "ت", "ه", "ها", "هم", "وا", "ا", "ته", "تها")
_CUE_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {}
for _polarity, _cues in DRAW_CUES.items():
    _CUE_KEYS[_polarity] = tuple(tuple(match_key(c).split("_")) for c in _cues)


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


def draw_cues(sentence: str) -> list[str]:
    """The polarities of the DRAW_CUES words in a sentence (used to oversample, never to label)."""
    words = [t.text for t in tokenize(sentence) if t.is_word]
    found: set[str] = set()
    for i, word in enumerate(words):
        rest = [match_key(w) for w in words[i + 1 : i + 3]]
        for _p, stem in candidate_stems(word):
            key = match_key(stem)
            for polarity, cues in _CUE_KEYS.items():
                if any(_begins(key, cue[0]) and rest[: len(cue) - 1] == list(cue[1:]) for cue in cues):
                    found.add(polarity)
    return sorted(found)


def _begins(key: str, cue: str) -> bool:
    if len(cue) <= 3:
        return any(key == cue + ending for ending in SHORT_CUE_ENDINGS)
    return key.startswith(cue)


def near_cues(sentence: str, start: int, end: int) -> list[str]:
    """The cue polarities within NEAR_BEFORE words before a mention or NEAR_AFTER after it."""
    words = [t for t in tokenize(sentence) if t.is_word]
    before = [t for t in words if t.end <= start][-NEAR_BEFORE:]
    after = [t for t in words if t.start >= end][:NEAR_AFTER]
    found = set(draw_cues(sentence[before[0].start : start])) if before else set()
    if after:
        found |= set(draw_cues(sentence[end : after[-1].end]))
    return sorted(found)


def keep_rate(cues: Sequence[str], args: argparse.Namespace) -> float:
    """How likely a candidate sentence is kept, by the evaluative words it holds."""
    if "support" in cues:
        return args.support_keep
    return args.oppose_keep if "oppose" in cues else args.plain_keep


def iter_articles(corpus_dir: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(corpus file name, record) for every article, one line at a time."""
    for path in sorted(corpus_dir.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                yield path.name, json.loads(line)


def kept_sentences(
    corpus: str, record: dict[str, Any], rules: EntityTagger | None, args: argparse.Namespace
) -> tuple[dict[int, list[str]], Counter[str]]:
    """Raw start offset → cue polarities of each candidate sentence the oversampling keeps."""
    counts: Counter[str] = Counter()
    raw = record.get("text") or ""
    candidates: list[tuple[int, str]] = []
    for start, end in body_sentence_spans(raw):
        sentence = read_sentence(raw, start, end)
        if len(sentence) <= args.max_chars and has_reporting_verb(sentence):
            candidates.append((start, sentence))
        elif len(sentence) > args.max_chars:
            counts["sentences too long"] += 1
    if rules is not None and candidates:
        spans = rules.tag([s for _start, s in candidates])
        candidates = [c for c, sp in zip(candidates, spans, strict=True) if is_candidate_sentence(c[1], sp)]
    counts["candidate sentences"] += len(candidates)
    kept: dict[int, list[str]] = {}
    for start, sentence in candidates:
        cues = draw_cues(sentence)
        counts[f"candidate sentences with {'/'.join(cues) or 'no'} cue"] += 1
        if unit_hash(args.seed, "keep", corpus, record["id"], start) < keep_rate(cues, args):
            kept[start] = cues
    counts["sentences kept"] += len(kept)
    return kept, counts


def triples_of(
    corpus: str,
    record: dict[str, Any],
    analysis: Analysis,
    queries: Sequence[StanceQuery],
    kept: dict[int, list[str]],
    *,
    seed: int,
) -> tuple[list[dict[str, Any]], Counter[str]]:
    """The triples of one analysed article that fall in kept sentences, and why the others did not."""
    dropped: Counter[str] = Counter()
    raw = record.get("text") or ""
    body = [s for s in analysis.sentences if s.paragraph > 0]
    spans = dict(zip((s.index for s in body), body_sentence_spans(raw), strict=True))
    by_id = {e.id: e for e in analysis.entities}
    out: list[dict[str, Any]] = []
    for stance, query in zip(analysis.stances, queries, strict=True):
        if stance.sentence not in spans:
            dropped["in the title"] += 1
            continue
        start, end = spans[stance.sentence]
        if start not in kept:
            dropped["in a sentence not kept"] += 1
            continue
        sentence = analysis.sentences[stance.sentence].text
        if read_sentence(raw, start, end) != sentence:
            raise RuntimeError(f"{corpus}/{record['id']}: sentence offsets disagree with split_article")
        speaker = by_id[stance.source]
        mentions = [m for m in speaker.mentions if m.sentence == stance.sentence]
        if not mentions:
            dropped["speaker not named in the sentence"] += 1
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
                "cues": kept[start],
                "near_cues": near_cues(sentence, query.target_start, query.target_end),
                "sentence": sentence,
                "source": record.get("source") or "",
                "category": record.get("category") or "",
                "draw_key": f"{unit_hash(seed, 'order', triple_id):.12f}",
            }
        )
    return out, dropped


def cap(triples: list[dict[str, Any]], args: argparse.Namespace) -> tuple[list[dict[str, Any]], int]:
    """At most max_per_sentence triples per sentence and max_per_article in all, in seeded order."""
    per_sentence: Counter[int] = Counter()
    out: list[dict[str, Any]] = []
    for t in sorted(triples, key=lambda t: t["draw_key"]):
        if len(out) < args.max_per_article and per_sentence[t["start"]] < args.max_per_sentence:
            per_sentence[t["start"]] += 1
            out.append(t)
    return out, len(triples) - len(out)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--rate-politics", type=float, default=0.7)
    parser.add_argument("--rate-other", type=float, default=0.01)
    parser.add_argument("--support-keep", type=float, default=1.0)
    parser.add_argument("--oppose-keep", type=float, default=0.25)
    parser.add_argument("--plain-keep", type=float, default=0.04)
    parser.add_argument("--far-keep", type=float, default=0.5)
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
    from pipeline.analyze import analyze

    corpus_dir = (args.shared or shared_root()) / CORPUS_SUBDIR
    if not corpus_dir.is_dir():
        print(f"error: no news corpus at {corpus_dir}", file=sys.stderr)
        return 2
    tagger, notes = load_tagger(args.tagger)
    for note in notes:
        print(f"warning: {note}", file=sys.stderr)
    rules = load_tagger("rules")[0] if args.prefilter == "rules" else None
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
            kept, sentence_counts = kept_sentences(corpus, record, rules, args)
            counts.update(sentence_counts)
            if not kept:
                continue
            recorder = RecordingStance()
            analysis = analyze(Article.from_dict(record), tagger=tagger, stance=recorder)
            counts["articles analysed"] += 1
            counts["queries"] += len(recorder.queries)
            triples, dropped = triples_of(corpus, record, analysis, recorder.queries, kept, seed=args.seed)
            counts.update({f"triples dropped: {k}": v for k, v in dropped.items()})
            near = [t for t in triples if t["near_cues"]]
            far = [
                t
                for t in triples
                if not t["near_cues"] and unit_hash(args.seed, "far", t["id"]) < args.far_keep
            ]
            counts["triples dropped: no evaluative word near the target"] += (
                len(triples) - len(near) - len(far)
            )
            chosen, over = cap(near + far, args)
            counts["triples dropped: over a cap"] += over
            for t in chosen:
                out.write(json.dumps(t, ensure_ascii=False) + "\n")
            counts["triples written"] += len(chosen)
            if counts["articles analysed"] % 100 == 0:
                print(
                    f"{counts['articles analysed']} analysed, {counts['triples written']} triples, "
                    f"{time.monotonic() - began:.0f}s",
                    file=sys.stderr,
                    flush=True,
                )
            if args.limit and counts["articles analysed"] >= args.limit:
                break
    counts["seconds"] = round(time.monotonic() - began)
    print(json.dumps(dict(sorted(counts.items())), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
