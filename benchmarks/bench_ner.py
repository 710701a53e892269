"""Speed of the entity tagger against an AraBERT-size baseline, measured in the same run.

usage: python benchmarks/bench_ner.py [--tagger NAME] [--repeats 3] [--articles N]

Prints one table. Every row is the median of --repeats runs, each in a fresh subprocess so that
its peak memory (max RSS) is its own. The baseline is a BERT-base geometry (12 layers, hidden
768, 12 heads, FFN 3072, 64k vocabulary) with random weights: speed does not depend on the
weights. It runs the same code as our tagger (same tokenizer, same batching, token ids folded
into its 64k vocabulary), so the ratio compares the encoders and nothing else.

The machines are shared and noisy: quote the ratio, not the absolute times.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "assets" / "samples"
BASELINE = {"hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072}
BASELINE_VOCAB = 64000
BATCH = 16


def sample_articles() -> list:
    sys.path.insert(0, str(ROOT))
    from pipeline.loaders import load_paths

    return list(load_paths(sorted(SAMPLES.glob("*.txt"))).articles)


def sentences_of(articles: list) -> list[str]:
    from pipeline.analyze import split_article

    return [s.text for a in articles for s in split_article(a)]


def encoder_forward(model, tokenizer, sentences: list[str], vocab_limit: int | None) -> None:
    """Tokenise, batch and run the encoder plus head, as the tagger does (argmax over labels)."""
    import torch

    with torch.inference_mode():
        for start in range(0, len(sentences), BATCH):
            enc = tokenizer(
                sentences[start : start + BATCH],
                padding=True,
                truncation=True,
                max_length=512,
                return_tensors="pt",
            )
            ids = enc["input_ids"] % vocab_limit if vocab_limit else enc["input_ids"]
            model(input_ids=ids, attention_mask=enc["attention_mask"]).logits.argmax(-1)


def measure(kind: str, tagger_name: str | None, n_articles: int) -> dict:
    """One measurement in this process: seconds and peak RSS for one kind of work."""
    import torch

    torch.set_num_threads(max(1, torch.get_num_threads()))
    articles = sample_articles()
    articles = (articles * (n_articles // len(articles) + 1))[:n_articles]
    sentences = sentences_of(articles)
    if kind == "analyze":
        from models.registry import load_stance, load_tagger
        from pipeline.analyze import analyze

        tagger, _ = load_tagger(tagger_name)
        stance, _ = load_stance(None)
        began = time.perf_counter()
        for a in articles:
            analyze(a, tagger=tagger, stance=stance)
    elif kind == "tagger":
        from models.registry import load_tagger

        tagger, _ = load_tagger(tagger_name)
        began = time.perf_counter()
        tagger.tag(sentences)
    else:  # our encoder vs the baseline, same code path
        from transformers import AutoModelForTokenClassification, AutoTokenizer, BertConfig

        from models.e5_tagger import ensure_merged

        merged = ensure_merged(progress=lambda _m: None)
        tokenizer = AutoTokenizer.from_pretrained(str(merged))
        if kind == "ours":
            model = AutoModelForTokenClassification.from_pretrained(str(merged)).eval()
            limit = None
        else:
            config = BertConfig(vocab_size=BASELINE_VOCAB, num_labels=9, **BASELINE)
            torch.manual_seed(0)
            model = AutoModelForTokenClassification.from_config(config).eval()
            limit = BASELINE_VOCAB
        encoder_forward(model, tokenizer, sentences[:BATCH], limit)  # warm-up
        began = time.perf_counter()
        encoder_forward(model, tokenizer, sentences, limit)
    seconds = time.perf_counter() - began
    return {
        "seconds": seconds,
        "articles": len(articles),
        "sentences": len(sentences),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_child(kind: str, tagger: str | None, n: int) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, "--articles", str(n)]
    if tagger:
        cmd += ["--tagger", tagger]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tagger", default=None, help="tagger to measure (default: the catalogue default)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--articles", type=int, default=18)
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(args.child, args.tagger, args.articles)))
        return 0
    if not (ROOT / "models" / "ner-e5" / "majlis_ner.json").is_file():
        print(
            "no trained tagger in models/ner-e5: train one with `python -m models.train_ner` first",
            file=sys.stderr,
        )
        return 2
    rows = {}
    for kind in ("ours", "baseline", "tagger", "analyze"):
        runs = [run_child(kind, args.tagger, args.articles) for _ in range(args.repeats)]
        rows[kind] = {
            "seconds": statistics.median(r["seconds"] for r in runs),
            "peak_mb": statistics.median(r["peak_mb"] for r in runs),
            "articles": runs[0]["articles"],
            "sentences": runs[0]["sentences"],
        }
    print(f"{'measurement':32} {'articles/s':>11} {'sentences/s':>12} {'peak MB':>9}")
    labels = {
        "ours": "encoder+head, ours",
        "baseline": "encoder+head, AraBERT-size",
        "tagger": "tagger.tag(), ours",
        "analyze": "analyze(), ours",
    }
    for kind, row in rows.items():
        print(
            f"{labels[kind]:32} {row['articles'] / row['seconds']:11.2f} "
            f"{row['sentences'] / row['seconds']:12.1f} {row['peak_mb']:9.0f}"
        )
    ratio = rows["baseline"]["seconds"] / rows["ours"]["seconds"]
    print(f"speed ratio (ours vs AraBERT-size, same run, median of {args.repeats}) = {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
