"""The admin's own listings, choosers, searches and confirmations: what Wagtail shows every
editor by default (the page chooser lists every page of the tree, bulk actions and the move
confirmation name pages by id before checking any right) must not reveal a members-only
network's plans and events to someone who may not read that network.
Every role × both networks × every way."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page

from action_plans.models import ActionPlanPage
from events.models import EventPage
from networks.models import City, NetworkPage

from .test_permissions import EDITORS, EVENTS, NETWORKS, READERS, ROLES

BULK = "/admin/bulk/wagtailcore/page"
WAYS = {
    "page chooser": lambda network, plan, event: f"/admin/choose-page/{network.pk}/",
    "page chooser inside a plan": lambda network, plan, event: f"/admin/choose-page/{plan.pk}/",
    "page chooser of events": lambda network, plan, event: (
        f"/admin/choose-page/{network.pk}/?page_type=events.eventpage"
    ),
    "page chooser search": lambda network, plan, event: (
        f"/admin/choose-page/search/?q={plan.title}"
    ),
    "page chooser, chosen": lambda network, plan, event: (
        f"/admin/choose-page/chosen-multiple/?id={plan.pk}&id={event.pk}"
    ),
    "admin page search": lambda network, plan, event: "/admin/pages/search/?q=Zanzibar",
    "admin explorer": lambda network, plan, event: f"/admin/pages/{network.pk}/",
    "bulk delete": lambda network, plan, event: f"{BULK}/delete/?id={plan.pk}&id={event.pk}",
    "bulk unpublish of all": lambda network, plan, event: (
        f"{BULK}/unpublish/?id=all&childOf={network.pk}"
    ),
    "bulk publish of the site": lambda network, plan, event: f"{BULK}/publish/?id=all",
    "bulk move": lambda network, plan, event: f"{BULK}/move/?id={plan.pk}",
    "move confirmation": lambda network, plan, event: (
        f"/admin/pages/{plan.pk}/move/{Page.get_first_root_node().pk}/confirm/"
    ),
}
CASES = [(r, n, w) for r in ROLES for n in NETWORKS for w in WAYS]

pytestmark = pytest.mark.django_db


def mentions(html: str, page) -> bool:
    return any(m in html for m in (page.title, f'data-id="{page.pk}"', page.url))


@pytest.mark.parametrize("role,slug,way", CASES)
def test_admin_listings_show_only_readable_networks(client_for, role, slug, way):
    network = NetworkPage.objects.get(slug=slug)
    plan = ActionPlanPage.objects.child_of(network).get(city__name=NETWORKS[slug])
    event = EventPage.objects.child_of(network).get(slug=EVENTS[slug])
    # Plan titles repeat across cities ("Smart City Action Plan"): make them telling (saved, so
    # that the search index knows them; the searches ask for "Zanzibar", never a whole title).
    for page in (plan, event):
        page.title = page.draft_title = f"Zanzibar {page.pk} {slug}"
        page.save()
    response = client_for(role).get(WAYS[way](network, plan, event))
    html = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        data = json.loads(html)  # the chooser's modal answers in JSON
        html = data.get("html") or json.dumps(data)
    if role is None:
        assert response.status_code == 302 and "/login/" in response["Location"]
        return
    if role not in READERS[slug]:
        assert response.status_code in (200, 302, 403, 404)
        assert not mentions(html, plan) and not mentions(html, event)
        return
    if role in EDITORS[slug] and way in ("page chooser search", "bulk delete",
                                         "page chooser, chosen"):  # fmt: skip
        # The way works: someone who may edit there finds the plan.
        assert response.status_code == 200 and mentions(html, plan)
    if role in EDITORS[slug] and way == "page chooser":  # paginated: any plan of the network
        plans = ActionPlanPage.objects.child_of(network)
        assert response.status_code == 200 and any(mentions(html, p) for p in plans)


@pytest.mark.parametrize("role,slug", [(r, n) for r in ROLES for n in NETWORKS])
def test_city_chooser_offers_only_cities_of_readable_networks(client_for, role, slug):
    """Bangkok is only in ASCN (public), Seoul only in NEASCN (members only)."""
    city = City.objects.get(name=NETWORKS[slug])
    client = client_for(role)
    base = "/admin/snippets/choose/networks/city"
    chosen = client.get(f"{base}/chosen/{city.pk}/")
    several = client.get(f"{base}/chosen-multiple/?id={city.pk}")
    if role in (None, "ascn-viewer"):  # no admin access at all
        assert chosen.status_code == several.status_code == 302
        return
    pages, listing = 1, ""
    while pages < 20:  # every page of the chooser's paginated listing
        response = client.get(f"{base}/results/?p={pages}")
        if response.status_code != 200 or "Next" not in response.content.decode():
            listing += response.content.decode()
            break
        listing += response.content.decode()
        pages += 1
    sees = role in READERS[slug]
    assert (city.name in listing) is sees
    assert chosen.status_code == (200 if sees else 404)
    assert several.status_code == 200 and (city.name in several.content.decode()) is sees


# Screens that name one page, Wagtail's reports and the admin's own page API. Wagtail guards
# these itself (explorable pages, page permissions); the matrix pins that it stays so.
PAGE_SCREENS = {
    "usage": "usage/", "draft": "view_draft/", "add subpage": "add_subpage/",
    "privacy": "privacy/", "revisions": "revisions/",
    "compare": "revisions/compare/earliest...latest/",
    "workflow history": "workflow_history/", "history results": "history/results/",
    "preview": "edit/preview/",
}  # fmt: skip
LISTINGS = {
    "site history": "/admin/reports/site-history/results/",
    "aging pages": "/admin/reports/aging-pages/results/",
    "locked pages": "/admin/reports/locked/results/",
    "page types": "/admin/reports/page-types-usage/results/",
    "workflows": "/admin/reports/workflow/results/",
    "workflow tasks": "/admin/reports/workflow_tasks/results/",
    "plans of the type": "/admin/pages/usage/action_plans/actionplanpage/results/?q=Zanzibar",
    "admin API search": "/admin/api/main/pages/?search=Zanzibar&fields=title",
}


def shows(html: str, page) -> bool:
    return mentions(html, page) or f"/admin/pages/{page.pk}/" in html or f'"id": {page.pk},' in html


@pytest.mark.parametrize("role,slug", [(r, n) for r in ROLES for n in NETWORKS])
def test_page_screens_reports_and_admin_api_stay_in_readable_networks(client_for, role, slug):
    network = NetworkPage.objects.get(slug=slug)
    plan = ActionPlanPage.objects.child_of(network).get(city__name=NETWORKS[slug])
    plan.title = plan.draft_title = f"Zanzibar {plan.pk} {slug}"
    plan.save()
    staff = get_user_model().objects.get(username="wego-staff")
    plan.save_revision(user=staff, log_action=True).publish(user=staff, log_action=True)
    ActionPlanPage.objects.filter(pk=plan.pk).update(locked=True, locked_by=staff)
    revision = plan.revisions.latest("created_at")
    client = client_for(role)
    ways = {
        f"page {name}": f"/admin/pages/{plan.pk}/{suffix}" for name, suffix in PAGE_SCREENS.items()
    }
    ways["revision"] = f"/admin/pages/{plan.pk}/revisions/{revision.pk}/view/"
    ways["admin API page"] = f"/admin/api/main/pages/{plan.pk}/"
    ways.update(LISTINGS)
    seen = {}
    for way, url in ways.items():
        response = client.get(url)
        assert response.status_code < 500, way
        seen[way] = (response.status_code, shows(response.content.decode(), plan))
    if role not in READERS[slug]:
        assert [w for w, (_, found) in seen.items() if found] == []
        return
    if role in EDITORS[slug]:  # the ways work: whoever may edit the plan finds it there
        for way in ("page history results", "site history", "page types", "plans of the type",
                    "admin API search"):  # fmt: skip
            assert seen[way] == (200, True), way


@pytest.mark.parametrize("role", ["wego-staff", "ascn-coordinator", "bangkok-editor"])
def test_page_types_report_counts_only_readable_pages(client_for, role):
    from networks.selectors import outside_hidden_networks

    user = get_user_model().objects.get(username=role)
    expected = ActionPlanPage.objects.filter(outside_hidden_networks(user=user)).count()
    html = client_for(role).get("/admin/reports/page-types-usage/results/").content.decode()
    counts = re.findall(r"actionplanpage/\">(\d+)</a>", html)
    assert counts == [str(expected)]
    assert (expected == ActionPlanPage.objects.count()) is (role == "wego-staff")
