"""Orchestration: an article's text in, findings and the signals that produced them out.

Pure: no printing and no file writing. The CLI reads files, chooses the engine and the cache,
and renders what comes back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from checker.detectors.base import Detector
from checker.document import Document, ParseCache, parse_document
from checker.findings import Finding
from checker.reading import SourceText

if TYPE_CHECKING:
    from checker.compare.scores import SentenceScores
    from checker.engines.roundtrip import RetranslationRun

Advance = Callable[[int], None]
# Re-translates sentences (in order), reporting progress per sentence and leg.
Retranslator = Callable[[Sequence[str], Advance | None], "RetranslationRun"]


class Progress(Protocol):
    def stage(self, name: str, total: int) -> Advance:
        """Start a stage of `total` units; returns the function that advances it."""


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
    retranslation: RetranslationRun | None = None
    # Per sentence, against its re-translation; None without one.
    sentence_scores: list[SentenceScores] | None = None
    # sacrebleu's signature of each score, as the scorer that made them reports it.
    score_signatures: dict[str, str] | None = None


def check_source(
    source: SourceText,
    nlp,
    detectors: Sequence[Detector],
    *,
    retranslator: Retranslator | None = None,
    retranslation_skipped: str = "no re-translation engine was asked for (--no-retranslate)",
    progress: Progress | None = None,
    parse_cache: ParseCache | None = None,
) -> ArticleResult:
    """Parse one article, run every detector and, with a retranslator, re-translate its sentences.

    Findings are sorted by position. The re-translation is recorded and scored per sentence
    (chrF++, TER, BLEU); no finding is drawn from it yet, and the signal says so.
    """
    document = parse_document(
        source.text, nlp, markdown=source.is_markdown,
        progress=progress.stage("parsing", len(source.text)) if progress else None,
        parse_cache=parse_cache,
    )
    findings = sorted((f for detector in detectors for f in detector.find(document)), key=lambda f: f.sort_key)
    signals = [Signal("detectors", True, ", ".join(d.code for d in detectors))]
    run = scores = signatures = None
    if retranslator is None:
        signals.append(Signal("retranslation", False, retranslation_skipped))
    else:
        from checker.compare.scores import SentenceScorer

        sentences = [source.text[s.start:s.end] for s in document.sentences]
        legs = 2  # at most: out to the pivot and back
        run = retranslator(sentences, progress.stage("re-translating", legs * len(sentences)) if progress else None)
        scorer = SentenceScorer()
        scores = [scorer.score(" ".join(s.split()), r.back) for s, r in zip(sentences, run.retranslations)]
        signatures = scorer.signatures()
        route = "→".join(lang.upper() for lang in run.route)
        signals.append(Signal(
            "retranslation", True,
            f"{route} through {run.engine} ({len(sentences)} sentences; {run.cached} translations from the cache, "
            f"{run.translated} new); scored per sentence (chrF++, TER, BLEU), not yet compared into findings",
        ))
    return ArticleResult(source, document, findings, signals, run, scores, signatures)
