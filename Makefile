# Two commands do everything on a fresh clone: `make extract` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
IN     ?= corpus
OUT    ?= outputs
GOLD   ?= gold
SHARED ?= ../shared
BENCH_N ?= 200
# a Dask scheduler (tcp://HOST:PORT, tls://HOST:PORT) or local:N: see README, "Running on a cluster"
DASK   ?=
STAMP  := $(VENV)/.installed
# Label Studio is a tool for annotators, not a dependency: its own virtualenv, pinned.
LS_VENV  ?= .venv-labelstudio
LS_STAMP := $(LS_VENV)/.installed
LS_PORT  ?= 8080

.PHONY: setup extract test score bench gold-check annotate annotate-check clean

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

# the seed articles and the real articles never seen (realdev) each get their own section
score: $(STAMP)
	if [ -d $(SHARED)/seeds ]; then $(PY) -m pipeline extract $(SHARED)/seeds --out $(OUT)/seeds; fi
	if [ -d $(SHARED)/realdev ]; then $(PY) -m pipeline extract $(SHARED)/realdev/corpus --out $(OUT)/realdev; fi
	$(PY) -m pipeline score --gold $(GOLD) --pred $(OUT) --corpus $(IN) --out $(OUT)/report \
	  --seeds-gold $(SHARED)/seeds/gold --seeds-pred $(OUT)/seeds --seeds-corpus $(SHARED)/seeds \
	  --realdev-gold $(SHARED)/realdev/gold --realdev-pred $(OUT)/realdev --realdev-corpus $(SHARED)/realdev/corpus

gold-check: $(STAMP)
	$(PY) -m pipeline gold check --gold $(GOLD) --corpus $(IN)

$(LS_STAMP):
	$(PYTHON) -m venv $(LS_VENV)
	$(LS_VENV)/bin/pip install --quiet label-studio==1.23.2
	touch $(LS_STAMP)

# Label Studio on 127.0.0.1:$(LS_PORT) with a task per corpus document (pipeline output as
# prediction, gold to review); prints the URL and login; Ctrl-C stops it.
annotate: $(STAMP) $(LS_STAMP)
	$(PY) -m pipeline gold annotate $(IN) --pred $(OUT) --gold $(GOLD) --port $(LS_PORT) --ls-bin $(LS_VENV)/bin/label-studio

# gold -> a real Label Studio (API import and export) -> identical gold; stops its server.
annotate-check: $(STAMP) $(LS_STAMP)
	$(PY) -m pipeline gold annotate-check --corpus $(IN) --gold $(GOLD) --ls-bin $(LS_VENV)/bin/label-studio

bench: $(STAMP)
	$(PY) -m pipeline bench --n $(BENCH_N) --corpus $(IN) --out $(OUT)

clean:
	rm -rf $(VENV) $(LS_VENV) *.egg-info
