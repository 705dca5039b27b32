"""checker's own predictions on an evaluation set: each segment checked as an article of its own."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from checker.detectors.base import Detector
from checker.document import parse_document
from checker.evaluation.spans import Span
from checker.findings import Severity
from checker.pipeline import check_source
from checker.reading import SourceText

# WMT23 task 2 and most MQM data know minor and major only.
_TWO_LEVELS = {Severity.MINOR: "minor", Severity.MAJOR: "major", Severity.CRITICAL: "major"}


@dataclass(frozen=True)
class SegmentPrediction:
    spans: list[Span]
    garble: float | None  # the segment's garble score; None without a re-translation


def predict_segments(
    texts: Mapping[str, str],
    nlp,
    detectors: Sequence[Detector],
    *,
    engine=None,
    cache=None,
    min_confidence: float | None = None,
    progress: Callable[[str, int], Callable[[int], None]] | None = None,
) -> dict[str, SegmentPrediction]:
    """Findings as severity-labelled spans, and garble scores, for every segment.

    With an engine, every sentence of every segment is re-translated in one batch first (the
    engine's threads stay busy, and the cache is filled once); each segment is then checked with
    its own sentences' re-translations. Disagreements are flagged from `min_confidence` (default:
    the fusion model's best-F1 threshold). `progress(stage, total)` returns a step function.
    """
    from checker.compare.fusion import default_model
    from checker.engines.roundtrip import RetranslationRun, retranslate

    threshold = default_model().span_threshold if min_confidence is None else min_confidence
    segments = {key: text for key, text in texts.items() if text.strip()}
    # Parsed once: the sentences go to the batch re-translation, the documents to the checks.
    documents = {key: parse_document(text, nlp, parse_cache=cache) for key, text in segments.items()}
    retranslator = None
    if engine is not None:
        sentences = [text[s.start : s.end] for key, text in segments.items() for s in documents[key].sentences]
        run = retranslate(
            sentences, engine, cache, progress=progress("re-translating", 2 * len(sentences)) if progress else None
        )
        by_sentence = {r.original: r for r in run.retranslations}

        def retranslator(wanted, advance):
            return RetranslationRun(
                run.engine, run.signature, run.route, [by_sentence[s] for s in wanted], cached=len(wanted)
            )

    step = progress("checking", len(texts)) if progress else None
    predictions: dict[str, SegmentPrediction] = {}
    for key, text in texts.items():
        prediction = SegmentPrediction([], None)
        if key in segments:
            result = check_source(
                SourceText(f"segment {key}", text, "utf-8"),
                nlp,
                detectors,
                retranslator=retranslator,
                document=documents[key],
                min_confidence=threshold,
            )
            prediction = SegmentPrediction(
                [Span(f.start, f.end, _TWO_LEVELS[f.severity]) for f in result.findings], result.garble
            )
        predictions[key] = prediction
        if step is not None:
            step(1)
    return predictions
