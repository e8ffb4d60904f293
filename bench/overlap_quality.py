"""Overlap quality on judged pairs, measured on what users see.

    .venv/bin/python bench/overlap_quality.py            # embedded engine
    ELASTICSEARCH_URL=http://127.0.0.1:9250 .venv/bin/python bench/overlap_quality.py

Material: the 181 English initiatives of ``data/initiatives.jsonl`` and the 66 initiatives in six
languages of ``data/xlang_initiatives.jsonl``; judged pairs of ``data/dev_labels.jsonl`` (rounds 1
and 2) and ``data/xlang_labels.jsonl``.

Prints, per variant (cross-validated over initiatives, so no pair scores with a model that saw
it) and per engine (the shipped model, what the portal shows):
- nDCG@10 over each initiative's ranked partners condensed to the judged ones (gains: same
  approach 2, same challenge 1, neither 0) and recall@5 (the share of its judged same-approach
  partners in its top 5, out of at most 5); English pairs and cross-language pairs apart;
- what is stored: pairs per tier on this material and, from ``data/stored_judgments.jsonl``
  (a random sample of stored pairs judged by hand), the share that are same approach, and same
  approach or same challenge, per tier;
- whether coordinators' decisions help: a model trained with the decisions on half of the
  initiatives, measured on pairs of the other half.
"""

import json
import math
import random
from collections import defaultdict

import numpy as np
from _setup import ROOT, django_setup, engines, table

GAIN = {"overlap": 2, "related": 1, "none": 0}


def ranking_metrics(score, pairs) -> tuple[float, float, int]:
    """nDCG@10 and recall@5 over condensed lists; ``score(a, b)`` orders a's partners."""
    partners = defaultdict(list)
    for p in pairs:
        partners[p.a].append((p.b, p.label))
        partners[p.b].append((p.a, p.label))
    ndcg, recall = [], []
    for a, found in partners.items():
        ranked = sorted(found, key=lambda x: (-score(a, x[0]), x[0]))
        gains = [GAIN[label] for _, label in ranked]
        ideal = sorted(gains, reverse=True)
        dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains[:10]))
        idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal[:10]))
        if idcg:
            ndcg.append(dcg / idcg)
        wanted = sum(1 for _, label in found if label == "overlap")
        if wanted:
            hits = sum(1 for _, label in ranked[:5] if label == "overlap")
            recall.append(hits / min(5, wanted))
    return float(np.mean(ndcg)), float(np.mean(recall)), len(recall)


