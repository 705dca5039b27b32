"""BIL009 source.diverges: English that shares little with a direct FR->EN translation of its source.

Runs only with an engine that translates French into English (the pipeline says when it did
not). The threshold was set on DEMETR dev with the human reference standing in for the engine's
translation: the checked MT scores chrF++ 40.5 at the lowest there, a translation of another
sentence 21 at the highest.
"""

from __future__ import annotations

from checker.bilingual.alignment import Link
from checker.bilingual.pair import Pair
from checker.document import Document
from checker.findings import Category, Evidence, Finding, Severity

CODE = "BIL009"
DIRECT_CHRF_THRESHOLD = 35.0


def compare_with_translation(document: Document, links: list[Link], translations: list[str]) -> list[Finding]:
    """Aligned pairs whose English has chrF++ under the threshold against the source's own
    translation (`translations`: one English translation per source sentence)."""
    from sacrebleu.metrics import CHRF

    chrf = CHRF(word_order=2)
    findings = []
    for link in links:
        if not link.source or not link.target:
            continue
        direct = " ".join(" ".join(translations[i].split()) for i in link.source)
        pair = Pair(document, link, direct, {})
        score = chrf.sentence_score(" ".join(pair.english.split()), [direct]).score
        if score < DIRECT_CHRF_THRESHOLD:
            findings.append(
                Finding(
                    CODE,
                    "source.diverges",
                    Category.MISTRANSLATION,
                    Severity.MAJOR,
                    pair.start,
                    pair.end,
                    pair.english,
                    f"a direct translation of the source says something else (chrF++ {score:.1f} < "
                    f"{DIRECT_CHRF_THRESHOLD:.0f})",
                    suggestion=direct,
                    evidence=(
                        Evidence("source-translation", direct, "the source translated FR->EN"),
                        Evidence("chrF++", round(score, 1)),
                    ),
                    confidence=0.7,
                )
            )
    return findings
