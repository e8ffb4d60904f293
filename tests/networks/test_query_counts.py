"""Permission checks must not multiply queries: pages cost the same however many networks,
plans and grants there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from action_plans.models import ActionPlanPage
from networks.models import City, HomePage, Membership, NetworkPage

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    client.get(url)  # warm caches such as the site root
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def add_networks(count: int, plans_each: int, viewer) -> None:
    home = HomePage.objects.get()
    city = City.objects.get(name="Bangkok")
    for n in range(count):
        network = NetworkPage(title=f"Test Network {n}", slug=f"test-net-{n}",
                              short_name=f"TN{n}", visibility="members")  # fmt: skip
        home.add_child(instance=network)
        Membership.objects.create(network=network, city=city)
        assign_perm("networks.view_network", viewer, network)
        for p in range(plans_each):
            network.add_child(instance=ActionPlanPage(
                title=f"Plan {p}", slug=f"plan-{p}", city=city, period_start=2020,
                period_end=2030))  # fmt: skip


@pytest.mark.parametrize("username", [None, "ascn-viewer", "wego-staff"])
def test_home_and_network_pages_cost_the_same_with_more_networks(client_for, username):
    from django.contrib.auth import get_user_model

    client = client_for(username)
    before = (queries(client, "/"), queries(client, "/ascn/"), queries(client, "/cities/bangkok/"))
    viewer = get_user_model().objects.get(username="ascn-viewer")
    add_networks(10, 10, viewer)
    after = (queries(client, "/"), queries(client, "/ascn/"), queries(client, "/cities/bangkok/"))
    assert after == before
    if username == "ascn-viewer":
        assert "Test Network 9" in client.get("/").content.decode()
