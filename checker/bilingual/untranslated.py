"""BIL002 source.untranslated: a French word of the source copied into the English.

A word counts when the aligned French sentence has it, it is lower case in the English, and it is
much more frequent in French than in English (`et`, `lui-même`; not `commerce` or `France`).
Words English has adopted are English here, as for GARB013: the loanword list's single words
(`arrondissement`, `coup`), and the words of the expressions it lists inside them (`au` in `café
au lait`, `déjà` in `déjà vu`; `déjà` alone is still French). So are the particles of names (`de`
in `Charles de Gaulle`, `Tour de France`). A name the source writes in its French form where
English has another (`Allemagne`, `Grèce`: the exonym table) counts too, with the English form as
the suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.bilingual.pair import Pair
from checker.bilingual.text import WORD
from checker.detectors.frequency import zipf
from checker.detectors.untranslated import adopted_expression_spans, inside, loanwords
from checker.findings import Category, Finding, Severity

CODE = "BIL002"
# Particles of names, when the next word is capitalised (de Gaulle, Tour de France, van Gogh).
_PARTICLES = frozenset(
    {
        "de",
        "du",
        "des",
        "la",
        "le",
        "d",
        "van",
        "von",
        "der",
        "den",
        "di",
        "da",
        "del",
        "della",
        "dos",
        "das",
        "ben",
        "bin",
        "ibn",
        "al",
        "el",
    }
)
# A capital next, perhaps after another particle: de Gaulle, Pays de la Loire, de los Santos.
_NAME_FOLLOWS = re.compile(r"(?:\s+(?:la|le|les|los|las|l'|d')?)\s*[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ]")


def find(pair: Pair) -> Iterator[Finding]:
    french_words = {w.lower() for w in WORD.findall(pair.french)}
    # Names after an elision too: l'Allemagne.
    french_names = {
        part.lower() for w in WORD.findall(pair.french) for part in re.split(r"['’]", w) if part[:1].isupper()
    }
    adopted = loanwords()
    for sentence in pair.sentences:
        english = pair.document.text[sentence.start : sentence.end]
        expressions = adopted_expression_spans(english)  # café au lait, déjà vu
        for match in WORD.finditer(english):
            word = match.group()
            lower = word.lower()
            if word[0].isupper() and lower in french_names:
                yield from _french_name(pair, sentence.start + match.start(), word)
                continue
            if word[0].isupper() or lower not in french_words or len(lower) < 2:
                continue
            if lower in _PARTICLES and _NAME_FOLLOWS.match(english, match.end()):  # de Gaulle, Tour de France
                continue
            if lower in adopted or inside(expressions, match.start(), match.end()):
                continue
            if is_french(lower):
                start = sentence.start + match.start()
                yield Finding(
                    CODE,
                    "source.untranslated",
                    Category.UNTRANSLATED,
                    Severity.MAJOR,
                    start,
                    start + len(word),
                    word,
                    f"'{word}' is French, copied from the source untranslated",
                    evidence=(pair.source_evidence,),
                    confidence=0.85,
                )


def is_french(word: str) -> bool:
    """Much more frequent in French than in English ('et', 'lui-même'; not 'commerce' or 'France'),
    or a French word English corpora do not have at all ('guépards', 'résistez'). Elided forms
    are read with a straight apostrophe ('d’autres' as 'd'autres')."""
    word = word.replace("’", "'")
    french, english = zipf(word, "fr"), zipf(word, "en")
    return (french >= 2.5 and french - english >= 1.5) or (english == 0.0 and french >= 1.0)


def _french_name(pair: Pair, start: int, word: str) -> Iterator[Finding]:
    """A name of the source in its French form, where English writes it otherwise (Allemagne, Grèce)."""
    from checker.bilingual.names import exonyms
    from checker.bilingual.text import fold

    english_forms = exonyms().get(fold(word))
    if not english_forms or any(fold(form) == fold(word) for form in english_forms):
        return
    yield Finding(
        CODE,
        "source.untranslated",
        Category.UNTRANSLATED,
        Severity.MAJOR,
        start,
        start + len(word),
        word,
        f"'{word}' is the French name, copied from the source untranslated: English writes '{english_forms[0]}'",
        suggestion=english_forms[0],
        evidence=(pair.source_evidence,),
        confidence=0.85,
    )
