from django.apps import AppConfig


class ProgressConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "progress"
    verbose_name = "Progress and monitoring"

    def ready(self) -> None:
        from action_plans.selectors import StageSource, shown_stage_source
        from progress.selectors import SHOWN_STAGE_CHOICES, filter_by_shown_stage

        # The initiative list filters by the stage the pages show: the latest approved update's.
        shown_stage_source(StageSource(choices=SHOWN_STAGE_CHOICES, apply=filter_by_shown_stage))
