"""Writes of the overlap engine: the outbox, index synchronisation and overlap computation."""

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from action_plans.models import ActionPlanPage, Initiative
from search.alerts import queue_alerts
from search.batch import all_neighbours
from search.documents import docs_for, docs_for_plan, refresh_centroids
from search.engines.base import EngineUnavailable, OverlapEngine, get_engine
from search.explain import readable_reasons
from search.models import IndexOutbox, Overlap
from search.scoring import Doc, Match, Stats

logger = logging.getLogger(__name__)
MAX_PAIRS_PER_INITIATIVE = 50
MATERIAL_CHANGE = 0.7  # Jaccard of analysed terms below this means the text changed materially


def record_plan_change(*, plan_id: int) -> None:
    """Note in the current transaction that a plan's index entries must be refreshed."""
    IndexOutbox.objects.create(plan_id=plan_id)

    def enqueue():
        from search.tasks import process_outbox_task

        process_outbox_task.enqueue()

    transaction.on_commit(enqueue)


@dataclass
class OutboxResult:
    applied: int = 0
    pending: int = 0
    error: str = ""


# An outbox entry that asks for a full rebuild, written when the engine failed. Applying the
# queued changes one plan at a time after an outage leaves the pairs of plans nobody touched
# scored with the old term statistics and language means, and a pair at the edge of a side's
# best 50 kept or dropped by the order of the syncs: recovery must give what a rebuild gives.
RECOMPUTE_ALL = 0


def process_outbox(
    *, engine: OverlapEngine | None = None, max_plans: int | None = None
) -> OutboxResult:
    """Apply pending plan changes in order, at most ``max_plans`` plans; stop at the first
    failure and keep what is left. After a failure, the first success rebuilds everything."""
    engine = engine or get_engine()
    result = OutboxResult()
    synced = 0
    while max_plans is None or synced < max_plans:
        synced += 1
        full = IndexOutbox.objects.filter(plan_id=RECOMPUTE_ALL).order_by("pk").first()
        entry = full or IndexOutbox.objects.order_by("pk").first()
        if entry is None:
            break
        # Only entries already written when the sync starts are served by it; a change that
        # lands during the sync keeps its entry for the next round.
        upto = _last_pk()
        try:
            if full:
                rebuild(engine=engine)  # serves the entries of every live plan up to now
            else:
                sync_plan(plan_id=entry.plan_id, engine=engine)
        except EngineUnavailable as exc:
            IndexOutbox.objects.filter(plan_id=entry.plan_id).update(last_error=str(exc)[:2000])
            IndexOutbox.objects.filter(pk=entry.pk).update(attempts=entry.attempts + 1)
            if not full:
                IndexOutbox.objects.create(plan_id=RECOMPUTE_ALL, last_error=str(exc)[:2000])
            result.error = str(exc)
            logger.warning("Index update for plan %s postponed: %s", entry.plan_id, exc)
            break
        done, _ = IndexOutbox.objects.filter(plan_id=entry.plan_id, pk__lte=upto).delete()
        result.applied += done
    result.pending = IndexOutbox.objects.count()
    return result


def _last_pk() -> int:
    last = IndexOutbox.objects.order_by("-pk").values_list("pk", flat=True).first()
    return last or 0


def sync_plan(*, plan_id: int, engine: OverlapEngine) -> None:
    """Bring the index and the overlaps of one plan in line with the database."""
    plan = ActionPlanPage.objects.filter(pk=plan_id).first()
    docs = docs_for_plan(plan) if plan else []
    if docs:
        engine.index(docs)
    engine.delete_plan(plan_id, keep={d.id for d in docs})
    live_ids = [d.id for d in docs if d.published]
    # Suggestions of this plan's initiatives that left the published set go; decisions stay.
    gone = Q(a__plan_id=plan_id) & ~Q(a__uid__in=live_ids)
    gone |= Q(b__plan_id=plan_id) & ~Q(b__uid__in=live_ids)
    Overlap.objects.filter(gone, state=Overlap.State.SUGGESTED).delete()
    update_overlaps(docs=[d for d in docs if d.published], engine=engine)


