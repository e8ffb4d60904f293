from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.loader import DEMO_ACCOUNTS, load_demo


class Command(BaseCommand):
    help = "Load the demo networks, cities, action plans and accounts (idempotent)."

    def handle(self, *args, **options):
        try:
            counts = load_demo()
        except (OSError, ValueError) as exc:
            raise CommandError(f"Could not load the demo content: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {counts['networks']} networks, {counts['cities']} cities, "
                f"{counts['initiatives_imported']} initiatives imported this run."
            )
        )
        self.stdout.write("Demo accounts (demo only), password: " + settings.DEMO_PASSWORD)
        for username, role, network, city in DEMO_ACCOUNTS:
            scope = network or city or "every network"
            self.stdout.write(f"  {username:<20} {role} ({scope})")
