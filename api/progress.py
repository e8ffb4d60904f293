"""/api/v1/ progress updates and monitoring rounds: read for those who may read the network,
write for its cities' editors (and coordinators) with a token or a session."""

import datetime
from decimal import Decimal

from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from wagtail.api.v3.auth import BearerTokenAuth

from api.auth import WriteTokenAuth, caller, session_auth
from api.common import ERRORS, FieldError, initiative_or_404, network_or_404
from networks.permissions import can_coordinate
from progress import io, services
from progress.models import MonitoringRound, ProgressUpdate
from progress.permissions import admin_updates
from progress.rounds import monitoring_report, readable_rounds, reporting_status
from progress.selectors import readable_updates, stage_of

router = Router(tags=["progress"])
AUTH = [BearerTokenAuth(), session_auth]
WRITE_AUTH = [WriteTokenAuth(), session_auth]  # a read token may not write (403)


class IndicatorSchema(Schema):
    name: str
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None
    year: int
    value: Decimal


class UpdateOut(Schema):
    id: int
    initiative_id: str
    initiative: str
    city: str
    network: str
    date: datetime.date
    stage: str
    completion: int | None = None
    narrative: str
    funding_secured: str
    partners_engaged: str
    source_url: str
    status: str
    approved_at: datetime.datetime | None = None
    indicators: list[IndicatorSchema]


class UpdateIn(Schema):
    date: datetime.date
    stage: str
    completion: int | None = None
    narrative: str = ""
    funding_secured: str = ""
    partners_engaged: str = ""
    source_url: str = ""
    indicators: list[IndicatorSchema] = []


class StageOut(Schema):
    initiative_id: str
    stage: str
    label: str
    completion: int | None = None
    as_of: datetime.date | None = None


class RoundOut(Schema):
    id: int
    network: str
    year: int
    deadline: datetime.date
    status: str
    report_url: str | None = None


class RoundIn(Schema):
    year: int
    deadline: datetime.date
    message: str = ""


class RoundStatusOut(Schema):
    city: str
    initiatives: int
    updates: int
    approved: int
    reported: bool


def _update(u: ProgressUpdate, public_id: str | None = None) -> dict:
    return {
        "id": u.pk, "initiative_id": public_id or str(u.initiative_uid),
        "initiative": u.initiative_title, "city": u.city.name, "network": u.network.slug,
        "date": u.date, "stage": u.stage, "completion": u.completion, "narrative": u.narrative,
        "funding_secured": u.funding_secured, "partners_engaged": u.partners_engaged,
        "source_url": u.source_url, "status": u.status, "approved_at": u.approved_at,
        "indicators": [{"name": i.name, "unit": i.unit, "baseline": i.baseline,
                        "target": i.target, "year": i.year, "value": i.value}
                       for i in u.indicators.all()],
    }  # fmt: skip


def _round(r: MonitoringRound) -> dict:
    url = None if r.is_open else f"/progress/{r.network.slug}/rounds/{r.year}/"
    return {"id": r.pk, "network": r.network.slug, "year": r.year, "deadline": r.deadline,
            "status": r.status, "report_url": url}  # fmt: skip


@router.get("/initiatives/{initiative_id}/progress/", response={200: list[UpdateOut], **ERRORS})
@paginate(PageNumberPagination, page_size=50)
def initiative_updates(request, initiative_id: str):
    """The initiative's approved updates, newest first."""
    item = initiative_or_404(request, initiative_id)
    updates = readable_updates(user=caller(request)).filter(initiative_uid=item.uid)
    return [_update(u, item.public_id) for u in updates.prefetch_related("indicators")]


@router.get("/initiatives/{initiative_id}/stage/", response={200: StageOut, **ERRORS})
def initiative_stage(request, initiative_id: str):
    """The stage shown for the initiative: its latest approved update's, else its plan's."""
    item = initiative_or_404(request, initiative_id)
    shown = stage_of(item)
    return {"initiative_id": item.public_id, "stage": shown.code, "label": shown.label,
            "completion": shown.completion, "as_of": shown.date}  # fmt: skip


@router.post("/initiatives/{initiative_id}/progress/", response={200: UpdateOut, **ERRORS},
             auth=WRITE_AUTH)  # fmt: skip
def write_update(request, initiative_id: str, body: UpdateIn):
    """File (or replace) the update of that date: an editor's arrives submitted for approval,
    a coordinator's approved. Idempotent by initiative and date."""
    item = initiative_or_404(request, initiative_id)
    base = {k: str(v) for k, v in body.model_dump(exclude={"indicators", "date"}).items()
            if v not in (None, "")}  # fmt: skip
    base.update(initiative_id=str(item.uid), date=body.date.isoformat())
    records = [(1, base)] if not body.indicators else [
        (n, {**base, "indicator": i.name, "unit": i.unit, "year": str(i.year),
             "value": str(i.value), "baseline": "" if i.baseline is None else str(i.baseline),
             "target": "" if i.target is None else str(i.target)})
        for n, i in enumerate(body.indicators, start=1)
    ]  # fmt: skip
    rows, errors = io.parse_rows(records)
    result = io.import_rows(user=request.user, rows=rows, errors=errors)
    if not result.ok:
        raise FieldError(_field_of(result.errors[0].message),
                         "; ".join(e.message for e in result.errors))  # fmt: skip
    return _update(result.written[0], item.public_id)


