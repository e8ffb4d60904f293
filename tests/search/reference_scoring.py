"""The pair score written pair by pair, for reading: the contract tests hold the engines' matrix
products (search.batch) to it.

- lexical: BM25 of each text against the other, over the text's score against itself, the
  geometric mean of both ways;
- e5, use: each encoder's cosine of the centred vectors;
- solution types: any shared, and their Jaccard; same language;
- the pair model (search.pair_model) turns these into the likelihood of each tier.
"""

import math
from collections import Counter

import numpy as np

from search.embedding import BLOCKS
from search.pair_model import get_model
from search.scoring import K1, B, Doc, Stats


def bm25(query: list[str], doc: list[str], stats: Stats) -> float:
    freqs = Counter(doc)
    norm = K1 * (1 - B + B * len(doc) / max(stats.avg_length, 1.0))
    return sum(
        stats.idf(t) * freqs[t] * (K1 + 1) / (freqs[t] + norm) for t in set(query) & freqs.keys()
    )


def lexical(a: Doc, b: Doc, stats: Stats) -> float:
    self_a, self_b = bm25(a.terms, a.terms, stats), bm25(b.terms, b.terms, stats)
    shared = list(set(a.terms) & set(b.terms))
    if not self_a or not self_b or not shared:
        return 0.0
    return min(1.0, math.sqrt(bm25(shared, b.terms, stats) / self_a
                              * bm25(shared, a.terms, stats) / self_b))  # fmt: skip


def cosines(a: Doc, b: Doc) -> list[float]:
    if a.vector is None or b.vector is None:
        return [0.0] * len(BLOCKS)
    found, start = [], 0
    for _, width in BLOCKS:
        found.append(
            len(BLOCKS) * float(a.vector[start : start + width] @ b.vector[start : start + width])
        )
        start += width
    return found


def likelihoods(a: Doc, b: Doc, stats: Stats) -> tuple[float, float]:
    """(same approach, same challenge or better) for the pair, as the engines give them."""
    e5, use = cosines(a, b)
    ta, tb = set(a.solution_types), set(b.solution_types)
    signals = {
        "lexical": np.array(lexical(a, b, stats)), "e5": np.array(e5), "use": np.array(use),
        "solution_shared": np.array(float(bool(ta & tb))),
        "solution_jaccard": np.array(len(ta & tb) / len(ta | tb) if ta | tb else 0.0),
        "same_language": np.array(float(a.language == b.language)),
    }  # fmt: skip
    p1, p2 = get_model().likelihoods(signals)
    return round(float(p1), 4), round(float(p2), 4)
