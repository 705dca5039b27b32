"""Bilingual checks: the English MT against its French source, sentence by sentence.

Pure: texts and the parsed English document in, findings out. The French is split into sentences
and aligned to the English ones with a length-based dynamic programme (1-1, 1-2, 2-1, and a
sentence left alone on either side), nudged by anchors both sides share (numbers, capitalised
names). Then, for each aligned pair, the checks translators' QA tools run:
- BIL001 numbers: every number in the English must be a number of the source, compared by value
  across locale formats (`2 700` = `2,700`, `3,5` = `3.5`, `12 h 00` = `1200`), or one the
  French states in words (`trois`, the month of `11 septembre` as in `9/11`, `XXe siècle`);
- BIL002 source words left in the English: a word of the French sentence that is French, not
  English, copied into the translation (`The vehicle lui-même was removed`);
- BIL003 names: a capitalised name of the source (not at a sentence start, not a common French
  word) that the English does not contain; flagged on the English sentence (or sentences, when
  the source sentence was split in two);
- BIL004 / BIL005: an English sentence with no source counterpart (addition), a source sentence
  with no English one (omission, flagged on the English sentence next to the gap);
- BIL006 glossary: a French term of the source whose required English term is missing;
- BIL007 length: an English sentence far shorter or longer than its source (a lost or added part);
- BIL008 brackets and quotation marks: brackets not kept as in the source, quotation marks the
  English leaves unpaired where the source pairs them;
- BIL009 with an engine that translates FR->EN: an English sentence that shares little (chrF++)
  with the engine's own translation of its source (`compare_with_translation`).
A source that is another article (few shared anchors, an impossible length ratio) is refused.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass

from checker.detectors.frequency import zipf
from checker.document import Document
from checker.errors import InputError
from checker.findings import Category, Evidence, Finding, Severity

_FRENCH_SENTENCE_END = re.compile(r"(?<=[.!?…»\"])\s+(?=[«\"A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ0-9-])")
# A number in either language: digit groups joined by spaces, thin spaces, commas, points, colons or " h ".
_NUMBER = re.compile(r"\d+(?:(?:[\u00a0\u202f ]|,|\.|:|\s?h\s?)\d+)*")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ][^\W\d_]+(?:-[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ][^\W\d_]+)*")
# Sentences of EN and FR news differ in length by about this ratio (English is shorter).
_LENGTH_RATIO = 0.9
_SKIP_COST = 1.5


@dataclass(frozen=True)
class SourceSentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Link:
    """Aligned groups: source sentence indexes and English sentence indexes (either may be empty)."""

    source: tuple[int, ...]
    target: tuple[int, ...]


def split_french(text: str) -> list[SourceSentence]:
    """French sentences with offsets: lines, then sentence ends inside them."""
    sentences = []
    for line in re.finditer(r"[^\n]+", text):
        position = line.start()
        for piece in _FRENCH_SENTENCE_END.split(line.group()):
            start = text.index(piece, position)
            if piece.strip():
                sentences.append(SourceSentence(start, start + len(piece), piece))
            position = start + len(piece)
    return sentences


def number_values(text: str) -> list[str]:
    """Numbers by value, whatever the locale: '2 700', '2,700' -> '2700'; '3,5', '3.5' -> '3.5';
    '12 h 00', '12:00', '1200' -> '1200'. A comma or point before exactly three digits groups
    thousands; before any other count it is the decimal mark."""
    values = []
    for match in _NUMBER.finditer(text):
        joined = re.sub(r"[\u00a0\u202f :]|\s?h\s?", "", match.group())
        head, *rest = re.split(r"[,.]", joined)
        value = head
        for part in rest:
            value += part if len(part) == 3 else "." + part
        if "." in value:
            value = value.rstrip("0").rstrip(".")
        values.append(value.lstrip("0") or "0")
    return values


_FRENCH_NUMBER_WORDS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "mille": 1000,
    "premier": 1, "première": 1, "deuxième": 2, "second": 2, "seconde": 2, "troisième": 3, "quatrième": 4,
    "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8, "neuvième": 9, "dixième": 10,
    "moitié": 2, "demi": 2, "tiers": 3, "quart": 4, "douzaine": 12, "dizaine": 10, "vingtaine": 20,
    "centaine": 100,
}
_MONTHS = {month: number for number, month in enumerate(
    ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
     "novembre", "décembre"), 1)}
_ROMAN_ORDINAL = re.compile(r"\b([IVXLC]+)(?:e|er|ème|è)\b")
_FRENCH_HOUR = re.compile(r"\b(\d{1,2})\s?h\b")


def implied_numbers(french: str) -> set[str]:
    """Numbers a French sentence states without digits, as an English translation may write them:
    number words (`trois` -> 3, `la moitié` -> 2 as in 1/2), the month of a date (`11 septembre`
    -> 9, as in 9/11), Roman ordinals (`XXe siècle` -> 20) and the 12-hour form of an hour
    (`15 h` -> 3, as in 3 p.m.)."""
    values: set[str] = set()
    for word in _WORD.findall(french.lower()):
        for part in word.split("-"):  # dix-huit, vingt-et-un: each part, and their sum below
            if part in _FRENCH_NUMBER_WORDS:
                values.add(str(_FRENCH_NUMBER_WORDS[part]))
            if part in _MONTHS:
                values.add(str(_MONTHS[part]))
        parts = [_FRENCH_NUMBER_WORDS.get(p) for p in word.split("-") if p != "et"]
        if len(parts) > 1 and all(parts):
            values.add(str(sum(parts)))
    for match in _ROMAN_ORDINAL.finditer(french):
        if value := _roman(match.group(1)):
            values.add(str(value))
    for match in _FRENCH_HOUR.finditer(french):
        hour = int(match.group(1))
        if 12 < hour < 24:
            values.add(str(hour - 12))
    return values


def _roman(numeral: str) -> int | None:
    digits = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for here, after in zip(numeral, numeral[1:] + " "):
        value = digits[here]
        total += -value if digits.get(after, 0) > value else value
    return total or None


def _anchors(text: str) -> set[str]:
    return set(number_values(text)) | {_fold(m.group()) for m in _NAME.finditer(text)}


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if unicodedata.category(c) != "Mn")


def align(source: list[SourceSentence], target: list[str]) -> list[Link]:
    """Length-based alignment with anchor bonuses (Gale and Church, with 1-2 and 2-1 links)."""
    n, m = len(source), len(target)
    source_anchors = [_anchors(s.text) for s in source]
    target_anchors = [_anchors(t) for t in target]

    def cost(i0: int, i1: int, j0: int, j1: int) -> float:
        if i0 == i1 or j0 == j1:
            return _SKIP_COST
        fr = sum(len(source[i].text) for i in range(i0, i1))
        en = sum(len(target[j]) for j in range(j0, j1))
        length = abs(math.log((en + 1) / (_LENGTH_RATIO * fr + 1)))
        shared_fr = set().union(*source_anchors[i0:i1])
        shared_en = set().union(*target_anchors[j0:j1])
        bonus = 0.3 * len(shared_fr & shared_en)
        merge = 1.0 if (i1 - i0) + (j1 - j0) > 2 else 0.0
        return length * 2 + merge - bonus

    best = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    steps = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))
    for i in range(n + 1):
        for j in range(m + 1):
            if best[i][j] == math.inf:
                continue
            for di, dj in steps:
                if i + di <= n and j + dj <= m:
                    value = best[i][j] + cost(i, i + di, j, j + dj)
                    if value < best[i + di][j + dj]:
                        best[i + di][j + dj] = value
                        back[i + di][j + dj] = (i, j)
    links = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj = back[i][j]
        links.append(Link(tuple(range(pi, i)), tuple(range(pj, j))))
        i, j = pi, pj
    return links[::-1]


def check_against_source(document: Document, source_text: str, glossary: dict[str, str] | None = None,
                         ) -> tuple[list[Finding], list[Link], list[SourceSentence]]:
    """Bilingual findings on the English document; raises InputError when the source is another article.

    `glossary` maps French terms to the English term they must be translated by."""
    source = split_french(source_text)
    target = [document.text[s.start:s.end] for s in document.sentences]
    if not source:
        raise InputError("the source file has no text")
    _refuse_other_article(source_text, document.text)
    links = align(source, target)
    findings: list[Finding] = []
    for position, link in enumerate(links):
        french = " ".join(source[i].text for i in link.source)
        if not link.target:
            findings.extend(_omission(document, links, position, french))
            continue
        if not link.source:
            sentence = document.sentences[link.target[0]]
            findings.append(Finding("BIL004", "source.addition", Category.ADDITION, Severity.MINOR, sentence.start,
                                    sentence.end, document.text[sentence.start:sentence.end],
                                    "no sentence of the source corresponds to this one", confidence=0.5))
            continue
        # Numbers and copied words are checked sentence by sentence; names and glossary terms over
        # the link's English as a whole, since a source sentence split in two names London once.
        first, last = document.sentences[link.target[0]], document.sentences[link.target[-1]]
        for j in link.target:
            findings.extend(_number_findings(document, j, french))
            findings.extend(_untranslated_findings(document, j, french))
        findings.extend(_name_findings(document, first.start, last.end, french))
        findings.extend(_glossary_findings(document, first.start, last.end, french, glossary or {}))
        findings.extend(_length_findings(document, first.start, last.end, french))
        findings.extend(_mark_findings(document, first.start, last.end, french))
    return sorted(findings, key=lambda f: f.sort_key), links, source


def _omission(document: Document, links: list[Link], position: int, french: str):
    """A source sentence with no counterpart: flagged on the English sentence before the gap."""
    before = [j for link in links[:position] for j in link.target]
    after = [j for link in links[position + 1:] for j in link.target]
    if not before and not after:
        return
    sentence = document.sentences[before[-1] if before else after[0]]
    yield Finding("BIL005", "source.omission", Category.OMISSION, Severity.MAJOR, sentence.start, sentence.end,
                  document.text[sentence.start:sentence.end],
                  f"the source sentence '{_clip(french)}' has no counterpart {'after' if before else 'before'} this one",
                  evidence=(Evidence("source", french, "the source sentence left out"),), confidence=0.6)


# chrF++ of an English sentence against a direct FR->EN translation of its source under which
# the two say different things. Set on DEMETR dev with the human reference standing in for the
# engine's translation: the checked MT scores 40.5 at the lowest there, a translation of another
# sentence 21 at the highest.
DIRECT_CHRF_THRESHOLD = 35.0


def compare_with_translation(document: Document, links: list[Link], translations: list[str]) -> list[Finding]:
    """BIL009: aligned pairs whose English shares little with the source's own translation
    (`translations`: one English translation per source sentence, from an FR->EN engine)."""
    from sacrebleu.metrics import CHRF

    chrf = CHRF(word_order=2)
    findings = []
    for link in links:
        if not link.source or not link.target:
            continue
        direct = " ".join(" ".join(translations[i].split()) for i in link.source)
        start, end = document.sentences[link.target[0]].start, document.sentences[link.target[-1]].end
        english = document.text[start:end]
        score = chrf.sentence_score(" ".join(english.split()), [direct]).score
        if score < DIRECT_CHRF_THRESHOLD:
            findings.append(Finding(
                "BIL009", "source.diverges", Category.MISTRANSLATION, Severity.MAJOR, start, end, english,
                f"a direct translation of the source says something else (chrF++ {score:.1f} < {DIRECT_CHRF_THRESHOLD:.0f})",
                suggestion=direct,
                evidence=(Evidence("source-translation", direct, "the source translated FR->EN"),
                          Evidence("chrF++", round(score, 1))), confidence=0.7))
    return findings


# English/French length of an aligned pair: 0.62-1.24 in the DEMETR dev translations (MT and
# human); outside these bounds, a part of the sentence is most likely lost or added. Short
# sentences vary too much to tell.
_LENGTH_BOUNDS = (0.45, 1.6)
_LENGTH_MIN_SOURCE = 60


def _length_findings(document: Document, start: int, end: int, french: str):
    """An English sentence much shorter or longer than its source (BIL007)."""
    english = document.text[start:end]
    if len(french) < _LENGTH_MIN_SOURCE:
        return
    ratio = len(english) / len(french)
    low, high = _LENGTH_BOUNDS
    if low <= ratio <= high:
        return
    kind = "shorter" if ratio < low else "longer"
    yield Finding("BIL007", "source.length-ratio", Category.OMISSION if ratio < low else Category.ADDITION,
                  Severity.MINOR, start, end, english,
                  f"the English is {ratio:.0%} of its source's length, much {kind} than a translation "
                  f"({low:.0%}-{high:.0%}): part of the sentence may be {'lost' if ratio < low else 'added'}",
                  evidence=(Evidence("source", french, "the aligned French sentence"),
                            Evidence("length-ratio", round(ratio, 2))), confidence=0.5)


_QUOTES = re.compile(r'["“”«»„]')


def _marks(text: str) -> dict[str, int]:
    return {mark: text.count(mark) for mark in "()[]"}


def _mark_findings(document: Document, start: int, end: int, french: str):
    """Brackets the English does not keep as the source has them, and quotation marks the English
    leaves unbalanced where the source's are balanced (BIL008)."""
    english = document.text[start:end]
    source_marks, english_marks = _marks(french), _marks(english)
    problems = [f"'{mark}' {source_marks[mark]} time(s) in the source, {english_marks[mark]} in the English"
                for mark in "()[]" if source_marks[mark] != english_marks[mark]]
    french_quotes, english_quotes = len(_QUOTES.findall(french)), _QUOTES.findall(english)
    if french_quotes % 2 == 0 and len(english_quotes) % 2 == 1:
        problems.append(f"{len(english_quotes)} quotation mark(s) in the English, an odd number: one is unpaired")
    if problems:
        yield Finding("BIL008", "source.brackets-quotes", Category.PUNCTUATION, Severity.MINOR, start, end, english,
                      "brackets or quotation marks differ from the source: " + "; ".join(problems),
                      evidence=(Evidence("source", french, "the aligned French sentence"),), confidence=0.5)