def update_overlaps(*, docs: Iterable[Doc], engine: OverlapEngine) -> int:
    """Recompute the stored pairs of ``docs``, keeping every curation decision."""
    docs = list(docs)
    if not docs:
        return 0
    matches = {d.id: engine.neighbours(d, limit=MAX_PAIRS_PER_INITIATIVE, stored_only=True)
               for d in docs}  # fmt: skip
    return store_pairs(docs=docs, matches=matches, engine=engine)


def store_pairs(*, docs: list[Doc], matches: dict[str, list[Match]], engine) -> int:
    uids = {d.id for d in docs} | {m.id for ms in matches.values() for m in ms}
    rows = Initiative.objects.filter(uid__in=uids).values_list("uid", "pk", "title", "description")
    pk_of = {str(uid): pk for uid, pk, _, _ in rows}
    text_of = {str(uid): f"{title}. {description}".strip() for uid, _, title, description in rows}
    terms_of = {d.id: d.terms for d in docs}
    written = 0
    new_pairs: list[Overlap] = []
    with transaction.atomic():
        for doc in docs:
            if doc.id not in pk_of:
                continue
            found = {m.id: m for m in matches.get(doc.id, []) if m.id in pk_of}
            existing = {
                (o.a_id, o.b_id): o
                for o in Overlap.objects.filter(a_id=pk_of[doc.id])
                | Overlap.objects.filter(b_id=pk_of[doc.id])
            }
            seen = set()
            for other_id, m in found.items():
                a, b = sorted((doc.id, other_id))
                key = (pk_of[a], pk_of[b])
                seen.add(key)
                reasons = readable_reasons(m.reasons(), text_of[a], text_of[b])
                overlap = existing.get(key)
                if overlap is None:
                    new_pairs.append(Overlap.objects.create(
                        a_id=key[0], b_id=key[1], score=m.score, tier=m.tier,
                        reasons=reasons))  # fmt: skip
                else:
                    overlap.score, overlap.tier, overlap.reasons = m.score, m.tier, reasons
                    if overlap.state == Overlap.State.DISMISSED and _changed_materially(
                        overlap, {doc.id: doc.terms, **_terms(engine, other_id, terms_of)}
                    ):
                        overlap.state = Overlap.State.SUGGESTED
                        overlap.note = ""
                    overlap.save()
                written += 1
            stale = [
                o.pk
                for key, o in existing.items()
                if key not in seen and o.state == Overlap.State.SUGGESTED
            ]
            Overlap.objects.filter(pk__in=stale).delete()
        # Alerts tell of new partners with the same approach; same-challenge pairs are browsed.
        queue_alerts(overlaps=[p for p in new_pairs if p.tier == Overlap.Tier.SAME_APPROACH])
    return written


def _terms(engine, doc_id: str, known: dict[str, list[str]]) -> dict[str, list[str]]:
    if doc_id in known:
        return {doc_id: known[doc_id]}
    other = engine.get(doc_id)
    return {doc_id: other.terms} if other else {}


def _changed_materially(overlap: Overlap, current: dict[str, list[str]]) -> bool:
    for uid, terms in current.items():
        before = overlap.decided_terms.get(uid)
        if before is None:
            continue
        old, new = set(before), set(terms)
        union = old | new
        if union and len(old & new) / len(union) < MATERIAL_CHANGE:
            return True
    return False


def curate(
    *, overlap: Overlap, state: str, note: str = "", note_public: bool = False, user
) -> Overlap:
    """Confirm or dismiss a pair; remember the texts so a later material change can reopen it."""
    if state not in Overlap.State.values:
        raise ValueError(f"Unknown state “{state}”.")
    docs = docs_for([overlap.a, overlap.b])
    overlap.state = state
    overlap.note = note
    overlap.note_public = note_public
    overlap.decided_by = user
    overlap.decided_at = timezone.now()
    overlap.decided_terms = {d.id: sorted(set(d.terms)) for d in docs}
    overlap.save()
    return overlap


def live_plans(network=None):
    plans = ActionPlanPage.objects.live().filter(archived=False).select_related("city")
    return plans.child_of(network) if network is not None else plans


