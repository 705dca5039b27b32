"""checker's own predictions on an evaluation set: findings as severity-labelled spans."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from checker.detectors.base import Detector
from checker.evaluation.spans import Span
from checker.findings import Severity
from checker.pipeline import check_source
from checker.reading import SourceText

# WMT23 task 2 and most MQM data know minor and major only.
_TWO_LEVELS = {Severity.MINOR: "minor", Severity.MAJOR: "major", Severity.CRITICAL: "major"}


def predict_spans(
    texts: Mapping[str, str],
    nlp,
    detectors: Sequence[Detector],
    progress: Callable[[int], None] | None = None,
) -> dict[str, list[Span]]:
    """Each segment checked as an article of its own; every finding becomes a span."""
    predictions: dict[str, list[Span]] = {}
    for segment, text in texts.items():
        spans: list[Span] = []
        if text.strip():
            result = check_source(SourceText(f"segment {segment}", text, "utf-8"), nlp, detectors)
            spans = [Span(f.start, f.end, _TWO_LEVELS[f.severity]) for f in result.findings]
        predictions[segment] = spans
        if progress is not None:
            progress(1)
    return predictions
