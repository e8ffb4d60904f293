"""Wagtail's admin checks subtree permissions only; a city editor's group may edit pages across
its network's space, so these hooks narrow it to the editor's own city's plans."""

from django.core.exceptions import PermissionDenied
from wagtail import hooks

from action_plans.models import ActionPlanPage
from networks.permissions import can_coordinate, can_edit_city


def _check(request, page) -> None:
    page = page.specific_deferred if hasattr(page, "specific_deferred") else page
    if not isinstance(page, ActionPlanPage):
        return
    network = page.get_parent()
    if can_coordinate(request.user, network) or can_edit_city(request.user, page.city):
        return
    raise PermissionDenied("You may edit only your own city's plans.")


@hooks.register("before_edit_page")
def only_own_city_edit(request, page):
    _check(request, page)


@hooks.register("before_delete_page")
def only_own_city_delete(request, page):
    _check(request, page)


@hooks.register("before_copy_page")
def only_own_city_copy(request, page):
    _check(request, page)


@hooks.register("before_move_page")
def only_own_city_move(request, page, destination):
    _check(request, page)
