""" "Who else does this?" for the initiatives as the editor is writing them."""

from django.http import QueryDict

from action_plans.models import ActionPlanPage, Initiative
from action_plans.vocabulary import SDG_CHOICES, FocusArea

MAX_DRAFT_INITIATIVES = 200


def drafted_initiatives(*, plan: ActionPlanPage, data: QueryDict) -> list[Initiative]:
    """The initiatives as the edit form holds them now (unsaved): each keeps its uid when it
    exists already; deleted and empty rows are left out."""
    existing = {str(i.pk): i for i in plan.get_latest_revision_as_object().initiatives.all()}
    try:
        total = min(int(data.get("initiatives-TOTAL_FORMS", "0")), MAX_DRAFT_INITIATIVES)
    except ValueError:
        total = 0
    focus = set(FocusArea.values)
    sdgs = {n for n, _ in SDG_CHOICES}
    items = []
    for n in range(total):
        prefix = f"initiatives-{n}-"
        title = data.get(prefix + "title", "").strip()[:255]
        if not title or data.get(prefix + "DELETE"):
            continue
        base = existing.get(data.get(prefix + "id", ""))
        item = Initiative(title=title, description=data.get(prefix + "description", "")[:20000])
        if base is not None:
            item.uid = base.uid
        item.focus_areas = [v for v in data.getlist(prefix + "focus_areas") if v in focus]
        item.sdgs = sorted({int(v) for v in data.getlist(prefix + "sdgs")
                            if v.isascii() and v.isdigit() and int(v) in sdgs})  # fmt: skip
        items.append(item)
    return items
