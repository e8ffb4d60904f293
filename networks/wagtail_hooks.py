from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from networks import admin_views
from networks.models import City
from networks.permissions import coordinated_network_ids
from networks.selectors import outside_hidden_networks


@hooks.register("register_log_actions")
def register_role_actions(actions):
    actions.register_action("portal.grant_role", "Grant role", "Granted a role")
    actions.register_action("portal.revoke_role", "Revoke role", "Revoked a role")


@hooks.register("register_admin_urls")
def role_urls():
    return [
        path("roles/", admin_views.index, name="network_roles_index"),
        path("roles/<slug:slug>/", admin_views.network_roles, name="network_roles"),
        path("roles/<slug:slug>/revoke/", admin_views.revoke, name="network_roles_revoke"),
    ]


class RolesMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(coordinated_network_ids(request.user))


@hooks.register("register_admin_menu_item")
def roles_menu_item():
    return RolesMenuItem("Members and roles", reverse("network_roles_index"), icon_name="group",
                         order=250)  # fmt: skip


@hooks.register("construct_page_chooser_queryset")
def hide_unreadable_networks_from_page_chooser(pages, request):
    # Wagtail's page chooser lists every page of the tree to every editor (it is meant for
    # linking); a members-only network's plans and events stay with those who may read them.
    return pages.filter(outside_hidden_networks(user=request.user))


register_snippet(City)
