"""Shared bench set-up: Django on a throw-away SQLite database, and the shipped material."""

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    if "BENCH_DATABASE_URL" in os.environ:
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def records() -> list[dict]:
    with open(ROOT / "data" / "initiatives.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def labels() -> list[dict]:
    with open(ROOT / "data" / "dev_labels.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def engines() -> list:
    from search.engines.embedded import EmbeddedEngine

    found = [EmbeddedEngine()]
    url = os.environ.get("ELASTICSEARCH_URL")
    if url:
        from search.engines.elasticsearch import ElasticsearchEngine

        found.append(ElasticsearchEngine(url=url, prefix="bench"))
    return found


def table(headers: list[str], rows: list[list]) -> str:
    cells = [[str(c) for c in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
             for row in cells]  # fmt: skip
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
