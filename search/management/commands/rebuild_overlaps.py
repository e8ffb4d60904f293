import sys

from django.core.management.base import BaseCommand, CommandError

from networks.models import NetworkPage
from search.engines.base import EngineUnavailable, get_engine
from search.services import rebuild


class Command(BaseCommand):
    help = "Rebuild the overlap index from the database (new index, swapped in by alias)."

    def add_arguments(self, parser):
        parser.add_argument("--network", help="only this network (slug)")

    def handle(self, *args, **options):
        network = None
        if options["network"]:
            network = NetworkPage.objects.filter(slug=options["network"]).first()
            if network is None:
                raise CommandError(f"No network with the slug “{options['network']}”.")
        engine = get_engine()
        interactive = sys.stdout.isatty()

        def progress(done: int, total: int) -> None:
            if interactive and total:
                bar = "#" * int(30 * done / total)
                self.stdout.write(f"\r[{bar:<30}] {100 * done // total:3d}%", ending="")
                self.stdout.flush()

        try:
            counts = rebuild(engine=engine, network=network, progress=progress)
        except EngineUnavailable as exc:
            raise CommandError(f"The {engine.name} engine is unavailable: {exc}") from exc
        if interactive:
            self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Rebuilt with the {engine.name} engine: {counts['plans']} plans, "
                f"{counts['initiatives']} initiatives, {counts['pairs']} overlapping pairs."
            )
        )
