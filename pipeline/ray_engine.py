"""Corpus ingest on Ray Data: the single-process loaders, analyze() and store writer, with analysis on workers.

The driver streams the inputs through the same loaders as `pipeline.ingest`, skips what the database
already holds, and stages the rest as Parquet; Ray Data reads the stage (`read_parquet`) and analyses it
with `map_batches` on a pool of actors, each loading the models once; the driver then writes every
result through the same `Tally` as the single-process loop, so SQLite keeps one writer.

Ray is an optional extra (requirements-scale.txt) and is imported only when this engine runs.
"""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from models.base import EntityTagger, StanceClassifier
from pipeline.ingest import (
    IngestSummary,
    Progress,
    Tally,
    analyse,
    iter_articles,
    model_version,
    prepare,
    skip_stored,
)
from pipeline.records import Article
from pipeline.store import Store

if TYPE_CHECKING:
    import pyarrow as pa

ROOT = Path(__file__).resolve().parent.parent
#: Articles per map_batches call: with the slowest tagger (about 1 s an article) a batch is seconds of
#: work, so the workers stay busy to the end of the corpus and Ray's per-batch cost stays small.
BATCH_SIZE = 8
#: Articles per staged Parquet file.
STAGE_ROWS = 1000
#: Batches per block Ray hands an actor: small blocks spread the work evenly over the workers and bring
#: results back to the writer as they come, where a whole file per block would arrive in one burst.
BLOCK_BATCHES = 4
ARTICLE_COLUMNS = ("id", "title", "text", "date", "source", "url", "origin")
INSTALL_HINT = "pip install -r requirements-scale.txt"


class RayUnavailable(RuntimeError):
    """Ray is not installed, the cluster cannot be reached, or the Ray run itself broke down."""


