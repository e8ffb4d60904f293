"""Reading an update file into checked rows (docs/import-format.md): every bad row is
reported with its line number, before anything is written (progress.io writes)."""

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from action_plans.importer import ImportFileError, RowError, _cell, _text
from progress.models import ProgressStage

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
            (n, {h: _xlsx_cell(v) for h, v in zip(header, values, strict=False) if h})
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


def _xlsx_cell(value) -> str:
    """A date cell is a date: Excel hands it over as a datetime at midnight."""
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return _cell(value)


def _day(text: str) -> date:
    """2025-09-30, or a midnight timestamp as other tools write a date (2025-09-30 00:00:00)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo or moment.time() != datetime.min.time():
            raise
        return moment.date()


def _web_address(url: str) -> bool:
    try:
        URLValidator()(url)
    except ValidationError:
        return False
    return len(url) <= 500


def _completed_problems(fields: dict) -> list[str]:
    """The model's rule, checked before anything is written: completed means 100%."""
    if fields.get("stage") == "completed" and fields.get("completion") not in (None, 100):
        return [f"completion {fields['completion']}% with stage completed: a completed "
                "initiative is 100% complete"]  # fmt: skip
    return []


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
        day = _day(get("date")) if get("date") else None
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
    if not isinstance(fields.get("completion"), str):  # a percentage, or not given
        problems += _completed_problems(fields)
    if get("source_url") and not _web_address(get("source_url")):
        problems.append("source_url is not a web address (http or https) of at most 500 "
                        "characters")  # fmt: skip
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
        # Stage and completion given on different rows of the update.
        errors += [RowError(row.line, p) for p in _completed_problems(row.fields)]
    return list(groups.values()), errors
