from django import template

from progress.selectors import annotate_shown_stages, stage_of

register = template.Library()


@register.simple_tag
def with_shown_stages(initiatives):
    """The initiatives as a list, each with ``shown_stage`` set, in one query."""
    return annotate_shown_stages(initiatives)


@register.filter
def shown_stage(initiative):
    """The stage shown for one initiative: its latest approved update's, else its plan's."""
    return stage_of(initiative)
