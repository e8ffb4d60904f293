"""Overlap engine speed at 1,000, 10,000 and 100,000 initiatives.

    .venv/bin/python bench/overlap_speed.py [--sizes 1000 10000] [--queries 200]
    ELASTICSEARCH_URL=http://127.0.0.1:9250 .venv/bin/python bench/overlap_speed.py

Texts are varied, not repeated: each synthetic initiative joins sentences of two real ones from
data/ with a city name, and its vector mixes theirs with noise (embedding 100,000 texts would
take this machine about an hour, which is not what is measured here). Prints, per engine and
size: indexing rate (Elasticsearch: filling and merging a new index, as ``rebuild_overlaps``
does), p50 and p95 time for one initiative's overlaps, how many of the exact 20 best (every
document scored, search/batch.py) the engine returns, the time to recompute every overlap (what
``rebuild_overlaps`` does: all initiatives in one batch; sizes up to --recompute-limit), and
peak memory (RSS of this process; the Elasticsearch node's own heap is capped at 512 MB).
"""

import argparse
import random
import re
import resource
import statistics
import time

import numpy as np
from _setup import django_setup, engines, records, table


def synthetic_docs(n: int, seed: int = 7):
    from search.analysis import analyse
    from search.documents import vectors_for
    from search.scoring import Doc

    recs = records()
    texts = [f"{r['title']}. {r['description']}".strip() for r in recs]
    base = vectors_for(texts)
    sentences = [re.split(r"(?<=[.!?])\s+", t) for t in texts]
    cities = sorted({r["city"] for r in recs})
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    docs = []
    for i in range(n):
        a, b = rng.randrange(len(recs)), rng.randrange(len(recs))
        city = rng.randrange(max(50, n // 4))
        text = " ".join(sentences[a][:2] + sentences[b][-1:]) + f" ({cities[city % len(cities)]})"
        vector = 0.7 * base[a] + 0.3 * base[b] + noise.normal(0, 0.05, base[a].shape)
        vector = (vector / np.linalg.norm(vector)).astype(np.float32)
        focus = [recs[a].get("focus_area_inferred") or ""]
        docs.append(Doc(id=f"s{i}", city_id=city, network_id=1 + i % 2, plan_id=city,
                        published=True, title=text[:80], description=text, terms=analyse(text),
                        vector=vector, focus_areas=focus))  # fmt: skip
    return docs


HEADERS = ["engine", "initiatives", "indexing", "p50 overlaps", "p95 overlaps",
           "top-20 as exact", "full recompute", "peak RSS"]  # fmt: skip


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(engine, docs, exact, queries: int, recompute_limit: int) -> list:
    engine.setup()
    start = time.perf_counter()
    chunks = (docs[i : i + 1000] for i in range(0, len(docs), 1000))
    engine.rebuild(chunks)  # as rebuild_overlaps fills each engine
    rate = len(docs) / (time.perf_counter() - start)
    rng = random.Random(3)
    sample = [docs[rng.randrange(len(docs))] for _ in range(queries)]
    # The exact answers first, not between timed queries: scoring 100,000 documents slowed the
    # query timed right after it (Elasticsearch at 100,000 on two cores: p50 92 ms just after
    # an exact scoring, 53 ms for the same queries 0.3 s later; docs/benchmarks.md, "Speed").
    exact_best = [{m.id for m in exact.neighbours(d, network_ids=None, limit=20)} for d in sample]
    engine.neighbours(sample[0], limit=20)  # warm caches
    times, agree = [], []
    for doc, best in zip(sample, exact_best, strict=True):
        t = time.perf_counter()
        found = engine.neighbours(doc, limit=20)
        times.append((time.perf_counter() - t) * 1000)
        agree.append(len(best & {m.id for m in found}) / max(len(best), 1))
    times.sort()
    p50 = statistics.median(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    recompute = "—"
    if len(docs) <= recompute_limit:
        # What `rebuild_overlaps` does: every initiative's neighbours in one batch.
        from search.batch import all_neighbours

        t = time.perf_counter()
        all_neighbours(docs, exact.stats, limit=50)
        recompute = f"{time.perf_counter() - t:.1f} s"
    return [engine.name, len(docs), f"{rate:,.0f}/s", f"{p50:.1f} ms", f"{p95:.1f} ms",
            f"{statistics.mean(agree):.3f}", recompute, f"{peak_mb():,.0f} MB"]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--recompute-limit", type=int, default=100000)
    args = parser.parse_args()
    django_setup()
    from search.batch import MatrixCorpus
    from search.scoring import Stats

    rows = []
    for size in args.sizes:
        docs = synthetic_docs(size)
        exact = MatrixCorpus.build(docs, Stats.from_docs(docs))
        for engine in engines():
            rows.append(measure(engine, docs, exact, args.queries, args.recompute_limit))
            print(table(HEADERS, rows[-1:]), flush=True)
    print()
    print(table(HEADERS, rows))


if __name__ == "__main__":
    main()
