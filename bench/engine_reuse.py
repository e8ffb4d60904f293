"""What one request pays for the overlaps of one initiative, with and without reusing the engine.

Before session 4 every request built its own engine (``get_engine()`` returned a new instance):
a new HTTP connection, an index check and cold term statistics for each request. Now
``get_engine()`` keeps one instance per process, whose cached term statistics are checked
against the index's change token in the same round trip as the candidate searches. Each
request is simulated with the initiatives of one plan (``--per-request`` queries, like the
"who else does this" panel of a draft) against ``--size`` synthetic initiatives
(bench/overlap_speed.py). Prints p50 and p95 per request for both ways, per engine::

    ELASTICSEARCH_URL=http://127.0.0.1:9250 .venv/bin/python bench/engine_reuse.py
"""

import argparse
import functools
import os
import random
import statistics
import time

from _setup import django_setup, engines, table
from overlap_speed import synthetic_docs

HEADERS = ["engine", "initiatives", "way", "p50 per request", "p95 per request"]


def timed_requests(make_engine, batches) -> list[float]:
    times = []
    for batch in batches:
        start = time.perf_counter()
        engine = make_engine()
        for doc in batch:
            engine.neighbours(doc, limit=5, stored_only=True)
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--per-request", type=int, default=6)
    args = parser.parse_args()
    django_setup()
    from django.conf import settings

    from search.engines.base import get_engine

    docs = synthetic_docs(args.size)
    rng = random.Random(5)
    batches = [rng.sample(docs, args.per_request) for _ in range(args.requests)]
    rows = []
    for engine in engines():
        engine.setup()
        engine.rebuild(docs[i : i + 1000] for i in range(0, len(docs), 1000))
        if engine.name == "elasticsearch":
            settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
            settings.ELASTICSEARCH_INDEX_PREFIX = "bench"
        path = f"{type(engine).__module__}.{type(engine).__name__}"
        shared = get_engine(path)
        shared.neighbours(docs[0], limit=5)  # the process's first request warms it once
        ways = {"new engine per request (before)": functools.partial(type(shared)),
                "engine kept per process (now)": functools.partial(get_engine, path)}  # fmt: skip
        for way, make in ways.items():
            times = timed_requests(make, batches)
            p95 = times[int(0.95 * (len(times) - 1))]
            rows.append([engine.name, len(docs), way, f"{statistics.median(times):.1f} ms",
                         f"{p95:.1f} ms"])  # fmt: skip
            print(table(HEADERS, rows[-1:]), flush=True)
    print()
    print(table(HEADERS, rows))


if __name__ == "__main__":
    main()
