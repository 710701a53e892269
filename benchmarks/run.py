"""The benchmark table: cold start, analyze() and tagger speed, peak memory and ingest, each against a baseline.

usage: python benchmarks/run.py [--quick] [--repeats 3] [--corpus-articles 200] [--corpus-repeats 1]
                                [--corpus FILE]

Prints one markdown table. Every figure is the median of --repeats runs (the corpus row: of
--corpus-repeats runs, 1 by default, since 200 articles through the default tagger take minutes),
and every ratio compares two figures measured in this same run, interleaved (one of each per round),
so a busy spell on the shared machine hits both sides alike. Quote the ratios; absolute times move
with the machine's load.

Rows:

- cold start, server: `streamlit run <script> --server.headless true --server.address 127.0.0.1
  --server.port P` in a subprocess, timed until GET /_stcore/health answers 200; baseline: the same
  for a trivial one-line Streamlit script. The server answers before it runs the page script (that
  happens when the first browser connects), so this row measures Streamlit's own start.
- cold start, first rendered view: without a browser, a fresh Python process that runs
  `AppTest.from_file(<script>).run()` (imports, model loading and the first page as the server runs
  it), timed from spawn to exit; baseline: the same trivial script.
- analyze() on the bundled samples (assets/samples), default tagger, against the AraBERT-size
  network of benchmarks/bench_ner.py behind the same code.
- analyze() on --corpus-articles articles of ../shared's news corpus (streamed), default tagger,
  against the rules tagger on the same articles; skipped with a note when the corpus is absent.
- the tagger alone (tagger.tag() over every sample sentence), in word pieces per second, against
  the AraBERT-size network.
- peak memory (max RSS) of the process that ran the sample rows, against the baseline's process.
- `python -m pipeline ingest` into a fresh temporary database (rules tagger, lexicon stance, whole
  command with its start-up), against `python -m pipeline analyze` of the same file.

--quick: one round, 10 corpus articles; for checking the script, not for figures (about 2 minutes).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "news_corpus" / "ant_multisource.jsonl.gz"
DASHBOARD = ROOT / "dashboard.py"
TRIVIAL_APP = 'import streamlit as st\n\nst.write("hello")\n'
#: The longest a cold start may take before the run is called failed (a hung server, not a slow one).
START_TIMEOUT_S = 300
#: The ingest row's backends: fast, so the row measures the store and the command, not the tagger.
INGEST_BACKENDS = ("--tagger", "rules", "--stance", "lexicon")


# ----------------------------------------------------------------------------- children


def child_model(variant: str) -> dict:
    """Sample rows in this process: tagger.tag() over every sample sentence, then analyze() per sample.

    variant is "ours" (the default tagger) or "baseline" (its AraBERT-size twin from bench_ner).
    """
    from bench_ner import BATCH, build_tagger, sample_articles, sentences_of

    from models.registry import load_stance
    from pipeline.analyze import analyze

    articles = sample_articles()
    sentences = sentences_of(articles)
    e5, full = build_tagger(variant, None)
    pieces = sum(len(ids) for ids in e5._inner.tokenizer(sentences, add_special_tokens=False)["input_ids"])
    stance, _ = load_stance(None)
    e5.tag(sentences[:BATCH])  # warm-up
    began = time.perf_counter()
    e5.tag(sentences)
    tag_s = time.perf_counter() - began
    began = time.perf_counter()
    for article in articles:
        analyze(article, tagger=full, stance=stance)
    analyze_s = time.perf_counter() - began
    return {
        "tag_s": tag_s,
        "pieces": pieces,
        "analyze_s": analyze_s,
        "articles": len(articles),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child_corpus(tagger_name: str, corpus: str, n: int) -> dict:
    """analyze() over the first n articles of the corpus, streamed; tagger_name "" is the default."""
    from models.registry import load_stance, load_tagger
    from pipeline.analyze import analyze
    from pipeline.loaders import iter_records
    from pipeline.records import Article

    tagger, _ = load_tagger(tagger_name or None)
    stance, _ = load_stance(None)
    records = (a for a in iter_records(corpus) if isinstance(a, Article))
    first = next(records)
    analyze(first, tagger=tagger, stance=stance)  # warm-up: tables and model, not counted
    count = 0
    began = time.perf_counter()
    for article in itertools.islice(records, n):
        analyze(article, tagger=tagger, stance=stance)
        count += 1
    return {"seconds": time.perf_counter() - began, "articles": count, "tagger": tagger.name}


def child_first_view(script: str) -> dict:
    """The first run of a page as AppTest runs it; the parent times the whole process."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(script, default_timeout=START_TIMEOUT_S).run()
    return {"exception": bool(at.exception), "errors": len(at.error)}