def require_ray() -> ModuleType:
    """The ray module, or RayUnavailable saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401 (the Data library is the `data` extra of the ray package)
    except ImportError as exc:
        raise RayUnavailable(
            f"--engine ray needs Ray, which is not installed here ({exc}); install it with: {INSTALL_HINT}"
        ) from None
    return ray


def start_ray(
    address: str | None = None, *, num_cpus: int | None = None, worker_setup: str | None = None
) -> None:
    """Start a local Ray instance (address None) or join the cluster at `address`.

    Args:
        address: a cluster address ("auto", "head-node:6379"); None starts a new local instance.
        num_cpus: CPUs the local instance offers (default: this machine's); ignored for a cluster.
        worker_setup: "module.function" each worker runs first, e.g. to register a backend of its own.
    """
    ray = require_ray()
    # Workers import pipeline/ and models/ from this checkout: on a cluster every node needs it at this path.
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    runtime_env: dict[str, Any] = {"env_vars": {"PYTHONPATH": path}}
    if worker_setup:
        runtime_env["worker_process_setup_hook"] = worker_setup
    options: dict[str, Any] = {
        "runtime_env": runtime_env,
        "include_dashboard": False,
        "log_to_driver": False,  # a failed article comes back as a row; worker chatter stays in Ray's logs
        "logging_level": logging.ERROR,
    }
    try:
        if address is None:
            ray.init(address="local", num_cpus=num_cpus, **options)
        else:
            ray.init(address=address, **options)
    except Exception as exc:  # unreachable address, no cluster there, a local start that failed
        where = f"the Ray cluster at {address}" if address else "a local Ray instance"
        raise RayUnavailable(f"cannot start or join {where} ({type(exc).__name__}: {exc})") from None


class ArticleAnalyser:
    """The map_batches callable: each worker actor loads the models once, then analyses batch after batch."""

    def __init__(self, tagger_ref: str | None, stance_ref: str | None, model: str) -> None:
        from models.registry import load_stance, load_tagger

        self.tagger, notes = load_tagger(tagger_ref)
        self.stance, more = load_stance(stance_ref)
        loaded = model_version(self.tagger, self.stance)
        # Storing another model's output under the driver's key would poison every later rerun.
        if loaded != model:
            why = f" ({'; '.join(notes + more)})" if notes or more else ""
            raise RayUnavailable(
                f"a Ray worker loaded model {loaded}{why} where the driver has {model}: every node needs "
                "the same code, tables and model files"
            )

    def __call__(self, batch: pa.Table) -> pa.Table:
        import pyarrow as pa

        rows = batch.to_pylist()
        analyses: list[bytes | None] = []
        errors: list[str | None] = []
        for row in rows:
            article = Article(**{c: row[c] for c in ARTICLE_COLUMNS})
            result = analyse(article, self.tagger, self.stance, row["where"])
            # Pickled whole, so the driver stores exactly the object the single process would have.
            analyses.append(None if isinstance(result, str) else pickle.dumps(result))
            errors.append(result if isinstance(result, str) else None)
        return batch.append_column("analysis", pa.array(analyses, pa.binary())).append_column(
            "error", pa.array(errors, pa.string())
        )


def ingest_ray(
    paths: Iterable[str | os.PathLike[str]],
    store: Store,
    *,
    tagger: EntityTagger,
    stance: StanceClassifier,
    tagger_ref: str | None = None,
    stance_ref: str | None = None,
    publication_date: str | None = None,
    model: str | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
    address: str | None = None,
    workers: int | None = None,
    batch_size: int = BATCH_SIZE,
    stage_dir: str | os.PathLike[str] | None = None,
    on_start: Callable[[int], None] | None = None,
    timings: dict[str, float] | None = None,
) -> IngestSummary:
    """`pipeline.ingest.ingest` with the analysis spread over Ray workers; same arguments, same summary.

    Args:
        tagger, stance: the driver's backends; they give the model version the results are stored under.
        tagger_ref, stance_ref: what each worker loads (default: the backends' names); a worker that
            ends up with another model version stops the run instead of storing under a wrong key.
        address: the cluster to join; None starts a local instance (unless Ray is already initialised
            in this process, which is then used as it is and left running).
        workers: analysis actors (default: one per CPU Ray sees), at most one per block of
            batch_size * BLOCK_BATCHES articles.
        batch_size: articles per map_batches call.
        stage_dir: where the Parquet stage goes (default: the system's temporary folder). Joining a
            cluster without it, the workers read the stage through the driver's node (Ray's local://).
        on_start: told the number of workers it starts, once Ray is up.
        timings: filled with stage_s, init_s, first_s (Ray start to the first result) and run_s.

    Raises:
        RayUnavailable: Ray is missing, the cluster cannot be used, or a worker cannot load the models;
            what was stored before stays stored, so a rerun resumes.
    """
    ray = require_ray()
    tally = Tally(store, model or model_version(tagger, stance), progress)
    times = timings if timings is not None else {}
    try:
        if stage_dir is not None:
            Path(stage_dir).mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix="majlis-stage-", dir=stage_dir))
    except OSError as exc:
        where = stage_dir or tempfile.gettempdir()
        raise RayUnavailable(f"{where}: cannot make the stage folder ({exc.strerror or exc})") from None
    started = False
    try:
        clock = time.perf_counter()
        staged = _stage(paths, store, tally, stage, publication_date, limit)
        times["stage_s"] = time.perf_counter() - clock
        if not staged:
            return tally.summary()
        clock = time.perf_counter()
        if not ray.is_initialized():
            local_cpus = max(os.cpu_count() or 1, workers or 0)
            start_ray(address, num_cpus=local_cpus if address is None else None)
            started = True
        times["init_s"] = time.perf_counter() - clock
        blocks = -(-staged // (batch_size * BLOCK_BATCHES))
        # A worker beyond one per block would only load the models and wait.
        count = min(workers or max(1, int(ray.cluster_resources().get("CPU", 1))), blocks)
        if on_start:
            on_start(count)
        source = str(stage) if address is None or stage_dir is not None else f"local://{stage}"
        dataset = _dataset(ray, source, blocks)
        dataset = dataset.map_batches(
            ArticleAnalyser,
            fn_constructor_args=(tagger_ref or tagger.name, stance_ref or stance.name, tally.model),
            batch_size=batch_size,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=count),
            num_cpus=1,
        )
        clock = time.perf_counter()
        try:
            for batch in dataset.iter_batches(batch_size=None, batch_format="pyarrow"):
                times.setdefault("first_s", time.perf_counter() - clock)
                for row in batch.to_pylist():
                    _write(row, store, tally)
        except (KeyboardInterrupt, RayUnavailable):
            raise
        except Exception as exc:  # a worker that cannot start, a lost cluster: the run cannot go on
            raise RayUnavailable(f"the Ray run stopped: {_first_line(exc)}") from None
        times["run_s"] = time.perf_counter() - clock
    except KeyboardInterrupt:
        tally.interrupted = True
    finally:
        if started:
            ray.shutdown()
        shutil.rmtree(stage, ignore_errors=True)
    return tally.summary()


def _stage(
    paths: Iterable[str | os.PathLike[str]],
    store: Store,
    tally: Tally,
    folder: Path,
    publication_date: str | None,
    limit: int | None,
) -> int:
    """Stream the inputs, count load errors and stored articles as the single process does, and write
    the articles that need analysis to Parquet files of STAGE_ROWS rows; returns how many."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, pa.string()) for c in (*ARTICLE_COLUMNS, "key", "where")])
    rows: list[dict[str, Any]] = []
    total = files = 0

    def flush() -> None:
        nonlocal files
        # Zero-padded names: Ray reads the files in name order, so results come back in input order.
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), folder / f"part-{files:06d}.parquet")
        files += 1
        rows.clear()

    for item in iter_articles(paths, tally, limit):
        article, key, where = prepare(item, publication_date)
        if skip_stored(store, key, tally.model):
            tally.skipped(article)
            continue
        rows.append({**article.to_dict(), "key": key, "where": where})
        total += 1
        if len(rows) >= STAGE_ROWS:
            flush()
    if rows:
        flush()
    return total


def _dataset(ray: ModuleType, source: str, blocks: int) -> Any:
    """The staged articles as a Ray dataset, read in input order."""
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # the CLI draws its own bar as results are stored
    context.print_on_execution_start = False
    # Results come back in input order, so the database fills as a single-process run fills it.
    context.execution_options.preserve_order = True
    # Ray 2.60's V2 Parquet reader lists files in a task that takes a whole CPU, which never starts
    # while the analysis actors hold every CPU; the V1 reader lists on the driver.
    context.use_datasource_v2 = False
    # Ray merges blocks under 1 MB, which is a few hundred short articles: it would undo the small blocks.
    context.target_min_block_size = 1
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    # Reading the stage is light work: it must not wait for a CPU an analysis actor holds.
    return ray.data.read_parquet(source, num_cpus=0, override_num_blocks=blocks)


def _write(row: dict[str, Any], store: Store, tally: Tally) -> None:
    """Count and store one worker result on the driver, through the single-process writer."""
    article = Article(**{c: row[c] for c in ARTICLE_COLUMNS})
    if row["error"] is not None:
        tally.failed(row["error"], article, row["key"])
    elif skip_stored(store, row["key"], tally.model):
        tally.skipped(article)  # a repeat within this run: its first copy was stored a moment ago
    else:
        tally.stored(article, row["key"], row["where"], pickle.loads(row["analysis"]))


def _first_line(exc: BaseException) -> str:
    # Ray wraps a worker's exception in its traceback; the last line names the original error.
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__
