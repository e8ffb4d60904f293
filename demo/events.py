"""The networks' real gatherings as demo events, and a few confirmed overlaps to meet about."""

import datetime as dt
import zoneinfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from action_plans.models import ActionPlanPage
from events.models import EventPage
from networks.models import City, NetworkPage
from search.models import Overlap
from search.services import curate

DEMO_CONFIRMED = 4  # the best pairs between ASCN cities, confirmed by the ASCN coordinator


def _at(day: dt.date, hour: int, minute: int, zone: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone))


def _next_meeting_day() -> dt.date:
    """Some four months ahead, on a Tuesday: the upcoming example stays upcoming."""
    day = timezone.now().date() + dt.timedelta(days=120)
    return day + dt.timedelta(days=(1 - day.weekday()) % 7)


def _session(kind: str, title: str, day=None, start=None, end=None, **extra) -> dict:
    """An agenda item in StreamField's stored (JSON) form."""
    value = {
        "title": title, "day": day.isoformat() if day else None, "description": "",
        "start_time": start.isoformat() if start else None,
        "end_time": end.isoformat() if end else None,
    }  # fmt: skip
    return {"type": kind, "value": {**value, **extra}}


def confirm_demo_overlaps() -> list[Overlap]:
    """Confirm the strongest pairs between two ASCN cities, once."""
    ascn = NetworkPage.objects.filter(slug="ascn").first()
    if ascn is None:
        return []
    confirmed = Overlap.objects.filter(state=Overlap.State.CONFIRMED)
    if confirmed.exists():
        return list(confirmed.order_by("-score")[:DEMO_CONFIRMED])
    plans = ActionPlanPage.objects.child_of(ascn).values("pk")
    pairs = Overlap.objects.filter(
        a__plan_id__in=plans, b__plan_id__in=plans, state=Overlap.State.SUGGESTED
    ).order_by("-score", "pk")[:DEMO_CONFIRMED]
    coordinator = get_user_model().objects.filter(username="ascn-coordinator").first()
    return [
        curate(overlap=pair, state=Overlap.State.CONFIRMED, user=coordinator,
               note="Both cities asked to meet about this at the annual meeting.")
        for pair in pairs
    ]  # fmt: skip


