"""Permission checks must not multiply queries: pages cost the same however many networks,
plans and grants there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from networks.models import City, NetworkPage
from tests.factories import NetworkFactory, PlanFactory

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    client.get(url)  # warm caches such as the site root
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def add_networks(count: int, plans_each: int, viewer) -> str:
    """Members-only networks the viewer reads, each with plans of Bangkok; the last title."""
    city = City.objects.get(name="Bangkok")
    for _ in range(count):
        network = NetworkFactory(visibility="members", members=[city], publish=False)
        assign_perm("networks.view_network", viewer, network)
        PlanFactory.create_batch(plans_each, parent=network, city=city, publish=False)
    return network.title


@pytest.mark.parametrize("username", [None, "ascn-viewer", "wego-staff"])
def test_home_and_network_pages_cost_the_same_with_more_networks(client_for, username):
    from django.contrib.auth import get_user_model

    client = client_for(username)
    before = (queries(client, "/"), queries(client, "/ascn/"), queries(client, "/cities/bangkok/"))
    viewer = get_user_model().objects.get(username="ascn-viewer")
    last = add_networks(10, 10, viewer)
    after = (queries(client, "/"), queries(client, "/ascn/"), queries(client, "/cities/bangkok/"))
    assert after == before
    if username == "ascn-viewer":
        assert last in client.get("/").content.decode()


def test_the_admin_explorer_costs_the_same_with_more_plans(client_for):
    """Each listed plan asks who may act on it: its parent comes from the listing's own
    annotation, not one query per row."""
    client = client_for("ascn-coordinator")
    ascn = NetworkPage.objects.get(slug="ascn")
    url = f"/admin/pages/{ascn.pk}/"
    before = queries(client, url)
    PlanFactory.create_batch(5, parent=ascn, city=City.objects.get(name="Bangkok"), publish=True)
    assert queries(client, url) == before
