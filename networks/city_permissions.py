"""Who may change a city in the admin: WeGO staff any city (as the model permissions allow),
a network's coordinators the cities of their networks (to keep their contact people)."""

from wagtail.permission_policies import ModelPermissionPolicy

from networks.models import City, Membership
from networks.permissions import coordinated_network_ids, is_wego_staff


def coordinated_city_ids(user) -> set[int]:
    """The cities of the networks the user coordinates (staff: every city)."""
    networks = coordinated_network_ids(user)
    if not networks:
        return set()
    if is_wego_staff(user):
        return set(City.objects.values_list("pk", flat=True))
    return set(Membership.objects.filter(network_id__in=networks).values_list("city_id", flat=True))


class CityPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action in ("change", "view") and coordinated_network_ids(user):
            return True
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if super().user_has_permission(user, action):
            return True
        return action in ("change", "view") and instance.pk in coordinated_city_ids(user)

    def instances_user_has_any_permission_for(self, user, actions):
        if any(super(CityPermissionPolicy, self).user_has_permission(user, a) for a in actions):
            return City.objects.all()
        if {"change", "view"} & set(actions):
            return City.objects.filter(pk__in=coordinated_city_ids(user))
        return City.objects.none()
