"""BIL003 source.name-missing: a name of the source that the English does not contain.

A name is a capitalised word of the French that does not start a sentence or a quotation and is
not a frequent French word (Le, Pour) or a Roman ordinal (XXIe). It is present when the English
has it as such, as a cognate (Albanie/Albania, Groenland/Greenland), as an acronym with the same
letters (ADN/DNA), or in one of its English forms from `checker/detectors/data/exonyms_fr_en.txt`
(Allemagne/Germany); a compound name when each of its parts is (Jean-Paul as John Paul). The
English of the whole pair is searched (a source sentence the MT split in two names London once),
and so are the names of its round trip's pivot when it ran: a Romance pivot keeps them close to
the French (Muro de Berlim, Canal da Mancha). Capitalised common words of names, which English
translates (le Mur de Berlin, la Couronne), need their English form in the table.

Tried and dropped: the small French spaCy pipeline's entities in place of the capitalisation rule
(DEMETR dev: names replaced 77% vs 85%, removed 73% vs 81%, same false flags); not requiring a
name that its lemmatizer tables know as a common noun or adjective (on synthetic removals and
replacements of names in 457 hand-written pairs: detection 79% vs 85%, one false flag fewer:
demonyms and names like Lille are common words there too).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator

from checker.bilingual.numbers import ROMAN_ORDINAL, implied_numbers
from checker.bilingual.pair import Pair
from checker.bilingual.text import NAME, WORD, fold
from checker.detectors.frequency import zipf
from checker.findings import Category, Evidence, Finding, Severity

CODE = "BIL003"
# Spelt almost alike: Groenland/Greenland 0.89, Turcs/Turks 0.8; unrelated names stay under (Marseille/Madrid 0.53).
_COGNATE_SIMILARITY = 0.8
_COGNATE_SIMILARITY_OTHER_INITIAL = 0.85  # Ormuz/Hormuz 0.91, Ouïghours/Uighurs 0.88
# A translation's rendering of the name, looser since a translation vouches for it: Pouchkine/Pushkin 0.75.
_RENDERING_SIMILARITY = 0.6


def find(pair: Pair) -> Iterator[Finding]:
    # Where a name may be: the English, and the names of its round trip's pivot when there is one
    # (a Romance pivot keeps them close to the French: Muro de Berlim, Canal da Mancha, URSS).
    texts = [_Text(WORD.findall(pair.english))]
    if pair.pivot:
        texts.append(_Text([w for w in WORD.findall(pair.pivot) if w[0].isupper()]))
    missing = []
    for name in source_names(pair.french):
        # A compound name is there when each of its parts is: Jean-Paul as John Paul, Sud-Ouest as
        # southwest; a number word among them is BIL001's (Trois-Gorges: Gorges).
        parts = name.split("-")
        if not any(
            _present(name, text)
            or (
                len(parts) > 1
                and all(_present(part, text, inside=True) for part in parts if not implied_numbers(part.lower()))
            )
            for text in texts
        ) and not _rendered(name, pair, texts[0]):
            missing.append(name)
    if missing:  # one finding per pair: every missing name has the pair's span ('Emmanuel', 'Macron')
        quoted = ", ".join(f"'{name}'" for name in missing)
        evidence = [pair.source_evidence, Evidence("missing-names", missing)]
        if pair.pivot:
            evidence.append(Evidence("pivot", pair.pivot, "the round trip's pivot translation, its names searched too"))
        yield Finding(
            CODE,
            "source.name-missing",
            Category.MISTRANSLATION,
            Severity.MAJOR,
            pair.start,
            pair.end,
            pair.english,
            f"the source names {quoted}, the English does not",
            evidence=tuple(evidence),
            confidence=0.7,
        )


def _rendered(name: str, pair: Pair, english: _Text) -> bool:
    """The name as the source's own translations write it, in the English: a capitalised word of a
    translation, spelt like the name but not as it (Pouchkine: Pushkin, Moscou: Moscow), that the
    English has too."""
    folded = fold(name)
    for translation in pair.translations:
        for word in WORD.findall(translation):
            candidate = fold(word)
            if (
                word[0].isupper()
                and candidate != folded
                and candidate in english.words
                and difflib.SequenceMatcher(None, folded, candidate).ratio() >= _RENDERING_SIMILARITY
            ):
                return True
    return False


class _Text:
    """Words a name is looked for in, folded: one string where a name or its English form must
    start a word (London in Londoners, not UE in continue), each word, and the letters of acronyms."""

    def __init__(self, words: list[str]):
        words = [part for word in words for part in re.split(r"['’]", word) if part]  # d'Orsay: d, Orsay
        self.folded = " " + " ".join(fold(w) for w in words)
        self.words = {fold(w) for w in words}
        self.acronyms = {"".join(sorted(fold(w))) for w in words if len(w) >= 2 and w.isupper()}

    def has(self, folded: str, inside: bool = False) -> bool:
        return (folded if inside else " " + folded) in self.folded


def _present(name: str, text: _Text, inside: bool = False) -> bool:
    """The name in the text: as such, as a cognate sharing its first four letters (Albanie/Albania,
    Bahreïn/Bahrain) or spelt almost alike (Groenland/Greenland, Ormuz/Hormuz), in one of its
    English forms (Allemagne/Germany), or an acronym as one with the same letters (ADN/DNA,
    URSS/USSR). `inside`: the part of a compound name may be inside a word (Ouest in southwest)."""
    folded = fold(name)
    if text.has(folded, inside) or any(_cognate(folded, word) for word in text.words):
        return True
    if len(name) >= 2 and name.isupper() and "".join(sorted(folded)) in text.acronyms:
        return True
    return any(text.has(fold(english_name), inside) for english_name in exonyms().get(folded, ()))


def _cognate(folded: str, english_word: str) -> bool:
    if len(english_word) < 4 or len(folded) < 4:
        return False
    if english_word[:4] == folded[:4]:
        return True
    threshold = _COGNATE_SIMILARITY if english_word[0] == folded[0] else _COGNATE_SIMILARITY_OTHER_INITIAL
    matcher = difflib.SequenceMatcher(None, folded, english_word)
    # The cheap upper bounds first: most words of a sentence are nothing like the name.
    return (
        matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold and matcher.ratio() >= threshold
    )


def source_names(french: str) -> list[str]:
    """The names of a French text, each once: capitalised words that do not start a sentence and
    are neither a capitalised common word (Le, Pour) nor a number, which BIL001 checks (a Roman
    ordinal, XXIe siècle; a number word, la Cinquième Symphonie; the Trois of Trois-Gorges)."""
    names = dict.fromkeys(match.group() for match in NAME.finditer(french))
    return [
        name
        for name in names
        if zipf(name.lower(), "fr") < 5.0 and not ROMAN_ORDINAL.fullmatch(name) and not implied_numbers(name.lower())
    ]


def exonyms() -> dict[str, tuple[str, ...]]:
    """French names and their English forms (detectors/data/exonyms_fr_en.txt and the
    configuration's exonym lists), keyed by the folded French."""
    from checker.detectors.wordlists import list_files

    return _exonyms(list_files("exonyms", "exonyms_fr_en.txt"))


@functools.cache
def _exonyms(files) -> dict[str, tuple[str, ...]]:
    from checker.detectors.wordlists import read_entries

    table: dict[str, tuple[str, ...]] = {}
    for path in files:  # a later list's line for a name replaces an earlier one's
        for entry in read_entries(path, tuple(range(2, 9)), lambda fields: None):
            table[fold(entry.fields[0])] = entry.fields[1:]
    return table
