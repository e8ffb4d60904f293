"""The API answers in its own JSON even when refusing an anonymous write or when the database
is down (issue 19: "CSRF check Failed" and an HTML 500)."""

import socket
from contextlib import contextmanager

import pytest
from django.db import connections
from django.test import Client

WRITES = [
    "/api/v1/overlaps/1/curation",
    "/api/v1/networks/ascn/plans/import",
    "/api/v1/initiatives/x/progress/",
    "/api/v1/progress/1/approve",
    "/api/v1/networks/ascn/rounds/",
]


@pytest.mark.parametrize("url", WRITES)
def test_anonymous_writes_get_the_documented_401(url):
    client = Client(enforce_csrf_checks=True)  # as a browser or script without a session
    response = client.post(url, {"note": "x"}, content_type="application/json")
    assert response.status_code == 401, response.content
    assert response.json() == {"message": "Authentication required.", "field": None}


def test_a_signed_in_session_still_needs_its_csrf_token(client_for):
    client = client_for("ascn-coordinator")
    client.handler.enforce_csrf_checks = True
    response = client.post(WRITES[0], {"state": "confirmed"}, content_type="application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["message"]


def _closed_port() -> int:
    with socket.socket() as s:  # a port nothing listens on once this socket closes
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def database_down(tmp_path):
    """The default connection pointed at a server that is not there (PostgreSQL) or a file
    that cannot be opened (SQLite); the real connection is put back afterwards."""
    conn = connections["default"]
    saved, settings = conn.connection, dict(conn.settings_dict)
    conn.connection = None
    if conn.vendor == "sqlite":
        conn.settings_dict["NAME"] = str(tmp_path / "missing" / "db.sqlite3")
    else:
        conn.settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    try:
        yield
    finally:
        conn.connection = None
        conn.settings_dict.clear()
        conn.settings_dict.update(settings)
        conn.connection = saved


@pytest.mark.parametrize("url", ["/api/v1/networks/", "/api/v1/search/?q=flood"])
def test_a_database_outage_is_a_json_503(url, django_db_blocker, tmp_path, caplog):
    with django_db_blocker.unblock(), database_down(tmp_path):
        response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 503, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"] == "The database is unavailable; try again shortly."
    assert "database unavailable" in caplog.text
