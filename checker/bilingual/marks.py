"""BIL008 source.brackets-quotes: brackets not kept as in the source, quotation marks left unpaired.

Brackets are counted one by one against the source. Quotation marks are only flagged when the
English leaves one unpaired where the source's are paired: a translator may render « » as
quotation marks or drop them around reported speech.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.bilingual.pair import Pair
from checker.findings import Category, Finding, Severity

CODE = "BIL008"
_BRACKETS = "()[]"
_QUOTES = re.compile(r'["“”«»„]')


def find(pair: Pair) -> Iterator[Finding]:
    english = pair.english
    problems = [f"'{mark}' {pair.french.count(mark)} time(s) in the source, {english.count(mark)} in the English"
                for mark in _BRACKETS if pair.french.count(mark) != english.count(mark)]
    english_quotes = len(_QUOTES.findall(english))
    if len(_QUOTES.findall(pair.french)) % 2 == 0 and english_quotes % 2 == 1:
        problems.append(f"{english_quotes} quotation mark(s) in the English, an odd number: one is unpaired")
    if problems:
        yield Finding(CODE, "source.brackets-quotes", Category.PUNCTUATION, Severity.MINOR, pair.start, pair.end,
                      english, "brackets or quotation marks differ from the source: " + "; ".join(problems),
                      evidence=(pair.source_evidence,), confidence=0.5)
