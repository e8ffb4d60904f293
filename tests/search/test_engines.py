"""One contract, run against every engine: the Elasticsearch run uses the real node."""

import json
import uuid

import numpy as np
import pytest

from action_plans.solutions import tag
from search.analysis import analyse, detect_language
from search.batch import MatrixCorpus
from search.documents import vectors_for
from search.engines.base import get_engine
from search.engines.elasticsearch import ElasticsearchEngine
from search.engines.embedded import EmbeddedEngine
from search.scoring import Doc
from tests.conftest import elasticsearch_url
from tests.search.reference_scoring import likelihoods

pytestmark = pytest.mark.backends

TEXTS = {
    # id: (city, network, plan, published, text)
    "bkk-flood": (1, 10, 100, True, "Flood early warning system: river level sensors send "
                  "alerts to residents before the canals overflow."),
    "jkt-flood": (2, 10, 200, True, "Early warning of floods with water level sensors along "
                  "the rivers and SMS alerts to residents."),
    "bkk-parking": (1, 10, 100, True, "Smart parking app showing free parking bays downtown."),
    "kl-parking": (3, 10, 300, True, "Parking guidance: sensors show drivers free parking "
                   "bays in the city centre."),
    "seoul-flood": (4, 20, 400, True, "Urban flood warning with rain gauges and sensor alerts "
                    "for residents of low-lying districts."),
    "mnl-draft": (5, 10, 500, False, "Flood warning sensors and alerts for river residents."),
    "sg-health": (6, 10, 600, True, "Telemedicine consultations for elderly patients at home."),
}  # fmt: skip


def make_docs() -> dict[str, Doc]:
    ids = list(TEXTS)
    vectors = vectors_for([TEXTS[i][4] for i in ids])
    docs = {}
    for doc_id, vector in zip(ids, vectors, strict=True):
        city, network, plan, published, text = TEXTS[doc_id]
        docs[doc_id] = Doc(
            id=doc_id, city_id=city, network_id=network, plan_id=plan, published=published,
            title=text.split(":")[0], description=text, terms=analyse(text), vector=vector,
            focus_areas=["environment"] if "flood" in doc_id else ["infrastructure"],
            sdgs=[11, 13] if "flood" in doc_id else [11], solution_types=tag(text),
            language=detect_language(text),
        )  # fmt: skip
    return docs


def vector_at(cosine: float, seed: int) -> np.ndarray:
    """A document vector whose encoder blocks each have ``cosine`` with those of ``vector_at(1,
    ...)`` (the first axis of each block), built as search.embedding stores them."""
    rng = np.random.default_rng(seed)
    blocks = []
    for width in (384, 512):
        other = rng.normal(size=width)
        other[0] = 0.0
        block = np.sqrt(1 - cosine**2) * other / np.linalg.norm(other)
        block[0] = cosine
        blocks.append(block / np.sqrt(2))
    return np.concatenate(blocks).astype(np.float32)


def crowd() -> tuple[Doc, list[Doc]]:
    """A query; a hundred texts with more of its words but another meaning; a hundred texts
    closer in meaning without its words; one partner a little behind both in each."""
    words = [f"word{i}" for i in range(12)]

    def doc(doc_id: str, city: int, terms: list[str], cosine: float) -> Doc:
        return Doc(id=doc_id, city_id=city, network_id=1, plan_id=city, published=True,
                   title=doc_id, description=doc_id, terms=terms,
                   vector=vector_at(cosine, city))  # fmt: skip

    others = [doc("partner", 500, [*words[:9], "partnerword"], 0.45)]
    for n in range(100):
        others.append(doc(f"words{n}", 1 + n, [*words, f"filler{n}"], 0.0))
        others.append(doc(f"meaning{n}", 200 + n, [f"other{n}", f"else{n}"], 0.6))
    return doc("query", 0, [*words, "own1", "own2"], 1.0), others


