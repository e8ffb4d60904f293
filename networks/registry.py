"""What the apps above networks add to a network's space and a city's page.

networks knows nothing about plans, overlaps or events: each app registers its own
``<network>/...`` views and the lists it contributes, in its AppConfig.ready():

    network_route("plans/", plans_index, name="plans_index")  # view(request, network, **kwargs)
    network_context(lambda request, network: {"plans": ...})
    city_context(lambda request, city: {"upcoming_events": ...})
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.urls import path

_routes: list = []
_network_context: list[Callable] = []
_city_context: list[Callable] = []


def network_route(pattern: str, view: Callable, *, name: str) -> None:
    """Serve ``view(request, network, **kwargs)`` at ``<network url><pattern>``."""

    def page_method(network, request, *args, **kwargs):
        return view(request, network, *args, **kwargs)

    page_method.__name__ = name
    _routes.append(path(pattern, page_method, name=name))


def network_routes() -> tuple:
    return tuple(_routes)


def network_context(contribute: Callable) -> None:
    """``contribute(request, network) -> dict`` adds to the network page's context."""
    _network_context.append(contribute)


def city_context(contribute: Callable) -> None:
    """``contribute(request, city) -> dict`` adds to a city page's context."""
    _city_context.append(contribute)


def contributions(kind: str, request: HttpRequest, obj) -> dict:
    context: dict = {}
    for contribute in _network_context if kind == "network" else _city_context:
        context.update(contribute(request, obj))
    return context
