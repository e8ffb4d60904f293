"""Write search/centroids.json: per-language mean raw embeddings of the shipped material
(``data/initiatives.jsonl`` and, when present, ``data/xlang_initiatives.jsonl``), the prior that
live means are shrunk towards for languages with few texts.

.venv/bin/python scripts/compute_centroids.py   # DATABASE_URL: where embeddings are cached
"""

import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from search.analysis import detect_language  # noqa: E402
from search.documents import raw_vectors_for  # noqa: E402
from search.embedding import CENTROIDS_PATH  # noqa: E402

texts = []
for name in ("initiatives.jsonl", "xlang_initiatives.jsonl"):
    path = ROOT / "data" / name
    if path.exists():
        for line in path.open(encoding="utf-8"):
            record = json.loads(line)
            texts.append(f"{record['title']}. {record['description']}".strip())
vectors = raw_vectors_for(texts)  # cached in the database by text
languages = [detect_language(t) for t in texts]
means = {"all": vectors.mean(axis=0)}
for lang in sorted(set(languages)):
    rows = [i for i, language in enumerate(languages) if language == lang]
    means[lang] = vectors[rows].mean(axis=0)
CENTROIDS_PATH.write_text(
    json.dumps({k: np.round(v, 6).tolist() for k, v in means.items()}, separators=(",", ":"))
)
counts = {lang: languages.count(lang) for lang in sorted(set(languages))}
print(f"wrote {CENTROIDS_PATH.relative_to(ROOT)} from {len(texts)} texts: {counts}")
