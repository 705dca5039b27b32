"""Fusion: alignment edits, detector findings and sentence scores become one list of findings.

A round trip rewords clean text too, so an edit alone is weak evidence. Two logistic models,
fitted on dev data only by `bench/fit_fusion.py` and shipped as `data/fusion.json`, weigh the
signals:
- the token model gives each MT token the probability that a human would mark it as an error,
  from the ERRANT label of the edit covering it, its neighbours' edits, the sentence's chrF++, the
  word's rarity and part of speech, and the detector findings on it;
- the sentence model gives each sentence a garble score (0-1) from its sentence scores, the share
  of edited tokens, its token probabilities and its detector findings.
Runs of tokens at or above a threshold become findings (the model file carries two operating points:
one for `checker check`, where a finding should more often than not be an error, and one for the
best F1 against human spans, used by `checker eval`); a run that overlaps a detector finding
is merged into it, so one finding lists every signal behind it.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources

from checker.compare.alignment import Edit
from checker.compare.scores import SentenceScores
from checker.detectors.frequency import zipf
from checker.document import Document, Sentence
from checker.findings import Category, Evidence, Finding, Severity
from checker.rules import RETRANSLATION_CODE, RETRANSLATION_NAME

CODE, NAME = RETRANSLATION_CODE, RETRANSLATION_NAME

# ERRANT categories kept as features of their own; the rest count as OTHER.
EDIT_CATEGORIES = (
    "ADJ",
    "ADJ:FORM",
    "ADV",
    "CONJ",
    "CONTR",
    "DET",
    "MORPH",
    "NOUN",
    "NOUN:INFL",
    "NOUN:NUM",
    "NOUN:POSS",
    "ORTH",
    "OTHER",
    "PART",
    "PREP",
    "PRON",
    "PUNCT",
    "SPELL",
    "VERB",
    "VERB:FORM",
    "VERB:INFL",
    "VERB:SVA",
    "VERB:TENSE",
    "WO",
)
POS_GROUPS = ("PROPN", "NOUN", "VERB", "AUX", "ADJ", "ADV", "NUM", "PUNCT", "ADP", "DET", "PRON")

_CATEGORY_OF_EDIT = {
    "ORTH": Category.CASING,
    "PUNCT": Category.PUNCTUATION,
    "SPELL": Category.SPELLING,
    "WO": Category.AWKWARD,
    "OTHER": Category.MISTRANSLATION,
    "NOUN": Category.MISTRANSLATION,
    "VERB": Category.MISTRANSLATION,
    "ADJ": Category.MISTRANSLATION,
    "ADV": Category.MISTRANSLATION,
    "MORPH": Category.MISTRANSLATION,
}


@dataclass(frozen=True)
class LogisticModel:
    bias: float
    weights: dict[str, float]

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class FusionModel:
    token: LogisticModel
    sentence: LogisticModel
    # Operating points on the token probability, chosen on held-out dev data:
    span_threshold: float  # best character F1 (recall-minded): what `checker eval` scores
    report_threshold: float  # held-out precision >= 0.5 on post-edits: what `checker check` reports
    major_threshold: float  # an error more likely than not
    description: str = ""

    @classmethod
    def from_dict(cls, data: dict) -> FusionModel:
        return cls(
            LogisticModel(data["token"]["bias"], data["token"]["weights"]),
            LogisticModel(data["sentence"]["bias"], data["sentence"]["weights"]),
            data["span_threshold"],
            data["report_threshold"],
            data["major_threshold"],
            data.get("description", ""),
        )


@functools.cache
def default_model() -> FusionModel:
    """The weights fitted by bench/fit_fusion.py on the dev splits."""
    text = resources.files("checker.compare").joinpath("data", "fusion.json").read_text(encoding="utf-8")
    return FusionModel.from_dict(json.loads(text))


@dataclass(frozen=True)
class SentenceComparison:
    """One sentence against its re-translation: the edits, per-token probabilities, garble score."""

    edits: list[Edit] | None  # None: the sentence was too long to align
    token_probabilities: list[float]
    garble: float


def token_features(
    sentence: Sentence, edits: Sequence[Edit], scores: SentenceScores, detector_findings: Sequence[Finding]
) -> list[dict[str, float]]:
    """One feature dict per token of the sentence (see the module docstring)."""
    tokens = list(sentence.span)
    n = len(tokens)
    covering: list[Edit | None] = [None] * n
    missing_before = [0.0] * (n + 1)
    for edit in edits:
        if edit.first_token == edit.end_token:
            missing_before[edit.first_token] = 1.0
        for i in range(edit.first_token, edit.end_token):
            covering[i] = edit
    edited_share = sum(e is not None for e in covering) / max(1, n)
    chrf_gap = 1.0 - scores.chrf / 100.0
    spans = [(sentence.offset(t), sentence.end_offset(t)) for t in tokens]
    features = []
    for i, token in enumerate(tokens):
        f: dict[str, float] = {"chrf_gap": chrf_gap, "edited_share": edited_share}
        here = covering[i]
        if here is not None:
            category = here.category if here.category in EDIT_CATEGORIES else "OTHER"
            f[f"edit={here.operation}:{category}"] = 1.0
            f["in_edit"] = 1.0
            f["in_edit*chrf_gap"] = chrf_gap
            f["edit_tokens"] = math.log1p(here.end_token - here.first_token)
            f["edit_length_ratio"] = math.log((len(here.retranslation) + 1) / (len(here.mt) + 1))
        neighbours = [covering[j] for j in (i - 1, i + 1) if 0 <= j < n]
        if any(e is not None and e is not here for e in neighbours):
            f["neighbour_in_edit"] = 1.0
        if missing_before[i] or missing_before[i + 1]:
            f["next_to_missing"] = 1.0
        word = token.lower_
        if token.is_alpha:
            frequency = zipf(word)
            f["rarity"] = max(0.0, min(1.0, (7.0 - frequency) / 7.0))
            if frequency == 0.0 and token.pos_ != "PROPN":
                f["unknown_word"] = 1.0
        if token.pos_ in POS_GROUPS:
            f[f"pos={token.pos_}"] = 1.0
        if token.is_stop:
            f["stop_word"] = 1.0
        if token.dep_ == "dep":  # the parser found no relation that fits: often broken syntax
            f["unclassified_dependency"] = 1.0
        if (
            covering[i] is None
            and token.head.i != token.i
            and 0 <= token.head.i - sentence.span.start < n
            and covering[token.head.i - sentence.span.start] is not None
        ):
            f["head_in_edit"] = 1.0
        if token.is_title and i > 0:
            f["capitalised_inside"] = 1.0
        if i == 0:
            f["sentence_start"] = 1.0
        start, end = spans[i]
        hits = [d for d in detector_findings if d.start < end and start < d.end]
        if hits:
            f["detector"] = 1.0
            if any(d.severity >= Severity.MAJOR for d in hits):
                f["detector_major"] = 1.0
        features.append(f)
    return features


def sentence_features(
    sentence: Sentence,
    edits: Sequence[Edit] | None,
    scores: SentenceScores,
    probabilities: Sequence[float],
    detector_findings: Sequence[Finding],
) -> dict[str, float]:
    n = max(1, len(sentence.span))
    words = [t for t in sentence.span if t.is_alpha]
    frequencies = [zipf(t.lower_) for t in words]
    f = {
        "unclassified_dependencies": sum(t.dep_ == "dep" for t in sentence.span) / n,
        "rare_word_share": sum(z < 3.0 for z in frequencies) / max(1, len(words)),
        "unknown_word_share": sum(z == 0.0 and t.pos_ != "PROPN" for t, z in zip(words, frequencies, strict=True))
        / max(1, len(words)),
        "chrf_gap": 1.0 - scores.chrf / 100.0,
        "bleu_gap": 1.0 - scores.bleu / 100.0,
        "log_tokens": math.log(n),
        "detector_findings": math.log1p(len(detector_findings)),
        "detector_major": float(any(d.severity >= Severity.MAJOR for d in detector_findings)),
    }
    if scores.ter is None:
        f["ter_missing"] = 1.0
    else:
        f["ter"] = min(1.5, scores.ter / 100.0)
    if edits is None:
        f["not_aligned"] = 1.0
    else:
        f["edits_per_token"] = min(1.0, len(edits) / n)
        f["other_edits_per_token"] = min(1.0, sum(e.category == "OTHER" for e in edits) / n)
    if probabilities:
        f["max_token_probability"] = max(probabilities)
        f["mean_token_probability"] = sum(probabilities) / len(probabilities)
    return f


def compare_sentence(
    sentence: Sentence,
    edits: list[Edit] | None,
    scores: SentenceScores,
    detector_findings: Sequence[Finding],
    model: FusionModel,
) -> SentenceComparison:
    if edits is None:
        probabilities: list[float] = []
    else:
        probabilities = [model.token.probability(f) for f in token_features(sentence, edits, scores, detector_findings)]
    garble = model.sentence.probability(sentence_features(sentence, edits, scores, probabilities, detector_findings))
    return SentenceComparison(edits, probabilities, garble)


def compare_sentences(
    document: Document,
    findings: Sequence[Finding],
    edits: Sequence[list[Edit] | None],
    scores: Sequence[SentenceScores],
    model: FusionModel,
) -> list[SentenceComparison]:
    """`compare_sentence` for every sentence, each with the findings that overlap it."""
    groups = document.indexes_by_sentence(findings)
    return [
        compare_sentence(sentence, sentence_edits, sentence_scores, [findings[k] for k in group], model)
        for sentence, sentence_edits, sentence_scores, group in zip(
            document.sentences, edits, scores, groups, strict=True
        )
    ]


def fuse(
    document: Document,
    findings: Sequence[Finding],
    comparisons: Sequence[SentenceComparison],
    back_translations: Sequence[str],
    model: FusionModel,
    threshold: float,
) -> list[Finding]:
    """Detector findings plus the runs of tokens at or above `threshold`, merged where they overlap."""
    fused = list(findings)
    # A run lies inside one sentence: only the findings given, grouped by sentence, can overlap it.
    groups = document.indexes_by_sentence(findings)
    for sentence, comparison, back, group in zip(
        document.sentences, comparisons, back_translations, groups, strict=True
    ):
        tokens = list(sentence.span)
        for first, end in _runs(comparison.token_probabilities, threshold):
            flagged = _span_finding(document, sentence, comparison, first, end, back, model, threshold)
            overlapping = [k for k in group if fused[k].start < flagged.end and flagged.start < fused[k].end]
            # The detector's finding keeps its name, fix and severity (the rule's, the same with or
            # without an engine), and gains the evidence and confidence.
            for k in overlapping:
                fused[k] = replace(
                    fused[k],
                    evidence=fused[k].evidence + flagged.evidence,
                    confidence=max(fused[k].confidence, flagged.confidence),
                )
            # What no detector finding covers stays a finding of its own.
            detected = [(fused[k].start, fused[k].end) for k in overlapping]
            outside = [
                0.0 if any(a < sentence.end_offset(t) and sentence.offset(t) < b for a, b in detected) else 1.0
                for t in tokens[first:end]
            ]
            for a, b in _runs(outside, 1.0):
                fused.append(
                    flagged
                    if (a, b) == (0, end - first)
                    else _span_finding(document, sentence, comparison, first + a, first + b, back, model, threshold)
                )
    return sorted(fused, key=lambda f: f.sort_key)


def document_garble(document: Document, comparisons: Sequence[SentenceComparison]) -> float | None:
    """The word-weighted mean of the sentence garble scores."""
    weights = [len(s.span) for s in document.sentences]
    if not comparisons or not sum(weights):
        return None
    return sum(w * c.garble for w, c in zip(weights, comparisons, strict=True)) / sum(weights)


def _runs(probabilities: Sequence[float], threshold: float) -> list[tuple[int, int]]:
    runs, start = [], None
    for i, p in enumerate([*probabilities, -1.0]):  # the sentinel closes a run at the end
        if p >= threshold and start is None:
            start = i
        elif p < threshold and start is not None:
            runs.append((start, i))
            start = None
    return runs


def _span_finding(
    document: Document,
    sentence: Sentence,
    comparison: SentenceComparison,
    first: int,
    end: int,
    back: str,
    model: FusionModel,
    threshold: float,
) -> Finding:
    tokens = list(sentence.span)
    start, stop = sentence.offset(tokens[first]), sentence.end_offset(tokens[end - 1])
    probability = max(comparison.token_probabilities[first:end])
    edits = [
        e
        for e in comparison.edits or []
        if e.first_token < end and first < e.end_token or e.first_token == e.end_token and first <= e.first_token <= end
    ]
    labels = sorted({e.label for e in edits})
    categories = [e.category for e in edits if e.first_token < e.end_token] or ["OTHER"]
    category = _CATEGORY_OF_EDIT.get(max(set(categories), key=categories.count), Category.GRAMMAR)
    text = document.text[start:stop]
    suggestion = _apply_edits(document.text, start, stop, edits)
    evidence = [Evidence("alignment", e.label, f"'{e.mt}' → '{e.retranslation}'") for e in edits]
    evidence.append(
        Evidence(
            "token-model",
            round(probability, 3),
            f"probability of an error from the calibrated token model (reported from {threshold:.2f})",
        )
    )
    evidence.append(Evidence("retranslation", back, "the sentence's round-trip re-translation"))
    if edits:
        message = f"the re-translation disagrees here ({', '.join(labels)})"
    else:
        message = "the re-translation disagrees around here"
    return Finding(
        CODE,
        NAME,
        category,
        Severity.MAJOR if probability >= model.major_threshold else Severity.MINOR,
        start,
        stop,
        text,
        message,
        suggestion=suggestion if suggestion and suggestion != text else None,
        evidence=tuple(evidence),
        confidence=probability,
    )


def _apply_edits(text: str, start: int, stop: int, edits: Sequence[Edit]) -> str:
    """The span with the re-translation's wording spliced in for every edit inside it."""
    pieces, position = [], start
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position or edit.end > stop:
            continue
        pieces.append(text[position : edit.start])
        pieces.append(edit.retranslation + (" " if edit.start == edit.end and edit.retranslation else ""))
        position = edit.end
    pieces.append(text[position:stop])
    return " ".join("".join(pieces).split())
