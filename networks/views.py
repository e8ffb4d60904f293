from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from networks.models import City
from networks.registry import contributions
from networks.selectors import city_is_visible, city_memberships


def city_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A member city's page: its plans across every network the visitor may see, and what the
    other apps add (networks/registry.py)."""
    city = get_object_or_404(City, slug=slug)
    if not city_is_visible(user=request.user, city=city):
        raise Http404("No such city")
    context = {"city": city, "memberships": city_memberships(user=request.user, city=city)}
    context.update(contributions("city", request, city))
    return render(request, "networks/city_detail.html", context)
