from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from action_plans.importer import MAX_ROWS, ImportFileError
from action_plans.services import import_plans
from networks.models import NetworkPage


class Command(BaseCommand):
    help = (
        f"Import action plans from a CSV, XLSX or JSONL file (all or nothing), at most "
        f"{MAX_ROWS:,} rows; prints its progress."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--network", help="the network (slug) every row belongs to")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        network = None
        if options["network"]:
            network = NetworkPage.objects.filter(slug=options["network"]).first()
            if network is None:
                raise CommandError(f"No network with the slug “{options['network']}”.")
        try:
            result = import_plans(user=None, data=path.read_bytes(), filename=path.name,
                                  network=network, progress=self.stdout.write)  # fmt: skip
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Nothing imported: {len(result.errors)} bad row(s).")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.plans_created} new and {result.plans_updated} updated plan(s): "
                f"{result.initiatives_created} new and {result.initiatives_updated} updated "
                f"initiative(s){', published' if result.published else ''}."
            )
        )
