"""Mail is configured from the environment, refused on production without a real server, and
sent by a task that retries, so a failing mail server never fails a request."""

import logging
import socket

import pytest
from django.core import mail

from search.models import Collaboration
from tests.portal.test_settings import _manage
from tests.search.test_collaboration import ascn_pair

PRINT_MAIL = (
    "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT,"
    " s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL,"
    " s.DEFAULT_FROM_EMAIL)"
)
SHELL = ("shell", "--no-imports", "-c", PRINT_MAIL)
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def test_mail_is_configured_by_one_url_or_the_usual_variables():
    by_url = _manage(*SHELL, DJANGO_SETTINGS_MODULE="portal.settings.dev",
                     EMAIL_URL="smtp+tls://portal%40wego.example:p%40ss@mail.example.org:2525",
                     DEFAULT_FROM_EMAIL="portal@wego.example")  # fmt: skip
    assert by_url.stdout.split() == [SMTP, "mail.example.org", "2525", "portal@wego.example",
                                     "p@ss", "True", "False", "portal@wego.example"]  # fmt: skip
    by_vars = _manage(*SHELL, DJANGO_SETTINGS_MODULE="portal.settings.dev",
                      EMAIL_HOST="smtp.example.org", EMAIL_PORT="587", EMAIL_HOST_USER="me",
                      EMAIL_HOST_PASSWORD="secret", EMAIL_USE_TLS="true")  # fmt: skip
    assert by_vars.stdout.split()[:7] == [SMTP, "smtp.example.org", "587", "me", "secret",
                                          "True", "False"]  # fmt: skip


def test_production_refuses_to_start_with_mail_going_to_the_console():
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="x" * 60,
        EMAIL_URL="",
        EMAIL_HOST="",
        EMAIL_BACKEND="",
    )
    assert result.returncode != 0 and "Production needs a real mail server" in result.stderr
    locmem = _manage("check", DJANGO_SETTINGS_MODULE="portal.settings.production",
                     SECRET_KEY="x" * 60,
                     EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")  # fmt: skip
    assert locmem.returncode != 0 and "Production needs a real mail server" in locmem.stderr


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_a_failing_mail_server_does_not_fail_the_collaboration(
    client_for, django_capture_on_commit_callbacks, settings, caplog
):
    settings.EMAIL_BACKEND, settings.EMAIL_HOST = SMTP, "127.0.0.1"
    settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = closed_port(), 2
    pair = ascn_pair()  # Bangkok's: its editor has an address to write to
    pair.state = "confirmed"
    pair.save()
    data = {"pair": pair.pk, "initiative": [pair.a.pk, pair.b.pk],
            "lead_city": pair.a.plan.city.pk, "title": "Joint canal monitoring",
            "status": "active", "next_steps": ""}  # fmt: skip
    with caplog.at_level(logging.ERROR, logger="core.mail"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for("ascn-coordinator").post("/ascn/collaborations/new/", data)
    assert response.status_code == 302
    assert Collaboration.objects.filter(title="Joint canal monitoring").exists()
    failures = [r.getMessage() for r in caplog.records if r.name == "core.mail"]
    assert failures and all("failed after 3 attempt(s)" in f for f in failures)


@pytest.mark.django_db
def test_mail_goes_out_through_the_task_one_message_per_recipient():
    from core.mail import queue_mail

    mail.outbox.clear()
    queue_mail(subject="Hello", body="Body", to=["a@example.org", "b@example.org", "a@example.org"])
    assert [m.to for m in mail.outbox] == [["a@example.org"], ["b@example.org"]]
