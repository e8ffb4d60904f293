from django_tasks import task


@task()
def process_outbox_task() -> int:
    """Apply the index outbox; what fails stays queued for the next run."""
    from search.services import process_outbox

    return process_outbox().pending
