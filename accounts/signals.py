"""A sign-in lockout goes to Wagtail's audit log (Reports → Site history)."""

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.dispatch import receiver
from wagtail.log_actions import log


@receiver(user_locked_out)
def log_lockout(sender, request, username=None, ip_address=None, **kwargs):
    user = get_user_model().objects.filter(username=username).first() if username else None
    instance = user or (
        AccessAttempt.objects.filter(username=username, ip_address=ip_address)
        .order_by("-attempt_time")
        .first()
    )
    if instance is None:
        return
    data = {"username": (username or "")[:150], "ip_address": ip_address,
            "path": request.path if request is not None else ""}  # fmt: skip
    log(instance=instance, action="accounts.locked_out", data=data)
