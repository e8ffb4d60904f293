"""Budgets have a stated range (0 to 10^15, two decimals); nothing stored can break a page."""

import importlib
import io
import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.forms import modelform_factory

from action_plans.models import ActionPlanPage, Initiative
from tests.action_plans.test_import import good, write_csv

pytestmark = pytest.mark.django_db

RUPIAH = "150000000000000"  # 150 trillion: a plausible rupiah budget


def pages_of(plan: ActionPlanPage) -> list[str]:
    return [
        "/ascn/plans/", "/ascn/export/csv/", "/ascn/export/xlsx/", plan.url,
        plan.url + "export/csv/", "/search/?q=traffic", "/api/v1/search/?q=traffic",
        f"/api/v1/plans/{plan.pk}/", f"/admin/pages/{plan.pk}/edit/",
    ]  # fmt: skip


def test_a_budget_of_150_trillion_imports_and_every_page_still_answers(tmp_path, client_for):
    path = write_csv(tmp_path, [good(1, budget=RUPIAH, currency="IDR"), good(2)])
    call_command("import_plans", str(path), stdout=io.StringIO())
    item = Initiative.objects.get(external_id="dn_test_1")
    assert item.budget == Decimal(RUPIAH)
    plan = item.plan
    client = client_for("wego-staff")
    for url in pages_of(plan):
        assert client.get(url).status_code == 200, url
    detail = client.get("/api/v1/initiatives/dn_test_1/").json()
    assert Decimal(detail["budget"]) == Decimal(RUPIAH)


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        (
            "1e20",
            "budget 100,000,000,000,000,000,000 is above the maximum of 1,000,000,000,000,000",
        ),
        (
            "1000000000000000.01",
            "budget 1,000,000,000,000,000.01 is above the maximum of 1,000,000,000,000,000",
        ),
        ("12.345", "budget 12.345 has more than 2 decimals"),
        ("-3", "budget must be a number not below 0"),
    ],
)
def test_out_of_range_budgets_are_refused_row_by_row(tmp_path, budget, message):
    path = write_csv(tmp_path, [good(1), good(2, budget=budget, currency="IDR")])
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("import_plans", str(path), stdout=io.StringIO(), stderr=err)
    assert f"line 3: {message}" in err.getvalue()
    assert not Initiative.objects.filter(external_id__startswith="dn_test_").exists()


def test_the_api_import_refuses_an_out_of_range_budget_with_a_json_400(tmp_path, client_for):
    path = write_csv(tmp_path, [good(1, budget="1e20", currency="IDR")])
    with open(path, "rb") as fh:
        response = client_for("ascn-coordinator").post(
            "/api/v1/networks/ascn/plans/import", {"file": fh}
        )
    assert response.status_code == 400
    assert "is above the maximum of 1,000,000,000,000,000" in response.json()["message"]


def test_the_admin_form_and_the_model_refuse_an_out_of_range_budget():
    # The admin's initiative forms are model forms: the model's validators run in them.
    form_class = modelform_factory(Initiative, fields=["budget", "currency"])
    ok = form_class(data={"budget": "999999999999999.99", "currency": "IDR"})
    assert ok.is_valid(), ok.errors
    for value, message in (("1000000000000001", "less than or equal to 1000000000000000"),
                           ("1e20", "no more than 18 digits in total"),
                           ("1.234", "no more than 2 decimal places")):  # fmt: skip
        form = form_class(data={"budget": value, "currency": "IDR"})
        assert not form.is_valid() and message in form.errors["budget"][0]
    item = Initiative.objects.first()
    item.budget, item.currency = Decimal("1000000000000001"), "IDR"
    with pytest.raises(ValidationError) as caught:
        item.full_clean()
    assert "budget" in caught.value.message_dict


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL never stored such values")
def test_the_migration_moves_a_stored_figure_that_breaks_pages_into_the_description(client):
    migration = importlib.import_module("action_plans.migrations.0004_budget_range")
    plan = ActionPlanPage.objects.live().filter(city__name="Bangkok").first()
    item = plan.initiatives.first()
    with connection.cursor() as cursor:  # what the old column let SQLite store
        cursor.execute("UPDATE action_plans_initiative SET budget = 1e20, currency = 'THB' "
                       "WHERE id = %s", [item.pk])  # fmt: skip
    revision = plan.latest_revision
    content = revision.content
    # Initiatives a revision created are named there by uid (their pk came later).
    (stored,) = [i for i in content["initiatives"] if i.get("uid") == str(item.uid)]
    stored["budget"] = "1E+20"
    revision.content = json.loads(json.dumps(content))
    revision.save()
    # The function reads through the schema editor's connection only.
    migration.move_out_of_range_budgets(apps, SimpleNamespace(connection=connection))
    item = Initiative.objects.get(pk=item.pk)
    assert item.budget is None
    assert "Budget as first entered: " in item.description and "e+20 THB" in item.description
    revision.refresh_from_db()
    (kept,) = [i for i in revision.content["initiatives"] if i.get("uid") == str(item.uid)]
    assert kept["budget"] is None and "Budget as first entered: 1E+20" in kept["description"]
    assert client.get(plan.url).status_code == 200
    assert client.get("/ascn/plans/").status_code == 200
