"""Wagtail's page permissions come from groups holding rights on a subtree: a city editor's group
may edit across its network's space. Page types narrow every action Wagtail asks about to the
people their ``allowed()`` names."""

from wagtail.models import PagePermissionTester

NARROWED_ACTIONS = (
    "can_edit", "can_delete", "can_unpublish", "can_publish", "can_submit_for_moderation",
    "can_set_view_restrictions", "can_unschedule", "can_lock", "can_unlock", "can_move",
    "can_copy", "can_move_to", "can_copy_to", "can_view_revisions",
)  # fmt: skip


class NarrowedPermissionTester(PagePermissionTester):
    def allowed(self) -> bool:
        """Whether the user may act on this page at all (beyond Wagtail's own rights)."""
        raise NotImplementedError

    def parent(self):
        """The page's parent: the one Wagtail's explorer annotated (one query for a whole
        listing) when there is one, else read from the tree."""
        annotated = getattr(self.page, "_parent_page", None)
        return annotated if annotated is not None else self.page.get_parent()

    def _allowed(self) -> bool:
        if not hasattr(self, "_allowed_cache"):
            self._allowed_cache = self.allowed()
        return self._allowed_cache


def _narrowed(name: str):
    def method(self, *args, **kwargs):
        return self._allowed() and getattr(PagePermissionTester, name)(self, *args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"{name}, and only when ``allowed()`` says so."
    return method


for _name in NARROWED_ACTIONS:
    setattr(NarrowedPermissionTester, _name, _narrowed(_name))
