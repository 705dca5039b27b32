"""GARB001: a compound split across a sentence break, leaving an orphan hyphen."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from checker.detectors.base import Detector
from checker.detectors.wordlists import bundled, read_entries
from checker.document import Document, Sentence
from checker.findings import Category, Evidence, Finding, Severity

# A sentence end, spaces (not a line break: that would be a new paragraph), then "-Word".
_ORPHAN = re.compile(r"([.!?…])[ \t\u00a0]+-([^\W\d_][\w'’]*)")
_LOOKBACK_TOKENS = 8


@functools.cache
def compound_prefixes() -> dict[str, str]:
    """Lower-case first halves (as MT writes them) mapped to the start of the English compound."""
    entries = read_entries(
        bundled("compound_prefixes.txt"),
        (2,),
        lambda f: None if f[0].islower() and f[1][:1].isupper() else "first field lower case, second capitalised",
    )
    return {entry.fields[0]: entry.fields[1] for entry in entries}


class SplitCompound(Detector):
    """Compound split across a sentence break, leaving an orphan hyphen.

    French compounds such as *nord-coréens* can come out of MT as an adjective before the noun
    and a hyphenated tail opening a new sentence.

    **Bad**: "the presence of northern soldiers as possible. -Koreans in the conflict."

    **Good**: "the presence of North Korean soldiers in the conflict."
    """

    code = "GARB001"
    name = "break.split-compound"
    category = Category.MISTRANSLATION
    severity = Severity.MAJOR

    def find(self, doc: Document) -> Iterator[Finding]:
        prefixes = compound_prefixes()
        for match in _ORPHAN.finditer(doc.text):
            stop = match.start(1)
            orphan_start, orphan_end = match.start(2) - 1, match.end(2)
            tail = match.group(2)
            sentence = doc.sentence_at(stop)
            prefix = _find_prefix(sentence, stop, prefixes) if sentence else None
            if prefix is None:
                yield self.finding(
                    doc,
                    stop,
                    orphan_end,
                    f"orphan hyphen after a sentence break: '-{tail}' looks like the tail of a compound split "
                    "by the break",
                    evidence=(Evidence("orphan-hyphen", f"-{tail}"),),
                    confidence=0.8,
                )
                continue
            start, word, head = prefix
            compound = f"{prefixes[word.lower()]} {_attributive(tail)}"
            suggestion = f"{compound} {head}" if head else compound
            yield self.finding(
                doc,
                start,
                orphan_end,
                f"compound split across a sentence break: '{word}' and '-{tail}' are one word ({compound})",
                suggestion=suggestion,
                evidence=(
                    Evidence("orphan-hyphen", f"-{tail}", f"at offset {orphan_start}"),
                    Evidence("compound-prefix", word, f"'{word}' {_LOOKBACK_TOKENS} tokens or fewer before the break"),
                ),
                confidence=0.95,
            )


def _find_prefix(sentence: Sentence, stop: int, prefixes: dict[str, str]) -> tuple[int, str, str] | None:
    """The last compound prefix shortly before the break: (offset, word, head nouns after it)."""
    tokens = [t for t in sentence.span if sentence.end_offset(t) <= stop][-_LOOKBACK_TOKENS:]
    for i in range(len(tokens) - 1, -1, -1):
        if tokens[i].lower_ in prefixes:
            head = []
            for token in tokens[i + 1 :]:
                if token.pos_ not in ("NOUN", "PROPN"):
                    break
                head.append(token.text)
            return sentence.offset(tokens[i]), tokens[i].text, " ".join(head)
    return None


def _attributive(demonym: str) -> str:
    """'Koreans' -> 'Korean': the plural noun becomes the adjective of the compound."""
    if demonym.endswith("ans") or demonym.endswith("ians"):
        return demonym[:-1]
    return demonym
