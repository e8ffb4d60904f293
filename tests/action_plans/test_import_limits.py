"""Hostile or unlucky files: row errors (4xx) instead of 500s, bounded reading, background jobs."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from action_plans import admin_views, importer
from action_plans.importer import COLUMNS
from action_plans.models import ImportJob, Initiative
from networks.models import NetworkPage
from tests.action_plans.test_import import good, write_csv

pytestmark = pytest.mark.django_db


def xlsx_bytes(rows: list[dict], *, blank_rows: int = 0) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row.get(c, "") for c in COLUMNS])
    for _ in range(blank_rows):
        sheet.append([None])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def post_import(client, name: str, data: bytes):
    upload = io.BytesIO(data)
    upload.name = name
    ascn = NetworkPage.objects.get(slug="ascn")
    return client.post("/admin/import-plans/", {"network": ascn.pk, "file": upload})


def test_a_csv_field_over_131072_characters_is_a_row_error(tmp_path, client_for):
    long = "x" * 131_073
    path = write_csv(tmp_path, [good(1), good(2, description=long)])
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("import_plans", str(path), stdout=io.StringIO(), stderr=err)
    assert "line 3: description is longer than 131,072 characters" in err.getvalue()
    response = post_import(client_for("ascn-coordinator"), "plan.csv", path.read_bytes())
    assert response.status_code == 400
    assert "line 3: description is longer than 131,072 characters" in response.content.decode()


def test_deeply_nested_jsonl_is_refused_with_a_400_not_a_500(client_for):
    nested = '{"title": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
    shallow = json.dumps(good(1) | {"title": {"en": "a nested object"}}) + "\n"
    cases = [
        (nested, "line 1: the JSON is nested too deeply"),
        (shallow, "line 1: “title” must be text, a number or a list of them"),
    ]
    for body, message in cases:
        response = post_import(client_for("ascn-coordinator"), "plan.jsonl", body.encode())
        assert response.status_code == 400
        assert message in response.content.decode()
        upload = io.BytesIO(body.encode())
        upload.name = "plan.jsonl"
        api = client_for("ascn-coordinator").post(
            "/api/v1/networks/ascn/plans/import", {"file": upload}
        )
        assert api.status_code == 400 and message in api.json()["message"]


def test_an_xlsx_is_read_only_up_to_the_row_limit(monkeypatch, tmp_path):
    monkeypatch.setattr(importer, "MAX_ROWS", 10)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx_bytes([good(1)], blank_rows=1000))  # blank rows cost reading too
    with pytest.raises(CommandError, match="more than 10 rows, the most one import takes"):
        call_command("import_plans", str(path), stdout=io.StringIO())
    path.write_bytes(xlsx_bytes([good(n) for n in range(1, 11)]))
    out = io.StringIO()
    call_command("import_plans", str(path), stdout=out)
    assert Initiative.objects.filter(external_id__startswith="dn_test_").count() == 10


def test_an_xlsx_that_unpacks_to_more_than_the_limit_is_refused(monkeypatch, client_for):
    monkeypatch.setattr(importer, "MAX_XLSX_UNPACKED", 2**20)
    packed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes([good(1)]))) as source:
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as bomb:
            for item in source.infolist():
                bomb.writestr(item, source.read(item))
            bomb.writestr("xl/media/padding.bin", b"\0" * 3 * 2**20)
    assert len(packed.getvalue()) < 100_000
    response = post_import(client_for("ascn-coordinator"), "plan.xlsx", packed.getvalue())
    assert response.status_code == 400
    assert "The workbook unpacks to 3 MB, more than the 1 MB an import takes" in (
        response.content.decode()
    )
    assert not Initiative.objects.filter(external_id="dn_test_1").exists()


def test_a_large_import_runs_as_a_task_whose_progress_the_user_follows(monkeypatch, client_for):
    monkeypatch.setattr(admin_views, "BACKGROUND_ROWS", 2)
    client = client_for("ascn-coordinator")
    response = post_import(client, "plan.xlsx", xlsx_bytes([good(1), good(2), good(3)]))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == f"/admin/import-plans/jobs/{job.pk}/"
    page = client.get(response.url).content.decode()
    assert "Done" in page
    assert "Imported 1 plan(s) with 3 initiative(s), published." in page
    assert job.rows == 3 and not ImportJob.objects.get().data  # the file is not kept
    assert client_for("bangkok-editor").get(response.url).status_code == 404


def test_a_large_import_with_bad_rows_lists_them_on_the_job_page(monkeypatch, client_for):
    monkeypatch.setattr(admin_views, "BACKGROUND_ROWS", 2)
    client = client_for("ascn-coordinator")
    rows = [good(1), good(2, sdgs="18"), good(3)]
    response = client.get(post_import(client, "plan.xlsx", xlsx_bytes(rows)).url)
    page = response.content.decode()
    assert "Failed" in page and "Nothing was imported: 1 row(s) need fixing." in page
    assert "line 3: SDG “18” is not a number from 1 to 17" in page


def test_the_command_prints_its_progress_and_its_limit(tmp_path):
    path = write_csv(tmp_path, [good(1), good(2), good(3)])
    out = io.StringIO()
    call_command("import_plans", str(path), stdout=out)
    text = out.getvalue()
    assert "Read 3 row(s); one import takes at most 20,000." in text
    assert "Checked 3 row(s) in 1 plan(s); writing them." in text
    assert "Plan 1/1 written (3 initiative(s)): Da Nang Digital Plan 2026" in text
    assert text.index("Read 3") < text.index("Plan 1/1") < text.index("Imported 1 new")


def test_a_large_api_import_answers_202_with_a_job_to_poll(monkeypatch, tmp_path):
    from api import routes
    from tests.api.test_api import token_client

    monkeypatch.setattr(routes, "BACKGROUND_ROWS", 2)
    client, _ = token_client("ascn-coordinator", scope="write")
    with open(write_csv(tmp_path, [good(1), good(2), good(3)]), "rb") as fh:
        response = client.post("/api/v1/networks/ascn/plans/import", {"file": fh})
    assert response.status_code == 202
    job = response.json()
    assert job["rows"] == 3 and job["url"] == f"/api/v1/imports/{job['id']}/"
    polled = client.get(job["url"]).json()
    assert polled["status"] == "done"
    assert polled["summary"] == "Imported 1 plan(s) with 3 initiative(s), published."
    other, _ = token_client("neascn-coordinator", scope="read")
    assert other.get(job["url"]).status_code == 404