def _glossary_findings(document: Document, start: int, end: int, french: str, glossary: dict[str, str]):
    """A glossary term of the source whose required English term the English (start:end) lacks (BIL006)."""
    english = document.text[start:end]
    for term, required in glossary.items():
        if not re.search(rf"(?<!\w){re.escape(term)}(?!\w)", french, re.IGNORECASE):
            continue
        if re.search(rf"(?<!\w){re.escape(required)}(?!\w)", english, re.IGNORECASE):
            continue
        wrong = re.search(rf"(?<!\w){re.escape(term)}(?!\w)", english, re.IGNORECASE)
        at, to = (start + wrong.start(), start + wrong.end()) if wrong else (start, end)
        yield Finding("BIL006", "source.glossary", Category.MISTRANSLATION, Severity.MAJOR, at, to,
                      document.text[at:to], f"the glossary translates '{term}' as '{required}'",
                      suggestion=required if wrong else None,
                      evidence=(Evidence("glossary", f"{term} -> {required}"),), confidence=0.9)


def read_glossary(path) -> dict[str, str]:
    """A glossary TSV: French term<TAB>English term, one a line; # starts a comment."""
    glossary = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        french, tab, english = line.partition("\t")
        if not tab or not french.strip() or not english.strip():
            raise InputError(f"{path}:{number}: expected 'French term<TAB>English term'")
        glossary[french.strip()] = english.strip()
    return glossary


