"""Admin choosers limited to what the editing user may see. Wagtail's chooser views look an
object up by id among all of the model's rows and list every row; here the listing, the search,
and the chosen-object lookups (one id or several) all go through one ``objects(request)``."""

from django.db.models import QuerySet
from django.http import HttpRequest

from core.params import parse_number, parse_numbers


class _Scoped:
    def get_object_list(self):
        return self.objects(self.request)


class _ScopedChosen:
    # An id outside the user's scope fails like an unknown id.
    # Ids that are not numbers (or too long for a column) are unknown ids too.
    def get_object(self, pk):
        return self.objects(self.request).get(pk=parse_number(pk))

    def get_objects(self, pks):
        return self.objects(self.request).filter(pk__in=parse_numbers(pks))


class ScopedChooserMixin:
    """For a ``ChooserViewSet`` (or a subclass, such as a snippet's chooser viewset)."""

    @staticmethod
    def objects(request: HttpRequest) -> QuerySet:
        """What ``request.user`` may choose."""
        raise NotImplementedError

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = {"objects": staticmethod(self.objects)}
        for attr, mixin in [
            ("choose_view_class", _Scoped),
            ("choose_results_view_class", _Scoped),
            ("chosen_view_class", _ScopedChosen),
            ("chosen_multiple_view_class", _ScopedChosen),
        ]:
            base = getattr(self, attr)
            setattr(self, attr, type(f"Scoped{base.__name__}", (mixin, base), scope))
