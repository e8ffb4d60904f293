"""/api/v1/: the same selectors, so the same permission rules, as the pages."""

import hashlib
import logging

from django.db import InterfaceError, OperationalError
from django.http import Http404
from ninja import File, NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status
from ninja.throttling import SimpleRateThrottle
from wagtail.api.v3.auth import BearerTokenAuth

from action_plans.importer import BACKGROUND_ROWS, ImportFileError, row_count_at_least
from action_plans.models import ActionPlanPage, ImportJob
from action_plans.selectors import plan_list
from action_plans.services import import_plans
from action_plans.tasks import run_import_job
from api import serializers as s
from api.auth import InvalidToken, WriteTokenAuth, caller, session_auth
from api.common import ERRORS, FieldError, initiative_or_404, network_or_404
from api.progress import router as progress_router
from api.schemas import (
    CityOut,
    CurationIn,
    EventOut,
    ImportJobOut,
    ImportOut,
    InitiativeOut,
    NetworkOut,
    OverlapOut,
    PlanDetailOut,
    PlanOut,
    SearchHitOut,
)  # fmt: skip
from events.selectors import event_list
from events.site_search import search_hits
from networks.permissions import can_coordinate
from networks.selectors import network_list
from progress.selectors import annotate_shown_stages
from search.filters import OverlapFilter
from search.models import Overlap
from search.selectors import may_curate, overlap_list
from search.services import curate


class TokenRateThrottle(SimpleRateThrottle):
    """Token calls are rate limited per token; the site's own pages are not. The key is a
    digest, the same in every worker (Python's hash() differs per process), so with the shared
    cache of production every worker counts against the same limit."""

    def get_cache_key(self, request):
        header = request.headers.get("Authorization", "")
        if not header.lower().startswith("bearer "):
            return None
        return "api-token-" + hashlib.sha256(header.encode("utf-8")).hexdigest()


api = NinjaAPI(
    title="Regional Networks Portal API",
    version="1",
    urls_namespace="api_v1",
    openapi_url="/schema/",
    docs_url="/docs/",
    throttle=[TokenRateThrottle("120/m")],
)
logger = logging.getLogger(__name__)


@api.exception_handler(HttpError)
def http_error(request, exc):
    """Authentication, CSRF and throttling refusals in the same JSON shape as every error."""
    message = {401: "Authentication required.", 429: "Too many requests: slow down."}.get(
        exc.status_code, str(exc)
    )
    return api.create_response(request, {"message": message, "field": None},
                               status=exc.status_code)  # fmt: skip


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc):
    first = exc.errors[0] if exc.errors else {}
    loc = [str(p) for p in first.get("loc", []) if p not in ("query", "body", "path", "form")]
    return api.create_response(
        request, {"message": first.get("msg", "Invalid input."), "field": ".".join(loc) or None},
        status=400,
    )  # fmt: skip


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"message": "Not found.", "field": None}, status=404)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_unavailable(request, exc):
    """The database is down or unreachable: a JSON 503 a client may retry, not an HTML 500."""
    logger.error("API %s %s: database unavailable: %s", request.method, request.path, exc)
    return api.create_response(
        request, {"message": "The database is unavailable; try again shortly.", "field": None},
        status=503,
    )  # fmt: skip


@api.exception_handler(InvalidToken)
def invalid_token(request, exc):
    return api.create_response(request, {"message": "Invalid or revoked token.", "field": None},
                               status=401)  # fmt: skip


@api.exception_handler(FieldError)
def field_error(request, exc):
    return api.create_response(request, {"message": exc.message, "field": exc.field}, status=400)


@api.get("/networks/", response={200: list[NetworkOut], **ERRORS}, tags=["networks"])
@paginate(PageNumberPagination, page_size=50)
def networks(request):
    return [s.network(n) for n in network_list(user=caller(request))]


@api.get("/networks/{slug}/", response={200: NetworkOut, **ERRORS}, tags=["networks"])
def network_detail(request, slug: str):
    return s.network(network_or_404(request, slug))


@api.get("/networks/{slug}/cities/", response={200: list[CityOut], **ERRORS}, tags=["networks"])
@paginate(PageNumberPagination, page_size=100)
def network_cities(request, slug: str):
    network = network_or_404(request, slug)
    return [
        {
            "slug": m.city.slug,
            "name": m.city.name,
            "country": m.city.country,
            "latitude": m.city.latitude,
            "longitude": m.city.longitude,
            "role": m.role,
            "since": m.since,
        }  # fmt: skip
        for m in network.memberships.select_related("city").order_by("city__name", "pk")
    ]


@api.get("/networks/{slug}/plans/", response={200: list[PlanOut], **ERRORS}, tags=["plans"])
@paginate(PageNumberPagination, page_size=50)
def network_plans(request, slug: str):
    network = network_or_404(request, slug)
    return [s.plan(p, slug) for p in plan_list(user=caller(request), network=network)]


def _plan(request, plan_id: int) -> ActionPlanPage:
    plan = plan_list(user=caller(request)).filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    return plan


@api.get("/plans/{plan_id}/", response={200: PlanDetailOut, **ERRORS}, tags=["plans"])
def plan_detail(request, plan_id: int):
    plan = _plan(request, plan_id)
    items = plan.initiatives.select_related("plan__city").order_by("sort_order", "pk")
    items = annotate_shown_stages(items)
    return {**s.plan(plan, plan.get_parent().slug), "initiatives": [s.initiative(i) for i in items]}


@api.get("/initiatives/{initiative_id}/", response={200: InitiativeOut, **ERRORS},
         tags=["initiatives"])  # fmt: skip
def initiative_detail(request, initiative_id: str):
    return s.initiative(initiative_or_404(request, initiative_id))


