"""Write search/centroids.json: per-language mean embeddings of the shipped reference material.

.venv/bin/python scripts/compute_centroids.py
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.embedding import CENTROIDS_PATH, compute_centroids  # noqa: E402

records = [json.loads(line) for line in open(ROOT / "data" / "initiatives.jsonl", encoding="utf-8")]
texts = [f"{r['title']}. {r['description']}".strip() for r in records]
CENTROIDS_PATH.write_text(json.dumps(compute_centroids(texts)))
print(f"wrote {CENTROIDS_PATH.relative_to(ROOT)} from {len(texts)} texts")
