"""Mark the words two texts share, so a reader sees at a glance why they match."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.analysis import surface_forms


def highlight(text: str, shared_terms: list[str]) -> SafeString:
    """``text`` escaped, with the words whose stems are among ``shared_terms`` in <mark>."""
    stems = {t for term in shared_terms for t in term.split("_")}
    words = surface_forms(text, stems)
    # CJK and Thai terms are character bigrams: mark them as they stand in the text.
    words += [t for t in shared_terms if not t.isascii() and t in text]
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    out, last = [], 0
    for found in pattern.finditer(text):
        out.append(escape(text[last : found.start()]))
        out.append(f"<mark>{escape(found.group(0))}</mark>")
        last = found.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))
