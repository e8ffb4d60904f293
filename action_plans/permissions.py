"""Wagtail's page permissions come from groups holding rights on a subtree: a city editor's group
may edit across its network's space. The plan page's permission tester narrows every action on
a plan to the network's coordinators and the plan's own city's editors, wherever Wagtail asks."""

from wagtail.models import PagePermissionTester

from networks.permissions import can_coordinate, can_edit_city


class PlanPermissionTester(PagePermissionTester):
    def _own(self) -> bool:
        if not hasattr(self, "_own_cache"):
            page = self.page
            parent = page.get_parent() if page.pk else None
            if parent is None:
                # A plan being created: the parent's rights and the form's city choices rule.
                self._own_cache = True
            else:
                self._own_cache = can_coordinate(self.user, parent) or (
                    page.city_id is not None and can_edit_city(self.user, page.city)
                )
        return self._own_cache


def _narrowed(name: str):
    def method(self, *args, **kwargs):
        return self._own() and getattr(PagePermissionTester, name)(self, *args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"{name}, and only on the user's own city's plan (or as coordinator)."
    return method


for _name in (
    "can_edit", "can_delete", "can_unpublish", "can_publish", "can_submit_for_moderation",
    "can_set_view_restrictions", "can_unschedule", "can_lock", "can_unlock", "can_move",
    "can_copy", "can_move_to", "can_copy_to", "can_view_revisions",
):  # fmt: skip
    setattr(PlanPermissionTester, _name, _narrowed(_name))
