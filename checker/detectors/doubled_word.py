"""GARB010: a word written twice in a row: `day day`, `knives, knives`."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from checker.detectors.base import Detector
from checker.detectors.wordlists import bundled, read_entries
from checker.document import Document
from checker.findings import Category, Evidence, Finding, Severity

# A word, then the same word again (case-insensitively) one or more times, separated by spaces
# or a comma and spaces.
_REPEAT = re.compile(r"(?<![\w'’-])([^\W\d_][\w'’]*)((?:,?[ \u00a0]+\1)+)(?![\w'’-])", re.IGNORECASE)


@functools.cache
def allowed_doubles() -> frozenset[str]:
    entries = read_entries(bundled("allowed_doubles.txt"), (1,), lambda f: None if f[0].islower() else "write words in lower case")
    return frozenset(e.fields[0] for e in entries)


class DoubledWord(Detector):
    """Word repeated: the same word twice (or more) in a row.

    A comma between the two counts as well ("knives, knives"); words that English doubles on
    purpose ("had had", "very, very") are listed in `data/allowed_doubles.txt`.

    **Bad**: "around 1200 GMT the same day day.", "shovels, knives, knives and rifles".

    **Good**: "around 1200 GMT the same day.", "shovels, knives and rifles".
    """

    code = "GARB010"
    name = "repetition.doubled-word"
    category = Category.GRAMMAR
    severity = Severity.MINOR

    def find(self, doc: Document) -> Iterator[Finding]:
        allowed = allowed_doubles()
        for match in _REPEAT.finditer(doc.text):
            word = match.group(1)
            if word.lower() in allowed:
                continue
            count = 1 + len(re.findall(r"[^\W\d_][\w'’]*", match.group(2)))
            yield self.finding(
                doc, match.start(), match.end(),
                f"'{word}' written {count} times in a row",
                suggestion=word, evidence=(Evidence("repetition", count),),
                confidence=0.9 if "," not in match.group(2) else 0.7,
            )
