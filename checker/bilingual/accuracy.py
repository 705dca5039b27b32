"""BIL011 source.unsupported: English words the French source does not support, by a calibrated model.

With the source translated by Apertium (both routes), every word of an aligned pair gets the
features of `support.word_support`, and a gradient-boosted tree model
(`data/accuracy.json`, fitted by `bench/fit_accuracy.py` on the fren_news **dev** articles:
words inside the spans careful reviewers marked as errors, against words outside them and the
words of the human references) gives the probability that an editor would mark the word.
Neighbouring words from the reporting threshold on (one word of any kind may sit between them)
become one finding, major when a word of it reaches the major threshold. The threshold was
chosen on dev, by cross-validation over whole articles, where at least 70% of findings overlap a
reviewer's span; its honest recall is in docs/quality.md. Evidence: the French, both
translations and the words without support; the suggestion is the hybrid translation's wording
between the words both sides share around the span, when it is short enough to replace it and
the literal route agrees with its words.
"""

from __future__ import annotations

import difflib
import functools
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from checker.bilingual.lexicon import Lexicon, default_lexicon, tokens
from checker.bilingual.pair import Pair
from checker.bilingual.support import FEATURES, FUNCTION_ZIPF, WordContext, WordSupport, word_support
from checker.detectors.frequency import zipf
from checker.findings import Category, Evidence, Finding, Severity

CODE = "BIL011"
MODEL_PATH = Path(__file__).with_name("data") / "accuracy.json"
# Words of one finding may have one word between them (`the`, a name) that did not reach the threshold.
_GAP_WORDS = 1
_MAX_SUGGESTION_WORDS = 12


class TreeModel:
    """Binary gradient-boosted trees exported from scikit-learn: p = sigmoid(baseline + sum of leaves)."""

    def __init__(self, spec: dict):
        self.features: list[str] = spec["features"]
        self.baseline: float = spec["baseline"]
        self.trees: list[dict] = spec["trees"]
        self.threshold: float = spec["threshold"]
        self.major_threshold: float = spec["major_threshold"]
        self.description: str = spec.get("description", "")
        if tuple(self.features) != FEATURES:
            raise ValueError("the accuracy model was fitted on other features than checker computes: refit it "
                             "(bench/fit_accuracy.py)")

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> TreeModel:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def probability(self, row: dict[str, float]) -> float:
        values = [row[name] for name in self.features]
        raw = self.baseline
        for tree in self.trees:
            node = 0
            while not tree["leaf"][node]:
                value = values[tree["feature"][node]]
                go_left = tree["missing_left"][node] if math.isnan(value) else value <= tree["threshold"][node]
                node = tree["left"][node] if go_left else tree["right"][node]
            raw += tree["value"][node]
        return 1.0 / (1.0 + math.exp(-raw))


@functools.cache
def default_model() -> TreeModel:
    return TreeModel.load()


@dataclass(frozen=True)
class SourceTranslationPair:
    """The two Apertium translations of a pair's French: literal (`direct`, marks removed) and fluent."""

    hybrid: str
    direct: str
    unknown: tuple[str, ...] = ()


def pair_words(pair: Pair, translations: SourceTranslationPair, context: WordContext | None = None,
               lexicon: Lexicon | None = None, chrf=None) -> list[WordSupport]:
    """Each English word of the pair with its features."""
    from sacrebleu.metrics import CHRF

    return word_support(pair.english, pair.french, translations.hybrid, translations.direct, lexicon or default_lexicon(),
                        chrf or CHRF(word_order=2), context, pair.start)


def scored_words(pair: Pair, translations: SourceTranslationPair, context: WordContext | None = None,
                 lexicon: Lexicon | None = None, model: TreeModel | None = None, chrf=None
                 ) -> list[tuple[WordSupport, float]]:
    """Each English word of the pair with its features and its error probability."""
    model = model or default_model()
    return [(word, model.probability(word.features)) for word in pair_words(pair, translations, context, lexicon, chrf)]


