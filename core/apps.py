from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Small shared tools at the bottom of the layers (parameters, form fields, choosers,
    middleware, mail): they import no other app of the project."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Core"
