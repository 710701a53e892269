"""Score the pipeline on the team's annotated development articles with ../shared/eval/score.py.

usage: python scripts/eval_dev.py [--tagger NAME] [--stance NAME] [--json] [--seed]

Each article in tests/gold/dev_articles/ is analysed by a fresh `python -m pipeline analyze`
process, with --date taken from the article's .meta file in ../shared/data/meetings_dev, and
the scorer prints one line of figures over all of them. --seed scores the seed article against
../shared/eval/gold instead.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "tests" / "gold" / "dev_articles"
ARTICLES = SHARED / "data" / "meetings_dev"
SCORER = SHARED / "eval" / "score.py"
sys.path.insert(0, str(ROOT))
from pipeline.dates import parse_publication_date  # noqa: E402


def meta_date(meta: Path) -> str:
    """The publication date (YYYY-MM-DD) from a .meta file's "date:" line."""
    for line in meta.read_text(encoding="utf-8").splitlines():
        if line.startswith("date:"):
            date = parse_publication_date(line.split(":", 1)[1].strip())
            if date is not None:
                return date.isoformat()
    raise ValueError(f"{meta}: no readable date line")


def analyze_one(article: Path, date: str, out: Path, backends: list[str]) -> None:
    cmd = [
        sys.executable,
        "-m",
        "pipeline",
        "analyze",
        str(article),
        "--date",
        date,
        "--out",
        str(out),
        *backends,
    ]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tagger")
    parser.add_argument("--stance")
    parser.add_argument("--json", action="store_true", help="print the scorer's detailed JSON")
    parser.add_argument("--seed", action="store_true", help="score the seed article instead")
    args = parser.parse_args()
    if not SCORER.exists():
        print(
            f"{SCORER} is missing: the shared evaluation kit must sit next to the repository", file=sys.stderr
        )
        return 2
    backends = (["--tagger", args.tagger] if args.tagger else []) + (
        ["--stance", args.stance] if args.stance else []
    )
    if args.seed:
        gold_dir, jobs = SHARED / "eval" / "gold", [(SHARED / "eval" / "articles" / "seed.txt", "2020-08-06")]
    else:
        gold_dir = GOLD
        jobs = [
            (ARTICLES / f"{g.stem}.txt", meta_date(ARTICLES / f"{g.stem}.meta"))
            for g in sorted(GOLD.glob("*.json"))
        ]
    with tempfile.TemporaryDirectory() as tmp:
        preds = []
        for article, date in jobs:
            out = Path(tmp) / f"{article.stem}.json"
            analyze_one(article, date, out, backends)
            preds.append(str(out))
        cmd = [sys.executable, str(SCORER), str(gold_dir), *preds] + (["--json"] if args.json else [])
        return subprocess.run(cmd).returncode


if __name__ == "__main__":
    sys.exit(main())
