"""One overlap score for both engines: lexical, semantic and structured signals in [0, 1].

- lexical: BM25 of each text against the other, divided by the text's score against itself,
  symmetrised by the geometric mean (so a pair scores the same from both sides);
- semantic: cosine of the centred embeddings, negative values clipped to 0;
- structured: reported as reasons, not scored (the quality benchmark showed shared focus areas
  add hard negatives to the top 5; see docs/benchmarks.md).
"""

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

LEXICAL_WEIGHT = 0.6
SEMANTIC_WEIGHT = 0.4
# Pairs at or above this score are overlaps; tuned with bench/overlap_quality.py.
THRESHOLD = 0.08
K1, B = 1.2, 0.75


@dataclass
class Doc:
    """What an engine indexes for one initiative."""

    id: str
    city_id: int
    network_id: int
    plan_id: int
    published: bool
    title: str
    description: str
    terms: list[str]
    vector: np.ndarray | None = None
    focus_areas: list[str] = field(default_factory=list)
    sdgs: list[int] = field(default_factory=list)
    horizon: str = ""
    stage: str = ""


@dataclass
class Stats:
    """Corpus statistics BM25 needs."""

    doc_count: int
    avg_length: float
    doc_freq: dict[str, int]

    def idf(self, term: str) -> float:
        df = self.doc_freq.get(term, 0)
        return math.log(1 + (self.doc_count - df + 0.5) / (df + 0.5))


@dataclass
class Match:
    """One neighbour of an initiative, with the reasons it matched."""

    id: str
    score: float
    lexical: float
    semantic: float
    shared_terms: list[str]
    shared_focus_areas: list[str]
    shared_sdgs: list[int]

    def reasons(self) -> dict:
        return {
            "shared_terms": self.shared_terms,
            "shared_focus_areas": self.shared_focus_areas,
            "shared_sdgs": self.shared_sdgs,
            "lexical": round(self.lexical, 4),
            "semantic": round(self.semantic, 4),
        }


def bm25(query: list[str], doc: list[str], stats: Stats) -> float:
    if not doc:
        return 0.0
    freqs = Counter(doc)
    norm = K1 * (1 - B + B * len(doc) / max(stats.avg_length, 1.0))
    total = 0.0
    for term in set(query):
        f = freqs.get(term, 0)
        if f:
            total += stats.idf(term) * f * (K1 + 1) / (f + norm)
    return total


def lexical(a: list[str], b: list[str], stats: Stats) -> float:
    self_a, self_b = bm25(a, a, stats), bm25(b, b, stats)
    if not self_a or not self_b:
        return 0.0
    ratio = (bm25(a, b, stats) / self_a) * (bm25(b, a, stats) / self_b)
    return min(1.0, math.sqrt(ratio))


def semantic(a: np.ndarray | None, b: np.ndarray | None) -> float:
    if a is None or b is None:
        return 0.0
    return max(0.0, float(np.dot(a, b)))


def combine(lex: float, sem: float, *, has_vectors: bool = True) -> float:
    if not has_vectors:
        return lex
    return min(1.0, LEXICAL_WEIGHT * lex + SEMANTIC_WEIGHT * sem)


def match(a: Doc, b: Doc, stats: Stats) -> Match:
    """Score and explain the pair (a, b); the same numbers whichever engine asks."""
    lex = lexical(a.terms, b.terms, stats)
    sem = semantic(a.vector, b.vector)
    shared = set(a.terms) & set(b.terms)
    # Phrases first, then single stems by rarity: the most telling terms lead.
    ranked = sorted(shared, key=lambda t: ("_" not in t, -stats.idf(t), t))
    return Match(
        id=b.id,
        score=round(combine(lex, sem, has_vectors=a.vector is not None), 4),
        lexical=lex,
        semantic=sem,
        shared_terms=ranked[:12],
        shared_focus_areas=sorted(set(a.focus_areas) & set(b.focus_areas)),
        shared_sdgs=sorted(set(a.sdgs) & set(b.sdgs)),
    )
