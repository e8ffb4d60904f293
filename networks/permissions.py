"""The portal's roles, read from django-guardian object permissions.

Every check names the specific model and passes ``accept_global_perms=False``: a model-wide
permission must never open every network (guardian's default would).
"""

from django.contrib.auth.models import AnonymousUser, Group
from django.http import Http404, HttpRequest
from guardian.shortcuts import get_objects_for_user

STAFF_GROUP = "WeGO staff"
COORDINATE = "networks.coordinate_network"
VIEW = "networks.view_network"
EDIT_CITY = "networks.edit_city_plans"


def is_wego_staff(user) -> bool:
    """WeGO staff act in every network: superusers and members of the staff group."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not hasattr(user, "_portal_is_staff"):
        user._portal_is_staff = user.is_superuser or user.groups.filter(name=STAFF_GROUP).exists()
    return user._portal_is_staff


def _network_ids(user, perms: list[str]) -> set[int]:
    from networks.models import NetworkPage

    return set(
        get_objects_for_user(
            user,
            perms,
            klass=NetworkPage,
            any_perm=True,
            accept_global_perms=False,
            with_superuser=False,
        ).values_list("pk", flat=True)
    )


def editable_city_ids(user) -> set[int]:
    """The cities whose plans the user may draft and edit (staff: every city)."""
    from networks.models import City

    if not user.is_authenticated or not user.is_active:
        return set()
    if not hasattr(user, "_portal_city_ids"):
        if is_wego_staff(user):
            ids = set(City.objects.values_list("pk", flat=True))
        else:
            ids = set(
                get_objects_for_user(
                    user,
                    EDIT_CITY,
                    klass=City,
                    accept_global_perms=False,
                    with_superuser=False,
                ).values_list("pk", flat=True)
            )
        user._portal_city_ids = ids
    return user._portal_city_ids


def coordinated_network_ids(user) -> set[int]:
    """The networks the user coordinates (staff: every network)."""
    from networks.models import NetworkPage

    if not user.is_authenticated or not user.is_active:
        return set()
    if not hasattr(user, "_portal_coordinated"):
        if is_wego_staff(user):
            ids = set(NetworkPage.objects.values_list("pk", flat=True))
        else:
            ids = _network_ids(user, [COORDINATE])
        user._portal_coordinated = ids
    return user._portal_coordinated


def member_network_ids(user) -> set[int]:
    """Networks whose members-only content the user may read (besides public ones)."""
    from networks.models import Membership, NetworkPage

    if not user.is_authenticated or not user.is_active:
        return set()
    if not hasattr(user, "_portal_member_of"):
        if is_wego_staff(user):
            ids = set(NetworkPage.objects.values_list("pk", flat=True))
        else:
            ids = _network_ids(user, [VIEW, COORDINATE])
            city_ids = editable_city_ids(user)
            if city_ids:
                ids |= set(
                    Membership.objects.filter(city_id__in=city_ids).values_list(
                        "network_id", flat=True
                    )
                )
        user._portal_member_of = ids
    return user._portal_member_of


def visible_network_filter(user):
    """A Q object on NetworkPage selecting what ``user`` may read."""
    from django.db.models import Q

    from networks.models import NetworkPage

    return Q(visibility=NetworkPage.Visibility.PUBLIC) | Q(pk__in=member_network_ids(user))


def can_view_network(user, network) -> bool:
    return network.is_public or network.pk in member_network_ids(user)


def can_coordinate(user, network) -> bool:
    return network.pk in coordinated_network_ids(user)


def can_edit_city(user, city) -> bool:
    return city.pk in editable_city_ids(user)


def is_network_viewer(user, network) -> bool:
    """A member viewer of ``network`` (its object permission, never a model-wide one)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not hasattr(user, "_portal_viewer_of"):
        user._portal_viewer_of = _network_ids(user, [VIEW])
    return network.pk in user._portal_viewer_of


def deny_unless_can_view(request: HttpRequest, network) -> None:
    """Raise 404 for anyone who may not read the network, signed in or not: a members-only
    page answers exactly like a page that does not exist (the 404 page offers to sign in)."""
    user = getattr(request, "user", None) or AnonymousUser()
    if not can_view_network(user, network):
        raise Http404("No such page")


def staff_group() -> Group:
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    return group
