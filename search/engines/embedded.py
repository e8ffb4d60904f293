"""The zero-setup engine: documents in the portal's own database, searched in process."""

from collections import Counter

import numpy as np
from django.db import transaction
from django.db.models import Count, Max

from search.engines.base import OverlapEngine
from search.models import EmbeddedDoc
from search.scoring import Doc, Stats

_CACHE: dict = {"token": None}


def _to_doc(row: EmbeddedDoc) -> Doc:
    vector = np.frombuffer(bytes(row.vector), dtype=np.float32) if row.vector else None
    fields = {name: getattr(row, name) for name in Doc.PLAIN_FIELDS}
    return Doc.from_fields(id=row.doc_id, terms=list(row.terms), vector=vector, fields=fields)


class EmbeddedEngine(OverlapEngine):
    name = "embedded"

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

    def delete_plan(self, plan_id: int, *, keep: set[str] = frozenset()) -> None:
        EmbeddedDoc.objects.filter(plan_id=plan_id).exclude(doc_id__in=keep).delete()

    def clear(self) -> None:
        EmbeddedDoc.objects.all().delete()

    def get(self, doc_id: str) -> Doc | None:
        row = EmbeddedDoc.objects.filter(doc_id=doc_id).first()
        return _to_doc(row) if row else None

    def ids(self) -> dict[str, int]:
        return dict(EmbeddedDoc.objects.values_list("doc_id", "plan_id"))

    def _corpus(self) -> dict:
        """All documents with an inverted index and a vector matrix, cached per process and
        reloaded when the table changed."""
        token = tuple(EmbeddedDoc.objects.aggregate(n=Count("pk"), t=Max("updated_at")).values())
        if _CACHE["token"] != token:
            docs = [_to_doc(row) for row in EmbeddedDoc.objects.order_by("pk")]
            postings: dict[str, list[int]] = {}
            doc_freq: Counter = Counter()
            for i, doc in enumerate(docs):
                for term in set(doc.terms):
                    postings.setdefault(term, []).append(i)
                    doc_freq[term] += 1
            with_vectors = [i for i, d in enumerate(docs) if d.vector is not None]
            matrix = (
                np.vstack([docs[i].vector for i in with_vectors])
                if with_vectors
                else np.zeros((0, 1), dtype=np.float32)
            )
            _CACHE.update(
                token=token,
                docs=docs,
                postings=postings,
                doc_freq=doc_freq,
                avg_length=(sum(len(d.terms) for d in docs) / len(docs)) if docs else 0.0,
                rows=np.asarray(with_vectors, dtype=np.int64),
                matrix=matrix,
            )
        return _CACHE

    def candidates(self, doc: Doc, *, network_ids: set[int] | None, limit: int) -> list[Doc]:
        corpus = self._corpus()
        docs = corpus["docs"]

        def allowed(i: int) -> bool:
            other = docs[i]
            return (
                other.published
                and other.city_id != doc.city_id
                and (network_ids is None or other.network_id in network_ids)
            )

        # Lexical candidates: documents sharing the query's rarer terms, by summed weight. Terms
        # in more than 5% of documents add little to the choice and most of the cost.
        weights: Counter = Counter()
        total = len(docs) or 1
        cutoff = max(50, total * 0.05)
        for term in set(doc.terms):
            posting = corpus["postings"].get(term, ())
            if len(posting) > cutoff:
                continue
            idf = np.log(1 + (total - len(posting) + 0.5) / (len(posting) + 0.5))
            for i in posting:
                weights[i] += idf
        ranked = [i for i, _ in weights.most_common() if allowed(i)][:limit]
        # Semantic candidates: nearest vectors.
        if doc.vector is not None and len(corpus["rows"]):
            sims = corpus["matrix"] @ doc.vector
            order = np.argsort(-sims)
            semantic = []
            for k in order:
                i = int(corpus["rows"][k])
                if allowed(i):
                    semantic.append(i)
                    if len(semantic) >= limit:
                        break
            seen = set(ranked)
            ranked += [i for i in semantic if i not in seen]
        return [docs[i] for i in ranked]

    def stats(self, terms: set[str]) -> Stats:
        corpus = self._corpus()
        return Stats(
            doc_count=len(corpus["docs"]),
            avg_length=corpus["avg_length"],
            doc_freq={t: corpus["doc_freq"].get(t, 0) for t in terms},
        )