class EngineContract:
    """Behaviour every engine must show; subclasses provide ``engine``."""

    @pytest.fixture
    def docs(self, engine):
        docs = make_docs()
        engine.index(list(docs.values()))
        return docs

    def test_get_many_reads_what_get_reads(self, engine, docs):
        from search.services import content_hash

        ids = ["bkk-flood", "mnl-draft", "sg-health", "no-such-doc"]
        found = engine.get_many(ids)
        assert sorted(found) == ["bkk-flood", "mnl-draft", "sg-health"]
        for doc_id, doc in found.items():
            assert content_hash(doc) == content_hash(engine.get(doc_id))
            assert list(doc.vector) == list(engine.get(doc_id).vector)

    def test_the_obvious_partner_comes_first_with_reasons(self, engine, docs):
        found = engine.neighbours(docs["bkk-flood"], limit=5)
        assert found[0].id == "jkt-flood"
        assert 0 < found[0].score <= 1
        reasons = found[0].reasons()
        assert "sensor" in reasons["shared_terms"] and "resid" in reasons["shared_terms"]
        assert reasons["shared_focus_areas"] == ["environment"]
        assert reasons["shared_sdgs"] == [11, 13]

    def test_pairs_score_the_same_from_both_sides(self, engine, docs):
        there = {m.id: m.score for m in engine.neighbours(docs["bkk-flood"], limit=10)}
        back = {m.id: m.score for m in engine.neighbours(docs["jkt-flood"], limit=10)}
        assert there["jkt-flood"] == back["bkk-flood"]

    def test_unrelated_initiatives_stay_below_the_threshold(self, engine, docs):
        found = {m.id: m for m in engine.neighbours(docs["bkk-flood"], limit=10)}
        assert found["jkt-flood"].tier == "same_approach"
        assert "sg-health" not in found or not found["sg-health"].tier
        stored = [m.id for m in engine.neighbours(docs["bkk-flood"], limit=10, stored_only=True)]
        assert "jkt-flood" in stored and "sg-health" not in stored
        found = {m.id: m.rank for m in found.values()}
        # Parking shares "sensors" with the flood texts: it may come close, never ahead.
        assert found.get("kl-parking", 0) < min(found["jkt-flood"], found["seoul-flood"]) / 2

    def test_initiatives_of_the_same_city_never_pair(self, engine, docs):
        found = [m.id for m in engine.neighbours(docs["bkk-flood"], limit=10)]
        assert "bkk-parking" not in found and "bkk-flood" not in found

    def test_drafts_are_indexed_but_never_offered(self, engine, docs):
        assert engine.get("mnl-draft") is not None
        assert "mnl-draft" not in [m.id for m in engine.neighbours(docs["jkt-flood"], limit=10)]

    def test_network_filter_hides_other_networks(self, engine, docs):
        everywhere = [m.id for m in engine.neighbours(docs["bkk-flood"], limit=10)]
        only_10 = [m.id for m in engine.neighbours(docs["bkk-flood"], network_ids={10}, limit=10)]
        assert "seoul-flood" in everywhere and "seoul-flood" not in only_10

    def test_a_draft_text_finds_who_else_does_this(self, engine, docs):
        text = "We plan water level sensors on rivers to warn residents of floods early."
        draft = Doc(id="new", city_id=9, network_id=10, plan_id=900, published=False,
                    title=text, description="", terms=analyse(text),
                    vector=vectors_for([text])[0])  # fmt: skip
        found = [m.id for m in engine.neighbours(draft, limit=3)]
        assert set(found[:2]) == {"bkk-flood", "jkt-flood"}

    def test_the_same_idea_in_other_words_is_found_by_meaning(self, real_embedder, engine):
        """No analysed term in common: only the sentence embeddings can pair these two."""
        docs = make_docs()
        engine.index(list(docs.values()))
        text = "Remote medical appointments by video for seniors."
        assert not set(analyse(text)) & set(docs["sg-health"].terms)
        query = Doc(id="new", city_id=9, network_id=10, plan_id=900, published=False,
                    title=text, description="", terms=analyse(text),
                    vector=vectors_for([text])[0])  # fmt: skip
        found = engine.neighbours(query, limit=3)
        assert found and found[0].id == "sg-health"
        assert found[0].tier

    @pytest.mark.parametrize(
        ("text", "partners"),
        [
            ("하천 수위 센서로 홍수를 미리 감지하여 주민에게 경보 문자를 보냅니다.",
             {"bkk-flood", "jkt-flood", "seoul-flood"}),
            ("ระบบที่จอดรถอัจฉริยะแสดงช่องจอดรถว่างในใจกลางเมืองผ่านแอปพลิเคชัน",
             {"bkk-parking", "kl-parking"}),
        ],
    )  # fmt: skip
    def test_a_text_in_another_language_finds_its_partners(
        self, real_embedder, engine, text, partners
    ):
        """Korean and Thai share no term with the English texts: meaning and solution types
        cross the languages, and the partner is stored with its tier."""
        docs = make_docs()
        engine.index(list(docs.values()))
        query = Doc(id="new", city_id=9, network_id=10, plan_id=900, published=False,
                    title=text, description="", terms=analyse(text), vector=vectors_for([text])[0],
                    solution_types=tag(text), language=detect_language(text))  # fmt: skip
        found = engine.neighbours(query, limit=3)
        assert found[0].id in partners and found[0].tier
        assert found[0].shared_solutions

    def test_delete_plan_keeps_only_what_is_asked(self, engine, docs):
        engine.delete_plan(100, keep={"bkk-flood"})
        assert engine.get("bkk-parking") is None
        assert engine.get("bkk-flood") is not None
        assert set(engine.ids()) == set(docs) - {"bkk-parking"}

    def test_reindexing_replaces_instead_of_duplicating(self, engine, docs):
        engine.index([docs["jkt-flood"]])
        assert len(engine.ids()) == len(docs)

    def test_scores_match_the_shared_scoring(self, engine, docs):
        stats = engine.stats(set().union(*(d.terms for d in docs.values())))
        expected = likelihoods(docs["bkk-flood"], docs["jkt-flood"], stats)
        found = {m.id: (m.p_same_approach, m.p_same_challenge)
                 for m in engine.neighbours(docs["bkk-flood"], limit=5)}  # fmt: skip
        assert found["jkt-flood"] == expected

    def test_every_pair_and_score_agrees_with_scoring_every_document(self, engine, docs):
        """Whatever the engine fetches first, the pairs it returns are the exact best ones."""
        stats = engine.stats(set().union(*(d.terms for d in docs.values())))
        exact = MatrixCorpus.build(list(docs.values()), stats)
        for doc in docs.values():
            want = exact.neighbours(doc, network_ids=None, limit=3)
            got = engine.neighbours(doc, limit=3)
            # Pairs tied at the cut are equally right: each returned pair scores as exactly, and
            # the likelihoods down the list are the exact best ones.
            everyone = exact.neighbours(doc, network_ids=None, limit=len(docs))
            every = {m.id: (m.score, m.rank) for m in everyone}
            assert [every[m.id] for m in got] == [(m.score, m.rank) for m in want]

    def test_of_partners_tied_at_the_cut_the_first_by_id_are_kept(self, engine):
        """Equally likely partners beyond the limit: every engine keeps the same ones, so
        pages, exports and both engines agree whatever order the documents were stored in."""
        query = Doc(id="query", city_id=0, network_id=1, plan_id=0, published=True, title="q",
                    description="q", terms=["flood", "sensor"],
                    vector=vector_at(1.0, 0))  # fmt: skip
        twins = [
            Doc(id=f"twin{n}", city_id=10 + n, network_id=1, plan_id=10 + n, published=True,
                title="t", description="t", terms=["flood", "sensor", "alert"],
                vector=vector_at(0.5, 99))
            for n in (5, 3, 1, 4, 2, 0)
        ]  # fmt: skip
        engine.index([query, *twins])
        assert [m.id for m in engine.neighbours(query, limit=3)] == ["twin0", "twin1", "twin2"]

    def test_a_partner_behind_a_hundred_texts_in_words_and_in_meaning_is_found(self, engine):
        """The partner is only 101st by shared words and 101st by meaning, yet first by the pair
        model: an engine that fetched 25 of each would miss it (session 7's Elasticsearch)."""
        query, others = crowd()
        engine.index([query, *others])
        exact = MatrixCorpus.build(
            [query, *others], engine.stats({t for d in [query, *others] for t in d.terms})
        )
        assert exact.neighbours(query, network_ids=None, limit=1)[0].id == "partner"
        assert engine.neighbours(query, limit=1)[0].id == "partner"

    def test_a_write_through_another_instance_shows_in_the_next_query(self, engine, docs):
        engine.neighbours(docs["bkk-flood"], limit=5)  # caches warm
        other = self.another_instance(engine)
        twin = Doc(**{**docs["jkt-flood"].__dict__, "id": "hcm-flood", "city_id": 7})
        other.index([twin])
        found = engine.neighbours(docs["bkk-flood"], limit=5)
        assert "hcm-flood" in [m.id for m in found]
        # Scores too: the term statistics cached before the write are not used after it.
        fresh = other.neighbours(docs["bkk-flood"], limit=5)
        assert [(m.id, m.score) for m in found] == [(m.id, m.score) for m in fresh]
        other.delete_plan(200)
        assert "jkt-flood" not in [m.id for m in engine.neighbours(docs["bkk-flood"], limit=5)]
        assert engine.stats({"flood"}).doc_freq == other.stats({"flood"}).doc_freq


