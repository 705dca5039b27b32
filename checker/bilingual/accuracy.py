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

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from checker.bilingual.lexicon import Lexicon, default_lexicon, tokens
from checker.bilingual.pair import Pair
from checker.bilingual.support import FEATURES, FUNCTION_ZIPF, WordContext, WordSupport, monotone_pairs, word_support
from checker.detectors.frequency import zipf
from checker.findings import Category, Evidence, Finding, Severity

CODE = "BIL011"
MODEL_PATH = Path(__file__).with_name("data") / "accuracy.json"
# Words of one finding may have one word between them (`the`, a name) that did not reach the threshold.
_GAP_WORDS = 1
_MAX_SUGGESTION_WORDS = 12


class TreeModel:
    """Binary gradient-boosted trees exported from scikit-learn: p = sigmoid(baseline + sum of leaves).

    All trees walk all words at once (numpy), as many steps as the deepest tree is deep."""

    def __init__(self, spec: dict):
        import numpy

        self.features: list[str] = spec["features"]
        self.baseline: float = spec["baseline"]
        self.threshold: float = spec["threshold"]
        self.major_threshold: float = spec["major_threshold"]
        self.description: str = spec.get("description", "")
        if tuple(self.features) != FEATURES:
            raise ValueError(
                "the accuracy model was fitted on other features than checker computes: refit it "
                "(bench/fit_accuracy.py)"
            )
        trees = spec["trees"]
        width = max((len(tree["leaf"]) for tree in trees), default=1)

        def padded(key: str, dtype, fill):
            table = numpy.full((len(trees), width), fill, dtype=dtype)
            for row, tree in enumerate(trees):
                table[row, : len(tree[key])] = tree[key]
            return table

        self._feature = padded("feature", numpy.int64, 0)
        self._threshold = padded("threshold", numpy.float64, 0.0)
        self._left = padded("left", numpy.int64, 0)
        self._right = padded("right", numpy.int64, 0)
        self._leaf = padded("leaf", bool, True)
        self._value = padded("value", numpy.float64, 0.0)
        self._missing_left = padded("missing_left", bool, True)
        self._depth = max((_depth(tree) for tree in trees), default=0)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> TreeModel:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def probabilities(self, rows: list[dict[str, float]]) -> list[float]:
        """The error probability of each row of features."""
        import numpy

        if not rows:
            return []
        values = numpy.array([[row[name] for name in self.features] for row in rows], dtype=numpy.float64)
        trees = numpy.arange(self._feature.shape[0])[:, None]
        words = numpy.arange(len(rows))[None, :]
        node = numpy.zeros((self._feature.shape[0], len(rows)), dtype=numpy.int64)
        for _ in range(self._depth):
            value = values[words, self._feature[trees, node]]
            go_left = numpy.where(
                numpy.isnan(value), self._missing_left[trees, node], value <= self._threshold[trees, node]
            )
            following = numpy.where(go_left, self._left[trees, node], self._right[trees, node])
            node = numpy.where(self._leaf[trees, node], node, following)
        raw = self.baseline + self._value[trees, node].sum(axis=0)
        return [float(p) for p in 1.0 / (1.0 + numpy.exp(-raw))]

    def probability(self, row: dict[str, float]) -> float:
        return self.probabilities([row])[0]


def _depth(tree: dict) -> int:
    """Edges on the longest path from the root to a leaf."""
    deepest, stack = 0, [(0, 0)]
    while stack:
        node, depth = stack.pop()
        if tree["leaf"][node]:
            deepest = max(deepest, depth)
        else:
            stack += [(tree["left"][node], depth + 1), (tree["right"][node], depth + 1)]
    return deepest


@functools.cache
def default_model() -> TreeModel:
    return TreeModel.load()


@dataclass(frozen=True)
class SourceTranslationPair:
    """The two Apertium translations of a pair's French: literal (`direct`, marks removed) and fluent."""

    hybrid: str
    direct: str
    unknown: tuple[str, ...] = ()


def pair_words(
    pair: Pair,
    translations: SourceTranslationPair,
    context: WordContext | None = None,
    lexicon: Lexicon | None = None,
    chrf=None,
) -> list[WordSupport]:
    """Each English word of the pair with its features."""
    from sacrebleu.metrics import CHRF

    return word_support(
        pair.english,
        pair.french,
        translations.hybrid,
        translations.direct,
        lexicon or default_lexicon(),
        chrf or CHRF(word_order=2),
        context,
        pair.start,
    )


