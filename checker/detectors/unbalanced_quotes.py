"""GARB012: a quotation mark that is never closed, or closes nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.detectors.base import Detector
from checker.document import Document
from checker.findings import Category, Evidence, Finding, Severity

_CURLY = re.compile(r"[“”]")
# A straight-quoted passage may run over this many paragraphs (one sentence a line in some files).
_QUOTED_PARAGRAPHS = 6


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
        yield from self._curly(doc)
        yield from self._straight(doc)

    def _curly(self, doc: Document) -> Iterator[Finding]:
        """Curly quotes say which way they face: follow them through the whole article."""
        paragraph_starts = [p.start for p in doc.paragraphs]
        open_at: int | None = None
        for match in _CURLY.finditer(doc.text):
            at = match.start()
            if match.group(0) == "“":
                if open_at is not None and not _paragraph_between(paragraph_starts, open_at, at):
                    yield self._flag(doc, open_at, "quotation opened here is not closed before the next one opens")
                open_at = at
            else:
                if open_at is None:
                    yield self._flag(doc, at, "closing quotation mark with no opening one")
                open_at = None
        if open_at is not None:
            yield self._flag(doc, open_at, "quotation opened here is never closed")

    def _straight(self, doc: Document) -> Iterator[Finding]:
        """Straight quotes, paragraph by paragraph: a paragraph left with a quotation open pairs with
        a later one (up to _QUOTED_PARAGRAPHS on) that closes one it did not open."""
        pending: tuple[int, int] | None = None  # (paragraph index, offset) of an open quotation
        for index, paragraph in enumerate(doc.paragraphs):
            chunk = doc.text[paragraph.start : paragraph.end]
            if chunk.count('"') % 2 == 0:
                continue
            at, role = _unmatched(doc.text, [paragraph.start + m.start() for m in re.finditer('"', chunk)])
            if pending is not None and index - pending[0] > _QUOTED_PARAGRAPHS:
                yield self._flag(doc, pending[1], "quotation opened here is never closed")
                pending = None
            if role == "open":
                if pending is not None:
                    yield self._flag(doc, pending[1], "quotation opened here is never closed")
                pending = (index, at)
            elif role == "close" and pending is not None:
                pending = None  # a quotation that ran over several paragraphs
            else:
                yield self._flag(doc, at, "quotation mark with no partner")
        if pending is not None:
            yield self._flag(doc, pending[1], "quotation opened here is never closed")

    def _flag(self, doc: Document, at: int, message: str) -> Finding:
        return self.finding(
            doc, at, at + 1, message, evidence=(Evidence("quote-balance", doc.text[at]),), confidence=0.75
        )


def _unmatched(text: str, positions: list[int]) -> tuple[int, str]:
    """The straight quote of an odd set that pairs with nothing, and whether it opens or closes."""
    stack: list[int] = []
    for at in positions:
        role = _role(text, at)
        if role == "open":
            stack.append(at)
        elif role == "close" and stack:
            stack.pop()
        else:
            return at, role
    return (stack[0], "open") if stack else (positions[-1], "stray")


def _role(text: str, at: int) -> str:
    """'open', 'close' or 'stray' for a straight quote, from the characters around it."""
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    if (before.isspace() or before in "([{—–-/") and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-'’"):
        return "close"
    return "stray"


def _paragraph_between(paragraph_starts: list[int], start: int, end: int) -> bool:
    return any(start < p <= end for p in paragraph_starts)