@pytest.mark.django_db
class TestEmbeddedEngine(EngineContract):
    @pytest.fixture
    def engine(self):
        engine = EmbeddedEngine()
        engine.clear()
        return engine

    @staticmethod
    def another_instance(engine):
        """Another process's engine on the same store."""
        return EmbeddedEngine()

    def test_a_large_corpus_scored_in_two_passes_gives_the_exact_best_pairs(self, engine, settings):
        """Past five times ``OVERLAP_SHORTLIST`` documents, the vectors are read through their
        principal components first. Texts whose meaning lies within those components (here
        30 directions per encoder) get exactly the pairs and likelihoods of scoring every
        document in full."""
        settings.OVERLAP_SHORTLIST = 40  # 300 texts are more than five times that
        rng = np.random.default_rng(5)
        bases = [rng.normal(size=(30, width)) for width in (384, 512)]
        words = [f"word{i}" for i in range(60)]
        everyone = []
        for i in range(300):
            blocks = [rng.normal(size=30) @ basis for basis in bases]
            vector = np.concatenate([b / np.linalg.norm(b) / np.sqrt(2) for b in blocks])
            everyone.append(Doc(
                id=f"d{i}", city_id=i, network_id=1, plan_id=i, published=True, title=f"d{i}",
                description=f"d{i}", terms=list(rng.choice(words, size=8)),
                vector=vector.astype(np.float32),
            ))  # fmt: skip
        engine.index(everyone)
        exact = MatrixCorpus.build(everyone, engine.stats(set(words)))
        for doc in everyone[:40]:
            want = exact.neighbours(doc, network_ids=None, limit=10)
            got = engine.neighbours(doc, limit=10)
            assert [(m.id, m.score, m.rank) for m in got] == [(m.id, m.score, m.rank) for m in want]
        assert engine._corpus()._projection is not None  # the first pass ran

    def test_two_passes_keep_a_stored_pair_that_ranks_below_pairs_in_no_tier(
        self, engine, settings, tmp_path
    ):
        """A pair in a tier can rank below pairs in none (a likely same challenge, an unlikely
        same approach); the first pass for stored pairs must not drop it."""
        model = {"features": ["lexical", "e5"], "mean": [0, 0], "scale": [1, 1],
                 "same_approach": {"coef": [10, 0], "intercept": -5},
                 "same_challenge": {"coef": [0, 10], "intercept": -5},
                 "thresholds": {"same_approach": 0.6, "same_challenge": 0.85}}  # fmt: skip
        (tmp_path / "model.json").write_text(json.dumps(model))
        settings.OVERLAP_MODEL_PATH = str(tmp_path / "model.json")
        settings.OVERLAP_SHORTLIST = 5

        def doc(doc_id: str, city: int, terms: list[str], cosine: float) -> Doc:
            return Doc(id=doc_id, city_id=city, network_id=1, plan_id=city, published=True,
                       title=doc_id, description=doc_id, terms=terms,
                       vector=vector_at(cosine, city))  # fmt: skip

        query = doc("query", 0, ["alpha", "beta", "gamma", "delta"], 1.0)
        tiered = doc("tiered", 1, ["other", "words"], 0.7)
        near = [doc(f"near{n}", 10 + n, ["alpha", "beta", "gamma", f"x{n}"], 0.65)
                for n in range(12)]  # fmt: skip
        far = [doc(f"far{n}", 50 + n, [f"z{n}"], 0.0) for n in range(15)]
        everyone = [query, tiered, *near, *far]
        engine.index(everyone)
        exact = MatrixCorpus.build(everyone, engine.stats({t for d in everyone for t in d.terms}))
        ranked = {m.id: m for m in exact.neighbours(query, network_ids=None, limit=40)}
        assert ranked["tiered"].tier and not ranked["near0"].tier  # what the test is about
        assert ranked["near0"].rank > ranked["tiered"].rank
        stored = engine.neighbours(query, limit=10, stored_only=True)
        assert [m.id for m in stored] == ["tiered"]

    def test_a_partner_is_found_in_two_passes_behind_texts_closer_in_words_or_meaning(
        self, engine, settings
    ):
        settings.OVERLAP_SHORTLIST = 20
        query, others = crowd()
        engine.index([query, *others])
        assert engine.neighbours(query, limit=1)[0].id == "partner"
        assert engine._corpus()._projection is not None


@pytest.mark.elasticsearch
class TestElasticsearchEngine(EngineContract):
    @pytest.fixture
    def engine(self):
        engine = ElasticsearchEngine(url=elasticsearch_url(), prefix=f"contract-{uuid.uuid4().hex}")
        engine.setup()
        yield engine
        engine.client.indices.delete(index=f"{engine.alias}-*", ignore_unavailable=True)

    @staticmethod
    def another_instance(engine):
        """Another process's engine on the same index."""
        return ElasticsearchEngine(url=engine.url, prefix=engine.alias.removesuffix("-initiatives"))

    @pytest.fixture(autouse=True)
    def _db(self, db):
        """The embedding cache lives in the database."""


def test_get_engine_keeps_one_instance_per_process_and_configuration(settings):
    """Requests share the engine, so its connections and term statistics outlive a request."""
    settings.OVERLAP_ENGINE = "search.engines.elasticsearch.ElasticsearchEngine"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # never contacted: clients connect lazily
    settings.ELASTICSEARCH_INDEX_PREFIX = "one"
    first = get_engine()
    assert get_engine() is first
    settings.ELASTICSEARCH_INDEX_PREFIX = "two"
    assert get_engine() is not first
    assert get_engine().alias == "two-initiatives"
