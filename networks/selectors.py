"""Reads on networks and cities, always filtered by what the asking user may see."""

from django.db.models import Count, Q, QuerySet

from networks.models import City, Membership, NetworkPage
from networks.permissions import member_network_ids, visible_network_filter


def network_list(*, user) -> QuerySet[NetworkPage]:
    """Live networks the user may see, with their member counts."""
    return (
        NetworkPage.objects.live()
        .filter(visible_network_filter(user))
        .annotate(city_count=Count("memberships", distinct=True))
        .order_by("title")
    )


def listed_private_networks(*, user) -> QuerySet[NetworkPage]:
    """Members-only networks the user may not read but whose name is listed publicly."""
    return (
        NetworkPage.objects.live()
        .exclude(visible_network_filter(user))
        .filter(listed_publicly=True)
        .order_by("title")
    )


def city_memberships(*, user, city: City) -> QuerySet[Membership]:
    """The city's memberships in networks the user may see."""
    return (
        Membership.objects.filter(city=city, network__live=True)
        .filter(network__in=NetworkPage.objects.filter(visible_network_filter(user)))
        .select_related("network")
    )


def city_list(*, user) -> QuerySet[City]:
    """Cities that belong to at least one network the user may see, by name."""
    visible = NetworkPage.objects.filter(visible_network_filter(user))
    return City.objects.filter(memberships__network__in=visible).distinct().order_by("name")


def city_is_visible(*, user, city: City) -> bool:
    """A city shows if it belongs to at least one network the user may see."""
    visible = NetworkPage.objects.filter(visible_network_filter(user))
    return Membership.objects.filter(city=city, network__in=visible).exists()


def _under(networks: QuerySet[NetworkPage], *, prefix: str = "") -> Q:
    """Pages that are one of ``networks`` or under one (``prefix``: the lookup's path to the
    page, such as ``"pages__"``)."""
    query = Q(**{f"{prefix}pk__in": []})
    for path in networks.values_list("path", flat=True):
        query |= Q(**{f"{prefix}path__startswith": path})
    return query


def in_visible_networks(*, user) -> Q:
    """Pages (plans, events) under a network the user may see: one filter for every reader."""
    return _under(NetworkPage.objects.filter(visible_network_filter(user)))


def outside_hidden_networks(*, user, prefix: str = "") -> Q:
    """Pages that are neither a network the user may not read nor under one (pages outside
    every network, such as the home page, included)."""
    return ~_under(NetworkPage.objects.exclude(visible_network_filter(user)), prefix=prefix)


def visible_network_ids(*, user) -> set[int]:
    public = set(
        NetworkPage.objects.filter(visibility=NetworkPage.Visibility.PUBLIC).values_list(
            "pk", flat=True
        )
    )
    return public | member_network_ids(user)


def role_holders(*, network: NetworkPage) -> list[dict]:
    """Who holds which role in a network: coordinators, viewers and its cities' editors."""
    from guardian.shortcuts import get_users_with_perms

    rows = []
    holders = get_users_with_perms(
        network, attach_perms=True, with_group_users=False,
        only_with_perms_in=["coordinate_network", "view_network"],
    )  # fmt: skip
    for user, perms in holders.items():
        for perm in sorted(perms):
            role = "coordinator" if perm == "coordinate_network" else "viewer"
            rows.append({"user": user, "role": role, "city": None})
    for membership in network.memberships.select_related("city"):
        for user in get_users_with_perms(
            membership.city, with_group_users=False, only_with_perms_in=["edit_city_plans"]
        ):
            rows.append({"user": user, "role": "editor", "city": membership.city})
    return sorted(rows, key=lambda r: (r["role"], r["user"].username))


def map_points(memberships, *, width: int = 640, height: int = 420, pad: int = 24) -> list[dict]:
    """Member cities projected (equirectangular) into an SVG box fitted to their extent."""
    cities = [m.city for m in memberships if m.city.latitude is not None]
    if not cities:
        return []
    lats = [float(c.latitude) for c in cities]
    lons = [float(c.longitude) for c in cities]
    span = max(max(lons) - min(lons), max(lats) - min(lats), 1.0)
    scale = min((width - 2 * pad) / span, (height - 2 * pad) / span)
    return [
        {
            "name": c.name,
            "slug": c.slug,
            "x": round(pad + (float(c.longitude) - min(lons)) * scale, 1),
            "y": round(pad + (max(lats) - float(c.latitude)) * scale, 1),
        }
        for c in cities
    ]
