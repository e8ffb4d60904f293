"""The admin's "Membership requests" screen: a network's coordinators approve or decline the
requests to join it."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from networks.membership_requests import RequestError, decide_membership_request
from networks.models import MembershipRequest
from networks.permissions import coordinated_network_ids


def requests_for(user):
    return MembershipRequest.objects.filter(
        network_id__in=coordinated_network_ids(user)
    ).select_related("network", "user", "decided_by")


def index(request: HttpRequest) -> HttpResponse:
    if not coordinated_network_ids(request.user):
        raise Http404("You coordinate no network")
    found = requests_for(request.user)
    context = {
        "pending": found.filter(status=MembershipRequest.Status.PENDING).order_by("created_at"),
        "decided": found.exclude(status=MembershipRequest.Status.PENDING)[:30],
    }
    return render(request, "networks/admin/membership_requests.html", context)


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(requests_for(request.user), pk=pk)
    decision = request.POST.get("decision", "")
    if decision not in ("approve", "decline"):
        messages.error(request, "Choose approve or decline.")
        return redirect("membership_requests")
    try:
        decide_membership_request(request=found, approve=decision == "approve", by=request.user)
    except RequestError as error:
        messages.error(request, str(error))
    else:
        verb = "approved: they can now read" if decision == "approve" else "declined for"
        messages.success(request, f"{found.user.username}'s request {verb} "
                         f"{found.network.short_name}.")  # fmt: skip
    return redirect("membership_requests")
