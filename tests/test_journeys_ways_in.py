"""A way in for each role (issue 17): the Manage and Edit links, the admin home page made for
editors and coordinators, plans named by their city, "Who else does this?" beside the edit
form, asking to join a members-only network, password reset and the Members and roles screen."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from wagtail.models import ModelLogEntry

from action_plans.models import ActionPlanPage, Initiative
from action_plans.services import import_plans
from networks.models import City, MembershipRequest, NetworkPage
from networks.permissions import can_view_network
from tests.action_plans.test_moderation import initiative, plan_form

pytestmark = pytest.mark.django_db
NEASCN_ONLY = ["Seoul", "Busan", "Daejeon"]


def plan_of(city: str, network: str = "ascn") -> ActionPlanPage:
    return ActionPlanPage.objects.child_of(NetworkPage.objects.get(slug=network)).get(
        city__name=city
    )


def test_everyone_with_admin_rights_gets_a_manage_link_and_edit_links_where_they_may_edit(
    client_for,
):
    bangkok, kuching = plan_of("Bangkok"), plan_of("Kuching")
    edit = 'href="/admin/pages/{}/edit/" class="edit-link">Edit this page'
    editor = client_for("bangkok-editor")
    html = editor.get(bangkok.url).content.decode()
    assert '<a href="/admin/">Manage</a>' in html and edit.format(bangkok.pk) in html
    assert "Edit this page" not in editor.get(kuching.url).content.decode()
    coordinator = client_for("ascn-coordinator").get(kuching.url).content.decode()
    assert edit.format(kuching.pk) in coordinator
    for who in ("ascn-viewer", None):
        html = client_for(who).get(bangkok.url).content.decode()
        assert ">Manage</a>" not in html and "Edit this page" not in html


def test_a_city_editor_finds_their_plans_overlaps_collaborations_and_events_on_the_dashboard(
    client_for,
):
    from tests.test_journeys_broken import make_pair

    make_pair("Bangkok", "Kuching")
    html = client_for("bangkok-editor").get("/admin/").content.decode()
    assert "Bangkok: your plans and overlaps" in html
    for heading in ("Drafts", "In review", "Published", "New overlaps of your initiatives",
                    "Collaborations you are in", "Upcoming events"):  # fmt: skip
        assert f">{heading}</h3>" in html, heading
    published = html[html.index(">Published</h3>") : html.index(">New overlaps")]
    assert plan_of("Bangkok").title in published
    overlaps = html[html.index(">New overlaps") : html.index(">Collaborations you")]
    assert "/cities/bangkok/overlaps/#initiative-" in overlaps
    for name in NEASCN_ONLY:  # Bangkok's editor may not read NEASCN
        assert name not in html


def test_a_coordinator_sees_plans_to_review_named_by_city_and_overlaps_to_decide(
    client_for,
):
    ascn = NetworkPage.objects.get(slug="ascn")
    bangkok = City.objects.get(name="Bangkok")
    data = plan_form(bangkok, initiative("Heritage Wi-Fi"), title="Heritage Plan 2026",
                     slug="heritage-2026", **{"action-submit": "Submit"})  # fmt: skip
    response = client_for("bangkok-editor").post(
        f"/admin/pages/add/action_plans/actionplanpage/{ascn.pk}/", data
    )
    assert response.status_code == 302
    html = client_for("ascn-coordinator").get("/admin/").content.decode()
    review = html[html.index("Plans awaiting your review") : html.index("Overlaps waiting for")]
    assert "Bangkok: Heritage Plan 2026" in review
    decide = html[html.index("Overlaps waiting for") :]
    assert re.search(r"ASCN: \d+ overlaps? waiting for a decision", decide)
    other = client_for("neascn-coordinator").get("/admin/").content.decode()
    assert "Heritage Plan 2026" not in other


def test_plans_carry_their_city_in_title_listing_and_admin_search(client, client_for):
    titles = [
        p.title for p in ActionPlanPage.objects.child_of(NetworkPage.objects.get(slug="ascn"))
    ]
    assert len(titles) == len(set(titles))  # no more ten identical "Smart City Action Plan 2018"
    assert plan_of("Bangkok").title == "Bangkok: Smart City Action Plan 2018"
    network_page = client.get("/ascn/").content.decode()
    assert "Bangkok: Smart City Action Plan 2018" in network_page
    found = client_for("ascn-coordinator").get("/admin/pages/search/?q=Bangkok").content.decode()
    assert f"/admin/pages/{plan_of('Bangkok').pk}/edit/" in found
    # An imported plan is named after its city too, and a second import updates it.
    rows = ("network,city,country,plan_title,period_start,period_end,initiative_id,title\n"
            "ASCN,Ipoh,Malaysia,Digital Plan,2026,2030,ipoh-1,Open data portal\n")  # fmt: skip
    for _ in range(2):
        import_plans(user=None, data=rows.encode(), filename="p.csv",
                     network=NetworkPage.objects.get(slug="ascn"))  # fmt: skip
    assert ActionPlanPage.objects.filter(title="Ipoh: Digital Plan").count() == 1


def test_who_else_does_this_is_a_panel_of_the_edit_page_that_follows_the_draft(client_for):
    plan = plan_of("Bangkok")
    editor = client_for("bangkok-editor")
    html = editor.get(f"/admin/pages/{plan.pk}/edit/").content.decode()
    url = f"/admin/plans/{plan.pk}/who-else/"
    assert f'data-who-else-url="{url}"' in html and "who_else.js" in html
    # A draft that does what another ASCN city's published initiative does, in its words.
    like = Initiative.objects.filter(plan__live=True, plan__city__name="DKI Jakarta").first()
    draft = {"initiatives-TOTAL_FORMS": "1", "initiatives-0-id": "",
             "initiatives-0-title": "Flood early warning with water-level sensors on canals",
             "initiatives-0-description": like.description}  # fmt: skip
    fragment = editor.post(url, draft).content.decode()
    assert "<html" not in fragment
    assert "Flood early warning with water-level sensors on canals" in fragment
    assert "<td>" in fragment  # initiatives of other cities that look like the draft one
    refused = client_for("seoul-editor").post(url, draft)
    assert refused.status_code in (302, 403, 404) and b"Flood early" not in refused.content
    page = editor.get(url).content.decode()
    assert f'href="/admin/pages/{plan.pk}/edit/">← Back to editing' in page


def test_a_signed_in_outsider_learns_what_a_members_only_space_is_and_asks_to_join(
    client, client_for
):
    neascn = NetworkPage.objects.get(slug="neascn")
    outsider = client_for("bangkok-editor")
    door = outsider.get("/neascn/")
    html = door.content.decode()
    assert door.status_code == 403 and "Ask to join" in html and neascn.title in html
    assert not any(name in html for name in NEASCN_ONLY)
    assert outsider.get("/neascn/plans/").status_code == 404  # the rest stays closed
    assert client.get("/neascn/").status_code == 404  # anonymous: hidden is like missing
    assert "how to ask to join" in outsider.get("/").content.decode()

    response = outsider.post("/networks/neascn/join/", {"organisation": "", "message": ""})
    assert response.status_code == 400 and "Name your city" in response.content.decode()
    response = outsider.post("/networks/neascn/join/",
                             {"organisation": "Bangkok Metropolitan Administration",
                              "message": "We host a river monitoring pilot."})  # fmt: skip
    assert response.status_code == 302
    assert "You asked to join" in outsider.get("/neascn/").content.decode()
    asked = MembershipRequest.objects.get(user__username="bangkok-editor")

    # Only NEASCN's coordinators see and decide it; it is logged.
    other = client_for("ascn-coordinator")
    assert "Bangkok Metropolitan" not in other.get("/admin/membership-requests/").content.decode()
    decide = f"/admin/membership-requests/{asked.pk}/"
    assert other.post(decide, {"decision": "approve"}).status_code == 404
    coordinator = client_for("neascn-coordinator")
    assert "Bangkok Metropolitan" in coordinator.get("/admin/membership-requests/").content.decode()
    assert coordinator.post(decide, {"decision": "approve"}).status_code == 302
    user = get_user_model().objects.get(username="bangkok-editor")
    assert can_view_network(user, neascn)
    assert client_for("bangkok-editor").get("/neascn/").status_code == 200
    assert ModelLogEntry.objects.filter(action="portal.membership_approved",
                                        user__username="neascn-coordinator").exists()  # fmt: skip
    assert ModelLogEntry.objects.filter(action="portal.membership_requested").exists()


def test_a_coordinator_declines_a_request(client_for):
    client_for("ascn-viewer").post("/networks/neascn/join/", {"organisation": "Da Nang"})
    asked = MembershipRequest.objects.get(user__username="ascn-viewer")
    coordinator = client_for("neascn-coordinator")
    coordinator.post(f"/admin/membership-requests/{asked.pk}/", {"decision": "decline"})
    asked.refresh_from_db()
    assert asked.status == "declined" and asked.decided_by.username == "neascn-coordinator"
    assert client_for("ascn-viewer").get("/neascn/plans/").status_code == 404
    assert ModelLogEntry.objects.filter(action="portal.membership_declined").exists()


def test_password_reset_by_email(client, demo_password):
    assert 'href="/accounts/password-reset/"' in client.get("/accounts/login/").content.decode()
    mail.outbox.clear()
    response = client.post("/accounts/password-reset/", {"email": "seoul-editor@demo.wego.example"})
    assert response.status_code == 302 and len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    form = client.get(link.split("testserver", 1)[1], follow=True)
    assert "Choose a new password" in form.content.decode()
    new = "canal-sensors-2027"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert client.login(username="seoul-editor", password=new)
    user = get_user_model().objects.get(username="seoul-editor")
    user.set_password(demo_password)
    user.save()


def test_members_and_roles_finds_people_by_search_and_starts_with_no_role(client_for):
    newcomer = get_user_model().objects.create_user(
        "tokyo-guest", email="guest@tokyo.example", first_name="Haruka", last_name="Sato"
    )
    client = client_for("ascn-coordinator")
    html = client.get("/admin/roles/ascn/?q=sato").content.decode()
    assert f'name="user" value="{newcomer.pk}"' in html and "Haruka Sato" in html
    assert 'name="username"' not in html.split("<h2>Grant a role</h2>")[1]
    role = html[html.index('name="role"') : html.index("</select>", html.index('name="role"'))]
    assert '<option value="" selected>Choose a role</option>' in role
    response = client.post("/admin/roles/ascn/", {"user": newcomer.pk, "role": ""})
    assert response.status_code == 400 and "Choose a role." in response.content.decode()
    assert (
        client.post("/admin/roles/ascn/", {"user": newcomer.pk, "role": "viewer"}).status_code
        == 302
    )
    assert can_view_network(newcomer, NetworkPage.objects.get(slug="ascn"))


def test_revoking_ones_own_coordinator_role_asks_first(client_for):
    client = client_for("ascn-coordinator")
    mine = {"username": "ascn-coordinator", "role": "coordinator"}
    page = client.post("/admin/roles/ascn/revoke/", mine)
    assert page.status_code == 200 and "Revoke your own role?" in page.content.decode()
    assert client.get("/admin/roles/ascn/").status_code == 200  # still a coordinator
    assert client.post("/admin/roles/ascn/revoke/", {**mine, "confirm": "yes"}).status_code == 302
    assert client.get("/admin/roles/ascn/").status_code in (302, 404)  # shut out, as warned


def test_the_migration_names_the_city_in_existing_plans_and_their_latest_revision():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("action_plans.migrations.0004_plan_titles_name_their_city")
    plan = plan_of("Kuching")
    plan.title = plan.draft_title = "Smart City Action Plan 2018"
    plan.save()
    revision = plan.save_revision()
    migration.name_the_city(apps, None)
    plan.refresh_from_db()
    revision.refresh_from_db()
    assert plan.title == plan.draft_title == "Kuching: Smart City Action Plan 2018"
    assert revision.content["title"] == "Kuching: Smart City Action Plan 2018"
    migration.name_the_city(apps, None)  # twice changes nothing
    plan.refresh_from_db()
    assert plan.title == "Kuching: Smart City Action Plan 2018"
