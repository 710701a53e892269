"""analyze(): one Article in, one Analysis out: sentences, entities, events and stances."""

from __future__ import annotations

from dataclasses import replace

from models.base import EntityTagger, StanceClassifier
from pipeline.dates import parse_publication_date
from pipeline.entities import EntityResolver
from pipeline.events import EventExtractor
from pipeline.gazetteer import load_gazetteer
from pipeline.records import Analysis, Article, Sentence
from pipeline.stance import find_stances
from pipeline.text import arabic_ratio, clean_text, split_sentences

# Below this share of Arabic letters the article gets a "not Arabic" notice.
MIN_ARABIC_RATIO = 0.3


def split_article(article: Article) -> tuple[Sentence, ...]:
    """The title as sentence 0 (paragraph 0), then each body paragraph's sentences."""
    sentences: list[Sentence] = []
    title = " ".join(clean_text(article.title).split())
    if title:
        sentences.append(Sentence(0, title, 0))
    paragraphs = [p.strip() for p in clean_text(article.text).split("\n") if p.strip()]
    for number, paragraph in enumerate(paragraphs, 1):
        for start, end in split_sentences(paragraph):
            sentences.append(Sentence(len(sentences), paragraph[start:end], number))
    return tuple(sentences)


def analyze(
    article: Article,
    *,
    tagger: EntityTagger | None = None,
    stance: StanceClassifier | None = None,
    publication_date: str | None = None,
) -> Analysis:
    """Analyse one article.

    Args:
        article: the loaded article.
        tagger: entity tagger; None loads the catalogue default (falling back to the rules backend).
        stance: stance classifier; None loads the catalogue default (falling back to the lexicon).
        publication_date: "YYYY-MM-DD" used to resolve relative dates when the article has no date.

    Returns:
        The Analysis, whose article.date is the date relative dates were resolved against.
    """
    from models.registry import load_stance, load_tagger  # lazy: backends register on first use

    warnings: list[str] = []
    if tagger is None:
        tagger, notes = load_tagger(None)
        warnings.extend(notes)
    if stance is None:
        stance, notes = load_stance(None)
        warnings.extend(notes)
    date = parse_publication_date(article.date) or parse_publication_date(publication_date)
    article = replace(article, date=date.isoformat() if date else None)
    sentences = split_article(article)
    if not sentences:
        warnings.append("The article has no text to analyse.")
        return Analysis(article, (), model=tagger.name, warnings=tuple(warnings))
    if arabic_ratio(" ".join(s.text for s in sentences)) < MIN_ARABIC_RATIO:
        warnings.append(
            "This article is not in Arabic: Majlis analyses Arabic text, so little will be found."
        )
    if date is None:
        warnings.append("No publication date: relative dates such as «اليوم» are left unresolved.")
    gazetteer = load_gazetteer()
    spans = tagger.tag([s.text for s in sentences])
    entities = EntityResolver(gazetteer).resolve(sentences, spans)
    events = EventExtractor(gazetteer).extract(sentences, entities, date)
    stances = find_stances(sentences, entities, stance, gazetteer)
    return Analysis(
        article=article,
        sentences=sentences,
        entities=tuple(entities),
        events=tuple(events),
        stances=tuple(stances),
        model=tagger.name,
        warnings=tuple(warnings),
    )
