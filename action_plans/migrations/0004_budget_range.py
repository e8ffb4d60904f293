"""Budgets get a stated range (0 to 10^15, two decimals) in an 18-digit column.

SQLite accepted any figure under the old 16-digit column, and a figure it cannot convert back
(150 trillion, 1e20) broke every page that loaded it. Before widening the column, such a figure
is moved out of the budget into the initiative's description, in the row and in every revision,
so nothing is lost and nothing stored can break a page again.
"""

from decimal import Decimal, InvalidOperation

import django.core.validators
from django.db import migrations, models

MAX = Decimal(10**15)


def _out_of_range(value) -> bool:
    if value in (None, ""):
        return False
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return True
    return not number.is_finite() or number < 0 or number > MAX


def _note(description: str, value, currency: str) -> str:
    note = (
        f"(Budget as first entered: {value} {currency}. It is outside the portal's range of "
        "0 to 1,000,000,000,000,000 and was taken out of the budget field.)"
    ).replace("  ", " ")
    return f"{description}\n\n{note}".strip()


def move_out_of_range_budgets(apps, schema_editor):
    connection = schema_editor.connection
    table = "action_plans_initiative"
    with connection.cursor() as cursor:
        # Read the raw column: the ORM's decimal converter is what fails on these values.
        cursor.execute(f"SELECT id, CAST(budget AS TEXT), currency, description FROM {table} "
                       "WHERE budget IS NOT NULL")  # fmt: skip
        bad = [row for row in cursor.fetchall() if _out_of_range(row[1])]
        for pk, value, currency, description in bad:
            cursor.execute(
                f"UPDATE {table} SET budget = NULL, description = %s WHERE id = %s",
                [_note(description, value, currency), pk],
            )
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    plan_type = ContentType.objects.filter(app_label="action_plans", model="actionplanpage")
    for revision in Revision.objects.filter(content_type__in=plan_type).iterator():
        changed = False
        for item in revision.content.get("initiatives") or []:
            if isinstance(item, dict) and _out_of_range(item.get("budget")):
                item["description"] = _note(
                    item.get("description") or "", item["budget"], item.get("currency") or ""
                )
                item["budget"] = None
                changed = True
        if changed:
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("action_plans", "0003_initiative_solution_types"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(move_out_of_range_budgets, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="initiative",
            name="budget",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="At most 1,000,000,000,000,000 (10^15), with up to two decimals.",
                max_digits=18,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(1000000000000000),
                ],
            ),
        ),
    ]
