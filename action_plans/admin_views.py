"""Import a plan file in the Wagtail admin: the same importer as ``manage.py import_plans``."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from action_plans.importer import (
    BACKGROUND_ROWS,
    FORMATS,
    MAX_ROWS,
    ImportFileError,
    row_count_at_least,
)
from action_plans.models import ImportJob
from action_plans.services import import_plans
from action_plans.tasks import run_import_job
from core.forms import IdChoiceField
from networks.models import Membership, NetworkPage
from networks.permissions import coordinated_network_ids, editable_city_ids

MAX_UPLOAD = 10 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def importable_networks(user):
    """Networks the user coordinates, or where one of their cities is a member."""
    cities = editable_city_ids(user)
    member_of = Membership.objects.filter(city_id__in=cities).values("network_id")
    return NetworkPage.objects.filter(pk__in=coordinated_network_ids(user)) | (
        NetworkPage.objects.filter(pk__in=member_of)
    )


class ImportForm(forms.Form):
    network = IdChoiceField(queryset=NetworkPage.objects.none())
    file = forms.FileField(
        help_text=f"CSV, XLSX or JSONL, one row per initiative: at most 10 MB "
        f"and {MAX_ROWS:,} rows; a file of more than {BACKGROUND_ROWS} rows is imported in the "
        "background while you follow its progress."
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = importable_networks(user).distinct().order_by("title")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("The file is larger than 10 MB.")
        if upload.name.rsplit(".", 1)[-1].lower() not in FORMATS:
            raise forms.ValidationError("Upload a CSV, XLSX or JSONL file.")
        return upload


def import_view(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        network = form.cleaned_data["network"]
        try:
            data = upload.read()
            # Only as much is read here as tells a large file, which the task reads.
            if row_count_at_least(data, filename=upload.name, rows=BACKGROUND_ROWS):
                return _start_job(request, network=network, data=data, filename=upload.name)
            result = import_plans(user=request.user, data=data, filename=upload.name,
                                  network=network)  # fmt: skip
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            if result.ok:
                state = (
                    "published"
                    if result.published
                    else "submitted for approval"
                    if result.submitted
                    else "saved as drafts"
                )
                messages.success(
                    request,
                    f"Imported {result.plans_created + result.plans_updated} plan(s) with "
                    f"{result.initiatives_created + result.initiatives_updated} initiative(s), "
                    f"{state}.",
                )
                return redirect("import_plans")
            errors = result.errors
    status = 400 if request.method == "POST" else 200
    return render(request, "action_plans/admin/import.html", {"form": form, "errors": errors},
                  status=status)  # fmt: skip


def _start_job(request, *, network, data: bytes, filename: str) -> HttpResponse:
    """A large file is imported by a task; the user follows it on the job's page."""
    job = ImportJob.objects.create(user=request.user, network=network, data=data,
                                   filename=filename[:255])  # fmt: skip
    run_import_job.enqueue(job_id=job.pk)
    return redirect("import_job", job_id=job.pk)


def import_job_view(request: HttpRequest, job_id: int) -> HttpResponse:
    """Where a large import stands; the page reloads itself until the job has finished."""
    job = ImportJob.objects.filter(pk=job_id, user=request.user).select_related("network")
    job = job.defer("data").first()
    if job is None:
        raise Http404
    return render(request, "action_plans/admin/import_job.html", {"job": job})


def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """A template to fill in: the header row and two example rows."""
    from action_plans.import_format import template_csv, template_xlsx

    if fmt == "csv":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="plans-template.{fmt}"'
    return response


def import_format_view(request: HttpRequest) -> HttpResponse:
    from action_plans.import_format import rows

    return render(request, "action_plans/admin/import_format.html", {"rows": rows()})
