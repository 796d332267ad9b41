# csx — the two commands a newcomer needs:
#   make build   build the warehouse, validate it, publish it, build the dashboards
#   make test    run every test (lint, dbt, Great Expectations, Python, browser)
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV ?= .venv
PY := $(VENV)/bin/python
CSX := $(VENV)/bin/csx
STAMP := $(VENV)/.installed

.PHONY: help install build test fuzz bench lint synth synth-check validate dashboards docs clean spark-up spark-down spark-status

help:
	@echo "make build   - install (if needed), build + validate + publish warehouse.duckdb, build dashboards/build/"
	@echo "make test    - install (if needed), run all tests"
	@echo "make lint    - ruff + sqlfluff"
	@echo "make synth   - regenerate the synthetic waves and reference seeds (make synth-check: verify only)"
	@echo "make fuzz    - the landing fuzz test with thousands of cases (Hypothesis profile fuzz)"
	@echo "make bench   - csx vs a hand-written DuckDB pipeline at 10k/100k/1M respondents (~30 min)"
	@echo "make spark-up / spark-down - a local Spark cluster (master, 2 workers, Thrift server) for the spark target"

$(STAMP): requirements.lock pyproject.toml tools/synth/pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip install --quiet --no-deps -e tools/synth
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)
	$(CSX) build

# development tool, not part of the runtime package (docs/reconstruction.md)
synth: $(STAMP)
	$(PY) -m csx_synth

synth-check: $(STAMP)
	$(PY) -m csx_synth --check

validate: $(STAMP)
	$(CSX) validate

dashboards: $(STAMP)
	$(CSX) dashboards build

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests/python scripts tools/synth
	$(VENV)/bin/ruff format --check src tests/python scripts tools/synth
	mkdir -p build
	# a file dbt cannot compile is skipped by sqlfluff with only a warning: treat that as a failure
	set -o pipefail; $(VENV)/bin/sqlfluff lint models tests/dbt analyses macros 2>&1 | tee build/sqlfluff.log
	! grep -q 'fatal exception during compilation' build/sqlfluff.log

test: $(STAMP)
	$(MAKE) lint
	mkdir -p build
	$(VENV)/bin/pytest -q --durations=15 --basetemp=$(CURDIR)/build/pytest-tmp

fuzz: $(STAMP)
	mkdir -p build
	CSX_HYPOTHESIS_PROFILE=fuzz $(VENV)/bin/pytest -q --basetemp=$(CURDIR)/build/pytest-fuzz tests/python/test_fuzz_landing.py

bench: $(STAMP)
	$(PY) scripts/bench.py $(BENCH_ARGS)

docs: $(STAMP)
	$(VENV)/bin/dbt --quiet parse --project-dir . --profiles-dir .
	$(PY) scripts/lineage.py --manifest target/manifest.json --doc docs/models.md

# a local Spark standalone cluster + Thrift server, catalog and warehouse under build/spark (docs/spark.md)
spark-up: $(STAMP)
	$(PY) -m csx.spark.cluster up

spark-down:
	$(PY) -m csx.spark.cluster down

spark-status:
	$(PY) -m csx.spark.cluster status

clean:
	if test -x $(PY); then $(PY) -m csx.spark.cluster down; fi
	rm -rf target logs build dashboards/build
