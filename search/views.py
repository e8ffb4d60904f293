from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from action_plans.vocabulary import FocusArea
from networks.models import City
from networks.selectors import city_is_visible, city_memberships
from search.models import Overlap
from search.scoring import THRESHOLD
from search.selectors import city_overlaps


def city_overlaps_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Who works on what we work on: the city's initiatives and their overlaps elsewhere."""
    city = get_object_or_404(City, slug=slug)
    if not city_is_visible(user=request.user, city=city):
        raise Http404("No such city")
    params = request.GET
    errors = {}
    try:
        min_score = float(params.get("min_score") or THRESHOLD)
        if not 0 <= min_score <= 1:
            raise ValueError
    except ValueError:
        errors["min_score"] = "A score is a number from 0 to 1."
        min_score = THRESHOLD
    focus_area = params.get("focus_area", "")
    if focus_area and focus_area not in FocusArea.values:
        errors["focus_area"] = "Unknown focus area."
    state = params.get("state", "")
    if state and state not in (Overlap.State.SUGGESTED, Overlap.State.CONFIRMED):
        errors["state"] = "Choose suggested or confirmed."
    rows = [] if errors else city_overlaps(
        user=request.user, city=city, network_slug=params.get("network", ""),
        focus_area=focus_area, min_score=min_score, state=state,
    )  # fmt: skip
    if params.get("lessons"):
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
    }  # fmt: skip
    return render(request, "search/city_overlaps.html", context, status=400 if errors else 200)
