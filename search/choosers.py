"""Admin choosers of confirmed overlaps and of collaborations, for matchmaking sessions: each
offers, and resolves, only what the editing user may see."""

from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.admin.views.generic.chooser import (
    ChooseResultsView,
    ChooseView,
    ChosenMultipleView,
    ChosenView,
)
from wagtail.admin.viewsets.chooser import ChooserViewSet


class _Scoped:
    def get_object_list(self):
        return self.objects(self.request)


class _ScopedChosen:
    # Resolving an id outside the user's scope fails like an unknown id.
    def get_object(self, pk):
        return self.objects(self.request).get(pk=pk)

    def get_objects(self, pks):
        return self.objects(self.request).filter(pk__in=pks)


class ScopedChooserViewSet(ChooserViewSet):
    """A chooser whose listing, search and chosen-object lookups all go through ``objects``
    (Wagtail's own views look objects up by id among all of the model's rows)."""

    register_widget = False

    @staticmethod
    def objects(request: HttpRequest) -> QuerySet:
        """What ``request.user`` may choose."""
        raise NotImplementedError

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = {"objects": staticmethod(self.objects)}
        name = type(self).__name__.removesuffix("ViewSet")
        self.choose_view_class = type(f"{name}ChooseView", (_Scoped, ChooseView), scope)
        self.choose_results_view_class = type(
            f"{name}ChooseResultsView", (_Scoped, ChooseResultsView), scope
        )
        self.chosen_view_class = type(f"{name}ChosenView", (_ScopedChosen, ChosenView), scope)
        self.chosen_multiple_view_class = type(
            f"{name}ChosenMultipleView", (_ScopedChosen, ChosenMultipleView), scope
        )


class OverlapChooserViewSet(ScopedChooserViewSet):
    model = "overlaps.Overlap"
    icon = "link"
    choose_one_text = "Choose a confirmed overlap"
    choose_another_text = "Choose another overlap"

    @staticmethod
    def objects(request: HttpRequest) -> QuerySet:
        from search.models import Overlap
        from search.selectors import overlap_list

        return overlap_list(user=request.user, min_score=0, states=[Overlap.State.CONFIRMED])


class CollaborationChooserViewSet(ScopedChooserViewSet):
    model = "overlaps.Collaboration"
    icon = "group"
    choose_one_text = "Choose a collaboration"
    choose_another_text = "Choose another collaboration"

    @staticmethod
    def objects(request: HttpRequest) -> QuerySet:
        from search.selectors import collaboration_list

        return collaboration_list(user=request.user)


overlap_chooser = OverlapChooserViewSet("overlap_chooser")
collaboration_chooser = CollaborationChooserViewSet("collaboration_chooser")
