# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ADDR ?= 127.0.0.1:8000

.PHONY: run run-es test lint format venv clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	touch $@

run: venv
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Regional Networks Portal: http://$(ADDR)/   (admin: http://$(ADDR)/admin/)"
	@echo ""
	$(BIN)/python manage.py runserver $(ADDR)

run-es: venv
	scripts/elasticsearch start
	ELASTICSEARCH_URL=$$(scripts/elasticsearch url) $(MAKE) run

test: venv
	scripts/test

lint: venv
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .cache db.sqlite3 static
