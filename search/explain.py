"""Reasons in the words of the texts: the phrases both texts share as each writes them, the
solution types both name (in each text's language) and a one-line summary."""

from action_plans import solutions
from search.analysis import detect_language, words_with_stems
from search.pair_model import SAME_APPROACH, TIER_LABELS, likelihood_words

MAX_PHRASES = 6


def shared_phrases(text: str, shared_terms: list[str]) -> list[str]:
    """Runs of consecutive words of ``text`` whose stems both texts share, as written: longest
    (most telling) first; single words only when they are among the rarest shared terms."""
    stems = {t for term in shared_terms if term.isascii() for t in term.split("_")}
    pairs = {tuple(t.split("_")) for t in shared_terms if "_" in t}
    spans: list[tuple[int, int]] = []
    start = end = None
    previous = None
    for _, stem, left, right in words_with_stems(text):
        joined = (
            start is not None
            and (previous, stem) in pairs
            and text[end:left].strip(" -") == ""  # only a space or a hyphen between
        )
        if stem is not None and stem in stems and joined:
            end = right
        else:
            if start is not None:
                spans.append((start, end))
            start, end = (left, right) if stem is not None and stem in stems else (None, None)
        previous = stem
    if start is not None:
        spans.append((start, end))
    phrases = [text[a:b] for a, b in spans]
    rare = [t for t in shared_terms if "_" not in t and t.isascii()][:4]
    keep = [p for p in phrases if " " in p or "-" in p or _stem_of(p) in rare]
    # Characters of Chinese, Japanese, Korean and Thai are shared as written.
    keep += [t for t in shared_terms if not t.isascii() and t in text]
    seen, out = set(), []
    for phrase in sorted(keep, key=lambda p: (-len(p.split()), -len(p))):
        key = phrase.lower()
        if key not in seen and not any(key in s for s in seen):
            seen.add(key)
            out.append(phrase)
    return out[:MAX_PHRASES]


def _stem_of(word: str) -> str | None:
    found = words_with_stems(word)
    return found[0][1] if found else None


def summary(tier: str, solution_names: list[str]) -> str:
    """One line on what both do, where the signals allow it."""
    if not solution_names:
        return ""
    listed = " and ".join(solution_names[:2])
    if tier == SAME_APPROACH:
        return f"Both cities work with {listed}."
    return f"Both cities address what {listed} address, by their own means."


def readable_reasons(reasons: dict, text_a: str, text_b: str) -> dict:
    """``reasons`` of a match, with what a person reads: phrases, solutions and a summary."""
    lang_a, lang_b = detect_language(text_a), detect_language(text_b)
    slugs = reasons.get("shared_solutions", [])
    names = [solutions.label(s) for s in slugs]
    tier = reasons.get("tier", "")
    likelihood = reasons.get("p_same_approach" if tier == SAME_APPROACH else "p_same_challenge", 0)
    return {
        **reasons,
        "tier_label": TIER_LABELS.get(tier, ""),
        "likelihood_label": likelihood_words(likelihood) if tier else "",
        "phrases_a": shared_phrases(text_a, reasons.get("shared_terms", [])),
        "phrases_b": shared_phrases(text_b, reasons.get("shared_terms", [])),
        "solutions": [
            {"slug": s, "name": n, "a": solutions.label(s, lang_a), "b": solutions.label(s, lang_b)}
            for s, n in zip(slugs, names, strict=True)
        ],
        "languages": [lang_a, lang_b],
        "summary": summary(tier, names),
    }
