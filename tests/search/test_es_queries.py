"""What the Elasticsearch engine asks for and reads back, without a node."""

import numpy as np

from search.embedding import block_similarities
from search.engines.es_queries import (
    allowed,
    lexical_search,
    model_weights,
    pack_candidate,
    semantic_query,
    unpack_candidate,
)
from search.scoring import Doc
from tests.search.test_engines import vector_at


def test_the_knn_query_ranks_by_the_models_semantic_term():
    """kNN orders by query · document; that product must be the model's weighted sum of the
    two encoders' cosines (over a constant), not their plain mean."""
    weights = model_weights()
    assert weights["e5"] != weights["use"]  # else any query vector would do
    rng = np.random.default_rng(1)
    # Each encoder's block a unit vector over √2, as search.embedding stores them.
    e5_blocks, use_blocks = rng.normal(size=(50, 384)), rng.normal(size=(50, 512))
    docs = np.hstack(
        [
            e5_blocks / np.linalg.norm(e5_blocks, axis=1, keepdims=True),
            use_blocks / np.linalg.norm(use_blocks, axis=1, keepdims=True),
        ]
    ) / np.sqrt(2)
    query = docs[0] + 0.5 * docs[1]  # fmt: skip
    vector, factor = semantic_query(query, weights)
    e5, use = block_similarities(query[None, :], docs)
    expected = weights["e5"] * e5[0] + weights["use"] * use[0]
    assert not np.allclose(np.argsort(expected), np.argsort(e5[0] + use[0]))
    assert np.allclose(factor * (docs @ np.array(vector)), expected, atol=1e-4)
    assert np.isclose(np.linalg.norm(vector), 1.0, atol=1e-5)  # dot_product wants unit vectors


def test_a_candidate_reads_back_as_it_was_indexed():
    doc = Doc(id="a-1", city_id=3, network_id=4, plan_id=5, published=True, title="T",
              description="D", terms=["flood", "sensor", "flood"], vector=vector_at(0.3, 1),
              focus_areas=["water"], sdgs=[6, 11], horizon="2030", stage="pilot",
              solution_types=["sensors", "app"], language="en")  # fmt: skip
    back = unpack_candidate(pack_candidate(doc))
    assert back.vector.tobytes() == doc.vector.tobytes()
    # Scoring never reads the text, so it is not packed.
    assert {**back.__dict__, "vector": None} == {
        **doc.__dict__,
        "vector": None,
        "title": "",
        "description": "",
    }


def test_the_lexical_window_requires_a_shared_term_and_excludes_drafts():
    """A filter that every published document passes, beside an optional match, makes Lucene
    visit every document (16 ms inside the node at 100,000 instead of 5): the match is
    required and drafts, the other city and the text itself are excluded instead."""
    doc = Doc(id="a-1", city_id=3, network_id=4, plan_id=5, published=True, title="",
              description="", terms=["flood"])  # fmt: skip
    lexical = {"match": {"terms": {"query": "flood"}}}
    body = lexical_search(lexical, allowed(doc, None))["bool"]
    assert body["must"] == [lexical]
    assert body["filter"] == []
    assert {"term": {"published": False}} in body["must_not"]
    assert {"term": {"city_id": 3}} in body["must_not"]
    assert {"ids": {"values": ["a-1"]}} in body["must_not"]
    networks = lexical_search(lexical, allowed(doc, {2, 1}))["bool"]
    assert networks["filter"] == [{"terms": {"network_id": [1, 2]}}]