def read_labels(files: list[str]) -> dict[tuple[str, str], str]:
    """Judged pairs (sorted ids) to their label; a later file's judgment wins."""
    found = {}
    for name in files:
        with open(ROOT / "data" / name, encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                found[tuple(sorted((row["a"], row["b"])))] = row["label"]
    return found


def cross_validated(x, pairs, columns, fit, model_cls, k=5, seed=7):
    """Out-of-fold likelihoods (same approach, same challenge), one per pair: initiatives are
    split into ``k`` folds; a pair is scored by a model trained on no pair that touches the
    fold of its first initiative."""
    ids = sorted({p.a for p in pairs} | {p.b for p in pairs})
    random.Random(seed).shuffle(ids)
    fold_of = {x: i % k for i, x in enumerate(ids)}
    p1 = np.zeros(len(pairs))
    p2 = np.zeros(len(pairs))
    for f in range(k):
        test = [i for i, p in enumerate(pairs) if fold_of[p.a] == f]
        train = [i for i, p in enumerate(pairs) if f not in (fold_of[p.a], fold_of[p.b])]
        model = model_cls.from_dict(
            fit(x[np.ix_(train, columns)], [pairs[i].label for i in train], columns=columns)
        )
        signals = {f: x[test, c] for f, c in zip(model.features, columns, strict=True)}
        p1[test], p2[test] = model.likelihoods(signals)
    return p1, p2


def main() -> None:
    django_setup()
    from search import pair_model, training
    from search.batch import all_neighbours
    from search.scoring import Stats

    records = training.dev_records()
    docs = training.docs_from_records(records)
    language = {d.id: d.language for d in docs}
    x, pairs = training.pair_features(docs, training.dev_training_pairs(docs))
    judged = [p.round != "random" for p in pairs]
    english = [
        i for i, p in enumerate(pairs) if judged[i] and language[p.a] == language[p.b] == "en"
    ]
    xlang = [i for i, p in enumerate(pairs) if judged[i] and language[p.a] != language[p.b]]
    print(f"{len(docs)} initiatives; {sum(judged)} judged pairs: {len(english)} English, "
          f"{len(xlang)} across languages; {len(pairs) - sum(judged)} random pairs taken as "
          f"neither for training only")  # fmt: skip

    def fit_columns(xs, labels, *, columns):
        model = training.fit(xs, labels)
        names = [pair_model.FEATURES[c] for c in columns]
        return {**model, "features": names}

    F = {f: i for i, f in enumerate(pair_model.FEATURES)}
    rows = []

    def report(name, key):
        score = {(pairs[i].a, pairs[i].b): key[i] for i in range(len(pairs))}
        score.update({(b, a): s for (a, b), s in list(score.items())})
        lookup = lambda a, b: score.get((a, b), -1)  # noqa: E731
        en = ranking_metrics(lookup, [pairs[i] for i in english])
        xl = ranking_metrics(lookup, [pairs[i] for i in xlang])
        rows.append([name, f"{en[0]:.3f}", f"{en[1]:.3f}", f"{xl[0]:.3f}", f"{xl[1]:.3f}"])

    report(
        "before: 0.6 BM25 + 0.4 e5 (fixed weights)", 0.6 * x[:, F["lexical"]] + 0.4 * x[:, F["e5"]]
    )
    report("0.5 BM25 + 0.25 e5 + 0.25 USE (fixed weights)",
           0.5 * x[:, F["lexical"]] + 0.25 * x[:, F["e5"]] + 0.25 * x[:, F["use"]])  # fmt: skip
    variants = {
        "model: BM25 + e5": ["lexical", "e5"],
        "model: BM25 + e5 + USE": ["lexical", "e5", "use"],
        "model: e5 + USE + solution types": ["e5", "use", "solution_shared", "solution_jaccard"],
        "model: all signals (shipped)": list(pair_model.FEATURES),
    }  # fmt: skip
    for name, features in variants.items():
        p1, p2 = cross_validated(
            x, pairs, [F[f] for f in features], fit_columns, pair_model.PairModel
        )
        report(name + " (cross-validated)", p1 + p2)
    # The judged random sample of stored pairs, scored out of fold: the precision of each tier
    # at each pair of thresholds.
    sample = [i for i, p in enumerate(pairs) if p.round.startswith("stored-sample")]
    threshold_rows = []
    for t1 in (0.6, 0.7, 0.8):
        for t2 in (0.8, 0.85, 0.9, 0.93, 0.95):
            cells = [f"{t1:.2f}", f"{t2:.2f}"]
            for tier in (2, 1):
                chosen = [pairs[i].label for i in sample
                          if (2 if p1[i] >= t1 else 1 if p2[i] >= t2 else 0) == tier]  # fmt: skip
                n = len(chosen) or 1
                cells += [str(len(chosen)), f"{chosen.count('overlap') / n:.2f}",
                          f"{(len(chosen) - chosen.count('none')) / n:.2f}"]  # fmt: skip
            threshold_rows.append(cells)
    print()
    print(
        table(["variant", "nDCG@10 en", "recall@5 en", "nDCG@10 x-lang", "recall@5 x-lang"], rows)
    )
    print(f"\nThe {len(sample)} judged stored pairs (data/stored_judgments.jsonl), out of fold:")
    print(table(["same approach from", "same challenge from", "SA pairs", "SA share",
                 "SA or SC share", "SC pairs", "SA share", "SA or SC share"],
                threshold_rows))  # fmt: skip

    # What users see: each engine's ranked partners and the stored pairs, with the shipped model.
    print()
    engine_rows = []
    for engine in engines():
        engine.rebuild([docs])
        ranked = {}
        for doc in docs:
            for position, m in enumerate(engine.neighbours(doc, limit=60)):
                ranked[(doc.id, m.id)] = 100 - position
        lookup = lambda a, b, ranked=ranked: ranked.get((a, b), -1)  # noqa: E731
        en = ranking_metrics(lookup, [pairs[i] for i in english])
        xl = ranking_metrics(lookup, [pairs[i] for i in xlang])
        engine_rows.append([engine.name, f"{en[0]:.3f}", f"{en[1]:.3f}", f"{xl[0]:.3f}",
                            f"{xl[1]:.3f}"])  # fmt: skip
    print(table(["engine (shipped model)", "nDCG@10 en", "recall@5 en", "nDCG@10 x-lang",
                 "recall@5 x-lang"], engine_rows))  # fmt: skip

    stored = all_neighbours(docs, Stats.from_docs(docs), limit=50, stored_only=True)
    tiers = {}
    for a, matches in stored.items():
        for m in matches:
            tiers[tuple(sorted((a, m.id)))] = m.tier
    counts = {t: sum(1 for v in tiers.values() if v == t) for t in pair_model.TIER_LABELS}
    print(f"\nStored on this material: {counts}")
    # Per tier, the stored pairs judged in the random samples (stored_judgments.jsonl), then
    # those with a judgment in any file (the samples, rounds 1 and 2, the cross-language set):
    # the second covers nearly every stored pair, but the model was trained on those judgments.
    sampled = read_labels(["stored_judgments.jsonl"])
    anywhere = read_labels(["dev_labels.jsonl", "xlang_labels.jsonl", "stored_judgments.jsonl"])
    precision_rows = []
    for name, judged in (("random samples", sampled), ("any judgment (in sample)", anywhere)):
        for tier in pair_model.TIER_LABELS:
            pairs_in_tier = [pair for pair, t in tiers.items() if t == tier]
            labels = [judged[pair] for pair in pairs_in_tier if pair in judged]
            if labels:
                same = sum(lab == "overlap" for lab in labels) / len(labels)
                either = sum(lab != "none" for lab in labels) / len(labels)
                precision_rows.append([name, tier, f"{len(labels)} of {len(pairs_in_tier)}",
                                       f"{same:.2f}", f"{either:.2f}"])  # fmt: skip
    print(table(["judgments", "tier", "judged stored pairs", "same approach",
                 "same approach or challenge"], precision_rows))  # fmt: skip

    # Do decisions help? A model trained on round 1 alone, then with coordinators' decisions
    # (round-2 and cross-language judgments inside a random half of the initiatives, "related"
    # left out since a coordinator only confirms or dismisses), measured on the other half.
    rng = random.Random(11)
    ids = sorted({p.a for p in pairs} | {p.b for p in pairs})
    cols = list(range(len(pair_model.FEATURES)))
    gains = []
    for _ in range(20):
        half = set(rng.sample(ids, len(ids) // 2))
        untouched = [i for i, p in enumerate(pairs) if p.a not in half and p.b not in half
                     and p.round != "1"]  # fmt: skip
        base = [i for i, p in enumerate(pairs) if p.round == "1" and i not in set(untouched)]
        decided = [i for i, p in enumerate(pairs) if p.a in half and p.b in half
                   and p.round != "1" and p.label != "related"]  # fmt: skip
        scores = []
        for train in (base, base + decided):
            model = pair_model.PairModel.from_dict(
                fit_columns(x[train], [pairs[i].label for i in train], columns=cols)
            )
            p1, p2 = model.likelihoods({f: x[untouched, c] for f, c in F.items()})
            test = [pairs[i] for i in untouched]
            score = {(p.a, p.b): s for p, s in zip(test, p1 + p2, strict=True)}
            score.update({(b, a): s for (a, b), s in list(score.items())})
            scores.append(ranking_metrics(lambda a, b, s=score: s.get((a, b), -1), test)[0])
        gains.append(scores[1] - scores[0])
    print(f"\nDecisions on half of the initiatives, nDCG@10 on pairs of the other half: "
          f"{np.mean(gains):+.3f} on average over 20 splits (better in "
          f"{sum(g > 0 for g in gains)}, worse in {sum(g < 0 for g in gains)})")  # fmt: skip


if __name__ == "__main__":
    main()
