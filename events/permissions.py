"""Events belong to a network's coordinators and WeGO staff: a city editor's group holds page
rights across the network's space (for its plans) but may not touch its events."""

from networks.page_permissions import NarrowedPermissionTester
from networks.permissions import can_coordinate


class EventPermissionTester(NarrowedPermissionTester):
    def allowed(self) -> bool:
        parent = self.parent() if self.page.pk else None
        return parent is not None and can_coordinate(self.user, parent)
