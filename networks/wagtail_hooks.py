from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.pages.bulk_actions import (
    DeleteBulkAction,
    MoveBulkAction,
    PublishBulkAction,
    UnpublishBulkAction,
)
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.choosers import ScopedChooserMixin
from networks import admin_requests, admin_views
from networks.admin_urls import readable_page_ids
from networks.city_permissions import CityPermissionPolicy, coordinated_city_ids
from networks.models import City
from networks.permissions import coordinated_network_ids
from networks.selectors import city_list, outside_hidden_networks


@hooks.register("register_log_actions")
def register_role_actions(actions):
    actions.register_action("portal.grant_role", "Grant role", "Granted a role")
    actions.register_action("portal.revoke_role", "Revoke role", "Revoked a role")
    actions.register_action("portal.membership_requested", "Request membership",
                            "Asked to join a network")  # fmt: skip
    actions.register_action("portal.membership_approved", "Approve membership request",
                            "Approved a membership request")  # fmt: skip
    actions.register_action("portal.membership_declined", "Decline membership request",
                            "Declined a membership request")  # fmt: skip


@hooks.register("register_admin_urls")
def role_urls():
    return [
        path("roles/", admin_views.index, name="network_roles_index"),
        path("roles/<slug:slug>/", admin_views.network_roles, name="network_roles"),
        path("roles/<slug:slug>/revoke/", admin_views.revoke, name="network_roles_revoke"),
        path("membership-requests/", admin_requests.index, name="membership_requests"),
        path(
            "membership-requests/<int:pk>/", admin_requests.decide, name="membership_request_decide"
        ),  # fmt: skip
    ]


class RolesMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(coordinated_network_ids(request.user))


@hooks.register("register_admin_menu_item")
def roles_menu_item():
    return RolesMenuItem("Members and roles", reverse("network_roles_index"), icon_name="group",
                         order=250)  # fmt: skip


@hooks.register("register_admin_menu_item")
def membership_requests_menu_item():
    return RolesMenuItem("Membership requests", reverse("membership_requests"), icon_name="mail",
                         order=251)  # fmt: skip


@hooks.register("construct_page_chooser_queryset")
def hide_unreadable_networks_from_page_chooser(pages, request):
    # Wagtail's page chooser lists every page of the tree to every editor (it is meant for
    # linking); a members-only network's plans and events stay with those who may read them.
    return pages.filter(outside_hidden_networks(user=request.user))


@hooks.register("before_move_page")
def refuse_moves_the_user_may_not_make(request, page, destination):
    # Wagtail's move confirmation shows the page (its title) before checking the right to move.
    pair = {page.pk, destination.pk}
    if len(readable_page_ids(user=request.user, ids=pair)) < len(pair):
        raise Http404
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


class ReadablePagesOnly:
    """A bulk action on pages that leaves out pages of networks the user may not read, instead
    of listing their titles as pages the user lacks the right to change."""

    def get_queryset(self, model, object_ids):
        ids = readable_page_ids(user=self.request.user, ids=object_ids)
        return super().get_queryset(model, ids)


for _action in (DeleteBulkAction, MoveBulkAction, PublishBulkAction, UnpublishBulkAction):
    # order=1: registered after Wagtail's own action of the same type, so it replaces it.
    hooks.register(
        "register_bulk_action", type(_action.__name__, (ReadablePagesOnly, _action), {}), order=1
    )


class CityChooserViewSet(ScopedChooserMixin, SnippetChooserViewSet):
    # A city only in members-only networks is not known to outsiders (its page is a 404).
    @staticmethod
    def objects(request):
        return city_list(user=request.user)


class OwnCitiesOnly:
    """A per-city admin view that answers 404 for a city the user may not keep."""

    def get_object(self, queryset=None):
        city = super().get_object(queryset)
        policy = CityPermissionPolicy(City)
        if not policy.user_has_permission_for_instance(self.request.user, "change", city):
            raise Http404
        return city


def _own_cities_only(view_class):
    return type(f"OwnCities{view_class.__name__}", (OwnCitiesOnly, view_class), {})


class CityViewSet(SnippetViewSet):
    model = City
    chooser_viewset_class = CityChooserViewSet
    edit_view_class = _own_cities_only(SnippetViewSet.edit_view_class)
    history_view_class = _own_cities_only(SnippetViewSet.history_view_class)
    usage_view_class = _own_cities_only(SnippetViewSet.usage_view_class)
    inspect_view_class = _own_cities_only(SnippetViewSet.inspect_view_class)
    delete_view_class = _own_cities_only(SnippetViewSet.delete_view_class)
    list_display = ["name", "country", "wego_member"]

    def get_queryset(self, request):
        # Coordinators keep their networks' cities (contact people); staff see every city.
        if self.permission_policy.user_has_permission(request.user, "add"):
            return City.objects.all()
        return City.objects.filter(pk__in=coordinated_city_ids(request.user))


register_permission_policy(City, CityPermissionPolicy(City), exact_class=True)


register_snippet(CityViewSet)
