"""The overlap list's filters, one definition for the network page (``<network>/overlaps/``),
the city page's overlaps and the API (``/api/v1/networks/<slug>/overlaps/``): the same
parameters, defaults and messages everywhere (issue 18).

Defaults: pairs scoring at least ``THRESHOLD``, the same-approach tier, and every state but
dismissed (``state=dismissed`` lists those)."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from action_plans import solutions
from action_plans.vocabulary import FocusArea
from progress.selectors import annotate_shown_stages, is_lesson
from search.models import Overlap
from search.scoring import THRESHOLD
from search.selectors import DEFAULT_TIER, TIER_CHOICES, TIER_ERROR


def _choice(choices, message: str, **kwargs) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(choices=choices, error_messages={"invalid_choice": message},
                                       **kwargs)  # fmt: skip


class _Float(django_filters.Filter):
    field_class = forms.FloatField


class _Integer(django_filters.Filter):
    field_class = forms.IntegerField


class _Flag(django_filters.Filter):
    """Any value but empty, "0" or "false" turns it on (the page's checkbox sends "1")."""

    field_class = forms.BooleanField


def _number(filter_class, message: str, **kwargs) -> django_filters.Filter:
    errors = {key: message for key in ("invalid", "min_value", "max_value")}
    return filter_class(error_messages=errors, **kwargs)


def lesson(pair: Overlap) -> tuple | None:
    """(experienced, learning) when one side is under way or done and the other planned, by
    the stages shown (annotate a list of pairs with ``annotate_shown_stages`` first)."""
    a, b = pair.a, pair.b
    if is_lesson(experienced=a, learning=b):
        return a, b
    if is_lesson(experienced=b, learning=a):
        return b, a
    return None


class OverlapFilter(django_filters.FilterSet):
    """Bind to the query string and a queryset of pairs the user may see (``overlap_list``
    with ``min_score=0``); ``errors_by_field()`` for the page and the API, ``pairs()`` for
    the rows."""

    min_score = _number(_Float, "A score is a number from 0 to 1.", min_value=0,
                        max_value=1)  # fmt: skip
    state = _choice(Overlap.State.choices, "Choose suggested, confirmed or dismissed.")
    tier = _choice([(t, t) for t in TIER_CHOICES], TIER_ERROR)
    focus_area = _choice(FocusArea.choices, "Unknown focus area.")
    sdg = _number(_Integer, "An SDG is a number from 1 to 17.", min_value=1,
                  max_value=17)  # fmt: skip
    solution = _choice([(s, s) for s in solutions.BY_SLUG], "Unknown kind of solution.")
    city = django_filters.CharFilter(max_length=100)
    lessons = _Flag()

    class Meta:
        model = Overlap
        fields: list[str] = []

    def errors_by_field(self) -> dict[str, str]:
        """The first message of each bad parameter (empty when all are good)."""
        return {name: errors[0] for name, errors in self.form.errors.items()}

    @property
    def values(self) -> dict:
        """The parameters as validated, defaults filled in (bad ones take their default)."""
        self.is_valid()  # cleans the form once; bad parameters are left out of cleaned_data
        data = self.form.cleaned_data if self.is_bound else {}
        given = {name: data.get(name) for name in self.filters}
        return {
            **given,
            "min_score": THRESHOLD if given["min_score"] is None else given["min_score"],
            "tier": given["tier"] or DEFAULT_TIER,
        }

    def filter_queryset(self, queryset: QuerySet[Overlap]) -> QuerySet[Overlap]:
        """What the database can filter: score, tier, state, the cities on either side."""
        v = self.values
        pairs = queryset.filter(score__gte=v["min_score"], tier__in=TIER_CHOICES[v["tier"]])
        if v["state"]:
            pairs = pairs.filter(state=v["state"])
        else:
            pairs = pairs.exclude(state=Overlap.State.DISMISSED)
        for slug in (v["city"], v["with"]):
            if slug:
                pairs = pairs.filter(Q(a__plan__city__slug=slug) | Q(b__plan__city__slug=slug))
        return pairs

    def pairs(self) -> QuerySet[Overlap] | list[Overlap]:
        """The matching pairs, none when a parameter is bad: a queryset when the database did
        all the filtering (so that a page paginates there), else a list (focus areas, SDGs
        and solutions are lists inside each pair, "lessons" needs the stages shown)."""
        if self.is_bound and not self.is_valid():
            return []
        v, pairs = self.values, self.qs
        if not (v["focus_area"] or v["sdg"] or v["solution"] or v["lessons"]):
            return pairs
        rows = list(pairs)
        if v["focus_area"]:
            rows = [p for p in rows if v["focus_area"] in p.a.focus_areas + p.b.focus_areas]
        if v["sdg"]:
            rows = [p for p in rows if v["sdg"] in p.a.sdgs + p.b.sdgs]
        if v["solution"]:
            rows = [p for p in rows if v["solution"] in p.reasons.get("shared_solutions", [])]
        if v["lessons"]:
            annotate_shown_stages([i for p in rows for i in (p.a, p.b)])
            rows = [p for p in rows if lesson(p)]
        return rows


# "with" (the other city of a pair, set by the matrix's links) is a Python keyword.
for _filters in (OverlapFilter.declared_filters, OverlapFilter.base_filters):
    _filters["with"] = django_filters.CharFilter(max_length=100)


class CityOverlapFilter(OverlapFilter):
    """The city page's version: the same parameters and defaults, but it never lists dismissed
    pairs, and its ``network`` narrows to one of the city's networks."""

    state = _choice([(s, s) for s in (Overlap.State.SUGGESTED, Overlap.State.CONFIRMED)],
                    "Choose suggested or confirmed.")  # fmt: skip
    network = django_filters.CharFilter(max_length=255)
