"""Test doubles for slow real components, used where the component's quality is not the point.

``hashed_embeddings`` stands in for the sentence-embedding model (``settings.OVERLAP_EMBEDDER``
in the test settings): deterministic, instant, similar for texts that share analysed terms
(stems, stem bigrams, CJK and Thai character bigrams) and near 0 for texts that share none, so
overlaps appear where a reader expects them. Tests about meaning itself take the
``real_embedder`` fixture.
"""

import zlib

import numpy as np

from search.analysis import analyse, detect_language
from search.embedding import DIM, centroids


def _hashed(text: str) -> np.ndarray:
    """Signed feature hashing into DIM dimensions; crc32, not hash(): the same in every run."""
    vector = np.zeros(DIM, dtype=np.float64)
    for feature in analyse(text):
        code = zlib.crc32(feature.encode("utf-8"))
        vector[code % DIM] += 1.0 if (code >> 16) & 1 else -1.0
    norm = np.linalg.norm(vector)
    if norm == 0:
        vector[zlib.crc32(text.encode("utf-8")) % DIM] = 1.0
        return vector
    return vector / norm


def hashed_embeddings(texts: list[str]) -> np.ndarray:
    """L2-normalised rows whose language-centred form (search.embedding.center) is the hashed
    feature vector: each row is the language centroid c plus a unit vector orthogonal to c,
    scaled so the row has length 1; centring removes c again."""
    known = centroids()
    rows = np.zeros((len(texts), DIM), dtype=np.float32)
    for i, text in enumerate(texts):
        vector = _hashed(text)
        mean = known.get(detect_language(text), known.get("all"))
        if mean is not None:
            mean = mean.astype(np.float64)
            vector = vector - (vector @ mean) / (mean @ mean) * mean
            vector /= np.linalg.norm(vector) or 1.0
            vector = mean + np.sqrt(max(0.0, 1.0 - mean @ mean)) * vector
        rows[i] = vector / np.linalg.norm(vector)
    return rows
