"""One filter definition (search/filters.py) for the overlap listings: the network page and the
API list the same pairs for the same parameters, with the same defaults and the same refusals."""

import pytest

from search.models import Overlap
from search.scoring import THRESHOLD
from tests.factories import pairs_within

pytestmark = pytest.mark.django_db

CASES = [
    "",
    "min_score=0",
    "min_score=0.5&tier=all",
    "tier=same_challenge",
    "state=dismissed&min_score=0&tier=all",
    "state=suggested&tier=all",
    "focus_area=environment&tier=all&min_score=0",
    "sdg=11&tier=all&min_score=0",
    "lessons=1&tier=all&min_score=0",
]


def page_ids(client, query: str) -> list[int]:
    response = client.get(f"/ascn/overlaps/?{query}")
    assert response.status_code == 200, query
    return [p.pk for p in response.context["pairs"].paginator.object_list]


def api_ids(client, query: str) -> list[int]:
    ids, number = [], 1
    while True:
        response = client.get(f"/api/v1/networks/ascn/overlaps/?{query}&page={number}")
        assert response.status_code == 200, (query, response.content)
        body = response.json()
        ids += [p["id"] for p in body["items"]]
        if len(ids) >= body["count"] or not body["items"]:
            return ids
        number += 1


@pytest.fixture
def coordinator(client_for):
    """A coordinator who dismissed one pair and confirmed another (seen by page and API)."""
    pairs = list(pairs_within("ascn").filter(a__plan__city__country="Malaysia")[:2])
    pairs[0].state, pairs[1].state = Overlap.State.DISMISSED, Overlap.State.CONFIRMED
    Overlap.objects.bulk_update(pairs, ["state"])
    return client_for("ascn-coordinator"), pairs


@pytest.mark.parametrize("query", CASES)
def test_the_network_page_and_the_api_list_the_same_pairs(coordinator, query):
    client, _ = coordinator
    assert page_ids(client, query) == api_ids(client, query)


def test_defaults_hide_dismissed_pairs_keep_the_threshold_and_the_same_approach_tier(coordinator):
    client, (dismissed, confirmed) = coordinator
    for ids in (page_ids(client, ""), api_ids(client, "")):
        pairs = Overlap.objects.filter(pk__in=ids)
        assert dismissed.pk not in ids and pairs.exists()
        assert all(p.score >= THRESHOLD and p.tier == Overlap.Tier.SAME_APPROACH for p in pairs)
        assert not pairs.filter(state=Overlap.State.DISMISSED).exists()
    listed = api_ids(client, "state=dismissed&tier=all&min_score=0")
    assert listed == [dismissed.pk] == page_ids(client, "state=dismissed&tier=all&min_score=0")


@pytest.mark.parametrize(
    ("query", "field"),
    [("min_score=7", "min_score"), ("min_score=abc", "min_score"), ("sdg=abc", "sdg"),
     ("sdg=18", "sdg"), ("state=maybe", "state"), ("tier=maybe", "tier"),
     ("focus_area=moon", "focus_area"), ("solution=teleportation", "solution")],
)  # fmt: skip
def test_a_bad_value_is_a_400_naming_it_in_the_api_and_a_form_error_on_the_page(
    client, query, field
):
    api = client.get(f"/api/v1/networks/ascn/overlaps/?{query}")
    assert api.status_code == 400 and api.json()["field"] == field
    page = client.get(f"/ascn/overlaps/?{query}")
    assert page.status_code == 400 and field in page.context["errors"]
    assert api.json()["message"] == page.context["errors"][field]


def test_the_city_page_shares_the_defaults_and_messages(client):
    city = Overlap.objects.filter(a__plan__city__country="Malaysia").first().a.plan.city
    response = client.get(f"/cities/{city.slug}/overlaps/")
    assert response.status_code == 200 and response.context["min_score"] == THRESHOLD
    shown = [m["pair"] for row in response.context["rows"] for m in row["matches"]]
    assert shown and all(p.tier == Overlap.Tier.SAME_APPROACH for p in shown)
    assert all(p.state != Overlap.State.DISMISSED for p in shown)
    for query, field in [("min_score=7", "min_score"), ("tier=maybe", "tier"),
                         ("focus_area=moon", "focus_area")]:  # fmt: skip
        page = client.get(f"/cities/{city.slug}/overlaps/?{query}")
        network = client.get(f"/ascn/overlaps/?{query}")
        assert page.status_code == 400
        assert page.context["errors"][field] == network.context["errors"][field]
    # The city page never lists dismissed pairs: asking for them is refused, as before.
    assert client.get(f"/cities/{city.slug}/overlaps/?state=dismissed").status_code == 400
