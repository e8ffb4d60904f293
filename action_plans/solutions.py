"""Kinds of smart-city solution, named in the networks' languages, and the tagger that finds
them in an initiative's text.

The list follows public taxonomies: ASCN's six focus areas, the indicators of ISO 37122 (smart
cities) and the solution catalogues of national programmes (Korea's smart-city solutions, Japan's
smart-city reference architecture, China's "smart city" evaluation indicators, Thailand's DEPA
smart-city domains, Indonesia's "Gerakan Menuju 100 Smart City"). A shared solution type is a
signal of the pair model and a reason a person can read in both texts' languages, so a type names
means (adaptive signals, parking guidance), never only the problem they address (congestion):
the tables are in ``solution_kinds`` and ``solution_kinds_civic``.

Matching is on words as written: Latin-script patterns are regular expressions on the lower-cased
text with accents kept and removed (Vietnamese is written both ways), a few acronyms are matched
as written ("ITS", not the word "its"), Chinese, Japanese, Korean and Thai names are substrings.
"""

import re
import unicodedata
from functools import lru_cache

from action_plans.solution_kinds import MOBILITY_AND_ENVIRONMENT, SolutionType
from action_plans.solution_kinds_civic import SAFETY_AND_CIVIC

SOLUTION_TYPES: tuple[SolutionType, ...] = (
    SAFETY_AND_CIVIC[:4] + MOBILITY_AND_ENVIRONMENT + SAFETY_AND_CIVIC[4:]
)

BY_SLUG = {t.slug: t for t in SOLUTION_TYPES}


def _fold(text: str) -> str:
    """Lower-case without accents: Vietnamese is written with and without them."""
    text = unicodedata.normalize("NFKD", text.lower()).replace("đ", "d")
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[SolutionType, re.Pattern | None, re.Pattern | None]]:
    def one(patterns: tuple[str, ...]) -> re.Pattern | None:
        return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None

    return [(t, one(t.patterns), one(t.cased)) for t in SOLUTION_TYPES]


@lru_cache(maxsize=1)
def _names() -> dict[str, tuple[str, ...]]:
    # Latin names ("EV", "CCTV") are matched by the patterns, on word boundaries. Korean puts
    # spaces inside compounds or not ("조기경보", "조기 경보"): names are matched without spaces.
    # Both spellings stand in the tables in places; unspaced they are one name, checked once.
    return {
        t.slug: tuple(dict.fromkeys(_unspaced(n) for n in t.names if not n.isascii()))
        for t in SOLUTION_TYPES
    }


def _unspaced(text: str) -> str:
    return re.sub(r"\s+", "", text)


def tag(text: str) -> list[str]:
    """The slugs of the solution types the text names, in the vocabulary's order."""
    text = unicodedata.normalize("NFKC", text or "")
    folded = _fold(text)
    unspaced = _unspaced(text)
    found = []
    for solution, pattern, cased in _compiled():
        if (
            (pattern is not None and pattern.search(folded))
            or (cased is not None and cased.search(text))
            or any(n in unspaced for n in _names()[solution.slug])
        ):
            found.append(solution.slug)
    return found


def label(slug: str, language: str = "en") -> str:
    """The type's name in ``language`` (English when the vocabulary has no local name)."""
    solution = BY_SLUG.get(slug)
    if solution is None:
        return slug
    return solution.local.get(language, solution.name)


def choices() -> list[tuple[str, str]]:
    return [(t.slug, t.name) for t in SOLUTION_TYPES]
