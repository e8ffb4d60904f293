"""Large imports run here, off the request; the job row tells the user where they stand."""

from django.utils import timezone
from django_tasks import task


@task()
def run_import_job(job_id: int) -> str:
    from action_plans.importer import ImportFileError, read_records
    from action_plans.models import ImportJob
    from action_plans.services import import_plans

    job = ImportJob.objects.select_related("user", "network").get(pk=job_id)
    jobs = ImportJob.objects.filter(pk=job_id)
    jobs.update(status=ImportJob.Status.RUNNING, progress="Started.")

    def progress(message: str) -> None:
        jobs.update(progress=message[:255])

    status, summary, errors = ImportJob.Status.FAILED, "", []
    try:
        records = read_records(bytes(job.data), filename=job.filename)
        jobs.update(rows=len(records))
        result = import_plans(user=job.user, data=b"", filename=job.filename, records=records,
                              network=job.network, progress=progress)  # fmt: skip
    except ImportFileError as exc:
        summary = str(exc)
    except Exception:
        summary = "The import stopped on an unexpected error; nothing was imported."
        jobs.update(status=status, summary=summary, data=b"", finished_at=timezone.now())
        raise
    else:
        if result.ok:
            state = "published" if result.published else "saved as drafts for approval"
            status = ImportJob.Status.DONE
            summary = (
                f"Imported {result.plans_created + result.plans_updated} plan(s) with "
                f"{result.initiatives_created + result.initiatives_updated} initiative(s), "
                f"{state}."
            )
        else:
            summary = f"Nothing was imported: {len(result.errors)} row(s) need fixing."
            errors = [str(e) for e in result.errors[:500]]
    jobs.update(status=status, summary=summary, errors=errors, data=b"",
                progress="Finished.", finished_at=timezone.now())  # fmt: skip
    return status