def rebuild(
    *,
    engine: OverlapEngine | None = None,
    network=None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Re-index everything (or one network) from the database and recompute its overlaps."""
    engine = engine or get_engine()
    upto = _last_pk()  # a change that lands during the rebuild keeps its outbox entry
    plans = list(live_plans(network))
    total = len(plans)
    if network is None:
        # Each language's mean comes from the live corpus: recomputed before any vector is made.
        refresh_centroids(list(Initiative.objects.filter(plan__in=plans)))
    docs: list[Doc] = []
    for n, plan in enumerate(plans, start=1):
        docs.extend(docs_for_plan(plan))
        if progress:
            progress(n, total * 2)
    if network is None:
        engine.rebuild([docs])
    else:
        for plan in plans:
            engine.delete_plan(plan.pk, keep={d.id for d in docs if d.plan_id == plan.pk})
        engine.index(docs)
    published = [d for d in docs if d.published]
    if network is None:
        # Everything at once: sparse products over the whole corpus (search/batch.py), the
        # same scores as one query per initiative in a fraction of the time.
        matches = all_neighbours(docs, Stats.from_docs(docs), limit=MAX_PAIRS_PER_INITIATIVE,
                                 stored_only=True)  # fmt: skip
        if progress:
            progress(total * 2, total * 2)
    else:
        matches = {}
        for n, doc in enumerate(published, start=1):
            matches[doc.id] = engine.neighbours(
                doc, limit=MAX_PAIRS_PER_INITIATIVE, stored_only=True
            )
            if progress:
                progress(total + int(total * n / max(len(published), 1)), total * 2)
    pairs = store_pairs(docs=published, matches=matches, engine=engine)
    IndexOutbox.objects.filter(plan_id__in=[p.pk for p in plans], pk__lte=upto).delete()
    return {"plans": total, "initiatives": len(docs), "pairs": pairs}


CHECK_BATCH = 500  # documents compared per read of the index
VECTOR_TOLERANCE = 1e-3  # the same text embedded in another batch differs in the last digits


def content_hash(doc: Doc) -> str:
    """A digest of what the index holds for a document besides its vector: the plain fields
    and the analysed terms. The vector is compared apart, within ``VECTOR_TOLERANCE``."""
    data = {**doc.plain_fields(), "terms": list(doc.terms), "vector": doc.vector is not None}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _same(expected: Doc, stored: Doc) -> bool:
    if content_hash(expected) != content_hash(stored):
        return False
    if expected.vector is None:
        return True
    a, b = np.asarray(expected.vector, dtype=np.float32), np.asarray(stored.vector, np.float32)
    return a.shape == b.shape and float(np.max(np.abs(a - b), initial=0.0)) <= VECTOR_TOLERANCE


@dataclass
class IndexDrift:
    indexed: int = 0
    expected: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    queued: int = 0
    plans: set[int] = field(default_factory=set)  # what a repair re-syncs

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.stale or self.queued)


def compare_index(
    *, engine: OverlapEngine, progress: Callable[[int, int], None] | None = None
) -> IndexDrift:
    """Compare every live document with what the index holds, by content, and count the
    changes still queued in the outbox."""
    indexed = engine.ids()
    drift = IndexDrift(indexed=len(indexed), queued=IndexOutbox.objects.count())
    plans = list(live_plans())
    seen, pending = set(), []

    def compare(batch: list[tuple[int, Doc]]) -> None:
        # One read per batch of documents, not one per document (a request each on a node).
        stored = engine.get_many([doc.id for _, doc in batch if doc.id in indexed])
        for plan_id, doc in batch:
            if doc.id not in stored:
                drift.missing.append(doc.id)
            elif not _same(doc, stored[doc.id]):
                drift.stale.append(doc.id)
            else:
                continue
            drift.plans.add(plan_id)

    for n, plan in enumerate(plans, start=1):
        for doc in docs_for_plan(plan):
            seen.add(doc.id)
            pending.append((plan.pk, doc))
        if len(pending) >= CHECK_BATCH:
            compare(pending)
            pending = []
        if progress:
            progress(n, len(plans))
    compare(pending)
    drift.expected = len(seen)
    drift.extra = sorted(set(indexed) - seen)
    drift.plans |= {indexed[i] for i in drift.extra}
    drift.missing.sort()
    drift.stale.sort()
    return drift
