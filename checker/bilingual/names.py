"""BIL003 source.name-missing: a name of the source that the English does not contain.

A name is a capitalised word of the French that does not start a sentence and is not a common
French word (Le, Pour) or a Roman ordinal (XXIe). It is present when the English has it as such,
as a cognate sharing its first four letters (Albanie/Albania), or in one of its English forms
from `checker/detectors/data/exonyms_fr_en.txt` (Allemagne/Germany). The English of the whole
pair is searched: a source sentence the MT split in two names London once.

The small French spaCy pipeline's entities were tried in place of the capitalisation rule and
measured worse on DEMETR dev (names replaced 77% vs 85%, removed 73% vs 81%, same false flags).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from checker.bilingual.numbers import ROMAN_ORDINAL
from checker.bilingual.pair import Pair
from checker.bilingual.text import NAME, WORD, fold
from checker.detectors.frequency import zipf
from checker.findings import Category, Evidence, Finding, Severity

CODE = "BIL003"


def find(pair: Pair) -> Iterator[Finding]:
    english = pair.english
    english_folded = fold(english)
    english_words = {fold(w) for w in WORD.findall(english)}
    missing = []
    for name in source_names(pair.french):
        folded = fold(name)
        # Present as such, or as a cognate sharing its first letters (Albanie/Albania, Bahreïn/Bahrain).
        if folded in english_folded or any(w[:4] == folded[:4] for w in english_words if len(w) >= 4 and len(folded) >= 4):
            continue
        if any(fold(english_name) in english_folded for english_name in exonyms().get(folded, ())):
            continue
        missing.append(name)
    if missing:  # one finding per pair: every missing name has the pair's span ('Emmanuel', 'Macron')
        quoted = ", ".join(f"'{name}'" for name in missing)
        yield Finding(CODE, "source.name-missing", Category.MISTRANSLATION, Severity.MAJOR, pair.start,
                      pair.end, english, f"the source names {quoted}, the English does not",
                      evidence=(pair.source_evidence, Evidence("missing-names", missing)), confidence=0.7)


def source_names(french: str) -> list[str]:
    """The names of a French text, each once: capitalised words that do not start a sentence and
    are neither a capitalised common word (Le, Pour) nor a Roman ordinal (XXIe siècle, a number,
    checked as one)."""
    names = dict.fromkeys(match.group() for match in NAME.finditer(french))
    return [name for name in names if zipf(name.lower(), "fr") < 5.0 and not ROMAN_ORDINAL.fullmatch(name)]


@functools.cache
def exonyms() -> dict[str, tuple[str, ...]]:
    """French names and their English forms (detectors/data/exonyms_fr_en.txt), keyed by the folded French."""
    from checker.detectors.wordlists import bundled, read_entries

    entries = read_entries(bundled("exonyms_fr_en.txt"), tuple(range(2, 9)), lambda fields: None)
    return {fold(entry.fields[0]): entry.fields[1:] for entry in entries}
