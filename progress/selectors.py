"""Reads on progress: the stage shown for an initiative, its timeline and indicators, and the
updates a user may read. Every read is filtered by what the asking user may see."""

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery

from action_plans.models import Initiative
from action_plans.selectors import plan_list
from action_plans.vocabulary import Stage
from networks.permissions import visible_network_filter
from progress.models import ProgressStage, ProgressUpdate

# "Done there, planned here": the stages of an initiative that has something to teach, and of
# one that is still to be done (plan stages and progress stages alike).
DONE_STAGES = frozenset({"implementing", "done", "operating", "completed"})
PLANNED_STAGES = frozenset({"idea", "planning"})


@dataclass(frozen=True)
class ShownStage:
    """The stage shown for an initiative: its latest approved update's, else its plan's."""

    code: str
    label: str
    completion: int | None = None
    date: datetime.date | None = None  # of the approved update; None when it comes from the plan

    def __str__(self) -> str:
        return self.label


def stage_label(code: str) -> str:
    """The label of a progress or plan stage code."""
    for choices in (ProgressStage, Stage):
        if code in choices.values:
            return choices(code).label
    return code


# Which approved update is an initiative's latest: by date, then by approval.
LATEST_FIRST = ("-date", "-approved_at", "-pk")


def latest_approved(*, uids) -> dict[uuid.UUID, ProgressUpdate]:
    """The latest approved update of each initiative uid (by date, then approval)."""
    found: dict[uuid.UUID, ProgressUpdate] = {}
    updates = ProgressUpdate.objects.filter(
        initiative_uid__in=set(uids), status=ProgressUpdate.Status.APPROVED
    ).order_by("initiative_uid", *LATEST_FIRST)
    for update in updates:
        found.setdefault(update.initiative_uid, update)
    return found


# The stages an initiative may show, in the order of a project's life (plan and progress stages).
SHOWN_STAGE_CHOICES = [
    (code, stage_label(code))
    for code in ("idea", "planning", "funded", "implementing", "operating", "done", "completed",
                 "stopped")
]  # fmt: skip


def filter_by_shown_stage(items: QuerySet[Initiative], stage: str) -> QuerySet[Initiative]:
    """The initiatives whose shown stage is ``stage``: their latest approved update's, else
    (no approved update) their plan's; in the database, for a paginated list."""
    latest = ProgressUpdate.objects.filter(
        initiative_uid=OuterRef("uid"), status=ProgressUpdate.Status.APPROVED
    ).order_by(*LATEST_FIRST)
    items = items.annotate(latest_stage=Subquery(latest.values("stage")[:1]))
    return items.filter(Q(latest_stage=stage) | Q(latest_stage__isnull=True, stage=stage))


def shown_stages(*, initiatives) -> dict[uuid.UUID, ShownStage]:
    """The stage to show for each initiative, by uid: the one place that decides it."""
    items = list(initiatives)
    approved = latest_approved(uids=[i.uid for i in items])
    shown = {}
    for item in items:
        update = approved.get(item.uid)
        if update is None:
            shown[item.uid] = ShownStage(item.stage, stage_label(item.stage))
        else:
            shown[item.uid] = ShownStage(
                update.stage, stage_label(update.stage), update.completion, update.date
            )
    return shown


def annotate_shown_stages(initiatives) -> list[Initiative]:
    """Set ``shown_stage`` on each initiative in one query; returns them as a list."""
    initiatives = list(initiatives)
    items = [i for i in initiatives if not hasattr(i, "shown_stage")]
    stages = shown_stages(initiatives=items)
    for item in items:
        item.shown_stage = stages[item.uid]
    return initiatives


def stage_of(initiative: Initiative) -> ShownStage:
    """The shown stage of one initiative (annotated beforehand, else looked up)."""
    if not hasattr(initiative, "shown_stage"):
        annotate_shown_stages([initiative])
    return initiative.shown_stage


def is_lesson(*, experienced: Initiative, learning: Initiative) -> bool:
    """Whether ``experienced`` has done what ``learning`` still plans, by the shown stages."""
    return stage_of(experienced).code in DONE_STAGES and stage_of(learning).code in PLANNED_STAGES


def visible_initiative(*, user, uid) -> Initiative | None:
    """The initiative of a published plan the user may see, else None."""
    item = Initiative.objects.filter(uid=uid).select_related("plan__city").first()
    if item is None or not plan_list(user=user).filter(pk=item.plan_id).exists():
        return None
    return item


def readable_updates(*, user) -> QuerySet[ProgressUpdate]:
    """Approved updates of initiatives in published plans the user may see."""
    plans = plan_list(user=user).values("pk")
    uids = Initiative.objects.filter(plan_id__in=plans).values("uid")
    from networks.models import NetworkPage

    networks = NetworkPage.objects.filter(visible_network_filter(user)).values("pk")
    return ProgressUpdate.objects.filter(
        status=ProgressUpdate.Status.APPROVED, initiative_uid__in=uids, network_id__in=networks
    ).select_related("city", "network")


def timeline(*, user, initiative: Initiative) -> list[ProgressUpdate]:
    """The initiative's approved updates, newest first, with their indicators."""
    return list(
        readable_updates(user=user)
        .filter(initiative_uid=initiative.uid)
        .prefetch_related("indicators")
        .order_by("-date", "-pk")
    )


def indicator_table(updates: list[ProgressUpdate]) -> dict:
    """Indicators across updates as one table: a row per indicator (its unit, baseline and
    target as last reported), a column per year; a later update's value for a year wins."""
    years: set[int] = set()
    rows: dict[str, dict] = {}
    for update in sorted(updates, key=lambda u: (u.date, u.pk)):
        for ind in update.indicators.all():
            row = rows.setdefault(ind.name, {"name": ind.name, "values": {}})
            row.update(unit=ind.unit, baseline=ind.baseline, target=ind.target)
            row["values"][ind.year] = ind.value
            years.add(ind.year)
    ordered = sorted(years)
    table = []
    for row in rows.values():
        row["cells"] = [row["values"].get(y) for y in ordered]
        table.append(row)
    chart = {"years": ordered, "rows": [
        {"name": r["name"], "unit": r["unit"],
         "target": None if r["target"] is None else float(r["target"]),
         "values": [None if v is None else float(v) for v in r["cells"]]} for r in table
    ]}  # fmt: skip
    return {"years": ordered, "rows": table, "chart": chart}
