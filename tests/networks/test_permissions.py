"""The permission matrix: every demo role × a public and a members-only network × every way in
the portal serves so far. Each case asserts the exact outcome."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from action_plans.models import ActionPlanPage, Initiative
from events.models import EventPage
from networks.models import NetworkPage
from search.models import Overlap
from search.selectors import overlap_list

ROLES = [None, "wego-staff", "ascn-coordinator", "neascn-coordinator", "bangkok-editor",
         "seoul-editor", "ascn-viewer"]  # fmt: skip
NETWORKS = {"ascn": "Bangkok", "neascn": "Seoul"}  # a city that belongs to that network only
READERS = {
    "ascn": set(ROLES),
    "neascn": {"wego-staff", "neascn-coordinator", "seoul-editor"},
}
EDITORS = {  # who may open the admin editor of that city's plan
    "ascn": {"wego-staff", "ascn-coordinator", "bangkok-editor"},
    "neascn": {"wego-staff", "neascn-coordinator", "seoul-editor"},
}
PUBLISHERS = {  # who may delete or unpublish it: no city editor, moderation applies
    "ascn": {"wego-staff", "ascn-coordinator"},
    "neascn": {"wego-staff", "neascn-coordinator"},
}
ADMIN_WAYS = {  # admin URL suffix of the plan page, and who gets a 200
    "admin edit": ("edit/", EDITORS),
    "admin history": ("history/", EDITORS),
    "admin preview": ("edit/preview/", EDITORS),
    "admin delete": ("delete/", PUBLISHERS),
    "admin unpublish": ("unpublish/", PUBLISHERS),
    "admin copy": ("copy/", EDITORS),
    "admin move": ("move/", PUBLISHERS),
}
PAGE_WAYS = {  # URL of what the visitor asks for
    "network page": lambda network, plan: network.url,
    "plans index": lambda network, plan: network.url + f"plans/?city={plan.city.slug}",
    "network export": lambda network, plan: network.url + "export/csv/",
    "plan page": lambda network, plan: plan.url,
    "plan export": lambda network, plan: plan.url + "export/xlsx/",
    "city page": lambda network, plan: f"/cities/{plan.city.slug}/",
    "site search": lambda network, plan: f"/search/?q={plan.city.name}",
    "city overlaps": lambda network, plan: f"/cities/{plan.city.slug}/overlaps/?min_score=0",
    "network overlaps": lambda network, plan: network.url + "overlaps/",
    "overlaps csv": lambda network, plan: network.url + "overlaps/export/csv/",
    "overlaps report": lambda network, plan: network.url + "overlaps/export/report/",
}
EVENTS = {"ascn": "ascn-workshop-2019", "neascn": "neascn-inaugural-meeting"}  # host: the city
EVENT_WAYS = {  # URL, and whether an outsider gets a 404 even when anonymous (feeds can't log in)
    "event page": (lambda network, event: event.url, False),
    "network events": (lambda network, event: network.url + "events/", False),
    "network calendar": (lambda network, event: f"/calendar/{network.slug}.ics", True),
    "event calendar": (lambda network, event: f"/calendar/events/{event.pk}.ics", True),
}
COORDINATORS = {"ascn": {"wego-staff", "ascn-coordinator"},
                "neascn": {"wego-staff", "neascn-coordinator"}}  # fmt: skip
WAYS = [*PAGE_WAYS, *EVENT_WAYS, "events index", "all calendar", "event registrations",
        "registrations csv", "home listing", "sitemap", "overlaps", *ADMIN_WAYS]  # fmt: skip
CASES = [(r, n, w) for r in ROLES for n in NETWORKS for w in WAYS]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pair_of_each_matrix_city():
    """A stored same-approach pair inside each network for its matrix city (what the pages and
    reports count by default), so the overlap pages and exports have something of that city to
    show or to hide (which pairs the engine finds is not the point here)."""
    for slug, city in NETWORKS.items():
        plans = ActionPlanPage.objects.child_of(NetworkPage.objects.get(slug=slug))
        mine = Initiative.objects.filter(plan__in=plans, plan__city__name=city).first()
        mine_pairs = Overlap.objects.filter(a=mine) | Overlap.objects.filter(b=mine)
        if mine_pairs.filter(tier=Overlap.Tier.SAME_APPROACH).exists():
            continue
        other = Initiative.objects.filter(plan__in=plans).exclude(plan__city__name=city).first()
        a, b = sorted((mine, other), key=lambda i: str(i.uid))
        Overlap.objects.update_or_create(
            a=a, b=b,
            defaults={"score": 0.9, "tier": Overlap.Tier.SAME_APPROACH,
                      "reasons": {"tier": "same_approach"}},
        )  # fmt: skip


def test_the_matrix_is_complete():
    print(f"permission matrix: {len(CASES)} cases")
    assert len(CASES) == len(ROLES) * len(NETWORKS) * len(WAYS)


@pytest.mark.parametrize("role,slug,way", CASES)
def test_permission_matrix(client_for, role, slug, way):
    client = client_for(role)
    network = NetworkPage.objects.get(slug=slug)
    plan = ActionPlanPage.objects.child_of(network).get(city__name=NETWORKS[slug])
    may_read = role in READERS[slug]
    event = EventPage.objects.child_of(network).get(slug=EVENTS[slug])
    if way in EVENT_WAYS:
        url, feed = EVENT_WAYS[way]
        response = client.get(url(network, event))
        if may_read:
            assert response.status_code == 200
            assert NETWORKS[slug] in response.content.decode()
        else:
            assert response.status_code == 404
            assert event.title not in response.content.decode()
        return
    if way in ("events index", "all calendar"):
        response = client.get("/events/" if way == "events index" else "/calendar.ics")
        assert response.status_code == 200
        assert (event.title in response.content.decode()) == may_read
        return
    if way in ("event registrations", "registrations csv"):
        suffix = "registrations/" if way == "event registrations" else "registrations/csv/"
        response = client.get(event.url + suffix)
        if role in COORDINATORS[slug]:
            assert response.status_code == 200
        else:
            assert response.status_code == 404
        return
    if way in PAGE_WAYS:
        response = client.get(PAGE_WAYS[way](network, plan))
        if may_read:
            assert response.status_code == 200
            if way == "plan export":
                assert response["Content-Type"].startswith("application/vnd.openxml")
            else:
                assert plan.city.name in response.content.decode()
        elif way == "site search":
            html = response.content.decode()
            assert response.status_code == 200
            assert plan.title not in html and plan.url not in html
            assert network.url not in html  # nor any event, plan or initiative of the network
        elif way == "network page" and role is not None:
            # A signed-in outsider meets the door of a listed space: what it is, how to join.
            html = response.content.decode()
            assert response.status_code == 403 and "Ask to join" in html
            assert plan.city.name not in html and plan.url not in html
        else:
            assert response.status_code == 404
            assert plan.city.name not in response.content.decode()
        return
    if way == "home listing":
        html = client.get("/").content.decode()
        # A members-only network's name may be listed; its member count never.
        shows_count = re.search(rf'href="{network.url}".*?(\d+) member cit', html, re.S)
        assert bool(shows_count) == may_read
    elif way == "sitemap":
        xml = client.get("/sitemap.xml").content.decode()
        assert (plan.url in xml) == network.is_public
        assert (event.url in xml) == network.is_public
    elif way == "overlaps":
        user = get_user_model().objects.get(username=role) if role else AnonymousUser()
        pairs = overlap_list(user=user, network=network)
        plans = ActionPlanPage.objects.child_of(network).values_list("pk", flat=True)
        touching = [p for p in pairs if p.a.plan_id in plans or p.b.plan_id in plans]
        assert bool(touching) == may_read
        if not may_read:
            assert not pairs.exists()
    elif way in ADMIN_WAYS:
        suffix, allowed = ADMIN_WAYS[way]
        response = client.get(f"/admin/pages/{plan.pk}/{suffix}")
        if role in allowed[slug]:
            assert response.status_code == 200
        else:
            assert response.status_code in (302, 403)
            assert plan.city.name not in response.content.decode()


def test_a_city_editor_cannot_edit_another_citys_plan_in_its_network(client_for):
    singapore = ActionPlanPage.objects.get(city__name="Singapore")
    client = client_for("bangkok-editor")
    response = client.get(f"/admin/pages/{singapore.pk}/edit/")
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert (
        client.get(
            f"/admin/pages/{ActionPlanPage.objects.get(city__name='Bangkok').pk}/edit/"
        ).status_code
        == 200
    )
