"""GARB011: stray punctuation: doubled marks, a mark after "the"/"of"/"to", dangling hyphens, stray symbols."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.detectors.base import Detector
from checker.document import Document
from checker.findings import Category, Evidence, Finding, Severity

_DOUBLED = re.compile(r"(?<![.!?])([,;:])[ \u00a0]*([,;:.])(?![.])|(?<=\w)\.\.(?![.\w])")
# A word that cannot end a phrase, then a comma, semicolon or colon, then the phrase going on.
_AFTER_FUNCTION_WORD = re.compile(
    r"(?<![\w'’-])(the|an|of|to|because|its|their|our|my|your|whose|a)([,;:])[ \u00a0]+(?=[a-z])", re.IGNORECASE
)
# A hyphen hanging at a word's end; "pre- and post-war" style suspended compounds excepted.
_DANGLING_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \u00a0]+(?!(?:and|or|to|nor|&|und)\b)(?=\w)")
_STRAY_SYMBOL = re.compile(r"(?<=\w)[_~@](?=[\s,.;:!?)]|$)|(?<=[\s(])[_~@](?=\s)|(?<=\w)[_~](?=\w)")
_URLISH = re.compile(r"\S*(?:://|www\.|@\w+\.\w)\S*")
# A closing apostrophe after a word that is no plural possessive: "can' say", "and' in".
_STRAY_APOSTROPHE = re.compile(r"(?<=[^\Ws])['’](?=[ \u00a0]+\w)")
_OPENING_SINGLE_QUOTE = re.compile(r"(?:^|(?<=[\s(“\"]))['‘](?=\w)")


class StrayPunctuation(Detector):
    """Stray punctuation: doubled marks, a mark cutting a phrase, a dangling hyphen, a stray symbol.

    **Bad**: "the impact of the virus;; following", "In the late 70s in the, Midlands", "80% of
    the- wealth", "after seven_ days", "And you can' say it".

    **Good**: "the impact of the virus, following", "In the late 70s in the Midlands", "80% of
    the wealth", "after seven days", "And you can say it".
    """

    code = "GARB011"
    name = "punctuation.stray"
    category = Category.PUNCTUATION
    severity = Severity.MINOR

    def find(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        urls = [(m.start(), m.end()) for m in _URLISH.finditer(text)] if any(c in text for c in "_~@") else []

        def in_url(offset: int) -> bool:
            return any(start <= offset < end for start, end in urls)

        for match in _DOUBLED.finditer(text):
            yield self.finding(
                doc, match.start(), match.end(), f"doubled punctuation '{match.group(0)}'",
                suggestion=match.group(2) or ".", evidence=(Evidence("pattern", "doubled-punctuation"),), confidence=0.85,
            )
        for match in _AFTER_FUNCTION_WORD.finditer(text):
            word, mark = match.group(1), match.group(2)
            yield self.finding(
                doc, match.start(), match.start(2) + 1, f"'{mark}' right after '{word}' cuts the phrase in two",
                suggestion=word, evidence=(Evidence("pattern", "punctuation-after-function-word", word),), confidence=0.8,
            )
        for match in _DANGLING_HYPHEN.finditer(text):
            yield self.finding(
                doc, match.start(), match.start() + 1, "hyphen hanging at the end of a word",
                suggestion="", evidence=(Evidence("pattern", "dangling-hyphen"),), confidence=0.75,
            )
        for match in _STRAY_SYMBOL.finditer(text):
            if in_url(match.start()):
                continue
            symbol = match.group(0)
            between_words = text[match.start() - 1:match.start()].isalnum() and text[match.end():match.end() + 1].isalnum()
            yield self.finding(
                doc, match.start(), match.end(), f"stray '{symbol}' in running text",
                suggestion=" " if between_words else "",
                evidence=(Evidence("pattern", "stray-symbol", symbol),), confidence=0.8,
            )
        for match in _STRAY_APOSTROPHE.finditer(text):
            paragraph_start = text.rfind("\n", 0, match.start()) + 1
            if _OPENING_SINGLE_QUOTE.search(text, paragraph_start, match.start()):
                continue  # closes a quotation: 'like this'
            yield self.finding(
                doc, match.start(), match.end(), "stray apostrophe after a word",
                suggestion="", evidence=(Evidence("pattern", "stray-apostrophe"),), confidence=0.7,
            )
