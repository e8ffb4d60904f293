"""Writes on events: registering and cancelling delegates, with a waiting list."""

from django.db import transaction

from core.mail import queue_mail
from events.models import EventPage, Registration
from events.tasks import send_registration_email
from networks.models import City


class RegistrationError(ValueError):
    pass


@transaction.atomic
def register_delegate(
    *, event: EventPage, city: City, name: str, email: str, position: str = "", by
) -> Registration:
    """Register one delegate: confirmed while places are left, else on the waiting list."""
    # Lock the event row so two registrations cannot take the last place together.
    event = EventPage.objects.select_for_update().get(pk=event.pk)
    active = event.registrations.exclude(status=Registration.Status.CANCELLED)
    if active.filter(email__iexact=email).exists():
        raise RegistrationError(f"{email} is already registered for this event.")
    quota = event.per_city_quota
    if quota is not None and active.filter(city=city).count() >= quota:
        raise RegistrationError(
            f"{city.name} has used its {quota} place{'s' if quota != 1 else ''} at this event: "
            "cancel one of its delegates first."
        )
    confirmed = active.filter(status=Registration.Status.CONFIRMED).count()
    full = event.capacity is not None and confirmed >= event.capacity
    registration = Registration.objects.create(
        event=event, city=city, name=name.strip(), email=email.strip(), position=position.strip(),
        status=Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED,
        registered_by=by,
    )  # fmt: skip
    transaction.on_commit(lambda: send_registration_email.enqueue(registration.pk))
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration) -> Registration | None:
    """Cancel a delegate; a freed place goes to the first on the waiting list, who is told.
    Returns the promoted registration, if any."""
    event = EventPage.objects.select_for_update().get(pk=registration.event_id)
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    if not was_confirmed:
        return None
    waiting = event.registrations.filter(status=Registration.Status.WAITLISTED).first()
    if waiting is None:
        return None
    waiting.status = Registration.Status.CONFIRMED
    waiting.save(update_fields=["status"])
    subject = f"Your place at {event.title} is confirmed"
    body = (
        f"A place became free: {waiting.name} ({waiting.city.name}) is now registered for "
        f"{event.title}.\n\n{event.full_url or ''}"
    )
    transaction.on_commit(lambda: queue_mail(subject=subject, body=body, to=[waiting.email]))
    return waiting
