"""Model instances to the API's plain dictionaries."""

from search.pair_model import likelihood_words


def network(n) -> dict:
    return {"slug": n.slug, "short_name": n.short_name, "title": n.title,
            "visibility": n.visibility, "founded": n.founded, "url": n.url}  # fmt: skip


def initiative(i) -> dict:
    from progress.selectors import stage_of

    return {
        "id": str(i.uid), "external_id": i.external_id, "title": i.title,
        "description": i.description, "focus_areas": i.focus_areas, "sdgs": i.sdgs,
        "horizon": i.horizon, "stage": stage_of(i).code,
        "budget": None if i.budget is None else str(i.budget), "currency": i.currency,
        "partners_sought": i.partners_sought, "plan_id": i.plan_id, "city": i.plan.city.name,
    }  # fmt: skip


def plan(p, network_slug: str) -> dict:
    return {"id": p.pk, "title": p.title, "network": network_slug, "city": p.city.name,
            "country": p.city.country, "period_start": p.period_start,
            "period_end": p.period_end, "horizon": p.horizon, "summary": p.summary,
            "url": p.url}  # fmt: skip


def overlap(o) -> dict:
    return {"id": o.pk, "a": o.a.public_id, "b": o.b.public_id, "a_city": o.a.plan.city.name,
            "b_city": o.b.plan.city.name, "score": o.score, "tier": o.tier,
            "likelihood": likelihood_words(o.score), "state": o.state,
            "reasons": o.reasons}  # fmt: skip


def event(e, network_slug: str) -> dict:
    """Times carry the event's own UTC offset; ``time_zone`` names the zone."""
    return {"id": e.pk, "title": e.title, "kind": e.kind, "network": network_slug,
            "start": e.local_start, "end": e.local_end, "time_zone": e.time_zone,
            "venue": e.venue, "venue_city": e.venue_city, "online": e.online,
            "online_url": e.online_url, "host_city": e.host_city.name if e.host_city else None,
            "participating_cities": [c.name for c in e.participating_cities.all()],
            "registration_open": e.registration_open and not e.is_past, "url": e.url,
            "calendar_url": f"/calendar/events/{e.pk}.ics"}  # fmt: skip
