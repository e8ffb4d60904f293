from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from action_plans.vocabulary import FocusArea
from events.site_search import KINDS, SearchFilters, search_hits, similar_hits
from networks.selectors import city_list, network_list

KIND_LABELS = {"event": "Events", "plan": "Plans", "initiative": "Initiatives"}


def search(request: HttpRequest) -> HttpResponse:
    """Site search over the events, plans and initiatives the visitor may see, best first,
    with snippets and filters; counts only what they may see."""
    query = request.GET.get("q", "").strip()
    errors = []
    if len(query) > 200:
        errors.append("The search is too long: use at most 200 characters.")
        query = ""
    networks = list(network_list(user=request.user))
    cities = list(city_list(user=request.user))
    filters = SearchFilters(
        network=request.GET.get("network", ""), city=request.GET.get("city", ""),
        kind=request.GET.get("kind", ""), focus_area=request.GET.get("focus_area", ""),
    )  # fmt: skip
    if filters.network and filters.network not in {n.slug for n in networks}:
        errors.append("Choose a network from the list.")
    if filters.city and filters.city not in {c.slug for c in cities}:
        errors.append("Choose a city from the list.")
    if filters.kind and filters.kind not in KINDS:
        errors.append("Choose events, plans or initiatives.")
    if filters.focus_area and filters.focus_area not in FocusArea.values:
        errors.append("Choose a focus area from the list.")
    results, similar = None, []
    if query and not errors:
        results = search_hits(user=request.user, query=query, filters=filters)
    page = Paginator(results, 25).get_page(request.GET.get("page")) if results is not None else None
    if page is not None and page.number == 1:
        found = {h["id"] for h in results}
        similar = similar_hits(user=request.user, query=query, filters=filters, exclude=found)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "query": query, "results": page, "similar": similar, "errors": errors, "filters": filters,
        "networks": networks, "cities": cities, "kinds": KIND_LABELS,
        "focus_areas": FocusArea.choices, "params": params.urlencode(),
    }  # fmt: skip
    return render(request, "action_plans/search.html", context, status=400 if errors else 200)
