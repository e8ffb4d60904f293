"""Which signals tell "same approach" from "same challenge", among pairs of the same problem.

    BENCH_DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/means_signals.py

On the judged pairs labelled same approach (``overlap``) or same challenge (``related``) in
``data/``, prints the area under the ROC curve of each signal of the pair model, of the best
sentence pair's cosine (each text cut into its title and sentences, both encoders, centred per
language: the means may sit in one sentence while the whole text says the problem), and of
models trained on those pairs only (grouped 5-fold by the first initiative). Embedding the
sentences takes a few minutes.
"""

import re

import numpy as np
from _setup import django_setup, table


def sentences(doc) -> list[str]:
    parts = re.split(r"(?<=[.!?。！？])\s*|\n+", doc.description or "")
    return [doc.title] + [s.strip() for s in parts if len(s.strip()) > 15][:11]


def main() -> None:
    django_setup()
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from search import embedding, pair_model, training

    docs = training.docs_from_records(training.dev_records())
    x, pairs = training.pair_features(docs, training.dev_training_pairs(docs))
    idx = [
        i for i, p in enumerate(pairs) if p.label in ("overlap", "related") and p.round != "random"
    ]
    y = np.array([pairs[i].label == "overlap" for i in idx])

    flat = [(d, s) for d in docs for s in sentences(d)]
    languages = [d.language for d, _ in flat]
    raw = embedding.raw_embeddings([s for _, s in flat])
    vectors = embedding.center(raw, languages, embedding.blend_centroids(raw, languages))
    rows: dict[str, list[int]] = {}
    for k, (d, _) in enumerate(flat):
        rows.setdefault(d.id, []).append(k)

    def best(a: str, b: str) -> list[float]:
        sims = embedding.block_similarities(vectors[rows[a]], vectors[rows[b]])
        whole = vectors[rows[a]] @ vectors[rows[b]].T
        return [whole.max(), np.sort(whole.ravel())[-2:].mean(), sims[0].max(), sims[1].max()]

    sentence = np.array([best(pairs[i].a, pairs[i].b) for i in idx])
    names = ["best sentence pair", "two best sentence pairs", "best sentence pair (e5)",
             "best sentence pair (USE)"]  # fmt: skip
    result = [[f, f"{roc_auc_score(y, x[idx, j]):.3f}"] for j, f in enumerate(pair_model.FEATURES)]
    result += [[n, f"{roc_auc_score(y, sentence[:, j]):.3f}"] for j, n in enumerate(names)]
    groups = [pairs[i].a for i in idx]
    models = {
        "logistic regression": lambda: make_pipeline(StandardScaler(), LogisticRegression()),
        "gradient boosting": lambda: HistGradientBoostingClassifier(max_depth=3, max_iter=100),
    }
    for label, features in (("model signals", x[idx]),
                            ("+ sentence signals", np.hstack([x[idx], sentence]))):  # fmt: skip
        for name, make in models.items():
            p = cross_val_predict(make(), features, y, cv=GroupKFold(5), groups=groups,
                                  method="predict_proba")[:, 1]  # fmt: skip
            result.append([f"{name}, {label}", f"{roc_auc_score(y, p):.3f}"])
    print(f"{len(idx)} judged pairs of the same problem, {y.mean():.0%} same approach; "
          f"{len(flat)} sentences")  # fmt: skip
    print(table(["signal", "AUC same approach vs same challenge"], result))


if __name__ == "__main__":
    main()
