"""How well the source supports each word of the English: the features of the accuracy model (BIL011).

Pure: an aligned pair's English and French, and two independent FR->EN translations of the
French (Apertium's literal `direct` route and its fluent `hybrid` one), in; one feature row per
English word out. A word is supported when the French has a word the lexical table links to it
(p(e|f), p(f|e)), the same word or a cognate (culinaire/culinary), or when either translation
has it (by stem, anywhere, and in a monotone alignment of the two word sequences). Around each
word: how many of its neighbours lack support, how often English puts it after the word before
and before the word after (SymSpell's bigram counts from Google Books), and, for the sentence,
its chrF++ against each translation and the share of its content words without support.
`contradicted`: the French word linked to this English word has another translation that both
routes agree on and the MT lacks. Two come from the rest of the pipeline (`WordContext`): the
round trip's error probability for the word (the fusion model's, GARB100's input) and whether a
rule (a detector, a bilingual check) flagged it.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import math
from dataclasses import dataclass
from importlib import resources

from checker.bilingual.lexicon import Lexicon, Token, fold, tokens
from checker.detectors.frequency import zipf

FEATURES = (
    "p_english_given_french",
    "p_french_given_english",
    "cognate",
    "in_direct",
    "in_hybrid",
    "known",
    "zipf",
    "function_word",
    "capitalised",
    "supported",
    "digit",
    "unsupported_nearby",
    "sentence_unsupported",
    "chrf_hybrid",
    "chrf_direct",
    "words",
    "length_ratio",
    "aligned_direct",
    "aligned_hybrid",
    "bigram_before",
    "bigram_after",
    "bigram_min",
    "contradicted",
    "roundtrip_probability",
    "rule_flagged",
)
# A word this frequent (the, of, is) carries grammar, not content: the lexicon cannot judge it.
FUNCTION_ZIPF = 6.0
# Lexical support below this is no support.
MIN_SUPPORT = 0.05
_NEARBY = 2


class WordContext:
    """What the rest of the pipeline says of a span of the article: the round trip's error
    probability (0 without a round trip) and whether a rule flagged it. Spans are looked up by
    bisection: an article has thousands of tokens."""

    def __init__(self, roundtrip: list[tuple[int, int, float]], flagged: list[tuple[int, int]]):
        self.roundtrip = sorted(roundtrip)
        self._starts = [start for start, _, _ in self.roundtrip]
        self.flagged = flagged

    def roundtrip_probability(self, start: int, end: int) -> float:
        # Tokens do not overlap: the one before `start` may reach into the span, the rest start inside it.
        first = max(0, bisect.bisect_right(self._starts, start) - 1)
        last = bisect.bisect_left(self._starts, end)
        return max((p for a, b, p in self.roundtrip[first:last] if a < end and start < b), default=0.0)

    def rule_flagged(self, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in self.flagged)


@dataclass(frozen=True)
class WordSupport:
    token: Token
    features: dict[str, float]

    @property
    def supported(self) -> bool:
        return bool(self.features["supported"])


@functools.lru_cache(maxsize=500_000)
def is_cognate(english: str, french: str) -> bool:
    """The same word, or spelt alike: culinaire/culinary, pétrochimique/petrochemical (folded)."""
    if english == french:
        return True
    if len(english) < 4 or len(french) < 4:
        return False
    if len(english) >= 5 and english[:5] == french[:5]:
        return True
    matcher = difflib.SequenceMatcher(None, english, french, autojunk=False)
    # The cheap upper bounds first: most pairs of words are nothing alike.
    return matcher.real_quick_ratio() >= 0.75 and matcher.quick_ratio() >= 0.75 and matcher.ratio() >= 0.75


@functools.cache
def _bigram_tables() -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """SymSpell's English word and bigram counts (from Google Books n-grams)."""
    root = resources.files("symspellpy")
    bigrams: dict[tuple[str, str], int] = {}
    for line in root.joinpath("frequency_bigramdictionary_en_243_342.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            bigrams[(parts[0], parts[1])] = int(parts[2])
    words: dict[str, int] = {}
    for line in root.joinpath("frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2:
            words[parts[0]] = int(parts[1])
    return bigrams, words


def bigram_score(first: str, second: str) -> float:
    """Pointwise association of two adjacent words: high for `the house`, low for `his brink`;
    -1 when either word is unknown, -0.5 for a pair never seen."""
    bigrams, words = _bigram_tables()
    a, b = first.lower(), second.lower()
    count_a, count_b = words.get(a, 0), words.get(b, 0)
    if not count_a or not count_b:
        return -1.0
    count = bigrams.get((a, b), 0)
    return math.log((count + 1) * 1e12 / (count_a * count_b)) if count else -0.5


def monotone_pairs(stems: list[str], other: list[str]) -> dict[int, int]:
    """A monotone alignment of two word sequences (difflib's longest matching blocks): index in
    `stems` -> index in `other`, for the words it pairs."""
    matcher = difflib.SequenceMatcher(None, stems, other, autojunk=False)
    return {block.a + k: block.b + k for block in matcher.get_matching_blocks() for k in range(block.size)}


def word_support(
    english: str,
    french: str,
    hybrid: str,
    direct: str,
    lexicon: Lexicon,
    chrf,
    context: WordContext | None = None,
    offset: int = 0,
) -> list[WordSupport]:
    """One feature row per word of `english` (offsets into `english`); `direct` without Apertium's
    marks. `context` is read at the words' offsets plus `offset` (where `english` starts in the article)."""
    english_tokens = tokens(english, "en")
    if not english_tokens:
        return []
    french_tokens = tokens(french, "fr")
    french_folded = [fold(t.text) for t in french_tokens]
    direct_tokens, hybrid_tokens = tokens(direct, "en"), tokens(hybrid, "en")
    direct_stems, hybrid_stems = {t.stem for t in direct_tokens}, {t.stem for t in hybrid_tokens}
    stems = [t.stem for t in english_tokens]
    english_stems = set(stems)
    aligned_direct = monotone_pairs(stems, [t.stem for t in direct_tokens])
    aligned_hybrid = monotone_pairs(stems, [t.stem for t in hybrid_tokens])
    agreed = direct_stems & hybrid_stems
    rows = []
    for i, token in enumerate(english_tokens):
        # Both directions of the table, once per French word: the maxima, and the word most linked.
        links = [
            (lexicon.english_given_french_of(f.stem, token.stem), lexicon.french_given_english_of(token.stem, f.stem))
            for f in french_tokens
        ]
        p_e_f = max((e for e, _ in links), default=0.0)
        p_f_e = max((f for _, f in links), default=0.0)
        folded = fold(token.text)
        cognate = any(is_cognate(folded, f) for f in french_folded)
        frequency = zipf(token.text.lower())
        in_direct, in_hybrid = token.stem in direct_stems, token.stem in hybrid_stems
        supported = max(p_e_f, p_f_e) >= MIN_SUPPORT or cognate or in_direct or in_hybrid
        rows.append(
            {
                "p_english_given_french": p_e_f,
                "p_french_given_english": p_f_e,
                "cognate": float(cognate),
                "in_direct": float(in_direct),
                "in_hybrid": float(in_hybrid),
                "known": float(lexicon.knows_english(token.stem)),
                "zipf": frequency,
                "function_word": float(frequency >= FUNCTION_ZIPF),
                "capitalised": float(token.text[0].isupper()),
                "supported": float(supported),
                "digit": float(token.text[0].isdigit()),
                "aligned_direct": float(i in aligned_direct),
                "aligned_hybrid": float(i in aligned_hybrid),
                "contradicted": _contradiction(links, french_tokens, lexicon, agreed, english_stems)
                if frequency < FUNCTION_ZIPF
                else 0.0,
            }
        )
    unsupported = [0 if row["supported"] or row["function_word"] else 1 for row in rows]
    chrf_hybrid = chrf.sentence_score(english, [hybrid]).score
    chrf_direct = chrf.sentence_score(english, [direct]).score
    length_ratio = len(english) / max(1, len(french))
    for i, row in enumerate(rows):
        before = english_tokens[i - 1].text if i else None
        after = english_tokens[i + 1].text if i + 1 < len(english_tokens) else None
        row["bigram_before"] = bigram_score(before, english_tokens[i].text) if before else 0.0
        row["bigram_after"] = bigram_score(english_tokens[i].text, after) if after else 0.0
        row["bigram_min"] = min(row["bigram_before"], row["bigram_after"])
        row["unsupported_nearby"] = float(sum(unsupported[max(0, i - _NEARBY) : i + _NEARBY + 1]) - unsupported[i])
        row["sentence_unsupported"] = sum(unsupported) / len(rows)
        row["chrf_hybrid"], row["chrf_direct"] = chrf_hybrid, chrf_direct
        row["words"], row["length_ratio"] = float(len(rows)), length_ratio
        token = english_tokens[i]
        start, end = offset + token.start, offset + token.end
        row["roundtrip_probability"] = context.roundtrip_probability(start, end) if context else 0.0
        row["rule_flagged"] = float(context.rule_flagged(start, end)) if context else 0.0
    return [WordSupport(token, row) for token, row in zip(english_tokens, rows, strict=True)]


def _contradiction(
    links: list[tuple[float, float]],
    french_tokens: list[Token],
    lexicon: Lexicon,
    agreed: set[str],
    english_stems: set[str],
) -> float:
    """p(e'|f) of the best other translation e' of the French word f most linked to this word
    (`links`: p(e|f) and p(f|e) with each French word), where both routes have e' and the English
    does not."""
    best, linked = 0.0, None
    for f, (p_e_f, p_f_e) in zip(french_tokens, links, strict=True):
        strength = max(p_e_f, p_f_e)
        if strength > best:
            best, linked = strength, f
    if linked is None:
        return 0.0
    others = lexicon.english_given_french.get(linked.stem, {})
    return max((p for other, p in others.items() if other in agreed and other not in english_stems), default=0.0)
