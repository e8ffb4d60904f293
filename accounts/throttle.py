"""Throttles on signing in (django-axes, by account and by address) and on password resets."""

from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import PasswordResetRequest


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address: behind ``TRUSTED_PROXIES`` proxies, the address the nearest
    untrusted hop reported in X-Forwarded-For; else the socket's address."""
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes checks every sign-in through a page (they pass the request); a script or a test
    that authenticates without a request is not a sign-in attempt and is not counted."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    """What a locked-out visitor sees, on /accounts/login/ and /admin/login/ alike."""
    context = {"minutes": settings.LOGIN_LOCKOUT_MINUTES}
    return render(request, "accounts/locked_out.html", context, status=429)


def reset_refused(*, email: str, ip_address: str | None) -> bool:
    """Record a reset request; True when it exceeds the limits for the address or the email."""
    since = timezone.now() - timedelta(hours=1)
    recent = PasswordResetRequest.objects.filter(created_at__gte=since, refused=False)
    by_email = recent.filter(email__iexact=email).count()
    by_address = recent.filter(ip_address=ip_address).count() if ip_address else 0
    refused = (
        by_email >= settings.PASSWORD_RESET_LIMIT_PER_EMAIL
        or by_address >= settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
    )
    entry = PasswordResetRequest.objects.create(email=email, ip_address=ip_address, refused=refused)
    if refused:
        from wagtail.log_actions import log

        log(instance=entry, action="accounts.reset_throttled",
            data={"email": email, "ip_address": ip_address})  # fmt: skip
    return refused
