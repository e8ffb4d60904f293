"""Reads on monitoring rounds: who has reported, who is asked, and the network's report."""

from collections import Counter, defaultdict
from collections.abc import Callable

from django.db.models import QuerySet
from guardian.shortcuts import get_users_with_perms

from action_plans.models import ActionPlanPage, Initiative
from networks.models import City, NetworkPage
from networks.permissions import coordinated_network_ids, editable_city_ids, visible_network_filter
from progress.models import MonitoringRound, ProgressStage, ProgressUpdate
from progress.selectors import stage_label

REPORTED = (ProgressUpdate.Status.SUBMITTED, ProgressUpdate.Status.APPROVED)
FINAL_STAGES = {ProgressStage.COMPLETED, ProgressStage.STOPPED}

# Parts of the monitoring report that higher apps own (the collaborations formed and overlaps
# confirmed in the year come from the overlaps app, which sits above progress): each is called
# with ``network``, ``year`` and ``plans`` (the network's live plans) and returns report keys.
REPORT_SECTIONS: list[Callable[..., dict]] = []


def report_section(section: Callable[..., dict]) -> Callable[..., dict]:
    """Add a part to every monitoring report (registered from an app's ``ready()``)."""
    REPORT_SECTIONS.append(section)
    return section


def round_updates(*, round_: MonitoringRound) -> QuerySet[ProgressUpdate]:
    """Updates of the round: the network's, dated in the round's year, submitted or approved."""
    return ProgressUpdate.objects.filter(
        network=round_.network, date__year=round_.year, status__in=REPORTED
    )


def reporting_status(*, round_: MonitoringRound) -> list[dict]:
    """Each member city: how many initiatives it has, how many it reported on this round."""
    counts = Counter(round_updates(round_=round_).values_list("city_id", flat=True))
    approved = Counter(
        round_updates(round_=round_)
        .filter(status=ProgressUpdate.Status.APPROVED)
        .values_list("city_id", flat=True)
    )
    plans = ActionPlanPage.objects.live().child_of(round_.network).filter(archived=False)
    initiatives = Counter(
        Initiative.objects.filter(plan__in=plans).values_list("plan__city_id", flat=True)
    )
    rows = []
    for membership in round_.network.memberships.select_related("city").order_by("city__name"):
        city = membership.city
        rows.append({
            "city": city, "initiatives": initiatives.get(city.pk, 0),
            "updates": counts.get(city.pk, 0), "approved": approved.get(city.pk, 0),
            "reported": counts.get(city.pk, 0) > 0,
        })  # fmt: skip
    return rows


def unreported_city_ids(*, round_: MonitoringRound) -> list[int]:
    """Member cities asked to report that have not: a city with no published initiative in the
    network has nothing to report on, and is neither reminded nor nudged."""
    return [
        row["city"].pk
        for row in reporting_status(round_=round_)
        if row["initiatives"] and not row["reported"]
    ]


def city_editors(*, city_ids) -> dict[int, list]:
    """Active editors with an email address, by city."""
    found = {}
    for city in City.objects.filter(pk__in=city_ids):
        users = get_users_with_perms(
            city, with_group_users=False, only_with_perms_in=["edit_city_plans"]
        )
        found[city.pk] = [u for u in users if u.is_active and u.email]
    return found


def open_rounds_for(*, user) -> list[dict]:
    """The open rounds the user's cities are asked to report in, each with those cities."""
    from networks.permissions import is_wego_staff

    cities = editable_city_ids(user)
    if not cities or not user.is_authenticated or is_wego_staff(user):
        return []  # staff run rounds; they are not asked to report
    rounds = MonitoringRound.objects.filter(
        status=MonitoringRound.Status.OPEN, network__memberships__city_id__in=cities
    ).distinct().select_related("network")  # fmt: skip
    out = []
    for round_ in rounds:
        reported = set(round_updates(round_=round_).values_list("city_id", flat=True))
        members = round_.network.memberships.filter(city_id__in=cities).select_related("city")
        out.append({
            "round": round_,
            "cities": [{"city": m.city, "reported": m.city_id in reported} for m in members],
        })  # fmt: skip
    return out


def rounds_run_by(*, user) -> QuerySet[MonitoringRound]:
    return MonitoringRound.objects.filter(network_id__in=coordinated_network_ids(user))


def readable_rounds(*, user) -> QuerySet[MonitoringRound]:
    """Rounds of networks the user may read: their reports follow the network's visibility."""
    networks = NetworkPage.objects.live().filter(visible_network_filter(user))
    return MonitoringRound.objects.filter(network__in=networks).select_related("network")


# The monitoring report ----------------------------------------------------------------------


def _snapshots(network: NetworkPage, uids, upto: int) -> dict:
    """Each initiative's latest approved update dated in ``upto`` or before."""
    found = {}
    updates = ProgressUpdate.objects.filter(
        network=network, initiative_uid__in=uids, status=ProgressUpdate.Status.APPROVED,
        date__year__lte=upto,
    ).order_by("initiative_uid", "-date", "-pk")  # fmt: skip
    for update in updates:
        found.setdefault(update.initiative_uid, update)
    return found


