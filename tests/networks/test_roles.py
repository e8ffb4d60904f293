"""Granting and revoking roles: by command and on the admin's "Members and roles" screen."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import ModelLogEntry, PageLogEntry

from networks.models import NetworkPage
from networks.permissions import can_view_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(db):
    return get_user_model().objects.create_user("tokyo-guest", password="x-long-password-1")


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def test_grant_and_revoke_by_command_change_what_the_user_sees(newcomer):
    neascn = NetworkPage.objects.get(slug="neascn")
    assert not can_view_network(fresh(newcomer), neascn)
    out = io.StringIO()
    call_command("grant_role", "tokyo-guest", "viewer", "--network", "neascn", stdout=out)
    assert "Granted viewer (NEASCN)" in out.getvalue()
    assert can_view_network(fresh(newcomer), neascn)
    call_command("revoke_role", "tokyo-guest", "viewer", "--network", "neascn", stdout=out)
    assert not can_view_network(fresh(newcomer), neascn)
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(newcomer.pk)).values_list("action", flat=True)
    )
    assert actions.count("portal.grant_role") == 1 and actions.count("portal.revoke_role") == 1


def test_role_commands_refuse_bad_input(newcomer):
    with pytest.raises(CommandError, match="No user"):
        call_command("grant_role", "nobody", "viewer", "--network", "ascn", stdout=io.StringIO())
    with pytest.raises(CommandError, match="needs a network"):
        call_command("grant_role", "tokyo-guest", "coordinator", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No city"):
        call_command("grant_role", "tokyo-guest", "editor", "--city", "atlantis",
                     stdout=io.StringIO())  # fmt: skip


def test_a_coordinator_manages_roles_of_their_own_network_only(client_for, newcomer):
    client = client_for("ascn-coordinator")
    page = client.get("/admin/roles/ascn/")
    assert page.status_code == 200
    assert "ascn-viewer" in page.content.decode() and "bangkok-editor" in page.content.decode()
    assert client.get("/admin/roles/neascn/").status_code == 404
    response = client.post("/admin/roles/neascn/", {"username": "tokyo-guest", "role": "viewer"})
    assert response.status_code == 404
    assert not can_view_network(fresh(newcomer), NetworkPage.objects.get(slug="neascn"))


def test_granting_on_the_screen_takes_effect_and_is_logged(client_for, newcomer):
    client = client_for("ascn-coordinator")
    response = client.post("/admin/roles/ascn/", {"username": "tokyo-guest", "role": "coordinator"})
    assert response.status_code == 302
    assert "<td>tokyo-guest</td>" in client.get("/admin/roles/ascn/").content.decode()
    assert fresh(newcomer).has_perm("wagtailadmin.access_admin")
    entry = ModelLogEntry.objects.get(object_id=str(newcomer.pk), action="portal.grant_role")
    assert entry.user.username == "ascn-coordinator"
    client.post("/admin/roles/ascn/revoke/", {"username": "tokyo-guest", "role": "coordinator"})
    assert "<td>tokyo-guest</td>" not in client.get("/admin/roles/ascn/").content.decode()


def test_bad_grants_get_a_message_and_a_400(client_for):
    client = client_for("ascn-coordinator")
    response = client.post("/admin/roles/ascn/", {"username": "nobody", "role": "viewer"})
    assert response.status_code == 400
    assert "There is no user with this username." in response.content.decode()
    response = client.post("/admin/roles/ascn/", {"username": "ascn-viewer", "role": "editor"})
    assert response.status_code == 400
    assert "A city editor needs a city." in response.content.decode()


@pytest.mark.parametrize("username", ["bangkok-editor", "ascn-viewer", None])
def test_non_coordinators_cannot_reach_the_screen(client_for, username):
    response = client_for(username).get("/admin/roles/ascn/")
    assert response.status_code in (302, 404)


def test_publications_are_in_the_audit_log():
    assert PageLogEntry.objects.filter(action="wagtail.publish").exists()
