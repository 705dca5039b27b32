"""GARB005: a space before punctuation: French typography (`word ;`) or tokenised text (`world , and`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.detectors.base import Detector
from checker.document import Document
from checker.findings import Category, Evidence, Finding, Severity

# A word character or closing quote/bracket, spaces, then punctuation that English attaches to
# the word before it. An ellipsis and a dash are left alone; so are digits around ":" (scores).
_SPACED = re.compile(r"(?<=[\w”’\"')\]])([ \u00a0\u202f\u2009]+)([;:!?,.)%](?!\.\.)|n't\b|'s\b|’s\b)")
_OPEN_BRACKET = re.compile(r"([(\[])[ \u00a0]+(?=\w)")
_FRENCH = frozenset(";:!?")


class PunctuationSpacing(Detector):
    """Space before punctuation.

    French puts a (narrow) space before `; : ! ?`; a tokenizer leaves spaces around every mark
    (`world , and`, `do n't`). English attaches these marks to the word before.

    **Bad**: "What is the plan ? Nobody knows ; not even the minister", "in the world , and".

    **Good**: "What is the plan? Nobody knows; not even the minister", "in the world, and".
    """

    code = "GARB005"
    name = "punctuation.space-before"
    category = Category.PUNCTUATION
    severity = Severity.MINOR

    def find(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for match in _SPACED.finditer(text):
            mark = match.group(2)
            if (
                mark == ":"
                and text[match.start() - 1 : match.start()].isdigit()
                and text[match.end() : match.end() + 2].strip()[:1].isdigit()
            ):
                continue  # a score or ratio: "2 : 1"
            if mark == "." and not _sentence_final(text, match.end()):
                continue  # " .NET", " .com": not a full stop
            start = match.start() - len(_last_word(text, match.start()))
            message = (
                f"French spacing before '{mark}': English puts no space before it"
                if mark in _FRENCH
                else f"space before '{mark}' (tokenised text)"
            )
            yield self.finding(
                doc,
                start,
                match.end(),
                message,
                suggestion=text[start : match.start()] + mark,
                evidence=(
                    Evidence("pattern", "french-spacing" if mark in _FRENCH else "tokenised", repr(match.group(1))),
                ),
                confidence=0.85,
            )
        for match in _OPEN_BRACKET.finditer(text):
            yield self.finding(
                doc,
                match.start(),
                match.end(),
                f"space after '{match.group(1)}' (tokenised text)",
                suggestion=match.group(1),
                evidence=(Evidence("pattern", "tokenised"),),
                confidence=0.8,
            )


def _last_word(text: str, end: int) -> str:
    match = re.search(r"[\w”’\"')\]]+$", text[max(0, end - 40) : end])
    return match.group(0) if match else ""


def _sentence_final(text: str, after: int) -> bool:
    nxt = text[after : after + 1]
    return nxt == "" or nxt.isspace() or nxt in "\"'”’)"
