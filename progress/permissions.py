"""Who may read, write and approve progress updates and run rounds, from the portal's roles.

A city's editors write its updates; the network's coordinators (and WeGO staff) approve them
and run the network's rounds. Drafts and submitted updates stay with those who may write or
approve them; approved updates read like the network's other content.
"""

from django.db.models import Q, QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy

from networks.permissions import (
    can_coordinate,
    coordinated_network_ids,
    editable_city_ids,
    is_wego_staff,
)


def may_write(user, update) -> bool:
    """Edit or delete: the city's editors until it is approved; coordinators always."""
    if can_coordinate(user, update.network):
        return True
    if update.city_id not in editable_city_ids(user):
        return False
    return update.status != update.Status.APPROVED


def may_approve(user, update) -> bool:
    return can_coordinate(user, update.network)


def admin_updates(user) -> QuerySet:
    """Updates the user may open in the admin: of their cities (in the networks the city is a
    member of) and of the networks they coordinate."""
    from progress.models import ProgressUpdate

    if not user.is_authenticated or not user.is_active:
        return ProgressUpdate.objects.none()
    if is_wego_staff(user):
        return ProgressUpdate.objects.all()
    return ProgressUpdate.objects.filter(
        Q(city_id__in=editable_city_ids(user)) | Q(network_id__in=coordinated_network_ids(user))
    )


class ProgressPermissionPolicy(BasePermissionPolicy):
    """Wagtail's snippet views ask this policy, which reads the portal's guardian roles."""

    def user_has_permission(self, user, action):
        if not user.is_authenticated or not user.is_active:
            return False
        return bool(editable_city_ids(user) or coordinated_network_ids(user))

    def user_has_permission_for_instance(self, user, action, instance):
        if not admin_updates(user).filter(pk=instance.pk).exists():
            return False
        if action in ("change", "delete", "lock", "unlock"):
            return may_write(user, instance)
        if action == "publish":
            return may_approve(user, instance)
        return True

    def instances_user_has_any_permission_for(self, user, actions):
        return admin_updates(user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model
        from guardian.models import UserObjectPermission

        from networks.permissions import COORDINATE, EDIT_CITY, STAFF_GROUP

        codenames = [p.split(".")[1] for p in (COORDINATE, EDIT_CITY)]
        holders = UserObjectPermission.objects.filter(permission__codename__in=codenames)
        return get_user_model().objects.filter(
            Q(pk__in=holders.values("user_id")) | Q(is_superuser=True)
            | Q(groups__name=STAFF_GROUP), is_active=True,
        ).distinct()  # fmt: skip
