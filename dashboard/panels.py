"""The admin's home page made for each role (hook ``construct_homepage_panels``): what a city's
editor and a network's coordinator come to the admin for, each as a short list of links."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState

from networks.models import City, NetworkPage
from networks.permissions import coordinated_network_ids, editable_city_ids, is_wego_staff


@dataclass
class Row:
    label: str
    url: str
    meta: str = ""


@dataclass
class Section:
    heading: str
    rows: list[Row]
    empty: str
    more: Row | None = None


@dataclass
class RolePanel(Component):
    """One dashboard panel: a heading and a few lists of links."""

    name: str
    heading: str
    order: int
    sections: list[Section] = field(default_factory=list)
    template_name = "networks/admin/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        return {"panel": self}


def _edit(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def my_cities(user) -> list[City]:
    """The cities whose plans the user edits (not every city for WeGO staff)."""
    if is_wego_staff(user):
        return []
    return list(City.objects.filter(pk__in=editable_city_ids(user)).order_by("name"))


def city_plans(*, cities: list[City]) -> list[Section]:
    """The cities' plans by status: drafts, in review, published."""
    from action_plans.models import ActionPlanPage

    plans = ActionPlanPage.objects.filter(city__in=cities).select_related("city")
    by_status = {"draft": [], "in_review": [], "published": []}
    for plan in plans.order_by("city__name", "title"):
        status = plan.status
        if status in by_status:
            by_status[status].append(Row(plan.get_admin_display_title(), _edit(plan)))
    return [
        Section("Drafts", by_status["draft"], "No drafts."),
        Section("In review", by_status["in_review"], "Nothing waiting for approval."),
        Section("Published", by_status["published"], "Nothing published yet."),
    ]


def new_overlaps(*, user, cities: list[City], limit: int = 6) -> Section:
    """Undecided overlaps of the cities' initiatives, newest first."""
    from search.selectors import overlap_list

    mine = Q(a__plan__city__in=cities) | Q(b__plan__city__in=cities)
    pairs = overlap_list(user=user, states=["suggested"]).filter(mine).order_by("-computed_at")
    rows = []
    for pair in pairs[:limit]:
        own, other = (pair.a, pair.b) if pair.a.plan.city in cities else (pair.b, pair.a)
        url = reverse("city_overlaps", args=[own.plan.city.slug]) + f"#initiative-{own.uid}"
        rows.append(Row(f"{own.title} ↔ {other.plan.city.name}: {other.title}", url,
                        f"score {pair.score:.2f}"))  # fmt: skip
    more = None
    if cities:
        more = Row("All overlaps of " + cities[0].name, reverse("city_overlaps",
                   args=[cities[0].slug]))  # fmt: skip
    return Section("New overlaps of your initiatives", rows, "No new overlaps.", more)


def my_collaborations(*, user, cities: list[City], networks: set[int]) -> Section:
    from search.selectors import collaboration_list

    found = collaboration_list(user=user).filter(Q(cities__in=cities) | Q(network_id__in=networks))
    rows = [Row(c.title, reverse("collaboration_detail", args=[c.pk]),
                f"{c.network.short_name} · {c.get_status_display()}")
            for c in found.distinct()[:6]]  # fmt: skip
    return Section("Collaborations you are in", rows, "No collaborations yet.")


def upcoming_events(*, user, limit: int = 5) -> Section:
    from events.selectors import event_list

    rows = [Row(e.title, e.url or "", f"{e.start:%d %b %Y}")
            for e in event_list(user=user, when="upcoming")[:limit]]  # fmt: skip
    return Section("Upcoming events", rows, "No upcoming events.",
                   Row("All events", reverse("events")))  # fmt: skip


def plans_awaiting_review(*, networks: list[NetworkPage]) -> Section:
    """Plans in the networks' workflows, named by city, oldest request first."""
    from action_plans.models import ActionPlanPage, titled_for_city

    plan_ids = [
        str(pk)
        for n in networks
        for pk in ActionPlanPage.objects.child_of(n).values_list("pk", flat=True)
    ]
    states = (
        WorkflowState.objects.active()
        .filter(object_id__in=plan_ids, base_content_type__model="page")
        .order_by("created_at")
    )
    plans = ActionPlanPage.objects.in_bulk([int(s.object_id) for s in states])
    rows = []
    for state in states:
        plan = plans.get(int(state.object_id))
        if plan is not None:
            title = titled_for_city(plan.get_admin_display_title(), plan.city.name)
            rows.append(Row(title, _edit(plan),
                            f"{plan.get_parent().specific.short_name} · since "
                            f"{state.created_at:%d %b %Y}"))  # fmt: skip
    return Section("Plans awaiting your review", rows, "No plan is waiting for review.")


def overlaps_to_decide(*, user, networks: list[NetworkPage], limit: int = 6) -> Section:
    from search.selectors import overlap_list

    rows, total = [], 0
    for network in networks:
        pairs = overlap_list(user=user, network=network, states=["suggested"])
        count = pairs.count()
        total += count
        url = network.url + "overlaps/?state=suggested#pairs"
        rows.append(Row(f"{network.short_name}: {count} overlap{'s' if count != 1 else ''} "
                        "waiting for a decision", url))  # fmt: skip
        for pair in pairs[: max(0, limit - len(rows))]:
            a, b = pair.a, pair.b
            label = f"{a.plan.city.name} ↔ {b.plan.city.name}: {a.title} / {b.title}"
            anchor = url.replace("#pairs", f"#pair-{pair.pk}")
            rows.append(Row(label, anchor, f"score {pair.score:.2f}"))
    return Section("Overlaps waiting for a decision", rows if total else [],
                   "Every overlap has been decided.")  # fmt: skip


def panels_for(request) -> list[RolePanel]:
    user = request.user
    panels = []
    cities = my_cities(user)
    coordinated = coordinated_network_ids(user)
    if coordinated:
        networks = list(NetworkPage.objects.filter(pk__in=coordinated).order_by("title"))
        panels.append(RolePanel("portal_coordinator", "Your networks: to review and decide", 50, [
            plans_awaiting_review(networks=networks),
            overlaps_to_decide(user=user, networks=networks),
        ]))  # fmt: skip
    if cities:
        names = ", ".join(c.name for c in cities)
        panels.append(RolePanel("portal_city", f"{names}: your plans and overlaps", 60, [
            *city_plans(cities=cities), new_overlaps(user=user, cities=cities),
        ]))  # fmt: skip
    if cities or coordinated:
        panels.append(RolePanel("portal_together", "Collaborations and events", 70, [
            my_collaborations(user=user, cities=cities, networks=coordinated),
            upcoming_events(user=user),
        ]))  # fmt: skip
    return panels
