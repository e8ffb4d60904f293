from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from progress.services import send_reminders


class Command(BaseCommand):
    help = (
        "Remind the cities that have not reported in each open monitoring round whose deadline "
        "is near (at most once a day per round). The task worker does this by itself every "
        "morning; this command is for a deployment without the worker, or to remind at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=settings.PORTAL_REMINDER_DAYS,
            help="remind when the deadline is at most this many days away "
                 "(default: PORTAL_REMINDER_DAYS, as the worker's daily check)",
        )  # fmt: skip
        parser.add_argument("--today", help="the date to act as today (YYYY-MM-DD)")

    def handle(self, *args, days: int, today: str | None, **options):
        from django.utils import timezone

        if not 0 <= days <= 366:
            raise CommandError("--days is a number of days from 0 to 366.")
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today “{today}” is not a date such as 2026-09-30.") from exc
        reminded = send_reminders(today=day, days_before=days)
        for round_ in reminded:
            self.stdout.write(f"Reminded the cities yet to report in {round_}.")
        if not reminded:
            self.stdout.write("No round to remind of today.")
