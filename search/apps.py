from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    label = "overlaps"
    verbose_name = "Overlaps"

    def ready(self) -> None:
        from search import signals  # noqa: F401
