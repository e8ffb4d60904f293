"""A network's overlaps: matrix, graph, themes, pairs and their curation, collaborations and
exports. Every figure is built from the pairs the visitor may see."""

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from action_plans.vocabulary import FocusArea
from core.params import parse_number, parse_numbers
from core.spreadsheets import safe_row
from networks.models import NetworkPage
from networks.permissions import can_coordinate, deny_unless_can_view
from progress.selectors import annotate_shown_stages
from search.collaborations import (
    CollaborationError,
    create_collaboration,
    told_summary,
    update_collaboration,
)
from search.filters import OverlapFilter, lesson
from search.insights import matrix, network_insights, themes
from search.matrix_display import ORDERS, arranged
from search.models import Collaboration, Overlap
from search.selectors import (
    TIER_CHOICES,
    collaboration_list,
    may_curate,
    overlap_list,
    solution_catalogue,
    tiers_for,
    visible_initiatives,
)
from search.services import curate
from search.templatetags.overlap_notes import note_shown


def _filters(request: HttpRequest, network: NetworkPage):
    """The pairs matching the query string (search.filters, shared with the API), any bad
    parameter, and the score and tiers shown."""
    pairs = overlap_list(user=request.user, network=network, min_score=0)
    found = OverlapFilter(request.GET, queryset=pairs)
    shown = found.values
    return found.pairs(), found.errors_by_field(), shown["min_score"], TIER_CHOICES[shown["tier"]]


def network_overlaps(request: HttpRequest, network: NetworkPage) -> HttpResponse:
    deny_unless_can_view(request, network)
    rows, errors, min_score, tiers = _filters(request, network)
    insights = network_insights(user=request.user, network=network, tiers=tiers)
    order = request.GET.get("order", "name")
    if order not in ORDERS:
        errors["order"], order = "Order the matrix by name or by count.", "name"
    insights = {**insights, "matrix": arranged(insights["matrix"], order=order)}
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    annotate_shown_stages([i for pair in page for i in (pair.a, pair.b)])
    for pair in page:
        pair.lesson = lesson(pair)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": network, "network": network, "errors": errors, "params": request.GET,
        "min_score": min_score, "pairs": page, "query": query.urlencode(),
        "tier": request.GET.get("tier") or "same_approach",
        **insights, "focus_areas": FocusArea.choices,
        "catalogue": solution_catalogue(user=request.user, network=network),
        "cities": network.memberships.select_related("city").order_by("city__name"),
        "collaborations": collaboration_list(user=request.user, network=network),
        "can_curate": can_coordinate(request.user, network),
    }  # fmt: skip
    return render(request, "search/network_overlaps.html", context, status=400 if errors else 200)


