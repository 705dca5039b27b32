"""GARB003: numbers written the French way: `2 700`, `3,5 billion`, `50 %`, `12 h 30`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.detectors.base import Detector
from checker.document import Document
from checker.findings import Category, Evidence, Finding, Severity

_SPACES = "[ \u00a0\u202f\u2009]"
# Thousands grouped by spaces, optionally with a decimal comma: 2 700, 3 800,5, 1 250 000.
_GROUPED = re.compile(rf"(?<![\d.,])\d{{1,3}}(?:{_SPACES}\d{{3}})+(?:,\d+)?(?![\d]|[.,]\d)")
# A decimal comma: 3,5 billion, 0,75. Lists such as "1,2,3" are left alone.
_DECIMAL_COMMA = re.compile(r"(?<![\d.,])\d+,(\d{1,2})(?![\d]|,\d)")
_PERCENT = re.compile(rf"(?<![\d.,])\d+(?:[.,]\d+)?({_SPACES})%")
_TIME = re.compile(rf"(?<![\d:])([01]?\d|2[0-3]){_SPACES}?h{_SPACES}?([0-5]\d)\b")
_EURO_AFTER = re.compile(rf"(?<![\d.,])(\d[\d,.]*?){_SPACES}?€")


class NumberFormat(Detector):
    """Number written in French format.

    French groups thousands with spaces, writes decimals with a comma, puts a space before `%`
    and writes times as `12 h 30`; MT often copies these into English.

    **Bad**: "losses at 300 dead and 2 700 injured", "a 3,5 billion budget", "up 50 %".

    **Good**: "losses at 300 dead and 2,700 injured", "a 3.5 billion budget", "up 50%".
    """

    code = "GARB003"
    name = "number.french-format"
    category = Category.NUMBER_FORMAT
    severity = Severity.MINOR

    def find(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        grouped = list(_GROUPED.finditer(text))
        for match in grouped:
            written = match.group(0)
            english = re.sub(_SPACES, ",", written.replace(",", "."))
            yield self.finding(
                doc,
                match.start(),
                match.end(),
                f"thousands grouped with spaces (French style): write '{english}'",
                suggestion=english,
                evidence=(Evidence("pattern", "digit-grouping-space"),),
                confidence=0.9,
                severity=Severity.MAJOR if "," in written else Severity.MINOR,
            )
        for match in _DECIMAL_COMMA.finditer(text):
            if any(g.start() <= match.start() < g.end() for g in grouped):
                continue  # the decimal part of "3 800,5", already reported
            english = match.group(0).replace(",", ".")
            yield self.finding(
                doc,
                match.start(),
                match.end(),
                f"decimal comma (French style): '{match.group(0)}' reads as a different number in English; "
                f"write '{english}'",
                suggestion=english,
                evidence=(Evidence("pattern", "decimal-comma"),),
                confidence=0.8,
                severity=Severity.MAJOR,
            )
        for match in _PERCENT.finditer(text):
            english = match.group(0).replace(match.group(1), "").replace(",", ".")
            yield self.finding(
                doc,
                match.start(),
                match.end(),
                "space before the percent sign (French style)",
                suggestion=english,
                evidence=(Evidence("pattern", "percent-space"),),
                confidence=0.9,
            )
        for match in _TIME.finditer(text):
            english = f"{match.group(1)}:{match.group(2)}"
            yield self.finding(
                doc,
                match.start(),
                match.end(),
                f"time written the French way: write '{english}'",
                suggestion=english,
                evidence=(Evidence("pattern", "french-time"),),
                confidence=0.85,
            )
        for match in _EURO_AFTER.finditer(text):
            english = f"€{match.group(1)}"
            yield self.finding(
                doc,
                match.start(),
                match.end(),
                f"euro sign after the amount (French style): write '{english}'",
                suggestion=english,
                evidence=(Evidence("pattern", "currency-after-amount"),),
                confidence=0.8,
            )
