"""What the Elasticsearch engine asks the node for a candidate, and how it reads the answer."""

import base64
import json

import numpy as np

from search.embedding import BLOCKS
from search.pair_model import get_model
from search.scoring import Doc


def pack_candidate(doc: Doc) -> bytes:
    """A candidate for scoring as bytes: its fields (not its text, which scoring does not read)
    as one line of JSON, then its float32 vector (JSON never holds a raw newline)."""
    fields = {k: v for k, v in doc.plain_fields().items() if k not in ("title", "description")}
    head = json.dumps({"id": doc.id, "terms": " ".join(doc.terms), **fields})
    vector = b"" if doc.vector is None else doc.vector.astype("<f4").tobytes()
    return head.encode() + b"\n" + vector


def unpack_candidate(raw: bytes) -> Doc:
    head, _, vector = raw.partition(b"\n")
    fields = json.loads(head)
    return Doc.from_fields(
        id=fields["id"],
        terms=fields["terms"].split(),
        vector=np.frombuffer(vector, dtype="<f4") if vector else None,
        fields=fields,
    )


def model_weights() -> dict[str, float]:
    """How much the ranking (the sum of both tiers' likelihoods) moves per unit of the lexical
    signal and of each encoder's cosine: coefficient over scale, summed over both tiers (a
    negative weight counts as none)."""
    model = get_model()
    weights = {}
    for name in ("lexical", *(block for block, _ in BLOCKS)):
        if name in model.features:
            i = model.features.index(name)
            total = sum(float(coef[i] / model.scale[i]) for coef in model.coef.values())
            weights[name] = max(total, 0.0)
        else:
            weights[name] = 0.0
    return weights


def unpack_hits(responses: list[dict]) -> list[Doc]:
    """The candidates of searches that read ``doc_id`` and ``packed``, each once."""
    found: dict[str, Doc] = {}
    for response in responses:
        for hit in response["hits"]["hits"]:
            doc_id = hit["fields"]["doc_id"][0]
            if doc_id not in found:
                found[doc_id] = unpack_candidate(base64.b64decode(hit["fields"]["packed"][0]))
    return list(found.values())


def semantic_query(vector: np.ndarray, weights: dict[str, float]) -> tuple[list[float], float]:
    """The kNN query vector that ranks documents by the pair model's semantic term, and the
    factor f with that term = f · (query vector · document vector).

    A vector holds each encoder's block and ``block_similarities`` reads a cosine as
    len(BLOCKS) times a block's dot product, so scaling the query's blocks by the weights
    makes its dot product the model's semantic term over len(BLOCKS); normalised again, since
    ``dot_product`` wants unit vectors (the order stays the same)."""
    scaled, start = np.array(vector, dtype=np.float64), 0
    for name, width in BLOCKS:
        scaled[start : start + width] *= weights[name]
        start += width
    norm = float(np.linalg.norm(scaled))
    if not norm:  # a model without semantic weights: plain similarity
        scaled, norm = np.array(vector, dtype=np.float64), 1.0
        norm = float(np.linalg.norm(scaled)) or 1.0
    # Six decimals keep the order and halve the request (896 numbers go with each search).
    return np.round(scaled / norm, 6).tolist(), len(BLOCKS) * norm


PUBLISHED = {"term": {"published": True}}


def allowed(doc: Doc, network_ids: set[int] | None) -> dict:
    """The kNN filter: published documents of other cities (and of ``network_ids``), not
    ``doc`` itself. A text typed into a search box belongs to no city and has no id yet."""
    filters: list[dict] = [PUBLISHED]
    if network_ids is not None:
        filters.append({"terms": {"network_id": sorted(network_ids)}})
    must_not: list[dict] = []
    if doc.city_id is not None:
        must_not.append({"term": {"city_id": doc.city_id}})
    if doc.id:
        must_not.append({"ids": {"values": [doc.id]}})
    return {"bool": {"filter": filters, "must_not": must_not}}


def lexical_search(lexical: dict, filters: dict) -> dict:
    """The documents of ``filters`` (``allowed``) that share a term with ``lexical``, by BM25.

    The match is required and drafts are excluded, not published documents required: a bool
    with a filter and an optional match visits every allowed document, where a required match
    lets Lucene skip whole blocks of postings; a filter matching nearly every document made
    the lexical window three times slower at 100,000 (16 ms inside the node instead of 5)."""
    required = [f for f in filters["bool"]["filter"] if f != PUBLISHED]
    must_not = [{"term": {"published": False}}, *filters["bool"]["must_not"]]
    return {"bool": {"must": [lexical], "filter": required, "must_not": must_not}}


def knn_search(
    *,
    vector: list[float],
    window: int,
    candidates: int,
    hits: int,
    filters: dict,
    weights: tuple,
    lexical: dict | None,
) -> dict:
    """The ``hits`` best of the ``window`` nearest documents, by the model's linear terms: the
    kNN score ((1 + dot) / 2 for ``dot_product``) and the BM25 of the lexical query, weighted
    (``weights``: semantic factor f, lexical weight) so they add up as in the model."""
    knn = {"field": "vector", "query_vector": vector, "k": window,
           "num_candidates": candidates, "filter": filters}  # fmt: skip
    body: dict = {"size": hits, "query": {"knn": knn}}
    factor, lexical_weight = weights
    if lexical is not None:
        body["rescore"] = {"window_size": window, "query": {
            "rescore_query": lexical, "query_weight": 2 * factor,
            "rescore_query_weight": lexical_weight}}  # fmt: skip
    return body
