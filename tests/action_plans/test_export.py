"""Export in the import format, round-trip safe; the plans index and its filters."""

import csv
import io

import pytest
from openpyxl import load_workbook

from action_plans.models import ActionPlanPage
from action_plans.services import import_plans

pytestmark = pytest.mark.django_db


def snapshot(plan: ActionPlanPage) -> list[tuple]:
    return sorted(
        plan.initiatives.values_list("uid", "external_id", "title", "description", "focus_areas",
                                     "sdgs", "horizon", "stage", "budget", "currency")
    )  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_gives_the_same_plan(client, fmt):
    plan = ActionPlanPage.objects.get(city__name="Bangkok")
    item = plan.initiatives.first()
    item.external_id = ""  # one initiative known by its uid only
    item.save()
    before = snapshot(plan)
    response = client.get(plan.url + f"export/{fmt}/")
    assert response.status_code == 200
    assert f'filename="{plan.slug}.{fmt}"' in response["Content-Disposition"]
    result = import_plans(user=None, data=response.content, filename=f"plan.{fmt}")
    assert result.ok, result.errors
    assert result.initiatives_created == 0
    plan.refresh_from_db()
    assert snapshot(plan) == before


def test_network_export_lists_every_visible_plan(client, client_for):
    content = client.get("/ascn/export/csv/").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert {r["network"] for r in rows} == {"ascn"}
    assert len({r["city"] for r in rows}) >= 26
    assert client.get("/neascn/export/csv/").status_code == 404  # anonymous: like a made-up URL
    assert client_for("ascn-viewer").get("/neascn/export/xlsx/").status_code == 404
    book = load_workbook(io.BytesIO(client_for("seoul-editor").get("/neascn/export/xlsx/").content))
    cities = {row[1] for row in book.active.iter_rows(min_row=2, values_only=True)}
    assert "Seoul" in cities


def test_csv_exports_start_with_the_utf8_mark_spreadsheets_need(client):
    """Without the BOM, spreadsheet programs read the file as a local code page and Thai or
    Korean text turns into mojibake; every CSV the portal writes starts with it."""
    plan = ActionPlanPage.objects.get(city__name="Bangkok")
    item = plan.initiatives.first()
    item.title = "ระบบเตือนภัยน้ำท่วม"
    item.save()
    for url in (plan.url + "export/csv/", "/ascn/export/csv/"):
        content = client.get(url).content
        assert content.startswith(b"\xef\xbb\xbf"), url
        assert "ระบบเตือนภัยน้ำท่วม" in content.decode("utf-8-sig")


def test_plans_index_filters(client):
    html = client.get("/ascn/plans/?city=bangkok").content.decode()
    assert "Bangkok" in html and "Singapore</td>" not in html
    env = client.get("/ascn/plans/?focus_area=environment").content.decode()
    assert "Clean River Management Projects" in env
    assert "Revitalise Kampong Ayer" not in env
    assert client.get("/ascn/plans/?year=2026").status_code == 200
    assert "No initiative matches." in client.get("/ascn/plans/?year=2050").content.decode()


@pytest.mark.parametrize(
    "query,field",
    [
        ("sdg=18", "sdg"),
        ("stage=dreaming", "stage"),
        ("year=soon", "year"),
        ("focus_area=x", "focus_area"),
    ],
)
def test_bad_filters_get_a_message_and_a_400(client, query, field):
    response = client.get(f"/ascn/plans/?{query}")
    assert response.status_code == 400
    assert f"{field}:" in response.content.decode()


def test_unknown_export_format_is_a_404(client):
    assert client.get("/ascn/export/pdf/").status_code == 404
