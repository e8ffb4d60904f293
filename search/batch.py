"""The shared score of ``search.scoring`` computed with sparse matrix products (scipy) and numpy
instead of per-term Python: for one initiative against many (``MatrixCorpus.neighbours``, what
both engines do per query) and for every initiative at once (``all_neighbours``, a full
recompute). ``scoring.match`` stays the readable definition; the contract tests hold both to it.
"""

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from search.scoring import K1, LEXICAL_WEIGHT, SEMANTIC_WEIGHT, B, Doc, Match, Stats

BLOCK = 256  # query rows per product: 256 × 10,000 float32 scores is 10 MB


def _weights(terms: list[str], stats: Stats) -> dict[str, float]:
    """BM25 weight of each distinct term of one text in that text."""
    counts: dict[str, int] = {}
    for term in terms:
        counts[term] = counts.get(term, 0) + 1
    norm = K1 * (1 - B + B * len(terms) / max(stats.avg_length, 1.0))
    return {t: stats.idf(t) * f * (K1 + 1) / (f + norm) for t, f in counts.items()}


def _idf(terms: list[str], stats: Stats) -> np.ndarray:
    """``stats.idf`` of each term, as one array."""
    df = np.fromiter((stats.doc_freq.get(t, 0) for t in terms), dtype=np.float64, count=len(terms))
    return np.log(1 + (stats.doc_count - df + 0.5) / (df + 0.5))


