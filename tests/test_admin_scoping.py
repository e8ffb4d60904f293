"""The admin's own listings, choosers and searches: what Wagtail shows every editor by default
(the page chooser lists every page of the tree) must not reveal a members-only network's plans
and events to someone who may not read that network. Every role × both networks × every way."""

import json

import pytest

from action_plans.models import ActionPlanPage
from events.models import EventPage
from networks.models import NetworkPage

from .test_permissions import EDITORS, EVENTS, NETWORKS, READERS, ROLES

WAYS = {
    # Plan titles repeat across cities: the searches look for the network's event instead.
    "page chooser": lambda network, event: f"/admin/choose-page/{network.pk}/",
    "page chooser search": lambda network, event: f"/admin/choose-page/search/?q={event.title}",
    "page chooser of events": lambda network, event: (
        f"/admin/choose-page/{network.pk}/?page_type=events.eventpage"
    ),
    "admin page search": lambda network, event: f"/admin/pages/search/?q={event.title}",
    "admin explorer": lambda network, event: f"/admin/pages/{network.pk}/",
}
CASES = [(r, n, w) for r in ROLES for n in NETWORKS for w in WAYS]


def mentions(html: str, page) -> bool:
    # Plan titles repeat across cities ("Smart City Action Plan"): look for the page itself.
    return any(m in html for m in (f'data-id="{page.pk}"', f"/admin/pages/{page.pk}/", page.url))


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role,slug,way", CASES)
def test_admin_listings_show_only_readable_networks(client_for, role, slug, way):
    network = NetworkPage.objects.get(slug=slug)
    plan = ActionPlanPage.objects.child_of(network).get(city__name=NETWORKS[slug])
    event = EventPage.objects.child_of(network).get(slug=EVENTS[slug])
    response = client_for(role).get(WAYS[way](network, event))
    html = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        html = json.loads(html).get("html", "")  # the chooser's modal answers in JSON
    if role is None:
        assert response.status_code == 302 and "/login/" in response["Location"]
        return
    if role not in READERS[slug]:
        assert response.status_code in (200, 302, 403, 404)
        assert not mentions(html, plan) and not mentions(html, event)
        return
    if role in EDITORS[slug] and way in ("page chooser", "page chooser search"):
        # The way works: someone who may edit there finds the network's pages.
        assert response.status_code == 200
        pages = ActionPlanPage.objects.child_of(network) if way == "page chooser" else [event]
        assert any(mentions(html, page) for page in pages)
