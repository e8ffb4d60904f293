"""Mail of the monitoring round, sent by the task queue, never in the request."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
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
