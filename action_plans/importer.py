"""Reading and validating plan files (CSV, XLSX, JSONL) before anything is written.

A file is parsed into ``PlanRow`` objects; every bad row is reported with its line number and
reason, and a file with any error imports nothing (``services.import_plans`` checks that).
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from action_plans.vocabulary import (
    CURRENCY_CODES,
    FocusArea,
    Horizon,
    Stage,
    budget_problem,
    parse_choice,
    parse_focus_area,
)
from core.spreadsheets import unquote_cell

COLUMNS = [
    "network",
    "city",
    "country",
    "plan_title",
    "period_start",
    "period_end",
    "initiative_id",
    "title",
    "description",
    "focus_areas",
    "sdgs",
    "horizon",
    "stage",
    "budget",
    "currency",
    "partners_sought",
]
REQUIRED = ["network", "city", "country", "plan_title", "period_start", "period_end", "title"]
FORMATS = ("csv", "xlsx", "jsonl")
MAX_ROWS = 20_000  # rows of one file (an XLSX's blank rows included)
BACKGROUND_ROWS = 500  # a file with more rows is imported by a task, with progress shown
MAX_FIELD = 131_072  # characters of one field
MAX_COLUMNS = 64  # an XLSX's columns after the 64th are not read
MAX_XLSX_UNPACKED = 64 * 2**20  # bytes of XML an XLSX may unpack to: refuses zip bombs


class ImportFileError(ValueError):
    """The file as a whole cannot be read (format, encoding, header)."""


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class PlanRow:
    line: int
    network: str
    city: str
    country: str
    plan_title: str
    period_start: int
    period_end: int
    initiative_id: str
    title: str
    description: str = ""
    focus_areas: list[str] = field(default_factory=list)
    sdgs: list[int] = field(default_factory=list)
    horizon: str = ""
    stage: str = Stage.PLANNING
    budget: Decimal | None = None
    currency: str = ""
    partners_sought: str = ""


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value).strip()


def _cell(value) -> str:
    """A CSV or XLSX cell's text, without the quote our exports put before a formula."""
    return unquote_cell(_text(value))


def read_records(
    data: bytes, *, filename: str, enough: int | None = None
) -> list[tuple[int, dict[str, str]]]:
    """Parse a file's bytes into (line number, column → text) pairs, at most ``MAX_ROWS``.

    With ``enough``, reading stops after that many records: the caller only wants to know
    whether the file is larger (an XLSX of 20,000 rows takes a minute to read)."""
    fmt = PurePath(filename).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ImportFileError(f"Unsupported file type “.{fmt}”: use CSV, XLSX or JSONL.")
    if fmt == "xlsx":
        return _read_xlsx(data, enough)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError("The file is not UTF-8 text.") from exc
    return _read_csv(text, enough) if fmt == "csv" else _read_jsonl(text, enough)


def _too_many() -> ImportFileError:
    return ImportFileError(
        f"The file has more than {MAX_ROWS:,} rows, the most one import takes; split it."
    )


def _read_csv(text: str, enough: int | None) -> list[tuple[int, dict[str, str]]]:
    # csv's own limit (131,072) would raise mid-file; a long field is reported by its row.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    records = []
    try:
        _check_header(reader.fieldnames or [])
        for row in reader:
            if len(records) == enough:
                break
            if len(records) == MAX_ROWS:
                raise _too_many()
            records.append((reader.line_num, {k: _cell(v) for k, v in row.items() if k}))
    except csv.Error as exc:
        raise ImportFileError(f"line {reader.line_num}: not valid CSV ({exc}).") from exc
    return records


def _read_jsonl(text: str, enough: int | None) -> list[tuple[int, dict[str, str]]]:
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(records) == enough:
            break
        if len(records) == MAX_ROWS:
            raise _too_many()
        try:
            obj = json.loads(line)
        except RecursionError as exc:
            raise ImportFileError(f"line {number}: the JSON is nested too deeply.") from exc
        except ValueError as exc:  # JSONDecodeError, or a number of more than 4,300 digits
            reason = getattr(exc, "msg", "a number is too long")
            raise ImportFileError(f"line {number}: not valid JSON ({reason}).") from exc
        if not isinstance(obj, dict):
            raise ImportFileError(f"line {number}: expected a JSON object.")
        for key, value in obj.items():
            items = value if isinstance(value, list) else [value]
            if any(isinstance(v, dict | list) for v in items):
                raise ImportFileError(
                    f"line {number}: “{key[:40]}” must be text, a number or a list of them."
                )
        records.append((number, {k: _text(v) for k, v in obj.items()}))
    return records


