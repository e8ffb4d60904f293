"""Follows and alerts: a city's people hear when another city publishes an initiative that
overlaps one of theirs, at once or in a weekly digest."""

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from action_plans.models import Initiative
from core.mail import queue_mail
from search.models import Follow, Overlap, OverlapAlert


def follow(*, user, initiative: Initiative, frequency: str = Follow.Frequency.IMMEDIATE) -> Follow:
    """Follow (or change how often one hears of) an initiative."""
    if frequency not in Follow.Frequency.values:
        raise ValueError(f"Unknown frequency “{frequency}”.")
    item, _ = Follow.objects.update_or_create(
        user=user, initiative=initiative, defaults={"frequency": frequency}
    )
    return item


def unfollow(*, user, initiative: Initiative) -> None:
    Follow.objects.filter(user=user, initiative=initiative).delete()


def queue_alerts(*, overlaps: list[Overlap]) -> int:
    """Record an alert for each follower of either side of each new pair who may see both
    sides; mail the immediate ones once the transaction commits. Returns alerts recorded."""
    from search.selectors import overlap_list

    if not overlaps:
        return 0
    by_initiative = defaultdict(list)
    for pair in overlaps:
        by_initiative[pair.a_id].append(pair)
        by_initiative[pair.b_id].append(pair)
    created = []
    follows = Follow.objects.filter(initiative_id__in=by_initiative).select_related("user")
    for item in follows:
        visible = set(
            overlap_list(user=item.user, min_score=0)
            .filter(pk__in=[p.pk for p in by_initiative[item.initiative_id]])
            .values_list("pk", flat=True)
        )
        for pair in by_initiative[item.initiative_id]:
            if pair.pk not in visible:
                continue
            alert, new = OverlapAlert.objects.get_or_create(
                user=item.user, overlap=pair, defaults={"followed_id": item.initiative_id}
            )
            if new:
                created.append((alert, item.frequency))
    immediate = [a.pk for a, freq in created if freq == Follow.Frequency.IMMEDIATE]
    if immediate:
        transaction.on_commit(lambda: send_alerts(alert_ids=immediate))
    return len(created)


def send_alerts(*, alert_ids: list[int] | None = None) -> int:
    """Mail pending alerts, one message per user; all pending ones when no ids are given (the
    weekly digest). Returns the number of messages sent."""
    pending = OverlapAlert.objects.filter(sent_at__isnull=True).select_related(
        "user", "followed__plan__city", "overlap__a__plan__city", "overlap__b__plan__city"
    )
    if alert_ids is not None:
        pending = pending.filter(pk__in=alert_ids)
    per_user = defaultdict(list)
    for alert in pending.order_by("user_id", "-overlap__score"):
        per_user[alert.user].append(alert)
    sent = 0
    for user, alerts in per_user.items():
        if user.email:
            rows = []
            for alert in alerts:
                pair = alert.overlap
                other = pair.b if pair.a_id == alert.followed_id else pair.a
                rows.append(
                    {
                        "mine": alert.followed,
                        "other": other,
                        "score": pair.score,
                        "reasons": pair.reasons,
                    }
                )
            context = {"user": user, "rows": rows, "base_url": settings.WAGTAILADMIN_BASE_URL}
            body = render_to_string("search/alert_email.txt", context)
            subject = (f"New overlap with {rows[0]['mine'].title}" if len(rows) == 1
                       else f"{len(rows)} new overlaps with initiatives you follow")  # fmt: skip
            queue_mail(subject=subject, body=body, to=[user.email])
            sent += 1
        OverlapAlert.objects.filter(pk__in=[a.pk for a in alerts]).update(sent_at=timezone.now())
    return sent
