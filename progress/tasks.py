"""Mail of the monitoring round, sent by the task queue, never in the request, and the
round's daily reminder check, which the queue schedules itself."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

SUBJECTS = {
    "invitation": "{network}: the {year} monitoring round is open (deadline {deadline})",
    "reminder": "Reminder: {network} monitoring round {year} closes on {deadline}",
    "nudge": "{network} monitoring round {year}: your city's report is awaited",
}


@task()
def send_round_mail_task(round_id: int, kind: str, city_ids: list[int] | None = None) -> int:
    """Email each asked city's editors (every member city unless ``city_ids``). Returns the
    number of messages sent."""
    from progress.models import MonitoringRound
    from progress.rounds import city_editors

    round_ = MonitoringRound.objects.select_related("network").filter(pk=round_id).first()
    if round_ is None or kind not in SUBJECTS:
        return 0
    members = round_.network.memberships.select_related("city")
    if city_ids is not None:
        members = members.filter(city_id__in=city_ids)
    cities = {m.city_id: m.city for m in members}
    editors = city_editors(city_ids=list(cities))
    subject = SUBJECTS[kind].format(network=round_.network.short_name, year=round_.year,
                                    deadline=round_.deadline.isoformat())  # fmt: skip
    messages = []
    for city_id, users in editors.items():
        for user in users:
            body = render_to_string("progress/round_email.txt", {
                "user": user, "city": cities[city_id], "round": round_, "kind": kind,
                "base_url": settings.WAGTAILADMIN_BASE_URL,
            })  # fmt: skip
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    return send_mass_mail(messages, fail_silently=False) if messages else 0


def next_check(now: datetime | None = None) -> datetime:
    """The next ``PORTAL_REMINDER_HOUR`` o'clock, local time, after ``now``."""
    now = timezone.localtime(now)
    hour = time(settings.PORTAL_REMINDER_HOUR)
    at = timezone.make_aware(datetime.combine(now.date(), hour))
    return (
        at if at > now else timezone.make_aware(datetime.combine(now.date() + timedelta(1), hour))
    )


def schedule_reminder_check(*, round_id: int, at: datetime | None = None) -> bool:
    """Book the round's next daily reminder check in the task worker (default: the next
    morning). False when the task backend cannot run a task later (the immediate backend);
    ``manage.py send_round_reminders`` then stands in."""
    if not round_reminders_task.get_backend().supports_defer:
        return False
    round_reminders_task.using(run_after=at or next_check()).enqueue(round_id=round_id)
    return True


@task()
def round_reminders_task(round_id: int) -> bool:
    """Each morning while the round is open: remind the cities yet to report when the deadline
    is near (``PORTAL_REMINDER_DAYS``), then book tomorrow's check; the chain ends with the
    round or its deadline, and follows a deadline moved in the admin. Returns whether cities
    were reminded."""
    from progress.models import MonitoringRound
    from progress.services import remind_round

    round_ = MonitoringRound.objects.filter(pk=round_id).first()
    today = timezone.localdate()
    if round_ is None or not round_.is_open or today > round_.deadline:
        return False
    reminded = remind_round(round_=round_, today=today, days_before=settings.PORTAL_REMINDER_DAYS)
    if today < round_.deadline:
        schedule_reminder_check(round_id=round_id)
    return reminded