def _events(confirmed: list[Overlap]) -> dict[str, list[dict]]:
    city = {c.name: c for c in City.objects.filter(name__in=["Bangkok", "Seoul"])}
    june, aug, nov = dt.date(2019, 6, 5), dt.date(2019, 8, 22), dt.date(2019, 11, 21)
    upcoming = _next_meeting_day()
    matchmaking = _session(
        "matchmaking", "Matchmaking: cities working on the same problems", aug, dt.time(14),
        dt.time(16), overlaps=[p.pk for p in confirmed],
        description="Pairs of cities whose initiatives overlap meet to plan joint projects.",
    )  # fmt: skip
    return {
        "ascn": [
            dict(
                title="ASCN Workshop",
                slug="ascn-workshop-2019",
                kind="workshop",
                start=_at(june, 9, 0, "Asia/Bangkok"),
                end=_at(june + dt.timedelta(2), 17, 0, "Asia/Bangkok"),
                time_zone="Asia/Bangkok",
                venue_city="Bangkok, Thailand",
                host_city=city.get("Bangkok"),
                partner_organisations="ASEAN Secretariat\nWeGO",
                description="<p>Pilot cities of the ASEAN Smart Cities Network work on their "
                "smart-city action plans together.</p>",
                agenda=[
                    _session(
                        "session",
                        "Opening and the ASCN framework",
                        june,
                        dt.time(9),
                        dt.time(10, 30),
                    ),
                    _session("break", "Coffee break", june, dt.time(10, 30), dt.time(11)),
                    _session(
                        "session", "Action plans, city by city", june, dt.time(11), dt.time(17)
                    ),
                ],
            ),
            dict(
                title="ASCN Annual Meeting 2019",
                slug="ascn-annual-meeting-2019",
                kind="annual_meeting",
                start=_at(aug, 9, 0, "Asia/Bangkok"),
                end=_at(aug + dt.timedelta(2), 17, 0, "Asia/Bangkok"),
                time_zone="Asia/Bangkok",
                venue_city="Bangkok, Thailand",
                host_city=city.get("Bangkok"),
                partner_organisations="ASEAN Secretariat\nWeGO",
                description="<p>The network's annual meeting: progress of the pilot cities and "
                "partnerships with the private sector and external partners.</p>",
                agenda=[
                    _session(
                        "session", "Progress of the pilot cities", aug, dt.time(9), dt.time(12)
                    ),
                    matchmaking,
                ],
            ),
            dict(
                title="WeGO-ASCN Mayoral Conference",
                slug="wego-ascn-mayoral-conference-2019",
                kind="mayoral_conference",
                start=_at(nov, 9, 0, "Asia/Seoul"),
                end=_at(nov + dt.timedelta(1), 18, 0, "Asia/Seoul"),
                time_zone="Asia/Seoul",
                venue_city="Seoul, Republic of Korea",
                host_city=city.get("Seoul"),
                partner_organisations="WeGO\nSeoul Metropolitan Government",
                description="<p>Mayors of ASCN cities and WeGO members on smart-city "
                "cooperation, with signing ceremonies for partnerships.</p>",
                agenda=[
                    _session(
                        "panel",
                        "Mayors' panel: smart cities for people",
                        nov,
                        dt.time(10),
                        dt.time(12),
                        moderator="",
                        panellists=[],
                    ),
                    _session(
                        "signing_ceremony",
                        "Signing ceremony for partnerships",
                        nov + dt.timedelta(1),
                        dt.time(15),
                        dt.time(16),
                        cities=[],
                        agreement="Memoranda of understanding",
                    ),
                ],
                outcomes=[
                    {
                        "type": "text",
                        "value": "<p>Partnership agreements between "
                        "participating cities and WeGO were signed at the conference.</p>",
                    }
                ],
            ),
            dict(
                title="3rd ASCN Annual Meeting",
                slug="ascn-annual-meeting-2020",
                kind="annual_meeting",
                start=_at(dt.date(2020, 7, 17), 14, 0, "Asia/Bangkok"),
                end=_at(dt.date(2020, 7, 17), 17, 0, "Asia/Bangkok"),
                time_zone="Asia/Bangkok",
                online=True,
                description="<p>The third annual meeting of the network, held online.</p>",
            ),
        ],
        "neascn": [
            dict(
                title="NEASCN webinar with the Trilateral Cooperation Secretariat: CJK smart "
                "city initiatives",
                slug="neascn-tcs-webinar-2020",
                kind="webinar",
                start=_at(dt.date(2020, 8, 27), 14, 0, "Asia/Seoul"),
                end=_at(dt.date(2020, 8, 27), 16, 0, "Asia/Seoul"),
                time_zone="Asia/Seoul",
                online=True,
                partner_organisations="Trilateral Cooperation Secretariat\nWeGO",
                description="<p>Smart-city initiatives of China, Japan and Korea.</p>",
            ),
            dict(
                title="NEASCN Online Pre-Workshop",
                slug="neascn-pre-workshop-2020",
                kind="workshop",
                start=_at(dt.date(2020, 11, 5), 10, 0, "Asia/Seoul"),
                end=_at(dt.date(2020, 11, 5), 12, 0, "Asia/Seoul"),
                time_zone="Asia/Seoul",
                online=True,
                partner_organisations="Trilateral Cooperation Secretariat\nWeGO",
                description="<p>Preparing the network's first workshop with its members.</p>",
            ),
            dict(
                title="Inaugural NEASCN Meeting",
                slug="neascn-inaugural-meeting",
                kind="annual_meeting",
                start=_at(upcoming, 9, 30, "Asia/Seoul"),
                end=_at(upcoming + dt.timedelta(1), 17, 30, "Asia/Seoul"),
                time_zone="Asia/Seoul",
                venue_city="Seoul, Republic of Korea",
                host_city=city.get("Seoul"),
                registration_open=True,
                capacity=60,
                partner_organisations="Trilateral Cooperation Secretariat\nWeGO",
                description="<p>The first meeting of the Northeast Asia Smart Cities Network "
                "(an example of a future event).</p>",
            ),
        ],
    }


@transaction.atomic
def load_demo_events() -> int:
    """Create the demo events that are missing; returns how many were created."""
    created = 0
    confirmed = confirm_demo_overlaps()
    for slug, specs in _events(confirmed).items():
        network = NetworkPage.objects.filter(slug=slug).first()
        if network is None:
            continue
        for spec in specs:
            if EventPage.objects.child_of(network).filter(slug=spec["slug"]).exists():
                continue
            event = EventPage(**spec)
            network.add_child(instance=event)
            event.save_revision().publish()
            created += 1
    return created