@api.get("/initiatives/{initiative_id}/overlaps/", response={200: list[OverlapOut], **ERRORS},
         tags=["overlaps"])  # fmt: skip
@paginate(PageNumberPagination, page_size=50)
def initiative_overlaps(request, initiative_id: str):
    item = initiative_or_404(request, initiative_id)
    return [s.overlap(o) for o in overlap_list(user=caller(request), initiative=item)]


class OverlapFilters(Schema):
    """The list's parameters for the docs; search.filters.OverlapFilter validates them, as it
    does for the network page (a bad value answers 400 naming the parameter)."""

    city: str = ""
    focus_area: str = ""
    sdg: str = ""
    state: str = ""
    min_score: str = ""
    tier: str = ""
    solution: str = ""
    lessons: str = ""


@api.get("/networks/{slug}/overlaps/", response={200: list[OverlapOut], **ERRORS},
         tags=["overlaps"])  # fmt: skip
@paginate(PageNumberPagination, page_size=50)
def network_overlaps(request, slug: str, filters: Query[OverlapFilters]):
    """Pairs of the network's initiatives, filtered as on the network's overlaps page: the same
    tier by default, at least the threshold score, dismissed pairs only with state=dismissed."""
    network = network_or_404(request, slug)
    pairs = overlap_list(user=caller(request), network=network, min_score=0)
    found = OverlapFilter(request.GET, queryset=pairs)
    if errors := found.errors_by_field():
        raise FieldError(*next(iter(errors.items())))
    return [s.overlap(o) for o in found.pairs()]


@api.get("/search/", response={200: list[SearchHitOut], **ERRORS}, tags=["search"])
@paginate(PageNumberPagination, page_size=25)
def search(request, q: str):
    """Events, plans and initiatives containing every word of ``q``; ``kind`` tells which."""
    if not q.strip() or len(q) > 200:
        raise FieldError("q", "Give 1 to 200 characters to search for.")
    return search_hits(user=caller(request), query=q)


@api.get("/networks/{slug}/events/", response={200: list[EventOut], **ERRORS}, tags=["events"])
@paginate(PageNumberPagination, page_size=50)
def network_events(request, slug: str, when: str = "all"):
    """The network's events: ``when`` is ``upcoming`` (soonest first), ``past`` (latest
    first) or ``all`` (latest first)."""
    network = network_or_404(request, slug)
    if when not in ("all", "upcoming", "past"):
        raise FieldError("when", "when must be all, upcoming or past.")
    events = event_list(user=caller(request), network=network, when=when)
    events = events.select_related("host_city").prefetch_related("participating_cities")
    return [s.event(e, slug) for e in events]


@api.post("/networks/{slug}/plans/import", response={200: ImportOut, 202: ImportJobOut, **ERRORS},
          auth=[WriteTokenAuth(), session_auth], tags=["plans"])  # fmt: skip
def import_plan_file(request, slug: str, file: File[UploadedFile]):
    """Import a plan file (all or nothing). A file of more than 500 rows is imported by a
    task: the answer is 202 with the job, to poll at ``/api/v1/imports/{id}/``."""
    network = network_or_404(request, slug)
    user = request.user
    if not can_coordinate(user, network):
        raise FieldError("slug", "Only the network's coordinators may import plans here.")
    if file.size > 10 * 1024 * 1024:
        raise FieldError("file", "The file is larger than 10 MB.")
    name = file.name or "upload.csv"
    data = file.read()
    try:
        if row_count_at_least(data, filename=name, rows=BACKGROUND_ROWS):
            job = ImportJob.objects.create(user=user, network=network, data=data,
                                           filename=name[:255])  # fmt: skip
            run_import_job.enqueue(job_id=job.pk)
            return Status(202, _job(ImportJob.objects.get(pk=job.pk)))
        result = import_plans(user=user, data=data, filename=name, network=network)
    except ImportFileError as exc:
        raise FieldError("file", str(exc)) from exc
    if not result.ok:
        raise FieldError("file", "Nothing imported: " + "; ".join(map(str, result.errors[:20])))
    return {k: getattr(result, k) for k in ImportOut.model_fields}


def _job(job: ImportJob) -> dict:
    fields = ("status", "rows", "progress", "summary", "errors")
    return {"id": job.pk, **{f: getattr(job, f) for f in fields},
            "url": f"/api/v1/imports/{job.pk}/"}  # fmt: skip


@api.get("/imports/{job_id}/", response={200: ImportJobOut, **ERRORS},
         auth=[BearerTokenAuth(), session_auth], tags=["plans"])  # fmt: skip
def import_job(request, job_id: int):
    """Where a large import stands (your own imports only)."""
    job = ImportJob.objects.filter(pk=job_id, user=request.user).defer("data").first()
    if job is None:
        raise Http404
    return _job(job)


@api.post("/overlaps/{overlap_id}/curation", response={200: OverlapOut, **ERRORS},
          auth=[WriteTokenAuth(), session_auth], tags=["overlaps"])  # fmt: skip
def curate_overlap(request, overlap_id: int, body: CurationIn):
    user = request.user
    pair = overlap_list(user=user, min_score=0).filter(pk=overlap_id).first()
    if pair is None:
        raise Http404
    if not may_curate(user=user, pair=pair):
        raise FieldError("overlap_id", "Only coordinators of the networks involved may curate.")
    if body.state not in (Overlap.State.CONFIRMED, Overlap.State.DISMISSED,
                          Overlap.State.SUGGESTED):  # fmt: skip
        raise FieldError("state", "state must be confirmed, dismissed or suggested.")
    if len(body.note) > 2000:
        raise FieldError("note", "The note is longer than 2,000 characters.")
    return s.overlap(curate(overlap=pair, state=body.state, note=body.note, user=user))


api.add_router("", progress_router)
