"""Reads on networks and cities, always filtered by what the asking user may see."""

from django.db.models import Count, QuerySet

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


def city_is_visible(*, user, city: City) -> bool:
    """A city shows if it belongs to at least one network the user may see."""
    visible = NetworkPage.objects.filter(visible_network_filter(user))
    return Membership.objects.filter(city=city, network__in=visible).exists()


def visible_network_ids(*, user) -> set[int]:
    public = set(
        NetworkPage.objects.filter(visibility=NetworkPage.Visibility.PUBLIC).values_list(
            "pk", flat=True
        )
    )
    return public | member_network_ids(user)
