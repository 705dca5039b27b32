"""GARB004: French ordinals and titles left in English: `1er`, `3e`, `Mme`, `M. Macron`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.detectors.base import Detector
from checker.document import Document
from checker.findings import Category, Evidence, Finding, Severity

_ORDINAL = re.compile(r"(?<![\w.,])(\d{1,4})(er|re|ère|e|ème|eme)(?![\w])")
# "M." before a capitalised name; "Mme"/"Mmes"/"Mlle" with or without a full stop.
_TITLE = re.compile(r"(?<![\w.])(M\.|MM\.|Mmes?\.?|Mlles?\.?)(?=[ \u00a0]+[A-ZÀ-Ý][\w'’-]+)")
_NUMERO = re.compile(r"(?<!\w)(n°|N°)[ \u00a0]?(?=\d)")
_TITLE_ENGLISH = {"M": "Mr", "MM": "Messrs", "Mme": "Ms", "Mmes": "Mses", "Mlle": "Ms", "Mlles": "Mses"}


def english_ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


class FrenchAbbreviation(Detector):
    """French ordinal or title abbreviation left in English.

    **Bad**: "on 1er janvier", "the 3e arrondissement", "Mme Lagarde said", "according to M. Macron".

    **Good**: "on 1st January", "the 3rd arrondissement", "Ms Lagarde said", "according to Mr Macron".
    """

    code = "GARB004"
    name = "locale.french-abbreviation"
    category = Category.NUMBER_FORMAT
    severity = Severity.MINOR

    def find(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for match in _ORDINAL.finditer(text):
            number, suffix = int(match.group(1)), match.group(2)
            if suffix == "e" and _is_exponent_or_code(text, match):
                continue
            english = english_ordinal(number)
            yield self.finding(
                doc,
                match.start(),
                match.end(),
                f"French ordinal: write '{english}'",
                suggestion=english,
                evidence=(Evidence("pattern", "french-ordinal", suffix),),
                confidence=0.85,
            )
        for match in _TITLE.finditer(text):
            written = match.group(1)
            if written == "M." and _follows_a_name(text, match.start()):
                continue  # a middle initial: "John M. Smith"
            english = _TITLE_ENGLISH[written.rstrip(".")]
            yield self.finding(
                doc,
                match.start(),
                match.end(),
                f"French title '{written}': write '{english}'",
                suggestion=english,
                evidence=(Evidence("pattern", "french-title", written),),
                confidence=0.8,
            )
        for match in _NUMERO.finditer(text):
            yield self.finding(
                doc,
                match.start(),
                match.end(),
                "French 'n°': write 'No.'",
                suggestion="No. ",
                evidence=(Evidence("pattern", "numero-sign"),),
                confidence=0.9,
            )


def _follows_a_name(text: str, offset: int) -> bool:
    before = text[max(0, offset - 40) : offset].split()
    return bool(before) and before[-1][:1].isupper() and before[-1].rstrip(",;:")[-1:].isalpha()


def _is_exponent_or_code(text: str, match: re.Match) -> bool:
    """'2e' in '2e5' or a product code is no ordinal; English prose rarely writes a bare '3e'."""
    after = text[match.end() : match.end() + 2]
    return after[:1].isdigit() or after[:1] in "-+" or text[match.start() - 1 : match.start()] in ("#", "-")
