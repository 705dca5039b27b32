"""GARB006: French typography left in English: « guillemets » and a dash closing an aside before `.`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.detectors.base import Detector
from checker.document import Document
from checker.findings import Category, Evidence, Finding, Severity

_GUILLEMETS = re.compile(r"«[ \u00a0\u202f]*|[ \u00a0\u202f]*»")
# French closes an aside with a dash even right before the full stop: "... by the enemy -."
_DASH_BEFORE_STOP = re.compile(r"[ \u00a0]+[-–—]+(?=[.,;:])")


class FrenchTypography(Detector):
    """French typography left in English: guillemets, and a dash closing an aside before punctuation.

    **Bad**: "he called it « a disaster »", "rather than be captured by the enemy -. The other said".

    **Good**: "he called it “a disaster”", "rather than be captured by the enemy. The other said".
    """

    code = "GARB006"
    name = "typography.french"
    category = Category.TYPOGRAPHY
    severity = Severity.MINOR

    def find(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for match in _GUILLEMETS.finditer(text):
            opening = "«" in match.group(0)
            english = "“" if opening else "”"
            yield self.finding(
                doc,
                match.start(),
                match.end(),
                f"French guillemet: English uses '{english}'",
                suggestion=english,
                evidence=(Evidence("pattern", "guillemet"),),
                confidence=0.95,
            )
        for match in _DASH_BEFORE_STOP.finditer(text):
            yield self.finding(
                doc,
                match.start(),
                match.end() + 1,
                "a dash closes an aside right before punctuation (French style): drop it, or close the aside "
                "with a comma or bracket",
                suggestion=text[match.end()],
                evidence=(Evidence("pattern", "dash-before-punctuation"),),
                confidence=0.85,
            )
