"""Numbers from query strings and forms: what a user or a crawler may type, read safely."""

import re
from collections.abc import Iterable

# ASCII digits only ("²".isdigit() is true, int("²") fails) and short enough for any id column.
_NUMBER = re.compile(r"[0-9]{1,18}")


def parse_number(value: object) -> int | None:
    """The value as a non-negative integer, or None when it is not one (or absurdly long)."""
    text = str(value) if value is not None else ""
    return int(text) if _NUMBER.fullmatch(text) else None


def parse_numbers(values: Iterable[object]) -> list[int]:
    """The values that are numbers, in their order; the rest are dropped."""
    return [n for n in map(parse_number, values) if n is not None]
