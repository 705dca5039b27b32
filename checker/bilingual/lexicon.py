"""Words of either language as stems, and a French-English lexical translation table over them.

The table (`data/lexicon_fr_en.tsv.gz`) holds, for stem pairs that eflomal aligned in
`../shared/eval/parallel_fren` and the newstest2013 dev articles (source and reference only),
how often a French stem was aligned to the English one, and the reverse: p(e|f) and p(f|e).
`bench/build_lexicon.py` rebuilds it. Stems are Snowball's, accents folded, so `séquestration`
and `séquestrations` (and `sequestration`) meet; French elisions are words (`l'` is `le`) and
hyphens split (`nord-coréens` is `nord` + `coréen`).
"""

from __future__ import annotations

import functools
import gzip
import re
from dataclasses import dataclass
from pathlib import Path

from checker.bilingual.text import fold

LEXICON_PATH = Path(__file__).with_name("data") / "lexicon_fr_en.tsv.gz"

# Letters, or digits (a number is one token: 2 700 and 2,700 are BIL001's business).
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*")
_ELISIONS = {
    "l": "le",
    "d": "de",
    "j": "je",
    "qu": "que",
    "n": "ne",
    "s": "se",
    "c": "ce",
    "m": "me",
    "t": "te",
    "jusqu": "jusque",
    "lorsqu": "lorsque",
    "puisqu": "puisque",
    "quoiqu": "quoique",
}


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    stem: str


@functools.cache
def _stemmer(language: str):
    import snowballstemmer

    return snowballstemmer.stemmer(language)


@functools.lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """Snowball stem of the lower-cased word, accents folded; numbers as they are."""
    lower = word.lower()
    if lower[:1].isdigit():
        return lower
    if language == "fr":
        lower = _ELISIONS.get(lower, lower)
    return fold(_stemmer("french" if language == "fr" else "english").stemWord(lower))


def tokens(text: str, language: str) -> list[Token]:
    """Word tokens with character offsets into `text` (apostrophes and hyphens split words)."""
    if language == "fr":
        text_for_match = text.replace("aujourd'hui", "aujourdXhui").replace("aujourd’hui", "aujourdXhui")
    else:
        text_for_match = text
    return [
        Token(m.start(), m.end(), text[m.start() : m.end()], stem(text[m.start() : m.end()], language))
        for m in _TOKEN.finditer(text_for_match)
    ]


class Lexicon:
    """p(e|f) and p(f|e) between French and English stems."""

    def __init__(
        self, english_given_french: dict[str, dict[str, float]], french_given_english: dict[str, dict[str, float]]
    ):
        self.english_given_french = english_given_french
        self.french_given_english = french_given_english

    @classmethod
    def load(cls, path: Path = LEXICON_PATH) -> Lexicon:
        forward: dict[str, dict[str, float]] = {}
        backward: dict[str, dict[str, float]] = {}
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.startswith("#"):
                    continue
                try:
                    french, english, p_e_f, p_f_e = line.rstrip("\n").split("\t")
                    forward.setdefault(french, {})[english] = float(p_e_f)
                    backward.setdefault(english, {})[french] = float(p_f_e)
                except ValueError:
                    raise ValueError(f"{path}:{number}: expected french, english, p(e|f), p(f|e)") from None
        return cls(forward, backward)

    def english_given_french_of(self, french: str, english: str) -> float:
        return self.english_given_french.get(french, {}).get(english, 0.0)

    def french_given_english_of(self, english: str, french: str) -> float:
        return self.french_given_english.get(english, {}).get(french, 0.0)

    def knows_french(self, french: str) -> bool:
        return french in self.english_given_french

    def knows_english(self, english: str) -> bool:
        return english in self.french_given_english


@functools.cache
def default_lexicon() -> Lexicon:
    return Lexicon.load()
