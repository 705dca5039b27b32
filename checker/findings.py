"""The finding model: what every detector and signal produces, and every renderer consumes."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.Enum):
    """MQM-style severity, ordered: minor < major < critical."""

    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def __ge__(self, other: Severity) -> bool:
        return self.rank >= other.rank

    def __gt__(self, other: Severity) -> bool:
        return self.rank > other.rank

    def __le__(self, other: Severity) -> bool:
        return self.rank <= other.rank

    def __lt__(self, other: Severity) -> bool:
        return self.rank < other.rank


_SEVERITY_RANK = {Severity.MINOR: 1, Severity.MAJOR: 2, Severity.CRITICAL: 3}


class Category(enum.Enum):
    """An MQM-style error taxonomy: `dimension/type`."""

    MISTRANSLATION = "accuracy/mistranslation"
    UNTRANSLATED = "accuracy/untranslated"
    OMISSION = "accuracy/omission"
    ADDITION = "accuracy/addition"
    GRAMMAR = "fluency/grammar"
    SPELLING = "fluency/spelling"
    PUNCTUATION = "fluency/punctuation"
    CASING = "fluency/casing"
    NUMBER_FORMAT = "locale/number-format"
    TYPOGRAPHY = "locale/typography"
    CALQUE = "style/calque"
    AWKWARD = "style/awkward"


@dataclass(frozen=True)
class Evidence:
    """One signal that fired: its name, its value and a human-readable detail."""

    signal: str
    value: Any = None
    detail: str = ""


@dataclass(frozen=True)
class Finding:
    """A flagged span. `text` always equals the article's text[start:end]."""

    code: str
    name: str
    category: Category
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None = None
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    confidence: float = 1.0

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"{self.code}: empty or negative span {self.start}:{self.end}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"{self.code}: confidence {self.confidence} outside 0..1")

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.code)
