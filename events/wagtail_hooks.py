from django.contrib import messages
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
    """A document is served only to whoever may see a page or revision that references it;
    to anyone else, signed in or not, it answers like a document that does not exist."""
    from events.selectors import document_readable

    if not document_readable(user=request.user, document=document):
        raise Http404("No such document")
    return None
