"""BIL004 source.addition and BIL005 source.omission: sentences without a counterpart.

An English sentence the alignment pairs with no source sentence is an addition (flagged on it);
a source sentence paired with no English one is an omission, flagged on the English sentence
next to the gap, with the missing French as evidence.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.bilingual.alignment import Link
from checker.bilingual.text import clip
from checker.document import Document
from checker.findings import Category, Evidence, Finding, Severity

ADDITION_CODE = "BIL004"
OMISSION_CODE = "BIL005"


def addition(document: Document, link: Link) -> Iterator[Finding]:
    sentence = document.sentences[link.target[0]]
    yield Finding(
        ADDITION_CODE,
        "source.addition",
        Category.ADDITION,
        Severity.MINOR,
        sentence.start,
        sentence.end,
        document.text[sentence.start : sentence.end],
        "no sentence of the source corresponds to this one",
        confidence=0.5,
    )


def omission(document: Document, links: list[Link], position: int, french: str) -> Iterator[Finding]:
    before = [j for link in links[:position] for j in link.target]
    after = [j for link in links[position + 1 :] for j in link.target]
    if not before and not after:
        return
    sentence = document.sentences[before[-1] if before else after[0]]
    yield Finding(
        OMISSION_CODE,
        "source.omission",
        Category.OMISSION,
        Severity.MAJOR,
        sentence.start,
        sentence.end,
        document.text[sentence.start : sentence.end],
        f"the source sentence '{clip(french)}' has no counterpart {'after' if before else 'before'} this one",
        evidence=(Evidence("source", french, "the source sentence left out"),),
        confidence=0.6,
    )
