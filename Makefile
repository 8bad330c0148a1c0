# Two commands do everything on a fresh clone: `make extract` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
IN     ?= corpus
OUT    ?= outputs
GOLD   ?= gold
BENCH_N ?= 200
# a Dask scheduler (tcp://HOST:PORT, tls://HOST:PORT) or local:N: see README, "Running on a cluster"
DASK   ?=
STAMP  := $(VENV)/.installed

.PHONY: setup extract test score bench gold-check clean

setup: $(STAMP)

# torch first, pinned: it comes as a CPU build from the local wheel store; a bare
# `torch` would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m pipeline models check
	touch $(STAMP)

extract: $(STAMP)
	$(PY) -m pipeline extract $(IN) --out $(OUT)$(if $(DASK), --dask $(DASK))

test: $(STAMP)
	$(PY) -m pytest -q

score: $(STAMP)
	if [ -d ../shared/seeds ]; then $(PY) -m pipeline extract ../shared/seeds --out $(OUT)/seeds; fi
	$(PY) -m pipeline score --gold $(GOLD) --pred $(OUT) --corpus $(IN) --out $(OUT)/report \
	  --seeds-gold ../shared/seeds/gold --seeds-pred $(OUT)/seeds --seeds-corpus ../shared/seeds

gold-check: $(STAMP)
	$(PY) -m pipeline gold check --gold $(GOLD) --corpus $(IN)

bench: $(STAMP)
	$(PY) -m pipeline bench --n $(BENCH_N) --corpus $(IN) --out $(OUT)

clean:
	rm -rf $(VENV) *.egg-info
