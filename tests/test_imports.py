"""The pure core stays light: importing it, or analysing with the rules backends, loads no UI, torch or Ray."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY_MODULES = ("streamlit", "torch", "transformers", "ray")


def heavy_modules_after(code: str) -> list[str]:
    """Run code in a fresh interpreter from the repository root; the heavy modules it left imported."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps([m for m in {HEAVY_MODULES!r} if m in sys.modules]))"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_the_pipeline_loads_no_ui_or_torch() -> None:
    code = (
        "import pipeline, models\nfrom pipeline import analyze\nimport pipeline.cli\n"
        "import pipeline.store, pipeline.queries, pipeline.ingest, pipeline.actors\n"
        "import pipeline.corrections, pipeline.exports, pipeline.briefing, pipeline.corpus, pipeline.ray_engine"
    )
    assert heavy_modules_after(code) == []


def test_analysing_with_the_rules_backends_loads_no_ui_or_torch() -> None:
    # The CLI in-process on a bundled sample; --out keeps its JSON off the probe's stdout.
    code = (
        "import os\n"
        "from pipeline.cli import main\n"
        "status = main(['analyze', 'assets/samples/01_ankara_bilateral.txt', '--date', '2019-12-26',\n"
        "               '--tagger', 'rules', '--stance', 'lexicon', '--out', os.devnull])\n"
        "assert status == 0, status"
    )
    assert heavy_modules_after(code) == []