def scored_words(
    pair: Pair,
    translations: SourceTranslationPair,
    context: WordContext | None = None,
    lexicon: Lexicon | None = None,
    model: TreeModel | None = None,
    chrf=None,
) -> list[tuple[WordSupport, float]]:
    """Each English word of the pair with its features and its error probability."""
    model = model or default_model()
    words = pair_words(pair, translations, context, lexicon, chrf)
    return list(zip(words, model.probabilities([word.features for word in words]), strict=True))


def find(
    pair: Pair,
    translations: SourceTranslationPair,
    context: WordContext | None = None,
    lexicon: Lexicon | None = None,
    model: TreeModel | None = None,
    chrf=None,
    scored: list[tuple[WordSupport, float]] | None = None,
) -> Iterator[Finding]:
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
        suggestion = _suggestion(
            pair.english, first.start, last.end, translations.hybrid, translations.direct, translations.unknown
        )
        severity = Severity.MAJOR if top >= model.major_threshold else Severity.MINOR
        detail = (
            ("no word of the source supports " + ", ".join(f"'{w}'" for w in unsupported))
            if unsupported
            else "the source's translations word this differently"
        )
        yield Finding(
            CODE,
            "source.unsupported",
            Category.MISTRANSLATION,
            severity,
            start,
            end,
            text,
            f"the French does not say this: {detail}",
            suggestion=suggestion,
            evidence=(
                pair.source_evidence,
                Evidence(
                    "source-translation", translations.hybrid, "the source translated by Apertium and Bergamot (hybrid)"
                ),
                Evidence(
                    "source-translation-literal", translations.direct, "the source translated by Apertium (direct)"
                ),
                Evidence("accuracy-model", round(top, 3), f"{model.description}; reported from {model.threshold:.2f}"),
            ),
            confidence=round(top, 3),
        )


def _runs(scored: list[tuple[WordSupport, float]], threshold: float) -> list[list[tuple[WordSupport, float]]]:
    """Maximal runs of words from `threshold`, bridging gaps of up to _GAP_WORDS words."""
    runs: list[list[tuple[WordSupport, float]]] = []
    current: list[tuple[WordSupport, float]] = []
    last_index = -10
    for index, (word, p) in enumerate(scored):
        if p < threshold:
            continue
        if current and index - last_index <= _GAP_WORDS + 1:
            current.extend(scored[last_index + 1 : index + 1])
        else:
            if current:
                runs.append(current)
            current = [(word, p)]
        last_index = index
    if current:
        runs.append(current)
    return runs


def _suggestion(
    english: str, start: int, end: int, hybrid: str, direct: str | None = None, unknown: tuple[str, ...] = ()
) -> str | None:
    """The hybrid translation's words between the last shared word before the span and the first
    after it; only when the literal route has each of their content words too (the two routes
    agree), none is a French word Apertium did not know, they are about as long as the span, and
    they are not grammar words alone in place of a content word."""
    mt, other = tokens(english, "en"), tokens(hybrid, "en")
    pairs = monotone_pairs([t.stem for t in mt], [t.stem for t in other])
    inside = [i for i, t in enumerate(mt) if t.start >= start and t.end <= end]
    if not inside:
        return None
    before = [pairs[i] for i in range(inside[0]) if i in pairs]
    after = [pairs[i] for i in range(inside[-1] + 1, len(mt)) if i in pairs]
    low = before[-1] + 1 if before else 0
    high = after[0] if after else len(other)
    if high <= low or not (before or after) or high - low > min(_MAX_SUGGESTION_WORDS, 2 * len(inside) + 1):
        return None
    if hybrid[other[low].start - 1 : other[low].start] in ("'", "’"):  # the `s` of `Miller's`
        return None
    if unknown and any(t.text in unknown for t in other[low:high]):
        return None
    # Grammar words alone in place of a content word ('of' for 'Body') are the alignment's slip.
    if all(zipf(t.text.lower()) >= FUNCTION_ZIPF for t in other[low:high]) and any(
        zipf(mt[i].text.lower()) < FUNCTION_ZIPF for i in inside
    ):
        return None
    if direct is not None:
        literal = {t.stem for t in tokens(direct, "en")}
        if any(t.stem not in literal and zipf(t.text.lower()) < FUNCTION_ZIPF for t in other[low:high]):
            return None
    replacement = hybrid[other[low].start : other[high - 1].end]
    return replacement if replacement.lower() != english[start:end].lower() else None
