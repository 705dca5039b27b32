"""BIL001 source.number-mismatch: a number of the English that is no number of its source.

Compared by value across locale formats (`2 700` = `2,700`, `3,5` = `3.5`, `12 h 00` = `12:00`);
a number the French writes without digits counts too: `trois`, the month of `11 septembre` (as in
`9/11`), `XXIe siècle`, the 12-hour form of `15 h`. `the 1970s` matches `les années 70`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.bilingual.pair import Pair
from checker.bilingual.text import NUMBER, WORD, number_values
from checker.findings import Category, Evidence, Finding, Severity

CODE = "BIL001"

_FRENCH_NUMBER_WORDS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "mille": 1000,
    "premier": 1, "première": 1, "deuxième": 2, "second": 2, "seconde": 2, "troisième": 3, "quatrième": 4,
    "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8, "neuvième": 9, "dixième": 10,
    "moitié": 2, "demi": 2, "tiers": 3, "quart": 4, "douzaine": 12, "dizaine": 10, "vingtaine": 20,
    "centaine": 100,
}
_MONTHS = {month: number for number, month in enumerate(
    ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
     "novembre", "décembre"), 1)}
_MULTIPLIERS = {"cent": 100, "cents": 100, "mille": 1000, "million": 10 ** 6, "millions": 10 ** 6,
                "milliard": 10 ** 9, "milliards": 10 ** 9}
_MULTIPLIED = re.compile(r"(\d+(?:[\u00a0\u202f ,.]\d+)*|[a-zéè]+(?:-[a-zéè]+)*)\s+(" + "|".join(_MULTIPLIERS) + r")\b")
ROMAN_ORDINAL = re.compile(r"\b([IVXLC]+)(?:e|er|ème|è)\b")
_FRENCH_HOUR = re.compile(r"\b(\d{1,2})\s?h\b")


def find(pair: Pair) -> Iterator[Finding]:
    french_numbers = set(number_values(pair.french)) | implied_numbers(pair.french)
    for sentence in pair.sentences:
        english = pair.document.text[sentence.start:sentence.end]
        for match in NUMBER.finditer(english):
            (value,) = number_values(match.group())
            decade = english[match.end():match.end() + 1] == "s" and len(value) == 4 and value[2:] in french_numbers
            if value in french_numbers or decade:
                continue
            start = sentence.start + match.start()
            yield Finding(CODE, "source.number-mismatch", Category.MISTRANSLATION, Severity.MAJOR, start,
                          start + len(match.group()), match.group(),
                          f"'{match.group()}' is not a number of the source sentence",
                          evidence=(pair.source_evidence,
                                    Evidence("source-numbers", sorted(french_numbers))), confidence=0.9)


def implied_numbers(french: str) -> set[str]:
    """Numbers a French sentence states without digits, as an English translation may write them:
    number words (`trois` -> 3, `quatre-vingt-dix` -> 90, `la moitié` -> 2 as in 1/2), amounts
    with a multiplier word (`trois mille` -> 3000, `2,5 millions` -> 2500000), the month of a date
    (`11 septembre` -> 9, as in 9/11), Roman ordinals (`XXe siècle` -> 20) and the 12-hour form
    of an hour (`15 h` -> 3, as in 3 p.m.)."""
    values: set[str] = set()
    for word in WORD.findall(french.lower()):
        for part in word.split("-"):  # dix-huit, vingt-et-un: each part, and their sum below
            if part in _FRENCH_NUMBER_WORDS:
                values.add(str(_FRENCH_NUMBER_WORDS[part]))
            if part in _MONTHS:
                values.add(str(_MONTHS[part]))
        if (compound := _compound(word)) is not None:
            values.add(str(compound))
    # A number times the word after it: trois mille -> 3000, 2,5 millions -> 2500000, deux cents -> 200.
    for match in _MULTIPLIED.finditer(french.lower()):
        amount, multiplier = match.group(1), _MULTIPLIERS[match.group(2)]
        base = float(number_values(amount)[0]) if amount[0].isdigit() else _compound(amount) or _FRENCH_NUMBER_WORDS.get(amount)
        if base:
            product = base * multiplier
            values.add(str(int(product)) if product == int(product) else str(product))
    for match in ROMAN_ORDINAL.finditer(french):
        if value := _roman(match.group(1)):
            values.add(str(value))
    for match in _FRENCH_HOUR.finditer(french):
        hour = int(match.group(1))
        if 12 < hour < 24:
            values.add(str(hour - 12))
    return values


def _compound(word: str) -> int | None:
    """A hyphenated number word: dix-huit -> 18, vingt-et-un -> 21, quatre-vingt-dix -> 90."""
    parts = [p for p in word.split("-") if p != "et"]
    if len(parts) < 2:
        return None
    if parts[:2] in (["quatre", "vingt"], ["quatre", "vingts"]):
        parts = ["quatre-vingts", *parts[2:]]
    numbers = [80 if p == "quatre-vingts" else _FRENCH_NUMBER_WORDS.get(p) for p in parts]
    return sum(numbers) if all(numbers) else None


def _roman(numeral: str) -> int | None:
    digits = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for here, after in zip(numeral, numeral[1:] + " "):
        value = digits[here]
        total += -value if digits.get(after, 0) > value else value
    return total or None
