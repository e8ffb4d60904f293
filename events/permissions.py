"""Events belong to a network's coordinators and WeGO staff: a city editor's group holds page
rights across the network's space (for its plans) but may not touch its events."""

from wagtail.models import PagePermissionTester

from networks.permissions import can_coordinate


class EventPermissionTester(PagePermissionTester):
    def _coordinates(self) -> bool:
        if not hasattr(self, "_coordinates_cache"):
            parent = self.page.get_parent() if self.page.pk else None
            self._coordinates_cache = parent is not None and can_coordinate(self.user, parent)
        return self._coordinates_cache


def _narrowed(name: str):
    def method(self, *args, **kwargs):
        return self._coordinates() and getattr(PagePermissionTester, name)(self, *args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"{name}, and only for the network's coordinators."
    return method


for _name in (
    "can_edit", "can_delete", "can_unpublish", "can_publish", "can_submit_for_moderation",
    "can_set_view_restrictions", "can_unschedule", "can_lock", "can_unlock", "can_move",
    "can_copy", "can_move_to", "can_copy_to", "can_view_revisions",
):  # fmt: skip
    setattr(EventPermissionTester, _name, _narrowed(_name))
