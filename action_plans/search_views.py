from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.selectors import search_hits


def search(request: HttpRequest) -> HttpResponse:
    """Site search over the events, plans and initiatives the visitor may see; counts only
    what they may see."""
    query = request.GET.get("q", "").strip()
    error = ""
    if len(query) > 200:
        error, query = "The search is too long: use at most 200 characters.", ""
    results = search_hits(user=request.user, query=query) if query else None
    page = Paginator(results, 25).get_page(request.GET.get("page")) if results is not None else None
    context = {"query": query, "results": page, "error": error}
    return render(request, "action_plans/search.html", context, status=400 if error else 200)
