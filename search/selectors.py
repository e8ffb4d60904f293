"""Reads of overlaps, filtered so that a pair shows only to users who may see both sides."""

import hashlib

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet

from action_plans import solutions
from action_plans.models import ActionPlanPage, Initiative
from networks.models import NetworkPage
from networks.permissions import visible_network_filter
from networks.selectors import in_visible_networks
from progress.selectors import annotate_shown_stages, is_lesson
from search.explain import readable_reasons
from search.models import Collaboration, Overlap
from search.scoring import THRESHOLD

# "Done there, planned here": judged on the stage shown (the latest approved progress update's,
# else the plan's), by progress.selectors.is_lesson.


TIER_CHOICES = {
    "same_approach": [Overlap.Tier.SAME_APPROACH],
    "same_challenge": [Overlap.Tier.SAME_CHALLENGE],
    "all": [Overlap.Tier.SAME_APPROACH, Overlap.Tier.SAME_CHALLENGE],
}
DEFAULT_TIER = "same_approach"
TIER_ERROR = "Choose same_approach, same_challenge or all."


def tiers_for(choice: str) -> list[str] | None:
    """The tiers a ``tier`` parameter names (same approach by default), or None when unknown."""
    return TIER_CHOICES.get(choice or DEFAULT_TIER)


def may_curate(*, user, pair: Overlap) -> bool:
    """Coordinators of either side's network (and WeGO staff) confirm or dismiss a pair."""
    from networks.permissions import can_coordinate

    networks = {pair.a.plan.get_parent(), pair.b.plan.get_parent()}
    return any(can_coordinate(user, n) for n in networks)


def _visible_plan_ids(user) -> QuerySet:
    plans = ActionPlanPage.objects.live().filter(archived=False)
    return plans.filter(in_visible_networks(user=user)).values("pk")


def overlap_list(
    *,
    user,
    network: NetworkPage | None = None,
    initiative: Initiative | None = None,
    min_score: float = THRESHOLD,
    states: list[str] | None = None,
    tiers: list[str] | None = None,
) -> QuerySet[Overlap]:
    """Pairs whose both initiatives the user may see, same approach first, then by likelihood
    (``tiers``: only these tiers; None for both)."""
    plans = _visible_plan_ids(user)
    pairs = Overlap.objects.filter(a__plan_id__in=plans, b__plan_id__in=plans, score__gte=min_score)
    if states:
        pairs = pairs.filter(state__in=states)
    if tiers:
        pairs = pairs.filter(tier__in=tiers)
    if network is not None:
        in_network = ActionPlanPage.objects.child_of(network).values("pk")
        pairs = pairs.filter(Q(a__plan_id__in=in_network) | Q(b__plan_id__in=in_network))
    if initiative is not None:
        pairs = pairs.filter(Q(a=initiative) | Q(b=initiative))
    return pairs.select_related("a__plan__city", "b__plan__city").order_by("tier", "-score", "pk")


def who_else(
    *, user, plan: ActionPlanPage, limit: int = 5, items: list[Initiative] | None = None
) -> list[dict]:
    """For each initiative of the plan's latest draft (or of ``items``, the initiatives as the
    editor is writing them), the most similar published initiatives of other cities that the
    user may see: "who else does this", before publishing."""
    from networks.selectors import visible_network_ids
    from search.documents import docs_for
    from search.engines.base import get_engine

    draft = plan.get_latest_revision_as_object()
    items = list(draft.initiatives.all()) if items is None else items
    if not items:
        return []
    draft.pk = plan.pk
    docs = docs_for(items, plan=draft)
    engine = get_engine()
    networks = visible_network_ids(user=user)
    found = {d.id: engine.neighbours(d, network_ids=networks, limit=limit, stored_only=True)
             for d in docs}  # fmt: skip
    uids = {m.id for matches in found.values() for m in matches}
    others = {str(i.uid): i for i in Initiative.objects.filter(uid__in=uids).select_related(
        "plan__city")}  # fmt: skip
    return [
        {
            "initiative": item,
            "matches": [
                {
                    "other": others[m.id],
                    "score": m.score,
                    "reasons": readable_reasons(m.reasons(), item.text, others[m.id].text),
                }
                for m in found[doc.id]
                if m.id in others
            ],
        }
        for item, doc in zip(items, docs, strict=True)
    ]


