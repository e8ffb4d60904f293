"""Reads on action plans and initiatives, filtered by what the asking user may see."""

from django.db.models import Count, QuerySet

from action_plans.models import ActionPlanPage, Initiative
from networks.models import City, NetworkPage
from networks.permissions import visible_network_filter


def _visible_network_paths(user) -> list[str]:
    return list(
        NetworkPage.objects.filter(visible_network_filter(user)).values_list("path", flat=True)
    )


def plan_list(
    *, user, network: NetworkPage | None = None, city: City | None = None
) -> QuerySet[ActionPlanPage]:
    """Published, unarchived plans in networks the user may see, newest period first."""
    plans = ActionPlanPage.objects.live().filter(archived=False)
    if network is not None:
        plans = plans.child_of(network)
    if city is not None:
        plans = plans.filter(city=city)
    paths = _visible_network_paths(user)
    visible = ActionPlanPage.objects.none()
    for path in paths:
        visible |= ActionPlanPage.objects.filter(path__startswith=path)
    return (
        plans.filter(pk__in=visible.values("pk"))
        .select_related("city")
        .annotate(initiative_count=Count("initiatives"))
        .order_by("-period_start", "city__name", "title")
    )


def initiative_list(*, user, plan: ActionPlanPage) -> QuerySet[Initiative]:
    return plan.initiatives.all().order_by("sort_order", "pk")
