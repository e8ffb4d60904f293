from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from networks.maps import network_map, place_name
from networks.membership_requests import RequestError, pending_request, request_membership
from networks.models import City, NetworkPage
from networks.permissions import can_view_network
from networks.registry import contributions
from networks.selectors import city_is_visible, city_memberships


def city_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A member city's page: its plans across every network the visitor may see, and what the
    other apps add (networks/registry.py)."""
    city = get_object_or_404(City, slug=slug)
    if not city_is_visible(user=request.user, city=city):
        raise Http404("No such city")
    context = {
        "city": city,
        "place": place_name(city),
        "map": network_map([city], width=320, height=210),
        "memberships": city_memberships(user=request.user, city=city),
    }
    # Plans, collaborations, events: each app adds its own (networks/registry.py).
    context.update(contributions("city", request, city))
    return render(request, "networks/city_detail.html", context)


def members_only(request: HttpRequest, network: NetworkPage) -> HttpResponse:
    """What a signed-in outsider sees at a listed members-only network's address: what the
    space is and how to ask to join (nothing of its content)."""
    context = {"network": network, "pending": pending_request(user=request.user, network=network)}
    return render(request, "networks/members_only.html", context, status=403)


def _listed_closed_network(request: HttpRequest, slug: str) -> NetworkPage:
    network = NetworkPage.objects.live().filter(slug=slug, listed_publicly=True).first()
    if network is None or network.is_public:
        raise Http404("No such network")
    return network


@login_required
@require_POST
def join_request(request: HttpRequest, slug: str) -> HttpResponse:
    network = _listed_closed_network(request, slug)
    if can_view_network(request.user, network):
        return redirect(network.url)
    try:
        request_membership(user=request.user, network=network,
                           organisation=request.POST.get("organisation", ""),
                           message=request.POST.get("message", ""))  # fmt: skip
    except RequestError as error:
        messages.error(request, str(error))
        context = {"network": network, "form": request.POST,
                   "pending": pending_request(user=request.user, network=network)}  # fmt: skip
        return render(request, "networks/members_only.html", context, status=400)
    done = (
        f"Your request to join {network.short_name} has gone to its coordinators. "
        "You will be able to read its space once they approve it."
    )
    messages.success(request, done)
    return redirect(network.url)
