"""Split inputs that are too long for a model at clause boundaries; rejoin the translations.

Nothing is truncated: every character of the input is in exactly one piece.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Best places to cut, best first: after a semicolon or colon, after a comma, before a
# conjunction, then any space.
_BOUNDARIES = (
    re.compile(r"(?<=[;:])\s+"),
    re.compile(r"(?<=,)\s+"),
    re.compile(r"\s+(?=(?:and|but|or|while|which|who|because|although|when|where)\b)"),
    re.compile(r"\s+"),
)


def split_to_fit(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Pieces of `text` that each fit (when any cut can make them fit), cut near the middle."""
    if fits(text):
        return [text]
    for boundary in _BOUNDARIES:
        cuts = [m for m in boundary.finditer(text) if m.start() > 0 and m.end() < len(text)]
        if cuts:
            middle = len(text) / 2
            best = min(cuts, key=lambda m: abs(m.start() - middle))
            return split_to_fit(text[: best.start()], fits) + split_to_fit(text[best.end() :], fits)
    # No space at all: cut the characters in half (a run of letters longer than the model takes).
    if len(text) > 1:
        half = len(text) // 2
        return split_to_fit(text[:half], fits) + split_to_fit(text[half:], fits)
    return [text]
