"""GARB014: calques of French constructions frequent in MT output: `we can read in`, `since 3 years`."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from checker.detectors.base import Detector
from checker.detectors.wordlists import bundled, read_entries
from checker.document import Document
from checker.findings import Category, Evidence, Finding, Severity


@functools.cache
def calques() -> tuple[tuple[re.Pattern, str, str], ...]:
    """(pattern, suggestion template, source line) for each calque in data/calques.txt."""
    entries = read_entries(
        bundled("calques.txt"), (2,), lambda f: None if f[0] == f[0].lower() else "write the phrase in lower case"
    )
    compiled = []
    for entry in entries:
        phrase, suggestion = entry.fields
        words = [r"(?P<n>\d+)" if w == "{n}" else re.escape(w) for w in phrase.split()]
        pattern = re.compile(r"(?<![\w'’-])" + r"\s+".join(words) + r"(?![\w'’-])", re.IGNORECASE)
        compiled.append((pattern, suggestion, f"calques.txt:{entry.line}"))
    return tuple(compiled)


class Calque(Detector):
    """Calque of a French construction: grammatical, but no English writer would put it so.

    The phrases and their English forms live in `data/calques.txt`, which editors can extend.

    **Bad**: "“… comrades”, we can read in particular in the letter", "he has lived there since 3 years".

    **Good**: "“… comrades”, the letter reads", "he has lived there for 3 years".
    """

    code = "GARB014"
    name = "style.calque"
    category = Category.CALQUE
    severity = Severity.MINOR

    def find(self, doc: Document) -> Iterator[Finding]:
        for pattern, template, source in calques():
            for match in pattern.finditer(doc.text):
                number = match.groupdict().get("n")
                suggestion = template.replace("{n}", number) if number else template
                yield self.finding(
                    doc,
                    match.start(),
                    match.end(),
                    f"calque of a French construction: '{match.group(0)}' (English: {suggestion})",
                    suggestion=suggestion if " / " not in suggestion and "(" not in suggestion else None,
                    evidence=(Evidence("calque-list", match.group(0).lower(), f"listed in {source}"),),
                    confidence=0.7,
                )