def city_overlaps(
    *, user, city, network_slug: str = "", focus_area: str = "", min_score: float = THRESHOLD,
    state: str = "", tiers: list[str] | None = None,
) -> list[dict]:  # fmt: skip
    """Each of the city's published initiatives with the visible overlaps of other cities."""
    from search.highlight import highlight

    pairs = overlap_list(user=user, min_score=min_score, states=[state] if state else None,
                         tiers=tiers)  # fmt: skip
    pairs = pairs.filter(Q(a__plan__city=city) | Q(b__plan__city=city)).exclude(
        state=Overlap.State.DISMISSED
    )
    if network_slug:
        pages = ActionPlanPage.objects.filter(path__startswith=NetworkPage.objects.filter(
            slug=network_slug).values_list("path", flat=True).first() or "-")  # fmt: skip
        pairs = pairs.filter(Q(a__plan__in=pages) | Q(b__plan__in=pages))
    pairs = list(pairs)
    annotate_shown_stages([i for pair in pairs for i in (pair.a, pair.b)])
    rows: dict[int, dict] = {}
    for pair in pairs:
        mine, other = (pair.a, pair.b) if pair.a.plan.city_id == city.pk else (pair.b, pair.a)
        if other.plan.city_id == city.pk:
            continue
        if focus_area and focus_area not in other.focus_areas:
            continue
        terms = pair.reasons.get("shared_terms", [])
        row = rows.setdefault(mine.pk, {"initiative": mine, "matches": []})
        row["matches"].append({
            "pair": pair, "other": other, "score": pair.score, "reasons": pair.reasons,
            "mine_text": highlight(f"{mine.title}. {mine.description}", terms),
            "other_text": highlight(f"{other.title}. {other.description}", terms),
            "lesson": is_lesson(experienced=other, learning=mine),
        })  # fmt: skip
    return sorted(rows.values(), key=lambda r: min(_order(m["pair"]) for m in r["matches"]))


def _order(pair: Overlap) -> tuple:
    return (pair.tier != Overlap.Tier.SAME_APPROACH, -pair.score)


def visible_initiatives(*, user, ids: list[int]) -> list[Initiative]:
    """The initiatives among ``ids`` whose plans the user may see."""
    plans = _visible_plan_ids(user)
    return list(
        Initiative.objects.filter(pk__in=ids, plan_id__in=plans)
        .select_related("plan__city")
        .order_by("plan__city__name", "title")
    )


def plans_state() -> tuple:
    """What changes whenever a plan or its initiatives change: a publish, an unpublish, an
    archive, a deletion or a new draft (initiatives are saved with their plan's publish)."""
    found = ActionPlanPage.objects.aggregate(
        n=Count("pk"), live=Count("pk", filter=Q(live=True)),
        archived=Count("pk", filter=Q(archived=True)), p=Max("last_published_at"),
        r=Max("latest_revision_created_at"),
    )  # fmt: skip
    return tuple(sorted(found.items()))


def solution_catalogue(*, user, network: NetworkPage) -> list[dict]:
    """The kinds of solution the network's visible published initiatives use, each with the
    cities that use it, most widespread first ("12 cities run an operations centre").

    Cached in the shared cache by the exact plans the user may see and the plans' state, so
    visitors with the same scope share it and a publish shows at once."""
    plans = ActionPlanPage.objects.child_of(network).live().filter(archived=False)
    scope = list(plans.filter(pk__in=_visible_plan_ids(user)).order_by("pk")
                 .values_list("pk", flat=True))  # fmt: skip
    token = repr((network.pk, scope, plans_state()))
    key = "solution-catalogue:" + hashlib.sha1(token.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _catalogue(plan_ids=scope)
        cache.set(key, found, 3600)
    return found


def _catalogue(*, plan_ids: list[int]) -> list[dict]:
    cities: dict[str, dict] = {}
    counts: dict[str, int] = {}
    rows = Initiative.objects.filter(plan_id__in=plan_ids).values_list(
        "title", "description", "solution_types", "plan__city_id", "plan__city__name"
    )
    for title, description, types, city_id, city_name in rows:
        item = Initiative(title=title, description=description, solution_types=types)
        for slug in item.effective_solution_types:
            cities.setdefault(slug, {})[city_id] = {"name": city_name}
            counts[slug] = counts.get(slug, 0) + 1
    found = [
        {"slug": slug, "name": solutions.label(slug), "initiatives": counts[slug],
         "cities": sorted(found.values(), key=lambda c: c["name"])}
        for slug, found in cities.items()
    ]  # fmt: skip
    return sorted(found, key=lambda s: (-len(s["cities"]), s["name"]))


def collaboration_list(*, user, network: NetworkPage | None = None, city=None) -> QuerySet:
    """Collaborations of the networks the user may see, newest first."""
    found = Collaboration.objects.filter(
        network__in=NetworkPage.objects.filter(visible_network_filter(user))
    )
    if network is not None:
        found = found.filter(network=network)
    if city is not None:
        found = found.filter(cities=city)
    return (
        found.select_related("lead_city", "network")
        .prefetch_related("cities")
        .order_by("-created_at", "pk")
    )


def monitoring_report_section(*, user, network: NetworkPage, year: int, plans) -> dict:
    """The monitoring report's overlap part: the collaborations the network formed in ``year``
    and the pairs involving its ``plans`` confirmed that year that ``user`` may see (both
    sides: a pair with a members-only network's initiative stays out of a public report),
    strongest first."""
    confirmed = overlap_list(
        user=user, network=network, min_score=0.0, states=[Overlap.State.CONFIRMED]
    ).filter(decided_at__year=year)
    return {
        "collaborations": list(Collaboration.objects.filter(network=network,
                                                            created_at__year=year)
                               .select_related("lead_city").order_by("created_at")),
        "confirmed": list(confirmed.order_by("-score")),
    }  # fmt: skip
