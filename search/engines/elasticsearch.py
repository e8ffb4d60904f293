"""The production engine: an Elasticsearch index written and queried with elasticsearch-dsl.

Terms are analysed in Python (``search.analysis``) and indexed with the core ``whitespace``
analyser, so the project's test node (no ``analysis-common``) and full clusters agree. The index
is named ``<prefix>-initiatives-<timestamp>`` behind the alias ``<prefix>-initiatives``; a
rebuild fills a new index and swaps the alias atomically.
"""

import base64
import logging
import time
from collections import Counter

import numpy as np
from django.conf import settings
from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch.dsl import (
    Binary,
    Boolean,
    DenseVector,
    Document,
    Integer,
    Keyword,
    Long,
    MetaField,
    Search,
    Text,
)
from elasticsearch.helpers import BulkIndexError, bulk

from search.batch import self_score
from search.embedding import DIM
from search.engines.base import EngineUnavailable, OverlapEngine
from search.engines.es_queries import (
    allowed,
    knn_search,
    lexical_search,
    model_weights,
    pack_candidate,
    semantic_query,
    unpack_hits,
)
from search.scoring import K1, Doc, Stats

logger = logging.getLogger(__name__)
MAX_QUERY_TERMS = 40
# Per `limit` of candidates asked for: the lexical and the kNN search each weigh WINDOW
# documents by the pair model's linear terms inside the node and bring their best HITS, which
# shared scoring ranks exactly (see docs/benchmarks.md, "Speed").
WINDOW = 12.0
HITS = 2.4
KNN_CANDIDATES = 1.5  # HNSW candidates per document of the kNN window
MGET_BATCH = 500  # documents per multi-get: check_index reads every one
# How long a check of the index's change token vouches for the cached term statistics when
# stats() is called on its own (candidates() checks it in the same round trip as its searches).
STATS_CHECK_SECONDS = 1.0
# Every write raises the newest sequence number or lowers the count, and a rebuild changes the
# index behind the alias: (index, count, newest _seq_no) changes with every write, whoever made it.
CHANGE_TOKEN_SEARCH = {"size": 1, "sort": [{"_seq_no": "desc"}], "_source": False,
                       "track_total_hits": True}  # fmt: skip


class InitiativeDocument(Document):
    doc_id = Keyword()
    city_id = Long()
    network_id = Long()
    plan_id = Long()
    published = Boolean()
    title = Text(analyzer="standard")
    description = Text(analyzer="standard")
    terms = Text(analyzer="whitespace", similarity="BM25")
    vector = DenseVector(dims=DIM, index=True, similarity="dot_product")
    # The same vector as raw float32 bytes: decoding base64 is far cheaper than 384 JSON floats
    # per hit, so the float array is kept out of _source (it stays indexed for kNN).
    vector_bin = Binary()
    # What scoring needs of a candidate in one binary doc value (``pack_candidate``): a search reads
    # hits from doc values, far cheaper than from the stored ``_source`` (at 10,000 documents,
    # 100 hits: 7 ms instead of 32 inside the node).
    packed = Binary(doc_values=True)
    focus_areas = Keyword()
    solution_types = Keyword()
    language = Keyword()
    sdgs = Integer()
    horizon = Keyword()
    stage = Keyword()

    class Meta:
        source = MetaField(excludes=["vector", "packed"])

    class Index:
        settings = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"}


def _guard(func):
    """Turn transport failures into EngineUnavailable so callers keep the outbox entry."""

    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (ESConnectionError, TransportError, BulkIndexError) as exc:
            raise EngineUnavailable(f"Elasticsearch: {exc}") from exc

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