# ----------------------------------------------------------------------------- parent


def run_child(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_start_seconds(script: Path) -> float:
    """Seconds from spawning `streamlit run` until /_stcore/health answers; the server is then stopped."""
    port = free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    began = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - began < START_TIMEOUT_S:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode} before answering")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return time.perf_counter() - began
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"streamlit did not answer within {START_TIMEOUT_S} s")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def first_view_seconds(script: Path) -> float:
    began = time.perf_counter()
    result = run_child("first-view", str(script))
    seconds = time.perf_counter() - began
    if result["exception"]:
        raise RuntimeError(f"{script.name}: the first run raised an exception")
    return seconds


def command_seconds(cmd: list[str]) -> float:
    began = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[2:5])} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds


def write_slice(corpus: Path | None, n: int, path: Path) -> int:
    """The ingest row's input: n corpus articles as JSONL (the samples, repeated, without a corpus)."""
    from pipeline.loaders import iter_records, load_paths
    from pipeline.records import Article

    if corpus is not None:
        articles = list(itertools.islice((a for a in iter_records(corpus) if isinstance(a, Article)), n))
    else:
        samples = list(load_paths(sorted((ROOT / "assets" / "samples").glob("*.txt"))).articles)
        articles = [
            Article(id=f"{a.id}-{i}", title=a.title, text=a.text, date=a.date, source=a.source)
            for i, a in enumerate(itertools.islice(itertools.cycle(samples), n))
        ]
    with path.open("w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(a.to_dict(), ensure_ascii=False) + "\n")
    return len(articles)


def median(values: list[float]) -> float:
    return statistics.median(values)


def rounds(repeats: int, jobs: dict[str, Callable[[], dict | float]]) -> dict[str, list]:
    """Each job once per round, rounds repeated: interleaved, so noise spreads over every job."""
    out: dict[str, list] = {name: [] for name in jobs}
    for _ in range(repeats):
        for name, job in jobs.items():
            out[name].append(job())
            print(f"  {name}: done", file=sys.stderr, flush=True)
    return out


def machine_line() -> str:
    import platform

    cpus = os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{platform.python_implementation()} {platform.python_version()}, {cpus} CPUs, load average {load:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one round, 10 corpus articles")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--corpus-articles", type=int, default=200)
    parser.add_argument("--corpus-repeats", type=int, default=1, help="runs of the corpus row")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--child", nargs="+", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "model":
            result = child_model(rest[0])
        elif kind == "corpus":
            result = child_corpus(rest[0], rest[1], int(rest[2]))
        else:
            result = child_first_view(rest[0])
        print(json.dumps(result))
        return 0
    if args.quick:
        args.repeats, args.corpus_articles = 1, 10
    corpus = args.corpus if args.corpus.is_file() else None
    print(f"machine: {machine_line()}", file=sys.stderr)

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        trivial = tmp / "trivial_app.py"
        trivial.write_text(TRIVIAL_APP, encoding="utf-8")
        slice_path = tmp / "slice.jsonl"
        n_ingest = write_slice(corpus, args.corpus_articles, slice_path)
        counter = itertools.count()

        def ingest_job() -> float:
            db = tmp / f"ingest-{next(counter)}.db"
            cmd = [sys.executable, "-m", "pipeline", "ingest", str(slice_path), "--db", str(db), "--quiet"]
            return command_seconds(cmd + list(INGEST_BACKENDS))

        def analyze_cli_job() -> float:
            out = tmp / "analyze.json"
            cmd = [sys.executable, "-m", "pipeline", "analyze", str(slice_path), "--out", str(out)]
            return command_seconds(cmd + list(INGEST_BACKENDS))

        jobs: dict[str, Callable[[], dict | float]] = {
            "server-dashboard": lambda: server_start_seconds(DASHBOARD),
            "server-trivial": lambda: server_start_seconds(trivial),
            "view-dashboard": lambda: first_view_seconds(DASHBOARD),
            "view-trivial": lambda: first_view_seconds(trivial),
            "model-ours": lambda: run_child("model", "ours"),
            "model-baseline": lambda: run_child("model", "baseline"),
            "ingest": ingest_job,
            "analyze-cli": analyze_cli_job,
        }
        corpus_jobs: dict[str, Callable[[], dict | float]] = {}
        if corpus is not None:
            n = str(args.corpus_articles)
            corpus_jobs["corpus-default"] = lambda: run_child("corpus", "", str(corpus), n)
            corpus_jobs["corpus-rules"] = lambda: run_child("corpus", "rules", str(corpus), n)
        began = time.perf_counter()
        got = rounds(args.repeats, jobs)
        got.update(rounds(args.corpus_repeats, corpus_jobs))
        total = time.perf_counter() - began

    print(table(got, args, corpus, n_ingest))
    print(
        f"\n(median of {args.repeats} runs each, the corpus row of {args.corpus_repeats}; "
        f"benchmark took {total / 60:.1f} min; {machine_line()})"
    )
    return 0


def table(got: dict[str, list], args: argparse.Namespace, corpus: Path | None, n_ingest: int) -> str:
    rows: list[tuple[str, str, str, str]] = []

    def seconds_row(label: str, ours: str, base: str, base_label: str) -> None:
        o, b = median(got[ours]), median(got[base])
        rows.append((label, f"{o:.2f} s", f"{base_label}: {b:.2f} s", f"{o / b:.2f}× the time"))

    seconds_row(
        "cold start: `streamlit run` until /_stcore/health answers (page script not run yet)",
        "server-dashboard",
        "server-trivial",
        "trivial script",
    )
    seconds_row(
        "cold start: first rendered view (AppTest first run() in a fresh process)",
        "view-dashboard",
        "view-trivial",
        "trivial script",
    )
    ours, base = got["model-ours"], got["model-baseline"]
    n_samples = ours[0]["articles"]
    rate = median([r["articles"] / r["analyze_s"] for r in ours])
    base_rate = median([r["articles"] / r["analyze_s"] for r in base])
    tagger_name = _default_tagger_name()
    rows.append(
        (
            f"analyze(), {n_samples} bundled samples, default tagger ({tagger_name})",
            f"{rate:.2f} articles/s",
            f"AraBERT-size, same code: {base_rate:.2f} articles/s",
            f"{rate / base_rate:.2f}× as fast",
        )
    )
    if corpus is not None:
        c, r = got["corpus-default"], got["corpus-rules"]
        count = c[0]["articles"]
        c_rate = median([x["articles"] / x["seconds"] for x in c])
        r_rate = median([x["articles"] / x["seconds"] for x in r])
        rows.append(
            (
                f"analyze(), {count} articles of {corpus.name} (streamed), default tagger, "
                f"{len(c)} run{'s' if len(c) > 1 else ''}",
                f"{c_rate:.2f} articles/s",
                f"rules tagger: {r_rate:.2f} articles/s",
                f"{r_rate / c_rate:.1f}× the time",
            )
        )
    else:
        rows.append(
            (
                "analyze(), corpus articles",
                "skipped",
                f"no corpus at {args.corpus}",
                "–",
            )
        )
    pieces = ours[0]["pieces"]
    tok = median([r["pieces"] / r["tag_s"] for r in ours])
    base_tok = median([r["pieces"] / r["tag_s"] for r in base])
    rows.append(
        (
            f"tagger.tag() alone (e5-ner fp32), {pieces} word pieces of the samples",
            f"{tok:.0f} pieces/s",
            f"AraBERT-size: {base_tok:.0f} pieces/s",
            f"{tok / base_tok:.2f}× as fast",
        )
    )
    peak = median([r["peak_mb"] for r in ours])
    base_peak = median([r["peak_mb"] for r in base])
    rows.append(
        (
            "peak memory (max RSS) of the process running the sample rows",
            f"{peak:.0f} MB",
            f"AraBERT-size process: {base_peak:.0f} MB",
            f"{peak / base_peak:.2f}× the memory",
        )
    )
    ingest_s, analyze_s = median(got["ingest"]), median(got["analyze-cli"])
    rows.append(
        (
            f"`pipeline ingest` of {n_ingest} articles into a temp db (rules + lexicon, start-up included)",
            f"{n_ingest / ingest_s:.1f} articles/s",
            f"`pipeline analyze` of the same file: {n_ingest / analyze_s:.1f} articles/s",
            f"{ingest_s / analyze_s:.2f}× the time",
        )
    )
    lines = ["| measurement | value | baseline (same run) | ratio |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def _default_tagger_name() -> str:
    from models.catalogue import default_tagger_name

    return default_tagger_name()


if __name__ == "__main__":
    sys.exit(main())
