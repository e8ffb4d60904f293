"""Registration emails, sent outside the request: the delegate and the person who registered
them get the event's details, its .ics file and a link to cancel."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django_tasks import task

CANCEL_SALT = "events.registration.cancel"


def cancel_token(registration_id: int) -> str:
    return signing.dumps(registration_id, salt=CANCEL_SALT, compress=True)


def registration_from_token(token: str, *, max_age_days: int = 400):
    """The registration a cancel link names, or None for a bad or expired link."""
    from events.models import Registration

    try:
        pk = signing.loads(token, salt=CANCEL_SALT, max_age=max_age_days * 86400)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return Registration.objects.select_related("event", "city").filter(pk=pk).first()


@task()
def send_registration_email(registration_id: int) -> int:
    """One message to the delegate, copied to whoever registered them. Returns messages sent."""
    from events.ical import calendar_for
    from events.models import Registration

    registration = (
        Registration.objects.select_related("event", "city", "registered_by")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return 0
    event = registration.event.specific
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    cancel = f"{base}/registrations/cancel/{cancel_token(registration.pk)}/"
    when = f"{event.local_start:%A %d %B %Y, %H:%M} ({event.time_zone})"
    where = ", ".join(p for p in (event.venue, event.venue_city) if p) or "online"
    status = registration.get_status_display().lower()
    body = (
        f"{registration.name} ({registration.city.name}) is registered for {event.title}: "
        f"{status}.\n\nWhen: {when}\nWhere: {where}\n{base}{event.url}\n\n"
        "The attached calendar file adds the event to your calendar.\n\n"
        f"To cancel this registration: {cancel}\n"
    )
    cc = []
    by = registration.registered_by
    if by is not None and by.email and by.email.lower() != registration.email.lower():
        cc = [by.email]
    message = EmailMessage(
        subject=f"{event.title}: {registration.name}, {status}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
        cc=cc,
    )
    ics = calendar_for(events=[event], name=event.title, base_url=base)
    message.attach("event.ics", ics, "text/calendar")
    return message.send(fail_silently=True)
