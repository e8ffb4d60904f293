from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from action_plans.selectors import plan_list
from events.selectors import event_list
from networks.models import City
from networks.selectors import city_is_visible, city_memberships
from search.selectors import collaboration_list


def city_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A member city's page: its plans across every network the visitor may see."""
    city = get_object_or_404(City, slug=slug)
    if not city_is_visible(user=request.user, city=city):
        raise Http404("No such city")
    return render(
        request,
        "networks/city_detail.html",
        {
            "city": city,
            "memberships": city_memberships(user=request.user, city=city),
            "plans": plan_list(user=request.user, city=city),
            "collaborations": collaboration_list(user=request.user, city=city),
            "upcoming_events": event_list(user=request.user, city=city, when="upcoming"),
            "past_events": event_list(user=request.user, city=city, when="past")[:10],
        },
    )
