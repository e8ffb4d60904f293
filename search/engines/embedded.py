"""The zero-setup engine: documents in the portal's own database, searched in process."""

import uuid

import numpy as np
from django.conf import settings
from django.db import transaction

from search.batch import MatrixCorpus
from search.engines.base import OverlapEngine
from search.models import EmbeddedDoc, EmbeddedStoreState
from search.scoring import Doc, Stats

_CACHE: dict = {"token": None, "corpus": None}


def _changed() -> None:
    """Mark the store as written (inside the writer's transaction)."""
    EmbeddedStoreState.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def _to_doc(row: EmbeddedDoc) -> Doc:
    vector = np.frombuffer(bytes(row.vector), dtype=np.float32) if row.vector else None
    fields = {name: getattr(row, name) for name in Doc.PLAIN_FIELDS}
    return Doc.from_fields(id=row.doc_id, terms=list(row.terms), vector=vector, fields=fields)


class EmbeddedEngine(OverlapEngine):
    name = "embedded"

    @property
    def shortlist(self) -> int | None:
        return settings.OVERLAP_SHORTLIST

    def setup(self) -> None:
        """Nothing to create: the store is a table of the portal's database."""

    def index(self, docs: list[Doc]) -> None:
        # Replace in bulk: one delete and one insert per chunk, not a query per document.
        with transaction.atomic():
            for start in range(0, len(docs), 2000):
                chunk = docs[start : start + 2000]
                EmbeddedDoc.objects.filter(doc_id__in=[d.id for d in chunk]).delete()
                EmbeddedDoc.objects.bulk_create(
                    EmbeddedDoc(
                        doc_id=doc.id,
                        **doc.plain_fields(),
                        terms=doc.terms,
                        vector=doc.vector.astype(np.float32).tobytes()
                        if doc.vector is not None
                        else None,
                    )
                    for doc in chunk
                )
            _changed()

    def delete_plan(self, plan_id: int, *, keep: set[str] = frozenset()) -> None:
        with transaction.atomic():
            EmbeddedDoc.objects.filter(plan_id=plan_id).exclude(doc_id__in=keep).delete()
            _changed()

    def clear(self) -> None:
        with transaction.atomic():
            EmbeddedDoc.objects.all().delete()
            _changed()

    def get(self, doc_id: str) -> Doc | None:
        row = EmbeddedDoc.objects.filter(doc_id=doc_id).first()
        return _to_doc(row) if row else None

    def get_many(self, doc_ids: list[str]) -> dict[str, Doc]:
        found = {}
        for start in range(0, len(doc_ids), 500):  # under every database's parameter limit
            rows = EmbeddedDoc.objects.filter(doc_id__in=doc_ids[start : start + 500])
            found.update({row.doc_id: _to_doc(row) for row in rows})
        return found

    def ids(self) -> dict[str, int]:
        return dict(EmbeddedDoc.objects.values_list("doc_id", "plan_id"))

    def _corpus(self) -> MatrixCorpus:
        """All documents as matrices, cached per process and rebuilt when the table changed."""
        token = EmbeddedStoreState.objects.filter(pk=1).values_list("token", flat=True).first()
        if _CACHE["corpus"] is None or _CACHE["token"] != token:
            docs = [_to_doc(row) for row in EmbeddedDoc.objects.order_by("pk")]
            _CACHE.update(token=token, corpus=MatrixCorpus.build(docs, Stats.from_docs(docs)))
        return _CACHE["corpus"]

    def scoring_corpus(self, doc: Doc, *, network_ids: set[int] | None, limit: int) -> MatrixCorpus:
        # In process there is no need for a candidate step: every document is scored (in two
        # passes when the corpus is large, see ``shortlist``).
        return self._corpus()

    def stats(self, terms: set[str]) -> Stats:
        stats = self._corpus().stats
        return Stats(
            doc_count=stats.doc_count,
            avg_length=stats.avg_length,
            doc_freq={t: stats.doc_freq.get(t, 0) for t in terms},
        )
