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
from collections.abc import Sequence
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
    # The MT tokens the edit covers, as indexes into the sentence's tokens (equal for M edits).
    first_token: int = 0
    end_token: int = 0

    @property
    def operation(self) -> str:
        return self.label.split(":", 1)[0]

    @property
    def category(self) -> str:
        return self.label.split(":", 1)[1] if ":" in self.label else self.label


# ERRANT's alignment is a Python dynamic programme over both token lists: sentences longer than
# this are not aligned (and the comparison says how many were left out) rather than stalling.
MAX_ALIGNED_TOKENS = 120


# Bergamot drops, straightens or turns into dashes the quotation marks of clean text, writes an
# en or em dash as a hyphen and "…" as "...", and introduces a quotation with a comma where the
# MT has a colon (`said: "…"` -> `said, "…"`): such an edit is the engine's habit, not evidence,
# and is left out (on fren_news_gold dev, none of 9 colon-to-comma findings was on a reviewer's
# span). A dash in the MT that the re-translation drops still counts: "as possible. -Koreans".
# Letters outside the engine's vocabulary come back mangled (`Šternfeld` -> `the " ternfeld`,
# `Bücherberg` -> `B'cherberg`): a word whose other letters come back around the mangled ones is
# the engine's limit, not the MT's error (dev: 5 such findings, none on a reviewer's span, and 1
# on a reference). Nor is `it` written back as `this` or `that` ("It is here that" -> "This is
# where"; dev: 0 of 5 right, 1 on a reference), unlike `it` -> `he`, a real error for *il*.
_QUOTES = set("\"“”„«»'‘’‚‹›")
_DASHES = set("-–—")


def _ascii_letters(text: str) -> str:
    return "".join(c for c in text.lower() if "a" <= c <= "z")


def _is_engine_habit(mt: str, retranslation: str) -> bool:
    if any(c.isalpha() and not c.isascii() for c in mt):
        kept, returned = _ascii_letters(mt), _ascii_letters(retranslation)
        if len(kept) >= 3 and kept in returned and len(returned) - len(kept) <= 3:
            return True
    if mt.replace("…", "...") == retranslation.replace("…", "...") or (mt, retranslation) == (":", ","):
        return True
    if mt.lower() == "it" and retranslation.lower() in ("this", "that"):
        return True
    original, back = set(mt.replace(" ", "")), set(retranslation.replace(" ", ""))
    if original and back and original <= _DASHES and back <= _DASHES:  # "–" written back as "-"
        return True
    return bool(original | back) and original <= _QUOTES and back <= _QUOTES | _DASHES


@functools.cache
def _annotator(nlp):
    import errant

    return errant.load("en", nlp=nlp)


def _lemmatise(tokens, nlp) -> None:
    """ERRANT compares lemmas; checker's pipeline runs the lemmatizer on demand only, so run it
    here, on the tokens ERRANT's alignment and labels look at (as spaCy's Lemmatizer would)."""
    if "lemmatizer" not in nlp.disabled:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    for token in tokens:
        if token.lemma == 0:
            token.lemma_ = lemmatizer.lemmatize(token)[0]


def align_all(sentences: Sequence[Sentence], retranslations: Sequence[str], nlp) -> list[list[Edit] | None]:
    """`align` for many sentences, the re-translations parsed in one batch; None where too long."""
    texts = [" ".join(r.split()) for r in retranslations]
    results: list[list[Edit] | None] = [[] if not t else None for t in texts]
    wanted = []
    for i, (sentence, text) in enumerate(zip(sentences, texts, strict=True)):
        if not text or max(len(sentence.span), len(text.split())) > MAX_ALIGNED_TOKENS:
            continue
        if text == " ".join(sentence.span.text.split()):
            results[i] = []  # re-translated word for word: nothing to align, no parse needed
        else:
            wanted.append(i)
    for i, parsed in zip(wanted, nlp.pipe(texts[i] for i in wanted), strict=True):
        results[i] = _edits(sentences[i], parsed, nlp)
    return results


def align(sentence: Sentence, retranslation: str, nlp) -> list[Edit]:
    """ERRANT edits turning the MT sentence into its re-translation, with article offsets."""
    if not retranslation.strip():
        return []
    return _edits(sentence, nlp(" ".join(retranslation.split())), nlp)


class _IndexedDoc:
    """A Doc whose tokens are read from a list: ERRANT's alignment indexes tokens in a double loop,
    and Doc.__getitem__ costs more than the rest of a cell's work. Slices still give Doc spans."""

    def __init__(self, doc):
        self.doc = doc
        self.tokens = list(doc)

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self):
        return iter(self.tokens)

    def __getitem__(self, key):
        return self.tokens[key] if isinstance(key, int) else self.doc[key]


def _annotate(annotator, original, corrected, nlp):
    """ERRANT's annotate, with the identical first and last tokens matched before its alignment.

    ERRANT's linguistic alignment is a Python double loop over both sentences; a re-translation
    usually keeps the beginning and the end of a sentence word for word, which the loop would
    match at zero cost anyway. Only the middle goes through it; the merge and the labels are
    ERRANT's own.
    """
    from types import SimpleNamespace

    from errant.alignment import Alignment

    o, c = _IndexedDoc(original), _IndexedDoc(corrected)
    shortest = min(len(o), len(c))
    head = 0
    while head < shortest and o.tokens[head].orth == c.tokens[head].orth:
        head += 1
    tail = 0
    while tail < shortest - head and o.tokens[len(o) - 1 - tail].orth == c.tokens[len(c) - 1 - tail].orth:
        tail += 1
    _lemmatise(o.tokens[head : len(o) - tail] + c.tokens[head : len(c) - tail], nlp)
    middle = Alignment(o.tokens[head : len(o) - tail], c.tokens[head : len(c) - tail])
    sequence = (
        [("M", i, i + 1, i, i + 1) for i in range(head)]
        + [(op, a + head, b + head, x + head, y + head) for op, a, b, x, y in middle.align_seq]
        + [
            ("M", len(o) - tail + i, len(o) - tail + i + 1, len(c) - tail + i, len(c) - tail + i + 1)
            for i in range(tail)
        ]
    )
    edits = annotator.merge(SimpleNamespace(orig=o, cor=c, align_seq=sequence))
    return [annotator.classify(edit) for edit in edits]


def _edits(sentence: Sentence, corrected, nlp) -> list[Edit]:
    annotator = _annotator(nlp)
    tokens = list(sentence.span)
    edits = []
    for edit in _annotate(annotator, sentence.span, corrected, nlp):
        if _is_engine_habit(edit.o_str, edit.c_str):
            continue
        if edit.o_start < edit.o_end:
            start = sentence.offset(tokens[edit.o_start])
            end = sentence.end_offset(tokens[edit.o_end - 1])
        else:  # an insertion: empty span before the token it precedes (or at the sentence end)
            start = end = sentence.offset(tokens[edit.o_start]) if edit.o_start < len(tokens) else sentence.end
        edits.append(Edit(start, end, edit.type, edit.o_str, edit.c_str, edit.o_start, edit.o_end))
    return edits
