"""Sign-in and password reset are throttled by account and by address, and logged."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from wagtail.models import ModelLogEntry

pytestmark = pytest.mark.django_db


def fail(client: Client, url: str, username: str, times: int, *, last: int = 200) -> None:
    for n in range(1, times + 1):
        response = client.post(url, {"username": username, "password": "wrong-password"})
        # The ordinary "wrong password" form, until the failure that reaches the limit.
        assert response.status_code == (last if n == times else 200), n


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_the_right_password_is_refused_after_five_failures_for_the_account(url, demo_password):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    fail(attacker, url, "bangkok-editor", 5, last=429)
    response = attacker.post(url, {"username": "bangkok-editor", "password": demo_password})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts for this account" in response.content.decode()
    assert "_auth_user_id" not in attacker.session
    # Locked by account: the account's owner elsewhere waits too.
    owner = Client(REMOTE_ADDR="198.51.100.20")
    again = owner.post(url, {"username": "bangkok-editor", "password": demo_password})
    assert again.status_code == 429
    user = User.objects.get(username="bangkok-editor")
    entries = ModelLogEntry.objects.filter(action="accounts.locked_out", object_id=str(user.pk))
    assert "203.0.113.7" in {e.data["ip_address"] for e in entries}
    # Someone else signs in normally.
    other = Client(REMOTE_ADDR="198.51.100.21")
    ok = other.post(url, {"username": "seoul-editor", "password": demo_password})
    assert ok.status_code == 302


def test_one_address_trying_many_accounts_is_locked_out(demo_password):
    attacker = Client(REMOTE_ADDR="203.0.113.8")
    for name in ("a", "b", "c", "d"):
        fail(attacker, "/accounts/login/", f"nobody-{name}", 1)
    fail(attacker, "/accounts/login/", "nobody-e", 1, last=429)
    response = attacker.post(
        "/accounts/login/", {"username": "ascn-viewer", "password": demo_password}
    )
    assert response.status_code == 429
    elsewhere = Client(REMOTE_ADDR="198.51.100.30")
    ok = elsewhere.post("/accounts/login/", {"username": "ascn-viewer", "password": demo_password})
    assert ok.status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(demo_password):
    client = Client(REMOTE_ADDR="198.51.100.40")
    fail(client, "/accounts/login/", "ascn-viewer", 4)
    ok = client.post("/accounts/login/", {"username": "ascn-viewer", "password": demo_password})
    assert ok.status_code == 302
    client.logout()
    fail(client, "/accounts/login/", "ascn-viewer", 4)
    ok = client.post("/accounts/login/", {"username": "ascn-viewer", "password": demo_password})
    assert ok.status_code == 302


def test_password_reset_requests_are_limited_per_email_and_logged():
    client = Client(REMOTE_ADDR="203.0.113.9")
    email = "bangkok-editor@demo.wego.example"
    mail.outbox.clear()
    for _ in range(3):
        response = client.post("/admin/password_reset/", {"email": email})
        assert response.status_code == 302
    assert len(mail.outbox) == 3 and mail.outbox[0].to == [email]
    response = client.post("/admin/password_reset/", {"email": email})
    assert response.status_code == 429
    assert "Too many password reset requests" in response.content.decode()
    assert len(mail.outbox) == 3
    entry = ModelLogEntry.objects.get(action="accounts.reset_throttled")
    assert entry.data == {"email": email, "ip_address": "203.0.113.9"}
    # Another account from another address is not held up.
    other = Client(REMOTE_ADDR="198.51.100.50")
    assert (
        other.post(
            "/admin/password_reset/", {"email": "seoul-editor@demo.wego.example"}
        ).status_code
        == 302
    )


def test_password_reset_requests_are_limited_per_address(settings):
    client = Client(REMOTE_ADDR="203.0.113.10")
    for n in range(settings.PASSWORD_RESET_LIMIT_PER_ADDRESS):
        assert (
            client.post("/admin/password_reset/", {"email": f"x{n}@example.org"}).status_code == 302
        )
    response = client.post("/admin/password_reset/", {"email": "y@example.org"})
    assert response.status_code == 429
