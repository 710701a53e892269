"""The command line: `python -m pipeline analyze FILE... [--out PATH]` and `ingest PATH... [--db FILE]`."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

from pipeline.analyze import analyze
from pipeline.dates import parse_publication_date
from pipeline.loaders import LoadError, load_path

EXIT_SOME_FAILED = 2
EXIT_INTERRUPTED = 130  # the shell's code for Ctrl-C
ENGINES = ("local", "ray")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description="Majlis: analyse Arabic news.")
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("analyze", help='analyse files and print one JSON object {"articles": [...]}')
    a.add_argument("files", nargs="+", help=".txt, .json, .jsonl(.gz) or .csv files")
    a.add_argument("--date", help="publication date YYYY-MM-DD for inputs that carry none")
    a.add_argument("--out", help="write the JSON here instead of standard output")
    a.add_argument("--tagger", default=None, help="entity tagger name (default: the catalogue's best)")
    a.add_argument("--stance", default=None, help="stance classifier name (default: the catalogue's best)")
    i = sub.add_parser(
        "ingest", help="analyse files, folders and .jsonl(.gz) corpora into the corpus database"
    )
    i.add_argument("paths", nargs="+", help="files, folders, .jsonl or .jsonl.gz corpora")
    i.add_argument(
        "--db", help="database file (default: $MAJLIS_DB, else majlis/majlis.db in the data folder)"
    )
    i.add_argument("--date", help="publication date YYYY-MM-DD for inputs that carry none")
    i.add_argument("--tagger", default=None, help="entity tagger name (default: the catalogue's best)")
    i.add_argument("--stance", default=None, help="stance classifier name (default: the catalogue's best)")
    i.add_argument("--limit", type=int, default=None, help="stop after this many articles")
    i.add_argument("--quiet", action="store_true", help="no progress bar")
    i.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="local: one process (default); ray: analysis on Ray workers (pip install -r requirements-scale.txt)",
    )
    i.add_argument(
        "--address", help="with --engine ray: the Ray cluster to join (default: start a local instance)"
    )
    i.add_argument(
        "--workers", type=int, help="with --engine ray: analysis workers (default: one per CPU Ray sees)"
    )
    i.add_argument(
        "--stage",
        help="with --engine ray: folder for the Parquet stage, one every node sees on a cluster (default: a temporary folder)",
    )
    return parser


def run_analyze(args: argparse.Namespace) -> int:
    from models.registry import load_stance, load_tagger

    if args.date and parse_publication_date(args.date) is None:
        print(f"--date: cannot read {args.date!r} as a date (expected YYYY-MM-DD)", file=sys.stderr)
        return EXIT_SOME_FAILED
    tagger, notes = load_tagger(args.tagger)
    stance, more = load_stance(args.stance)
    for note in notes + more:
        print(f"warning: {note}", file=sys.stderr)
    failed = False
    results = []
    for path in args.files:
        try:
            loaded = load_path(path)
        except LoadError as err:  # defensive: loaders report through LoadResult
            loaded = None
            print(str(err), file=sys.stderr)
            failed = True
        if loaded is None:
            continue
        for err in loaded.errors:
            print(str(err), file=sys.stderr)
            failed = True
        for article in loaded.articles:
            try:
                analysis = analyze(article, tagger=tagger, stance=stance, publication_date=args.date)
            except Exception as exc:  # one bad article must not stop the batch
                print(f"{Path(path).name}: analysis failed ({type(exc).__name__}: {exc})", file=sys.stderr)
                failed = True
                continue
            results.append(analysis.to_dict())
    text = json.dumps({"articles": results}, ensure_ascii=False, indent=1)
    if args.out:
        try:
            Path(args.out).write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            print(f"{args.out}: cannot write ({exc.strerror or exc})", file=sys.stderr)
            return EXIT_SOME_FAILED
    else:
        sys.stdout.buffer.write((text + "\n").encode("utf-8"))
    return EXIT_SOME_FAILED if failed else 0


def run_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from models.catalogue import default_stance_name, default_tagger_name
    from models.registry import load_stance, load_tagger
    from pipeline.ingest import count_records, ingest, model_version
    from pipeline.store import Store, default_db_path

    if args.date and parse_publication_date(args.date) is None:
        print(f"--date: cannot read {args.date!r} as a date (expected YYYY-MM-DD)", file=sys.stderr)
        return EXIT_SOME_FAILED
    ray_only = [f"--{name}" for name in ("address", "workers", "stage") if getattr(args, name) is not None]
    if args.engine != "ray" and ray_only:
        print(f"{', '.join(ray_only)}: only with --engine ray", file=sys.stderr)
        return EXIT_SOME_FAILED
    if args.workers is not None and args.workers < 1:
        print(f"--workers: expected 1 or more, got {args.workers}", file=sys.stderr)
        return EXIT_SOME_FAILED
    if args.engine == "ray":
        from pipeline.ray_engine import RayUnavailable, ingest_ray, require_ray

        try:
            require_ray()  # before any work: a missing extra is one clear line, not a traceback later
        except RayUnavailable as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_SOME_FAILED
    path = Path(args.db).expanduser() if args.db else default_db_path()
    try:
        store = Store(path)
    except (OSError, sqlite3.Error) as exc:
        print(f"{path}: cannot open the database ({exc})", file=sys.stderr)
        return EXIT_SOME_FAILED
    tagger, notes = load_tagger(args.tagger)
    stance, more = load_stance(args.stance)
    for note in notes + more:
        print(f"warning: {note}", file=sys.stderr)
    model = model_version(tagger, stance)
    total = None if args.quiet else count_records(args.paths)
    if total is not None and args.limit is not None:
        total = min(total, args.limit)
    bar = tqdm(total=total, unit="article", file=sys.stderr, disable=args.quiet, mininterval=0.5)

    def progress(outcome: str, reason: str | None) -> None:
        if reason:
            bar.write(reason, file=sys.stderr)
        if outcome != "unreadable":  # the bar counts articles, and a whole bad file is none
            bar.update(1)

    options = {"tagger": tagger, "stance": stance, "publication_date": args.date, "limit": args.limit}
    with store, bar:
        if args.engine == "ray":
            # Workers load what the driver ended up with: the fallback backend if the driver fell back.
            tagger_ref = tagger.name if notes else (args.tagger or default_tagger_name())
            stance_ref = stance.name if more else (args.stance or default_stance_name())
            try:
                summary = ingest_ray(
                    args.paths,
                    store,
                    **options,
                    tagger_ref=tagger_ref,
                    stance_ref=stance_ref,
                    progress=progress,
                    address=args.address,
                    workers=args.workers,
                    stage_dir=args.stage,
                    on_start=lambda n: bar.write(
                        f"ray: {n} worker{'s' * (n != 1)} on {args.address or 'a local instance'}",
                        file=sys.stderr,
                    ),
                )
            except RayUnavailable as exc:
                bar.close()
                print(
                    f"{exc}\nwhat was stored is kept: run the same command again to resume", file=sys.stderr
                )
                return EXIT_SOME_FAILED
        else:
            summary = ingest(args.paths, store, **options, progress=progress)
    print(f"database: {path}")
    print(f"model: {model}")
    print("\n".join(summary.lines()))
    if summary.failed:
        print(f"failures are kept in the database's failures table (model {model})")
    if summary.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_SOME_FAILED if summary.failed else 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "analyze":
        return run_analyze(args)
    if args.command == "ingest":
        return run_ingest(args)
    return EXIT_SOME_FAILED
