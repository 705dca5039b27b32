"""GARB007: a full stop (or ? !) in the middle of a clause, the next word starting in lower case."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from checker.detectors.base import Detector
from checker.detectors.wordlists import lowercase_words
from checker.document import Document
from checker.findings import Category, Evidence, Finding, Severity

_BREAK = re.compile(r"(?<![.\w])([\w’'”\")\]]+?)(?<!\.)([.?!])([ \u00a0]+)([a-z][\w'’-]*)")
_FRAGMENT_MAX_TOKENS = 12


@functools.cache
def abbreviations() -> frozenset[str]:
    return lowercase_words("abbreviations.txt", "abbreviations")


class StrayStop(Detector):
    """Stray sentence break: a full stop mid-clause, the sentence going on in lower case.

    MT from French sometimes closes a sentence too early and leaves its end as a verbless
    fragment. When the rest is such a fragment, the whole fragment is flagged with the break.

    **Bad**: "said Volodymyr Zelensky. on January 11th.", "depending. on geographical features".

    **Good**: "said Volodymyr Zelensky on January 11th.", "depending on geographical features".
    """

    code = "GARB007"
    name = "break.stray-stop"
    category = Category.PUNCTUATION
    severity = Severity.MAJOR

    def find(self, doc: Document) -> Iterator[Finding]:
        known = abbreviations()
        for match in _BREAK.finditer(doc.text):
            word, stop, _space, following = match.groups()
            bare = word.strip("’'”\")]").lower()  # an upper-case single letter is an initial
            if stop == "." and (bare in known or "." in bare or (len(bare) == 1 and word.isupper())):
                continue
            if any(c.isupper() for c in following[1:]):
                continue  # iPhone, eBay: lower-case starts that are correct
            if stop in "?!" and word[-1:] in "\"”’'":
                continue  # 'what can it "bring"? asks Ms Plamondon': a quoted question, then who asked
            next_start = match.start(4)
            fragment_end = _fragment_end(doc, next_start)
            end = fragment_end if fragment_end is not None else match.end(4)
            joined = doc.text[match.start() : match.start(2)] + " " + doc.text[next_start:end]
            evidence = [Evidence("lowercase-after-stop", following, f"'{stop}' followed by '{following}'")]
            if fragment_end is not None:
                evidence.append(Evidence("verbless-fragment", doc.text[next_start:fragment_end]))
            yield self.finding(
                doc,
                match.start(),
                end,
                f"stray sentence break: '{stop}' mid-clause, and the sentence goes on with '{following}'",
                suggestion=joined,
                evidence=tuple(evidence),
                confidence=0.9 if fragment_end is not None else 0.8,
            )


def _fragment_end(doc: Document, offset: int) -> int | None:
    """End of the sentence starting at `offset` if it is short and has no verb, else None."""
    located = doc.token_at(offset)
    if located is None:
        return None
    sentence, token = located
    rest = sentence.span.doc[token.i : sentence.span.end]
    if len(rest) > _FRAGMENT_MAX_TOKENS or any(t.pos_ in ("VERB", "AUX") for t in rest):
        return None
    return sentence.end
