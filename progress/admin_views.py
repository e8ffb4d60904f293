"""Admin views of progress: the approval steps of an update, the rounds a coordinator runs,
and the import of update files."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from action_plans.importer import ImportFileError
from core.params import parse_number
from networks.permissions import can_coordinate
from progress import services
from progress.forms import ImportUpdatesForm, OpenRoundForm
from progress.io import import_updates
from progress.models import MonitoringRound
from progress.permissions import admin_updates
from progress.rounds import reporting_status, rounds_run_by

STEPS = {
    "submit": (services.submit_update, "submitted for approval"),
    "approve": (services.approve_update, "approved: its stage is now the one shown"),
    "return": (services.return_update, "sent back to the city as a draft"),
}


def update_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """GET asks to confirm the step, POST takes it."""
    update = admin_updates(request.user).filter(pk=pk).first()
    if update is None or step not in STEPS:
        raise Http404("No such update")
    action, done = STEPS[step]
    if request.method != "POST":
        return render(request, "progress/admin/step.html", {"update": update, "step": step,
                      "label": {"submit": "Submit", "approve": "Approve",
                                "return": "Send back"}[step]})  # fmt: skip
    try:
        action(update=update, user=request.user)
    except services.ProgressError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"“{update}” {done}.")
    return redirect("wagtailsnippets_progress_progressupdate:list")


def rounds_index(request: HttpRequest) -> HttpResponse:
    rounds = rounds_run_by(user=request.user).select_related("network").order_by("-year")
    form = OpenRoundForm(request.POST or None, user=request.user)
    if not form.fields["network"].queryset.exists():
        raise Http404("You coordinate no network")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.open_round(network=data["network"], year=data["year"],
                                         deadline=data["deadline"], message=data["message"],
                                         user=request.user)  # fmt: skip
        except services.ProgressError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{round_} opened; the member cities' editors are told "
                             "by email.")  # fmt: skip
            return redirect("progress_round", pk=round_.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "progress/admin/rounds.html", {"rounds": rounds, "form": form},
                  status=status)  # fmt: skip


def _round(request: HttpRequest, pk: int) -> MonitoringRound:
    round_ = get_object_or_404(MonitoringRound.objects.select_related("network"), pk=pk)
    if not can_coordinate(request.user, round_.network):
        raise Http404("No such round")
    return round_


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has reported and who has not; nudge a city; close the round."""
    round_ = _round(request, pk)
    if request.method == "POST":
        try:
            if "close" in request.POST:
                services.close_round(round_=round_, user=request.user)
                messages.success(request, f"{round_} closed; its report is published.")
            else:
                city_id = parse_number(request.POST.get("city")) or 0
                services.nudge_city(round_=round_, city_id=city_id, user=request.user)
                messages.success(request, "The city's editors were reminded by email.")
        except services.ProgressError as exc:
            messages.error(request, str(exc))
        return redirect("progress_round", pk=pk)
    rows = reporting_status(round_=round_)
    context = {"round": round_, "rows": rows,
               "reported": sum(r["reported"] for r in rows)}  # fmt: skip
    return render(request, "progress/admin/round.html", context)


def import_view(request: HttpRequest) -> HttpResponse:
    form = ImportUpdatesForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_updates(user=request.user, data=upload.read(), filename=upload.name)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            if result.ok:
                messages.success(request, f"Imported: {result.created} new update(s), "
                                 f"{result.updated} changed, {result.unchanged} unchanged; "
                                 f"{result.approved} approved, the others submitted for "
                                 "approval.")  # fmt: skip
                return redirect("wagtailsnippets_progress_progressupdate:list")
            errors = result.errors
    status = 400 if request.method == "POST" else 200
    return render(request, "progress/admin/import.html", {"form": form, "errors": errors},
                  status=status)  # fmt: skip
