"""GARB013: French words left untranslated in the English."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

from checker.detectors.base import Detector
from checker.detectors.frequency import zipf
from checker.detectors.wordlists import list_files, lowercase_words
from checker.document import Document, Sentence
from checker.findings import Category, Evidence, Finding, Severity

# Zipf frequencies (wordfreq): a word is French when French uses it far more than English does.
_STRONG_GAP, _STRONG_MAX_EN = 2.5, 3.5
_WEAK_GAP, _WEAK_MIN_FR = 1.5, 4.0
# Frequent in both languages' corpora, yet French whenever it joins two English words.
_ALWAYS_FRENCH = frozenset({"et"})
# A lower-case word, with French letters, elisions and hyphens.
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-zà-öø-ÿœ][\w'’-]*")


def loanwords() -> frozenset[str]:
    """French words English uses on its own (coup, arrondissement): the loanword lists' single
    words (`data/loanwords.txt` and the configuration's)."""
    return _single_words(_loanword_files())


def adopted_expressions() -> re.Pattern:
    """The list's expressions (déjà vu, coup d'état, café au lait) as one case-insensitive whole-word
    pattern: their words are English inside them only (déjà alone is French)."""
    return _expressions(_loanword_files())


@functools.cache
def _single_words(files: tuple[Path, ...]) -> frozenset[str]:
    return frozenset(entry for entry in _loanword_entries(files) if " " not in entry)


@functools.cache
def _expressions(files: tuple[Path, ...]) -> re.Pattern:
    expressions = sorted((entry for entry in _loanword_entries(files) if " " in entry), key=len, reverse=True)
    if not expressions:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, expressions)) + r")(?!\w)", re.IGNORECASE)


def adopted_expression_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Where the list's expressions occur in text[start:end], as offsets into text."""
    return [found.span() for found in adopted_expressions().finditer(text, start, len(text) if end is None else end)]


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(span_start <= start and end <= span_end for span_start, span_end in spans)


def _loanword_files() -> tuple[Path, ...]:
    return list_files("loanwords", "loanwords.txt")


@functools.cache
def _loanword_entries(files: tuple[Path, ...]) -> frozenset[str]:
    return lowercase_words("loanwords.txt", "loanwords", files)


def _zipf(word: str) -> tuple[float, float]:
    return zipf(word, "en"), zipf(word, "fr")


class Untranslated(Detector):
    """French word or phrase left untranslated.

    A lower-case word counts as French when French corpora use it far more than English ones
    (wordfreq); French function words next to it join the span. Names (capitalised or tagged as
    proper nouns) and loanwords English has adopted (`data/loanwords.txt`: single words anywhere,
    the words of an expression such as "déjà vu" inside it) are left alone.

    **Bad**: "France is le septième EU country to suffer", "traditions have également been adopted".

    **Good**: "France is the seventh EU country to suffer", "traditions have also been adopted".
    """

    code = "GARB013"
    name = "untranslated.french"
    category = Category.UNTRANSLATED
    severity = Severity.MAJOR

    def find(self, doc: Document) -> Iterator[Finding]:
        adopted = loanwords()
        # Only sentences with a clearly French word need a look at their tokens.
        marked = {
            id(sentence)
            for match in _LOWER_WORD.finditer(doc.text)
            if _classify(match.group(0).lower(), adopted) in ("strong", "always")
            and (sentence := doc.sentence_at(match.start())) is not None
        }
        for sentence in doc.sentences:
            if id(sentence) not in marked:
                continue
            words = _words(sentence.span)
            expressions = adopted_expression_spans(doc.text, sentence.start, sentence.end)  # déjà vu: English
            kinds = [
                None
                if inside(expressions, word[0].idx, word[-1].idx + len(word[-1].text))
                else _frenchness(word, adopted)
                for word in words
            ]
            i = 0
            while i < len(words):
                if kinds[i] is None:
                    i += 1
                    continue
                j = i
                while j + 1 < len(words) and kinds[j + 1] is not None:
                    j += 1
                if "strong" in kinds[i : j + 1]:
                    yield self._flag(doc, sentence, words[i : j + 1])
                i = j + 1

    def _flag(self, doc: Document, sentence: Sentence, run: list) -> Finding:
        start, end = sentence.offset(run[0][0]), sentence.end_offset(run[-1][-1])
        scores = {_text(word).lower(): _zipf(_text(word).lower()) for word in run}
        return self.finding(
            doc,
            start,
            end,
            f"French left untranslated: '{doc.text[start:end]}'",
            evidence=tuple(
                Evidence(
                    "word-frequency",
                    {"en": round(en, 2), "fr": round(fr, 2)},
                    f"'{w}': Zipf {en:.1f} in English, {fr:.1f} in French",
                )
                for w, (en, fr) in scores.items()
            ),
            confidence=0.8 if len(run) == 1 else 0.9,
        )


def _words(span) -> list[list]:
    """Tokens grouped into words: spaCy splits "rendez-vous" into three tokens, French writes one."""
    words: list[list] = []
    for token in span:
        if words and (token.text == "-" or words[-1][-1].text == "-") and not words[-1][-1].whitespace_:
            words[-1].append(token)
        else:
            words.append([token])
    return words


def _text(word: list) -> str:
    return "".join(t.text for t in word)


def _frenchness(word: list, adopted: frozenset[str]) -> str | None:
    """'strong' for a clearly French word, 'weak' for one that is French only next to another."""
    text = _text(word) if len(word) > 1 else word[0].text
    if not text[:1].islower():
        return None
    kind = _classify(text.lower(), adopted)
    if kind is None or any(t.pos_ == "PROPN" for t in word):
        return None
    if kind == "always":
        last = word[-1]
        following = last.nbor(1).lower_ if last.i + 1 < len(last.doc) else ""
        return None if following in ("al", "al.") else "strong"
    return kind


@functools.lru_cache(maxsize=65536)
def _classify(lower: str, adopted: frozenset[str]) -> str | None:
    """The word's frenchness from its letters alone (cached: most words recur)."""
    if lower in adopted or not lower.replace("-", "").replace("'", "").replace("’", "").isalpha():
        return None
    if lower in _ALWAYS_FRENCH:
        return "always"
    en, fr = _zipf(lower)
    if fr - en >= _STRONG_GAP and en < _STRONG_MAX_EN:
        return "strong"
    if fr - en >= _WEAK_GAP and fr >= _WEAK_MIN_FR:
        return "weak"
    return None
