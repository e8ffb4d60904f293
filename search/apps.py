from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    label = "overlaps"
    verbose_name = "Overlaps"

    def ready(self) -> None:
        from networks import registry
        from progress.rounds import report_section
        from search import network_views as views
        from search import signals  # noqa: F401
        from search.selectors import collaboration_list, monitoring_report_section

        registry.network_route("overlaps/", views.network_overlaps, name="overlaps")
        registry.network_route("overlaps/export/<slug:fmt>/", views.network_overlaps_export,
                               name="overlaps_export")  # fmt: skip
        registry.network_route("collaborations/new/", views.collaboration_new,
                               name="new_collaboration")  # fmt: skip
        registry.city_context(
            lambda request, city: {
                "collaborations": collaboration_list(user=request.user, city=city)
            }
        )
        report_section(monitoring_report_section)
