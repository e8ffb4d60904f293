from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.pair_model import SHIPPED_PATH
from search.training import train


class Command(BaseCommand):
    help = (
        "Train the overlap pair model from the development labels in data/ and the "
        "coordinators' decisions (confirmed: same approach; dismissed: neither)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="where to write the model (default: OVERLAP_MODEL_PATH, the model in use)",
        )
        parser.add_argument(
            "--shipped",
            action="store_true",
            help="write the model shipped with the code (development labels only)",
        )
        parser.add_argument(
            "--no-decisions", action="store_true", help="leave coordinators' decisions out"
        )

    def handle(self, *args, **options):
        if options["shipped"]:
            output, decisions = SHIPPED_PATH, False
        else:
            output = options["output"] or getattr(settings, "OVERLAP_MODEL_PATH", "")
            decisions = not options["no_decisions"]
        if not output:
            raise CommandError("Give --output or set OVERLAP_MODEL_PATH.")
        try:
            counts = train(output=Path(output), decisions=decisions)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Trained on {counts['labels']} judged pairs and {counts['decisions']} "
                f"decisions; wrote {output}. Run rebuild_overlaps to rescore the stored pairs."
            )
        )
