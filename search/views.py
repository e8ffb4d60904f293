from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from action_plans.vocabulary import FocusArea
from networks.models import City
from networks.selectors import city_is_visible, city_memberships
from search.filters import CityOverlapFilter
from search.models import Overlap
from search.selectors import TIER_CHOICES, city_overlaps


def city_overlaps_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Who works on what we work on: the city's initiatives and their overlaps elsewhere."""
    city = get_object_or_404(City, slug=slug)
    if not city_is_visible(user=request.user, city=city):
        raise Http404("No such city")
    params = request.GET
    # The same parameters, defaults and messages as the network page and the API.
    found = CityOverlapFilter(params, queryset=Overlap.objects.none())
    errors, shown = found.errors_by_field(), found.values
    min_score = shown["min_score"]
    rows = [] if errors else city_overlaps(
        user=request.user, city=city, network_slug=shown["network"] or "",
        focus_area=shown["focus_area"] or "", min_score=min_score, state=shown["state"] or "",
        tiers=TIER_CHOICES[shown["tier"]],
    )  # fmt: skip
    if shown["lessons"]:
        for row in rows:
            row["matches"] = [m for m in row["matches"] if m["lesson"]]
        rows = [r for r in rows if r["matches"]]
    if params.get("sort") == "title":
        rows.sort(key=lambda r: r["initiative"].title.lower())
    page = Paginator(rows, 10).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    context = {
        "city": city, "rows": page, "errors": errors, "params": params, "min_score": min_score,
        "memberships": city_memberships(user=request.user, city=city),
        "focus_areas": FocusArea.choices, "query": query.urlencode(),
        "tier": params.get("tier") or "same_approach",
        "may_follow": may_follow(request.user, city),
        "follows": _follows(request.user, city),
        "own_initiatives": _own_initiatives(request.user, city),
    }  # fmt: skip
    return render(request, "search/city_overlaps.html", context, status=400 if errors else 200)


def may_follow(user, city) -> bool:
    """A city's editors, and members of a network the city belongs to, may follow its
    initiatives."""
    from networks.models import Membership
    from networks.permissions import can_edit_city, member_network_ids

    if not user.is_authenticated:
        return False
    networks = Membership.objects.filter(city=city).values_list("network_id", flat=True)
    return can_edit_city(user, city) or bool(set(networks) & member_network_ids(user))


def follow_view(request: HttpRequest, uid) -> HttpResponse:
    """Follow an initiative (POST ``frequency``: immediate or weekly) or stop (``unfollow``)."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from action_plans.models import Initiative
    from action_plans.selectors import plan_list
    from search.alerts import follow, unfollow

    if request.method != "POST":
        raise Http404
    item = Initiative.objects.filter(uid=uid).select_related("plan__city").first()
    if item is None or not plan_list(user=request.user).filter(pk=item.plan_id).exists():
        raise Http404("No such initiative")
    if not may_follow(request.user, item.plan.city):
        return HttpResponse("Only the city's editors and network members may follow it.",
                            status=403)  # fmt: skip
    if "unfollow" in request.POST:
        unfollow(user=request.user, initiative=item)
        messages.success(request, f"You no longer follow “{item.title}”.")
    else:
        frequency = request.POST.get("frequency", "immediate")
        if frequency not in ("immediate", "weekly"):
            return HttpResponse("Choose immediate or weekly.", status=400)
        follow(user=request.user, initiative=item, frequency=frequency)
        when = "at once" if frequency == "immediate" else "in a weekly digest"
        messages.success(request, f"You will hear of new overlaps with “{item.title}” {when}.")
    return redirect(f"/cities/{item.plan.city.slug}/overlaps/#initiative-{item.uid}")


def _follows(user, city) -> dict[int, str]:
    from search.models import Follow

    if not user.is_authenticated:
        return {}
    return dict(Follow.objects.filter(user=user, initiative__plan__city=city)
                .values_list("initiative_id", "frequency"))  # fmt: skip


def _own_initiatives(user, city) -> list:
    from action_plans.models import Initiative
    from action_plans.selectors import plan_list

    if not may_follow(user, city):
        return []
    plans = plan_list(user=user, city=city).values("pk")
    return list(Initiative.objects.filter(plan_id__in=plans).order_by("title"))
