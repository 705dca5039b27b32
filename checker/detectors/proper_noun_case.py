"""GARB002: a proper noun written in lower case."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from checker.detectors.base import Detector
from checker.detectors.frequency import zipf as _zipf
from checker.detectors.wordlists import bundled, read_entries
from checker.document import Document
from checker.findings import Category, Evidence, Finding, Severity

# Rarer than this (wordfreq Zipf scale) and the word is no common noun that happens to match.
_RARE_WORD_ZIPF = 3.0
_MIN_CAPITALISED_ELSEWHERE = 2
# A name starts a word that is not inside an address or a handle; it ends at a word boundary
# (a hyphenated "kyiv-based" still counts), not before ".ua" or "@".
_NAME_START = re.compile(r"(?<![\w@#/.'’-])[^\W\d_]+")
_FIRST_WORD = re.compile(r"[^\W\d_]+")
_NAME_END = r"(?![\w@/]|\.\w)"
_LOWER_WORD = re.compile(r"(?<![\w'’@#/.-])[a-z][a-z]{2,}(?![\w'’-])")
_TITLE_WORD = re.compile(r"(?<![\w'’-])[A-Z][a-z]{2,}(?![\w-])")


@dataclass(frozen=True)
class ProperNoun:
    name: str
    ambiguous: bool
    source: str


class ProperNounList:
    """Proper nouns from word lists, matched case-insensitively as whole words."""

    def __init__(self, paths: Iterable[Path]):
        self.by_key: dict[str, ProperNoun] = {}
        for path in paths:
            for entry in read_entries(path, (1, 2), _validate):
                name = entry.fields[0]
                self.by_key[_key(name)] = ProperNoun(
                    name, len(entry.fields) == 2, f"{Path(entry.path).name}:{entry.line}"
                )
        # Candidates are found by their first word (a set lookup per word of the article), then
        # confirmed with the name's own pattern: one big alternation would be ten times slower.
        self._by_first_word: dict[str, list[tuple[re.Pattern, ProperNoun]]] = {}
        for noun in sorted(self.by_key.values(), key=lambda p: -len(p.name)):
            pattern = re.compile(r"\s+".join(map(re.escape, noun.name.split())) + _NAME_END, re.IGNORECASE)
            starts = _FIRST_WORD.match(noun.name)  # every listed name starts with a letter (checked on load)
            first = starts.group(0).lower() if starts else noun.name.lower()
            self._by_first_word.setdefault(first, []).append((pattern, noun))

    def finditer(self, text: str) -> Iterator[tuple[re.Match, ProperNoun]]:
        """Each listed name in `text`, written in any case, longest match first."""
        for word in _NAME_START.finditer(text):
            for pattern, noun in self._by_first_word.get(word.group(0).lower(), ()):
                match = pattern.match(text, word.start())
                if match:
                    yield match, noun
                    break


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def _validate(fields: tuple[str, ...]) -> str | None:
    if not fields[0][:1].isupper():
        return "a proper noun starts with a capital letter"
    if len(fields) == 2 and fields[1] != "ambiguous":
        return "the only flag is 'ambiguous'"
    return None


class ProperNounCase(Detector):
    """Proper noun written in lower case.

    MT from French lowercases names it does not recognise, or copies a lowercase slip of the
    source. A name is flagged when it is in the proper-noun list (`data/proper_nouns.txt`, extended
    with `--proper-nouns`), or when the article writes it capitalised elsewhere and it is no common
    English word.

    **Bad**: "the confrontation against the forces of kyiv."

    **Good**: "the confrontation against the forces of Kyiv."
    """

    code = "GARB002"
    name = "casing.lowercase-proper-noun"
    category = Category.CASING
    severity = Severity.MAJOR

    def __init__(self, lists: Iterable[Path] | None = None):
        self.names = ProperNounList([bundled("proper_nouns.txt")] if lists is None else lists)

    def find(self, doc: Document) -> Iterator[Finding]:
        matches = list(self.names.finditer(doc.text))
        written_right = Counter(noun.name for m, noun in matches if m.group(0) == noun.name)
        flagged: set[int] = set()
        for match, noun in matches:
            written = match.group(0)
            elsewhere = written_right[noun.name]
            if not _lowered(written, noun.name) or (noun.ambiguous and not elsewhere):
                continue
            flagged.add(match.start())
            evidence = [Evidence("proper-noun-list", noun.name, f"listed in {noun.source}")]
            if elsewhere:
                evidence.append(
                    Evidence("capitalised-elsewhere", elsewhere, f"'{noun.name}' appears {elsewhere}x in the article")
                )
            located = doc.token_at(match.start())
            if located is not None:
                token = located[1]
                evidence.append(Evidence("tagger", token.tag_, f"'{token.text}' tagged {token.tag_} ({token.pos_})"))
            yield self.finding(
                doc,
                match.start(),
                match.end(),
                f"proper noun in lower case: '{written}' should be '{noun.name}'",
                suggestion=noun.name,
                evidence=tuple(evidence),
                confidence=0.7 if noun.ambiguous else 0.95,
            )
        yield from self._from_document_evidence(doc, flagged)

    def _from_document_evidence(self, doc: Document, flagged: set[int]) -> Iterator[Finding]:
        """Unlisted names: lower case here, capitalised mid-sentence elsewhere, and rare as a word."""
        # Cheap pre-filter on the text: lower-case words whose capitalised form also occurs.
        lower = {m.group(0) for m in _LOWER_WORD.finditer(doc.text)}
        capitalised = {m.group(0) for m in _TITLE_WORD.finditer(doc.text)}
        possible = {w for w in lower if w.capitalize() in capitalised and _zipf(w) < _RARE_WORD_ZIPF}
        if not possible:
            return
        from spacy.symbols import PROPN

        mid_sentence_proper: Counter = Counter()
        for sentence in doc.sentences:
            for token in sentence.span[1:]:
                if (
                    token.pos == PROPN
                    and token.is_title
                    and token.lower_ in possible
                    and not _inside_longer_name(token)
                ):
                    mid_sentence_proper[token.text] += 1
        candidates = {form.lower(): form for form, n in mid_sentence_proper.items() if n >= _MIN_CAPITALISED_ELSEWHERE}
        for match in _LOWER_WORD.finditer(doc.text):
            form = candidates.get(match.group(0))
            if form is None or match.start() in flagged:
                continue
            word = match.group(0)
            yield self.finding(
                doc,
                match.start(),
                match.end(),
                f"proper noun in lower case: '{word}' is written '{form}' elsewhere in the article",
                suggestion=form,
                evidence=(
                    Evidence(
                        "capitalised-elsewhere",
                        mid_sentence_proper[form],
                        f"'{form}' tagged as a proper noun mid-sentence",
                    ),
                    Evidence("word-frequency", round(_zipf(word), 2), "Zipf frequency of the lower-case word"),
                ),
                confidence=0.6,
                severity=Severity.MINOR,
            )


def _inside_longer_name(token) -> bool:
    """'Nebula' in 'Iris Nebula' is part of a name; its lower-case use elsewhere is a common noun."""
    doc = token.doc
    neighbours = [doc[token.i - 1]] if token.i > 0 else []
    if token.i + 1 < len(doc):
        neighbours.append(doc[token.i + 1])
    return any(n.text[:1].isupper() and n.is_alpha for n in neighbours)


def _lowered(written: str, name: str) -> bool:
    """True when a capital of `name` is lower case in `written` (all-caps headlines are fine)."""
    if written.isupper() and len(written) > 1:
        return False
    written_letters = [c for c in written if not c.isspace()]
    name_letters = [c for c in name if not c.isspace()]
    return any(n.isupper() and w.islower() for w, n in zip(written_letters, name_letters, strict=True))
