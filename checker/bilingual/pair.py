"""An aligned pair: one or two source sentences and the English sentence(s) they correspond to."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from checker.bilingual.alignment import Link
from checker.document import Document, Sentence
from checker.findings import Evidence


@dataclass
class Pair:
    document: Document
    link: Link
    french: str
    glossary: dict[str, str]
    # Each English sentence of the document in the round trip's pivot language, when it ran.
    pivots: list[str | None] | None = None
    # Each source sentence translated into English, one list per route (Apertium's), when it ran.
    source_translations: list[list[str]] | None = None

    @cached_property
    def sentences(self) -> list[Sentence]:
        return [self.document.sentences[j] for j in self.link.target]

    @property
    def start(self) -> int:
        return self.sentences[0].start

    @property
    def end(self) -> int:
        return self.sentences[-1].end

    @property
    def english(self) -> str:
        """The pair's English as a whole: a source sentence the MT split in two is one pair."""
        return self.document.text[self.start : self.end]

    @property
    def pivot(self) -> str | None:
        """The pair's English in the round trip's pivot language; None without one."""
        if self.pivots is None:
            return None
        parts = [self.pivots[j] for j in self.link.target]
        return None if any(p is None for p in parts) else " ".join(p for p in parts if p is not None)

    @property
    def translations(self) -> list[str]:
        """The pair's French translated into English, once per route that ran (marks of unknown words removed)."""
        from checker.engines.apertium import unmark

        return [unmark(" ".join(route[i] for i in self.link.source))[0] for route in self.source_translations or []]

    @property
    def source_evidence(self) -> Evidence:
        """The evidence every check of the pair cites: its French."""
        return Evidence("source", self.french, "the aligned French sentence")
