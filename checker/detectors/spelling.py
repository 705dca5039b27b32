"""GARB016: a misspelt word: rare itself, one edit away from a frequent word."""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterator

from checker.detectors.base import Detector
from checker.detectors.frequency import zipf as _zipf
from checker.document import Document
from checker.findings import Category, Evidence, Finding, Severity

# Zipf scale (wordfreq): the word is rare, and a word one edit away is common and far more so.
_RARE = 1.8
_COMMON = 4.0
_GAP = 2.5
_MIN_LENGTH = 4
_LETTERS = string.ascii_lowercase
# Lower-case ASCII words of _MIN_LENGTH letters or more, not glued to other word characters.
_CANDIDATE = re.compile(rf"(?<![\w'’-])[a-z]{{{_MIN_LENGTH},}}(?![\w'’])")


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away (Norvig)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + transposes + replaces + inserts) - {word}


@functools.cache
def correction(word: str) -> tuple[str, float] | None:
    """The most frequent word one edit away, if `word` is rare and that word is common."""
    own = _zipf(word)
    if own >= _RARE or _zipf(word, "fr") > own + 1:
        return None  # a known word, or a French one (GARB013's business)
    best = max(((candidate, _zipf(candidate)) for candidate in edits1(word)), key=lambda pair: pair[1], default=None)
    if best is None or best[1] < _COMMON or best[1] - own < _GAP:
        return None
    return best


def _in_compound(token) -> bool:
    doc = token.doc
    before = doc[token.i - 1] if token.i > 0 else None
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (before is not None and before.text == "-" and not before.whitespace_) or (
        after is not None and after.text == "-" and not token.whitespace_
    )


def _after_foreign_name(token) -> bool:
    """Whether the word follows a capitalised word with letters English does not write: the rest
    of a foreign name (`Krušné hory`, `Konec světa`), not an English word misspelt."""
    if token.i == 0:
        return False
    before = token.doc[token.i - 1].text
    return before[:1].isupper() and any(c.isalpha() and not c.isascii() for c in before)


class Spelling(Detector):
    """Misspelt word: rare in English, and one letter away from a frequent word.

    Only lower-case words of four letters or more; names, French words, the rest of a foreign
    name (`Krušné hory`) and anything the word lists know are left alone.

    **Bad**: "conditions can occur anyhwere in the world", "the smae day", "Bush anounced his plan".

    **Good**: "conditions can occur anywhere in the world", "the same day", "Bush announced his plan".
    """

    code = "GARB016"
    name = "spelling.typo"
    category = Category.SPELLING
    severity = Severity.MINOR

    def find(self, doc: Document) -> Iterator[Finding]:
        for match in _CANDIDATE.finditer(doc.text):
            word = match.group(0)
            found = correction(word)
            if found is None:
                continue
            located = doc.token_at(match.start())
            if located is None or located[1].text != word or _in_compound(located[1]):
                continue  # "new-borns": part of a hyphenated word
            if _after_foreign_name(located[1]):
                continue
            lemma = doc.lemma(located[1])
            if lemma != word and _zipf(lemma.lower()) >= _RARE:
                continue  # "legislations": a known word, inflected
            candidate, frequency = found
            yield self.finding(
                doc,
                match.start(),
                match.end(),
                f"possible typo: '{word}' (did you mean '{candidate}'?)",
                suggestion=candidate,
                evidence=(
                    Evidence(
                        "word-frequency",
                        {"word": round(_zipf(word), 2), "suggestion": round(frequency, 2)},
                        f"Zipf {_zipf(word):.1f} for '{word}', {frequency:.1f} for '{candidate}'",
                    ),
                ),
                confidence=0.7,
            )
