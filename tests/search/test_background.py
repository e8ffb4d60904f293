"""Publishing returns at once: the task worker indexes and scores the plan afterwards."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from action_plans.models import Initiative
from networks.models import NetworkPage
from search.engines.base import get_engine
from search.models import IndexOutbox
from search.selectors import overlap_list
from tests.factories import PlanFactory

pytestmark = [pytest.mark.django_db, pytest.mark.backends]
FLOOD = {
    "title": "Flood early warning",
    "description": "River level sensors and SMS alerts warn residents of floods.",
}


@pytest.fixture
def database_tasks(settings, monkeypatch):
    """Tasks queued in the database as in dev and production (the suite runs them at once).
    The worker's periodic connection check would close the test's transaction: skipped."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload",
                 "--queue-name", "*", stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip


def test_publishing_leaves_indexing_and_scoring_to_the_worker(
    database_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plan = PlanFactory(parent=NetworkPage.objects.get(slug="ascn"), initiatives=[FLOOD])
    new = plan.initiatives.get()
    # The publishing request embedded and scored nothing: the change waits in the outbox.
    assert get_engine().get(str(new.uid)) is None
    assert IndexOutbox.objects.filter(plan_id=plan.pk).exists()

    run_worker()
    assert get_engine().get(str(new.uid)) is not None
    assert not IndexOutbox.objects.exists()
    assert overlap_list(user=AnonymousUser(), initiative=new).exists()


def test_the_worker_drains_a_long_outbox_in_batches(database_tasks, monkeypatch):
    """More changed plans than one task takes: each run queues the next until none is left."""
    from search import tasks
    from search.services import process_outbox

    plans = list(Initiative.objects.values_list("plan_id", flat=True).distinct()[:5])
    IndexOutbox.objects.bulk_create([IndexOutbox(plan_id=p) for p in plans])
    batches = []

    def counted(**kwargs):
        batches.append(kwargs["max_plans"])
        return process_outbox(**kwargs)

    monkeypatch.setattr(tasks, "OUTBOX_BATCH", 2)
    monkeypatch.setattr("search.services.process_outbox", counted)
    tasks.process_outbox_task.enqueue()
    run_worker()
    assert not IndexOutbox.objects.exists()
    assert batches == [2, 2, 2]
