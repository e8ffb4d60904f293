from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from action_plans.models import ActionPlanPage
from search import admin_views
from search.choosers import collaboration_chooser, overlap_chooser


@hooks.register("register_admin_viewset")
def register_overlap_chooser():
    return overlap_chooser


@hooks.register("register_admin_viewset")
def register_collaboration_chooser():
    return collaboration_chooser


@hooks.register("register_admin_urls")
def who_else_urls():
    return [
        path("plans/<int:page_id>/who-else/", admin_views.who_else_view, name="plan_who_else"),
    ]


@hooks.register("register_page_header_buttons")
def who_else_button(page, user, view_name, next_url=None):
    if issubclass(page.specific_class or object, ActionPlanPage):
        yield Button("Who else does this?", reverse("plan_who_else", args=[page.pk]),
                     icon_name="search", priority=80)  # fmt: skip
