"""Sentence scores between an MT sentence and its re-translation, with sacrebleu's metric objects.

The MT sentence is the hypothesis and its re-translation the (pseudo-)reference: a sentence that
an independent engine renders very differently scores low. Every score keeps sacrebleu's own
signature, so a report says exactly how it was computed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SentenceScores:
    chrf: float
    ter: float
    bleu: float

    def as_dict(self) -> dict[str, float]:
        return {"chrF++": round(self.chrf, 2), "TER": round(self.ter, 2), "BLEU": round(self.bleu, 2)}


class SentenceScorer:
    """chrF++ (character n-grams plus word bigrams), TER and sentence BLEU, made once."""

    def __init__(self) -> None:
        from sacrebleu.metrics import BLEU, CHRF, TER

        self._chrf = CHRF(word_order=2)
        self._ter = TER()
        self._bleu = BLEU(effective_order=True)
        # sacrebleu fills a signature's reference count on first use; ours is always one reference.
        self.score("a", "a")

    def signatures(self) -> dict[str, str]:
        return {
            "chrF++": str(self._chrf.get_signature()),
            "TER": str(self._ter.get_signature()),
            "BLEU": str(self._bleu.get_signature()),
        }

    def score(self, mt: str, retranslation: str) -> SentenceScores:
        references = [retranslation]
        return SentenceScores(
            chrf=self._chrf.sentence_score(mt, references).score,
            ter=self._ter.sentence_score(mt, references).score,
            bleu=self._bleu.sentence_score(mt, references).score,
        )
