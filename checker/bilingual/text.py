"""Text helpers both languages share: words, names, numbers by value, accent folding."""

from __future__ import annotations

import re
import unicodedata

# A number in either language: digit groups joined by spaces, thin spaces, commas, points, colons or " h ".
NUMBER = re.compile(r"\d+(?:(?:[\u00a0\u202f ]|,|\.|:|\s?h\s?)\d+)*")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# A capitalised word that does not start a sentence, nor a quotation (« Heureusement, ») or a
# sentence after an ellipsis: in French, almost always a name.
NAME = re.compile(
    r"(?<![.!?…]\s)(?<![«“\"]\s)(?<![«“\"])(?<!^)\b[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ][^\W\d_]+(?:-[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ][^\W\d_]+)*"
)


def number_values(text: str) -> list[str]:
    """Numbers by value, whatever the locale: '2 700', '2,700' -> '2700'; '3,5', '3.5' -> '3.5';
    '12 h 00', '12:00', '1200' -> '1200'. A comma or point before exactly three digits groups
    thousands; before any other count it is the decimal mark."""
    values = []
    for match in NUMBER.finditer(text):
        joined = re.sub(r"[\u00a0\u202f :]|\s?h\s?", "", match.group())
        head, *rest = re.split(r"[,.]", joined)
        value = head
        for part in rest:
            value += part if len(part) == 3 else "." + part
        if "." in value:
            value = value.rstrip("0").rstrip(".")
        values.append(value.lstrip("0") or "0")
    return values


def fold(word: str) -> str:
    """Lower case without accents: 'Bahreïn' -> 'bahrein'."""
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if unicodedata.category(c) != "Mn")


def anchors(text: str) -> set[str]:
    """What a sentence shares with its translation whatever the language: numbers and names."""
    return set(number_values(text)) | {fold(m.group()) for m in NAME.finditer(text)}


def clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
