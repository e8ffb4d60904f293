"""Reads on action plans and initiatives, filtered by what the asking user may see."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from action_plans.models import ActionPlanPage, Initiative
from action_plans.vocabulary import Stage
from core.params import parse_number
from networks.models import City, NetworkPage
from networks.selectors import in_visible_networks


def plan_list(
    *, user, network: NetworkPage | None = None, city: City | None = None
) -> QuerySet[ActionPlanPage]:
    """Published, unarchived plans in networks the user may see, newest period first."""
    plans = ActionPlanPage.objects.live().filter(archived=False)
    if network is not None:
        plans = plans.child_of(network)
    if city is not None:
        plans = plans.filter(city=city)
    return (
        plans.filter(in_visible_networks(user=user))
        .select_related("city")
        .annotate(initiative_count=Count("initiatives"))
        .order_by("-period_start", "city__name", "title")
    )


@dataclass
class StageSource:
    """Where the stage shown for an initiative comes from: its plan's field, unless a later
    app (progress: the latest approved update's stage) registers how to filter by what it
    shows, and the stages it may show, with ``shown_stage_source``."""

    choices: list[tuple[str, str]]
    apply: Callable[[QuerySet, str], QuerySet]


def _plan_stage(items: QuerySet, stage: str) -> QuerySet:
    return items.filter(stage=stage)


STAGE_SOURCE = StageSource(choices=list(Stage.choices), apply=_plan_stage)


def shown_stage_source(source: StageSource) -> None:
    """Filter and offer stages by what the pages show (called from an app's ``ready()``)."""
    global STAGE_SOURCE
    STAGE_SOURCE = source


def stage_choices() -> list[tuple[str, str]]:
    """The stages the initiative list offers as a filter: those the pages may show."""
    return STAGE_SOURCE.choices


def initiative_search(
    *, user, network: NetworkPage, city: str = "", focus_area: str = "", sdg: str = "",
    horizon: str = "", stage: str = "", year: str = "",
) -> tuple[QuerySet[Initiative], dict[str, str]]:  # fmt: skip
    """Initiatives of the network's published plans matching the filters, and any bad filter."""
    from action_plans.vocabulary import FocusArea, Horizon

    errors: dict[str, str] = {}
    plans = plan_list(user=user, network=network).values("pk")
    items = Initiative.objects.filter(plan_id__in=plans).select_related("plan__city")
    if city:
        items = items.filter(plan__city__slug=city)
    if focus_area:
        if focus_area in FocusArea.values:
            # JSON lists of codes: a quoted code matches exactly on SQLite and PostgreSQL.
            items = items.filter(focus_areas__icontains=f'"{focus_area}"')
        else:
            errors["focus_area"] = "Unknown focus area."
    if sdg:
        if (number := parse_number(sdg) or 0) in range(1, 18):
            items = items.filter(sdgs__regex=rf"(^|[\[ ,]){number}([,\]])")
        else:
            errors["sdg"] = "An SDG is a number from 1 to 17."
    if horizon:
        if horizon in Horizon.values:
            items = items.filter(horizon=horizon)
        else:
            errors["horizon"] = "Unknown horizon."
    if stage:
        if stage in dict(STAGE_SOURCE.choices):
            items = STAGE_SOURCE.apply(items, stage)
        else:
            errors["stage"] = "Unknown stage."
    if year:
        if (number := parse_number(year) or 0) in range(1900, 2201):
            items = items.filter(plan__period_start__lte=number, plan__period_end__gte=number)
        else:
            errors["year"] = "Give a year such as 2026."
    if errors:
        return Initiative.objects.none(), errors
    return items.order_by("plan__city__name", "plan__title", "sort_order", "pk"), errors


def site_search(*, user, query: str) -> QuerySet[Initiative]:
    """Initiatives of published plans the user may see whose title, description, plan or city
    contains every word of the query (substring match: works for CJK and Thai too)."""
    from django.db.models import Q

    plans = plan_list(user=user).values("pk")
    items = Initiative.objects.filter(plan_id__in=plans).select_related("plan__city")
    for word in query.split()[:8]:
        items = items.filter(
            Q(title__icontains=word) | Q(description__icontains=word)
            | Q(plan__title__icontains=word) | Q(plan__city__name__icontains=word)
        )  # fmt: skip
    return items.order_by("plan__city__name", "title")
