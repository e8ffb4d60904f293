from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The admin's home page made for each role: it reads plans, overlaps and events, so it sits
    above the apps it gathers from."""

    name = "dashboard"
