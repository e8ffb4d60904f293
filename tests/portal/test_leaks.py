"""What a user may not see answers exactly like what does not exist."""

import html
import re

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from action_plans.models import ActionPlanPage, Initiative
from events.models import EventPage
from networks.models import NetworkPage
from tests.action_plans.test_import import good, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def file_storage(settings, tmp_path):
    """Wagtail serves documents from a local path: a real file system, not the in-memory one."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage"}}  # fmt: skip


def import_errors(client, tmp_path, rows) -> list[str]:
    ascn = NetworkPage.objects.get(slug="ascn")
    path = write_csv(tmp_path, rows)
    with open(path, "rb") as fh:
        response = client.post("/admin/import-plans/", {"network": ascn.pk, "file": fh})
    assert response.status_code == 400
    return [html.unescape(e) for e in re.findall(r"<li>(line \d+: [^<]*)</li>",
                                                 response.content.decode())]  # fmt: skip


def test_import_errors_do_not_tell_a_hidden_city_from_a_missing_one(client_for, tmp_path):
    rows = [good(1, city="Seoul", country="Republic of Korea"),
            good(2, city="Atlantis", country="Republic of Korea")]  # fmt: skip
    hidden, missing = import_errors(client_for("bangkok-editor"), tmp_path, rows)
    assert hidden.replace("Seoul", "X").replace("2:", "n:") == (
        missing.replace("Atlantis", "X").replace("3:", "n:")
    )


def test_import_errors_do_not_name_the_plan_of_a_hidden_initiative(client_for, tmp_path):
    hidden = Initiative.objects.get(external_id="seoul_sdot")
    rows = [good(1, initiative_id="seoul_sdot")]
    (error,) = import_errors(client_for("ascn-coordinator"), tmp_path, rows)
    assert error == (
        "line 2: initiative_id “seoul_sdot” is already used by another plan's initiative; "
        "give this one another id"
    )
    assert "Seoul" not in error and hidden.plan.title not in error
    # Naming the hidden city as well is the same row error, not a 500.
    rows = [good(1, initiative_id="seoul_sdot", city="Seoul", country="Republic of Korea")]
    (same,) = import_errors(client_for("ascn-coordinator"), tmp_path, rows)
    assert same == error
    assert Initiative.objects.filter(external_id="seoul_sdot").count() == 1


def attach_in_draft(event: EventPage) -> Document:
    doc = Document(title="Draft programme")
    doc.file.save("programme.pdf", ContentFile(b"%PDF-1.4 draft programme"), save=False)
    doc.save()
    draft = event.get_latest_revision_as_object()
    draft.materials = [{"type": "document", "value": {"title": "Programme", "document": doc.pk}}]
    draft.save_revision()  # saved, not published
    return doc


def test_a_document_only_in_a_members_only_events_draft_is_hidden(client_for):
    event = EventPage.objects.get(slug="neascn-pre-workshop-2020")
    doc = attach_in_draft(event)
    made_up = "/documents/999999/nothing.pdf"
    for role in (None, "bangkok-editor", "ascn-coordinator", "seoul-editor"):
        client = client_for(role)
        assert client.get(made_up).status_code == 404
        assert client.get(doc.url).status_code == 404, role
    response = client_for("neascn-coordinator").get(doc.url)
    assert response.status_code == 200
    assert b"draft programme" in b"".join(response.streaming_content)
    assert client_for("wego-staff").get(doc.url).status_code == 200


def test_a_public_events_published_document_is_public():
    from django.test import Client

    event = EventPage.objects.get(slug="ascn-workshop-2019")
    doc = attach_in_draft(event)
    assert Client().get(doc.url).status_code == 404  # not published yet
    event.get_latest_revision().publish()
    assert Client().get(doc.url).status_code == 200


def test_anonymous_visitors_get_a_404_for_members_only_pages_like_a_made_up_url(client_for):
    anonymous = client_for(None)
    plan = ActionPlanPage.objects.get(city__name="Seoul")
    event = EventPage.objects.get(slug="neascn-pre-workshop-2020")
    made_up = anonymous.get("/neascn/no-such-plan/")
    assert made_up.status_code == 404
    for url in (plan.url, event.url, "/neascn/", "/neascn/plans/", "/neascn/overlaps/",
                event.url + "registrations/"):  # fmt: skip
        response = anonymous.get(url)
        assert response.status_code == 404, url
        assert response.content.decode().replace(url, "") == (
            made_up.content.decode().replace("/neascn/no-such-plan/", "")
        )
    assert "sign in" in made_up.content.decode()
    assert client_for("seoul-editor").get(plan.url).status_code == 200


def test_a_published_members_only_document_is_404_for_anonymous(client_for):
    event = EventPage.objects.get(slug="neascn-pre-workshop-2020")
    doc = attach_in_draft(event)
    event.get_latest_revision().publish()
    assert client_for(None).get(doc.url).status_code == 404
    assert client_for("bangkok-editor").get(doc.url).status_code == 404
    assert client_for("seoul-editor").get(doc.url).status_code == 200
