import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from action_plans.importer import COLUMNS
from action_plans.models import ActionPlanPage, Initiative

pytestmark = pytest.mark.django_db


def write_csv(tmp_path, rows, name="plan.csv"):
    path = tmp_path / name
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})
    return path


def good(n: int, **extra) -> dict:
    return {
        "network": "ascn", "city": "Da Nang", "country": "Viet Nam",
        "plan_title": "Da Nang Digital Plan 2026", "period_start": "2026", "period_end": "2030",
        "initiative_id": f"dn_test_{n}", "title": f"Initiative {n}: 스마트 교통 / จราจร",
        "description": "Traffic signals that adapt to congestion.",
        "focus_areas": "Built infrastructure",
        "sdgs": "9;11", "horizon": "short", "stage": "planning", "budget": "120000",
        "currency": "USD", "partners_sought": "Signal vendors",
    } | extra  # fmt: skip


def test_a_file_with_two_bad_rows_imports_nothing_and_names_both(tmp_path):
    path = write_csv(tmp_path, [good(1), good(2, sdgs="18"), good(3), good(4, currency="XYZ")])
    before = Initiative.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 bad row"):
        call_command("import_plans", str(path), stdout=io.StringIO(), stderr=err)
    assert "line 3: SDG “18” is not a number from 1 to 17" in err.getvalue()
    assert "line 5: currency “XYZ” is not an ISO 4217 code" in err.getvalue()
    assert Initiative.objects.count() == before


def test_a_good_file_imported_twice_leaves_one_plan_with_the_same_ids(tmp_path):
    path = write_csv(tmp_path, [good(1), good(2), good(3)])
    call_command("import_plans", str(path), stdout=io.StringIO())
    plan = ActionPlanPage.objects.get(title="Da Nang Digital Plan 2026")
    uids = sorted(plan.initiatives.values_list("uid", flat=True))
    assert plan.live and len(uids) == 3
    call_command("import_plans", str(path), stdout=io.StringIO())
    assert ActionPlanPage.objects.filter(title="Da Nang Digital Plan 2026").count() == 1
    plan.refresh_from_db()
    assert sorted(plan.initiatives.values_list("uid", flat=True)) == uids
    item = plan.initiatives.get(external_id="dn_test_1")
    assert item.title == "Initiative 1: 스마트 교통 / จราจร"
    assert item.sdgs == [9, 11] and item.focus_areas == ["infrastructure"]


def test_an_unreadable_file_is_refused_with_a_message(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("hello")
    with pytest.raises(CommandError, match="Unsupported file type"):
        call_command("import_plans", str(path), stdout=io.StringIO())
    bad = tmp_path / "plan.csv"
    bad.write_text("title\nx\n")
    with pytest.raises(CommandError, match="Missing column"):
        call_command("import_plans", str(bad), stdout=io.StringIO())


def test_admin_import_screen_reports_bad_rows_and_imports_good_files(client_for, tmp_path):
    from networks.models import NetworkPage

    client = client_for("bangkok-editor")
    ascn = NetworkPage.objects.get(slug="ascn")
    bad = write_csv(
        tmp_path,
        [
            good(1, city="Bangkok", country="Thailand"),
            good(2, city="Bangkok", country="Thailand", stage="dreaming"),
        ],
    )
    with open(bad, "rb") as fh:
        response = client.post("/admin/import-plans/", {"network": ascn.pk, "file": fh})
    assert response.status_code == 400
    assert "line 3: stage “dreaming” is not one of" in response.content.decode()
    ok = write_csv(tmp_path, [good(1, city="Bangkok", country="Thailand")], name="ok.csv")
    with open(ok, "rb") as fh:
        response = client.post("/admin/import-plans/", {"network": ascn.pk, "file": fh})
    assert response.status_code == 302
    plan = ActionPlanPage.objects.get(title="Da Nang Digital Plan 2026")
    assert plan.city.name == "Bangkok" and not plan.live  # an editor's import is a draft
    other = write_csv(tmp_path, [good(3)], name="other.csv")  # Da Nang: not their city
    with open(other, "rb") as fh:
        response = client.post("/admin/import-plans/", {"network": ascn.pk, "file": fh})
    assert "you may not edit the plans of Da Nang" in response.content.decode()


def test_admin_import_is_only_offered_where_the_user_may_import(client_for, tmp_path):
    from networks.models import NetworkPage

    neascn = NetworkPage.objects.get(slug="neascn")
    path = write_csv(tmp_path, [good(1)])
    with open(path, "rb") as fh:
        response = client_for("ascn-coordinator").post(
            "/admin/import-plans/", {"network": neascn.pk, "file": fh}
        )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert client_for("ascn-viewer").get("/admin/import-plans/").status_code == 302


def test_nul_characters_in_a_file_are_reported_by_row(tmp_path):
    path = write_csv(tmp_path, [good(1, description="bad\x00byte")])
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("import_plans", str(path), stdout=io.StringIO(), stderr=err)
    assert "line 2: description contains a NUL character" in err.getvalue()
