"""Language-aware text analysis, done in Python so that both engines index the same terms.

The project's Elasticsearch test node lacks the ``analysis-common`` module (no stemmers, no
``cjk`` analyser), so terms are produced here and indexed with the core ``whitespace`` analyser;
a full production cluster then behaves exactly like the test node.

- Latin script: lower-cased words without stop words, Snowball-stemmed (English by default;
  Indonesian/Malay when the text looks like it), plus stem bigrams ("flood_warn") for phrases.
- Chinese, Japanese, Korean and Thai: overlapping character bigrams of each run of that script.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

STOP_WORDS = frozenset(
    """a about above after again all also an and any are as at be been before being below
    between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just may me might more
    most must my no nor not now of off on once only or other our ours out over own per same she
    should so some such than that the their theirs them then there these they this those through
    to too under until up upon very via was we were what when where which while who whom why will
    with within would you your yang dan di ke dari untuk dengan pada ini itu atau dalam oleh
    city cities citys smart project projects programme program initiative initiatives""".split()
)
# Words that mark Indonesian or Malay text, for choosing the stemmer.
MALAY_MARKERS = frozenset("yang dan untuk dengan pada ini itu dalam oleh sistem pintar".split())

# Letters only Vietnamese uses among the Latin-script languages of the networks.
VIETNAMESE_LETTERS = frozenset("đươăạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
WORD = re.compile(r"[^\W_]+", re.UNICODE)
CJK_RANGES = (
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),  # CJK ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0x0E00, 0x0E7F),  # Thai
)


def _is_bigram_script(char: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in CJK_RANGES)


@lru_cache(maxsize=4)
def _stemmer(language: str):
    return snowballstemmer.stemmer(language)


def detect_language(text: str) -> str:
    """A coarse language guess, enough to pick analysis and an embedding centroid."""
    counts = {"zh": 0, "ja": 0, "ko": 0, "th": 0, "latin": 0}
    for char in text:
        code = ord(char)
        if 0x3040 <= code <= 0x30FF:
            counts["ja"] += 1
        elif 0xAC00 <= code <= 0xD7AF:
            counts["ko"] += 1
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
            counts["zh"] += 1
        elif 0x0E00 <= code <= 0x0E7F:
            counts["th"] += 1
        elif char.isalpha():
            counts["latin"] += 1
    if counts["ja"] and counts["ja"] + counts["zh"] >= counts["latin"]:
        return "ja"
    best = max(counts, key=counts.get)
    if best != "latin" and counts[best] >= counts["latin"]:
        return best
    lowered = text.lower()
    if sum(c in VIETNAMESE_LETTERS for c in lowered) >= 3:
        return "vi"
    words = set(lowered.split())
    return "id" if len(words & MALAY_MARKERS) >= 2 else "en"


def _latin_words(text: str, language: str) -> list[str]:
    stemmer = _stemmer("indonesian" if language == "id" else "english")
    words = []
    for word in WORD.findall(text.lower()):
        if any(_is_bigram_script(c) for c in word):
            continue
        word = unicodedata.normalize("NFKD", word)
        word = "".join(c for c in word if not unicodedata.combining(c))
        if len(word) < 2 or word in STOP_WORDS or word.isdigit():
            continue
        words.append(stemmer.stemWord(word))
    return words


def _bigram_terms(text: str) -> list[str]:
    terms = []
    for run in re.findall(
        r"[\u0E00-\u0E7F\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF]+", text
    ):
        if len(run) == 1:
            terms.append(run)
        terms.extend(run[i : i + 2] for i in range(len(run) - 1))
    return terms


def analyse(text: str, language: str | None = None) -> list[str]:
    """The index terms of a text: stems, stem bigrams and CJK/Thai character bigrams."""
    text = unicodedata.normalize("NFKC", text or "")
    language = language or detect_language(text)
    words = _latin_words(text, language)
    phrases = [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False) if a != b]
    return words + phrases + _bigram_terms(text)


def surface_forms(text: str, terms: set[str]) -> list[str]:
    """The words of ``text`` whose stems are among ``terms``, for highlighting."""
    language = detect_language(text)
    stemmer = _stemmer("indonesian" if language == "id" else "english")
    found = []
    for word in WORD.findall(text):
        lowered = word.lower()
        if lowered in STOP_WORDS:
            continue
        if stemmer.stemWord(lowered) in terms and word not in found:
            found.append(word)
    return found


def words_with_stems(text: str) -> list[tuple[str, str | None, int, int]]:
    """Each Latin-script word of ``text`` as written, with its stem (None for a stop word) and
    where it stands in ``text``."""
    text = text or ""
    language = detect_language(text)
    stemmer = _stemmer("indonesian" if language == "id" else "english")
    found = []
    for match in WORD.finditer(text):
        word = match.group(0)
        if any(_is_bigram_script(c) for c in word):
            continue
        lowered = unicodedata.normalize("NFKC", word).lower()
        folded = "".join(
            c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c)
        )
        stem = None
        if len(folded) >= 2 and folded not in STOP_WORDS and not folded.isdigit():
            stem = stemmer.stemWord(folded)
        found.append((word, stem, match.start(), match.end()))
    return found
