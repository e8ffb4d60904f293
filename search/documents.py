"""From initiatives (the source of truth) to the documents the engines store."""

import numpy as np
from django.db import transaction

from action_plans.models import ActionPlanPage, Initiative
from search.analysis import analyse, detect_language
from search.embedding import (
    DIM,
    blend_centroids,
    center,
    raw_embeddings,
    shipped_centroids,
    text_hash,
)
from search.models import EmbeddingCache, LanguageCentroid
from search.scoring import Doc


def initiative_text(initiative) -> str:
    return initiative.text


def raw_vectors_for(texts: list[str]) -> np.ndarray:
    """Uncentred embeddings, taken from the cache where the same text was embedded before."""
    hashes = [text_hash(t) for t in texts]
    cached = {
        row.text_hash: np.frombuffer(bytes(row.vector), dtype=np.float32)
        for row in EmbeddingCache.objects.filter(text_hash__in=set(hashes))
    }
    cached = {h: v for h, v in cached.items() if v.shape == (DIM,)}
    missing = sorted({h: t for h, t in zip(hashes, texts, strict=True) if h not in cached}.items())
    if missing:
        vectors = raw_embeddings([t for _, t in missing])
        EmbeddingCache.objects.bulk_create(
            [
                EmbeddingCache(text_hash=h, vector=v.astype(np.float32).tobytes())
                for (h, _), v in zip(missing, vectors, strict=True)
            ],
            ignore_conflicts=True,
        )
        cached.update({h: v for (h, _), v in zip(missing, vectors, strict=True)})
    if not hashes:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.stack([cached[h] for h in hashes])


def current_centroids() -> dict[str, np.ndarray]:
    """The live corpus's language means, or the shipped ones before the first rebuild."""
    live = {
        row.language: np.frombuffer(bytes(row.vector), dtype=np.float32)
        for row in LanguageCentroid.objects.all()
    }
    live = {k: v for k, v in live.items() if v.shape == (DIM,)}
    return live or shipped_centroids()


def refresh_centroids(initiatives: list[Initiative]) -> dict[str, int]:
    """Recompute each language's mean from these (the indexed) initiatives; texts per language."""
    texts = [i.text for i in initiatives]
    languages = [detect_language(t) for t in texts]
    means = blend_centroids(raw_vectors_for(texts), languages)
    counts = {lang: languages.count(lang) for lang in set(languages)}
    counts["all"] = len(texts)
    with transaction.atomic():
        LanguageCentroid.objects.all().delete()
        LanguageCentroid.objects.bulk_create(
            LanguageCentroid(language=lang, vector=vec.tobytes(), texts=counts.get(lang, 0))
            for lang, vec in means.items()
        )
    return counts


def vectors_for(texts: list[str]) -> list[np.ndarray]:
    """Centred embeddings: the vectors both engines store and compare."""
    languages = [detect_language(t) for t in texts]
    return list(center(raw_vectors_for(texts), languages, current_centroids()))


def docs_for_plan(plan: ActionPlanPage) -> list[Doc]:
    """The documents of a plan's live initiatives (none for a draft that was never published)."""
    if not plan.live:
        return []
    initiatives = list(plan.initiatives.all())
    return docs_for(initiatives, plan=plan)


def docs_for(initiatives: list[Initiative], *, plan: ActionPlanPage | None = None) -> list[Doc]:
    texts = [i.text for i in initiatives]
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
                solution_types=initiative.effective_solution_types,
                language=detect_language(text),
            )
        )
    return docs


def _parent_id(plan: ActionPlanPage) -> int:
    if not hasattr(plan, "_parent_id_cache"):
        plan._parent_id_cache = plan.get_parent().pk
    return plan._parent_id_cache
