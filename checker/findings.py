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


# Which finding keeps its name where two overlap: a rule's own finding over the accuracy model's
# (BIL011), and both over a re-translation disagreement (GARB100), which only adds evidence.
_WEAK_CODES = {"GARB100": 0, "BIL011": 1}


def merge_overlapping(findings: list[Finding]) -> list[Finding]:
    """One finding per flagged place: a finding on the same span as another, or a model's
    finding (BIL011, GARB100) overlapping a rule's, is folded into it as evidence. Of two on one
    span the more severe is kept (on a tie, the first code: BIL002 with the source's evidence
    before GARB013). The kept finding keeps its own severity, so a model's finding (which exists
    only with an engine) never changes a rule's: it adds evidence and confidence. Sorted by position."""
    ordered = sorted(findings, key=lambda f: (-_WEAK_CODES.get(f.code, 2), f.start, f.end, -f.severity.rank, f.code))
    kept: list[Finding] = []
    for finding in ordered:
        rank = _WEAK_CODES.get(finding.code, 2)
        host = next(
            (
                k
                for k, other in enumerate(kept)
                if (other.start, other.end) == (finding.start, finding.end)
                or (rank < _WEAK_CODES.get(other.code, 2) and other.start < finding.end and finding.start < other.end)
            ),
            None,
        )
        if host is None:
            kept.append(finding)
            continue
        other = kept[host]
        also = Evidence("also-flagged", finding.code, f"{finding.name}: {finding.message}")
        # Another span's fix does not fit this one: only a finding on the same span lends its suggestion,
        # and not a round trip's rewording (GARB100), which never read the source.
        same_span = (other.start, other.end) == (finding.start, finding.end) and finding.code != "GARB100"
        kept[host] = Finding(
            other.code,
            other.name,
            other.category,
            other.severity,
            other.start,
            other.end,
            other.text,
            other.message,
            other.suggestion if other.suggestion is not None or not same_span else finding.suggestion,
            other.evidence + (also,) + tuple(e for e in finding.evidence if e not in other.evidence),
            max(other.confidence, finding.confidence),
        )
    return sorted(kept, key=lambda f: f.sort_key)
