"""Site search across plans, initiatives and events: one list of hits, each filtered by the
same rules as the pages (the selectors below only return what the user may see), ranked by
relevance, with a snippet; initiatives in other languages come from the overlap engine's
multilingual vectors."""

import logging
import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from action_plans.models import ActionPlanPage, Initiative
from action_plans.selectors import plan_list, site_search
from events.selectors import event_list
from networks.models import NetworkPage
from networks.selectors import visible_network_ids
from search.documents import docs_for
from search.engines.base import EngineUnavailable, get_engine

KINDS = ("event", "plan", "initiative")
SNIPPET = 220
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SearchFilters:
    network: str = ""
    city: str = ""
    kind: str = ""
    focus_area: str = ""


def _words(query: str) -> list[str]:
    return query.split()[:8]


def relevance(words: list[str], *, title: str, text: str, city: str) -> float:
    """Title matches count most, then the city, then each mention in the text; the whole
    query in the title counts extra."""
    title_l, text_l, city_l = title.lower(), text.lower(), city.lower()
    score = 0.0
    for word in (w.lower() for w in words):
        score += 3 * (word in title_l) + 2 * (word in city_l) + min(text_l.count(word), 5)
    if len(words) > 1 and " ".join(words).lower() in title_l:
        score += 5
    return score


def snippet(text: str, words: list[str], *, size: int = SNIPPET) -> SafeString:
    """About ``size`` characters of ``text`` around the first match, escaped, with the
    query's words in <mark>."""
    text = " ".join(text.split())
    if not text:
        return mark_safe("")
    lowered = text.lower()
    first = min((i for i in (lowered.find(w.lower()) for w in words) if i >= 0), default=0)
    start = max(0, first - size // 3)
    piece = text[start : start + size]
    prefix, suffix = ("…" if start else ""), ("…" if start + size < len(text) else "")
    if not words:
        return mark_safe(escape(prefix + piece + suffix))
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)),
                         re.IGNORECASE)  # fmt: skip
    out, last = [escape(prefix)], 0
    for found in pattern.finditer(piece):
        out += [escape(piece[last : found.start()]), f"<mark>{escape(found.group(0))}</mark>"]
        last = found.end()
    out += [escape(piece[last:]), escape(suffix)]
    return mark_safe("".join(out))


def search_hits(*, user, query: str, filters: SearchFilters = SearchFilters()) -> list[dict]:
    """Events, plans and initiatives containing every word of the query (substring matching,
    so CJK and Thai work without segmentation), best first."""
    words = _words(query)
    events = event_list(user=user)
    plans = plan_list(user=user)
    for word in words:
        events = events.filter(
            Q(title__icontains=word) | Q(description__icontains=word)
            | Q(venue_city__icontains=word) | Q(host_city__name__icontains=word)
        )  # fmt: skip
        plans = plans.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(city__name__icontains=word)
        )
    # A page's network is its parent: its tree path without the last step.
    slug_of = dict(NetworkPage.objects.values_list("path", "slug"))

    def network(page) -> str:
        return slug_of.get(page.path[: -NetworkPage.steplen], "")

    hits = []
    for e in events.select_related("host_city"):
        text = re.sub(r"<[^>]+>", " ", e.description or "")
        hits.append({"kind": "event", "id": str(e.pk), "title": e.title, "url": e.url,
                     "network": network(e), "city": e.host_city.name if e.host_city else "",
                     "city_slug": e.host_city.slug if e.host_city else "", "focus_areas": [],
                     "summary": f"{e.get_kind_display()}, {e.local_start:%d %B %Y}",
                     "text": text})  # fmt: skip
    for p in plans:
        hits.append({"kind": "plan", "id": str(p.pk), "title": p.title, "url": p.url,
                     "network": network(p), "city": p.city.name, "city_slug": p.city.slug,
                     "focus_areas": [], "summary": p.summary[:300], "text": p.summary})  # fmt: skip
    for i in site_search(user=user, query=query).select_related("plan__city"):
        hits.append(_initiative_hit(i, network(i.plan)))
    for hit in hits:
        hit["score"] = relevance(words, title=hit["title"], text=hit["text"], city=hit["city"])
        hit["snippet"] = snippet(hit["text"], words)
    hits.sort(key=lambda h: (-h["score"], KINDS.index(h["kind"]), h["title"]))
    return [h for h in hits if _passes(h, filters)]


def similar_hits(
    *, user, query: str, filters: SearchFilters = SearchFilters(), exclude: set[str] = frozenset()
) -> list[dict]:
    """Initiatives close in meaning to the query, in any language, that the words alone did
    not find (``exclude``: the ids of those hits)."""
    if filters.kind not in ("", "initiative"):
        return []
    slug_of = dict(NetworkPage.objects.values_list("path", "slug"))
    hits = []
    for item in similar_initiatives(user=user, query=query):
        hit = _initiative_hit(item, slug_of.get(item.plan.path[: -NetworkPage.steplen], ""))
        if hit["id"] not in exclude and _passes(hit, filters):
            hit["snippet"] = snippet(hit["text"], [])
            hits.append(hit)
    return hits


def _initiative_hit(i, network: str) -> dict:
    return {"kind": "initiative", "id": i.public_id, "title": i.title,
            "url": f"{i.plan.url}#initiative-{i.uid}", "network": network,
            "city": i.plan.city.name, "city_slug": i.plan.city.slug,
            "focus_areas": list(i.focus_areas), "summary": i.description[:300],
            "text": i.description}  # fmt: skip


def _passes(hit: dict, filters: SearchFilters) -> bool:
    return (
        (not filters.network or hit["network"] == filters.network)
        and (not filters.city or hit["city_slug"] == filters.city)
        and (not filters.kind or hit["kind"] == filters.kind)
        and (not filters.focus_area or filters.focus_area in hit["focus_areas"])
    )


def similar_initiatives(*, user, query: str, limit: int = 10) -> list:
    """Initiatives the overlap engine finds close in meaning to the query, in any language
    (its multilingual vectors), that the user may see; empty when the engine is unavailable."""
    if len(query) < 3:
        return []
    probe = ActionPlanPage(live=False, archived=False)
    probe._parent_id_cache = 0  # the query belongs to no network
    try:
        [doc] = docs_for([Initiative(title=query, description="")], plan=probe)
        if doc.vector is None:
            return []
        matches = get_engine().neighbours(doc, network_ids=visible_network_ids(user=user),
                                          limit=limit)  # fmt: skip
    except EngineUnavailable as error:
        log.warning("site search without the overlap engine: %s", error)
        return []
    uids = [m.id for m in matches]
    visible = plan_list(user=user).values("pk")
    found = {str(i.uid): i for i in Initiative.objects.filter(uid__in=uids, plan_id__in=visible)
             .select_related("plan__city")}  # fmt: skip
    return [found[u] for u in uids if u in found]
