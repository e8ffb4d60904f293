"""A server error is logged, mailed to the admins when there are some, and the error page says
just that (issue 19: "we have been told" with nothing configured to tell anyone)."""

import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client


@pytest.mark.urls("tests.portal.error_urls")
@pytest.mark.parametrize("admins", [[], [("Ops", "ops@wego.example")]])
def test_a_500_is_logged_and_mailed_to_the_admins(admins, settings, caplog):
    settings.ADMINS = admins
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "written to the server's log" in page and "We have been told" not in page
    assert ("emailed to the portal's administrators" in page) == bool(admins)

    errors = [r for r in caplog.records if r.name == "django.request" and r.levelname == "ERROR"]
    assert len(errors) == 1 and "a bug in a view" in str(errors[0].exc_info[1])
    root = logging.getLogger()
    assert any(type(h) is logging.StreamHandler for h in root.handlers)  # stderr, always
    if admins:
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ops@wego.example"]
        assert "a bug in a view" in mail.outbox[0].body
        assert mail.outbox[0].subject.startswith(settings.EMAIL_SUBJECT_PREFIX + "ERROR")
    else:
        assert not mail.outbox


def test_admins_come_from_portal_admins():
    code = "from django.conf import settings; print(settings.ADMINS)"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "PORTAL_ADMINS": "Ops Team <ops@wego.example>, dev@wego.example, not-an-address",
    }
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    assert out.stdout.strip() == (
        "[('Ops Team', 'ops@wego.example'), ('dev@wego.example', 'dev@wego.example')]"
    )  # fmt: skip
