"""The city × city matrix as shown: readable colour steps (WCAG AA text on each), the order
the visitor chose, and the ranked list of city pairs that replaces the matrix on a phone."""

import math

# Five steps of blue; the CSS gives each a text colour of at least 4.5:1 contrast.
STEPS = 5
ORDERS = {"name": "A to Z", "count": "Most overlaps first"}


def step(level: float) -> int:
    """1 (few) to 5 (the most) for a cell with overlaps."""
    return max(1, min(STEPS, math.ceil(level * STEPS)))


def arranged(matrix: dict, *, order: str = "name") -> dict:
    """A copy of ``insights.matrix()``'s result in ``order`` ("name" or "count": the cities
    with the most overlaps first), each cell with its colour step, plus the ranked pairs."""
    totals = {t["city"].pk: t["count"] for t in matrix.get("totals", [])}
    if order == "count":
        key = lambda city: (-totals.get(city.pk, 0), city.name)  # noqa: E731
    else:
        key = lambda city: city.name  # noqa: E731
    cities = sorted(matrix.get("cities", []), key=key)
    position = {c.pk: i for i, c in enumerate(cities)}
    rows = []
    for row in sorted(matrix.get("rows", []), key=lambda r: key(r["city"])):
        cells = sorted(row["cells"], key=lambda cell: position[cell["city"].pk])
        cells = [{**cell, "step": step(cell["level"]) if cell["count"] else 0} for cell in cells]
        rows.append({"city": row["city"], "total": totals.get(row["city"].pk, 0), "cells": cells})
    ranked = []
    for row in rows:
        for cell in row["cells"]:
            if cell["count"] and row["city"].name < cell["city"].name:
                ranked.append({"a": row["city"], "b": cell["city"], "count": cell["count"],
                               "step": cell["step"]})  # fmt: skip
    ranked.sort(key=lambda r: (-r["count"], r["a"].name, r["b"].name))
    return {**matrix, "cities": cities, "rows": rows, "ranked": ranked, "order": order,
            "orders": ORDERS}  # fmt: skip
