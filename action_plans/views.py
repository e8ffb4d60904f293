"""Plan listings and exports, served as routes of the network and plan pages."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from action_plans.exporter import CONTENT_TYPES, plan_rows
from action_plans.exporter import render as render_rows
from action_plans.selectors import initiative_search, plan_list, stage_choices
from action_plans.vocabulary import SDG_CHOICES, FocusArea, Horizon


def plans_index(request: HttpRequest, network) -> HttpResponse:
    """The network's initiatives with filters: city, focus area, SDG, horizon, stage, year."""
    params = request.GET
    filters = {key: params.get(key, "").strip() for key in
               ("city", "focus_area", "sdg", "horizon", "stage", "year")}  # fmt: skip
    items, errors = initiative_search(user=request.user, network=network, **filters)
    page = Paginator(items, 25).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    context = {
        "page": network, "self": network, "items": page, "filters": filters, "errors": errors,
        "query": query.urlencode(), "focus_areas": FocusArea.choices, "sdgs": SDG_CHOICES,
        "horizons": Horizon.choices, "stages": stage_choices(),
        "cities": network.memberships.select_related("city").order_by("city__name"),
    }  # fmt: skip
    return render(request, "action_plans/plans_index.html", context, status=400 if errors else 200)


def export(request: HttpRequest, plans, fmt: str, filename: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404("Unknown export format")
    response = HttpResponse(render_rows(plan_rows(list(plans)), fmt), CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def network_export(request: HttpRequest, network, fmt: str) -> HttpResponse:
    return export(request, plan_list(user=request.user, network=network), fmt, network.slug)


def plan_export(request: HttpRequest, plan, fmt: str) -> HttpResponse:
    return export(request, [plan], fmt, plan.slug)
