"""Ids and numbers typed into query strings and forms: too long for any column, or digits that
are not ASCII ("²" passes str.isdigit but not int). Each way answers like any unknown value,
never with a 500."""

import pytest

from events.models import EventPage
from networks.models import NetworkPage

pytestmark = pytest.mark.django_db
BAD = ["99999999999999999999", "²", "٣", "-1"]


@pytest.mark.parametrize("value", BAD)
def test_numbers_in_pages_and_forms_never_raise(client_for, value):
    staff = client_for("wego-staff")
    network = NetworkPage.objects.get(slug="ascn")
    plans = staff.get(network.url + "plans/", {"sdg": value, "year": value})
    assert plans.status_code == 400
    assert "An SDG is a number from 1 to 17." in plans.content.decode()
    for key in ("pair", "theme", "initiative"):
        form = staff.get("/ascn/collaborations/new/", {key: value})
        assert form.status_code == 200, key
    created = staff.post("/ascn/collaborations/new/", {"initiative": value, "title": "x"})
    assert created.status_code == 400
    for chooser in ("/admin/choose-page", "/admin/snippets/choose/networks/city",
                    "/admin/overlap_chooser", "/admin/collaboration_chooser"):  # fmt: skip
        several = staff.get(f"{chooser}/chosen-multiple/", {"id": value})
        assert several.status_code == 200, chooser
    for chooser in ("/admin/snippets/choose/networks/city", "/admin/overlap_chooser"):
        assert staff.get(f"{chooser}/chosen/{value}/").status_code == 404, chooser
    revoke = staff.post("/accounts/tokens/", {"revoke": value})
    assert revoke.status_code == 302
    assert "No such token." in staff.get("/accounts/tokens/").content.decode()
    event = EventPage.objects.get(slug="ascn-workshop-2019")
    cancel = staff.post(event.url + "register/", {"cancel": value})
    assert cancel.status_code == 404


@pytest.mark.parametrize("path", [
    "/api/v1/plans/{n}/", "/calendar/events/{n}.ics", "/collaborations/{n}/",
    "/overlaps/{n}/curate/", "/admin/pages/{n}/edit/", "/admin/pages/{n}/history/",
])  # fmt: skip
def test_an_id_too_long_for_any_column_is_not_found(client_for, path):
    response = client_for("wego-staff").get(path.format(n="9" * 20))
    assert response.status_code == 404
    if path.startswith("/api/"):
        assert response.json() == {"message": "Not found.", "field": None}
    # One digit fewer still reaches the view, which finds nothing either.
    assert client_for("wego-staff").get(path.format(n="9" * 18)).status_code in (302, 404)


@pytest.mark.parametrize("value", BAD)
def test_choices_by_id_in_forms_refuse_bad_numbers(client_for, value):
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff = client_for("wego-staff")
    upload = SimpleUploadedFile("plans.csv", b"city,title\n")
    imported = staff.post("/admin/import-plans/", {"network": value, "file": upload})
    assert imported.status_code == 400
    assert "Select a valid choice" in imported.content.decode()
    granted = staff.post("/admin/roles/ascn/", {"username": "ascn-viewer", "role": "editor",
                                                "city": value})  # fmt: skip
    assert granted.status_code == 400
    form = {"username": "bangkok-editor", "role": "editor", "city": value}
    revoked = staff.post("/admin/roles/ascn/revoke/", form)
    assert revoked.status_code == 302
    assert "Nothing revoked" in staff.get(revoked["Location"]).content.decode()
    event = EventPage.objects.get(slug="ascn-workshop-2019")
    registered = staff.post(event.url + "register/", {"city": value, "name": "A", "email": "a@b.c"})
    assert registered.status_code == 400
