"""French sentences, and their alignment with the English ones (Gale and Church, with anchors)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from checker.bilingual.text import WORD, anchors, fold, number_values
from checker.errors import InputError

_FRENCH_SENTENCE_END = re.compile(r"(?<=[.!?…»\"])\s+(?=[«\"A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ0-9-])")
# A period that ends a title, an initial or a common abbreviation, not a sentence.
_ABBREVIATION_BEFORE = re.compile(
    r"(?<![^\s(«\"'’-])(?:[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ]|MM|Mme|Mmes|Mlle|Me|Mgr|Dr|Pr|St|Ste|Gal|Gén|Col|Cdt|Lt|Cie|"
    r"av|apr|cf|env|vol|art|chap|p|n°|no|J\.-C)\.$"
)
# Sentences of EN and FR news differ in length by about this ratio (English is shorter).
_LENGTH_RATIO = 0.9
_SKIP_COST = 1.5
# How far from the diagonal (beyond the difference in sentence counts) the alignment may go.
_BAND = 25


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
    """French sentences with offsets: lines, then sentence ends inside them (not after a title
    or an initial: `M. Macron`, `Mme Dati`, `J.-C.`)."""
    sentences = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for boundary in _FRENCH_SENTENCE_END.finditer(line.group()):
            end = line.start() + boundary.start()
            if _ABBREVIATION_BEFORE.search(text, start, end):
                continue
            sentences.append(SourceSentence(start, end, text[start:end]))
            start = line.start() + boundary.end()
        if text[start : line.end()].strip():
            sentences.append(SourceSentence(start, line.end(), text[start : line.end()]))
    return sentences


def align(source: list[SourceSentence], target: list[str]) -> list[Link]:
    """Length-based alignment with anchor bonuses (Gale and Church, with 1-2 and 2-1 links)."""
    n, m = len(source), len(target)
    source_anchors = [anchors(s.text) for s in source]
    target_anchors = [anchors(t) for t in target]

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

    # Rows hold only the cells reached (a band around the diagonal, below).
    best: list[dict[int, float]] = [{} for _ in range(n + 1)]
    back: list[dict[int, tuple[int, int]]] = [{} for _ in range(n + 1)]
    best[0][0] = 0.0
    steps = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))
    # Only cells near the diagonal: a translation keeps the order of its source, so the path
    # strays from it by the difference in sentence counts and a few splits or merges. This keeps
    # the table linear in the article's length instead of quadratic.
    band = abs(n - m) + _BAND
    for i in range(n + 1):
        centre = i * m / n if n else 0
        for j in range(max(0, int(centre) - band), min(m, int(centre) + band) + 1):
            if j not in best[i]:
                continue
            for di, dj in steps:
                if i + di <= n and j + dj <= m:
                    value = best[i][j] + cost(i, i + di, j, j + dj)
                    if value < best[i + di].get(j + dj, math.inf):
                        best[i + di][j + dj] = value
                        back[i + di][j + dj] = (i, j)
    links = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj = back[i][j]
        links.append(Link(tuple(range(pi, i)), tuple(range(pj, j))))
        i, j = pi, pj
    return links[::-1]


def refuse_other_article(source_text: str, target_text: str) -> None:
    """Another article: an impossible length ratio, or (in a text long enough to tell) almost none
    of its numbers and names in the English. Names are compared by their first letters, since
    many are translated (Allemagne/Germany still fails, hence the generous share)."""
    ratio = len(target_text) / max(1, len(source_text))
    source_anchors = anchors(source_text)
    target_words = {fold(w)[:4] for w in WORD.findall(target_text)} | set(number_values(target_text))
    shared = {a for a in source_anchors if a in target_words or a[:4] in target_words}
    long_enough = len(source_text) >= 300 and len(source_anchors) >= 5
    if ratio < 0.4 or ratio > 2.5 or (long_enough and len(shared) < 0.25 * len(source_anchors)):
        raise InputError(
            f"the source does not look like the original of this article: {len(shared)} of "
            f"{len(source_anchors)} names and numbers shared, length ratio {ratio:.2f}"
        )
