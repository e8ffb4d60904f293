"""A network's overlaps seen whole: the city × city matrix, the graph of cities and the themes
(groups of initiatives of several cities that overlap with each other). Built only from the
pairs the asking user may see, so nothing members-only shows, not even as a count."""

import math
from collections import Counter, defaultdict

import networkx as nx

from action_plans import solutions
from search.analysis import surface_forms
from search.models import Overlap

MIN_THEME_CITIES = 3
THEME_MIN_SCORE = 0.5  # less likely links make themes sprawl into whole sectors
THEME_RESOLUTION = 1.5


def matrix(pairs: list[Overlap]) -> dict:
    """Cities (alphabetical) and, for each pair of cities, how many overlaps they share."""
    counts: Counter = Counter()
    cities = {}
    for pair in pairs:
        ca, cb = pair.a.plan.city, pair.b.plan.city
        cities[ca.pk], cities[cb.pk] = ca, cb
        counts[frozenset((ca.pk, cb.pk))] += 1
    ordered = sorted(cities.values(), key=lambda c: c.name)
    top = max(counts.values(), default=0)
    rows = [
        {"city": row, "cells": [
            {"city": col, "count": counts.get(frozenset((row.pk, col.pk)), 0)
             if row.pk != col.pk else None,
             "level": round(counts.get(frozenset((row.pk, col.pk)), 0) / top, 2) if top else 0}
            for col in ordered
        ]}
        for row in ordered
    ]  # fmt: skip
    links = [{"a": cities[min(k, key=lambda i: cities[i].name)].name,
              "b": cities[max(k, key=lambda i: cities[i].name)].name, "count": n}
             for k, n in counts.most_common()]  # fmt: skip
    per_city: Counter = Counter()
    for key, n in counts.items():
        for pk in key:
            per_city[pk] += n
    totals = [{"city": c, "count": per_city[c.pk]} for c in ordered]
    return {"cities": ordered, "rows": rows, "max": top, "links": links, "totals": totals}


def graph_data(pairs: list[Overlap]) -> dict:
    """Nodes (cities, sized by their overlaps) and edges (weighted by shared overlaps), in the
    shape the front-end graph library reads."""
    data = matrix(pairs)
    degree: Counter = Counter()
    for link in data["links"]:
        degree[link["a"]] += link["count"]
        degree[link["b"]] += link["count"]
    return {
        "nodes": [{"data": {"id": c.slug, "label": c.name, "weight": degree[c.name]}}
                  for c in data["cities"]],
        "edges": [{"data": {"source": _slug(data, link["a"]), "target": _slug(data, link["b"]),
                            "weight": link["count"]}} for link in data["links"]],
    }  # fmt: skip


def _slug(data: dict, name: str) -> str:
    return next(c.slug for c in data["cities"] if c.name == name)


def themes(pairs: list[Overlap]) -> list[dict]:
    """Communities of initiatives (Louvain on the overlap graph, weighted by score) that span
    at least three cities, each labelled with the terms its pairs share most."""
    graph = nx.Graph()
    by_id = {}
    for pair in pairs:
        if pair.state == Overlap.State.DISMISSED or pair.score < THEME_MIN_SCORE:
            continue
        by_id[pair.a_id], by_id[pair.b_id] = pair.a, pair.b
        graph.add_edge(pair.a_id, pair.b_id, weight=pair.score, pair=pair)
    if not graph.number_of_edges():
        return []
    found = []
    everywhere: Counter = Counter()
    for pair in pairs:
        everywhere.update(set(pair.reasons.get("shared_terms", [])))
    communities = nx.community.louvain_communities(
        graph, weight="weight", resolution=THEME_RESOLUTION, seed=7
    )
    for members in communities:
        items = [by_id[i] for i in members]
        cities = {i.plan.city for i in items}
        if len(cities) < MIN_THEME_CITIES:
            continue
        inner = [d["pair"] for _, _, d in graph.subgraph(members).edges(data=True)]
        found.append({
            "key": min(members), "label": _label(inner, items, everywhere, len(pairs)),
            "initiatives": sorted(
                items, key=lambda i: (i.plan.city.name, i.title)),
            "cities": sorted(cities, key=lambda c: c.name), "pairs": inner,
            "score": round(sum(p.score for p in inner) / len(inner), 2),
        })  # fmt: skip
    return sorted(found, key=lambda t: (-len(t["cities"]), -t["score"], t["key"]))


def _label(pairs: list[Overlap], items, everywhere: Counter, total: int) -> str:
    """The solution type most of the theme's pairs share, named as a person would ("Integrated
    operations centre"); else the three terms most typical of its pairs (shared often here,
    rarely elsewhere), in the words the initiatives use."""
    kinds = Counter(s for pair in pairs for s in pair.reasons.get("shared_solutions", []))
    if kinds:
        top = [slug for slug, n in kinds.most_common(2) if n * 2 >= len(pairs)]
        if top:
            names = [solutions.label(slug) for slug in top]
            return " and ".join(names)[:1].upper() + " and ".join(names)[1:]
    counts: Counter = Counter()
    for pair in pairs:
        counts.update(set(pair.reasons.get("shared_terms", [])))
    weight = {t: n * math.log((1 + total) / (1 + everywhere[t])) for t, n in counts.items()}
    texts = [f"{i.title}. {i.description}" for i in items]
    words: list[str] = []
    for term in sorted(weight, key=lambda t: (-weight[t], t))[:12]:
        parts = [_surface(texts, t) for t in term.split("_")]
        if all(parts):
            phrase = " ".join(parts)
            if not any(phrase.lower() in w.lower() or w.lower() in phrase.lower() for w in words):
                words.append(phrase)
        if len(words) == 3:
            break
    if not words:
        focus = Counter(f for i in items for f in i.focus_area_labels).most_common(1)
        return focus[0][0] if focus else "Related initiatives"
    return " · ".join(w[:1].upper() + w[1:] for w in words)


def _surface(texts: list[str], term: str) -> str:
    seen: defaultdict = defaultdict(int)
    for text in texts:
        for word in surface_forms(text, {term}):
            seen[word.lower()] += 1
    return max(seen, key=lambda w: (seen[w], -len(w)), default="")


def network_insights(*, user, network, tiers: list[str] | None = None) -> dict:
    """Matrix, graph data and themes of the pairs of ``network`` the user may see, cached until
    an overlap, a decision or a plan changes (themes take the longest to compute)."""
    import hashlib

    from django.core.cache import cache
    from django.db.models import Count, Max

    from networks.selectors import visible_network_ids
    from search.selectors import overlap_list, plans_state

    state = Overlap.objects.aggregate(n=Count("pk"), c=Max("computed_at"), d=Max("decided_at"))
    visible = sorted(visible_network_ids(user=user))
    tiers = sorted(tiers or [Overlap.Tier.SAME_APPROACH])
    token = repr((network.pk, visible, tiers, sorted(state.items()), plans_state()))
    key = "overlap-insights:" + hashlib.sha1(token.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        pairs = list(overlap_list(user=user, network=network, tiers=tiers)
                     .exclude(state=Overlap.State.DISMISSED))  # fmt: skip
        found = {"matrix": matrix(pairs), "graph": graph_data(pairs), "themes": themes(pairs),
                 "total": len(pairs)}  # fmt: skip
        cache.set(key, found, 3600)
    return found
