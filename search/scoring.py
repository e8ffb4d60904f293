"""What both engines store and return: documents, corpus statistics and explained matches.

Scores come from the pair model (``search.pair_model``) applied to signals computed with matrix
products (``search.batch``), the same for one initiative against many and for a full recompute.
"""

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

# Stored pairs all have a tier; a likelihood filter of 0 keeps every stored pair.
THRESHOLD = 0.0
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
    solution_types: list[str] = field(default_factory=list)
    language: str = ""

    # The plain fields both engines store as they are; terms and vector each store their way.
    PLAIN_FIELDS = (
        "city_id", "network_id", "plan_id", "published", "title", "description",
        "focus_areas", "sdgs", "horizon", "stage", "solution_types", "language",
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
    """One neighbour of an initiative: its tier, likelihoods and the reasons it matched."""

    id: str
    score: float  # the calibrated likelihood of the tier (0 without a tier)
    tier: str  # "same_approach", "same_challenge" or "" (not stored)
    p_same_approach: float
    p_same_challenge: float
    lexical: float
    semantic: float
    shared_terms: list[str]
    shared_focus_areas: list[str]
    shared_sdgs: list[int]
    shared_solutions: list[str] = field(default_factory=list)

    @property
    def rank(self) -> float:
        """The expected gain (same approach 2, same challenge 1): the order partners are shown."""
        return self.p_same_approach + self.p_same_challenge

    def reasons(self) -> dict:
        return {
            "tier": self.tier,
            "p_same_approach": round(self.p_same_approach, 4),
            "p_same_challenge": round(self.p_same_challenge, 4),
            "shared_solutions": self.shared_solutions,
            "shared_terms": self.shared_terms,
            "shared_focus_areas": self.shared_focus_areas,
            "shared_sdgs": self.shared_sdgs,
            "lexical": round(self.lexical, 4),
            "semantic": round(self.semantic, 4),
        }
