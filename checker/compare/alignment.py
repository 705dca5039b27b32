"""Labelled alignment: the MT sentence against its re-translation, as ERRANT-style edits.

ERRANT (Bryant et al. 2017) aligns two parsed sentences with a linguistically weighted
Damerau-Levenshtein alignment, merges the steps into edits and labels each with an operation
(M missing, U unnecessary, R replaced) and a category (DET, PREP, VERB:FORM, NOUN:NUM, ORTH,
PUNCT, SPELL, WO, ...). Here the MT sentence plays ERRANT's "original" and the re-translation its
"correction"; every edit keeps character offsets into the article (an insertion is an empty span
at the point where the re-translation adds words).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from checker.document import Sentence


@dataclass(frozen=True)
class Edit:
    """One difference: `start`/`end` are article offsets of the MT words (empty for M edits)."""

    start: int
    end: int
    label: str
    mt: str
    retranslation: str

    @property
    def operation(self) -> str:
        return self.label.split(":", 1)[0]

    @property
    def category(self) -> str:
        return self.label.split(":", 1)[1] if ":" in self.label else self.label


@functools.cache
def _annotator(nlp):
    import errant

    return errant.load("en", nlp=nlp)


def align(sentence: Sentence, retranslation: str, nlp) -> list[Edit]:
    """ERRANT edits turning the MT sentence into its re-translation, with article offsets."""
    if not retranslation.strip():
        return []
    annotator = _annotator(nlp)
    original = sentence.span.as_doc()
    corrected = annotator.parse(retranslation, tokenise=True)
    tokens = list(sentence.span)
    edits = []
    for edit in annotator.annotate(original, corrected):
        if edit.o_start < edit.o_end:
            start = sentence.offset(tokens[edit.o_start])
            end = sentence.end_offset(tokens[edit.o_end - 1])
        else:  # an insertion: empty span before the token it precedes (or at the sentence end)
            start = end = sentence.offset(tokens[edit.o_start]) if edit.o_start < len(tokens) else sentence.end
        edits.append(Edit(start, end, edit.type, edit.o_str, edit.c_str))
    return edits
