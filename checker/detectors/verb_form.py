"""GARB009: verb forms broken by MT: `to` + gerund for an infinitive, `must to`, pronoun agreement."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from checker.detectors.base import Detector
from checker.detectors.wordlists import lowercase_words
from checker.document import Document, Sentence
from checker.findings import Category, Evidence, Finding, Severity

_MODALS = frozenset({"must", "can", "could", "should", "would", "will", "may", "might", "shall"})
_SINGULAR_PRONOUNS = frozenset({"he", "she", "it"})
_PLURAL_PRONOUNS = frozenset({"they", "we", "i", "you"})


@functools.cache
def infinitive_takers() -> frozenset[str]:
    return lowercase_words("infinitive_takers.txt", "lemmas")


class VerbForm(Detector):
    """Verb form broken by MT: a gerund after an infinitive "to", "to" after a modal, agreement slips.

    Kept to patterns the tagger sees reliably: "in order to"/"so as to" and verbs that take an
    infinitive followed by an -ing form; a modal followed by "to"; he/she/it or they/we/I/you
    directly before a present-tense verb of the wrong person.

    **Bad**: "in order to sending them into battle", "they must to leave", "he say that".

    **Good**: "in order to send them into battle", "they must leave", "he says that".
    """

    code = "GARB009"
    name = "grammar.verb-form"
    category = Category.GRAMMAR
    severity = Severity.MAJOR

    def find(self, doc: Document) -> Iterator[Finding]:
        takers = infinitive_takers()
        for sentence in doc.sentences:
            tokens = list(sentence.span)
            for i, token in enumerate(tokens):
                if token.lower_ == "to" and i + 1 < len(tokens):
                    yield from self._after_to(doc, sentence, tokens, i, takers)
                elif token.lower_ in _SINGULAR_PRONOUNS | _PLURAL_PRONOUNS and i + 1 < len(tokens):
                    yield from self._agreement(doc, sentence, token, tokens[i + 1])

    def _after_to(self, doc: Document, sentence: Sentence, tokens, i: int, takers: frozenset[str]) -> Iterator[Finding]:
        verb = tokens[i + 1]
        before = tokens[i - 1] if i > 0 else None
        if before is not None and before.lower_ in _MODALS and before.tag_ == "MD" and verb.tag_ == "VB":
            yield self.finding(
                doc,
                sentence.offset(before),
                sentence.end_offset(tokens[i]),
                f"'{before.text} to': a modal takes the bare infinitive",
                suggestion=before.text,
                evidence=(Evidence("pattern", "modal-to"),),
                confidence=0.85,
            )
            return
        if verb.tag_ != "VBG" or not verb.lower_.endswith("ing"):
            return
        head = _governor(tokens, i)
        trigger = None
        if i >= 2 and (tokens[i - 2].lower_, tokens[i - 1].lower_) in (("in", "order"), ("so", "as")):
            trigger, start_token = f"{tokens[i - 2].text} {tokens[i - 1].text}", tokens[i - 2]
        elif head is not None and doc.lemma(head).lower() in takers:
            trigger, start_token = head.text, tokens[i]
        if trigger is None:
            return
        base = _base_form(verb, doc.lemma(verb))
        start = sentence.offset(start_token)
        written = doc.text[start : sentence.end_offset(verb)]
        yield self.finding(
            doc,
            start,
            sentence.end_offset(verb),
            f"'{trigger}' takes an infinitive: 'to {base}', not 'to {verb.text}'",
            suggestion=written[: len(written) - len(verb.text)] + base,
            evidence=(
                Evidence("pattern", "to-gerund", trigger),
                Evidence("tagger", verb.tag_, f"'{verb.text}' tagged {verb.tag_}"),
            ),
            confidence=0.9,
        )

    def _agreement(self, doc: Document, sentence: Sentence, pronoun, verb) -> Iterator[Finding]:
        if verb.dep_ == "aux" or doc.lemma(verb) in ("be", "have", "do") or verb.lower_ in _MODALS:
            return
        if verb.head.i != verb.i or pronoun.head.i != verb.i or pronoun.dep_ != "nsubj":
            return  # the pronoun must be the verb's subject, and the verb the head of its clause
        singular = pronoun.lower_ in _SINGULAR_PRONOUNS
        if singular and verb.tag_ == "VBP" and not verb.lower_.endswith("s"):
            expected = _third_person(verb.lower_)
        elif not singular and verb.tag_ == "VBZ" and verb.lower_.endswith("s"):
            expected = doc.lemma(verb).lower()
        else:
            return
        yield self.finding(
            doc,
            sentence.offset(pronoun),
            sentence.end_offset(verb),
            f"subject and verb disagree: '{pronoun.text} {verb.text}'",
            suggestion=f"{pronoun.text} {expected}",
            evidence=(Evidence("tagger", verb.tag_, f"'{verb.text}' tagged {verb.tag_} after '{pronoun.text}'"),),
            confidence=0.7,
        )


def _governor(tokens, i: int):
    """The word that "to" hangs on: the head of the -ing verb (or of "to", parsed as a preposition)."""
    verb, to = tokens[i + 1], tokens[i]
    head = verb.head
    if head.i == to.i:
        head = to.head
    if head.i in (verb.i, to.i):
        return tokens[i - 1] if i > 0 else None
    return head


def _base_form(verb, lemma: str) -> str:
    return lemma if lemma and lemma != verb.text and not lemma.endswith("ing") else verb.text[:-3]


def _third_person(base: str) -> str:
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        return base + "es"
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return base[:-1] + "ies"
    return base + "s"
