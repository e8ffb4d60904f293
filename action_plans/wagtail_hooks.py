from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

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
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.importable_networks(request.user).exists()


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return ImportMenuItem("Import plans", reverse("import_plans"), icon_name="upload", order=260)