def _xlsx_archive(data: bytes) -> zipfile.ZipFile:
    """The workbook's zip, refused when it unpacks to more than ``MAX_XLSX_UNPACKED``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ImportFileError("The file is not a readable XLSX workbook.") from exc
    if unpacked > MAX_XLSX_UNPACKED:
        raise ImportFileError(
            f"The workbook unpacks to {unpacked / 2**20:,.0f} MB, more than the "
            f"{MAX_XLSX_UNPACKED // 2**20} MB an import takes; split it."
        )
    return archive


def xlsx_row_count(data: bytes) -> int:
    """The rows of a workbook's sheets (header and blank rows included), counted in the
    unpacked XML without parsing it: about a second for 64 MB. openpyxl parses a whole sheet
    for its size when the file does not state it, before the first row is read."""
    total = 0
    archive = _xlsx_archive(data)
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        with archive.open(info) as fh:
            tail = b""
            while chunk := fh.read(1 << 20):
                block = tail + chunk
                total += block.count(b"<row ") + block.count(b"<row>")
                tail = block[-4:]  # shorter than a match: none is counted twice
    return total


def row_count_at_least(data: bytes, *, filename: str, rows: int) -> bool:
    """Whether the file has more than ``rows`` rows, reading no more of it than needed."""
    if PurePath(filename).suffix.lower() == ".xlsx":
        return xlsx_row_count(data) - 1 > rows
    return len(read_records(data, filename=filename, enough=rows + 1)) > rows


def _read_xlsx(data: bytes, enough: int | None) -> list[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    if xlsx_row_count(data) > MAX_ROWS + 1:  # the header row and blank rows count
        raise _too_many()
    try:
        # read_only streams the sheet's XML row by row instead of building every cell.
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        header = [_text(h) for h in next(rows, [])]
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise ImportFileError("The file is not a readable XLSX workbook.") from exc
    _check_header(header)
    records = []
    for number, values in enumerate(rows, start=2):
        if len(records) == enough:
            break
        if number > MAX_ROWS + 1:  # blank rows count: each one costs reading too
            raise _too_many()
        if all(v is None or _text(v) == "" for v in values):
            continue
        records.append((number, {h: _cell(v) for h, v in zip(header, values, strict=False) if h}))
    return records


def _check_header(header: list[str]) -> None:
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFileError(f"Missing column(s): {', '.join(missing)}.")


def parse_rows(
    records: list[tuple[int, dict[str, str]]], *, network: str | None = None
) -> tuple[list[PlanRow], list[RowError]]:
    """Validate records; return the good rows and an error for every bad one."""
    rows: list[PlanRow] = []
    errors: list[RowError] = []
    if len(records) > MAX_ROWS:
        return [], [RowError(0, f"Too many rows ({len(records)}); the limit is {MAX_ROWS}.")]
    seen_ids: dict[str, int] = {}
    for line, record in records:
        row, problems = _parse_row(line, record, network=network)
        if row and row.initiative_id:
            if row.initiative_id in seen_ids:
                first = seen_ids[row.initiative_id]
                problems.append(f"initiative_id “{row.initiative_id}” repeats line {first}")
            seen_ids.setdefault(row.initiative_id, line)
        if problems:
            errors.append(RowError(line, "; ".join(problems)))
        elif row:
            rows.append(row)
    if not records:
        errors.append(RowError(0, "The file has no rows."))
    return rows, errors


def _parse_row(
    line: int, record: dict[str, str], *, network: str | None
) -> tuple[PlanRow | None, list[str]]:
    get = lambda key: (record.get(key) or "").strip()  # noqa: E731
    problems = [f"{key} is required" for key in REQUIRED if not get(key)]
    problems += [f"{key} contains a NUL character" for key in COLUMNS if "\x00" in get(key)]
    problems += [
        f"{key} is longer than {MAX_FIELD:,} characters"
        for key in COLUMNS
        if len(get(key)) > MAX_FIELD
    ]
    if network and get("network") and get("network").lower() != network.lower():
        problems.append(f"network “{get('network')}” is not {network}")
    years = {}
    for key in ("period_start", "period_end"):
        try:
            years[key] = int(get(key)) if get(key) else 0
            if get(key) and not 1900 <= years[key] <= 2200:
                problems.append(f"{key} {years[key]} is not a plausible year")
        except ValueError:
            problems.append(f"{key} “{get(key)}” is not a year")
    if years.get("period_start") and years.get("period_end"):
        if years["period_end"] < years["period_start"]:
            problems.append("period_end is before period_start")
    focus = []
    for value in _split(get("focus_areas")):
        code = parse_focus_area(value)
        if code:
            focus.append(code)
        else:
            problems.append(f"focus area “{value}” is not one of: {', '.join(FocusArea.labels)}")
    sdgs = []
    for value in _split(get("sdgs")):
        try:
            number = int(value.upper().removeprefix("SDG").strip())
        except ValueError:
            number = 0
        if 1 <= number <= 17:
            sdgs.append(number)
        else:
            problems.append(f"SDG “{value}” is not a number from 1 to 17")
    horizon = parse_choice(Horizon, get("horizon")) if get("horizon") else ""
    if horizon is None:
        problems.append(f"horizon “{get('horizon')}” is not one of: {', '.join(Horizon.values)}")
    stage = parse_choice(Stage, get("stage")) if get("stage") else Stage.PLANNING
    if stage is None:
        problems.append(f"stage “{get('stage')}” is not one of: {', '.join(Stage.values)}")
    budget = None
    if get("budget"):
        try:
            budget = Decimal(get("budget").replace(",", ""))
            if problem := budget_problem(budget):
                problems.append(problem)
        except InvalidOperation:
            problems.append(f"budget “{get('budget')[:40]}” is not a number")
    currency = get("currency").upper()
    if currency and currency not in CURRENCY_CODES:
        problems.append(f"currency “{currency}” is not an ISO 4217 code")
    if budget is not None and not currency:
        problems.append("a budget needs a currency")
    if len(get("title")) > 255:
        problems.append("title is longer than 255 characters")
    if len(get("initiative_id")) > 120:
        problems.append("initiative_id is longer than 120 characters")
    if problems:
        return None, problems
    row = PlanRow(
        line=line,
        network=get("network") or (network or ""),
        city=get("city"),
        country=get("country"),
        plan_title=get("plan_title")[:255],
        period_start=years["period_start"],
        period_end=years["period_end"],
        initiative_id=get("initiative_id"),
        title=get("title"),
        description=get("description"),
        focus_areas=sorted(set(focus)),
        sdgs=sorted(set(sdgs)),
        horizon=horizon or "",
        stage=stage,
        budget=budget,
        currency=currency,
        partners_sought=get("partners_sought"),
    )
    return row, []