@dataclass
class MatrixCorpus:
    """Documents as matrices: BM25 weights (``wt``) and term presence (``xt``), vocabulary ×
    documents, with each document's self-score, its vector and the fields filters need."""

    docs: list[Doc]
    stats: Stats
    vocab: dict[str, int]
    wt: sparse.csr_matrix
    xt: sparse.csr_matrix
    self_score: np.ndarray
    vectors: np.ndarray
    has_vector: np.ndarray
    cities: np.ndarray
    networks: np.ndarray
    published: np.ndarray
    rows: dict[str, int]

    @classmethod
    def build(cls, docs: list[Doc], stats: Stats) -> "MatrixCorpus":
        every = [t for d in docs for t in d.terms]
        vocab = {t: i for i, t in enumerate(dict.fromkeys(every))}
        cols = np.fromiter(map(vocab.__getitem__, every), dtype=np.int64, count=len(every))
        lengths = np.array([len(d.terms) for d in docs], dtype=np.int64)
        rows = np.repeat(np.arange(len(docs)), lengths)
        size = max(len(vocab), 1)
        # Term counts per (document, term) pair; then BM25 weights, all in numpy.
        pairs, counts = np.unique(rows * size + cols, return_counts=True)
        rows, cols = pairs // size, pairs % size
        idf = _idf(list(vocab), stats)
        norm = K1 * (1 - B + B * lengths / max(stats.avg_length, 1.0))
        weights = idf[cols] * counts * (K1 + 1) / (counts + norm[rows])
        wt = sparse.csr_matrix((weights, (cols, rows)), shape=(size, len(docs)))
        xt = sparse.csr_matrix((np.ones(len(wt.data)), wt.indices, wt.indptr), shape=wt.shape)
        dim = next((len(d.vector) for d in docs if d.vector is not None), 1)
        vectors = np.zeros((len(docs), dim), dtype=np.float32)
        for i, d in enumerate(docs):
            if d.vector is not None:
                vectors[i] = d.vector
        return cls(
            docs=docs, stats=stats, vocab=vocab, wt=wt, xt=xt,
            self_score=np.asarray(wt.sum(axis=0)).ravel(), vectors=vectors,
            has_vector=np.array([d.vector is not None for d in docs], dtype=bool),
            cities=np.array([d.city_id for d in docs]),
            networks=np.array([d.network_id for d in docs]),
            published=np.array([d.published for d in docs], dtype=bool),
            rows={d.id: i for i, d in enumerate(docs)},
        )  # fmt: skip

    def _query(self, doc: Doc) -> tuple:
        """One text as a row of the corpus: presence and weights over the vocabulary (terms
        the corpus lacks count in its self-score only), its self-score and its vector."""
        weights = _weights(doc.terms, self.stats)
        known = [(self.vocab[t], w) for t, w in weights.items() if t in self.vocab]
        cols = np.array([c for c, _ in known], dtype=np.int64)
        shape = (1, self.wt.shape[0])
        zeros = np.zeros(len(cols), dtype=np.int64)
        x = sparse.csr_matrix((np.ones(len(cols)), (zeros, cols)), shape=shape)
        w = sparse.csr_matrix(([w for _, w in known], (zeros, cols)), shape=shape)
        vectors = None if doc.vector is None else doc.vector[None, :]
        return x, w, np.array([sum(weights.values())]), vectors, np.array([vectors is not None])

    def scores(self, x, w, self_q, vectors: np.ndarray | None, with_vector: np.ndarray) -> tuple:
        """Combined, lexical and semantic scores of query rows against every document; a row
        without a vector (``with_vector`` false, or no ``vectors`` at all) scores on words."""
        there = (x @ self.wt).toarray()  # BM25 of the query's shared terms in each document
        back = (w @ self.xt).toarray()  # ... and in the query
        safe = np.where(self.self_score > 0, self.self_score, 1.0)
        safe_q = np.where(self_q > 0, self_q, 1.0)
        lex = np.sqrt(np.clip(there / safe[None, :] * back / safe_q[:, None], 0, None))
        lex = np.minimum(lex, 1.0)
        lex[:, self.self_score == 0] = 0.0
        lex[self_q == 0, :] = 0.0
        if vectors is None:
            return np.round(lex, 4), lex, np.zeros_like(lex)
        sem = np.zeros_like(lex)
        if self.has_vector.any():
            sem = np.clip(vectors @ self.vectors.T, 0.0, None)
            sem[:, ~self.has_vector] = 0.0
        combined = np.minimum(1.0, LEXICAL_WEIGHT * lex + SEMANTIC_WEIGHT * sem)
        return np.round(np.where(with_vector[:, None], combined, lex), 4), lex, sem

    def neighbours(
        self, doc: Doc, *, network_ids: set[int] | None, limit: int, min_score: float
    ) -> list[Match]:
        """``doc``'s best-scored published documents of other cities, best first."""
        if not self.docs:
            return []
        score, lex, sem = (m[0] for m in self.scores(*self._query(doc)))
        allowed = self.published & (self.cities != doc.city_id)
        if network_ids is not None:
            allowed &= np.isin(self.networks, list(network_ids))
        if doc.id in self.rows:
            allowed[self.rows[doc.id]] = False
        score = np.where(allowed, score, -1.0)
        return self.explain(doc, score, lex, sem, limit=limit, min_score=min_score)

    def explain(self, a: Doc, score, lex, sem, *, limit: int, min_score: float) -> list[Match]:
        """The ``limit`` best documents scoring at least ``min_score``, with their reasons."""
        keep = np.flatnonzero(score >= min_score)
        if len(keep) > limit:
            keep = keep[np.argpartition(-score[keep], limit - 1)[:limit]]
        a_terms = set(a.terms)
        matches = []
        for j in keep:
            b = self.docs[j]
            shared = a_terms.intersection(b.terms)
            ranked = sorted(shared, key=lambda t: ("_" not in t, -self.stats.idf(t), t))
            both = a.vector is not None and b.vector is not None
            matches.append(Match(
                id=b.id, score=float(score[j]), lexical=float(lex[j]),
                semantic=float(sem[j]) if both else 0.0, shared_terms=ranked[:12],
                shared_focus_areas=sorted(set(a.focus_areas) & set(b.focus_areas)),
                shared_sdgs=sorted(set(a.sdgs) & set(b.sdgs)),
            ))  # fmt: skip
        matches.sort(key=lambda m: (-m.score, m.id))
        return matches


def all_neighbours(
    docs: list[Doc], stats: Stats, *, limit: int, min_score: float
) -> dict[str, list[Match]]:
    """For each published document, its best-scored published documents of other cities."""
    docs = [d for d in docs if d.published]
    if not docs:
        return {}
    corpus = MatrixCorpus.build(docs, stats)
    x, w = corpus.xt.T.tocsr(), corpus.wt.T.tocsr()
    found: dict[str, list[Match]] = {}
    for start in range(0, len(docs), BLOCK):
        stop = min(start + BLOCK, len(docs))
        score, lex, sem = corpus.scores(
            x[start:stop], w[start:stop], corpus.self_score[start:stop],
            corpus.vectors[start:stop], corpus.has_vector[start:stop],
        )  # fmt: skip
        score[corpus.cities[start:stop, None] == corpus.cities[None, :]] = -1.0  # same city
        for row in range(stop - start):
            a = docs[start + row]
            found[a.id] = corpus.explain(a, score[row], lex[row], sem[row], limit=limit,
                                         min_score=min_score)  # fmt: skip
    return found
