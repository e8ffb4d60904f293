"""Overlap quality on the labelled development pairs, per engine and against two baselines.

    .venv/bin/python bench/overlap_quality.py            # embedded engine and baselines
    ELASTICSEARCH_URL=http://127.0.0.1:9250 .venv/bin/python bench/overlap_quality.py

Prints precision, recall and F1 at each method's threshold over the labelled pairs (`overlap`
positive, `none` negative, `related` ignored), recall@5 (the labelled partner among the five
best-scored initiatives of other cities, both directions) and the share of labelled hard
negatives among those top-5 lists.
"""

import math
import re
from collections import Counter

from _setup import django_setup, engines, labels, records, table


def tfidf_matrix(texts):
    from search.analysis import analyse

    docs = [Counter(w for w in analyse(t) if "_" not in w) for t in texts]
    df = Counter(t for d in docs for t in d)
    n = len(docs)
    vecs = []
    for d in docs:
        v = {t: (1 + math.log(f)) * math.log((1 + n) / (1 + df[t])) + 1 for t, f in d.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1
        vecs.append({t: x / norm for t, x in v.items()})
    return lambda i, j: sum(x * vecs[j].get(t, 0) for t, x in vecs[i].items())


def trigrams(text: str) -> set[str]:
    grams = set()
    for word in re.findall(r"\w+", text.lower()):
        padded = f"  {word} "
        grams |= {padded[i : i + 3] for i in range(len(padded) - 2)}
    return grams


def trigram_similarity(a: str, b: str) -> float:
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta | tb else 0.0


def evaluate(name, score, threshold, recs, idx, gold):
    city = [r["city"] for r in recs]
    tp = fp = fn = 0
    for a, b, label in gold:
        if label == "related":
            continue
        s = score(idx[a], idx[b])
        if s >= threshold:
            tp += label == "overlap"
            fp += label == "none"
        else:
            fn += label == "overlap"
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    top5 = {}

    def best5(i):
        if i not in top5:
            scored = [(score(i, j), j) for j in range(len(recs)) if city[j] != city[i]]
            top5[i] = [j for _, j in sorted(scored, key=lambda x: -x[0])[:5]]
        return top5[i]

    hits = total = 0
    negatives = {(idx[a], idx[b]) for a, b, label in gold if label == "none"}
    negatives |= {(j, i) for i, j in negatives}
    for a, b, label in gold:
        if label != "overlap":
            continue
        for i, j in ((idx[a], idx[b]), (idx[b], idx[a])):
            total += 1
            hits += j in best5(i)
    involved = {i for pair in negatives for i in pair}
    slots = sum(5 for i in involved)
    hard = sum(1 for i in involved for j in best5(i) if (i, j) in negatives)
    return [name, f"{threshold:.2f}", f"{precision:.3f}", f"{recall:.3f}", f"{f1:.3f}",
            f"{hits / total:.3f}", f"{hard / slots:.3%}"]  # fmt: skip


def engine_scorer(engine, recs):
    from search.documents import vectors_for
    from search.scoring import Doc, match

    cities = {c: n for n, c in enumerate(sorted({r["city"] for r in recs}))}
    texts = [f"{r['title']}. {r['description']}".strip() for r in recs]
    from search.analysis import analyse

    vectors = vectors_for(texts)
    docs = [
        Doc(id=r["id"], city_id=cities[r["city"]], network_id=1, plan_id=cities[r["city"]],
            published=True, title=r["title"], description=r["description"], terms=analyse(t),
            vector=v, focus_areas=[r.get("focus_area_inferred") or ""])
        for r, t, v in zip(recs, texts, vectors, strict=True)
    ]  # fmt: skip
    engine.setup()
    engine.clear()
    engine.index(docs)
    stats = engine.stats(set().union(*(d.terms for d in docs)))
    cache = {}

    def score(i, j):
        key = (min(i, j), max(i, j))
        if key not in cache:
            cache[key] = match(docs[i], docs[j], stats).score
        return cache[key]

    # The engine's own retrieval decides the top 5 (candidates, then the shared scoring).
    neighbours = {}

    def engine_score(i, j):
        if i not in neighbours:
            found = engine.neighbours(docs[i], limit=5)
            neighbours[i] = {m.id: m.score for m in found}
        # Inside the engine's top 5 the engine's score ranks; outside, the pair scores below.
        return neighbours[i].get(docs[j].id, -1 + score(i, j))

    return score, engine_score


def main() -> None:
    django_setup()
    from search.scoring import THRESHOLD

    recs = records()
    idx = {r["id"]: n for n, r in enumerate(recs)}
    gold = [(g["a"], g["b"], g["label"]) for g in labels()]
    texts = [f"{r['title']}. {r['description']}".strip() for r in recs]
    tfidf = tfidf_matrix(texts)
    rows = [
        evaluate("TF-IDF cosine", tfidf, 0.2, recs, idx, gold),
        evaluate("trigram (Decidim)", lambda i, j: max(
            trigram_similarity(recs[i]["title"], recs[j]["title"]),
            trigram_similarity(recs[i]["description"], recs[j]["description"])), 0.25,
            recs, idx, gold),
    ]  # fmt: skip
    for engine in engines():
        pair_score, ranked_score = engine_scorer(engine, recs)
        row = evaluate(engine.name, pair_score, THRESHOLD, recs, idx, gold)
        ranked = evaluate(engine.name, ranked_score, THRESHOLD, recs, idx, gold)
        rows.append(row[:5] + ranked[5:])
    print(f"{len(recs)} initiatives, {len(gold)} labelled pairs "
          f"({Counter(g[2] for g in gold)})")  # fmt: skip
    print(table(["method", "threshold", "precision", "recall", "F1", "recall@5",
                 "hard negatives in top 5"], rows))  # fmt: skip


if __name__ == "__main__":
    main()
