"""The demo's progress: only what the sources behind data/initiatives.jsonl state
(data/demo_progress.jsonl, each update with the report it comes from), and an ASCN round."""

from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from networks.models import NetworkPage
from progress.io import import_updates
from progress.models import MonitoringRound
from progress.services import close_round, open_round

DEMO_FILE = Path(settings.BASE_DIR) / "data" / "demo_progress.jsonl"


def load_demo_progress() -> dict[str, int]:
    """Import the stated progress (approved, as the system) and run ASCN's 2025 round to its
    report; open ASCN's round of this year so that its cities' editors see it on their
    dashboard. A second run changes nothing."""
    result = import_updates(user=None, data=DEMO_FILE.read_bytes(), filename=DEMO_FILE.name)
    if not result.ok:
        raise ValueError("; ".join(map(str, result.errors)))
    ascn = NetworkPage.objects.filter(slug="ascn").first()
    if ascn is not None:
        if not MonitoringRound.objects.filter(network=ascn, year=2025).exists():
            past = open_round(network=ascn, year=2025, deadline=date(2025, 9, 30), user=None,
                              notify=False)  # fmt: skip
            close_round(round_=past, user=None)
        this_year = timezone.localdate().year
        if (
            this_year > 2025
            and not MonitoringRound.objects.filter(network=ascn, year=this_year).exists()
        ):
            open_round(
                network=ascn, year=this_year, user=None, notify=False,
                deadline=timezone.localdate() + timedelta(days=30),
                message="Demo round: report each initiative's stage and progress.",
            )  # fmt: skip
    return {"progress_updates_imported": result.created}
