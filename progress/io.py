"""Progress updates in and out as CSV, XLSX or JSONL (docs/import-format.md).

One row per update and indicator value: rows naming the same initiative and date are one
update (its fields given once, on any of its rows), each row may add one indicator value.
A file with any error imports nothing; a re-import of the same file changes nothing.
Reading and checking the rows is progress.records; this module writes and exports them.
"""

import csv
import io
import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from action_plans.importer import RowError
from action_plans.models import Initiative
from core.spreadsheets import safe_record, safe_row
from progress.models import ProgressIndicator, ProgressUpdate
from progress.records import COLUMNS, UPDATE_FIELDS, UpdateRow, parse_rows, read_records
from progress.records import CONTENT_TYPES as CONTENT_TYPES  # the export formats, for views


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    approved: int = 0  # of the updates written, how many arrive approved
    written: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _find(initiative_id: str, allowed) -> Initiative | None:
    query = Q(external_id=initiative_id)
    try:
        query |= Q(uid=uuid.UUID(initiative_id))
    except ValueError:
        pass
    return allowed.filter(query).select_related("plan__city").first()


def import_updates(*, user, data: bytes, filename: str) -> ImportResult:
    """Import an update file, all or nothing. Editors' updates arrive submitted, for the
    coordinators to approve; coordinators' and the system's (``user=None``) arrive approved."""
    rows, errors = parse_rows(read_records(data, filename=filename))
    return import_rows(user=user, rows=rows, errors=errors)


def import_rows(*, user, rows: list[UpdateRow], errors: list[RowError]) -> ImportResult:
    """Write parsed updates if nothing is wrong (the file's errors included)."""
    from progress.forms import writable_initiatives
    from progress.permissions import may_write

    result = ImportResult(errors=list(errors))
    allowed = Initiative.objects.all() if user is None else writable_initiatives(user)
    plan, seen = [], {}
    for row in rows:
        item = _find(row.initiative_id, allowed)
        if item is None:
            result.errors.append(RowError(row.line, f"initiative “{row.initiative_id}” is not "
                                          "one you may report on"))  # fmt: skip
            continue
        # One update named twice (by external id and by uid): its rows did not group.
        first = seen.setdefault((item.uid, row.date), row.line)
        if first != row.line:
            result.errors.append(RowError(row.line, "the same initiative and date as line "
                                          f"{first}"))  # fmt: skip
            continue
        update = ProgressUpdate.objects.filter(initiative_uid=item.uid, date=row.date).first()
        keep = False
        if update and user is not None and not may_write(user, update):
            # The file as approved changes nothing, so there is nothing to refuse.
            keep = _state(update) == _row_state(row)
            if not keep:
                result.errors.append(RowError(row.line, "the update of that day is approved; "
                                              "only a coordinator may change it"))  # fmt: skip
                continue
        plan.append((row, item, update, keep))
    if result.errors:
        result.errors.sort(key=lambda e: e.line)
        return result
    try:
        _write(plan, user=user, result=result)
    except _RowFailed as exc:
        return ImportResult(errors=[exc.error])
    result.written = [u for _, _, u, _ in plan]
    return result


class _RowFailed(Exception):
    def __init__(self, error: RowError):
        super().__init__(str(error))
        self.error = error


