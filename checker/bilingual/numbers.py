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

# Cardinals that combine into larger numbers (deux cent cinquante, quatre-vingt-dix-sept).
_CARDINALS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
    "vingts": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "cent": 100,
    "cents": 100,
    "mille": 1000,
}
_AFTER_ET = frozenset({"un", "une", "onze", "unième", "onzième"})
# Words that state a number on their own: ordinals other than -ième, fractions (la moitié, as in
# 1/2), approximate counts (une dizaine, about 10), and the hours midi and minuit.
_NUMBER_WORDS = {
    "premier": 1,
    "première": 1,
    "second": 2,
    "seconde": 2,
    "moitié": 2,
    "demi": 2,
    "tiers": 3,
    "quart": 4,
    "douzaine": 12,
    "dizaine": 10,
    "vingtaine": 20,
    "centaine": 100,
    "millier": 1000,
    "midi": 12,
    "minuit": 12,
}
_MONTHS = {
    month: number
    for number, month in enumerate(
        (
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ),
        1,
    )
}
_MULTIPLIERS = {
    "cent": 100,
    "cents": 100,
    "mille": 1000,
    "million": 10**6,
    "millions": 10**6,
    "milliard": 10**9,
    "milliards": 10**9,
}
# Digits times the word after them (2,5 millions); number words with one are read as phrases.
_MULTIPLIED = re.compile(r"(\d+(?:[\u00a0\u202f ,.]\d+)*)\s+(" + "|".join(_MULTIPLIERS) + r")\b")
_ENGLISH_MULTIPLIERS = {"thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_ENGLISH_MULTIPLIED = re.compile(r"\s+(" + "|".join(_ENGLISH_MULTIPLIERS) + r")\b", re.IGNORECASE)
ROMAN_ORDINAL = re.compile(r"\b([IVXLC]+)(?:e|er|ème|è)\b")
# An hour of the 24-hour clock, with its minutes: 15 h, 20 h 30, 14h30, 20 heures.
_FRENCH_HOUR = re.compile(r"\b(\d{1,2})\s?(?:h|heures?)(?:\s?(\d{2}))?\b")


def find(pair: Pair) -> Iterator[Finding]:
    french_numbers = set(number_values(pair.french)) | implied_numbers(pair.french)
    for sentence in pair.sentences:
        english = pair.document.text[sentence.start : sentence.end]
        for match in NUMBER.finditer(english):
            (value,) = number_values(match.group())
            decade = english[match.end() : match.end() + 1] == "s" and len(value) == 4 and value[2:] in french_numbers
            if value in french_numbers or decade or _multiplied_english(value, english, match.end()) in french_numbers:
                continue
            start = sentence.start + match.start()
            yield Finding(
                CODE,
                "source.number-mismatch",
                Category.MISTRANSLATION,
                Severity.MAJOR,
                start,
                start + len(match.group()),
                match.group(),
                f"'{match.group()}' is not a number of the source sentence",
                evidence=(pair.source_evidence, Evidence("source-numbers", sorted(french_numbers))),
                confidence=0.9,
            )


def implied_numbers(french: str) -> set[str]:
    """Numbers a French sentence states without digits, as an English translation may write them:
    number words and the numbers they make together (`trois` -> 3, `deux cent cinquante` -> 250,
    `vingt et unième` -> 21), a fraction or count (`la moitié` -> 2 as in 1/2, `un millier` -> 1000),
    amounts with a multiplier word (`trois mille` -> 3000, `2,5 millions` -> 2500000), the month of a
    date (`11 septembre` -> 9, as in 9/11), Roman ordinals (`XXe siècle` -> 20), the 12-hour
    form of an hour (`15 h` -> 3, `20 h 30` -> 8:30) and the parts of a duration (`2 h 16` -> 2, 16)."""
    values: set[str] = set()
    run: list[int] = []  # the cardinals of the number phrase being read
    for word, following in _words_and_next(french.lower()):
        parts = [part for part in word.split("-") if part != "et"]
        numbers = [_cardinal(part) for part in parts]
        if parts and all(n is not None for n in numbers):
            run.extend(n for n in numbers if n is not None)
            values.update(str(n) for n in numbers)  # each word alone too: the 'deux' of 'deux cents'
            continue
        if word == "et" and run and following in _AFTER_ET:  # vingt et un, soixante et onze; not 'un et deux'
            continue
        if run:
            values.add(str(_phrase_value(run)))
            run = []
        for part in parts:
            if part in _NUMBER_WORDS:
                values.add(str(_NUMBER_WORDS[part]))
            if part in _MONTHS:
                values.add(str(_MONTHS[part]))
    for match in _MULTIPLIED.finditer(french.lower()):  # 2,5 millions -> 2500000
        values.add(_format(float(number_values(match.group(1))[0]) * _MULTIPLIERS[match.group(2)]))
    for match in ROMAN_ORDINAL.finditer(french):
        if value := _roman(match.group(1)):
            values.add(str(value))
    for match in _FRENCH_HOUR.finditer(french):
        hour, minutes = int(match.group(1)), match.group(2) or ""
        values.add(str(hour))  # a duration: 2 h 16 -> 2 hours and 16 minutes
        if minutes:
            values.add(str(int(minutes)))
        if 12 < hour < 24:
            values.update({str(hour - 12), f"{hour - 12}{minutes}"})
    return values


def _words_and_next(text: str) -> Iterator[tuple[str, str]]:
    """Each word with the one after it; "" after the last word and before any punctuation, which
    ends a number phrase ('deux cents, vingt' is two numbers)."""
    matches = list(WORD.finditer(text))
    for match, after in zip(matches, [*matches[1:], None], strict=True):
        joined = after is not None and not text[match.end() : after.start()].strip()
        yield match.group(), after.group() if after is not None and joined else ""
        if not joined:
            yield "", ""


def _cardinal(word: str) -> int | None:
    """The value of a cardinal or -ième ordinal number word: `cinq`, `cinquième`, `unième` -> 5, 5, 1."""
    if word in _CARDINALS:
        return _CARDINALS[word]
    if word.endswith("ième"):
        stem = word[:-4]
        for candidate in (stem, stem + "e", stem[:-1] + "f", stem.removesuffix("u")):  # neuvième, quatrième, cinquième
            if candidate in _CARDINALS:
                return _CARDINALS[candidate]
    return None


def _phrase_value(numbers: list[int]) -> int:
    """The number French number words make in sequence: [2, 100, 50] -> 250, [4, 20, 10, 7] -> 97."""
    total = current = previous = 0
    for number in numbers:
        if number == 100:
            current = (current or 1) * 100
        elif number == 1000:
            total += (current or 1) * 1000
            current = 0
        elif number == 20 and previous == 4:  # quatre-vingts
            current += 80 - 4
        else:
            current += number
        previous = number
    return total + current


def _multiplied_english(value: str, english: str, end: int) -> str | None:
    """An English amount with its multiplier word as one value: '1.5' of '1.5 million' -> '1500000'."""
    if match := _ENGLISH_MULTIPLIED.match(english, end):
        return _format(float(value) * _ENGLISH_MULTIPLIERS[match.group(1).lower()])
    return None


def _format(number: float) -> str:
    return str(int(number)) if number == int(number) else str(number)


def _roman(numeral: str) -> int | None:
    digits = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for here, after in zip(numeral, numeral[1:] + " ", strict=True):
        value = digits[here]
        total += -value if digits.get(after, 0) > value else value
    return total or None
