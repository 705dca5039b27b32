"""Orchestration: an article's text in, findings and the signals that produced them out.

Pure: no printing and no file writing. The CLI reads files, chooses the engine and the cache,
and renders what comes back.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from checker.detectors.base import Detector
from checker.document import Document, ParseCache, parse_document
from checker.findings import Finding
from checker.reading import SourceText

if TYPE_CHECKING:
    from checker.compare.fusion import FusionModel, SentenceComparison
    from checker.compare.scores import SentenceScores
    from checker.engines.roundtrip import RetranslationRun

Advance = Callable[[int], None]
# Re-translates sentences (in order), reporting progress per sentence and leg.
Retranslator = Callable[[Sequence[str], Advance | None], "RetranslationRun"]
# Translates French source sentences into English, by every route it has (see SourceTranslations).
SourceTranslator = Callable[[Sequence[str], Advance | None], "SourceTranslations"]


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
class SourceTranslations:
    """Independent English translations of the source's sentences (one string per French sentence).

    `hybrid` (Apertium fr-es-pt, then Bergamot pt-en: fluent) and `direct` (Apertium fr-es-en,
    unknown words marked `*`: literal) feed the accuracy model (BIL011); `engine` is the
    round-trip engine's own fr->en translation when it has one (BIL009). `labels` name the engine
    of each route that ran; `notes` say why a route did not run.
    """

    hybrid: list[str] | None = None
    direct: list[str] | None = None
    engine: list[str] | None = None
    labels: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


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
    # Per sentence: alignment edits, token error probabilities and the garble score (0-1).
    comparisons: list[SentenceComparison] | None = None
    # The word-weighted mean of the sentence garble scores; None without a re-translation.
    garble: float | None = None
    # With a French source: its sentences and their alignment links to the English sentences.
    source_alignment: tuple[list, list] | None = None
    # With a French source translated: the translations of its sentences, by route.
    source_translations: SourceTranslations | None = None
    # With the source weighed (BIL011): every English word of the aligned pairs, (start, end, error probability).
    source_word_scores: list[tuple[int, int, float]] | None = None


def check_source(
    source: SourceText,
    nlp,
    detectors: Sequence[Detector],
    *,
    retranslator: Retranslator | None = None,
    retranslation_skipped: str = "no re-translation engine was asked for (--no-retranslate)",
    progress: Progress | None = None,
    parse_cache: ParseCache | None = None,
    fusion_model: FusionModel | None = None,
    min_confidence: float | None = None,
    document: Document | None = None,
    french_source: str | None = None,
    glossary: dict[str, str] | None = None,
    source_translator: SourceTranslator | None = None,
    source_translation_skipped: str = "no engine with a fr->en model was asked for",
) -> ArticleResult:
    """Parse one article, run every detector and, with a retranslator, compare it with its re-translation.

    The comparison scores each sentence (chrF++, TER, BLEU), aligns it with its re-translation
    (ERRANT edits) and fuses edits and detector findings with the calibrated model (the shipped
    one unless `fusion_model` is given); spans the model gives at least `min_confidence` (default:
    the model's reporting threshold) become findings. Findings are sorted by position. A
    `document` already parsed from `source` is used as it is. With the article's `french_source`,
    the bilingual checks run too (an unrelated source raises InputError); with a
    `source_translator` the source is translated into English first (Apertium's routes, an
    engine's own fr->en), BIL009 compares the English with the engine's translation, and after
    the comparison BIL011 weighs every English word against the source (`_weigh_against_source`).
    Findings on one place are merged into one.
    """
    if document is None:
        document = parse_document(
            source.text,
            nlp,
            markdown=source.is_markdown,
            progress=progress.stage("parsing", len(source.text)) if progress else None,
            parse_cache=parse_cache,
        )
    findings = sorted((f for detector in detectors for f in detector.find(document)), key=lambda f: f.sort_key)
    signals = [Signal("detectors", True, ", ".join(d.code for d in detectors))]
    alignment = None
    if french_source is not None:  # aligned first: another article's source is refused before any translation
        from checker.bilingual import align_source

        alignment = align_source(document, french_source)
    run = None
    if retranslator is not None:  # first: the bilingual name check reads the pivots
        sentences = [source.text[s.start : s.end] for s in document.sentences]
        legs = 2  # at most: out to the pivot and back
        run = retranslator(sentences, progress.stage("re-translating", legs * len(sentences)) if progress else None)
    source_alignment = source_translations = None
    if alignment is None:
        signals.append(Signal("source", False, "no French source given (--source, or NAME.fr.txt beside NAME.en.txt)"))
    else:
        from checker.bilingual import check_aligned

        links, french = alignment
        pivots = [r.pivot for r in run.retranslations] if run is not None else None
        if source_translator is None:
            signals_after = [Signal("source-translation", False, source_translation_skipped)]
        else:  # first: the name check reads how the translations write the source's names
            advance = progress.stage("translating the source", len(french)) if progress else None
            source_translations = source_translator([sentence.text for sentence in french], advance)
            if source_translations.engine is not None:
                from checker.bilingual import compare_with_translation

                findings = sorted(
                    findings + compare_with_translation(document, links, source_translations.engine),
                    key=lambda f: f.sort_key,
                )
            signals_after = _source_translation_signals(source_translations)
        routes = (
            [r for r in (source_translations.hybrid, source_translations.direct) if r is not None]
            if source_translations is not None
            else None
        )
        bilingual = check_aligned(document, links, french, glossary, pivots, routes or None)
        findings = sorted(findings + bilingual, key=lambda f: f.sort_key)
        source_alignment = (french, links)
        paired = sum(1 for link in links if link.source and link.target)
        names_also = " (looked for in the round trip's pivot too)" if pivots and any(pivots) else ""
        signals.append(
            Signal(
                "source",
                True,
                f"{len(french)} French sentences aligned to the English in {paired} "
                f"links; numbers, French left in, names{names_also} and their case, "
                f"additions, omissions, length, brackets and quotes"
                + (f", a glossary of {len(glossary)} terms" if glossary else ""),
            )
        )
        signals.extend(signals_after)
        from checker.bilingual import merge_overlapping

        findings = merge_overlapping(findings)
    result = ArticleResult(
        source,
        document,
        findings,
        signals,
        retranslation=run,
        source_alignment=source_alignment,
        source_translations=source_translations,
    )
    if run is None:
        signals.append(Signal("retranslation", False, retranslation_skipped))
        signals.append(Signal("comparison", False, "nothing to compare with: no re-translation"))
    else:
        route = "→".join(lang.upper() for lang in run.route)
        signals.append(
            Signal(
                "retranslation",
                True,
                f"{route} through {run.engine} ({len(document.sentences)} sentences; {run.cached} translations "
                "from the "
                f"cache, {run.translated} new)",
            )
        )
        _compare(result, nlp, fusion_model, min_confidence, progress)
    if (
        source_translations is not None
        and source_translations.hybrid is not None
        and source_translations.direct is not None
    ):
        _weigh_against_source(result)
    elif source_alignment is not None:
        signals.append(
            Signal(
                "source-accuracy",
                False,
                "needs both Apertium translations of the source (--source-engine apertium, Apertium installed)",
            )
        )
    if document.excluded:  # inline code, HTML tags, link targets: not the article's prose
        result.findings = [f for f in result.findings if not document.in_excluded(f.start, f.end)]
    return result


def _weigh_against_source(result: ArticleResult) -> None:
    """BIL011: every English word weighed against the source by the accuracy model, with the round
    trip's probabilities and the rules' findings among its inputs. A re-translation disagreement
    (GARB100) is then one of the model's inputs, not a finding of its own: it is kept only as
    evidence of a BIL011 finding it overlaps."""
    from checker.bilingual import check_accuracy
    from checker.findings import merge_overlapping

    # Called only with the source aligned and both Apertium routes translated.
    assert result.source_alignment is not None and result.source_translations is not None
    french, links = result.source_alignment
    translations = result.source_translations
    assert translations.hybrid is not None and translations.direct is not None
    rules = [f for f in result.findings if f.code != "GARB100"]
    found, words = check_accuracy(
        result.document, links, french, translations.hybrid, translations.direct, accuracy_context(result)
    )
    disagreements = [f for f in result.findings if f.code == "GARB100"]
    corroborated = [f for f in disagreements if any(a.start < f.end and f.start < a.end for a in found)]
    result.findings = merge_overlapping(rules + found + corroborated)
    result.source_word_scores = words
    result.signals.append(
        Signal(
            "source-accuracy",
            True,
            f"every English word weighed against the source by the calibrated accuracy model "
            f"({_accuracy_model_description()})"
            + (
                f"; {len(disagreements) - len(corroborated)} re-translation disagreement(s) left to the model "
                "rather than "
                f"reported alone"
                if disagreements
                else ""
            ),
        )
    )


def accuracy_context(result: ArticleResult):
    """What BIL011 reads from the rest of the pipeline: the round trip's token probabilities and
    the spans of the rules' findings (not GARB100's: the round trip is read as probabilities; nor
    BIL011's own, when the result has them already)."""
    from checker.bilingual import WordContext

    roundtrip = []
    for sentence, comparison in zip(result.document.sentences, result.comparisons or [], strict=True):
        roundtrip += [
            (sentence.offset(t), sentence.end_offset(t), p)
            for t, p in zip(sentence.span, comparison.token_probabilities, strict=True)
        ]
    return WordContext(roundtrip, [(f.start, f.end) for f in result.findings if f.code not in ("GARB100", "BIL011")])


def _accuracy_model_description() -> str:
    from checker.bilingual.accuracy import default_model

    model = default_model()
    return (
        f"lexical table, cognates, both Apertium translations, English bigrams, the round trip and the rules; "
        f"{model.description}; reported from probability {model.threshold:.2f}"
    )


def _source_translation_signals(translations: SourceTranslations) -> list[Signal]:
    from checker.bilingual import DIRECT_CHRF_THRESHOLD

    ran = [f"{route} by {label}" for route, label in translations.labels.items()]
    signals = [
        Signal(
            "source-translation",
            bool(ran),
            ("the source translated FR->EN: " + "; ".join(ran) if ran else "the source was not translated")
            + ("; " + "; ".join(translations.notes) if translations.notes else ""),
        )
    ]
    if translations.engine is not None:
        signals.append(
            Signal(
                "source-divergence",
                True,
                f"aligned pairs whose chrF++ against {translations.labels.get('engine', 'the engine')}'s "
                f"translation is under {DIRECT_CHRF_THRESHOLD:.0f} are flagged",
            )
        )
    return signals


# How many articles may be parsed and queued for re-translation ahead of the one being compared.
LOOKAHEAD_ARTICLES = 8


def check_sources(
    sources: Iterable[SourceText],
    nlp,
    detectors: Sequence[Detector],
    *,
    retranslator: Retranslator | None = None,
    progress: Progress | None = None,
    parse_cache: ParseCache | None = None,
    min_confidence: float | None = None,
    french_sources: Mapping[str, str] | None = None,
    **options,
) -> Iterator[ArticleResult]:
    """`check_source` for several articles, in order, with the re-translation running ahead.

    Translation releases the GIL and keeps the cores busy while this thread parses the next
    articles and compares the finished ones, instead of each waiting for the other. At most
    LOOKAHEAD_ARTICLES parsed articles wait at a time. One article gets per-stage progress;
    several get one bar counting articles. `french_sources` maps an article's path to its source.
    """
    french = french_sources or {}
    common = dict(parse_cache=parse_cache, min_confidence=min_confidence, **options)
    count = len(sources) if isinstance(sources, Sized) else None  # a generator: no total for the bar
    if retranslator is None or count == 1:
        for source in sources:
            yield check_source(
                source,
                nlp,
                detectors,
                retranslator=retranslator,
                progress=progress,
                french_source=french.get(source.path),
                **common,
            )
        return
    from concurrent.futures import ThreadPoolExecutor

    advance = progress.stage("articles", count or 0) if progress else None
    pending: deque = deque()

    def finish():
        source, document, future = pending.popleft()
        result = check_source(
            source,
            nlp,
            detectors,
            retranslator=lambda sentences, _: future.result(),
            document=document,
            french_source=french.get(source.path),
            **common,
        )
        window = getattr(source, "window", None)  # a huge article's windows count as one article
        if advance is not None and (window is None or window.last):
            advance(1)
        return result

    # Two articles in flight: while the engine finishes one article's last sentence, the next
    # article's sentences keep the other cores busy.
    feeder = ThreadPoolExecutor(max_workers=2, thread_name_prefix="retranslate")
    try:
        for source in sources:
            if len(pending) >= LOOKAHEAD_ARTICLES:
                yield finish()
            document = parse_document(source.text, nlp, markdown=source.is_markdown, parse_cache=parse_cache)
            sentences = [source.text[s.start : s.end] for s in document.sentences]
            pending.append((source, document, feeder.submit(retranslator, sentences, None)))
            while len(pending) > 1 and pending[0][2].done():
                yield finish()
        while pending:
            yield finish()
    except BaseException:
        # Interrupted or failed: do not wait here for articles still translating.
        feeder.shutdown(wait=False, cancel_futures=True)
        raise
    feeder.shutdown()


def _compare(
    result: ArticleResult, nlp, model: FusionModel | None, min_confidence: float | None, progress: Progress | None
) -> None:
    """Scores, alignment and fusion of an article with its re-translation, into `result`."""
    from checker.compare import fusion
    from checker.compare.alignment import MAX_ALIGNED_TOKENS, align_all
    from checker.compare.scores import SentenceScorer

    document, run = result.document, result.retranslation
    assert run is not None  # compared only after a re-translation
    sentences = document.sentences
    backs = [r.back for r in run.retranslations]
    scorer = SentenceScorer()
    result.sentence_scores = [
        scorer.score(" ".join(result.source.text[s.start : s.end].split()), back)
        for s, back in zip(sentences, backs, strict=True)
    ]
    result.score_signatures = scorer.signatures()
    advance = progress.stage("comparing", len(sentences)) if progress else None
    edits = align_all(sentences, backs, nlp)
    model = model or fusion.default_model()
    result.comparisons = fusion.compare_sentences(document, result.findings, edits, result.sentence_scores, model)
    if advance is not None:
        advance(len(sentences))
    threshold = model.report_threshold if min_confidence is None else min_confidence
    result.findings = fusion.fuse(document, result.findings, result.comparisons, backs, model, threshold)
    result.garble = fusion.document_garble(document, result.comparisons)
    too_long = sum(e is None for e in edits)
    result.signals.append(
        Signal(
            "comparison",
            True,
            "sentence scores (chrF++, TER, BLEU), ERRANT alignment and the calibrated fusion model "
            f"({model.description}); "
            f"disagreements reported from probability {threshold:.2f}"
            + (f"; {too_long} sentence(s) over {MAX_ALIGNED_TOKENS} tokens not aligned" if too_long else ""),
        )
    )
