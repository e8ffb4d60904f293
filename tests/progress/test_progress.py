"""Progress of initiatives: an editor files an update in the admin, a coordinator approves it,
and the stage it states is the one shown on the initiative, plan, overlap pages and API."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import APIToken, ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from action_plans.models import ActionPlanPage, Initiative
from api.models import TokenScope
from networks.models import NetworkPage
from progress.models import ProgressUpdate
from progress.services import attach_initiative
from search.models import Overlap

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/snippets/progress/progressupdate/add/"


def write_token(user) -> tuple[APIToken, str]:
    """A personal token with the write scope (a read token may not write)."""
    token, key = APIToken.create_token(user=user, name="test")
    TokenScope.objects.create(token=token, scope="write")
    return token, key


def update_form(initiative, **extra) -> dict:
    return nested_form_data({
        "initiative": str(initiative.uid), "date": "2026-06-30", "stage": "operating",
        "completion": "80", "narrative": "Sensors run in two districts.", "funding_secured": "",
        "partners_engaged": "", "source_url": "",
        "indicators": inline_formset([{"name": "Sensors installed", "unit": "units",
                                       "baseline": "", "target": "100", "year": "2026",
                                       "value": "40"}]),
        **extra,
    })  # fmt: skip


def planned_pair() -> tuple[Initiative, Initiative, Overlap]:
    """Two ASCN initiatives of different cities, both at the planning stage and without
    progress, that overlap: no "done there, planned here" lesson until one reports progress."""
    ascn = NetworkPage.objects.get(slug="ascn")
    in_ascn = ActionPlanPage.objects.child_of(ascn).values("pk")
    reported = ProgressUpdate.objects.values("initiative_uid")
    pairs = (
        Overlap.objects.exclude(state="dismissed")
        .filter(a__plan__in=in_ascn, b__plan__in=in_ascn, a__stage="planning", b__stage="planning")
        .exclude(a__uid__in=reported).exclude(b__uid__in=reported)
        .select_related("a__plan__city", "b__plan__city").order_by("-score")
    )  # fmt: skip
    for pair in pairs:
        if pair.a.plan.city_id != pair.b.plan.city_id:
            return pair.a, pair.b, pair
    pytest.fail("the demo has no ASCN pair with both sides planned")


def city_editor(city) -> Client:
    """A new account holding the editor role of ``city``, signed in."""
    from networks.services import grant_role

    user = get_user_model().objects.create_user("city-editor", "city-editor@example.org")
    grant_role(user=user, role="editor", city=city)
    client = Client()
    client.force_login(user)
    return client


def post_step(client, update, step):
    return client.post(f"/admin/progress/updates/{update.pk}/{step}/")


def test_editor_files_coordinator_approves_stage_shown_everywhere(client_for, client):
    mine, other, pair = planned_pair()
    city = mine.plan.city
    editor = city_editor(city)
    assert editor.get(ADD_URL).status_code == 200
    response = editor.post(ADD_URL, update_form(mine))
    assert response.status_code == 302, response.content.decode()[:3000]
    update = ProgressUpdate.objects.get(initiative_uid=mine.uid, date="2026-06-30")
    assert update.status == "draft" and update.city == city
    assert update.indicators.get().value == 40

    lessons = (f"/ascn/overlaps/?city={city.slug}&with={other.plan.city.slug}&lessons=1"
               f"&min_score=0&tier=all&state={pair.state}")  # fmt: skip
    done_here = f"{city.name} has done it (operating)"
    api_item = f"/api/v1/initiatives/{mine.public_id}/"
    assert client.get(api_item).json()["stage"] == "planning"
    assert done_here not in client.get(lessons).content.decode()

    # Submit; the editor may not approve, another network's coordinator cannot even see it.
    assert editor.get(f"/admin/progress/updates/{update.pk}/submit/").status_code == 200
    post_step(editor, update, "submit")
    update.refresh_from_db()
    assert update.status == "submitted" and update.submitted_by.username == "city-editor"
    post_step(editor, update, "approve")
    assert post_step(client_for("neascn-coordinator"), update, "approve").status_code == 404
    update.refresh_from_db()
    assert update.status == "submitted"
    assert client.get(api_item).json()["stage"] == "planning"  # not approved: not shown

    dashboard = client_for("ascn-coordinator").get("/admin/").content.decode()
    assert "awaiting your approval" in dashboard and mine.title in dashboard
    post_step(client_for("ascn-coordinator"), update, "approve")
    update.refresh_from_db()
    assert update.status == "approved" and update.approved_by.username == "ascn-coordinator"
    actions = set(ModelLogEntry.objects.for_instance(update).values_list("action", flat=True))
    assert {"wagtail.create", "progress.submit", "progress.approve"} <= actions
    assert update.revisions.count() >= 2

    # The stage shown: initiative page, plan page, overlap pages, API.
    page = client.get(f"/initiatives/{mine.uid}/").content.decode()
    assert "Operating" in page and "80% complete" in page
    assert "Sensors installed" in page and "<td>40</td>" in page and "<td>100</td>" in page
    assert "Operating, 80% complete" in client.get(mine.plan.url).content.decode()
    assert done_here in client.get(lessons).content.decode()
    # The other city's page: the lesson to learn from this city.
    other_page = client.get(f"/cities/{other.plan.city.slug}/overlaps/?min_score=0&lessons=1"
                            "&tier=all").content.decode()  # fmt: skip
    assert "Done there, planned here" in other_page and mine.title in other_page
    assert client.get(api_item).json()["stage"] == "operating"
    stage = client.get(f"/api/v1/initiatives/{mine.public_id}/stage/").json()
    assert stage == {"initiative_id": mine.public_id, "stage": "operating", "label": "Operating",
                     "completion": 80, "as_of": "2026-06-30"}  # fmt: skip

    # An approved update is a record: the editor may no longer change it.
    edit = f"/admin/snippets/progress/progressupdate/edit/{update.pk}/"
    assert editor.get(edit).status_code != 200
    assert client_for("ascn-coordinator").get(edit).status_code == 200


def test_editor_cannot_file_for_another_city_or_twice_a_day(client_for):
    editor = client_for("bangkok-editor")
    seoul = Initiative.objects.filter(plan__city__name="Seoul").first()
    response = editor.post(ADD_URL, update_form(seoul))
    assert response.status_code == 200 and "Choose one of your cities" in response.content.decode()
    mine = Initiative.objects.filter(plan__city__name="Bangkok", plan__live=True).first()
    assert editor.post(ADD_URL, update_form(mine)).status_code == 302
    again = editor.post(ADD_URL, update_form(mine))
    assert "already has an update of that day" in again.content.decode()
    assert not ProgressUpdate.objects.filter(initiative_uid=seoul.uid).exists()


def test_completed_means_100_percent(client_for):
    mine = Initiative.objects.filter(plan__city__name="Bangkok", plan__live=True).first()
    response = client_for("bangkok-editor").post(
        ADD_URL, update_form(mine, stage="completed", completion="60")
    )
    assert response.status_code == 200
    assert "A completed initiative is 100% complete." in response.content.decode()


def test_demo_progress_is_what_the_sources_state(client):
    """Every demo update cites one of its initiative's own sources, and only initiatives whose
    description reports progress have one: nothing invented."""
    from django.conf import settings

    records = {}
    with open(settings.BASE_DIR / "data" / "initiatives.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            records[r["id"]] = r
    updates = ProgressUpdate.objects.filter(status="approved", submitted_by__isnull=True)
    assert updates.count() >= 20
    for update in updates:
        item = Initiative.objects.get(uid=update.initiative_uid)
        record = records[item.external_id]
        assert update.source_url in [record["source_url"], *record.get("additional_sources", [])]
        assert str(update.date.year) in update.source_url
    jakpreneur = Initiative.objects.get(external_id="jkt_jakpreneur")
    shown = client.get(f"/api/v1/initiatives/{jakpreneur.public_id}/progress/").json()
    assert float(shown["items"][0]["indicators"][0]["value"]) == 400000
    page = client.get(f"/initiatives/{jakpreneur.uid}/").content.decode()
    assert "MSMEs registered" in page and "Operating" in page


def test_api_writes_for_editors_with_a_token(client):
    user = get_user_model().objects.get(username="bangkok-editor")
    _, key = write_token(user)
    mine = Initiative.objects.filter(plan__city__name="Bangkok", plan__live=True).first()
    url = f"/api/v1/initiatives/{mine.public_id}/progress/"
    indicator = {"name": "Districts covered", "unit": "districts", "year": 2026, "value": 3}
    body = {"date": "2026-03-31", "stage": "implementing", "completion": 30,
            "narrative": "Tender awarded.", "indicators": [indicator]}  # fmt: skip
    assert client.post(url, body, content_type="application/json").status_code == 401
    _, read_key = APIToken.create_token(user=user, name="read only")  # no scope: read
    refused = client.post(url, body, content_type="application/json",
                          HTTP_AUTHORIZATION=f"Bearer {read_key}")  # fmt: skip
    assert refused.status_code == 403
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    response = client.post(url, body, content_type="application/json", **auth)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    again = client.post(url, body, content_type="application/json", **auth)
    assert again.json()["id"] == response.json()["id"]  # idempotent by initiative and date
    bad = client.post(url, {**body, "stage": "finished"}, content_type="application/json", **auth)
    assert bad.status_code == 400 and "stage" in bad.json()["message"]
    coordinator = get_user_model().objects.get(username="ascn-coordinator")
    _, ckey = write_token(coordinator)
    approve = f"/api/v1/progress/{response.json()['id']}/approve"
    assert client.post(approve, **auth).status_code == 400  # editors do not approve
    done = client.post(approve, HTTP_AUTHORIZATION=f"Bearer {ckey}")
    assert done.status_code == 200 and done.json()["status"] == "approved"
    assert client.get(f"/api/v1/initiatives/{mine.public_id}/").json()["stage"] == "implementing"
    schema = client.get("/api/v1/schema/").json()["paths"]
    for path in ("/api/v1/initiatives/{initiative_id}/progress/",
                 "/api/v1/networks/{slug}/rounds/", "/api/v1/progress/{update_id}/approve",
                 "/api/v1/networks/{slug}/rounds/{year}/report/"):  # fmt: skip
        assert path in schema, path


def test_the_initiative_list_filters_by_the_stage_it_shows(client):
    """An initiative whose latest approved update says "operating" is found by that stage,
    not by the plan's older one; one without updates keeps its plan's stage."""
    item = Initiative.objects.filter(plan__city__name="Bangkok", plan__live=True,
                                     stage="planning").first()  # fmt: skip
    untouched = Initiative.objects.filter(plan__city__name="Singapore", plan__live=True,
                                          stage="planning").first()  # fmt: skip
    update = ProgressUpdate(date="2026-03-31", stage="operating", completion=80,
                            status="approved")  # fmt: skip
    attach_initiative(update=update, initiative=item)
    update.save()
    operating = client.get("/ascn/plans/?stage=operating&city=bangkok")
    assert operating.status_code == 200
    html = operating.content.decode()
    assert item.title in html and "<td>Operating</td>" in html
    planning = client.get("/ascn/plans/?stage=planning&city=bangkok").content.decode()
    assert item.title not in planning
    singapore = client.get("/ascn/plans/?stage=planning&city=singapore").content.decode()
    assert untouched.title in singapore
    page = client.get("/ascn/plans/").content.decode()
    assert '<option value="operating">Operating</option>' in page


def test_api_runs_a_round_for_its_coordinators(client, django_capture_on_commit_callbacks):
    from django.core import mail

    ascn = NetworkPage.objects.get(slug="ascn")
    round_ = ascn.monitoring_rounds.filter(status="open").first()
    coordinator = get_user_model().objects.get(username="ascn-coordinator")
    editor = get_user_model().objects.get(username="bangkok-editor")
    as_coordinator = {"HTTP_AUTHORIZATION": f"Bearer {write_token(coordinator)[1]}"}
    as_editor = {"HTTP_AUTHORIZATION": f"Bearer {write_token(editor)[1]}"}
    base = f"/api/v1/networks/ascn/rounds/{round_.year}"
    nudge = {"city": "bangkok"}
    assert client.post(f"{base}/nudge", nudge, content_type="application/json",
                       **as_editor).status_code == 403  # fmt: skip
    unknown = client.post(f"{base}/nudge", {"city": "atlantis"}, content_type="application/json",
                          **as_coordinator)  # fmt: skip
    assert unknown.status_code == 400 and unknown.json()["field"] == "city"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"{base}/nudge", nudge, content_type="application/json",
                           **as_coordinator)  # fmt: skip
    assert done.status_code == 200
    assert any("awaited" in m.subject for m in mail.outbox if "bangkok-editor" in m.to[0])
    assert client.post(f"{base}/close", **as_editor).status_code == 403
    assert (
        client.post("/api/v1/networks/ascn/rounds/1999/close", **as_coordinator).status_code == 404
    )
    closed = client.post(f"{base}/close", **as_coordinator)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert closed.json()["report_url"] == f"/progress/ascn/rounds/{round_.year}/"
    again = client.post(f"{base}/close", **as_coordinator)
    assert again.status_code == 400 and "already closed" in again.json()["message"]
    schema = client.get("/api/v1/schema/").json()["paths"]
    assert "/api/v1/networks/{slug}/rounds/{year}/close" in schema
    assert "/api/v1/networks/{slug}/rounds/{year}/nudge" in schema
