"""Writes on progress: the approval steps of an update and the monitoring round's life."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from action_plans.models import Initiative
from networks.models import Membership, NetworkPage
from progress.models import MonitoringRound, ProgressUpdate
from progress.permissions import may_approve, may_write


class ProgressError(ValueError):
    """A step that may not be taken, with a message for the user."""


def attach_initiative(*, update: ProgressUpdate, initiative: Initiative) -> None:
    """Tie an update to the initiative's uid; its city and network come along for scoping."""
    plan = initiative.plan
    update.initiative_uid = initiative.uid
    update.initiative_title = initiative.title[:255]
    update.city_id = plan.city_id
    update.network = NetworkPage.objects.get(pk=plan.get_parent().pk)


def submit_update(*, update: ProgressUpdate, user) -> ProgressUpdate:
    """The city's editor hands the update to the coordinators."""
    if not may_write(user, update):
        raise ProgressError("You may not submit this update.")
    if update.status != ProgressUpdate.Status.DRAFT:
        raise ProgressError("Only a draft can be submitted.")
    update.status = ProgressUpdate.Status.SUBMITTED
    update.submitted_by, update.submitted_at = user, timezone.now()
    _save_logged(update, user=user, action="progress.submit")
    return update


def approve_update(*, update: ProgressUpdate, user) -> ProgressUpdate:
    """A coordinator approves: from now on the update's stage is the one shown."""
    if not may_approve(user, update):
        raise ProgressError("Only the network's coordinators may approve updates.")
    if update.status == ProgressUpdate.Status.APPROVED:
        raise ProgressError("The update is already approved.")
    update.status = ProgressUpdate.Status.APPROVED
    update.approved_by, update.approved_at = user, timezone.now()
    if update.submitted_at is None:
        update.submitted_by, update.submitted_at = user, update.approved_at
    _save_logged(update, user=user, action="progress.approve")
    return update


def return_update(*, update: ProgressUpdate, user) -> ProgressUpdate:
    """A coordinator sends a submitted (or approved) update back to the city as a draft."""
    if not may_approve(user, update):
        raise ProgressError("Only the network's coordinators may send updates back.")
    if update.status == ProgressUpdate.Status.DRAFT:
        raise ProgressError("The update is already a draft.")
    update.status = ProgressUpdate.Status.DRAFT
    update.approved_by = update.approved_at = None
    _save_logged(update, user=user, action="progress.return")
    return update


def _save_logged(update: ProgressUpdate, *, user, action: str) -> None:
    with transaction.atomic():
        update.save()
        revision = update.save_revision(user=user)
        log(instance=update, action=action, user=user, revision=revision)


# The monitoring round -----------------------------------------------------------------------


def open_round(
    *,
    network: NetworkPage,
    year: int,
    deadline: date,
    user,
    message: str = "",
    notify: bool = True,
) -> MonitoringRound:
    """Open the network's round for ``year``; member cities' editors are emailed once the
    transaction commits (unless ``notify`` is off: the demo) and see it on their dashboard.
    ``user=None`` is the system."""
    from networks.permissions import can_coordinate

    if user is not None and not can_coordinate(user, network):
        raise ProgressError("Only the network's coordinators may open a round.")
    if not 1900 <= year <= 2200:
        raise ProgressError("Give a year such as 2026.")
    if deadline < timezone.localdate() and user is not None:
        raise ProgressError("The deadline is in the past.")
    if MonitoringRound.objects.filter(network=network, year=year).exists():
        raise ProgressError(f"{network.short_name} already has a round for {year}.")
    if MonitoringRound.objects.filter(network=network, status=MonitoringRound.Status.OPEN).exists():
        raise ProgressError("Close the open round first.")
    with transaction.atomic():
        round_ = MonitoringRound.objects.create(
            network=network, year=year, deadline=deadline, message=message, opened_by=user
        )
        log(instance=round_, action="progress.open_round", user=user)
    from progress.tasks import schedule_reminder_check, send_round_mail_task

    if notify:
        transaction.on_commit(
            lambda: send_round_mail_task.enqueue(round_id=round_.pk, kind="invitation")
        )
    # The worker checks the round every morning until its deadline: no cron to set up.
    transaction.on_commit(lambda: schedule_reminder_check(round_id=round_.pk))
    return round_


def close_round(*, round_: MonitoringRound, user) -> MonitoringRound:
    from networks.permissions import can_coordinate

    if user is not None and not can_coordinate(user, round_.network):
        raise ProgressError("Only the network's coordinators may close a round.")
    if not round_.is_open:
        raise ProgressError("The round is already closed.")
    round_.status, round_.closed_at = MonitoringRound.Status.CLOSED, timezone.now()
    with transaction.atomic():
        round_.save(update_fields=["status", "closed_at"])
        log(instance=round_, action="progress.close_round", user=user)
    return round_


def nudge_city(*, round_: MonitoringRound, city_id: int, user) -> None:
    """Email one city's editors that the round awaits their report."""
    from networks.permissions import can_coordinate
    from progress.tasks import send_round_mail_task

    if not can_coordinate(user, round_.network):
        raise ProgressError("Only the network's coordinators may nudge cities.")
    if not round_.is_open:
        raise ProgressError("The round is closed.")
    membership = Membership.objects.filter(network=round_.network, city_id=city_id).first()
    if membership is None:
        raise ProgressError("That city is not a member of the network.")
    log(instance=round_, action="progress.nudge", user=user,
        data={"city": membership.city.name})  # fmt: skip
    transaction.on_commit(
        lambda: send_round_mail_task.enqueue(round_id=round_.pk, kind="nudge", city_ids=[city_id])
    )


def remind_round(*, round_: MonitoringRound, today: date, days_before: int = 7) -> bool:
    """Email the cities that have not reported yet when the open round's deadline is at most
    ``days_before`` days away, at most once a day. Returns whether anyone was reminded."""
    from progress.rounds import unreported_city_ids
    from progress.tasks import send_round_mail_task

    if not round_.is_open or not 0 <= (round_.deadline - today).days <= days_before:
        return False
    if round_.last_reminder_on == today:
        return False
    city_ids = unreported_city_ids(round_=round_)
    round_.last_reminder_on = today
    round_.save(update_fields=["last_reminder_on"])
    if city_ids:
        send_round_mail_task.enqueue(round_id=round_.pk, kind="reminder", city_ids=city_ids)
    return bool(city_ids)


def send_reminders(*, today: date, days_before: int = 7) -> list[MonitoringRound]:
    """``remind_round`` for every open round (``manage.py send_round_reminders``, for a
    deployment without the task worker). Returns the rounds reminded."""
    rounds = MonitoringRound.objects.filter(
        status=MonitoringRound.Status.OPEN, deadline__gte=today
    ).select_related("network")
    return [r for r in rounds if remind_round(round_=r, today=today, days_before=days_before)]
