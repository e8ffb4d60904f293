"""Wagtail admin views that show pages without asking whether the user may read them (the page
chooser is meant for linking to anything; the page types report names the last edited page of
each type site-wide): the same views, limited to pages outside the members-only networks the
user may not read. Mounted before Wagtail's own admin URLs."""

from collections.abc import Iterable

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.http import Http404
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import chooser
from wagtail.admin.views.reports import page_types_usage
from wagtail.models import Page
from wagtail.utils.urlpatterns import decorate_urlpatterns

from core.params import parse_numbers
from networks.selectors import outside_hidden_networks


def readable_page_ids(*, user, ids: Iterable[int | str]) -> list[int]:
    """The ids among ``ids`` (numbers, or strings from a query) of pages the user may know
    about, in their order."""
    wanted = parse_numbers(ids)
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


class PageTypesUsageReportView(page_types_usage.PageTypesUsageReportView):
    """Counts and the last edited page of each type over the pages the user may know about."""

    def get_queryset(self):
        queryset = super().get_queryset()
        options = self.filters.form.cleaned_data
        readable = outside_hidden_networks(user=self.request.user)
        pages = Page.objects.filter(readable, content_type=OuterRef("pk"))
        counted = outside_hidden_networks(user=self.request.user, prefix="pages__")
        if options.get("page_locale"):
            pages = pages.filter(locale__language_code=options["page_locale"])
            counted &= Q(pages__locale__language_code=options["page_locale"])
        if options.get("site"):
            pages = pages.filter(path__startswith=options["site"])
            counted &= Q(pages__path__startswith=options["site"])
        latest = pages.order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        return queryset.annotate(
            readable_count=Count("pages", filter=counted),
            readable_last_id=Subquery(latest.values("pk")[:1]),
        ).order_by("-readable_count", "app_label", "model")

    def decorate_paginated_queryset(self, page_types):
        for item in page_types:
            item.count, item.last_edited_page_id = item.readable_count, item.readable_last_id
        return super().decorate_paginated_queryset(page_types)


# Guarded as Wagtail guards its own admin URLs.
urlpatterns = decorate_urlpatterns(
    [
        path("choose-page/<int:parent_page_id>/", BrowseView.as_view()),
        path("choose-page/chosen-multiple/", ChosenMultipleView.as_view()),
        path("reports/page-types-usage/", PageTypesUsageReportView.as_view()),
        path(
            "reports/page-types-usage/results/",
            PageTypesUsageReportView.as_view(results_only=True),
        ),
    ],
    lambda view: never_cache(require_admin_access(view)),
)
