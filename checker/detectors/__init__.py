"""The detector registry: import strings, so each detector module loads only when used."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from checker.detectors.base import Detector
from checker.detectors.wordlists import in_force

if TYPE_CHECKING:
    from checker.config import WordLists

DETECTORS = {
    "GARB001": "checker.detectors.split_compound:SplitCompound",
    "GARB002": "checker.detectors.proper_noun_case:ProperNounCase",
    "GARB003": "checker.detectors.number_format:NumberFormat",
    "GARB004": "checker.detectors.french_abbreviation:FrenchAbbreviation",
    "GARB005": "checker.detectors.punctuation_spacing:PunctuationSpacing",
    "GARB006": "checker.detectors.french_typography:FrenchTypography",
    "GARB007": "checker.detectors.stray_stop:StrayStop",
    "GARB008": "checker.detectors.missing_article:MissingArticle",
    "GARB009": "checker.detectors.verb_form:VerbForm",
    "GARB010": "checker.detectors.doubled_word:DoubledWord",
    "GARB011": "checker.detectors.stray_punctuation:StrayPunctuation",
    "GARB012": "checker.detectors.unbalanced_quotes:UnbalancedQuotes",
    "GARB013": "checker.detectors.untranslated:Untranslated",
    "GARB014": "checker.detectors.calque:Calque",
    "GARB015": "checker.detectors.sentence_case:SentenceCase",
    "GARB016": "checker.detectors.spelling:Spelling",
}


def detector_class(code: str) -> type[Detector]:
    module_name, class_name = DETECTORS[code].split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    if cls.code != code:
        raise RuntimeError(f"registry lists {cls.__name__} as {code}, but it declares {cls.code}")
    return cls


def detector_classes() -> list[type[Detector]]:
    return [detector_class(code) for code in DETECTORS]


def build_detectors(*, proper_nouns: Iterable[Path] = (), word_lists: WordLists | None = None) -> list[Detector]:
    """Instantiate every registered detector; word lists are loaded and validated here (the
    bundled ones, `proper_nouns` files and the configuration's `word_lists`)."""
    from checker.detectors.wordlists import list_files

    names = (*list_files("proper-nouns", "proper_nouns.txt", word_lists), *proper_nouns)
    built = []
    for cls in detector_classes():
        if cls.code == "GARB002":
            built.append(cast(Any, cls)(lists=names))  # ProperNounCase, which takes its lists
        else:
            built.append(cls())
    with in_force(word_lists):  # the loanword and exonym lists are read (and checked) now, not mid-run
        from checker.bilingual.names import exonyms
        from checker.detectors.untranslated import adopted_expressions, loanwords

        loanwords(), adopted_expressions(), exonyms()
    return built
