"""Bad update files and API bodies get a clear 400 naming the line or field, never a 500, and
nothing that was stored is lost; good files in the forms people make them in are accepted."""

import io
from datetime import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import APIToken

from action_plans.models import Initiative
from api.models import TokenScope
from progress.io import import_updates
from progress.models import ProgressUpdate
from progress.services import approve_update

pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/progress/import/"
CSV_HEADER = ("initiative_id,date,stage,completion,narrative,funding_secured,partners_engaged,"
              "source_url,indicator,unit,baseline,target,year,value\n")  # fmt: skip


def bangkok_initiative() -> Initiative:
    return Initiative.objects.filter(
        plan__city__name="Bangkok", plan__live=True, external_id__gt=""
    ).first()


def upload(client, text: str, name: str = "updates.csv"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data)})


def api_post(client, item: Initiative, body: dict, *, username: str = "bangkok-editor"):
    token, key = APIToken.create_token(
        user=get_user_model().objects.get(username=username), name="test"
    )
    TokenScope.objects.create(token=token, scope="write")
    return client.post(f"/api/v1/initiatives/{item.public_id}/progress/", body,
                       content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {key}")  # fmt: skip


def test_completed_with_less_than_100_is_a_row_error(client_for, client):
    mine = bangkok_initiative()
    before = ProgressUpdate.objects.count()
    ok = f"{mine.public_id},2026-04-01,implementing,50,,,,,,,,,,\n"
    response = upload(
        client_for("bangkok-editor"),
        CSV_HEADER + ok + f"{mine.public_id},2026-05-01,completed,60,,,,,,,,,,\n",
    )
    body = response.content.decode()  # fmt: skip
    assert response.status_code == 400 and "line 3: completion" in body and "100" in body
    # Stage and completion on different rows of one update: the same rule, the first line.
    split = (f"{mine.public_id},2026-05-01,completed,,,,,,,,,,,\n"
             f"{mine.public_id},2026-05-01,,60,,,,,,,,,,\n")  # fmt: skip
    response = upload(client_for("bangkok-editor"), CSV_HEADER + ok + split)
    assert response.status_code == 400 and "line 3: completion" in response.content.decode()
    assert ProgressUpdate.objects.count() == before

    bad = api_post(client, mine, {"date": "2026-05-01", "stage": "completed", "completion": 60})
    assert bad.status_code == 400 and bad.json()["field"] == "completion"
    assert "100" in bad.json()["message"]
    good = api_post(client, mine, {"date": "2026-05-01", "stage": "completed", "completion": 100})
    assert good.status_code == 200 and good.json()["stage"] == "completed"


def test_a_model_validation_error_is_a_row_error_and_nothing_is_written(monkeypatch):
    """What only the model's full_clean catches still ends as a row error, all or nothing."""
    mine = bangkok_initiative()
    user = get_user_model().objects.get(username="bangkok-editor")
    rows = (f"{mine.public_id},2026-04-01,implementing,50,,,,,,,,,,\n"
            f"{mine.public_id},2026-05-01,stopped,60,,,,,,,,,,\n")  # fmt: skip

    def clean(self):
        if self.stage == "stopped":
            raise ValidationError({"completion": "Refused by the model."})

    monkeypatch.setattr(ProgressUpdate, "clean", clean)
    before = ProgressUpdate.objects.count()
    result = import_updates(user=user, data=(CSV_HEADER + rows).encode(), filename="u.csv")
    assert [str(e) for e in result.errors] == ["line 3: completion: Refused by the model."]
    assert result.created == 0 and not result.written
    assert ProgressUpdate.objects.count() == before


def test_source_url_must_be_a_web_address(client_for, client):
    mine = bangkok_initiative()
    row = f"{mine.public_id},2026-05-01,implementing,50,,,,javascript://x,,,,,,\n"
    response = upload(client_for("bangkok-editor"), CSV_HEADER + row)
    assert response.status_code == 400
    assert "line 2: source_url is not a web address" in response.content.decode()
    bad = api_post(client, mine, {"date": "2026-05-01", "stage": "planning",
                                  "source_url": "javascript://x"})  # fmt: skip
    assert bad.status_code == 400 and bad.json()["field"] == "source_url"
    assert not ProgressUpdate.objects.filter(initiative_uid=mine.uid, date="2026-05-01").exists()


def test_one_update_named_twice_in_a_file(client_for):
    mine = bangkok_initiative()
    rows = (f"{mine.external_id},2026-05-01,implementing,50,,,,,,,,,,\n"
            f"{mine.uid},2026-05-01,implementing,50,,,,,,,,,,\n")  # fmt: skip
    response = upload(client_for("bangkok-editor"), CSV_HEADER + rows)
    assert response.status_code == 400
    assert ("line 3: the same initiative and date as line 2"
            in response.content.decode())  # fmt: skip
    assert not ProgressUpdate.objects.filter(initiative_uid=mine.uid, date="2026-05-01").exists()


@pytest.mark.parametrize("year", ["99999", "0", "1899", "2201"])
def test_network_updates_year_out_of_range(client, year):
    response = client.get(f"/api/v1/networks/ascn/progress/?year={year}")
    assert response.status_code == 400 and response.json()["field"] == "year"
    assert client.get("/api/v1/networks/ascn/progress/?year=2025").status_code == 200


def test_xlsx_date_cells_are_dates(client_for):
    from openpyxl import Workbook

    mine = bangkok_initiative()
    book = Workbook()
    book.active.append(["initiative_id", "date", "stage", "completion"])
    book.active.append([mine.public_id, datetime(2026, 5, 1), "implementing", 50])
    out = io.BytesIO()
    book.save(out)
    response = upload(client_for("bangkok-editor"), out.getvalue(), "updates.xlsx")
    assert response.status_code == 302, response.content.decode()[-3000:]
    update = ProgressUpdate.objects.get(initiative_uid=mine.uid, date="2026-05-01")
    assert update.stage == "implementing" and update.completion == 50


def test_reimport_after_approval_is_unchanged_for_the_editor(client):
    mine = bangkok_initiative()
    editor = get_user_model().objects.get(username="bangkok-editor")
    row = f"{mine.public_id},2026-05-01,implementing,50,Half done,,,,Lamps,units,0,200,2026,90\n"
    data = (CSV_HEADER + row).encode()
    assert import_updates(user=editor, data=data, filename="u.csv").created == 1
    update = ProgressUpdate.objects.get(initiative_uid=mine.uid, date="2026-05-01")
    coordinator = get_user_model().objects.get(username="ascn-coordinator")
    approve_update(update=update, user=coordinator)

    again = import_updates(user=editor, data=data, filename="u.csv")
    assert again.ok, again.errors
    assert again.unchanged == 1 and again.created == again.updated == 0
    update.refresh_from_db()
    assert update.status == "approved" and update.approved_by == coordinator
    lamps = {"name": "Lamps", "unit": "units", "baseline": 0, "target": 200, "year": 2026,
             "value": 90}  # fmt: skip
    same = api_post(client, mine, {"date": "2026-05-01", "stage": "implementing",
                                   "completion": 50, "narrative": "Half done",
                                   "indicators": [lamps]})  # fmt: skip
    assert same.status_code == 200 and same.json()["status"] == "approved"
    # A real change is still the coordinator's to make.
    changed = import_updates(user=editor, data=data.replace(b"Half done", b"More"),
                             filename="u.csv")  # fmt: skip
    assert [str(e) for e in changed.errors] == [
        "line 2: the update of that day is approved; only a coordinator may change it"
    ]
    update.refresh_from_db()
    assert update.narrative == "Half done" and update.status == "approved"
