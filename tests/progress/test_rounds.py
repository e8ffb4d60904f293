"""The monitoring round from opening to report, and the import and export of updates."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from action_plans.models import Initiative
from networks.models import NetworkPage
from progress.models import MonitoringRound, ProgressUpdate

pytestmark = pytest.mark.django_db
EDITOR_MAIL = "bangkok-editor@demo.wego.example"


def to_editor() -> list:
    return [m for m in mail.outbox if m.to == [EDITOR_MAIL]]


def test_round_opened_reminded_nudged_closed_and_reported(
    client_for, client, django_capture_on_commit_callbacks
):
    ascn = NetworkPage.objects.get(slug="ascn")
    MonitoringRound.objects.filter(network=ascn, status="open").delete()  # the demo's round
    today = timezone.localdate()
    coordinator = client_for("ascn-coordinator")
    assert client_for("bangkok-editor").get("/admin/progress/rounds/").status_code == 404
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post("/admin/progress/rounds/", {
            "network": ascn.pk, "year": today.year, "deadline": today + timedelta(days=10),
            "message": "Please report by the deadline.",
        })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    round_ = MonitoringRound.objects.get(network=ascn, year=today.year)
    invitations = to_editor()
    assert len(invitations) == 1 and "monitoring round is open" in invitations[0].subject
    assert "Please report by the deadline." in invitations[0].body
    assert not [m for m in mail.outbox if "seoul-editor" in m.to[0]]  # not an ASCN city

    # The editor's dashboard asks for Bangkok's report; a second round is refused.
    editor = client_for("bangkok-editor")
    dashboard = editor.get("/admin/").content.decode()
    assert f"ASCN monitoring round {today.year}" in dashboard and "to report" in dashboard
    again = coordinator.post(
        "/admin/progress/rounds/",
        {"network": ascn.pk, "year": today.year + 1, "deadline": today + timedelta(days=20)},
    )
    assert again.status_code == 400 and "Close the open round first" in again.content.decode()

    # Nudge, then the scheduled reminder: only cities that have not reported hear of it.
    detail = f"/admin/progress/rounds/{round_.pk}/"
    bangkok = Initiative.objects.filter(plan__city__name="Bangkok", plan__live=True).first()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(detail, {"city": bangkok.plan.city_id})
    assert len(to_editor()) == 1 and "awaited" in to_editor()[0].subject
    assert client_for("neascn-coordinator").get(detail).status_code == 404
    mail.outbox.clear()
    call_command("send_round_reminders", "--today", str(today + timedelta(days=20)))
    assert not to_editor()  # past the deadline: no reminder
    call_command("send_round_reminders", "--today", str(today + timedelta(days=3)))
    assert len(to_editor()) == 1 and "Reminder" in to_editor()[0].subject
    call_command("send_round_reminders", "--today", str(today + timedelta(days=3)))
    assert len(to_editor()) == 1  # once a day

    # Bangkok reports; the coordinator sees it and approves; no more reminders for Bangkok.
    form = nested_form_data({
        "initiative": str(bangkok.uid), "date": str(today), "stage": "implementing",
        "completion": "25", "narrative": "Pilot running.", "funding_secured": "City budget",
        "partners_engaged": "", "source_url": "", "indicators": inline_formset([]),
    })  # fmt: skip
    assert editor.post("/admin/snippets/progress/progressupdate/add/", form).status_code == 302
    update = ProgressUpdate.objects.get(initiative_uid=bangkok.uid, date=today)
    editor.post(f"/admin/progress/updates/{update.pk}/submit/")
    assert "Bangkok: reported" in editor.get("/admin/").content.decode()
    page = coordinator.get(detail).content.decode()
    assert "Nudge Bangkok" not in page and "Nudge Cebu City" in page
    coordinator.post(f"/admin/progress/updates/{update.pk}/approve/")
    mail.outbox.clear()
    call_command("send_round_reminders", "--today", str(today + timedelta(days=4)))
    assert not to_editor()

    # The report: coordinators preview it while open; once closed the public reads it.
    report = f"/progress/ascn/rounds/{today.year}/"
    assert client.get(report).status_code == 404
    assert coordinator.get(report).status_code == 200
    coordinator.post(detail, {"close": "1"})
    round_.refresh_from_db()
    assert round_.status == "closed"
    html = client.get(report).content.decode()
    assert f"monitoring report {today.year}" in html and bangkok.title in html
    assert "Implementing" in html and "25%" in html
    csv = client.get(report + "report.csv").content.decode()
    assert bangkok.title in csv and "implementing".title() in csv
    xlsx = client.get(report + "report.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get("/progress/ascn/").status_code == 200
    assert client.get(f"/api/v1/networks/ascn/rounds/{today.year}/report/").status_code == 200


def test_demo_round_report_shows_stage_movement(client):
    from progress.rounds import monitoring_report

    round_ = MonitoringRound.objects.get(network__slug="ascn", year=2025)
    assert (
        monitoring_report(round_=round_, user=AnonymousUser())["stalled"] == []
    )  # unreported is not stalled
    html = client.get("/progress/ascn/rounds/2025/").content.decode()
    assert "monitoring report 2025" in html
    # Vientiane's wastewater plant was under construction in 2024 and reported again in 2025.
    assert "Wastewater Treatment System" in html and "JakPreneur" in html
    assert "<td>not reported</td><td>Stopped</td>" in html  # Nay Pyi Taw, after the earthquake
    assert "<td>Planning</td><td>Implementing</td>" in html  # Johor Bahru's analytics centre


def test_stalled_for_two_rounds(client):
    from progress.rounds import monitoring_report
    from progress.services import attach_initiative

    ascn = NetworkPage.objects.get(slug="ascn")
    item = Initiative.objects.filter(plan__city__name="Bangkok", plan__live=True).first()
    for year in (2023, 2024, 2025):
        update = ProgressUpdate(date=f"{year}-06-30", stage="implementing", completion=40,
                                status="approved")  # fmt: skip
        attach_initiative(update=update, initiative=item)
        update.save()
    report = monitoring_report(
        round_=MonitoringRound.objects.get(network=ascn, year=2025), user=AnonymousUser()
    )
    assert [r["initiative"] for r in report["stalled"]] == [item]
    assert item.title in client.get("/progress/ascn/rounds/2025/").content.decode()


CSV_HEADER = ("initiative_id,date,stage,completion,narrative,funding_secured,partners_engaged,"
              "source_url,indicator,unit,baseline,target,year,value\n")  # fmt: skip


def test_import_all_or_nothing_with_line_numbers_and_idempotent(client_for):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from progress.io import import_updates

    editor = client_for("bangkok-editor")
    mine = Initiative.objects.filter(plan__city__name="Bangkok", plan__live=True).first()
    seoul = Initiative.objects.filter(plan__city__name="Seoul").first()
    good = f"{mine.public_id},2026-05-01,implementing,50,Half done,,,,Lamps,units,0,200,2026,90\n"
    bad = (CSV_HEADER + good + f"{seoul.public_id},2026-05-01,planning,,,,,,,,,,,\n"
           f"{mine.public_id},2026-13-01,finished,120,,,,,,,,,,\n")  # fmt: skip
    before = ProgressUpdate.objects.count()

    response = editor.post(
        "/admin/progress/import/", {"file": SimpleUploadedFile("updates.csv", bad.encode())}
    )
    body = response.content.decode()
    assert response.status_code == 400 and "Nothing was imported" in body
    assert "line 3: initiative" in body and "line 4:" in body and "not a date" in body
    assert ProgressUpdate.objects.count() == before

    user = get_user_model().objects.get(username="bangkok-editor")
    first = import_updates(user=user, data=(CSV_HEADER + good).encode(), filename="u.csv")
    assert first.ok and first.created == 1 and first.approved == 0
    update = ProgressUpdate.objects.get(initiative_uid=mine.uid, date="2026-05-01")
    assert update.status == "submitted" and update.indicators.get().value == 90
    again = import_updates(user=user, data=(CSV_HEADER + good).encode(), filename="u.csv")
    assert again.ok and again.unchanged == 1 and again.created == again.updated == 0
    assert update.revisions.count() == 1


def test_export_round_trips_in_every_format(client_for, client):
    from django.contrib.auth import get_user_model

    from progress.io import import_updates

    coordinator = get_user_model().objects.get(username="ascn-coordinator")
    count = ProgressUpdate.objects.count()
    for fmt in ("csv", "xlsx", "jsonl"):
        response = client.get(f"/progress/ascn/export/{fmt}/")
        assert response.status_code == 200
        result = import_updates(user=coordinator, data=response.content, filename=f"x.{fmt}")
        assert result.ok, result.errors
        assert result.created == result.updated == 0 and result.unchanged > 15
    assert ProgressUpdate.objects.count() == count
    assert client.get("/progress/ascn/export/pdf/").status_code == 404
    assert "cheonan" not in client.get("/progress/ascn/export/csv/").content.decode().lower()


def test_a_member_city_without_initiatives_is_not_asked_to_report():
    from networks.models import City, Membership
    from progress.rounds import reporting_status, unreported_city_ids

    ascn = NetworkPage.objects.get(slug="ascn")
    empty = City.objects.create(name="Newtown", slug="newtown", country="Laos")
    Membership.objects.create(network=ascn, city=empty)
    round_ = MonitoringRound.objects.get(network=ascn, year=2025)
    assert empty.pk in [r["city"].pk for r in reporting_status(round_=round_)]
    unreported = unreported_city_ids(round_=round_)
    assert unreported and empty.pk not in unreported


def test_report_stage_totals_add_up_to_the_networks_initiatives():
    from progress.rounds import monitoring_report

    round_ = MonitoringRound.objects.get(network__slug="ascn", year=2025)
    report = monitoring_report(round_=round_, user=AnonymousUser())
    initiatives = sum(len(rows) for _, rows in report["cities"])
    assert sum(t["now"] for t in report["stage_totals"]) == initiatives
    assert sum(t["before"] for t in report["stage_totals"]) == initiatives
    assert report["stage_totals"][-1]["stage"] == "No update yet"
