"""A plan's actions belong to the network's coordinators and the plan's own city's editors."""

from networks.page_permissions import NarrowedPermissionTester
from networks.permissions import can_coordinate, editable_city_ids


class PlanPermissionTester(NarrowedPermissionTester):
    def allowed(self) -> bool:
        page = self.page
        parent = self.parent() if page.pk else None
        if parent is None:
            # A plan being created: the parent's rights and the form's city choices rule.
            return True
        return can_coordinate(self.user, parent) or (
            page.city_id is not None and page.city_id in editable_city_ids(self.user)
        )
