"""The overlap engine interface. Engines store ``Doc``s and find candidates; scoring is shared
(``search.scoring``) so both engines return the same result shape and the same scores."""

from django.conf import settings
from django.utils.module_loading import import_string

from search.batch import MatrixCorpus
from search.scoring import THRESHOLD, Doc, Match, Stats


class EngineUnavailable(RuntimeError):
    """The engine's server cannot be reached; the change stays in the outbox."""


class OverlapEngine:
    name = "base"
    # Score a corpus more than five times this size in two passes (MatrixCorpus.neighbours);
    # None scores every document exactly.
    shortlist: int | None = None

    @classmethod
    def configuration(cls) -> tuple:
        """The settings an instance depends on: get_engine() keeps one instance per value."""
        return ()

    def setup(self) -> None:
        """Create the index if it does not exist; safe to call again."""
        raise NotImplementedError

    def index(self, docs: list[Doc]) -> None:
        """Add or replace these documents."""
        raise NotImplementedError

    def delete_plan(self, plan_id: int, *, keep: set[str] = frozenset()) -> None:
        """Remove the plan's documents except those whose id is in ``keep``."""
        raise NotImplementedError

    def clear(self) -> None:
        """Remove every document."""
        raise NotImplementedError

    def rebuild(self, docs_batches) -> None:
        """Replace every document with those of ``docs_batches`` (an iterable of lists)."""
        self.clear()
        for docs in docs_batches:
            self.index(docs)

    def get(self, doc_id: str) -> Doc | None:
        """One stored document, or None."""
        raise NotImplementedError

    def get_many(self, doc_ids: list[str]) -> dict[str, Doc]:
        """The stored documents of ``doc_ids`` by id (absent ones left out), in few requests:
        ``check_index`` reads every document."""
        return {i: doc for i in doc_ids if (doc := self.get(i)) is not None}

    def ids(self) -> dict[str, int]:
        """Every stored document id with its plan id."""
        raise NotImplementedError

    def candidates(self, doc: Doc, *, network_ids: set[int] | None, limit: int) -> list[Doc]:
        """Published documents of other cities most likely to overlap ``doc``."""
        raise NotImplementedError

    def stats(self, terms: set[str]) -> Stats:
        """Corpus statistics (document count, mean length, document frequencies)."""
        raise NotImplementedError

    def neighbours(
        self,
        doc: Doc,
        *,
        network_ids: set[int] | None = None,
        limit: int = 20,
        stored_only: bool = False,
    ) -> list[Match]:
        """The most likely partners of ``doc`` among other cities' initiatives, best first
        (with ``stored_only``, only pairs in a tier: those the portal stores)."""
        corpus = self.scoring_corpus(doc, network_ids=network_ids, limit=max(25, limit + 5))
        return corpus.neighbours(
            doc,
            network_ids=network_ids,
            limit=limit,
            stored_only=stored_only,
            shortlist=self.shortlist,
        )

    def scoring_corpus(self, doc: Doc, *, network_ids: set[int] | None, limit: int) -> MatrixCorpus:
        """The documents ``doc`` is scored against: by default its candidates."""
        found = self.candidates(doc, network_ids=network_ids, limit=limit)
        if not found:
            return MatrixCorpus.build([], Stats(doc_count=0, avg_length=0.0, doc_freq={}))
        terms = set(doc.terms).union(*(c.terms for c in found))
        return MatrixCorpus.build(found, self.stats(terms))


_ENGINES: dict[tuple, OverlapEngine] = {}


def get_engine(path: str | None = None) -> OverlapEngine:
    """The configured engine (``settings.OVERLAP_ENGINE`` names its class), one instance per
    process and configuration, so its connections and caches outlive a request."""
    path = path or settings.OVERLAP_ENGINE
    engine_class = import_string(path)
    key = (path, *engine_class.configuration())
    if key not in _ENGINES:
        _ENGINES[key] = engine_class()
    return _ENGINES[key]


__all__ = ["THRESHOLD", "Doc", "EngineUnavailable", "Match", "OverlapEngine", "get_engine"]
