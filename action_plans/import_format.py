"""The import format for people: each column's meaning and an example, served in the admin as
a page and as downloadable CSV and XLSX templates (docs/import-format.md says the same)."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from action_plans.importer import COLUMNS, REQUIRED
from core.spreadsheets import safe_record, safe_row

MEANINGS = {
    "network": "The network's short name or slug, e.g. ASCN or ascn.",
    "city": "An existing member city; a coordinator's import may add a new one.",
    "country": "The city's country.",
    "plan_title": "The plan's title; the city's name is added in front when it is missing.",
    "period_start": "The year the plan starts.",
    "period_end": "The year the plan ends.",
    "initiative_id": "Your own id for the initiative: importing again updates it.",
    "title": "The initiative's title, at most 255 characters.",
    "description": "What the initiative does, in any language.",
    "focus_areas": "Separated by ';': Civic and social; Health and well-being; Safety and "
    "security; Quality environment; Built infrastructure; Industry and innovation.",
    "sdgs": "Sustainable Development Goals, numbers 1 to 17 separated by ';'.",
    "horizon": "short, medium or long.",
    "stage": "idea, planning (the default), funded, implementing or done.",
    "budget": "A number not below 0.",
    "currency": "An ISO 4217 code such as USD or THB.",
    "partners_sought": "Who the city looks for, in words.",
}
EXAMPLES = [
    {"network": "ASCN", "city": "Da Nang", "country": "Viet Nam", "plan_title": "Digital Plan",
     "period_start": "2026", "period_end": "2030", "initiative_id": "dn-001",
     "title": "Flood early-warning sensors", "description": "Water-level sensors on the Han "
     "river warn residents by SMS.", "focus_areas": "Safety and security; Quality environment",
     "sdgs": "11; 13", "horizon": "short", "stage": "planning", "budget": "250000",
     "currency": "USD", "partners_sought": "Cities running river sensor networks"},
    {"network": "ASCN", "city": "Da Nang", "country": "Viet Nam", "plan_title": "Digital Plan",
     "period_start": "2026", "period_end": "2030", "initiative_id": "dn-002",
     "title": "Open data portal", "description": "", "focus_areas": "Civic and social",
     "sdgs": "16", "horizon": "medium", "stage": "idea", "budget": "", "currency": "",
     "partners_sought": ""},
]  # fmt: skip


def rows() -> list[dict]:
    """The format, one row per column."""
    return [{"column": c, "required": c in REQUIRED, "meaning": MEANINGS.get(c, ""),
             "example": EXAMPLES[0].get(c, "")} for c in COLUMNS]  # fmt: skip


def template_csv() -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(safe_record(r) for r in EXAMPLES)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Plans"
    sheet.append(COLUMNS)
    for example in EXAMPLES:
        sheet.append(safe_row(example.get(c, "") for c in COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    help_sheet = book.create_sheet("Format")
    help_sheet.append(["column", "required", "meaning"])
    for row in rows():
        help_sheet.append(
            safe_row([row["column"], "yes" if row["required"] else "no", row["meaning"]])
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
