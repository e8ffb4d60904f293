"""A learned similarity for "same approach": tried in session 8, not used (docs/benchmarks.md).

    BENCH_DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/learned_similarity.py

The idea: cosines say how close two texts are, not whether they share the means. A weight per
vector dimension (the products ``a[k] * b[k]`` of the two centred vectors, within the span of
their first 32 principal components, as extra inputs of the pair model's two regressions) could
learn which directions of meaning tell a shared approach from a shared problem.

Both models (the shipped signals, and the signals + the learned similarity) are trained on every
judged pair but the second random sample of stored pairs (``"round": "stored-sample-2"``: 114
pairs drawn from what the learned model stored, judged blind), then measured:
- out of fold, on judged pairs whose two initiatives were both left out of training (5 folds,
  4 shuffles): pairs stored in the same-approach tier per 1,000 and the share that are same
  approach among the judged ones;
- on the held-out sample: each tier's shares, as the issue defines them.
"""

import random
from collections import Counter

import numpy as np
from _setup import django_setup, table

COMPONENTS, SCALE = 32, 0.5


def main() -> None:
    django_setup()
    from sklearn.decomposition import PCA
    from sklearn.linear_model import LogisticRegression

    from search import training

    docs = training.docs_from_records(training.dev_records())
    by_id = {d.id: d for d in docs}
    all_pairs = training.dev_training_pairs(docs)
    x, pairs = training.pair_features(docs, all_pairs)
    u = np.array([by_id[p.a].vector * by_id[p.b].vector for p in pairs], dtype=np.float64)
    grades = np.array([training.GRADE[p.label] for p in pairs])
    held = np.array([p.round == "stored-sample-2" for p in pairs])

    def fit(rows, learned):
        """Two regressions; returns a scorer of pair rows: (same approach, same challenge)."""
        mu, sd = x[rows].mean(0), x[rows].std(0)
        sd[sd == 0] = 1
        parts = [lambda r: (x[r] - mu) / sd]
        if learned:
            pca = PCA(COMPONENTS, random_state=0).fit(u[rows])
            comp = pca.transform(u[rows])
            cm, cs = comp.mean(0), comp.std(0)
            parts.append(lambda r: SCALE * (pca.transform(u[r]) - cm) / cs)
        features = lambda r: np.hstack([f(r) for f in parts])  # noqa: E731
        z = features(rows)
        fitted = [LogisticRegression(max_iter=3000).fit(z, grades[rows] >= g) for g in (2, 1)]
        return lambda r: [m.predict_proba(features(r))[:, 1] for m in fitted]

    ids = sorted(by_id)
    judged_rows = [i for i, p in enumerate(pairs) if p.round != "random"]
    result = []
    for name, learned in (("shipped signals", False), ("+ learned similarity", True)):
        shares, stored, scored = [], 0, 0
        for seed in (7, 8, 9, 10):
            order = ids[:]
            random.Random(seed).shuffle(order)
            fold = {v: i % 5 for i, v in enumerate(order)}
            for f in range(5):
                train = [i for i, p in enumerate(pairs)
                         if f not in (fold[p.a], fold[p.b]) and not held[i]]  # fmt: skip
                test = [i for i in judged_rows
                        if fold[pairs[i].a] == f == fold[pairs[i].b] and not held[i]]  # fmt: skip
                p1, _ = fit(train, learned)(test)
                shares += [pairs[i].label for i, p in zip(test, p1, strict=True) if p >= 0.6]
                stored, scored = stored + int((p1 >= 0.6).sum()), scored + len(test)
        model = fit([i for i in range(len(pairs)) if not held[i]], learned)
        rows = np.flatnonzero(held)
        p1, p2 = model(rows)
        cells = [name, len(shares), f"{Counter(shares)['overlap'] / max(1, len(shares)):.2f}"]
        for tier in (2, 1):
            chosen = (p1 >= 0.6) if tier == 2 else (p1 < 0.6) & (p2 >= 0.85)
            labels = Counter(pairs[i].label for i in rows[chosen])
            n = max(1, sum(labels.values()))
            cells += [sum(labels.values()), f"{labels['overlap'] / n:.2f}",
                      f"{(n - labels['none']) / n:.2f}"]  # fmt: skip
        result.append(cells)
    print(f"{len(judged_rows)} judged pairs; held-out sample: {held.sum()} stored pairs; "
          f"thresholds 0.60 / 0.85")  # fmt: skip
    print(table(["model", "out of fold (4 shuffles): SA-tier judged pairs", "SA share",
                 "held-out SA tier", "SA share", "SA or SC", "held-out SC tier", "SA share",
                 "SA or SC"], result))  # fmt: skip


if __name__ == "__main__":
    main()
