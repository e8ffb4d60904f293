"""A city editor drafts a plan in the admin and submits it; the coordinator approves it; the
public sees it. Through the same HTTP forms a browser posts."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from action_plans.models import ActionPlanPage
from networks.models import City, NetworkPage

pytestmark = pytest.mark.django_db


def initiative(title: str, **extra) -> dict:
    return {"title": title, "description": f"{title} for the old town.", "focus_areas": ["civic"],
            "sdgs": ["11"], "horizon": "short", "stage": "planning", "start_year": "2026",
            "end_year": "2027", "budget": "", "currency": "", "partners_sought": "",
            "external_id": "", **extra}  # fmt: skip


def plan_form(city: City, *items: dict, **extra) -> dict:
    return nested_form_data({
        "title": "Bangkok Smart City Action Plan 2026", "slug": "bangkok-scap-2026",
        "city": city.pk, "period_start": "2026", "period_end": "2030", "horizon": "medium",
        "summary": "Three steps for the old town.", "source_url": "",
        "initiatives": inline_formset(list(items)), **extra,
    })  # fmt: skip


def test_editor_drafts_and_submits_coordinator_approves_public_sees(client_for, client):
    ascn = NetworkPage.objects.get(slug="ascn")
    bangkok = City.objects.get(name="Bangkok")
    editor = client_for("bangkok-editor")
    data = plan_form(bangkok, initiative("Heritage Wi-Fi"), initiative("Canal clean-up"),
                     initiative("Night market app"), **{"action-submit": "Submit"})  # fmt: skip
    response = editor.post(f"/admin/pages/add/action_plans/actionplanpage/{ascn.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = ActionPlanPage.objects.get(slug="bangkok-scap-2026")
    assert plan.status == "in_review" and not plan.live
    assert client.get("/ascn/bangkok-scap-2026/").status_code == 404

    # Another network's coordinator cannot approve; the network's own can.
    task_state = plan.current_workflow_task_state
    url = f"/admin/pages/workflow/action/{plan.pk}/approve/{task_state.pk}/"
    assert client_for("neascn-coordinator").post(url).status_code in (302, 403)
    plan.refresh_from_db()
    assert not plan.live
    response = client_for("ascn-coordinator").post(url)
    assert response.status_code in (200, 302)
    plan.refresh_from_db()
    assert plan.live and plan.status == "published"
    page = client.get("/ascn/bangkok-scap-2026/").content.decode()
    for title in ("Heritage Wi-Fi", "Canal clean-up", "Night market app"):
        assert title in page
    uids = sorted(plan.initiatives.values_list("uid", flat=True))
    assert len(uids) == 3


def test_editor_cannot_publish_directly(client_for):
    ascn = NetworkPage.objects.get(slug="ascn")
    bangkok = City.objects.get(name="Bangkok")
    data = plan_form(bangkok, initiative("Heritage Wi-Fi"), **{"action-publish": "Publish"})
    client_for("bangkok-editor").post(
        f"/admin/pages/add/action_plans/actionplanpage/{ascn.pk}/", data
    )
    plan = ActionPlanPage.objects.filter(slug="bangkok-scap-2026").first()
    assert plan is None or not plan.live


def test_validation_errors_are_shown_next_to_the_field(client_for):
    ascn = NetworkPage.objects.get(slug="ascn")
    bangkok = City.objects.get(name="Bangkok")
    data = plan_form(bangkok, initiative("Heritage Wi-Fi", budget="100", currency="XYZ",
                                         start_year="2040"))  # fmt: skip
    response = client_for("bangkok-editor").post(
        f"/admin/pages/add/action_plans/actionplanpage/{ascn.pk}/", data
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "is not an ISO 4217 currency code" in html
    assert "2040 is outside the plan" in html
    assert not ActionPlanPage.objects.filter(slug="bangkok-scap-2026").exists()


def test_a_city_editor_cannot_file_a_plan_for_another_city(client_for):
    ascn = NetworkPage.objects.get(slug="ascn")
    singapore = City.objects.get(name="Singapore")
    data = plan_form(singapore, initiative("Heritage Wi-Fi"), **{"action-submit": "Submit"})
    response = client_for("bangkok-editor").post(
        f"/admin/pages/add/action_plans/actionplanpage/{ascn.pk}/", data
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ActionPlanPage.objects.filter(slug="bangkok-scap-2026").exists()


def test_who_else_does_this_shows_similar_initiatives_of_a_draft(client_for):
    ascn = NetworkPage.objects.get(slug="ascn")
    bangkok = City.objects.get(name="Bangkok")
    editor = client_for("bangkok-editor")
    draft = initiative("Integrated Operations Centre",
                       description="An integrated operations centre with CCTV and a city "
                       "dashboard to run traffic and emergencies.")  # fmt: skip
    editor.post(f"/admin/pages/add/action_plans/actionplanpage/{ascn.pk}/",
                plan_form(bangkok, draft))  # fmt: skip
    plan = ActionPlanPage.objects.get(slug="bangkok-scap-2026")
    assert not plan.live
    edit = editor.get(f"/admin/pages/{plan.pk}/edit/").content.decode()
    assert f"/admin/plans/{plan.pk}/who-else/" in edit
    html = editor.get(f"/admin/plans/{plan.pk}/who-else/").content.decode()
    assert "Integrated Operations Centre" in html
    assert "Kuching" in html or "Ipoh" in html  # cities running an IOC
    assert "Seoul" not in html  # NEASCN is members-only and Bangkok is not a member
    other = client_for("seoul-editor").get(f"/admin/plans/{plan.pk}/who-else/")
    assert other.status_code in (302, 403)
