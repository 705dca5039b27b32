"""BIL002 source.untranslated: a French word of the source copied into the English.

A word counts when the aligned French sentence has it, it is lower case in the English, and it is
much more frequent in French than in English (`et`, `lui-même`; not `commerce` or `France`).
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.bilingual.pair import Pair
from checker.bilingual.text import WORD
from checker.detectors.frequency import zipf
from checker.findings import Category, Evidence, Finding, Severity

CODE = "BIL002"


def find(pair: Pair) -> Iterator[Finding]:
    french_words = {w.lower() for w in WORD.findall(pair.french)}
    for sentence in pair.sentences:
        english = pair.document.text[sentence.start:sentence.end]
        for match in WORD.finditer(english):
            word = match.group()
            lower = word.lower()
            if lower in french_words and len(lower) >= 2 and is_french(lower) and not word[0].isupper():
                start = sentence.start + match.start()
                yield Finding(CODE, "source.untranslated", Category.UNTRANSLATED, Severity.MAJOR, start,
                              start + len(word), word, f"'{word}' is French, copied from the source untranslated",
                              evidence=(Evidence("source", pair.french, "the aligned French sentence"),),
                              confidence=0.85)


def is_french(word: str) -> bool:
    """Much more frequent in French than in English ('et', 'lui-même'; not 'commerce' or 'France')."""
    return zipf(word, "fr") >= 2.5 and zipf(word, "fr") - zipf(word.replace("’", "'")) >= 1.5
