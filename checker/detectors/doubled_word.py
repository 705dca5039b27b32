"""GARB010: a word written twice in a row: `day day`, `knives, knives`."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from checker.detectors.base import Detector
from checker.detectors.wordlists import lowercase_words
from checker.document import Document
from checker.findings import Category, Evidence, Finding, Severity

# A word, then the same word again (case-insensitively) one or more times, separated by spaces
# or a comma and spaces.
_REPEAT = re.compile(r"(?<![\w'’-])(\w[\w'’-]*)((?:,?[ \u00a0]+\1)+)(?![\w'’/-])", re.IGNORECASE)


@functools.cache
def allowed_doubles() -> frozenset[str]:
    return lowercase_words("allowed_doubles.txt", "words")


def _is_a_name(doc: Document, match: re.Match, word: str) -> bool:
    """'The Tap Tap band': a capitalised double that the article writes more than once is a name."""
    return word[:1].isupper() and doc.text.count(match.group(0)) > 1


def _is_noun(doc: Document, start: int) -> bool:
    located = doc.token_at(start)
    return located is not None and located[1].pos_ == "NOUN"


class DoubledWord(Detector):
    """Word repeated: the same word twice (or more) in a row.

    A comma between two nouns counts as well ("knives, knives"); words that English doubles on
    purpose ("had had", "very, very") are listed in `data/allowed_doubles.txt`, and a capitalised
    double that recurs in the article is taken for a name ("The Tap Tap").

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
            if word.lower() in allowed or _is_a_name(doc, match, word):
                continue
            if "," in match.group(2) and not _is_noun(doc, match.start()):
                continue  # "much, much more", "to excite it, it is": emphasis and clause breaks
            count = 1 + len(re.findall(r"\w[\w'’-]*", match.group(2)))
            yield self.finding(
                doc,
                match.start(),
                match.end(),
                f"'{word}' written {count} times in a row",
                suggestion=word,
                evidence=(Evidence("repetition", count),),
                confidence=0.9 if "," not in match.group(2) else 0.7,
            )
