"""Ingest throughput on Ray against the single process, measured in the same run, and Ray's startup cost.

usage: python benchmarks/bench_ray.py [--articles 2000] [--corpus FILE] [--tagger NAME] [--stance NAME]
                                      [--workers 1,2] [--small 8]

The first --articles articles of --corpus (default: ant_multisource.jsonl.gz from ../shared's news
corpus), streamed by the loaders as `python -m pipeline ingest --limit` streams them, go into a fresh
database in each setup:

1. single process: pipeline.ingest.ingest (the baseline);
2. Ray with 1 worker, then with 2 (--workers): pipeline.ray_engine.ingest_ray on a local Ray instance
   started for that run and shut down after it, as `--engine ray` does.

Each line gives the wall time from call to return (Ray's start and shutdown included) and articles per
second. The Ray lines split it into staging (the driver loads, hashes and writes Parquet), ray.init,
the wait for the first result (actors spawned, models loaded, one batch analysed) and all results.
"writer alone" is Store.save of the single run's analyses into a fresh database: the ceiling of the
one SQLite writer both engines share. The startup overhead is also measured directly: --small
articles through each engine, Ray's wall time less the single process's.
The machines are shared and noisy: compare the ratios.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.registry import load_stance, load_tagger  # noqa: E402
from pipeline.ingest import IngestSummary, ingest, model_version  # noqa: E402
from pipeline.ray_engine import BATCH_SIZE, ingest_ray, require_ray  # noqa: E402
from pipeline.store import Store  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "news_corpus" / "ant_multisource.jsonl.gz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--tagger", default=None, help="default: the catalogue's default tagger")
    parser.add_argument("--stance", default=None)
    parser.add_argument(
        "--workers", default="1,2", help='comma-separated worker counts to run on Ray ("" for none)'
    )
    parser.add_argument("--small", type=int, default=8, help="articles for the startup-overhead runs")
    args = parser.parse_args()
    if not args.corpus.is_file():
        print(f"{args.corpus}: no such corpus (pass --corpus)", file=sys.stderr)
        return 2
    require_ray()
    tagger, notes = load_tagger(args.tagger)
    stance, more = load_stance(args.stance)
    for note in notes + more:
        print(f"warning: {note}", file=sys.stderr)
    refs = {"tagger_ref": args.tagger or tagger.name, "stance_ref": args.stance or stance.name}
    common = {"tagger": tagger, "stance": stance}
    workers = [int(w) for w in args.workers.split(",") if w.strip()]
    print(f"machine: {platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        f"corpus: {args.corpus.name}, first {args.articles} articles; model {model_version(tagger, stance)}"
    )
    print(f"ray batch size: {BATCH_SIZE} articles")

    with tempfile.TemporaryDirectory() as tmp:

        def fresh(name: str) -> Store:
            return Store(Path(tmp) / f"{name}.db")

        # Warm-up, untimed: tables, gazetteer and model loaded in this process, as in a long run.
        with fresh("warm") as store:
            ingest([args.corpus], store, **common, limit=2)

        print(
            f"\n{'setup':22} {'wall s':>8} {'stored':>7} {'failed':>7} {'art/s':>7} {'× single':>9}  Ray phases"
        )
        with fresh("single") as store:
            start = time.perf_counter()
            base = ingest([args.corpus], store, **common, limit=args.articles)
            single_s = time.perf_counter() - start
        report("single process", single_s, base, single_s)
        for count in workers:
            timings: dict[str, float] = {}
            with fresh(f"ray{count}") as store:
                start = time.perf_counter()
                summary = ingest_ray(
                    [args.corpus],
                    store,
                    **common,
                    **refs,
                    limit=args.articles,
                    workers=count,
                    timings=timings,
                )
                wall = time.perf_counter() - start
            report(f"ray, {count} worker{'s' * (count != 1)}", wall, summary, single_s, timings)

        with fresh("single") as source, fresh("writer") as store:
            # The single writer's own ceiling: the stored analyses saved again into a fresh database.
            pairs = [(source.article(k), source.analysis(k, corrected=False)) for k in source.article_keys()]
            model = model_version(tagger, stance)
            start = time.perf_counter()
            for article, analysis in pairs:
                store.save(article, analysis, model)  # type: ignore[arg-type]
            writer_s = time.perf_counter() - start
        print(f"{'writer alone':22} {writer_s:8.1f} {len(pairs):7d} {0:7d} {len(pairs) / writer_s:7.2f}")

        print(f"\nstartup overhead: {args.small} articles through each engine")
        with fresh("small-single") as store:
            start = time.perf_counter()
            ingest([args.corpus], store, **common, limit=args.small)
            small_single = time.perf_counter() - start
        timings = {}
        with fresh("small-ray") as store:
            start = time.perf_counter()
            ingest_ray([args.corpus], store, **common, **refs, limit=args.small, workers=1, timings=timings)
            small_ray = time.perf_counter() - start
        print(f"  single process {small_single:.2f} s; ray (1 worker) {small_ray:.2f} s")
        print(
            f"  Ray's fixed cost: {small_ray - small_single:.2f} s "
            f"(ray.init {timings.get('init_s', 0):.2f} s, first result after {timings.get('first_s', 0):.2f} s)"
        )
    print(f"\nload average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


def report(
    label: str,
    seconds: float,
    summary: IngestSummary,
    single_s: float,
    timings: dict[str, float] | None = None,
) -> None:
    phases = ""
    if timings:
        phases = (
            f"  stage {timings.get('stage_s', 0):.1f} s, ray.init {timings.get('init_s', 0):.1f} s, "
            f"first result {timings.get('first_s', 0):.1f} s, all results {timings.get('run_s', 0):.1f} s"
        )
    print(
        f"{label:22} {seconds:8.1f} {summary.analysed:7d} {summary.failed:7d} "
        f"{summary.analysed / seconds:7.2f} {single_s / seconds:8.2f}×{phases}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
