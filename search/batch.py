"""Every initiative's neighbours at once, for a full recompute: the shared score of
``search.scoring`` computed with sparse matrix products (scipy) and numpy instead of one query
per initiative. Same numbers as ``OverlapEngine.neighbours`` over all published documents."""

import numpy as np
from scipy import sparse

from search.scoring import K1, LEXICAL_WEIGHT, SEMANTIC_WEIGHT, B, Doc, Match, Stats

BLOCK = 256  # query rows per product: 256 × 10,000 float32 scores is 10 MB


def _matrices(docs: list[Doc], stats: Stats) -> tuple:
    """Term presence (X) and BM25 term weights (W), documents × vocabulary, and self-scores."""
    vocab: dict[str, int] = {}
    rows, cols, weights = [], [], []
    avg = max(stats.avg_length, 1.0)
    for r, doc in enumerate(docs):
        counts: dict[str, int] = {}
        for term in doc.terms:
            counts[term] = counts.get(term, 0) + 1
        norm = K1 * (1 - B + B * len(doc.terms) / avg)
        for term, f in counts.items():
            rows.append(r)
            cols.append(vocab.setdefault(term, len(vocab)))
            weights.append(stats.idf(term) * f * (K1 + 1) / (f + norm))
    shape = (len(docs), max(len(vocab), 1))
    w = sparse.csr_matrix((np.asarray(weights, dtype=np.float64), (rows, cols)), shape=shape)
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    return x, w, np.asarray(w.sum(axis=1)).ravel()


def all_neighbours(
    docs: list[Doc], stats: Stats, *, limit: int, min_score: float
) -> dict[str, list[Match]]:
    """For each published document, its best-scored published documents of other cities."""
    docs = [d for d in docs if d.published]
    if not docs:
        return {}
    x, w, self_score = _matrices(docs, stats)
    wt, xt = w.T.tocsr(), x.T.tocsr()
    dim = next((len(d.vector) for d in docs if d.vector is not None), 1)
    has_vector = np.array([d.vector is not None for d in docs])
    vectors = np.zeros((len(docs), dim), dtype=np.float32)
    for i, d in enumerate(docs):
        if d.vector is not None:
            vectors[i] = d.vector
    cities = np.array([d.city_id for d in docs])
    safe_self = np.where(self_score > 0, self_score, 1.0)
    found: dict[str, list[Match]] = {}
    for start in range(0, len(docs), BLOCK):
        stop = min(start + BLOCK, len(docs))
        there = (x[start:stop] @ wt).toarray()  # BM25 of a's shared terms in b
        back = (w[start:stop] @ xt).toarray()  # ... and in a
        lex = np.sqrt(np.clip(there / safe_self[None, :] * back / safe_self[start:stop, None],
                              0, None))  # fmt: skip
        lex = np.minimum(lex, 1.0)
        lex[:, self_score == 0] = 0.0
        lex[self_score[start:stop] == 0, :] = 0.0
        sem = np.clip(vectors[start:stop] @ vectors.T, 0.0, None)
        combined = np.minimum(1.0, LEXICAL_WEIGHT * lex + SEMANTIC_WEIGHT * sem)
        score = np.where(has_vector[start:stop, None], combined, lex)
        score = np.round(score, 4)
        score[cities[start:stop, None] == cities[None, :]] = -1.0  # same city, or itself
        for row in range(stop - start):
            found[docs[start + row].id] = _best(docs, start + row, score[row], lex[row],
                                                sem[row], stats, limit, min_score)  # fmt: skip
    return found


def _best(docs, i, score, lex, sem, stats, limit, min_score) -> list[Match]:
    keep = np.flatnonzero(score >= min_score)
    if len(keep) > limit:
        keep = keep[np.argpartition(-score[keep], limit - 1)[:limit]]
    a = docs[i]
    a_terms = set(a.terms)
    matches = []
    for j in keep:
        b = docs[j]
        shared = a_terms.intersection(b.terms)
        ranked = sorted(shared, key=lambda t: ("_" not in t, -stats.idf(t), t))
        matches.append(Match(
            id=b.id, score=float(score[j]), lexical=float(lex[j]),
            semantic=float(sem[j]) if a.vector is not None and b.vector is not None else 0.0,
            shared_terms=ranked[:12],
            shared_focus_areas=sorted(set(a.focus_areas) & set(b.focus_areas)),
            shared_sdgs=sorted(set(a.sdgs) & set(b.sdgs)),
        ))  # fmt: skip
    matches.sort(key=lambda m: (-m.score, m.id))
    return matches
