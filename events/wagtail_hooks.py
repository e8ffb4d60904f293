from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from wagtail import hooks

from networks.permissions import can_coordinate


@hooks.register("before_create_page")
def only_coordinators_create_events(request, parent_page, page_class):
    from events.models import EventPage

    if issubclass(page_class, EventPage) and not can_coordinate(request.user, parent_page):
        messages.error(request, "Only the network's coordinators and WeGO staff create events.")
        return redirect("wagtailadmin_explore", parent_page.pk)
    return None


@hooks.register("before_serve_document")
def documents_follow_their_events(document, request):
    """A document attached to events only in members-only networks is members-only too."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    from events.models import EventPage
    from networks.permissions import can_view_network

    ids = (
        ReferenceIndex.get_references_to(document)
        .filter(content_type=ContentType.objects.get_for_model(EventPage))
        .values_list("object_id", flat=True)
    )
    events = list(EventPage.objects.filter(pk__in=[int(i) for i in ids]))
    if events and not any(can_view_network(request.user, e.network) for e in events):
        if request.user.is_authenticated:
            raise Http404("No such document")
        raise PermissionDenied
    return None