def _clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def _refuse_other_article(source_text: str, target_text: str) -> None:
    """Another article: an impossible length ratio, or (in a text long enough to tell) almost none
    of its numbers and names in the English. Names are compared by their first letters, since
    many are translated (Allemagne/Germany still fails, hence the generous share)."""
    ratio = len(target_text) / max(1, len(source_text))
    source_anchors = _anchors(source_text)
    target_words = {_fold(w)[:4] for w in _WORD.findall(target_text)} | set(number_values(target_text))
    shared = {a for a in source_anchors if a in target_words or a[:4] in target_words}
    long_enough = len(source_text) >= 300 and len(source_anchors) >= 5
    if ratio < 0.4 or ratio > 2.5 or (long_enough and len(shared) < 0.25 * len(source_anchors)):
        raise InputError(f"the source does not look like the original of this article: {len(shared)} of "
                         f"{len(source_anchors)} names and numbers shared, length ratio {ratio:.2f}")


def _number_findings(document: Document, index: int, french: str):
    """Numbers of the English sentence that are no number of the French (BIL001)."""
    sentence = document.sentences[index]
    english = document.text[sentence.start:sentence.end]
    french_numbers = set(number_values(french)) | implied_numbers(french)
    for match in _NUMBER.finditer(english):
        (value,) = number_values(match.group())
        decade = english[match.end():match.end() + 1] == "s" and len(value) == 4 and value[2:] in french_numbers
        if value not in french_numbers and not decade:  # 1970s = "les années 70"
            start = sentence.start + match.start()
            yield Finding("BIL001", "source.number-mismatch", Category.MISTRANSLATION, Severity.MAJOR, start,
                          start + len(match.group()), match.group(),
                          f"'{match.group()}' is not a number of the source sentence",
                          evidence=(Evidence("source", french, "the aligned French sentence"),
                                    Evidence("source-numbers", sorted(french_numbers))), confidence=0.9)


