"""BIL008 source.brackets-quotes: a bracket or quotation mark left unpaired, or brackets added.

Flagged when the English leaves a bracket or quotation mark unpaired where the source's are
paired, or when it has more bracketed asides than the source. An aside the English sets off with
commas or dashes instead, like quotation marks dropped around reported speech, is a translator's
choice, not an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.bilingual.pair import Pair
from checker.findings import Category, Finding, Severity

CODE = "BIL008"
_BRACKETS: tuple[tuple[str, str], ...] = (("(", ")"), ("[", "]"))
_QUOTES = re.compile(r'["“”«»„]')


def find(pair: Pair) -> Iterator[Finding]:
    english = pair.english
    problems = []
    for opening, closing in _BRACKETS:
        source_marks = (pair.french.count(opening), pair.french.count(closing))
        english_marks = (english.count(opening), english.count(closing))
        unpaired = english_marks[0] != english_marks[1] and source_marks[0] == source_marks[1]
        if unpaired or max(english_marks) > max(source_marks):
            problems.append(
                f"'{opening}' and '{closing}' {source_marks[0]} and {source_marks[1]} time(s) in the source, "
                f"{english_marks[0]} and {english_marks[1]} in the English"
            )
    english_quotes = len(_QUOTES.findall(english))
    if len(_QUOTES.findall(pair.french)) % 2 == 0 and english_quotes % 2 == 1:
        problems.append(f"{english_quotes} quotation mark(s) in the English, an odd number: one is unpaired")
    if problems:
        yield Finding(
            CODE,
            "source.brackets-quotes",
            Category.PUNCTUATION,
            Severity.MINOR,
            pair.start,
            pair.end,
            english,
            "brackets or quotation marks differ from the source: " + "; ".join(problems),
            evidence=(pair.source_evidence,),
            confidence=0.5,
        )