def curate_pair(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, dismiss or reopen a pair, with a note: coordinators of a network involved."""
    if request.method != "POST":
        raise Http404
    pair = overlap_list(user=request.user, min_score=0).filter(pk=pk).first()
    if pair is None:
        raise Http404("No such overlap")
    if not may_curate(user=request.user, pair=pair):
        return HttpResponse("Only coordinators of the networks involved may curate.", status=403)
    state, note = request.POST.get("state", ""), request.POST.get("note", "").strip()
    if state not in Overlap.State.values or len(note) > 2000:
        return HttpResponse("Choose confirmed, dismissed or suggested, with a note of at most "
                            "2,000 characters.", status=400)  # fmt: skip
    curate(overlap=pair, state=state, note=note, note_public=bool(request.POST.get("note_public")),
           user=request.user)  # fmt: skip
    messages.success(request, f"{pair.a.title} ↔ {pair.b.title}: {pair.get_state_display()}.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


def collaboration_new(request: HttpRequest, network: NetworkPage) -> HttpResponse:
    """Group confirmed pairs (``?pair=``) or a theme (``?theme=``) into a collaboration."""
    deny_unless_can_view(request, network)
    if not can_coordinate(request.user, network):
        raise Http404("No such page")
    source = request.POST if request.method == "POST" else request.GET
    visible = overlap_list(user=request.user, network=network, min_score=0)
    pair_ids = parse_numbers(source.getlist("pair"))
    pairs = list(visible.filter(pk__in=pair_ids))
    if (key := parse_number(source.get("theme"))) is not None:
        # The themes of the page the link came from: same-approach pairs unless it said other.
        shown = visible.exclude(state="dismissed").filter(
            tier__in=tiers_for(source.get("tier", "")) or tiers_for("")
        )
        theme = next((t for t in themes(list(shown)) if t["key"] == key), None)
        pairs += theme["pairs"] if theme else []
    items = {i.pk: i for p in pairs for i in (p.a, p.b)}
    chosen = parse_numbers(source.getlist("initiative"))
    if request.method == "POST":
        allowed = visible_initiatives(user=request.user, ids=chosen)
        lead_id = source.get("lead_city")
        lead = next((i.plan.city for i in allowed if str(i.plan.city_id) == lead_id), None)
        try:
            if not source.get("title", "").strip() or len(source["title"]) > 200:
                raise CollaborationError("title", "Give a title of at most 200 characters.")
            if lead is None:
                raise CollaborationError("lead_city", "Choose the lead city among the cities.")
            collaboration = create_collaboration(
                network=network, title=source["title"], lead_city=lead, initiatives=allowed,
                overlaps=pairs, next_steps=source.get("next_steps", ""),
                status=source.get("status", "proposed"), by=request.user,
            )  # fmt: skip
        except CollaborationError as error:
            messages.error(request, str(error))
            items.update({i.pk: i for i in allowed})
        else:
            messages.success(request, "Collaboration created. "
                             + told_summary(collaboration=collaboration))  # fmt: skip
            return redirect("collaboration_detail", collaboration.pk)
    context = {
        "network": network, "pairs": pairs, "items": sorted(items.values(), key=lambda i: (
            i.plan.city.name, i.title)), "chosen": set(chosen) or set(items),
        "statuses": Collaboration.Status.choices, "form": source,
    }  # fmt: skip
    status = 400 if request.method == "POST" else 200
    return render(request, "search/collaboration_form.html", context, status=status)


def collaboration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    collaboration = get_object_or_404(Collaboration.objects.select_related("network", "lead_city"),
                                      pk=pk)  # fmt: skip
    network = collaboration.network
    deny_unless_can_view(request, network)
    may_edit = can_coordinate(request.user, network)
    if request.method == "POST" and may_edit:
        try:
            update_collaboration(collaboration=collaboration, status=request.POST.get("status", ""),
                                 next_steps=request.POST.get("next_steps", ""))  # fmt: skip
        except CollaborationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Collaboration updated.")
            return redirect("collaboration_detail", pk)
    ids = list(collaboration.initiatives.values_list("pk", flat=True))
    context = {
        "collaboration": collaboration, "network": network, "may_edit": may_edit,
        "initiatives": annotate_shown_stages(visible_initiatives(user=request.user, ids=ids)),
        "statuses": Collaboration.Status.choices,
    }  # fmt: skip
    return render(request, "search/collaboration_detail.html", context)


def network_overlaps_export(request: HttpRequest, network: NetworkPage, fmt: str) -> HttpResponse:
    """The network's visible overlaps and collaborations as CSV, or as a printable report."""
    deny_unless_can_view(request, network)
    if fmt not in ("csv", "report"):
        raise Http404("Unknown format")
    pairs = list(overlap_list(user=request.user, network=network))  # both tiers
    annotate_shown_stages([i for p in pairs for i in (p.a, p.b)])
    collaborations = collaboration_list(user=request.user, network=network)
    if fmt == "report":
        everything = [p for p in pairs if p.state != Overlap.State.DISMISSED]
        approach = [p for p in everything if p.tier == Overlap.Tier.SAME_APPROACH]
        return render(request, "search/overlap_report.html", {
            "network": network, "pairs": [p for p in everything if p.state == "confirmed"],
            # For building an agenda: the strongest pairs nobody has decided on yet.
            "to_consider": [p for p in everything if p.state == Overlap.State.SUGGESTED][:15],
            "matrix": matrix(approach), "themes": themes(approach),
            "collaborations": collaborations, "total": len(approach),
            "total_challenge": len(everything) - len(approach),
        })  # fmt: skip
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{network.slug}-overlaps.csv"'
    response.write("\ufeff")
    out = csv.writer(response)
    out.writerow(["record", "a_id", "a_city", "a_title", "b_id", "b_city", "b_title", "tier",
                  "score", "state", "note", "shared_solutions", "shared_phrases",
                  "shared_focus_areas", "lesson_from"])  # fmt: skip
    for p in pairs:
        learn = lesson(p)
        out.writerow(safe_row([
                      "overlap", p.a.public_id, p.a.plan.city.name, p.a.title, p.b.public_id,
                      p.b.plan.city.name, p.b.title, p.get_tier_display(), f"{p.score:.2f}",
                      p.state, note_shown(p, request.user),
                      "|".join(s["name"] for s in p.reasons.get("solutions", [])),
                      "|".join(p.reasons.get("phrases_a", [])),
                      "|".join(p.reasons.get("shared_focus_areas", [])),
                      learn[0].plan.city.name if learn else ""]))  # fmt: skip
    for c in collaborations:
        out.writerow(safe_row(["collaboration", c.pk, c.lead_city.name, c.title, "",
                      "|".join(x.name for x in c.cities.all()), c.next_steps, "", "", c.status,
                      "", "", "", "", ""]))  # fmt: skip
    return response
