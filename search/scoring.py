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

    # The plain fields both engines store as they are; terms and vector each store their way.
    PLAIN_FIELDS = (
        "city_id", "network_id", "plan_id", "published", "title", "description",
        "focus_areas", "sdgs", "horizon", "stage",
    )  # fmt: skip

    def plain_fields(self) -> dict:
        return {name: getattr(self, name) for name in self.PLAIN_FIELDS}

    @classmethod
    def from_fields(cls, *, id: str, terms: list[str], vector, fields: dict) -> "Doc":
        """Rebuild a document from what an engine stored (missing plain fields: defaults)."""
        plain = {"title": "", "description": ""}  # candidates are fetched without their text
        plain.update({n: fields[n] for n in cls.PLAIN_FIELDS if fields.get(n) is not None})
        return cls(id=id, terms=terms, vector=vector, **plain)


@dataclass
class Stats:
    """Corpus statistics BM25 needs."""

    doc_count: int
    avg_length: float
    doc_freq: dict[str, int]

    _idf: dict[str, float] = field(default_factory=dict, repr=False)

    @classmethod
    def from_docs(cls, docs: list["Doc"]) -> "Stats":
        """The statistics of a corpus made of exactly these documents (a full rebuild)."""
        freq: Counter = Counter()
        for doc in docs:
            freq.update(set(doc.terms))
        avg = sum(len(d.terms) for d in docs) / len(docs) if docs else 0.0
        return cls(doc_count=len(docs), avg_length=avg, doc_freq=dict(freq))

    def idf(self, term: str) -> float:
        value = self._idf.get(term)
        if value is None:
            df = self.doc_freq.get(term, 0)
            value = self._idf[term] = math.log(1 + (self.doc_count - df + 0.5) / (df + 0.5))
        return value


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


def bm25(query: list[str], doc: list[str], stats: Stats, *, freqs: Counter | None = None) -> float:
    if not doc:
        return 0.0
    freqs = freqs if freqs is not None else Counter(doc)
    norm = K1 * (1 - B + B * len(doc) / max(stats.avg_length, 1.0))
    total = 0.0
    for term in set(query) & freqs.keys():
        f = freqs[term]
        total += stats.idf(term) * f * (K1 + 1) / (f + norm)
    return total


def _prepared(doc: Doc, stats: Stats) -> tuple[Counter, float]:
    """A document's term counts and self-score, memoised for the stats of one query."""
    cached = getattr(doc, "_prepared", None)
    if cached is None or cached[0] is not stats:
        freqs = Counter(doc.terms)
        cached = (stats, freqs, bm25(doc.terms, doc.terms, stats, freqs=freqs))
        doc._prepared = cached
    return cached[1], cached[2]


def lexical(a: Doc, b: Doc, stats: Stats) -> float:
    """BM25 each way, over the text's self-score, symmetrised by the geometric mean."""
    freqs_a, self_a = _prepared(a, stats)
    freqs_b, self_b = _prepared(b, stats)
    if not self_a or not self_b:
        return 0.0
    shared = freqs_a.keys() & freqs_b.keys()
    if not shared:
        return 0.0
    there = bm25(list(shared), b.terms, stats, freqs=freqs_b)
    back = bm25(list(shared), a.terms, stats, freqs=freqs_a)
    return min(1.0, math.sqrt((there / self_a) * (back / self_b)))


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
    lex = lexical(a, b, stats)
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
