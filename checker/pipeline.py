"""Orchestration: an article's text in, findings and the signals that produced them out.

Pure: no printing and no file writing. The CLI reads files and renders what comes back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from checker.detectors.base import Detector
from checker.document import Document, parse_document
from checker.findings import Finding
from checker.reading import SourceText


@dataclass(frozen=True)
class Signal:
    """One source of evidence and whether it ran on this article (and if not, why)."""

    name: str
    ran: bool
    detail: str


@dataclass
class ArticleResult:
    source: SourceText
    document: Document
    findings: list[Finding]
    signals: list[Signal]


NO_RETRANSLATION = Signal(
    "retranslation", False,
    "no re-translation ran: no engine is available in this version, so findings come from the detectors alone",
)


def check_source(
    source: SourceText,
    nlp,
    detectors: Sequence[Detector],
    *,
    progress: Callable[[int], None] | None = None,
) -> ArticleResult:
    """Parse one article and run every detector on it; findings are sorted by position."""
    document = parse_document(source.text, nlp, markdown=source.is_markdown, progress=progress)
    findings = sorted((f for detector in detectors for f in detector.find(document)), key=lambda f: f.sort_key)
    signals = [
        Signal("detectors", True, ", ".join(d.code for d in detectors)),
        NO_RETRANSLATION,
    ]
    return ArticleResult(source, document, findings, signals)
