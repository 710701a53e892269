"""Regenerate tests/golden/<stem>.json: the CLI's JSON for each bundled sample in assets/samples/index.json.

usage: python scripts/update_goldens.py

Each golden is exactly what `python -m pipeline analyze assets/samples/<file> --date <date> --tagger rules
--stance lexicon` prints, run from the repository root; tests/test_cli.py compares the CLI's output to it.
The always-available backends are pinned so that a trained default model does not change the goldens. A golden pins current behaviour, not correct behaviour, so a change in goldens must be
reviewed by reading the diff (`git diff tests/golden/`) before it is committed: every changed entity,
event and stance should be one the code change meant to change.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "assets" / "samples"
GOLDEN = ROOT / "tests" / "golden"
PINNED_BACKENDS = ("--tagger", "rules", "--stance", "lexicon")


def analyze_command(file: str, date: str) -> list[str]:
    """The CLI call whose output is the golden for one sample (tests/test_cli.py runs the same one)."""
    return [
        sys.executable,
        "-m",
        "pipeline",
        "analyze",
        f"assets/samples/{file}",
        "--date",
        date,
        *PINNED_BACKENDS,
    ]


def main() -> int:
    samples = json.loads((SAMPLES / "index.json").read_text(encoding="utf-8"))
    GOLDEN.mkdir(parents=True, exist_ok=True)
    failed = False
    for sample in samples:
        done = subprocess.run(analyze_command(sample["file"], sample["date"]), cwd=ROOT, capture_output=True)
        stderr = done.stderr.decode("utf-8", "replace").strip()
        if done.returncode != 0:
            print(f"{sample['file']}: exit {done.returncode}; golden not written\n{stderr}", file=sys.stderr)
            failed = True
            continue
        if stderr:
            print(f"{sample['file']}: {stderr}", file=sys.stderr)
        json.loads(done.stdout)  # never write a golden that is not JSON
        target = GOLDEN / f"{Path(sample['file']).stem}.json"
        target.write_bytes(done.stdout)
        print(f"wrote {target.relative_to(ROOT)}")
    print("review the change before committing: git diff tests/golden/")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
