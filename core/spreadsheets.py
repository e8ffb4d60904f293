"""The one rule for text a spreadsheet program opens (OWASP "CSV injection").

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel, LibreOffice and Google Sheets: an imported title ``=HYPERLINK(...)`` would be a
live link in every coordinator's export. Such text is written with a leading apostrophe, the
quote spreadsheet programs themselves use for "this is text"; the importers drop it again, so an
export still imports back to the same plan. Numbers, and text that is just a number (``-12.5``),
stay as they are.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """The value as it may go into a CSV or XLSX cell: formula-looking text quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


def safe_record(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: safe_cell(value) for key, value in row.items()}


def unquote_cell(text: str) -> str:
    """Read back what ``safe_cell`` wrote: ``'=x`` is the text ``=x``; other text is left."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text
