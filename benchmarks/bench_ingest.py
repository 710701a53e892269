"""Ingest throughput and corpus filter speed, each against a baseline measured in the same run.

usage: python benchmarks/bench_ingest.py [--articles 200] [--corpus FILE] [--tagger NAME] [--stance NAME]
                                         [--db FILE] [--repeats 5]

On the first --articles articles of --corpus (default: the SaudiNewsNet part of ../shared's news
corpus), it measures:

1. analyse only: analyze() on each article, results dropped (the baseline: model work alone);
2. ingest: the same articles into a fresh database (model work, hashing, JSON, rows, one commit each);
3. ingest again: the no-op rerun (every article skipped as unchanged);
4. filters on the resulting database: indexed queries (pipeline.queries) against the naive way
   (read every stored analysis back and filter in Python), each the median of --repeats runs.

It prints articles/s and the ratios; the machines are shared and noisy, so quote the ratios.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.registry import load_stance, load_tagger  # noqa: E402
from pipeline.analyze import analyze  # noqa: E402
from pipeline.entities import name_key  # noqa: E402
from pipeline.ingest import ingest, model_version  # noqa: E402
from pipeline.loaders import iter_records  # noqa: E402
from pipeline.queries import CorpusFilter, query_articles, query_events  # noqa: E402
from pipeline.records import Analysis, Article, Entity  # noqa: E402
from pipeline.rows import country_of  # noqa: E402
from pipeline.store import Store  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "news_corpus" / "saudinewsnet.jsonl.gz"


def first_articles(corpus: Path, n: int) -> list[Article]:
    return [a for a in itertools.islice(iter_records(corpus), n) if isinstance(a, Article)]


def median_time(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def naive(store: Store, keep: Callable[[Analysis], bool]) -> int:
    """The filter without the row tables: every analysis parsed back, corrections applied, tested."""
    return sum(1 for key in store.article_keys() if (a := store.analysis(key)) is not None and keep(a))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--tagger", default=None, help="default: the catalogue's default tagger")
    parser.add_argument("--stance", default=None)
    parser.add_argument("--db", type=Path, default=None, help="default: a temporary file, removed after")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if not args.corpus.is_file():
        print(f"{args.corpus}: no such corpus (pass --corpus)", file=sys.stderr)
        return 2

    tagger, notes = load_tagger(args.tagger)
    stance, more = load_stance(args.stance)
    for note in notes + more:
        print(f"warning: {note}", file=sys.stderr)
    articles = first_articles(args.corpus, args.articles)
    n = len(articles)
    analyze(articles[0], tagger=tagger, stance=stance)  # warm-up: tables and model load, not counted
    print(f"corpus: {args.corpus.name}, {n} articles; model {model_version(tagger, stance)}")

    start = time.perf_counter()
    for article in articles:
        analyze(article, tagger=tagger, stance=stance)
    analyse_s = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        with Store(db) as store:
            # Articles come from memory in both runs, so the difference is the store's work alone.
            # (ingest takes paths: write the slice to a JSONL file first, untimed.)
            source = Path(tmp) / "slice.jsonl"
            _write_slice(articles, source)
            start = time.perf_counter()
            first = ingest([source], store, tagger=tagger, stance=stance)
            ingest_s = time.perf_counter() - start
            start = time.perf_counter()
            second = ingest([source], store, tagger=tagger, stance=stance)
            rerun_s = time.perf_counter() - start
            # Finished writes sit in the write-ahead log until a checkpoint moves them into the file.
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size = db.stat().st_size
            rows = [
                ("analyse only (baseline)", analyse_s, n),
                ("ingest (analyse + store)", ingest_s, first.analysed),
                ("ingest again (no-op)", rerun_s, second.skipped),
            ]
            print(f"\n{'run':28} {'seconds':>9} {'articles':>9} {'articles/s':>11}")
            for label, seconds, count in rows:
                print(f"{label:28} {seconds:9.2f} {count:9d} {count / seconds:11.1f}")
            print(f"store overhead: ingest takes {ingest_s / analyse_s:.3f}× the analyse-only time")
            print(f"no-op rerun: {ingest_s / rerun_s:.0f}× faster than the first ingest")
            print(
                f"failed: {first.failed}; database {size / 1e6:.1f} MB ({size / max(first.analysed, 1) / 1e3:.1f} kB/article)"
            )
            _bench_filters(store, args.repeats)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (max RSS): {peak:.0f} MB")
    return 0


def _write_slice(articles: list[Article], path: Path) -> None:
    import json

    with path.open("w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(a.to_dict(), ensure_ascii=False) + "\n")


def _bench_filters(store: Store, repeats: int) -> None:
    countries: Counter[str] = Counter()
    actors: Counter[str] = Counter()
    for key in store.article_keys():
        a = store.analysis(key)
        if a is None:
            continue
        countries.update({c for e in a.entities if (c := country_of(a, e))})
        actors.update({e.name for e in a.entities if e.type == "PER"})
    country = countries.most_common(1)[0][0] if countries else "السعودية"
    actor = actors.most_common(1)[0][0] if actors else "—"
    dates = sorted(d for (d,) in store.conn.execute("SELECT date FROM articles WHERE date IS NOT NULL"))
    low, high = (dates[len(dates) // 4], dates[3 * len(dates) // 4]) if dates else (None, None)

    def is_actor(e: Entity) -> bool:
        # The indexed filter matches any name or alias, spelling folded: so must the naive one.
        return any(name_key(n) == name_key(actor) for n in (e.name, *e.aliases))

    def in_country(a: Analysis) -> bool:
        return any(country_of(a, e) == country for e in a.entities)

    cases: list[tuple[str, CorpusFilter, Callable[[Analysis], bool]]] = [
        (f"country {country}", CorpusFilter(countries=(country,)), in_country),
        (f"actor {actor}", CorpusFilter(actors=(actor,)), lambda a: any(is_actor(e) for e in a.entities)),
        (
            "kind meeting",
            CorpusFilter(kinds=("meeting",)),
            lambda a: any(v.kind == "meeting" for v in a.events),
        ),
        (
            "dates + country + kind",
            CorpusFilter(
                date_from=low, date_to=high, countries=(country,), kinds=("meeting", "call", "visit")
            ),
            lambda a: bool(
                a.article.date
                and low <= a.article.date <= high
                and in_country(a)
                and any(v.kind in ("meeting", "call", "visit") for v in a.events)
            ),
        ),
    ]
    print(f"\nfilters over {store.count()} articles, median of {repeats}:")
    print(
        f"{'filter':40} {'hits':>5} {'indexed ms':>11} {'events ms':>10} {'naive ms':>9} {'naive/indexed':>14}"
    )
    for label, f, keep in cases:
        indexed_s, hits = median_time(lambda f=f: query_articles(store, f), repeats)
        events_s, _ = median_time(lambda f=f: query_events(store, f), repeats)
        naive_s, naive_hits = median_time(lambda keep=keep: naive(store, keep), max(1, repeats // 2))
        flag = "" if len(hits) == naive_hits else f"  (naive found {naive_hits})"
        print(
            f"{label[:40]:40} {len(hits):5d} {indexed_s * 1e3:11.2f} {events_s * 1e3:10.2f} "
            f"{naive_s * 1e3:9.1f} {naive_s / indexed_s:13.0f}×{flag}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
