# The README's two commands: `make run` and `make test`. Both install into .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SCALE_STAMP := $(VENV)/.installed-scale

.PHONY: run test install install-scale model browser lint clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	# torch first and pinned: an unpinned torch pulled in by transformers fetches a CUDA build.
	$(PY) -m pip install torch==2.13.0
	$(PY) -m pip install -r requirements.txt
	touch $(STAMP)

install: $(STAMP) model

# The optional Ray engine (--engine ray). Not part of a default install, which stays light; make test
# installs it so that CI runs the Ray engine's tests.
$(SCALE_STAMP): $(STAMP) requirements-scale.txt
	$(PY) -m pip install -r requirements-scale.txt
	touch $(SCALE_STAMP)

install-scale: $(SCALE_STAMP)

# The trained tagger is adapters on a 470 MB base rebuilt from installed packages: build both into
# ~/.cache/majlis once (about 30 s), so no user or test waits for it. A no-op when already built.
model: $(STAMP)
	$(PY) -m models.e5_tagger --build

# Debian's Chromium, for the browser tests (tests/test_browser.py) and PNG/SVG export of the charts
# (kaleido draws them in it). Needs root: `sudo make browser`. DejaVu Sans carries the Arabic glyphs
# the shaping checks measure. Playwright only drives this browser; never `playwright install`.
# --no-upgrade leaves a browser already installed as it is.
browser:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends --no-upgrade chromium fonts-dejavu-core

run: $(STAMP) model
	$(VENV)/bin/streamlit run dashboard.py --server.headless true --server.address 127.0.0.1

test: $(STAMP) $(SCALE_STAMP) model
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
