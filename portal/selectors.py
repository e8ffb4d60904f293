"""Site search across plans, initiatives and events: one list of hits, each filtered by the
same rules as the pages (the selectors below only return what the user may see)."""

from django.db.models import Q

from action_plans.selectors import plan_list, site_search
from events.selectors import event_list

KINDS = ("event", "plan", "initiative")


def _words(query: str) -> list[str]:
    return query.split()[:8]


def search_hits(*, user, query: str) -> list[dict]:
    """Events, then plans, then initiatives containing every word of the query (substring
    matching, so CJK and Thai work without segmentation)."""
    events = event_list(user=user)
    plans = plan_list(user=user)
    for word in _words(query):
        events = events.filter(
            Q(title__icontains=word) | Q(description__icontains=word)
            | Q(venue_city__icontains=word) | Q(host_city__name__icontains=word)
        )  # fmt: skip
        plans = plans.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(city__name__icontains=word)
        )
    from networks.models import NetworkPage

    # A page's network is its parent: its tree path without the last step.
    slug_of = dict(NetworkPage.objects.values_list("path", "slug"))

    def network(page) -> str:
        return slug_of.get(page.path[: -NetworkPage.steplen], "")

    hits = [
        {"kind": "event", "id": str(e.pk), "title": e.title, "url": e.url,
         "network": network(e), "city": e.host_city.name if e.host_city else "",
         "summary": f"{e.get_kind_display()}, {e.local_start:%d %B %Y}"}
        for e in events.select_related("host_city")
    ]  # fmt: skip
    hits += [
        {"kind": "plan", "id": str(p.pk), "title": p.title, "url": p.url,
         "network": network(p), "city": p.city.name, "summary": p.summary[:300]}
        for p in plans
    ]  # fmt: skip
    items = site_search(user=user, query=query).select_related("plan__city")
    for i in items:
        hits.append({
            "kind": "initiative", "id": i.public_id, "title": i.title,
            "url": f"{i.plan.url}#initiative-{i.uid}", "network": network(i.plan),
            "city": i.plan.city.name, "summary": i.description[:300],
        })  # fmt: skip
    return hits
