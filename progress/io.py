"""Progress updates in and out as CSV, XLSX or JSONL (docs/import-format.md).

One row per update and indicator value: rows naming the same initiative and date are one
update (its fields given once, on any of its rows), each row may add one indicator value.
A file with any error imports nothing; a re-import of the same file changes nothing.
"""

import csv
import io
import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.db import transaction
from django.db.models import Q

from action_plans.importer import ImportFileError, RowError, _cell, _text
from action_plans.models import Initiative
from core.spreadsheets import safe_record, safe_row
from progress.models import ProgressIndicator, ProgressStage, ProgressUpdate

COLUMNS = ["initiative_id", "date", "stage", "completion", "narrative", "funding_secured",
           "partners_engaged", "source_url", "indicator", "unit", "baseline", "target", "year",
           "value"]  # fmt: skip
UPDATE_FIELDS = ["stage", "completion", "narrative", "funding_secured", "partners_engaged",
                 "source_url"]  # fmt: skip
REQUIRED = ["initiative_id", "date"]
MAX_ROWS = 20_000
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jsonl": "application/x-ndjson; charset=utf-8",
}


@dataclass
class UpdateRow:
    line: int
    initiative_id: str
    date: date
    fields: dict = field(default_factory=dict)
    indicators: list[dict] = field(default_factory=list)


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


