from django.core.management.base import BaseCommand, CommandError

from search.documents import docs_for_plan
from search.engines.base import EngineUnavailable, get_engine
from search.services import live_plans, process_outbox, sync_plan


class Command(BaseCommand):
    help = "Compare the overlap index with the database; --repair brings it in line."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true")

    def handle(self, *args, **options):
        engine = get_engine()
        try:
            indexed = engine.ids()
            expected = {}
            for plan in live_plans():
                for doc in docs_for_plan(plan):
                    expected[doc.id] = plan.pk
            missing = sorted(set(expected) - set(indexed))
            extra = sorted(set(indexed) - set(expected))
            self.stdout.write(
                f"{engine.name}: {len(indexed)} indexed, {len(expected)} expected, "
                f"{len(missing)} missing, {len(extra)} extra"
            )
            if options["repair"] and (missing or extra):
                plans = {expected[i] for i in missing} | {indexed[i] for i in extra}
                for plan_id in sorted(plans):
                    sync_plan(plan_id=plan_id, engine=engine)
                self.stdout.write(self.style.SUCCESS(f"Repaired {len(plans)} plan(s)."))
            if options["repair"]:
                result = process_outbox(engine=engine)
                self.stdout.write(f"Outbox: {result.applied} applied, {result.pending} pending.")
            elif missing or extra:
                raise CommandError("The index has drifted from the database; run with --repair.")
        except EngineUnavailable as exc:
            raise CommandError(f"The {engine.name} engine is unavailable: {exc}") from exc
