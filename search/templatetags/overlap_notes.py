"""Coordinators' notes on pairs: for the network's members, unless marked public."""

from django import template

from networks.models import NetworkPage
from networks.permissions import member_network_ids

register = template.Library()


def note_shown(pair, user) -> str:
    """The pair's note if ``user`` may read it (public, or a member of either side's network)."""
    if not pair.note:
        return ""
    if pair.note_public:
        return pair.note
    if not hasattr(user, "_portal_member_paths"):
        user._portal_member_paths = list(
            NetworkPage.objects.filter(pk__in=member_network_ids(user)).values_list(
                "path", flat=True
            )
        )
    paths = user._portal_member_paths
    if any(side.plan.path.startswith(p) for side in (pair.a, pair.b) for p in paths):
        return pair.note
    return ""


@register.simple_tag
def shown_note(pair, user) -> str:
    return note_shown(pair, user)
