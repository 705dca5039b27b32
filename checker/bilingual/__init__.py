"""Bilingual checks: the English MT against its French source, sentence by sentence.

Pure: texts and the parsed English document in, findings out. The French is split into sentences
and aligned to the English ones (`alignment`: a length-based dynamic programme with 1-1, 1-2, 2-1
links and a sentence left alone on either side, nudged by the numbers and names both sides
share). Then each aligned pair goes through the checks translators' QA tools run, one module and
one case file (`cases/BIL00N.yml`) each:
- BIL001 `numbers`: every number of the English is a number of the source, by value across
  locale formats, or one the French states in words;
- BIL002 `untranslated`: a French word of the source copied into the English;
- BIL003 `names`: a name of the source the English (or its round trip's pivot) does not contain;
- BIL004 / BIL005 `coverage`: an English sentence with no source counterpart (addition), a source
  sentence with no English one (omission);
- BIL006 `glossary`: a source term whose required English term is missing;
- BIL007 `length`: an English sentence far shorter or longer than its source;
- BIL008 `marks`: brackets not kept, quotation marks left unpaired;
- BIL009 `direct`, with an engine that translates FR->EN: an English sentence that shares little
  with the engine's own translation of its source;
- BIL010 `capitals`: a name the source capitalises, in lower case in the English (`kyiv`);
- BIL011 `accuracy`, with the source translated by Apertium: English words the source does not
  support, weighed by a model calibrated on dev articles marked by careful reviewers.
A source that is another article (few shared anchors, an impossible length ratio) is refused.
"""

from __future__ import annotations

from checker.bilingual import (
    accuracy,
    capitals,
    coverage,
    direct,
    length,
    marks,
    names,
    numbers,
    untranslated,
)
from checker.bilingual import (
    glossary as glossary_check,
)
from checker.bilingual.alignment import Link, SourceSentence, align, refuse_other_article, split_french
from checker.bilingual.direct import DIRECT_CHRF_THRESHOLD, compare_with_translation
from checker.bilingual.glossary import read_glossary
from checker.bilingual.numbers import implied_numbers
from checker.bilingual.pair import Pair
from checker.bilingual.support import WordContext
from checker.bilingual.text import number_values
from checker.document import Document
from checker.errors import InputError
from checker.findings import Finding, merge_overlapping

# The checks of an aligned pair, by code (each module's `find(pair)`).
PAIR_CHECKS = {
    module.CODE: module.find for module in (numbers, untranslated, names, glossary_check, length, marks, capitals)
}
CODES = (*PAIR_CHECKS, coverage.ADDITION_CODE, coverage.OMISSION_CODE, direct.CODE, accuracy.CODE)


def align_source(document: Document, source_text: str) -> tuple[list[Link], list[SourceSentence]]:
    """The source's sentences and their links to the English ones; raises InputError when the
    source has no text or is another article's."""
    source = split_french(source_text)
    if not source:
        raise InputError("the source file has no text")
    refuse_other_article(source_text, document.text)
    return align(source, [document.text[s.start : s.end] for s in document.sentences]), source


def check_aligned(
    document: Document,
    links: list[Link],
    source: list[SourceSentence],
    glossary: dict[str, str] | None = None,
    pivots: list[str | None] | None = None,
    translations: list[list[str]] | None = None,
) -> list[Finding]:
    """Bilingual findings on the English document, from its alignment with the source.

    `glossary` maps French terms to the English term they must be translated by; `pivots`, one
    per English sentence, are the round trip's pivot translations, where the name check also
    looks for the source's names; `translations`, one list per route, the source's sentences
    translated into English, where the name check learns how English writes a name (Pouchkine:
    Pushkin)."""
    findings: list[Finding] = []
    for position, link in enumerate(links):
        french = " ".join(source[i].text for i in link.source)
        if not link.target:
            findings.extend(coverage.omission(document, links, position, french))
        elif not link.source:
            findings.extend(coverage.addition(document, link))
        else:
            pair = Pair(document, link, french, glossary or {}, pivots, translations)
            for find in PAIR_CHECKS.values():
                findings.extend(find(pair))
    return sorted(findings, key=lambda f: f.sort_key)


def accuracy_pairs(
    document: Document, links: list[Link], source: list[SourceSentence], hybrid: list[str], direct: list[str]
) -> list[tuple[Pair, accuracy.SourceTranslationPair]]:
    """The aligned pairs BIL011 weighs, each with the two Apertium translations of its French
    (`direct` as Apertium gives it, unknown words marked; the marks are taken off here)."""
    from checker.engines.apertium import unmark

    pairs = []
    for link in links:
        if not link.source or not link.target:
            continue
        french = " ".join(source[i].text for i in link.source)
        literal, unknown = unmark(" ".join(direct[i] for i in link.source))
        translations = accuracy.SourceTranslationPair(" ".join(hybrid[i] for i in link.source), literal, tuple(unknown))
        pairs.append((Pair(document, link, french, {}), translations))
    return pairs


def check_accuracy(
    document: Document,
    links: list[Link],
    source: list[SourceSentence],
    hybrid: list[str],
    direct: list[str],
    context: WordContext | None = None,
) -> tuple[list[Finding], list[tuple[int, int, float]]]:
    """BIL011 on every aligned pair: the findings, and every English word of the pairs as
    (start, end, error probability). `context`: the round trip's probabilities and the rules' findings."""
    findings: list[Finding] = []
    words: list[tuple[int, int, float]] = []
    for pair, translations in accuracy_pairs(document, links, source, hybrid, direct):
        scored = accuracy.scored_words(pair, translations, context)
        words += [(pair.start + w.token.start, pair.start + w.token.end, p) for w, p in scored]
        findings.extend(accuracy.find(pair, translations, scored=scored))
    return findings, words


def check_against_source(
    document: Document,
    source_text: str,
    glossary: dict[str, str] | None = None,
    pivots: list[str | None] | None = None,
) -> tuple[list[Finding], list[Link], list[SourceSentence]]:
    """`align_source`, then `check_aligned`: findings, links and the source's sentences."""
    links, source = align_source(document, source_text)
    return check_aligned(document, links, source, glossary, pivots), links, source


__all__ = [
    "CODES",
    "DIRECT_CHRF_THRESHOLD",
    "Link",
    "Pair",
    "SourceSentence",
    "WordContext",
    "accuracy_pairs",
    "align",
    "align_source",
    "check_accuracy",
    "check_against_source",
    "check_aligned",
    "compare_with_translation",
    "implied_numbers",
    "merge_overlapping",
    "number_values",
    "read_glossary",
    "split_french",
]
