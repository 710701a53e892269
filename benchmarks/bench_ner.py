"""Speed of the entity tagger against an AraBERT-size baseline, measured in the same run.

usage: python benchmarks/bench_ner.py [--tagger NAME] [--repeats 3] [--articles N]

Prints one table. Every row is the median of --repeats runs, each in a fresh subprocess so that
its peak memory (max RSS) is its own. Rows: the e5 tagger alone (tagger.tag() over every
sentence) and the whole analyze() per article, each for our model in fp32, our model in dynamic
int8, and the baseline. The baseline is a BERT-base geometry (12 layers, hidden 768, 12 heads,
FFN 3072, 64k vocabulary) with random weights: speed does not depend on the weights. It runs
the same code as our tagger (same tokenizer, same word decoding and batching, the same rules
hints when our model reads them, token ids folded into its 64k vocabulary), so the ratio
compares the encoders and nothing else. Peak memory
includes the process's Python, torch and the gazetteer, not only the model.

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
#: --tagger values this benchmark can measure: the default hybrid, or the e5 tagger alone.
MEASURABLE = (None, "e5-ner+rules", "e5-ner")


def sample_articles() -> list:
    sys.path.insert(0, str(ROOT))
    from pipeline.loaders import load_paths

    return list(load_paths(sorted(SAMPLES.glob("*.txt"))).articles)


def sentences_of(articles: list) -> list[str]:
    from pipeline.analyze import split_article

    return [s.text for a in articles for s in split_article(a)]


class FoldedIds:
    """An encoder behind a vocabulary smaller than the tokenizer's: ids are folded into its range.

    The baseline has AraBERT's 64k vocabulary while our tokenizer has 250k pieces; the lookup
    costs the same either way, so folding changes no timing.
    """

    def __init__(self, model, vocab: int) -> None:
        self.model, self.vocab = model, vocab

    def __call__(self, input_ids=None, attention_mask=None, inputs_embeds=None):
        if inputs_embeds is not None:  # a hinted tagger embeds the pieces itself (models/ner_hints.py)
            return self.model(inputs_embeds=inputs_embeds, attention_mask=attention_mask)
        return self.model(input_ids=input_ids % self.vocab, attention_mask=attention_mask)

    def get_input_embeddings(self):
        table = self.model.get_input_embeddings()
        return lambda ids: table(ids % self.vocab)


def build_tagger(variant: str, tagger_name: str | None):
    """(the e5 tagger of this variant, the full tagger analyze() uses) for "ours", "int8" or "baseline".

    Every variant runs the same code (models.word_tagger.WordTagger and the same hybrid with the
    rules); only the network inside differs.
    """
    import torch
    from transformers import AutoModelForTokenClassification, BertConfig

    from models.e5_tagger import E5Tagger
    from models.hybrid_tagger import HybridTagger
    from models.rules_tagger import RulesTagger

    e5 = E5Tagger(quantize=variant == "int8")
    if variant == "baseline":
        config = BertConfig(vocab_size=BASELINE_VOCAB, num_labels=len(e5._inner._tags), **BASELINE)
        torch.manual_seed(0)
        baseline = AutoModelForTokenClassification.from_config(config).eval()
        e5._inner.model = FoldedIds(baseline, BASELINE_VOCAB)
        if e5._inner.hints is not None:  # the same rules hints, as vectors of the baseline's width
            e5._inner.hints = torch.nn.Embedding(e5._inner.hints.num_embeddings, BASELINE["hidden_size"])
    return e5, (e5 if tagger_name == "e5-ner" else HybridTagger(e5, RulesTagger()))


def measure(kind: str, tagger_name: str | None, n_articles: int) -> dict:
    """One measurement in this process: seconds and peak RSS for one kind of work.

    kind is "<work>-<variant>": work is "tag" (the e5 tagger over every sentence) or "analyze"
    (the whole pipeline per article); variant is "ours", "int8" or "baseline".
    """
    import torch

    torch.set_num_threads(max(1, torch.get_num_threads()))
    work, variant = kind.split("-", 1)
    articles = sample_articles()
    articles = (articles * (n_articles // len(articles) + 1))[:n_articles]
    sentences = sentences_of(articles)
    e5, full = build_tagger(variant, tagger_name)
    e5.tag(sentences[:BATCH])  # warm-up
    if work == "analyze":
        from models.registry import load_stance
        from pipeline.analyze import analyze

        stance, _ = load_stance(None)
        began = time.perf_counter()
        for a in articles:
            analyze(a, tagger=full, stance=stance)
    else:
        began = time.perf_counter()
        e5.tag(sentences)
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
    if args.tagger not in MEASURABLE:
        print(
            f"bench_ner measures the e5 tagger and its AraBERT-size twin, not {args.tagger!r}",
            file=sys.stderr,
        )
        return 2
    sys.path.insert(0, str(ROOT))
    from models.catalogue import ADAPTER_META

    if not (ROOT / "models" / "ner-e5" / ADAPTER_META).is_file():
        print(
            "no trained tagger in models/ner-e5: train one with `python -m models.train_ner` first",
            file=sys.stderr,
        )
        return 2
    kinds = [f"{work}-{variant}" for work in ("tag", "analyze") for variant in ("ours", "int8", "baseline")]
    rows = {}
    for _repeat in range(args.repeats):  # interleaved, so a busy spell hits every row alike
        for kind in kinds:
            rows.setdefault(kind, []).append(run_child(kind, args.tagger, args.articles))
    labels = {"ours": "ours (fp32)", "int8": "ours (dynamic int8)", "baseline": "AraBERT-size, same code"}
    print(f"{'measurement':40} {'articles/s':>11} {'sentences/s':>12} {'peak MB':>9} {'vs AraBERT':>11}")
    median = {k: statistics.median(r["seconds"] for r in runs) for k, runs in rows.items()}
    for kind, runs in rows.items():
        work, variant = kind.split("-", 1)
        seconds = median[kind]
        ratio = median[f"{work}-baseline"] / seconds
        name = f"{'tagger.tag()' if work == 'tag' else 'analyze()'}, {labels[variant]}"
        print(
            f"{name:40} {runs[0]['articles'] / seconds:11.2f} {runs[0]['sentences'] / seconds:12.1f} "
            f"{statistics.median(r['peak_mb'] for r in runs):9.0f} {ratio:10.2f}x"
        )
    print(
        f"(median of {args.repeats} runs each, {rows['tag-ours'][0]['articles']} articles; ratios from the same run)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
