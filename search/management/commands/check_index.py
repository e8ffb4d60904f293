from django.core.management.base import BaseCommand, CommandError

from search.engines.base import EngineUnavailable, get_engine
from search.services import compare_index, process_outbox, sync_plan


class Command(BaseCommand):
    help = (
        "Compare the overlap index with the database, document by document (a content hash "
        "and the vector), and the outbox of queued updates; exits non-zero when they disagree. "
        "--repair re-syncs what differs and applies the outbox."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true")

    def handle(self, *args, **options):
        engine = get_engine()
        try:
            drift = compare_index(engine=engine)
            self._report(engine.name, drift)
            if options["repair"] and drift.plans:
                for plan_id in sorted(drift.plans):
                    sync_plan(plan_id=plan_id, engine=engine)
                self.stdout.write(self.style.SUCCESS(f"Repaired {len(drift.plans)} plan(s)."))
            if options["repair"]:
                result = process_outbox(engine=engine)
                self.stdout.write(f"Outbox: {result.applied} applied, {result.pending} pending.")
                if drift.plans or result.applied:
                    drift = compare_index(engine=engine)
                    self._report(engine.name, drift)
        except EngineUnavailable as exc:
            raise CommandError(f"The {engine.name} engine is unavailable: {exc}") from exc
        if not drift.ok:
            hint = "" if options["repair"] else "; run with --repair"
            raise CommandError(f"The index disagrees with the database{hint}.")

    def _report(self, name: str, drift) -> None:
        self.stdout.write(
            f"{name}: {drift.indexed} indexed, {drift.expected} expected, "
            f"{len(drift.missing)} missing, {len(drift.extra)} extra, {len(drift.stale)} stale, "
            f"{drift.queued} queued in the outbox"
        )
        for label, ids in (("missing", drift.missing), ("extra", drift.extra),
                           ("stale", drift.stale)):  # fmt: skip
            if ids:
                shown = ", ".join(ids[:10]) + (" …" if len(ids) > 10 else "")
                self.stdout.write(f"  {label}: {shown}")