def read_records(data: bytes, *, filename: str) -> list[tuple[int, dict[str, str]]]:
    fmt = PurePath(filename).suffix.lower().lstrip(".")
    if fmt not in CONTENT_TYPES:
        raise ImportFileError(f"Unsupported file type “.{fmt}”: use CSV, XLSX or JSONL.")
    if fmt == "xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        except Exception as exc:  # openpyxl raises many types for a broken file
            raise ImportFileError("The file is not a readable XLSX workbook.") from exc
        rows = sheet.iter_rows(values_only=True)
        header = [_text(h) for h in next(rows, [])]
        _check_header(header)
        return [
            (n, {h: _cell(v) for h, v in zip(header, values, strict=False) if h})
            for n, values in enumerate(rows, start=2)
            if any(_text(v) for v in values)
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError("The file is not UTF-8 text.") from exc
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        _check_header(reader.fieldnames or [])
        return [(reader.line_num, {k: _cell(v) for k, v in row.items() if k}) for row in reader]
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportFileError(f"line {number}: not valid JSON ({exc.msg}).") from exc
        if not isinstance(obj, dict):
            raise ImportFileError(f"line {number}: expected a JSON object.")
        records.append((number, {k: _text(v) for k, v in obj.items()}))
    return records


def _check_header(header: list[str]) -> None:
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFileError(f"Missing column(s): {', '.join(missing)}.")


def _number(value: str, name: str, problems: list[str]) -> Decimal | None:
    if not value:
        return None
    try:
        number = Decimal(value.replace(",", ""))
    except InvalidOperation:
        problems.append(f"{name} “{value}” is not a number")
        return None
    if not number.is_finite() or abs(number) >= Decimal("1e15"):
        problems.append(f"{name} “{value}” is out of range")
        return None
    return number


def _parse(line: int, record: dict[str, str]) -> tuple[UpdateRow | None, list[str]]:
    get = lambda key: (record.get(key) or "").strip()  # noqa: E731
    problems = [f"{key} is required" for key in REQUIRED if not get(key)]
    problems += [f"{key} contains a NUL character" for key in COLUMNS if "\x00" in get(key)]
    try:
        day = date.fromisoformat(get("date")) if get("date") else None
    except ValueError:
        problems.append(f"date “{get('date')}” is not a date such as 2025-09-30")
        day = None
    fields = {k: get(k) for k in UPDATE_FIELDS if get(k)}
    if "stage" in fields:
        stage = fields["stage"].lower()
        if stage not in ProgressStage.values:
            problems.append(f"stage “{fields['stage']}” is not one of: "
                            f"{', '.join(ProgressStage.values)}")  # fmt: skip
        fields["stage"] = stage
    if "completion" in fields:
        try:
            fields["completion"] = int(fields["completion"].rstrip("%"))
            if not 0 <= fields["completion"] <= 100:
                raise ValueError
        except ValueError:
            problems.append(f"completion “{get('completion')}” is not a percentage from 0 to 100")
    if len(get("source_url")) > 500 or (get("source_url") and "://" not in get("source_url")):
        problems.append("source_url is not a web address of at most 500 characters")
    indicators = []
    if get("indicator"):
        value = _number(get("value"), "value", problems)
        year = get("year")
        if not year.isdigit() or not 1900 <= int(year) <= 2200:
            problems.append(f"year “{year}” is not a year (an indicator value needs one)")
        if value is None and not get("value"):
            problems.append("an indicator needs a value")
        indicators.append({
            "name": get("indicator")[:200], "unit": get("unit")[:40],
            "baseline": _number(get("baseline"), "baseline", problems),
            "target": _number(get("target"), "target", problems),
            "year": int(year) if year.isdigit() else None, "value": value,
        })  # fmt: skip
    if problems:
        return None, problems
    return UpdateRow(line, get("initiative_id"), day, fields, indicators), []


def parse_rows(records) -> tuple[list[UpdateRow], list[RowError]]:
    """Group rows into updates by (initiative_id, date); every bad row is reported."""
    if len(records) > MAX_ROWS:
        return [], [RowError(0, f"Too many rows ({len(records)}); the limit is {MAX_ROWS}.")]
    if not records:
        return [], [RowError(0, "The file has no rows.")]
    groups: dict[tuple, UpdateRow] = {}
    errors = []
    for line, record in records:
        row, problems = _parse(line, record)
        if row is None:
            errors.append(RowError(line, "; ".join(problems)))
            continue
        key = (row.initiative_id, row.date)
        first = groups.setdefault(key, row)
        if first is row:
            continue
        clash = [k for k, v in row.fields.items() if first.fields.get(k, v) != v]
        if clash:
            errors.append(RowError(line, f"{', '.join(clash)} differ from line {first.line} "
                                         "of the same update"))  # fmt: skip
            continue
        first.fields.update(row.fields)
        first.indicators += row.indicators
    for row in groups.values():
        if "stage" not in row.fields:
            errors.append(RowError(row.line, "stage is required (on one row of the update)"))
    return list(groups.values()), errors


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
    from django.utils import timezone
    from wagtail.log_actions import log

    from progress.forms import writable_initiatives
    from progress.permissions import may_approve, may_write
    from progress.services import attach_initiative

    result = ImportResult(errors=list(errors))
    allowed = Initiative.objects.all() if user is None else writable_initiatives(user)
    plan = []
    for row in rows:
        item = _find(row.initiative_id, allowed)
        if item is None:
            result.errors.append(RowError(row.line, f"initiative “{row.initiative_id}” is not "
                                          "one you may report on"))  # fmt: skip
            continue
        update = ProgressUpdate.objects.filter(initiative_uid=item.uid, date=row.date).first()
        if update and user is not None and not may_write(user, update):
            result.errors.append(RowError(row.line, "the update of that day is approved; "
                                          "only a coordinator may change it"))  # fmt: skip
            continue
        plan.append((row, item, update))
    if result.errors:
        result.errors.sort(key=lambda e: e.line)
        return result
    now = timezone.now()
    with transaction.atomic():
        for n, (row, item, update) in enumerate(plan):
            fresh = update is None
            update = update or ProgressUpdate(date=row.date)
            plan[n] = (row, item, update)
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
            update.save()
            revision = update.save_revision(user=user)
            log(instance=update, action="progress.import", user=user, revision=revision)
            result.created += fresh
            result.updated += not fresh
            result.approved += approve
    result.written = [u for _, _, u in plan]
    return result


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
