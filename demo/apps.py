from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo content (``manage.py load_demo``): above every other app, imported by none."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demo content"
