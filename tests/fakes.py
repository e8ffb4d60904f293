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
from search.embedding import BLOCKS, DIM, shipped_centroids


def _hashed(text: str, width: int, salt: str) -> np.ndarray:
    """Signed feature hashing into ``width`` dimensions; crc32, not hash(): the same in every
    run. Each encoder's block gets its own salt, as two models differ."""
    vector = np.zeros(width, dtype=np.float64)
    for feature in analyse(text):
        code = zlib.crc32(f"{salt}{feature}".encode())
        vector[code % width] += 1.0 if (code >> 16) & 1 else -1.0
    norm = np.linalg.norm(vector)
    if norm == 0:
        vector[zlib.crc32(f"{salt}{text}".encode()) % width] = 1.0
        return vector
    return vector / norm


def hashed_embeddings(texts: list[str]) -> np.ndarray:
    """Rows whose language-centred form (search.embedding.center) is the hashed feature vector
    of each block: the shipped language mean plus the hashed blocks, so centring removes the
    mean again, as it removes a language's direction from the real models' vectors."""
    known = shipped_centroids()
    rows = np.zeros((len(texts), DIM), dtype=np.float32)
    for i, text in enumerate(texts):
        blocks = [_hashed(text, width, name) for name, width in BLOCKS]
        mean = known.get(detect_language(text), known.get("all"))
        rows[i] = np.concatenate(blocks) + (0 if mean is None else mean)
    return rows