def _untranslated_findings(document: Document, index: int, french: str):
    """French words of the source copied into the English sentence (BIL002)."""
    sentence = document.sentences[index]
    english = document.text[sentence.start:sentence.end]
    french_words = {w.lower() for w in _WORD.findall(french)}
    for match in _WORD.finditer(english):
        word = match.group()
        lower = word.lower()
        if lower in french_words and len(lower) >= 2 and _is_french(lower) and not word[0].isupper():
            start = sentence.start + match.start()
            yield Finding("BIL002", "source.untranslated", Category.UNTRANSLATED, Severity.MAJOR, start,
                          start + len(word), word, f"'{word}' is French, copied from the source untranslated",
                          evidence=(Evidence("source", french, "the aligned French sentence"),), confidence=0.85)


def _name_findings(document: Document, start: int, end: int, french: str):
    """Names of the French that the English (start:end, one or more sentences) lacks (BIL003)."""
    english = document.text[start:end]
    english_folded = _fold(english)
    english_words = {_fold(w) for w in _WORD.findall(english)}
    for match in _NAME.finditer(french):
        name = match.group()
        folded = _fold(name)
        # Present as such, or as a cognate sharing its first letters (Albanie/Albania, Bahreïn/Bahrain).
        if folded in english_folded or any(w[:4] == folded[:4] for w in english_words if len(w) >= 4 and len(folded) >= 4):
            continue
        if zipf(name.lower(), "fr") >= 5.0:  # a capitalised common word (Le, Pour), not a name
            continue
        if _ROMAN_ORDINAL.fullmatch(name):  # XXIe siècle: a number, checked as one
            continue
        if any(_fold(english_name) in english_folded for english_name in _exonyms().get(folded, ())):
            continue
        yield Finding("BIL003", "source.name-missing", Category.MISTRANSLATION, Severity.MAJOR, start,
                      end, english, f"the source names '{name}', the English does not",
                      evidence=(Evidence("source", french, "the aligned French sentence"),), confidence=0.7)


@functools.cache
def _exonyms() -> dict[str, tuple[str, ...]]:
    """French names and their English forms (detectors/data/exonyms_fr_en.txt), keyed by the folded French."""
    from checker.detectors.wordlists import bundled, read_entries

    entries = read_entries(bundled("exonyms_fr_en.txt"), tuple(range(2, 9)), lambda fields: None)
    return {_fold(entry.fields[0]): entry.fields[1:] for entry in entries}


def _is_french(word: str) -> bool:
    """Much more frequent in French than in English ('et', 'lui-même'; not 'commerce' or 'France')."""
    return zipf(word, "fr") >= 2.5 and zipf(word, "fr") - zipf(word.replace("’", "'")) >= 1.5
