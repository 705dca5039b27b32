"""Dev (and test) segments run through checker's building blocks, for fitting and for evaluation.

Each segment is checked as an article of its own: parsed, run through the detectors, re-translated
with the default engine (through the translation cache), scored and aligned. What comes back keeps
every piece the fusion model needs, so the fit and the evaluation see exactly what `checker check`
sees.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.compare.alignment import Edit, align_all  # noqa: E402
from checker.compare.scores import SentenceScorer, SentenceScores  # noqa: E402
from checker.document import Document, parse_document  # noqa: E402
from checker.evaluation.corpora import GoldSegment  # noqa: E402
from checker.findings import Finding  # noqa: E402

SEED = 0


@dataclass
class CheckedSegment:
    key: str
    gold: GoldSegment
    document: Document
    findings: list[Finding]
    backs: list[str]
    scores: list[SentenceScores]
    edits: list[list[Edit] | None]

    def sentence_findings(self) -> list[list[Finding]]:
        return [[self.findings[k] for k in group] for group in self.document.indexes_by_sentence(self.findings)]


def sample(segments: dict[str, GoldSegment], size: int | None) -> list[str]:
    """A fixed-seed sample of segment ids (all of them when size is None or large enough)."""
    keys = sorted(segments)
    return keys if size is None or size >= len(keys) else random.Random(SEED).sample(keys, size)


class Checker:
    """The loaded pipeline pieces: spaCy, detectors, the default engine and the user cache."""

    def __init__(self) -> None:
        from checker.detectors import build_detectors
        from checker.engines import DEFAULT_ENGINE, load_engine
        from checker.engines.cache import TranslationCache
        from checker.nlp import load_english

        self.nlp, _ = load_english()
        self.detectors = build_detectors()
        self.engine = load_engine(DEFAULT_ENGINE)
        self.cache = TranslationCache()
        self.scorer = SentenceScorer()

    def check(self, segments: dict[str, GoldSegment], keys: Iterable[str], label: str = "") -> list[CheckedSegment]:
        from checker.engines.roundtrip import retranslate

        keys = [k for k in keys if segments[k].text.strip()]
        documents = [parse_document(segments[k].text, self.nlp, parse_cache=self.cache) for k in keys]
        sentences = [d.text[s.start : s.end] for d in documents for s in d.sentences]
        run = retranslate(sentences, self.engine, self.cache)
        print(
            f"{label}: {len(keys)} segments, {len(sentences)} sentences "
            f"({run.translated} translated, {run.cached} from the cache)",
            file=sys.stderr,
            flush=True,
        )
        backs = iter(r.back for r in run.retranslations)
        checked = []
        for key, document in zip(keys, documents, strict=True):
            sentence_backs = [next(backs) for _ in document.sentences]
            findings = sorted((f for d in self.detectors for f in d.find(document)), key=lambda f: f.sort_key)
            scores = [
                self.scorer.score(" ".join(document.text[s.start : s.end].split()), b)
                for s, b in zip(document.sentences, sentence_backs, strict=True)
            ]
            edits = align_all(document.sentences, sentence_backs, self.nlp)
            checked.append(CheckedSegment(key, segments[key], document, findings, sentence_backs, scores, edits))
        return checked
