"""Sentence scores between an MT sentence and its re-translation, with sacrebleu's metric objects.

The MT sentence is the hypothesis and its re-translation the (pseudo-)reference: a sentence that
an independent engine renders very differently scores low. Every score keeps sacrebleu's own
signature, so a report says exactly how it was computed.
"""

from __future__ import annotations

from dataclasses import dataclass

# TER's shift search grows steeply with length (70 ms for a 50-word pair, 1 s for 100): longer
# sentences get no TER (None) rather than stalling the run.
TER_MAX_WORDS = 40


@dataclass(frozen=True)
class SentenceScores:
    chrf: float
    ter: float | None
    bleu: float

    def as_dict(self) -> dict[str, float | None]:
        return {
            "chrF++": round(self.chrf, 2),
            "TER": None if self.ter is None else round(self.ter, 2),
            "BLEU": round(self.bleu, 2),
        }


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
        short = max(len(mt.split()), len(retranslation.split())) <= TER_MAX_WORDS
        return SentenceScores(
            chrf=self._chrf.sentence_score(mt, references).score,
            ter=self._ter.sentence_score(mt, references).score if short else None,
            bleu=self._bleu.sentence_score(mt, references).score,
        )