def find(pair: Pair, translations: SourceTranslationPair, context: WordContext | None = None,
         lexicon: Lexicon | None = None, model: TreeModel | None = None, chrf=None,
         scored: list[tuple[WordSupport, float]] | None = None) -> Iterator[Finding]:
    """BIL011 findings on the pair (`scored`: its words as `scored_words` gives them, if computed already)."""
    model = model or default_model()
    if scored is None:
        scored = scored_words(pair, translations, context, lexicon, model, chrf)
    for run in _runs(scored, model.threshold):
        first, last = run[0][0].token, run[-1][0].token
        start, end = pair.start + first.start, pair.start + last.end
        text = pair.document.text[start:end]
        if "\n" in text:  # a 1-2 link's sentences on two lines: keep findings within a line
            continue
        top = max(p for _, p in run)
        unsupported = [w.token.text for w, p in run if not w.supported]
        suggestion = _suggestion(pair.english, first.start, last.end, translations.hybrid, translations.direct,
                                 translations.unknown)
        severity = Severity.MAJOR if top >= model.major_threshold else Severity.MINOR
        detail = ("no word of the source supports " + ", ".join(f"'{w}'" for w in unsupported)) if unsupported else \
            "the source's translations word this differently"
        yield Finding(
            CODE, "source.unsupported", Category.MISTRANSLATION, severity, start, end, text,
            f"the French does not say this: {detail}",
            suggestion=suggestion,
            evidence=(pair.source_evidence,
                      Evidence("source-translation", translations.hybrid, "the source translated by Apertium and Bergamot (hybrid)"),
                      Evidence("source-translation-literal", translations.direct, "the source translated by Apertium (direct)"),
                      Evidence("accuracy-model", round(top, 3), f"{model.description}; reported from {model.threshold:.2f}")),
            confidence=round(top, 3))


def _runs(scored: list[tuple[WordSupport, float]], threshold: float) -> list[list[tuple[WordSupport, float]]]:
    """Maximal runs of words from `threshold`, bridging gaps of up to _GAP_WORDS words."""
    runs: list[list[tuple[WordSupport, float]]] = []
    current: list[tuple[WordSupport, float]] = []
    last_index = -10
    for index, (word, p) in enumerate(scored):
        if p < threshold:
            continue
        if current and index - last_index <= _GAP_WORDS + 1:
            current.extend(scored[last_index + 1:index + 1])
        else:
            if current:
                runs.append(current)
            current = [(word, p)]
        last_index = index
    if current:
        runs.append(current)
    return runs


def _suggestion(english: str, start: int, end: int, hybrid: str, direct: str | None = None,
                unknown: tuple[str, ...] = ()) -> str | None:
    """The hybrid translation's words between the last shared word before the span and the first
    after it; only when the literal route has each of their content words too (the two routes
    agree), none is a French word Apertium did not know, and they are about as long as the span."""
    mt, other = tokens(english, "en"), tokens(hybrid, "en")
    matcher = difflib.SequenceMatcher(None, [t.stem for t in mt], [t.stem for t in other], autojunk=False)
    pairs = {block.a + k: block.b + k for block in matcher.get_matching_blocks() for k in range(block.size)}
    inside = [i for i, t in enumerate(mt) if t.start >= start and t.end <= end]
    if not inside:
        return None
    before = [pairs[i] for i in range(inside[0]) if i in pairs]
    after = [pairs[i] for i in range(inside[-1] + 1, len(mt)) if i in pairs]
    low = before[-1] + 1 if before else 0
    high = after[0] if after else len(other)
    if high <= low or not (before or after) or high - low > min(_MAX_SUGGESTION_WORDS, 2 * len(inside) + 1):
        return None
    if hybrid[other[low].start - 1:other[low].start] in ("'", "’"):  # the `s` of `Miller's`
        return None
    if unknown and any(t.text in unknown for t in other[low:high]):
        return None
    if direct is not None:
        literal = {t.stem for t in tokens(direct, "en")}
        if any(t.stem not in literal and zipf(t.text.lower()) < FUNCTION_ZIPF for t in other[low:high]):
            return None
    replacement = hybrid[other[low].start:other[high - 1].end]
    return replacement if replacement.lower() != english[start:end].lower() else None
