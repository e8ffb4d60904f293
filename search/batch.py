"""The pair signals, computed with sparse matrix products (scipy) and numpy, and the pair model
applied to them: for one initiative against many (``MatrixCorpus.neighbours``, what both engines
do per query) and for every initiative at once (``all_neighbours``, a full recompute).

Signals: lexical (BM25 of each text against the other over its score against itself, the
geometric mean of both ways), each encoder's cosine of the centred vectors, and the solution
types both texts name (any shared, and their Jaccard). The contract tests hold this to a
pair-by-pair reference (``tests/reference_scoring.py``).
"""

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from search.embedding import BLOCKS, block_similarities
from search.pair_model import SAME_APPROACH, SAME_CHALLENGE, get_model, tier_name
from search.scoring import K1, B, Doc, Match, Stats

BLOCK = 256  # query rows per product: 256 × 10,000 float32 scores is 10 MB
# The first pass of a shortlist reads each encoder's vectors through this many principal
# components: 64 + 64 floats per document instead of 896, the product that dominates at 100,000.
COMPONENTS = 64


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
    solutions: sparse.csr_matrix  # documents × solution types, 1 where the text names one
    solution_vocab: dict[str, int]
    languages: np.ndarray
    _projection: tuple | None = field(default=None, repr=False)

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
        solution_vocab = {
            t: i for i, t in enumerate(sorted({t for d in docs for t in d.solution_types}))
        }
        sol_rows = [i for i, d in enumerate(docs) for _ in d.solution_types]
        sol_cols = [solution_vocab[t] for d in docs for t in d.solution_types]
        solutions = sparse.csr_matrix(
            (np.ones(len(sol_rows)), (sol_rows, sol_cols)),
            shape=(len(docs), max(len(solution_vocab), 1)),
        )
        solutions.data[:] = 1.0  # a type named twice counts once
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
            solutions=solutions, solution_vocab=solution_vocab,
            languages=np.array([d.language for d in docs], dtype=object),
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
        known_types = [
            self.solution_vocab[t] for t in set(doc.solution_types) if t in self.solution_vocab
        ]
        shape = (1, self.solutions.shape[1])
        types = sparse.csr_matrix(
            (np.ones(len(known_types)), (np.zeros(len(known_types), dtype=np.int64), known_types)),
            shape=shape,
        )
        return (x, w, np.array([sum(weights.values())]), vectors, np.array([vectors is not None]),
                types, np.array([len(set(doc.solution_types))]),
                np.array([doc.language], dtype=object))  # fmt: skip

    def signals(
        self,
        x,
        w,
        self_q,
        vectors: np.ndarray | None,
        with_vector: np.ndarray,
        types,
        type_counts: np.ndarray,
        languages: np.ndarray,
    ) -> dict[str, np.ndarray]:
        """The pair model's signals (``pair_model.FEATURES``) of query rows against every
        document."""
        return {
            **self.text_signals(x, w, self_q, types, type_counts, languages),
            **self.vector_signals(vectors, with_vector),
        }

    def text_signals(self, x, w, self_q, types, type_counts, languages) -> dict[str, np.ndarray]:
        """The signals of words, solution types and language, against every document: sparse
        products and elementwise arithmetic, cheap at any corpus size."""
        there = (x @ self.wt).toarray()  # BM25 of the query's shared terms in each document
        back = (w @ self.xt).toarray()  # ... and in the query
        safe = np.where(self.self_score > 0, self.self_score, 1.0)
        safe_q = np.where(self_q > 0, self_q, 1.0)
        lex = np.sqrt(np.clip(there / safe[None, :] * back / safe_q[:, None], 0, None))
        lex = np.minimum(lex, 1.0)
        lex[:, self.self_score == 0] = 0.0
        lex[self_q == 0, :] = 0.0
        shared = (types @ self.solutions.T).toarray()
        counts = np.asarray(self.solutions.sum(axis=1)).ravel()
        union = type_counts[:, None] + counts[None, :] - shared
        return {
            "lexical": lex, "solution_shared": (shared > 0).astype(float),
            "solution_jaccard": np.where(union > 0, shared / np.maximum(union, 1), 0.0),
            "same_language": (languages[:, None] == self.languages[None, :]).astype(float),
        }  # fmt: skip

    def vector_signals(
        self,
        vectors: np.ndarray | None,
        with_vector: np.ndarray,
        *,
        columns: np.ndarray | None = None,
        approximate: bool = False,
    ) -> dict[str, np.ndarray]:
        """Each encoder's cosine (``e5``, ``use``) of query rows against every document, or
        those of ``columns``; ``approximate`` reads them through the corpus's first
        ``COMPONENTS`` principal components of each encoder (a shortlist's first pass)."""
        has_vector = self.has_vector if columns is None else self.has_vector[columns]
        shape = (len(with_vector), len(has_vector))
        if vectors is None or not has_vector.any():
            return {"e5": np.zeros(shape), "use": np.zeros(shape)}
        if approximate:
            e5, use = self._approximate_similarities(vectors)
        else:
            e5, use = block_similarities(
                vectors, self.vectors if columns is None else self.vectors[columns]
            )
        mask = with_vector[:, None] & has_vector[None, :]
        return {"e5": np.where(mask, e5, 0.0), "use": np.where(mask, use, 0.0)}

    def _approximate_similarities(self, vectors: np.ndarray) -> list[np.ndarray]:
        if self._projection is None:
            self._projection = self._project()
        sims, start = [], 0
        for basis, reduced, (_, width) in zip(*self._projection, BLOCKS, strict=True):
            sims.append(len(BLOCKS) * ((vectors[:, start : start + width] @ basis) @ reduced.T))
            start += width
        return sims

    def _project(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per encoder: the basis of its first principal components (uncentred, as the vectors
        are centred per language already), from at most 20,000 documents, and every document's
        coordinates in it as one contiguous float32 matrix (64 floats a document, not 384 or
        512: the product that costs most at 100,000 documents reads a sixth of the memory)."""
        sample = self.vectors
        if len(sample) > 20000:
            sample = sample[np.random.default_rng(0).choice(len(sample), 20000, replace=False)]
        bases, reduced, start = [], [], 0
        for _, width in BLOCKS:
            _, _, vt = np.linalg.svd(sample[:, start : start + width], full_matrices=False)
            basis = np.ascontiguousarray(vt[:COMPONENTS].T, dtype=np.float32)
            bases.append(basis)
            reduced.append(np.ascontiguousarray(self.vectors[:, start : start + width] @ basis))
            start += width
        return bases, reduced

    def scores(self, *query) -> dict[str, np.ndarray]:
        """The pair model's likelihoods of query rows against every document."""
        return self.likelihoods(self.signals(*query))

    @staticmethod
    def likelihoods(signals: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """From signals to ``p_approach``, ``p_challenge``, ``tier`` (2, 1 or 0), with the
        ``lexical`` and ``semantic`` signals the reasons show."""
        e5, use = signals["e5"], signals["use"]
        model = get_model()
        p_approach, p_challenge = model.likelihoods(signals)
        p_approach, p_challenge = np.round(p_approach, 4), np.round(p_challenge, 4)
        return {
            "p_approach": p_approach, "p_challenge": p_challenge,
            "tier": model.tiers(p_approach, p_challenge), "lexical": signals["lexical"],
            "semantic": np.clip((e5 + use) / 2, 0.0, None),
        }  # fmt: skip

    def neighbours(
        self,
        doc: Doc,
        *,
        network_ids: set[int] | None,
        limit: int,
        stored_only: bool = False,
        shortlist: int | None = None,
    ) -> list[Match]:
        """``doc``'s best published documents of other cities, best first (with
        ``stored_only``, only those in a tier). With ``shortlist``, a corpus more than five
        times that size is scored in two passes: every document with each encoder's cosine
        read through principal components, then the ``shortlist`` best with the full vectors.
        Words, solution types and language count exactly in both passes."""
        if not self.docs:
            return []
        query = self._query(doc)
        x, w, self_q, vectors, with_vector, types, type_counts, languages = query
        allowed = self.published & (self.cities != doc.city_id)
        if network_ids is not None:
            allowed &= np.isin(self.networks, list(network_ids))
        if doc.id in self.rows:
            allowed[self.rows[doc.id]] = False
        text = self.text_signals(x, w, self_q, types, type_counts, languages)
        columns = None
        if shortlist and len(self.docs) > 5 * shortlist and vectors is not None:
            first = self.vector_signals(vectors, with_vector, approximate=True)
            model = get_model()
            p_approach, p_challenge = model.likelihoods({**text, **first})
            if stored_only:  # those nearest a tier's threshold: a pair in a tier may rank low
                rank = np.maximum(p_approach[0] / model.thresholds[SAME_APPROACH],
                                  p_challenge[0] / model.thresholds[SAME_CHALLENGE])  # fmt: skip
            else:
                rank = p_approach[0] + p_challenge[0]
            rank = np.where(allowed, rank, -np.inf)
            columns = np.sort(np.argpartition(-rank, shortlist - 1)[:shortlist])
            text = {name: values[:, columns] for name, values in text.items()}
            allowed = allowed[columns]
        signals = {**text, **self.vector_signals(vectors, with_vector, columns=columns)}
        found = {k: v[0] for k, v in self.likelihoods(signals).items()}
        return self.explain(
            doc, found, allowed, limit=limit, stored_only=stored_only, columns=columns
        )

    def _best(self, keep: np.ndarray, rank: np.ndarray, limit: int, columns) -> np.ndarray:
        """The ``limit`` entries of ``keep`` with the highest ``rank``; of those tied at the
        cut, the documents first by id, so every engine and pass keeps the same pairs."""
        cut = rank[np.argpartition(-rank, limit - 1)[limit - 1]]
        above = keep[rank > cut]
        doc_id = (lambda j: self.docs[j].id) if columns is None else (
            lambda j: self.docs[columns[j]].id)  # fmt: skip
        tied = sorted(keep[rank == cut], key=doc_id)[: limit - len(above)]
        return np.concatenate([above, np.asarray(tied, dtype=above.dtype)])

    def explain(
        self,
        a: Doc,
        found: dict,
        allowed,
        *,
        limit: int,
        stored_only: bool,
        columns: np.ndarray | None = None,
    ) -> list[Match]:
        """The ``limit`` best allowed documents for ``a`` with their tier and reasons (the
        arrays cover the documents of ``columns`` when given, else every document)."""
        rank = found["p_approach"] + found["p_challenge"]
        keep_mask = allowed & (found["tier"] > 0) if stored_only else allowed
        keep = np.flatnonzero(keep_mask)
        if len(keep) > limit:
            keep = self._best(keep, rank[keep], limit, columns)
        a_terms = set(a.terms)
        a_types = set(a.solution_types)
        matches = []
        for j in keep:
            b = self.docs[j if columns is None else columns[j]]
            shared = a_terms.intersection(b.terms)
            ranked = sorted(shared, key=lambda t: ("_" not in t, -self.stats.idf(t), t))
            tier = tier_name(found["tier"][j])
            p1, p2 = float(found["p_approach"][j]), float(found["p_challenge"][j])
            both = a.vector is not None and b.vector is not None
            matches.append(Match(
                id=b.id, score=p1 if tier == "same_approach" else p2 if tier else 0.0, tier=tier,
                p_same_approach=p1, p_same_challenge=p2, lexical=float(found["lexical"][j]),
                semantic=float(found["semantic"][j]) if both else 0.0, shared_terms=ranked[:12],
                shared_focus_areas=sorted(set(a.focus_areas) & set(b.focus_areas)),
                shared_sdgs=sorted(set(a.sdgs) & set(b.sdgs)),
                shared_solutions=[t for t in b.solution_types if t in a_types],
            ))  # fmt: skip
        matches.sort(key=lambda m: (-m.rank, m.id))
        return matches


def all_neighbours(
    docs: list[Doc], stats: Stats, *, limit: int, stored_only: bool = True
) -> dict[str, list[Match]]:
    """For each published document, its best published documents of other cities."""
    docs = [d for d in docs if d.published]
    if not docs:
        return {}
    corpus = MatrixCorpus.build(docs, stats)
    x, w = corpus.xt.T.tocsr(), corpus.wt.T.tocsr()
    type_counts = np.asarray(corpus.solutions.sum(axis=1)).ravel()
    found: dict[str, list[Match]] = {}
    for start in range(0, len(docs), BLOCK):
        stop = min(start + BLOCK, len(docs))
        block = corpus.scores(
            x[start:stop], w[start:stop], corpus.self_score[start:stop],
            corpus.vectors[start:stop], corpus.has_vector[start:stop],
            corpus.solutions[start:stop], type_counts[start:stop], corpus.languages[start:stop],
        )  # fmt: skip
        other_city = corpus.cities[start:stop, None] != corpus.cities[None, :]
        for row in range(stop - start):
            a = docs[start + row]
            row_found = {k: v[row] for k, v in block.items()}
            found[a.id] = corpus.explain(
                a, row_found, other_city[row], limit=limit, stored_only=stored_only
            )
    return found


def self_score(terms: list[str], stats: Stats) -> float:
    """A text's BM25 score against itself: what the lexical signal divides by."""
    return sum(_weights(terms, stats).values())