def _field_of(message: str) -> str:
    """The field a row error names first ("completion …", "source_url is …"), else the body."""
    word = message.split(" ", 1)[0].rstrip(":")
    return word if word in io.COLUMNS else "body"


@router.post("/progress/{update_id}/approve", response={200: UpdateOut, **ERRORS}, auth=WRITE_AUTH)
def approve(request, update_id: int):
    """A coordinator of the update's network approves it."""
    update = admin_updates(request.user).filter(pk=update_id).first()
    if update is None:
        raise Http404
    try:
        services.approve_update(update=update, user=request.user)
    except services.ProgressError as exc:
        raise FieldError("update_id", str(exc)) from exc
    return _update(update)


@router.get("/networks/{slug}/progress/", response={200: list[UpdateOut], **ERRORS})
@paginate(PageNumberPagination, page_size=50)
def network_updates(request, slug: str, year: int | None = None):
    """The network's approved updates, newest first; ``year`` (1900 to 2200) keeps one year's."""
    network = network_or_404(request, slug)
    if year is not None and not 1900 <= year <= 2200:
        raise FieldError("year", "year must be from 1900 to 2200")
    updates = readable_updates(user=caller(request)).filter(network=network)
    if year is not None:
        updates = updates.filter(date__year=year)
    return [_update(u) for u in updates.prefetch_related("indicators").order_by("-date", "pk")]


@router.get("/networks/{slug}/rounds/", response={200: list[RoundOut], **ERRORS})
def network_rounds(request, slug: str):
    network = network_or_404(request, slug)
    rounds = readable_rounds(user=caller(request)).filter(network=network).order_by("-year")
    return [_round(r) for r in rounds]


@router.post("/networks/{slug}/rounds/", response={200: RoundOut, **ERRORS}, auth=WRITE_AUTH)
def open_round(request, slug: str, body: RoundIn):
    """A coordinator opens the network's round for a year; the cities' editors are emailed."""
    network = network_or_404(request, slug)
    if not can_coordinate(request.user, network):
        raise HttpError(403, "Only the network's coordinators may open a round.")
    try:
        round_ = services.open_round(network=network, year=body.year, deadline=body.deadline,
                                     message=body.message[:4000], user=request.user)  # fmt: skip
    except services.ProgressError as exc:
        raise FieldError("year", str(exc)) from exc
    return _round(round_)


@router.get("/networks/{slug}/rounds/{year}/status/",
            response={200: list[RoundStatusOut], **ERRORS}, auth=AUTH)  # fmt: skip
def round_status(request, slug: str, year: int):
    """Who has reported in the round: the network's coordinators only."""

    network = network_or_404(request, slug)
    round_ = MonitoringRound.objects.filter(network=network, year=year).first()
    if round_ is None or not can_coordinate(request.user, network):
        raise Http404
    return [{**r, "city": r["city"].name} for r in reporting_status(round_=round_)]


@router.get("/networks/{slug}/rounds/{year}/report/", response={200: dict, **ERRORS})
def round_report(request, slug: str, year: int):
    """The closed round's monitoring report: one row per initiative, then network figures."""
    network = network_or_404(request, slug)
    round_ = readable_rounds(user=caller(request)).filter(network=network, year=year).first()
    if round_ is None or round_.is_open:
        raise Http404
    from progress.rounds import report_rows

    report = monitoring_report(round_=round_, user=caller(request))
    return {"network": slug, "year": year, "rows": report_rows(report),
            "stalled": [r["initiative"].public_id for r in report["stalled"]]}  # fmt: skip


class NudgeIn(Schema):
    city: str  # the city's slug


def _running_round(request, slug: str, year: int) -> MonitoringRound:
    """The network's round of ``year`` for one of its coordinators (403 for other readers)."""
    network = network_or_404(request, slug)
    if not can_coordinate(request.user, network):
        raise HttpError(403, "Only the network's coordinators may run its rounds.")
    round_ = MonitoringRound.objects.filter(network=network, year=year).first()
    if round_ is None:
        raise Http404
    return round_


@router.post("/networks/{slug}/rounds/{year}/close", response={200: RoundOut, **ERRORS},
             auth=WRITE_AUTH)  # fmt: skip
def close_round(request, slug: str, year: int):
    """A coordinator closes the round; its monitoring report is published."""
    round_ = _running_round(request, slug, year)
    try:
        services.close_round(round_=round_, user=request.user)
    except services.ProgressError as exc:
        raise FieldError("year", str(exc)) from exc
    return _round(round_)


@router.post("/networks/{slug}/rounds/{year}/nudge", response={200: dict, **ERRORS},
             auth=WRITE_AUTH)  # fmt: skip
def nudge_city(request, slug: str, year: int, body: NudgeIn):
    """A coordinator emails one member city's editors that the round awaits its report."""
    round_ = _running_round(request, slug, year)
    city = round_.network.memberships.filter(city__slug=body.city).first()
    if city is None:
        raise FieldError("city", f"“{body.city}” is not a member city of the network.")
    try:
        services.nudge_city(round_=round_, city_id=city.city_id, user=request.user)
    except services.ProgressError as exc:
        raise FieldError("year", str(exc)) from exc
    return {"nudged": body.city}
