"""BIL007 source.length-ratio: an English sentence far shorter or longer than its source.

English/French length of an aligned pair is 0.62-1.24 in the DEMETR dev translations (MT and
human); outside 0.45-1.6, a part of the sentence is most likely lost or added. Sources under 60
characters vary too much to tell.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.bilingual.pair import Pair
from checker.findings import Category, Evidence, Finding, Severity

CODE = "BIL007"
BOUNDS = (0.45, 1.6)
MIN_SOURCE_CHARACTERS = 60


def find(pair: Pair) -> Iterator[Finding]:
    if len(pair.french) < MIN_SOURCE_CHARACTERS:
        return
    english = pair.english
    ratio = len(english) / len(pair.french)
    low, high = BOUNDS
    if low <= ratio <= high:
        return
    shorter = ratio < low
    yield Finding(
        CODE,
        "source.length-ratio",
        Category.OMISSION if shorter else Category.ADDITION,
        Severity.MINOR,
        pair.start,
        pair.end,
        english,
        f"the English is {ratio:.0%} of its source's length, much {'shorter' if shorter else 'longer'} "
        f"than a translation ({low:.0%}-{high:.0%}): part of the sentence may be "
        f"{'lost' if shorter else 'added'}",
        evidence=(pair.source_evidence, Evidence("length-ratio", round(ratio, 2))),
        confidence=0.5,
    )
