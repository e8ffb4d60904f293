"""Equal likelihoods at the cut: the same pairs whatever order the documents come in."""

from search.batch import MatrixCorpus
from search.scoring import Doc, Stats
from tests.search.test_engines import vector_at


def test_documents_tied_at_the_cut_are_taken_by_id_in_any_order():
    def doc(doc_id: str, city: int, terms: list[str]) -> Doc:
        return Doc(id=doc_id, city_id=city, network_id=1, plan_id=city, published=True,
                   title="", description="", terms=terms, vector=vector_at(0.0, 1))  # fmt: skip

    query = doc("query", 0, ["parking", "bays"])
    twins = [doc(name, city, ["telemedicine"]) for city, name in enumerate("dcbae", start=1)]
    found = set()
    for docs in (twins, twins[::-1], twins[2:] + twins[:2]):
        corpus = MatrixCorpus.build(docs, Stats.from_docs(docs))
        found.add(tuple(m.id for m in corpus.neighbours(query, network_ids=None, limit=2)))
    assert found == {("a", "b")}
