"""GARB012: a quotation mark that is never closed, or closes nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.detectors.base import Detector
from checker.document import Document
from checker.findings import Category, Evidence, Finding, Severity

_QUOTE = re.compile(r"[“”\"]")


class UnbalancedQuotes(Detector):
    """Quotation mark unbalanced: opened and never closed, opened twice, or closing nothing.

    Quotes are followed through the whole article, so a quotation running over several
    paragraphs is fine; a paragraph may reopen a quotation that is still open.

    **Bad**: "“In modern warfare, failure to disperse could result in casualties. “artillery of
    the enemy”, we can read", "made up of the brain," spinal cord and optic nerve".

    **Good**: "“In modern warfare, failure to disperse could result in casualties,” we can read",
    "made up of the brain, spinal cord and optic nerve".
    """

    code = "GARB012"
    name = "punctuation.unbalanced-quotes"
    category = Category.PUNCTUATION
    severity = Severity.MINOR

    def find(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        paragraph_starts = [p.start for p in doc.paragraphs]
        open_at: int | None = None
        for match in _QUOTE.finditer(text):
            at = match.start()
            role = _role(text, at)
            if role == "open":
                if open_at is not None and not _paragraph_between(paragraph_starts, open_at, at):
                    yield self._flag(doc, open_at, "quotation opened here is not closed before the next one opens")
                open_at = at
            elif role == "close":
                if open_at is None:
                    yield self._flag(doc, at, "closing quotation mark with no opening one")
                open_at = None
            else:
                yield self._flag(doc, at, "quotation mark between two spaces or inside a word")
        if open_at is not None:
            yield self._flag(doc, open_at, "quotation opened here is never closed")

    def _flag(self, doc: Document, at: int, message: str) -> Finding:
        return self.finding(doc, at, at + 1, message, evidence=(Evidence("quote-balance", doc.text[at]),), confidence=0.75)


def _role(text: str, at: int) -> str:
    """'open', 'close' or 'stray', from the curly shape or, for '"', from the characters around it."""
    mark = text[at]
    if mark == "“":
        return "open"
    if mark == "”":
        return "close"
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    if (before.isspace() or before in "([{—–-/") and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-'’"):
        return "close"
    if before.isspace() and after.isspace():
        return "stray"
    return "stray" if before.isalnum() and after.isalnum() else "close"


def _paragraph_between(paragraph_starts: list[int], start: int, end: int) -> bool:
    return any(start < p <= end for p in paragraph_starts)
