"""GARB008: a name that takes "the" written without it: `as reported by Washington Post`."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from checker.detectors.base import Detector
from checker.detectors.wordlists import bundled, read_entries
from checker.document import Document
from checker.findings import Category, Evidence, Finding, Severity

# Words before a name that make the article unnecessary: determiners, possessives, or a name
# that the listed one continues ("US Senate").
_DETERMINER_POS = frozenset({"DET", "PRON", "NUM", "PROPN", "ADJ"})
_WORD_BEFORE = re.compile(r"([\w’'-]+)[ \u00a0]+$")


@functools.cache
def names_with_the() -> re.Pattern:
    entries = read_entries(
        bundled("names_with_the.txt"),
        (1,),
        lambda f: None if f[0][:1].isupper() else "a name starts with a capital letter",
    )
    names = sorted((e.fields[0] for e in entries), key=len, reverse=True)
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(r"[ \u00a0]+".join(map(re.escape, n.split())) for n in names) + r")(?![\w-])"
    )


class MissingArticle(Detector):
    """Missing "the" before a name that takes it (newspapers, institutions, plural countries).

    **Bad**: "as reported by Washington Post", "journalists Washington Post were shown a list".

    **Good**: "as reported by the Washington Post", "journalists from the Washington Post".
    """

    code = "GARB008"
    name = "article.missing-the"
    category = Category.GRAMMAR
    severity = Severity.MINOR

    def find(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for match in names_with_the().finditer(text):
            before = _WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
            if before is None or not before.group(1)[:1].islower():
                continue  # sentence start, after punctuation, or after a capitalised word
            located = doc.token_at(before.start(1))
            name_token = doc.token_at(match.start())
            if located is None or name_token is None:
                continue
            _, previous = located
            if previous.pos_ in _DETERMINER_POS or previous.lower_ in ("the", "'s", "’s"):
                continue
            if _modifies_a_noun(doc, match.end()):
                continue  # "told Washington Post reporters": the name is an attribute
            yield self.finding(
                doc,
                before.start(1),
                match.end(),
                f"missing 'the' before '{match.group(0)}'",
                suggestion=f"{before.group(1)} the {match.group(0)}",
                evidence=(
                    Evidence("name-takes-the", match.group(0), "listed in names_with_the.txt"),
                    Evidence("word-before", previous.text, previous.pos_),
                ),
                confidence=0.85,
            )


def _modifies_a_noun(doc: Document, end: int) -> bool:
    following = re.match(r"[ \u00a0]+(\w+)", doc.text[end : end + 40])
    if following is None:
        return False
    located = doc.token_at(end + following.start(1))
    return located is not None and located[1].pos_ == "NOUN"