def monitoring_report(*, round_: MonitoringRound, user) -> dict:
    """The network's monitoring report for the round's year as ``user`` may read it, from
    approved updates only: per
    city each initiative's stage and progress since the previous year's round; across the
    network the stages and how they moved, initiatives stalled for two rounds, collaborations
    formed and overlaps confirmed that year."""
    network, year = round_.network, round_.year
    plans = ActionPlanPage.objects.live().child_of(network).filter(archived=False)
    items = list(Initiative.objects.filter(plan__in=plans).select_related("plan__city")
                 .order_by("plan__city__name", "sort_order", "pk"))  # fmt: skip
    uids = [i.uid for i in items]
    now, before, earlier = (_snapshots(network, uids, y) for y in (year, year - 1, year - 2))
    cities: dict = defaultdict(list)
    moves: Counter = Counter()
    stalled = []
    for item in items:
        cur, prev, old = now.get(item.uid), before.get(item.uid), earlier.get(item.uid)
        row = {
            "initiative": item, "update": cur, "previous": prev,
            "stage": stage_label(cur.stage) if cur else "", "previous_stage":
                stage_label(prev.stage) if prev else "",
            "completion": cur.completion if cur else None,
            "previous_completion": prev.completion if prev else None,
            "reported_this_year": bool(cur and cur.date.year == year),
            "moved": bool(cur and prev and (cur.stage, cur.completion)
                          != (prev.stage, prev.completion)),
        }  # fmt: skip
        if cur and prev and cur.completion is not None and prev.completion is not None:
            row["completion_change"] = cur.completion - prev.completion
        cities[item.plan.city].append(row)
        if cur:
            moves[(prev.stage if prev else "", cur.stage)] += 1
        # Stalled: reported this round with the stage and completion of two rounds before
        # (an initiative that simply went unreported is not known to be stalled).
        if row["reported_this_year"] and prev and old and old.pk != cur.pk and (
            cur.stage not in FINAL_STAGES
        ) and (
            (cur.stage, cur.completion) == (prev.stage, prev.completion)
            == (old.stage, old.completion)
        ):  # fmt: skip
            stalled.append(row)
    stages = [c.value for c in ProgressStage]
    report = {
        "round": round_, "network": network, "year": year,
        "cities": sorted(cities.items(), key=lambda kv: kv[0].name),
        "stage_totals": [
            {"stage": stage_label(s), "before": sum(1 for u in before.values() if u.stage == s),
             "now": sum(1 for u in now.values() if u.stage == s)} for s in stages
        ] + [  # so that the column adds up to the network's initiatives
            {"stage": "No update yet", "before": len(items) - len(before),
             "now": len(items) - len(now)}
        ],
        "movements": sorted(
            ({"from": stage_label(a) if a else "not reported", "to": stage_label(b), "count": n}
             for (a, b), n in moves.items() if a != b), key=lambda m: -m["count"]),
        "stalled": stalled,
        "collaborations": [], "confirmed": [],
        "reported": sum(1 for rows in cities.values() if any(r["reported_this_year"]
                                                             for r in rows)),
    }  # fmt: skip
    for section in REPORT_SECTIONS:
        report.update(section(user=user, network=network, year=year, plans=plans))
    return report


def report_rows(report: dict) -> list[dict]:
    """The report as flat rows for CSV/XLSX: one per initiative, then the network figures."""
    rows = []
    for city, items in report["cities"]:
        for r in items:
            u = r["update"]
            rows.append({
                "record": "initiative", "city": city.name, "initiative_id":
                    r["initiative"].public_id, "title": r["initiative"].title,
                "stage": r["stage"], "completion": "" if r["completion"] is None
                    else r["completion"], "previous_stage": r["previous_stage"],
                "previous_completion": "" if r["previous_completion"] is None
                    else r["previous_completion"],
                "reported_on": u.date.isoformat() if u else "", "narrative": u.narrative if u
                    else "", "stalled": "yes" if r in report["stalled"] else "",
            })  # fmt: skip
    for t in report["stage_totals"]:
        rows.append({"record": "stage_total", "stage": t["stage"], "completion": t["now"],
                     "previous_completion": t["before"]})  # fmt: skip
    for c in report["collaborations"]:
        rows.append({"record": "collaboration", "city": c.lead_city.name, "title": c.title,
                     "stage": c.status})  # fmt: skip
    for o in report["confirmed"]:
        rows.append({
            "record": "overlap_confirmed", "city": f"{o.a.plan.city.name} ↔ {o.b.plan.city.name}",
            "title": f"{o.a.title} ↔ {o.b.title}",
            "reported_on": o.decided_at.date().isoformat() if o.decided_at else "",
        })  # fmt: skip
    return rows


REPORT_COLUMNS = ["record", "city", "initiative_id", "title", "stage", "completion",
                  "previous_stage", "previous_completion", "reported_on", "narrative",
                  "stalled"]  # fmt: skip
