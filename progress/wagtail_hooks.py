"""Admin wiring of progress: the update snippet (scoped by the portal's roles), its approval
steps, the rounds, the import, and the dashboard panels."""

import functools

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.choosers import ScopedChooserMixin
from core.params import parse_number
from networks.permissions import coordinated_network_ids, editable_city_ids
from progress import admin_views
from progress.forms import ProgressUpdateForm
from progress.models import ProgressUpdate
from progress.permissions import ProgressPermissionPolicy, admin_updates, may_approve, may_write
from progress.rounds import open_rounds_for, reporting_status, rounds_run_by

register_permission_policy(ProgressUpdate, ProgressPermissionPolicy(ProgressUpdate))


class ProgressUpdateViewSet(SnippetViewSet):
    model = ProgressUpdate
    icon = "clipboard-list"
    menu_label = "Progress updates"
    menu_order = 240
    add_to_admin_menu = True
    list_display = ["initiative_title", "city", "date", "stage", "completion", "status"]
    list_filter = ["status", "stage"]
    search_fields = ["initiative_title", "narrative"]
    edit_handler = ObjectList(ProgressUpdate.panels, base_form_class=ProgressUpdateForm)

    def get_queryset(self, request):
        return admin_updates(request.user).select_related("city")

    def get_urlpatterns(self):
        # Wagtail's edit, history, revision and usage views check the model-wide permission
        # only: every view of one update goes through the portal's per-update rules.
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = _guarded(pattern.callback, pattern.name)
        return patterns


WRITES = {"edit", "delete", "revisions_revert"}


def _guarded(view, name: str):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if "pk" in kwargs:
            pk = parse_number(unquote(str(kwargs["pk"])))
            update = admin_updates(request.user).filter(pk=pk).first() if pk else None
            if update is None:
                raise Http404("No such update")
            if name in WRITES and not may_write(request.user, update):
                raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


class ProgressChooserViewSet(ScopedChooserMixin, SnippetChooserViewSet):
    @staticmethod
    def objects(request):
        return admin_updates(request.user)


ProgressUpdateViewSet.chooser_viewset_class = ProgressChooserViewSet
register_snippet(ProgressUpdateViewSet)


class ScopedProgressDelete(DeleteBulkAction):
    """Bulk delete of updates: another city's or network's update is unknown (Wagtail's would
    list its title among those the user may not delete)."""

    models = [ProgressUpdate]

    def get_queryset(self, model, object_ids):
        ids = [n for n in (parse_number(i) for i in object_ids) if n is not None]
        return list(admin_updates(self.request.user).filter(pk__in=ids))


# order=1: registered after Wagtail's snippet delete action, so it replaces it for updates.
hooks.register("register_bulk_action", ScopedProgressDelete, order=1)


@hooks.register("register_snippet_listing_buttons")
def approval_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, ProgressUpdate):
        return
    status = ProgressUpdate.Status
    if snippet.status == status.DRAFT and may_write(user, snippet):
        yield ListingButton("Submit", reverse("progress_step", args=[snippet.pk, "submit"]),
                            priority=5)  # fmt: skip
    if snippet.status != status.APPROVED and may_approve(user, snippet):
        yield ListingButton("Approve", reverse("progress_step", args=[snippet.pk, "approve"]),
                            priority=6)  # fmt: skip
    if snippet.status != status.DRAFT and may_approve(user, snippet):
        yield ListingButton("Send back", reverse("progress_step", args=[snippet.pk, "return"]),
                            priority=7)  # fmt: skip


@hooks.register("register_log_actions")
def register_progress_actions(actions):
    actions.register_action("progress.submit", "Submit update", "Submitted for approval")
    actions.register_action("progress.approve", "Approve update", "Approved")
    actions.register_action("progress.return", "Send update back", "Sent back as a draft")
    actions.register_action("progress.import", "Import update", "Imported from a file")
    actions.register_action("progress.open_round", "Open round", "Opened the monitoring round")
    actions.register_action("progress.close_round", "Close round", "Closed the monitoring round")
    actions.register_action("progress.nudge", "Nudge city", "Reminded a city to report")


@hooks.register("register_admin_urls")
def progress_urls():
    return [
        path(
            "progress/updates/<int:pk>/<slug:step>/", admin_views.update_step, name="progress_step"
        ),  # fmt: skip
        path("progress/rounds/", admin_views.rounds_index, name="progress_rounds_admin"),
        path("progress/rounds/<int:pk>/", admin_views.round_detail, name="progress_round"),
        path("progress/import/", admin_views.import_view, name="progress_import"),
    ]


class RoundsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(coordinated_network_ids(request.user))


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(coordinated_network_ids(request.user) or editable_city_ids(request.user))


@hooks.register("register_admin_menu_item")
def rounds_menu_item():
    return RoundsMenuItem("Monitoring rounds", reverse("progress_rounds_admin"), icon_name="date",
                          order=245)  # fmt: skip


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return ImportMenuItem("Import progress", reverse("progress_import"), icon_name="upload",
                          order=262)  # fmt: skip


class ProgressPanel(Component):
    """The dashboard's task list: rounds the user's cities must report in, and, for
    coordinators, their open rounds and the updates awaiting approval."""

    name = "progress_tasks"
    order = 50

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        user = self.request.user
        asked = open_rounds_for(user=user)
        running = [
            {"round": r, "rows": (rows := reporting_status(round_=r)),
             "reported": sum(x["reported"] for x in rows)}
            for r in rounds_run_by(user=user).filter(status="open").select_related("network")
        ]  # fmt: skip
        pending = admin_updates(user).filter(status=ProgressUpdate.Status.SUBMITTED)
        pending = [u for u in pending.select_related("network") if may_approve(user, u)]
        if not (asked or running or pending):
            return ""
        return mark_safe(render_to_string("progress/admin/dashboard_panel.html", {
            "asked": asked, "running": running, "pending": pending,
        }, request=self.request))  # fmt: skip


@hooks.register("construct_homepage_panels")
def add_progress_panel(request, panels):
    panels.append(ProgressPanel(request))
