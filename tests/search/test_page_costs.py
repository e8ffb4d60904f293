"""The overlaps pages under load: what is computed once and shared (the solution catalogue, by
the plans a visitor may see) must not be recomputed per request, must follow a publish at once,
and must never give one visitor what only another may see."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from action_plans.models import ActionPlanPage
from networks.models import NetworkPage
from search.selectors import solution_catalogue

pytestmark = pytest.mark.django_db


def cities_in(catalogue: list[dict]) -> set[str]:
    return {c["name"] for entry in catalogue for c in entry["cities"]}


@pytest.mark.parametrize("username", [None, "ascn-coordinator"])
def test_the_network_overlaps_page_costs_a_pinned_number_of_queries(
    client_for, username, django_assert_max_num_queries
):
    client = client_for(username)
    assert client.get("/ascn/overlaps/").status_code == 200  # fills the shared cache
    with django_assert_max_num_queries(30):
        assert client.get("/ascn/overlaps/").status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get("/ascn/overlaps/")
    column = '"action_plans_initiative"."description"'
    recomputed = [q for q in ctx.captured_queries
                  if column in q["sql"] and "overlaps_overlap" not in q["sql"]]  # fmt: skip
    assert not recomputed, "the solution catalogue was recomputed"


def test_the_catalogue_follows_an_unpublish_at_once():
    ascn = NetworkPage.objects.get(slug="ascn")
    anonymous = AnonymousUser()
    assert "Bangkok" in cities_in(solution_catalogue(user=anonymous, network=ascn))
    for plan in ActionPlanPage.objects.child_of(ascn).live().filter(city__name="Bangkok"):
        plan.unpublish()
    assert "Bangkok" not in cities_in(solution_catalogue(user=anonymous, network=ascn))


def test_the_cached_catalogue_of_a_members_only_network_stays_with_its_members(django_user_model):
    neascn = NetworkPage.objects.get(slug="neascn")
    member = django_user_model.objects.get(username="seoul-editor")
    assert "Seoul" in cities_in(solution_catalogue(user=member, network=neascn))
    assert solution_catalogue(user=AnonymousUser(), network=neascn) == []