def _write(plan: list, *, user, result: ImportResult) -> None:
    """All rows in one transaction; what only the model (or a concurrent import) refuses
    becomes the row's error and undoes the others."""
    from django.utils import timezone
    from wagtail.log_actions import log

    from progress.permissions import may_approve
    from progress.services import attach_initiative

    now = timezone.now()
    with transaction.atomic():
        for n, (row, item, update, keep) in enumerate(plan):
            if keep:
                result.unchanged += 1
                continue
            fresh = update is None
            update = update or ProgressUpdate(date=row.date)
            plan[n] = (row, item, update, keep)
            attach_initiative(update=update, initiative=item)
            before = _state(update) if not fresh else None
            for name in UPDATE_FIELDS:
                value = row.fields.get(name, "" if name != "completion" else None)
                setattr(update, name, value)
            approve = user is None or may_approve(user, update)
            status = ProgressUpdate.Status.APPROVED if approve else ProgressUpdate.Status.SUBMITTED
            update.indicators = [ProgressIndicator(**ind) for ind in row.indicators]
            if not fresh and _state(update) == before and update.status == status:
                result.unchanged += 1
                continue
            if update.status != status:
                update.status = status
                update.submitted_by, update.submitted_at = user, now
                if approve:
                    update.approved_by, update.approved_at = user, now
            try:
                update.save()
                revision = update.save_revision(user=user)
            except ValidationError as exc:
                raise _RowFailed(RowError(row.line, _message(exc))) from exc
            except IntegrityError as exc:
                message = "another update of that initiative and date was saved meanwhile"
                raise _RowFailed(RowError(row.line, message)) from exc
            log(instance=update, action="progress.import", user=user, revision=revision)
            result.created += fresh
            result.updated += not fresh
            result.approved += approve


def _message(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


def _row_state(row: UpdateRow) -> tuple:
    """The row in the form of ``_state``, to compare with what is stored."""
    fields = [row.fields.get(n, "" if n != "completion" else None) for n in UPDATE_FIELDS]
    indicators = tuple(sorted(
        (i["name"], i["unit"], i["baseline"], i["target"], i["year"], i["value"])
        for i in row.indicators
    ))  # fmt: skip
    return (*fields, indicators)


def _state(update: ProgressUpdate) -> tuple:
    indicators = tuple(sorted(
        (i.name, i.unit, i.baseline, i.target, i.year, i.value) for i in update.indicators.all()
    ))  # fmt: skip
    return (*(getattr(update, n) for n in UPDATE_FIELDS), indicators)


def update_rows(updates) -> list[dict]:
    """Updates as rows of the import format: one row per indicator value (at least one)."""
    rows = []
    updates = list(updates)
    items = Initiative.objects.filter(uid__in={u.initiative_uid for u in updates})
    public_ids = {i.uid: i.public_id for i in items}
    for u in updates:
        base = {
            "initiative_id": public_ids.get(u.initiative_uid, str(u.initiative_uid)),
            "date": u.date.isoformat(), "stage": u.stage,
            "completion": "" if u.completion is None else u.completion,
            "narrative": u.narrative, "funding_secured": u.funding_secured,
            "partners_engaged": u.partners_engaged, "source_url": u.source_url,
        }  # fmt: skip
        indicators = list(u.indicators.all())
        if not indicators:
            rows.append({**base, **dict.fromkeys(COLUMNS[8:], "")})
        for n, ind in enumerate(indicators):
            head = base if n == 0 else {**base, **dict.fromkeys(UPDATE_FIELDS, "")}
            rows.append({**head, "indicator": ind.name, "unit": ind.unit,
                         "baseline": _plain(ind.baseline), "target": _plain(ind.target),
                         "year": ind.year, "value": _plain(ind.value)})  # fmt: skip
    return rows


def _plain(number: Decimal | None) -> str:
    if number is None:
        return ""
    return format(number.normalize(), "f")


def render(rows: list[dict], fmt: str, *, columns=COLUMNS, sheet: str = "updates") -> bytes:
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", restval="")
        writer.writeheader()
        writer.writerows(safe_record(r) for r in rows)
        return out.getvalue().encode("utf-8")
    if fmt == "jsonl":
        return "".join(
            json.dumps({c: r.get(c, "") for c in columns}, ensure_ascii=False, default=str) + "\n"
            for r in rows
        ).encode("utf-8")
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        ws = book.active
        ws.title = sheet
        ws.append(columns)
        for row in rows:
            ws.append(safe_row(row.get(c, "") for c in columns))
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    raise ValueError(f"Unknown format “{fmt}”")
