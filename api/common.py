"""What the API's routers share: the documented errors and the lookups that 404 on what the
caller may not see, as on a missing object."""

import uuid

from django.http import Http404
from django.shortcuts import get_object_or_404

from action_plans.models import Initiative
from action_plans.selectors import plan_list
from api.auth import caller
from api.schemas import ErrorOut
from networks.models import NetworkPage
from networks.permissions import can_view_network

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut,
          503: ErrorOut}  # fmt: skip


class FieldError(Exception):
    """A bad value of one field: a 400 naming it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def network_or_404(request, slug: str) -> NetworkPage:
    network = get_object_or_404(NetworkPage.objects.live(), slug=slug)
    if not can_view_network(caller(request), network):
        raise Http404
    return network


def initiative_or_404(request, initiative_id: str) -> Initiative:
    query = Initiative.objects.filter(external_id=initiative_id)
    try:
        query = query | Initiative.objects.filter(uid=uuid.UUID(initiative_id))
    except ValueError:
        pass
    item = query.select_related("plan__city").first()
    if item is None or not plan_list(user=caller(request)).filter(pk=item.plan_id).exists():
        raise Http404
    return item
