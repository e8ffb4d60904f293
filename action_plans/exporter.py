"""Plans out as CSV or XLSX, in the import format (round-trip safe)."""

import csv
import io

from action_plans.importer import COLUMNS
from action_plans.models import ActionPlanPage
from core.spreadsheets import safe_record, safe_row

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def plan_rows(plans: list[ActionPlanPage]) -> list[dict]:
    rows = []
    for plan in plans:
        network = plan.get_parent().specific
        for item in plan.initiatives.all().order_by("sort_order", "pk"):
            rows.append({
                "network": network.slug, "city": plan.city.name, "country": plan.city.country,
                "plan_title": plan.title, "period_start": plan.period_start,
                "period_end": plan.period_end, "initiative_id": item.public_id,
                "title": item.title, "description": item.description,
                "focus_areas": ";".join(item.focus_areas),
                "sdgs": ";".join(str(n) for n in item.sdgs), "horizon": item.horizon,
                "stage": item.stage, "budget": "" if item.budget is None else str(item.budget),
                "currency": item.currency, "partners_sought": item.partners_sought,
            })  # fmt: skip
    return rows


def render(rows: list[dict], fmt: str) -> bytes:
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(safe_record(r) for r in rows)
        # The BOM tells spreadsheet programs it is UTF-8 (Thai, Korean...), as the other
        # exports do; the importer reads it back.
        return out.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "initiatives"
        sheet.append(COLUMNS)
        for row in rows:
            sheet.append(safe_row(row[c] for c in COLUMNS))
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    raise ValueError(f"Unknown format “{fmt}”")
