"""Public pages of progress: an initiative's timeline and indicators, a network's updates as a
file, and a closed round's monitoring report. Each follows the network's visibility."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from networks.models import NetworkPage
from networks.permissions import can_coordinate, deny_unless_can_view
from progress import io
from progress.models import MonitoringRound
from progress.rounds import REPORT_COLUMNS, monitoring_report, report_rows
from progress.selectors import (
    indicator_table,
    readable_updates,
    stage_of,
    timeline,
    visible_initiative,
)


def initiative_progress(request: HttpRequest, uid) -> HttpResponse:
    """One initiative: its shown stage, the timeline of approved updates, its indicators."""
    from action_plans.models import Initiative

    found = Initiative.objects.filter(uid=uid).select_related("plan").first()
    if found is not None:  # a members-only network's page: anonymous visitors sign in first
        deny_unless_can_view(request, found.plan.get_parent().specific)
    item = visible_initiative(user=request.user, uid=uid)
    if item is None:
        raise Http404("No such initiative")
    updates = timeline(user=request.user, initiative=item)
    indicators = indicator_table(updates)
    context = {
        "item": item, "plan": item.plan, "network": item.plan.get_parent().specific,
        "stage": stage_of(item), "updates": updates, "indicators": indicators,
        "chart": indicators["chart"],
    }  # fmt: skip
    return render(request, "progress/initiative_progress.html", context)


def _network(request: HttpRequest, slug: str) -> NetworkPage:
    network = get_object_or_404(NetworkPage.objects.live(), slug=slug)
    deny_unless_can_view(request, network)
    return network


def _file(data: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=io.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def network_progress_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The network's approved updates in the import format."""
    network = _network(request, slug)
    if fmt not in io.CONTENT_TYPES:
        raise Http404("Unknown export format")
    updates = (
        readable_updates(user=request.user).filter(network=network)
        .prefetch_related("indicators").order_by("city__name", "initiative_title", "date")
    )  # fmt: skip
    return _file(io.render(io.update_rows(updates), fmt), fmt, f"{network.slug}-progress")


def rounds_index(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    rounds = MonitoringRound.objects.filter(network=network).order_by("-year")
    return render(request, "progress/rounds_index.html", {"network": network, "rounds": rounds,
                  "may_run": can_coordinate(request.user, network)})  # fmt: skip


def round_report(request: HttpRequest, slug: str, year: int, fmt: str = "html") -> HttpResponse:
    """The network's monitoring report of a year: once the round closes (its coordinators may
    preview it while it is open)."""
    network = _network(request, slug)
    round_ = MonitoringRound.objects.filter(network=network, year=year).first()
    if round_ is None or (round_.is_open and not can_coordinate(request.user, network)):
        raise Http404("No report for that year")
    if fmt not in ("html", "csv", "xlsx"):
        raise Http404("Unknown format")
    report = monitoring_report(round_=round_, user=request.user)
    if fmt != "html":
        data = io.render(report_rows(report), fmt, columns=REPORT_COLUMNS, sheet="report")
        return _file(data, fmt, f"{network.slug}-monitoring-{year}")
    return render(request, "progress/monitoring_report.html", report)
