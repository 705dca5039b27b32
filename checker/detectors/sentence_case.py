"""GARB015: a paragraph or heading that starts in lower case."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.detectors.base import Detector
from checker.document import Document
from checker.findings import Category, Evidence, Finding, Severity

# The first word, after any opening quotes or brackets.
_FIRST_WORD = re.compile(r"[\"'“‘(\[«¿¡ ]*([^\W\d_][\w'’-]*)")


class SentenceCase(Detector):
    """Paragraph starting with a lower-case letter.

    Mid-paragraph sentence starts are covered by GARB007 (break.stray-stop). Words written with
    an inner capital (iPhone, eBay) and list items are left alone.

    **Bad**: "severe weather conditions can occur anywhere in the world."

    **Good**: "Severe weather conditions can occur anywhere in the world."
    """

    code = "GARB015"
    name = "casing.sentence-start"
    category = Category.CASING
    severity = Severity.MINOR

    def find(self, doc: Document) -> Iterator[Finding]:
        for paragraph in doc.paragraphs:
            if paragraph.kind == "list-item":
                continue
            match = _FIRST_WORD.match(doc.text, paragraph.start, paragraph.end)
            if match is None:
                continue
            word = match.group(1)
            if not word[0].islower() or any(c.isupper() for c in word[1:]) or word.lower() in ("www", "http", "https"):
                continue
            yield self.finding(
                doc,
                match.start(1),
                match.end(1),
                f"{'heading' if paragraph.kind == 'heading' else 'paragraph'} starts in lower case: '{word}'",
                suggestion=word[0].upper() + word[1:],
                evidence=(Evidence("pattern", "lowercase-start", paragraph.kind),),
                confidence=0.85,
            )
