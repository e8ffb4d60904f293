# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ADDR ?= 127.0.0.1:8000

.PHONY: run run-es test lint format venv venv-dev clean

# What runs the portal (requirements.lock); the tests and the linter add requirements-dev.lock.
venv: $(VENV)/.installed
venv-dev: $(VENV)/.installed-dev

$(VENV)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.lock
	touch $@

# The server and the task worker (scripts/serve) start together; Ctrl-C stops both.
run: venv
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Regional Networks Portal: http://$(ADDR)/   (admin: http://$(ADDR)/admin/)"
	@echo ""
	scripts/serve $(ADDR)

run-es: venv
	scripts/elasticsearch start
	ELASTICSEARCH_URL=$$(scripts/elasticsearch url) $(MAKE) run

test: venv-dev
	scripts/test

lint: venv-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: venv-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .cache db.sqlite3 static
