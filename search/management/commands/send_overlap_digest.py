from django.core.management.base import BaseCommand

from search.alerts import send_alerts


class Command(BaseCommand):
    help = (
        "Mail every pending overlap alert, one message per user: run weekly (e.g. from cron) "
        "for the users who chose the weekly digest."
    )

    def handle(self, *args, **options):
        sent = send_alerts()
        self.stdout.write(self.style.SUCCESS(f"{sent} digest message{'s' * (sent != 1)} sent."))
