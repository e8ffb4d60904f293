"""Wagtail admin views that look pages up by id without asking whether the user may read them
(the page chooser is meant for linking to anything): the same views, limited to pages outside
the members-only networks the user may not read. Mounted before Wagtail's own admin URLs."""

from collections.abc import Iterable

from django.http import Http404
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import chooser
from wagtail.models import Page
from wagtail.utils.urlpatterns import decorate_urlpatterns

from networks.selectors import outside_hidden_networks


def readable_page_ids(*, user, ids: Iterable[int | str]) -> list[int]:
    """The ids among ``ids`` (numbers, or strings from a query) of pages the user may know
    about, in their order."""
    wanted = [int(i) for i in ids if str(i).isdigit()]
    found = set(
        Page.objects.filter(outside_hidden_networks(user=user), pk__in=wanted).values_list(
            "pk", flat=True
        )
    )
    return [i for i in wanted if i in found]


class BrowseView(chooser.BrowseView):
    def get(self, request, parent_page_id=None):
        # The children are filtered by the construct_page_chooser_queryset hook; the parent
        # itself is shown as the heading.
        if parent_page_id and not readable_page_ids(user=request.user, ids=[parent_page_id]):
            raise Http404
        return super().get(request, parent_page_id)


class ChosenMultipleView(chooser.ChosenMultipleView):
    def get(self, request):
        query = request.GET.copy()
        ids = readable_page_ids(user=request.user, ids=query.getlist("id"))
        query.setlist("id", [str(i) for i in ids])
        request.GET = query
        return super().get(request)


# Guarded as Wagtail guards its own admin URLs.
urlpatterns = decorate_urlpatterns(
    [
        path("choose-page/<int:parent_page_id>/", BrowseView.as_view()),
        path("choose-page/chosen-multiple/", ChosenMultipleView.as_view()),
    ],
    lambda view: never_cache(require_admin_access(view)),
)
