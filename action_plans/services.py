"""Writes on action plans: import and publication."""

import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from action_plans.importer import MAX_ROWS, PlanRow, RowError, parse_rows, read_records
from action_plans.models import ActionPlanPage, Initiative, titled_for_city
from networks.models import City, Membership, NetworkPage
from networks.permissions import can_coordinate, can_edit_city


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    plans_created: int = 0
    plans_updated: int = 0
    initiatives_created: int = 0
    initiatives_updated: int = 0
    published: bool = False
    submitted: bool = False  # drafts entered the network's approval workflow

    @property
    def ok(self) -> bool:
        return not self.errors


def _find_network(name: str) -> NetworkPage | None:
    return (
        NetworkPage.objects.filter(Q(slug__iexact=name) | Q(short_name__iexact=name))
        .order_by("pk")
        .first()
    )


def import_plans(
    *,
    user,
    data: bytes,
    filename: str,
    network: NetworkPage | None = None,
    records: list | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Import a plan file; all or nothing. ``user=None`` is the system (demo loader).

    ``records`` are the file's rows when the caller has read them already; ``progress`` is
    told what is happening, step by step, for long imports.
    """
    say = progress or (lambda message: None)
    if records is None:
        records = read_records(data, filename=filename)
    say(f"Read {len(records):,} row(s); one import takes at most {MAX_ROWS:,}.")
    rows, errors = parse_rows(records, network=network.slug if network else None)
    if network is not None:
        # Accept the network's short name in the file as well as its slug.
        for row in rows:
            row.network = network.slug
    result = ImportResult(errors=errors)
    resolved, more = _resolve(user=user, rows=rows)
    result.errors += more
    if result.errors:
        result.errors.sort(key=lambda e: e.line)
        return result
    total = len(resolved)
    say(f"Checked {len(rows):,} row(s) in {total} plan(s); writing them.")
    with transaction.atomic():
        for n, ((net, city, plan_title), plan_rows) in enumerate(resolved.items(), start=1):
            _write_plan(result, user=user, network=net, city=city, title=plan_title, rows=plan_rows)
            say(f"Plan {n}/{total} written ({len(plan_rows):,} initiative(s)): {plan_title}")
        say("Every plan written; updating the overlap index.")
    return result


def _resolve(*, user, rows: list[PlanRow]):
    """Map rows onto existing networks and cities, checking the user's rights."""
    errors: list[RowError] = []
    plans: dict[tuple, list[PlanRow]] = defaultdict(list)
    networks: dict[str, NetworkPage | None] = {}
    for row in rows:
        key = row.network.lower()
        if key not in networks:
            networks[key] = _find_network(row.network)
        net = networks[key]
        if net is None:
            errors.append(RowError(row.line, f"network “{row.network}” does not exist"))
            continue
        city = City.objects.filter(name__iexact=row.city, country__iexact=row.country).first()
        may_coordinate = user is None or can_coordinate(user, net)
        # One message whether the city is missing or hidden from the user: never tell which.
        if not may_coordinate and (city is None or not can_edit_city(user, city)):
            errors.append(RowError(row.line, f"you may not edit the plans of {row.city}"))
            continue
        if row.initiative_id and _taken_elsewhere(row, network=net, city=city):
            errors.append(RowError(row.line, f"initiative_id “{row.initiative_id}” is already "
                                   "used by another plan's initiative; give this one another "
                                   "id"))  # fmt: skip
            continue
        plans[(net, city or (row.city, row.country), row.plan_title)].append(row)
    return plans, errors


def _taken_elsewhere(row: PlanRow, *, network: NetworkPage, city: City | None) -> bool:
    """Whether the id names an initiative outside the plan this row updates. Ids are unique
    across the portal; the message never names the other plan, which may be hidden."""
    owner = Initiative.objects.filter(_id_filter(row.initiative_id)).values("plan_id").first()
    if owner is None:
        return False
    plan = None
    if city is not None:
        plan = (
            ActionPlanPage.objects.child_of(network)
            .filter(city=city, title=titled_for_city(row.plan_title, city.name))
            .values_list("pk", flat=True)
            .first()
        )
    return owner["plan_id"] != plan


def _id_filter(initiative_id: str) -> Q:
    query = Q(external_id=initiative_id)
    try:
        query |= Q(uid=uuid.UUID(initiative_id))
    except ValueError:
        pass
    return query


def _get_or_create_city(network: NetworkPage, city) -> City:
    if isinstance(city, tuple):
        name, country = city
        slug = slugify(f"{name}", allow_unicode=True) or slugify(name)
        if City.objects.filter(slug=slug).exists():
            slug = slugify(f"{name}-{country}", allow_unicode=True)
        city, _ = City.objects.get_or_create(name=name, country=country, defaults={"slug": slug})
    Membership.objects.get_or_create(network=network, city=city)
    return city


def _write_plan(result, *, user, network, city, title, rows):
    city = _get_or_create_city(network, city)
    first = rows[0]
    full_title = titled_for_city(title, city.name)
    plan = ActionPlanPage.objects.child_of(network).filter(city=city, title=full_title).first()
    if plan is None:
        plan = ActionPlanPage(
            title=full_title,
            slug=_unique_slug(network, f"{city.name} {title}"),
            city=city,
            period_start=first.period_start,
            period_end=first.period_end,
            live=False,
        )
        network.add_child(instance=plan)
        result.plans_created += 1
    else:
        plan = plan.get_latest_revision_as_object()
        plan.period_start, plan.period_end = first.period_start, first.period_end
        result.plans_updated += 1
    # One list: each .all() of a revision's relation hands out fresh copies.
    items = list(plan.initiatives.all())
    # An exported file names initiatives without an external id by their uid.
    existing = {str(i.uid): i for i in items}
    existing.update({i.external_id: i for i in items if i.external_id})
    for row in rows:
        item = existing.get(row.initiative_id) if row.initiative_id else None
        if item is None:
            item = Initiative(external_id=row.initiative_id)
            if _looks_like_uid(row.initiative_id):
                # A portal uid (from an export) is kept as the uid, not as an external id.
                item.external_id, item.uid = "", uuid.UUID(row.initiative_id)
            items.append(item)
            result.initiatives_created += 1
        else:
            result.initiatives_updated += 1
        for name in (
            "title",
            "description",
            "focus_areas",
            "sdgs",
            "horizon",
            "stage",
            "budget",
            "currency",
            "partners_sought",
        ):
            setattr(item, name, getattr(row, name))
    plan.initiatives = items
    may_publish = user is None or can_coordinate(user, network)
    revision = plan.save_revision(user=user, log_action=True)
    if may_publish:
        revision.publish(user=user)
        result.published = True
    elif _submit_for_approval(ActionPlanPage.objects.get(pk=plan.pk), user=user):
        result.submitted = True


def _submit_for_approval(page: ActionPlanPage, *, user) -> bool:
    """An editor's import goes to the network's coordinators as "Submit for approval" in the
    editor would: a plan already in review keeps its workflow (now with the new revision), one
    sent back for changes is resubmitted. False when no workflow applies to the page."""
    state = page.current_workflow_state
    if state is not None:
        if state.status == state.STATUS_NEEDS_CHANGES:
            state.resume(user=user)
        return True
    workflow = page.get_workflow()
    if workflow is None:
        return False
    workflow.start(page, user)
    return True


def _looks_like_uid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _unique_slug(network: NetworkPage, text: str) -> str:
    base = slugify(text)[:70] or "plan"
    slug, n = base, 2
    while network.get_children().filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
