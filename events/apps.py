from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self) -> None:
        from events import views
        from events.selectors import event_list
        from networks import registry

        registry.network_route("events/", views.network_events, name="events")
        registry.network_context(
            lambda request, network: {
                "upcoming_events": event_list(user=request.user, network=network,
                                              when="upcoming")[:3]
            }
        )  # fmt: skip
        registry.city_context(
            lambda request, city: {
                "upcoming_events": event_list(user=request.user, city=city, when="upcoming"),
                "past_events": event_list(user=request.user, city=city, when="past")[:10],
            }
        )
