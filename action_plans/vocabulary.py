"""Controlled vocabularies of the domain: focus areas, SDGs, horizons, stages, currencies."""

from decimal import Decimal

import pycountry
from django.db import models


class FocusArea(models.TextChoices):
    """ASCN's six focus areas."""

    CIVIC = "civic", "Civic and social"
    HEALTH = "health", "Health and well-being"
    SAFETY = "safety", "Safety and security"
    ENVIRONMENT = "environment", "Quality environment"
    INFRASTRUCTURE = "infrastructure", "Built infrastructure"
    INDUSTRY = "industry", "Industry and innovation"


# How sources spell the focus areas; keys are compared lower-cased with "&" read as "and".
FOCUS_AREA_ALIASES = {
    "civic and social": FocusArea.CIVIC,
    "health and well-being": FocusArea.HEALTH,
    "health and wellbeing": FocusArea.HEALTH,
    "safety and security": FocusArea.SAFETY,
    "quality environment": FocusArea.ENVIRONMENT,
    "built infrastructure": FocusArea.INFRASTRUCTURE,
    "industry and innovation": FocusArea.INDUSTRY,
}


def parse_focus_area(value: str) -> str | None:
    """Map a code, label or source spelling onto a focus-area code, or None."""
    key = " ".join(value.strip().lower().replace("&", "and").split())
    if key in FocusArea.values:
        return key
    for choice in FocusArea:
        if key == choice.label.lower():
            return choice.value
    found = FOCUS_AREA_ALIASES.get(key)
    return found.value if found else None


SDG_CHOICES = [
    (1, "1 No poverty"),
    (2, "2 Zero hunger"),
    (3, "3 Good health and well-being"),
    (4, "4 Quality education"),
    (5, "5 Gender equality"),
    (6, "6 Clean water and sanitation"),
    (7, "7 Affordable and clean energy"),
    (8, "8 Decent work and economic growth"),
    (9, "9 Industry, innovation and infrastructure"),
    (10, "10 Reduced inequalities"),
    (11, "11 Sustainable cities and communities"),
    (12, "12 Responsible consumption and production"),
    (13, "13 Climate action"),
    (14, "14 Life below water"),
    (15, "15 Life on land"),
    (16, "16 Peace, justice and strong institutions"),
    (17, "17 Partnerships for the goals"),
]


class Horizon(models.TextChoices):
    SHORT = "short", "Short term"
    MEDIUM = "medium", "Medium term"
    LONG = "long", "Long term"


class Stage(models.TextChoices):
    IDEA = "idea", "Idea"
    PLANNING = "planning", "Planning"
    FUNDED = "funded", "Funded"
    IMPLEMENTING = "implementing", "Implementing"
    DONE = "done", "Done"


CURRENCY_CODES = frozenset(c.alpha_3 for c in pycountry.currencies)


def parse_choice(choices: type[models.TextChoices], value: str) -> str | None:
    """Accept a code or a label, case-insensitively."""
    key = value.strip().lower()
    for choice in choices:
        if key in (choice.value, choice.label.lower()):
            return choice.value
    return None


# Budgets: at most 10^15 (a plausible national budget in any currency, rupiah and won included)
# with two decimals. The column holds 18 digits, so any accepted amount fits on PostgreSQL, and
# SQLite's floating-point storage (15 significant digits) rounds within it.
BUDGET_MAX_DIGITS = 18
BUDGET_DECIMAL_PLACES = 2
BUDGET_MAX = 10**15


def budget_problem(value) -> str | None:
    """Why a budget amount (a Decimal) cannot be stored, or None when it can."""
    if not value.is_finite() or value < 0:
        return "budget must be a number not below 0"
    # A figure of any length is shown short: the message must not echo a million digits.
    shown = f"{value:,f}" if -30 < value.adjusted() < 30 else f"{value:.3e}"
    if value > BUDGET_MAX:
        return f"budget {shown} is above the maximum of {BUDGET_MAX:,}"
    if value % Decimal(1).scaleb(-BUDGET_DECIMAL_PLACES):
        return f"budget {shown} has more than {BUDGET_DECIMAL_PLACES} decimals"
    return None
