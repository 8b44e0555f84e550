# The two commands in the README: `make report` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed
EXTRAS := notebooks,scale,excel,test
SHARED ?= $(abspath ../shared)
export FRAMING_DATA_DIR ?= $(SHARED)/baselines
export FRAMING_BENCHMARK_DIR ?= $(SHARED)/benchmarks
export MPLBACKEND := Agg
export PYTHONHASHSEED := 0

.PHONY: install report figures validate test lab bench screenshot clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH (or run: make PYTHON=python3 ...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml constraints.txt
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -c constraints.txt -e ".[$(EXTRAS)]"
	@touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(PY) -m pytest -q

figures: $(STAMP)
	$(PY) -m analysis figures --out figures

validate: $(STAMP)
	$(PY) -m analysis validate --format table

report: $(STAMP)
	$(PY) -m analysis figures --out figures
	$(PY) -m analysis report --out reports

lab: $(STAMP)
	$(PIP) install --quiet -c constraints.txt -e ".[$(EXTRAS),lab]"
	$(VENV)/bin/jupyter lab notebooks/

bench: $(STAMP)
	$(PY) benchmarks/run.py

clean:
	rm -rf reports .pytest_cache
