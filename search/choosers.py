"""Admin choosers of confirmed overlaps and of collaborations, for matchmaking sessions: each
offers, and resolves, only what the editing user may see."""

from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.admin.viewsets.chooser import ChooserViewSet

from core.choosers import ScopedChooserMixin


class OverlapChooserViewSet(ScopedChooserMixin, ChooserViewSet):
    model = "overlaps.Overlap"
    icon = "link"
    choose_one_text = "Choose a confirmed overlap"
    choose_another_text = "Choose another overlap"
    register_widget = False

    @staticmethod
    def objects(request: HttpRequest) -> QuerySet:
        from search.models import Overlap
        from search.selectors import overlap_list

        return overlap_list(user=request.user, min_score=0, states=[Overlap.State.CONFIRMED])


class CollaborationChooserViewSet(ScopedChooserMixin, ChooserViewSet):
    model = "overlaps.Collaboration"
    icon = "group"
    choose_one_text = "Choose a collaboration"
    choose_another_text = "Choose another collaboration"
    register_widget = False

    @staticmethod
    def objects(request: HttpRequest) -> QuerySet:
        from search.selectors import collaboration_list

        return collaboration_list(user=request.user)


overlap_chooser = OverlapChooserViewSet("overlap_chooser")
collaboration_chooser = CollaborationChooserViewSet("collaboration_chooser")
