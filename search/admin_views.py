"""Admin views of the overlap engine on other apps' pages: "Who else does this?" on a plan
(the plan's edit panel and header button link here by URL name, so action_plans needs no import
of the engine)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from action_plans.models import ActionPlanPage
from action_plans.who_else import drafted_initiatives
from search.engines.base import EngineUnavailable
from search.selectors import who_else


def who_else_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """Before publishing: which initiatives elsewhere look like each draft initiative. A POST
    of the edit form (the panel on the edit page, as the editor writes) answers for the
    initiatives as posted, in a fragment; ``?fragment=1`` gives the saved draft's."""
    plan = get_object_or_404(ActionPlanPage, pk=page_id)
    if not plan.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    items = drafted_initiatives(plan=plan, data=request.POST) if request.method == "POST" else None
    try:
        rows, error = who_else(user=request.user, plan=plan, items=items), ""
    except EngineUnavailable as exc:
        rows, error = [], f"The search engine is unavailable right now ({exc}). Try again later."
    context = {"plan": plan, "rows": rows, "error": error}
    status = 503 if error else 200
    fragment = request.method == "POST" or request.GET.get("fragment") == "1"
    template = "who_else_rows.html" if fragment else "who_else.html"
    return render(request, f"action_plans/admin/{template}", context, status=status)