class ElasticsearchEngine(OverlapEngine):
    name = "elasticsearch"

    def __init__(self, url: str | None = None, prefix: str | None = None):
        self.url = url or settings.ELASTICSEARCH_URL
        self.alias = f"{prefix or settings.ELASTICSEARCH_INDEX_PREFIX}-initiatives"
        self.client = Elasticsearch(self.url, request_timeout=10, max_retries=1)
        # Term statistics are cached for as long as the index's change token stays the same;
        # get_engine() keeps one instance per process, so the cache outlives a request.
        self._df: dict[str, int] = {}
        self._field_stats: tuple[int, float] | None = None
        self._token: tuple | None = None
        self._checked_at = float("-inf")

    @classmethod
    def configuration(cls) -> tuple:
        return (settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_INDEX_PREFIX)

    def _written(self) -> None:
        self._df.clear()
        self._field_stats = None
        self._token = None

    def _check_token(self, response: dict) -> None:
        """Drop the cached term statistics if the index changed since they were fetched."""
        hits = response["hits"]
        top = hits["hits"][0] if hits["hits"] else {}
        token = (top.get("_index"), hits["total"]["value"], tuple(top.get("sort", ())))
        if token != self._token:
            self._written()
            self._token = token
        self._checked_at = time.monotonic()

    # -- index management ----------------------------------------------------------------
    def _new_index(self) -> str:
        name = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 10**6}"
        InitiativeDocument.init(index=name, using=self.client)
        return name

    @_guard
    def setup(self) -> None:
        if getattr(self, "_ready", False):
            return
        if not self.client.indices.exists_alias(name=self.alias):
            name = self._new_index()
            self.client.indices.put_alias(index=name, name=self.alias)
        elif not self._mapping_is_current():
            # Vectors of another width (another encoder) cannot be compared with the new ones:
            # start an empty index; `rebuild_overlaps` fills it, `check_index` says so meanwhile.
            logger.warning("Index %s has an outdated mapping; replaced by an empty one", self.alias)
            self.swap_in([])
        self._ready = True

    def _mapping_is_current(self) -> bool:
        mappings = self.client.indices.get_mapping(index=self.alias)
        for mapping in mappings.values():
            properties = mapping["mappings"].get("properties", {})
            if properties.get("vector", {}).get("dims") != DIM or "packed" not in properties:
                return False
        return True

    @_guard
    def rebuild(self, docs_batches) -> None:
        """Fill a new index from ``docs_batches`` and point the alias at it atomically."""
        self.swap_in(docs_batches)

    def swap_in(self, docs_batches) -> str:
        name = self._new_index()
        written = 0
        for docs in docs_batches:
            self._bulk(docs, index=name)
            written += len(docs)
        self.client.indices.refresh(index=name)
        if written:
            # A rebuilt index is read far more than written: one segment means one HNSW graph
            # and one term dictionary per query (kNN at 100,000 documents: 12 ms to 6 ms).
            self.client.options(request_timeout=900).indices.forcemerge(
                index=name, max_num_segments=1, wait_for_completion=True
            )
        actions = [{"add": {"index": name, "alias": self.alias}}]
        old = []
        if self.client.indices.exists_alias(name=self.alias):
            old = list(self.client.indices.get_alias(name=self.alias))
            actions = [{"remove": {"index": i, "alias": self.alias}} for i in old] + actions
        self.client.indices.update_aliases(actions=actions)
        for index in old:
            self.client.indices.delete(index=index, ignore_unavailable=True)
        self._written()
        return name

    # -- writes ----------------------------------------------------------------------------
    def _bulk(self, docs: list[Doc], *, index: str) -> None:
        actions = (
            {
                "_op_type": "index",
                "_index": index,
                "_id": doc.id,
                "_source": {
                    "doc_id": doc.id,
                    **doc.plain_fields(),
                    "terms": " ".join(doc.terms),
                    "packed": base64.b64encode(pack_candidate(doc)).decode(),
                    **(
                        {
                            "vector": doc.vector.tolist(),
                            "vector_bin": base64.b64encode(
                                doc.vector.astype("<f4").tobytes()
                            ).decode(),
                        }
                        if doc.vector is not None
                        else {}
                    ),
                },
            }
            for doc in docs
        )
        bulk(self.client, actions, chunk_size=500, refresh=False)

    @_guard
    def index(self, docs: list[Doc]) -> None:
        self.setup()
        self._bulk(docs, index=self.alias)
        self.client.indices.refresh(index=self.alias)
        self._written()

    @_guard
    def delete_plan(self, plan_id: int, *, keep: set[str] = frozenset()) -> None:
        # The test node has no reindex module (no _delete_by_query): find, then bulk-delete.
        self.setup()
        search = (
            Search(using=self.client, index=self.alias)
            .filter("term", plan_id=plan_id)
            .source(["doc_id"])
            .params(size=1000)
        )
        doomed = [hit.meta.id for hit in search.scan() if hit.meta.id not in keep]
        if doomed:
            actions = ({"_op_type": "delete", "_index": self.alias, "_id": i} for i in doomed)
            bulk(self.client, actions, raise_on_error=False)
            self.client.indices.refresh(index=self.alias)
            self._written()

    @_guard
    def clear(self) -> None:
        self.swap_in([])

    # -- reads -----------------------------------------------------------------------------
    @staticmethod
    def _to_doc(hit: dict) -> Doc:
        src = hit["_source"]
        raw = src.get("vector_bin")
        return Doc.from_fields(
            id=src["doc_id"],
            terms=src["terms"].split(),
            vector=np.frombuffer(base64.b64decode(raw), dtype="<f4") if raw else None,
            fields=src,
        )

    @_guard
    def get(self, doc_id: str) -> Doc | None:
        try:
            return self._to_doc(self.client.get(index=self.alias, id=doc_id))
        except NotFoundError:
            return None

    @_guard
    def get_many(self, doc_ids: list[str]) -> dict[str, Doc]:
        found = {}
        for start in range(0, len(doc_ids), MGET_BATCH):
            response = self.client.mget(index=self.alias, ids=doc_ids[start : start + MGET_BATCH])
            found.update({d["_id"]: self._to_doc(d) for d in response["docs"] if d.get("found")})
        return found

    @_guard
    def ids(self) -> dict[str, int]:
        self.setup()
        search = Search(using=self.client, index=self.alias).source(["doc_id", "plan_id"])
        return {hit.doc_id: hit.plan_id for hit in search.params(size=1000).scan()}

    def _query_terms(self, doc: Doc) -> list[str]:
        """The text's most telling terms (tf·idf), at most ``MAX_QUERY_TERMS``: a disjunction
        of every term (about 85) costs 60 ms at 100,000 documents, of the best 30 about 13 ms;
        40 keeps most of the exact top 20 (see docs/benchmarks.md). A term whose
        frequency is not cached yet counts as rare: common terms are soon cached, since they
        come with most candidates. Only retrieval uses this choice; scores stay exact."""
        counts = Counter(doc.terms)
        known = self._known_stats()
        return sorted(counts, key=lambda t: (-counts[t] * known.idf(t), t))[:MAX_QUERY_TERMS]

    def _known_stats(self) -> Stats:
        """The cached statistics, without a round trip (a term not cached yet counts as rare)."""
        doc_count, avg_length = self._field_stats or (0, 0.0)
        return Stats(doc_count=doc_count, avg_length=avg_length, doc_freq=self._df)

    @_guard
    def candidates(self, doc: Doc, *, network_ids: set[int] | None, limit: int) -> list[Doc]:
        """The best of a lexical and of a kNN window (``WINDOW`` documents each), both ordered
        by the pair model's lexical and semantic terms inside the node. The kNN window is
        rescored with BM25 in the first round trip; the lexical window is ordered in a second
        one, a kNN search among its documents (the test node has no scripting module, so
        nothing else computes a vector similarity for a given document)."""
        self.setup()
        filters = allowed(doc, network_ids)
        window, hits = max(round(limit * WINDOW), 1), max(round(limit * HITS), 1)
        head = {"index": self.alias}
        # Hits are read from doc values (``packed``), not from stored fields.
        fetch = {"stored_fields": "_none_", "docvalue_fields": ["doc_id", "packed"]}
        lexical = None
        if doc.terms:
            lexical = {"match": {"terms": {"query": " ".join(self._query_terms(doc))}}}
        if doc.vector is None:
            if lexical is None:
                return []
            body = lexical_search(lexical, filters)
            searches = [head, {**fetch, "size": hits, "query": body}, head, CHANGE_TOKEN_SEARCH]
            responses = self._msearch(searches)
            self._check_token(responses.pop())
            return unpack_hits(responses)
        weights = model_weights()
        vector, factor = semantic_query(doc.vector, weights)
        # The model's lexical signal is BM25 over the text's own score; Lucene's BM25 lacks
        # the (k1 + 1) factor of search.scoring.
        own = self_score(doc.terms, self._known_stats())
        both = {"weights": (factor, weights["lexical"] * (K1 + 1) / own if own else 0.0),
                "vector": vector, "hits": hits, "lexical": lexical}  # fmt: skip
        nearest = knn_search(
            window=window, candidates=round(window * KNN_CANDIDATES), filters=filters, **both
        )
        searches = [head, {**fetch, **nearest}]
        if lexical is not None:
            body = lexical_search(lexical, filters)
            only_ids = {"stored_fields": "_none_", "docvalue_fields": ["doc_id"]}
            searches += [head, {**only_ids, "size": window, "query": body}]
        responses = self._msearch(searches + [head, CHANGE_TOKEN_SEARCH])
        self._check_token(responses.pop())
        if lexical is not None:
            ids = [hit["fields"]["doc_id"][0] for hit in responses.pop()["hits"]["hits"]]
            if ids:
                among = {"bool": {"filter": [{"ids": {"values": ids}}]}}
                responses += self._msearch([head, {**fetch, **knn_search(
                    window=len(ids), candidates=len(ids), filters=among, **both)}])  # fmt: skip
        return unpack_hits(responses)

    def _msearch(self, searches: list[dict]) -> list[dict]:
        responses = self.client.msearch(searches=searches)["responses"]
        for response in responses:
            if "error" in response:
                raise EngineUnavailable(f"Elasticsearch search: {response['error']}")
        return responses

    @_guard
    def stats(self, terms: set[str]) -> Stats:
        self.setup()
        if time.monotonic() - self._checked_at > STATS_CHECK_SECONDS:
            self._check_token(self.client.search(index=self.alias, **CHANGE_TOKEN_SEARCH))
        missing = sorted(t for t in terms if t not in self._df)
        if missing or self._field_stats is None:
            self._fetch_stats(missing)
        doc_count, avg_length = self._field_stats or (0, 0.0)
        return Stats(
            doc_count=doc_count,
            avg_length=avg_length,
            doc_freq={t: self._df.get(t, 0) for t in terms},
        )

    def _fetch_stats(self, terms: list[str]) -> None:
        """Document frequencies through the term-vectors API on an artificial document."""
        try:
            response = self.client.termvectors(
                index=self.alias,
                doc={"terms": " ".join(terms) or "_"},
                fields=["terms"],
                term_statistics=True,
                field_statistics=True,
                positions=False,
                offsets=False,
            )
        except ApiError as exc:
            raise EngineUnavailable(f"Elasticsearch term statistics: {exc}") from exc
        field = response.get("term_vectors", {}).get("terms")
        if not field:
            self._field_stats = (0, 0.0)
            self._df.update(dict.fromkeys(terms, 0))
            return
        fstats = field["field_statistics"]
        doc_count = fstats["doc_count"]
        self._field_stats = (doc_count, fstats["sum_ttf"] / doc_count if doc_count else 0.0)
        found = {t: v.get("doc_freq", 0) for t, v in field["terms"].items()}
        self._df.update({t: found.get(t, 0) for t in terms})
