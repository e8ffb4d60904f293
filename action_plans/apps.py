from django.apps import AppConfig


class ActionPlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "action_plans"
    verbose_name = "Action plans"

    def ready(self) -> None:
        from action_plans import views
        from action_plans.selectors import plan_list
        from networks import registry

        registry.network_route("plans/", views.plans_index, name="plans_index")
        registry.network_route("export/<slug:fmt>/", views.network_export, name="export")
        registry.network_context(
            lambda request, network: {"plans": plan_list(user=request.user, network=network)[:10]}
        )
        registry.city_context(
            lambda request, city: {"plans": plan_list(user=request.user, city=city)}
        )
