"""Inline suppression: `<!-- checker: ignore [CODES] -->` comments in the article (Markdown or plain text).

- `<!-- checker: ignore -->` on a line of its own hides every finding in the next paragraph (up to
  the next blank line); on a line with text, in that paragraph.
- `<!-- checker: ignore GARB002 BIL -->` hides only those codes (codes or prefixes, separated by
  spaces or commas).
- `<!-- checker: ignore-file -->` (optionally with codes) anywhere hides them in the whole file.

An HTML comment is invisible when the article is published as Markdown or HTML; in plain text it is
the same marker, and the comment's own line is not read as prose (see `document.split_paragraphs`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.errors import InputError
from checker.findings import Finding

DIRECTIVE = re.compile(r"<!--\s*checker:\s*(?P<kind>ignore-file|ignore)(?![\w-])(?P<codes>.*?)-->", re.DOTALL)
# A directive alone on its line (spaces around it allowed): the line is no prose.
DIRECTIVE_LINE = re.compile(r"[ \t]*" + DIRECTIVE.pattern + r"[ \t]*", re.DOTALL)
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")


@dataclass(frozen=True)
class Region:
    start: int
    end: int
    # Codes or prefixes hidden here; empty: every code.
    codes: tuple[str, ...] = ()

    def hides(self, finding: Finding) -> bool:
        return self.start <= finding.start < self.end and (
            not self.codes or any(finding.code.startswith(code) for code in self.codes)
        )


@dataclass(frozen=True)
class Suppressions:
    regions: tuple[Region, ...] = field(default_factory=tuple)

    def hides(self, finding: Finding) -> bool:
        return any(region.hides(finding) for region in self.regions)


def suppressions(text: str) -> Suppressions:
    """The regions of `text` its `checker: ignore` comments hide."""
    if "checker:" not in text:  # the common case, at no cost
        return Suppressions()
    regions = []
    for match in DIRECTIVE.finditer(text):
        codes = _codes(match.group("codes"), text, match.start())
        if match.group("kind") == "ignore-file":
            regions.append(Region(0, len(text), codes))
            continue
        # The paragraph the comment stands in, or the next one when it is alone on its line.
        paragraph_start = max((b.end() for b in _BLANK_LINE.finditer(text, 0, match.start())), default=0)
        start = paragraph_start if text[paragraph_start : match.start()].strip() else match.start()
        after = match.end()
        while after < len(text) and text[after] in " \t\r\n":
            after += 1
        blank = _BLANK_LINE.search(text, after)
        regions.append(Region(start, blank.start() if blank else len(text), codes))
    return Suppressions(tuple(regions))


def _codes(raw: str, text: str, offset: int) -> tuple[str, ...]:
    """The codes of a directive, upper-cased; a word that is no rule code is an error naming its line."""
    from checker.rules import expand

    codes = tuple(code.upper() for code in re.split(r"[\s,]+", raw.strip()) if code)
    try:
        if codes:
            expand(codes, "code")
    except InputError as exc:
        line = text.count("\n", 0, offset) + 1
        raise InputError(f"line {line}: checker: ignore comment: {exc}") from None
    return codes
