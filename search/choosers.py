"""An admin chooser of confirmed overlaps, for matchmaking sessions: it offers, and resolves,
only pairs whose both sides the editing user may see."""

from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenView
from wagtail.admin.viewsets.chooser import ChooserViewSet


def _confirmed(request):
    from search.models import Overlap
    from search.selectors import overlap_list

    return overlap_list(user=request.user, min_score=0, states=[Overlap.State.CONFIRMED])


class _Confirmed:
    def get_object_list(self):
        return _confirmed(self.request)


class OverlapChooseView(_Confirmed, ChooseView):
    pass


class OverlapChooseResultsView(_Confirmed, ChooseResultsView):
    pass


class OverlapChosenView(ChosenView):
    def get_object(self, pk):
        return _confirmed(self.request).get(pk=pk)


class OverlapChooserViewSet(ChooserViewSet):
    model = "overlaps.Overlap"
    icon = "link"
    choose_one_text = "Choose a confirmed overlap"
    choose_another_text = "Choose another overlap"
    choose_view_class = OverlapChooseView
    choose_results_view_class = OverlapChooseResultsView
    chosen_view_class = OverlapChosenView
    register_widget = False


overlap_chooser = OverlapChooserViewSet("overlap_chooser")


def _collaborations(request):
    from search.selectors import collaboration_list

    return collaboration_list(user=request.user)


class _Visible:
    def get_object_list(self):
        return _collaborations(self.request)


class CollaborationChooseView(_Visible, ChooseView):
    pass


class CollaborationChooseResultsView(_Visible, ChooseResultsView):
    pass


class CollaborationChosenView(ChosenView):
    def get_object(self, pk):
        return _collaborations(self.request).get(pk=pk)


class CollaborationChooserViewSet(ChooserViewSet):
    model = "overlaps.Collaboration"
    icon = "group"
    choose_one_text = "Choose a collaboration"
    choose_another_text = "Choose another collaboration"
    choose_view_class = CollaborationChooseView
    choose_results_view_class = CollaborationChooseResultsView
    chosen_view_class = CollaborationChosenView
    register_widget = False


collaboration_chooser = CollaborationChooserViewSet("collaboration_chooser")
