from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from action_plans import admin_views


@hooks.register("register_admin_urls")
def import_urls():
    return [
        path("import-plans/", admin_views.import_view, name="import_plans"),
        path("import-plans/format/", admin_views.import_format_view, name="import_format"),
        path(
            "import-plans/template.csv",
            admin_views.import_template,
            {"fmt": "csv"},
            name="import_template_csv",
        ),  # fmt: skip
        path(
            "import-plans/template.xlsx",
            admin_views.import_template,
            {"fmt": "xlsx"},
            name="import_template_xlsx",
        ),  # fmt: skip
        path("import-plans/jobs/<int:job_id>/", admin_views.import_job_view, name="import_job"),
        path("plans/<int:page_id>/who-else/", admin_views.who_else_view, name="plan_who_else"),
    ]


@hooks.register("register_page_header_buttons")
def who_else_button(page, user, view_name, next_url=None):
    from action_plans.models import ActionPlanPage

    if issubclass(page.specific_class or object, ActionPlanPage):
        yield Button("Who else does this?", reverse("plan_who_else", args=[page.pk]),
                     icon_name="search", priority=80)  # fmt: skip


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.importable_networks(request.user).exists()


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return ImportMenuItem("Import plans", reverse("import_plans"), icon_name="upload", order=260)
