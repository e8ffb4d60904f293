"""Mail leaves through a task that retries: a slow or failing mail server never holds up or
fails the request that caused the mail."""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_email(*, subject: str, body: str, to: list[str], html: str = "", attempt: int = 1) -> int:
    """Send one message; on failure try again (later when the task backend can defer,
    at once otherwise) up to ``EMAIL_ATTEMPTS`` times, then log the failure."""
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    if html:
        message.attach_alternative(html, "text/html")
    attempts = max(settings.EMAIL_ATTEMPTS, 1)
    while True:
        try:
            return message.send()
        except (OSError, smtplib.SMTPException) as exc:
            if attempt >= attempts:
                logger.error("Mail “%s” to %d recipient(s) failed after %d attempt(s): %s",
                             subject, len(to), attempt, exc)  # fmt: skip
                return 0
            attempt += 1
            if send_email.get_backend().supports_defer:
                later = timezone.now() + timedelta(minutes=2 ** (attempt - 1))
                send_email.using(run_after=later).enqueue(
                    subject=subject, body=body, to=to, html=html, attempt=attempt
                )
                return 0


def queue_mail(*, subject: str, body: str, to: list[str], html: str = "") -> None:
    """Hand a message to the task queue, one task per recipient (their failures are apart)."""
    for address in dict.fromkeys(a for a in to if a):
        send_email.enqueue(subject=subject, body=body, to=[address], html=html)
