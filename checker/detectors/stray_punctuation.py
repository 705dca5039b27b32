"""GARB011: stray punctuation: doubled marks, a mark after "the"/"of"/"to", dangling hyphens, stray symbols."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.detectors.base import Detector
from checker.document import Document
from checker.findings import Category, Evidence, Finding, Severity

_DOUBLED = re.compile(r"(?<![.!?])([,;:])[ \u00a0]*([,;:.])(?![.])|(?<=\w)\.\.(?![.\w])")
# A word that cannot end a phrase, then the phrase going on after a semicolon or colon; after a
# determiner, a comma too ("lied to, their passports" and "because, perhaps," are English).
_AFTER_FUNCTION_WORD = re.compile(
    r"(?<![\w'’-])(?:(the|an|its|their|our|my|your|whose|a)([,;:])|(of|to|because)([;:]))[ \u00a0]+(?=[a-z])",
    re.IGNORECASE,
)
# A hyphen hanging at a word's end ("the- wealth") or after a comma ("Falklands,- where");
# suspended compounds ("pre- and post-war", "19th- and 20th-century") excepted.
_DANGLING_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \u00a0]+(?![a-z]+ [\w]+-\w)(?=[\w“\"‘'])|(?<=[,;:])-(?=[ \u00a0])")
_STRAY_SYMBOL = re.compile(r"(?<=[\w,;:)])[_~@](?=[\s,.;:!?)]|$)|(?<=[\s(])[_~@](?=\s)|(?<=\w)[_~](?=\w)")
# "on your own, friends", "in common, like music", "in general, ...": adjectives ending a phrase.
_ADJECTIVES_USED_AS_NOUNS = frozenset(
    {"own", "common", "general", "particular", "short", "brief", "whole", "total", "full"}
)
_URLISH = re.compile(r"\S*(?:://|www\.|@\w+\.\w)\S*")
# A closing apostrophe after a word that is no plural possessive: "can' say", "and' in".
_STRAY_APOSTROPHE = re.compile(r"(?<=[^\Ws])['’](?=[ \u00a0]+\w)")
_OPENING_SINGLE_QUOTE = re.compile(r"(?:^|(?<=[\s(“\"]))['‘](?=\w)")


class StrayPunctuation(Detector):
    """Stray punctuation: doubled marks, a mark cutting a phrase, a dangling hyphen, a stray symbol.

    **Bad**: "the impact of the virus;; following", "In the late 70s in the, Midlands", "80% of
    the- wealth", "after seven_ days", "And you can' say it".

    **Good**: "the impact of the virus, following", "In the late 70s in the Midlands", "80% of
    the wealth", "after seven days", "And you can say it".
    """

    code = "GARB011"
    name = "punctuation.stray"
    category = Category.PUNCTUATION
    severity = Severity.MINOR

    def find(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        urls = [(m.start(), m.end()) for m in _URLISH.finditer(text)] if any(c in text for c in "_~@") else []

        def in_url(offset: int) -> bool:
            return any(start <= offset < end for start, end in urls)

        for match in _DOUBLED.finditer(text):
            yield self.finding(
                doc,
                match.start(),
                match.end(),
                f"doubled punctuation '{match.group(0)}'",
                suggestion=match.group(2) or ".",
                evidence=(Evidence("pattern", "doubled-punctuation"),),
                confidence=0.85,
            )
        for match in _AFTER_FUNCTION_WORD.finditer(text):
            word, mark = match.group(1) or match.group(3), match.group(2) or match.group(4)
            yield self.finding(
                doc,
                match.start(),
                match.start() + len(word) + 1,
                f"'{mark}' right after '{word}' cuts the phrase in two",
                suggestion=word,
                evidence=(Evidence("pattern", "punctuation-after-function-word", word),),
                confidence=0.8,
            )
        for match in _DANGLING_HYPHEN.finditer(text):
            yield self.finding(
                doc,
                match.start(),
                match.start() + 1,
                "hyphen hanging at the end of a word",
                suggestion="",
                evidence=(Evidence("pattern", "dangling-hyphen"),),
                confidence=0.75,
            )
        for match in _STRAY_SYMBOL.finditer(text):
            if in_url(match.start()):
                continue
            symbol = match.group(0)
            between_words = (
                text[match.start() - 1 : match.start()].isalnum() and text[match.end() : match.end() + 1].isalnum()
            )
            yield self.finding(
                doc,
                match.start(),
                match.end(),
                f"stray '{symbol}' in running text",
                suggestion=" " if between_words else "",
                evidence=(Evidence("pattern", "stray-symbol", symbol),),
                confidence=0.8,
            )
        yield from self._comma_inside_noun_phrase(doc)
        yield from self._colon_before_last_word(doc)
        for match in _STRAY_APOSTROPHE.finditer(text):
            paragraph_start = text.rfind("\n", 0, match.start()) + 1
            if _OPENING_SINGLE_QUOTE.search(text, paragraph_start, match.start()):
                continue  # closes a quotation: 'like this'
            yield self.finding(
                doc,
                match.start(),
                match.end(),
                "stray apostrophe after a word",
                suggestion="",
                evidence=(Evidence("pattern", "stray-apostrophe"),),
                confidence=0.7,
            )

    def _comma_inside_noun_phrase(self, doc: Document) -> Iterator[Finding]:
        """'big, companies': a comma between an adjective and its noun;
        'so, resist the temptation': a comma between "so" and the clause it joins."""
        for sentence, token in doc.tokens():
            if token.text != "," or token.i < 1 or token.i + 1 >= len(token.doc):
                continue
            before, after = token.doc[token.i - 1], token.doc[token.i + 1]
            if (
                before.pos_ == "ADJ"
                and before.dep_ == "amod"
                and before.head.i == after.i
                and after.pos_ == "NOUN"
                and after.text.islower()
                and before.lower_ not in _ADJECTIVES_USED_AS_NOUNS
            ):
                message, evidence = (
                    f"comma between '{before.text}' and the noun it describes",
                    Evidence("parse", "adjective-noun"),
                )
            elif before.lower_ == "so" and token.i >= 2 and token.doc[token.i - 2].text == "," and after.tag_ == "VB":
                message, evidence = "comma after 'so' joining two clauses", Evidence("parse", "so-comma")
            else:
                continue
            yield self.finding(
                doc,
                sentence.offset(before),
                sentence.end_offset(token),
                message,
                suggestion=before.text,
                evidence=(evidence,),
                confidence=0.65,
            )

    def _colon_before_last_word(self, doc: Document) -> Iterator[Finding]:
        """'sixth place: respectively.': a colon that introduces nothing but one adverb."""
        for sentence in doc.sentences:
            tokens = [t for t in sentence.span if not t.is_space]
            if len(tokens) >= 4 and tokens[-1].is_punct and tokens[-3].text == ":" and tokens[-2].pos_ == "ADV":
                colon = tokens[-3]
                yield self.finding(
                    doc,
                    sentence.offset(colon),
                    sentence.end_offset(colon),
                    f"colon before the single word '{tokens[-2].text}'",
                    suggestion="",
                    evidence=(Evidence("parse", "colon-before-adverb"),),
                    confidence=0.7,
                )
