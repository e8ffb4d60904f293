"""The overlap engine's background work, run by the task worker (``manage.py db_worker``)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

OUTBOX_BATCH = 20  # plans per task run, so one run never holds the worker for long
RETRY_AFTER = timedelta(minutes=1)  # when the engine is down


@task()
def process_outbox_task() -> int:
    """Apply a batch of the index outbox; what is left is queued again (later when the engine
    failed). Every plan change enqueues this task after its commit, so no change waits for a
    request, and a change that failed is retried until the index has it."""
    from search.services import process_outbox

    result = process_outbox(max_plans=OUTBOX_BATCH)
    if result.pending:
        if not result.error:
            process_outbox_task.enqueue()
        elif process_outbox_task.get_backend().supports_defer:
            process_outbox_task.using(run_after=timezone.now() + RETRY_AFTER).enqueue()
    return result.pending
