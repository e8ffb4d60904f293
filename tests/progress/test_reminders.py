"""A round's reminders run in the task worker by themselves: opening a round books a check for
the next morning, and each check books the next one until the deadline. Nobody sets up cron."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from networks.models import NetworkPage
from progress.models import MonitoringRound
from progress.services import open_round
from progress.tasks import next_check, round_reminders_task

pytestmark = pytest.mark.django_db
EDITOR_MAIL = "bangkok-editor@demo.wego.example"
CHECK = "progress.tasks.round_reminders_task"


@pytest.fixture
def worker_queue(settings, monkeypatch):
    """The real database queue and worker instead of the suite's run-at-once backend. The
    worker runs inside the test's transaction, where Django's housekeeping between tasks
    (``close_old_connections``) would drop the PostgreSQL connection; it has nothing to do."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    DBTaskResult.objects.all().delete()


def run_worker() -> None:
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)


def booked_checks():
    return DBTaskResult.objects.filter(task_path=CHECK, status="READY").order_by("run_after")


def test_opening_a_round_books_daily_checks_that_remind_until_the_deadline(
    worker_queue, django_capture_on_commit_callbacks
):
    ascn = NetworkPage.objects.get(slug="ascn")
    MonitoringRound.objects.filter(network=ascn, status="open").delete()  # the demo's round
    today = timezone.localdate()
    coordinator = get_user_model().objects.get(username="ascn-coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        round_ = open_round(network=ascn, year=today.year, deadline=today + timedelta(days=2),
                            user=coordinator)  # fmt: skip
    # One check is booked, for the next morning at PORTAL_REMINDER_HOUR; the invitation waits
    # in the queue too.
    (check,) = booked_checks()
    assert check.run_after == next_check() > timezone.now()
    assert check.args_kwargs["kwargs"] == {"round_id": round_.pk}
    mail.outbox.clear()
    run_worker()  # the check is not due yet: only the invitation goes
    assert [m.subject for m in mail.outbox if m.to == [EDITOR_MAIL]] == [
        f"ASCN: the {today.year} monitoring round is open (deadline {round_.deadline})"
    ]
    assert booked_checks().count() == 1

    # The morning comes: the check reminds the cities yet to report and books the next one.
    booked_checks().update(run_after=timezone.now() - timedelta(minutes=1))
    mail.outbox.clear()
    run_worker()
    reminders = [m for m in mail.outbox if m.to == [EDITOR_MAIL]]
    assert len(reminders) == 1 and reminders[0].subject.startswith("Reminder: ASCN")
    (following,) = booked_checks()
    assert following.run_after == next_check()
    round_.refresh_from_db()
    assert round_.last_reminder_on == today

    # Closing the round ends the chain: the next check sends nothing and books nothing.
    MonitoringRound.objects.filter(pk=round_.pk).update(status="closed")
    booked_checks().update(run_after=timezone.now() - timedelta(minutes=1))
    mail.outbox.clear()
    run_worker()
    assert not mail.outbox and not booked_checks().exists()


def test_a_check_far_from_the_deadline_reminds_nobody_but_keeps_watching(worker_queue):
    ascn = NetworkPage.objects.get(slug="ascn")
    MonitoringRound.objects.filter(network=ascn, status="open").delete()
    today = timezone.localdate()
    round_ = MonitoringRound.objects.create(network=ascn, year=today.year,
                                            deadline=today + timedelta(days=30))  # fmt: skip
    mail.outbox.clear()
    assert round_reminders_task.call(round_id=round_.pk) is False
    assert not mail.outbox
    # A deadline moved nearer in the admin is followed: the next check reminds.
    MonitoringRound.objects.filter(pk=round_.pk).update(deadline=today + timedelta(days=5))
    assert round_reminders_task.call(round_id=round_.pk) is True
    assert booked_checks().count() == 2


def test_next_check_is_the_next_reminder_hour(settings):
    settings.PORTAL_REMINDER_HOUR = 8
    morning = timezone.make_aware(timezone.datetime(2026, 12, 2, 7, 30))
    evening = timezone.make_aware(timezone.datetime(2026, 12, 2, 9, 0))
    assert next_check(morning) == timezone.make_aware(timezone.datetime(2026, 12, 2, 8, 0))
    assert next_check(evening) == timezone.make_aware(timezone.datetime(2026, 12, 3, 8, 0))
