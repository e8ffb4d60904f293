"""Training the pair model: signals of judged pairs, and the two calibrated regressions.

Judged pairs come from the development labels shipped in ``data/`` (the default model) and from
coordinators' decisions (a confirmed pair is "same approach", a dismissed one "neither"), so the
engine learns from the network's own curation.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from action_plans import solutions
from action_plans.models import Initiative
from search.analysis import analyse, detect_language
from search.batch import MatrixCorpus
from search.documents import docs_for, raw_vectors_for
from search.embedding import blend_centroids, center
from search.models import Overlap
from search.pair_model import FEATURES, SAME_APPROACH, SAME_CHALLENGE
from search.scoring import Doc, Stats

DATA = Path(__file__).resolve().parent.parent / "data"
DEV_FILES = ("initiatives.jsonl", "xlang_initiatives.jsonl")
LABEL_FILES = ("dev_labels.jsonl", "xlang_labels.jsonl", "stored_judgments.jsonl")
# Thresholds chosen on the benchmark (docs/benchmarks.md): the likelihood a pair needs for a tier.
DEFAULT_THRESHOLDS = {SAME_APPROACH: 0.7, SAME_CHALLENGE: 0.9}
GRADE = {"overlap": 2, "related": 1, "none": 0}
# Judged pairs are the hard cases (partners engines ranked high). Random pairs of different
# cities, taken as "neither", calibrate the likelihoods for the whole population of pairs: a
# random pair is an overlap far less often than one in a thousand on this material.
RANDOM_NEGATIVES = 800


@dataclass
class Judged:
    a: str
    b: str
    label: str  # overlap, related or none
    round: str = "1"  # which judging round (1, 2, xlang) or "decision"


def read_jsonl(name: str) -> list[dict]:
    path = DATA / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def dev_records() -> list[dict]:
    return [r for name in DEV_FILES for r in read_jsonl(name)]


def dev_labels() -> list[Judged]:
    return [
        Judged(x["a"], x["b"], x["label"], str(x.get("round", 1)))
        for name in LABEL_FILES
        for x in read_jsonl(name)
    ]


def record_text(record: dict) -> str:
    return f"{record['title']}. {record.get('description', '')}".strip()


def docs_from_records(records: list[dict]) -> list[Doc]:
    """The shipped material as engine documents, centred with its own language means."""
    texts = [record_text(r) for r in records]
    languages = [detect_language(t) for t in texts]
    raw = raw_vectors_for(texts)
    vectors = center(raw, languages, blend_centroids(raw, languages))
    cities = {c: i for i, c in enumerate(sorted({r["city"] for r in records}))}
    return [
        Doc(id=r["id"], city_id=cities[r["city"]], network_id=0, plan_id=0, published=True,
            title=r["title"], description=r.get("description", ""), terms=analyse(text),
            vector=vector, solution_types=solutions.tag(text), language=language)
        for r, text, vector, language in zip(records, texts, vectors, languages, strict=True)
    ]  # fmt: skip


def signal_matrix(docs: list[Doc]) -> tuple[MatrixCorpus, dict[str, np.ndarray]]:
    """Every document against every other: the pair model's signals as square matrices."""
    corpus = MatrixCorpus.build(docs, Stats.from_docs(docs))
    counts = np.asarray(corpus.solutions.sum(axis=1)).ravel()
    signals = corpus.signals(
        corpus.xt.T.tocsr(), corpus.wt.T.tocsr(), corpus.self_score, corpus.vectors,
        corpus.has_vector, corpus.solutions, counts, corpus.languages,
    )  # fmt: skip
    return corpus, signals


def pair_features(docs: list[Doc], pairs: list[Judged]) -> tuple[np.ndarray, list[Judged]]:
    """One row of signals per judged pair whose initiatives are both among ``docs``."""
    corpus, signals = signal_matrix(docs)
    kept = [p for p in pairs if p.a in corpus.rows and p.b in corpus.rows]
    rows = [corpus.rows[p.a] for p in kept]
    cols = [corpus.rows[p.b] for p in kept]
    if not kept:
        return np.zeros((0, len(FEATURES))), kept
    x = np.stack([signals[f][rows, cols] for f in FEATURES], axis=1)
    return x, kept


def fit(x: np.ndarray, labels: list[str], *, thresholds: dict | None = None, meta=None) -> dict:
    """The two regressions on standardised signals, as the model file stores them."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    grades = np.array([GRADE[label] for label in labels])
    model = {"features": list(FEATURES), "mean": mean.tolist(), "scale": scale.tolist()}
    for tier, minimum in ((SAME_APPROACH, 2), (SAME_CHALLENGE, 1)):
        target = grades >= minimum
        if target.all() or not target.any():
            raise ValueError(f"Training needs pairs of both kinds for “{tier}”.")
        regression = LogisticRegression(C=1.0, max_iter=1000).fit(z, target)
        model[tier] = {
            "coef": [round(float(c), 6) for c in regression.coef_[0]],
            "intercept": round(float(regression.intercept_[0]), 6),
        }
    model["thresholds"] = dict(thresholds or DEFAULT_THRESHOLDS)
    model["meta"] = {"pairs": len(labels), **(meta or {})}
    return model


def decision_pairs() -> tuple[list[Doc], list[Judged]]:
    """Coordinators' decisions as judged pairs, with the live corpus they were made in."""
    decided = Overlap.objects.filter(
        state__in=[Overlap.State.CONFIRMED, Overlap.State.DISMISSED]
    ).values_list("a__uid", "b__uid", "state")
    if not decided:
        return [], []
    live = Initiative.objects.filter(plan__live=True).select_related("plan")
    docs = docs_for(list(live))
    judged = [
        Judged(
            str(a), str(b), "overlap" if state == Overlap.State.CONFIRMED else "none", "decision"
        )
        for a, b, state in decided
    ]
    return docs, judged


def random_negatives(docs: list[Doc], judged: list[Judged], *, n: int, seed: int = 5):
    """``n`` random pairs of initiatives of different cities that nobody judged, as "neither"."""
    rng = np.random.default_rng(seed)
    taken = {frozenset((p.a, p.b)) for p in judged}
    found: list[Judged] = []
    while len(found) < n and len(docs) > 1:
        i, j = rng.choice(len(docs), size=2, replace=False)
        a, b = docs[i], docs[j]
        if a.city_id != b.city_id and frozenset((a.id, b.id)) not in taken:
            taken.add(frozenset((a.id, b.id)))
            found.append(Judged(a.id, b.id, "none", "random"))
    return found


def dev_training_pairs(docs: list[Doc]) -> list[Judged]:
    """The judged development pairs and the random "neither" pairs the model is trained on."""
    judged = dev_labels()
    return judged + random_negatives(docs, judged, n=RANDOM_NEGATIVES)


def train(*, output: Path, decisions: bool = True) -> dict[str, int]:
    """Fit the pair model on the development labels (and decisions) and write it to ``output``."""
    docs = docs_from_records(dev_records())
    x, kept = pair_features(docs, dev_training_pairs(docs))
    labels = [p.label for p in kept]
    n_decisions = 0
    if decisions:
        docs, judged = decision_pairs()
        if judged:
            x_decided, kept_decided = pair_features(docs, judged)
            x = np.vstack([x, x_decided])
            labels += [p.label for p in kept_decided]
            n_decisions = len(kept_decided)
    model = fit(x, labels, meta={"decisions": n_decisions})
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(model, indent=1) + "\n")
    return {"labels": len(kept), "decisions": n_decisions}
