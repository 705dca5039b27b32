"""BIL010 source.name-case: a name the source capitalises, written in lower case in the English.

`les forces de Kiev` -> `the forces of kyiv`: the English has the name (as such, or in an English
form from the exonym table) but only in lower case. Only words English rarely uses at all (Zipf
under 4.0) are taken for names, so that `le Parlement` -> `parliament` or `la Chambre` -> `the
lower chamber`, lower case in good English, are not flagged; nor are the table's lower-case
renderings (`l'Élysée` -> `the presidency`).
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.bilingual.names import exonyms, source_names
from checker.bilingual.pair import Pair
from checker.bilingual.text import WORD, fold
from checker.detectors.frequency import zipf
from checker.findings import Category, Finding, Severity

CODE = "BIL010"
_MAX_ENGLISH_ZIPF = 4.0


def find(pair: Pair) -> Iterator[Finding]:
    capitalised: dict[str, str] = {}  # folded English spelling -> the source name it renders
    for name in source_names(pair.french):
        forms = [name, *(form for form in exonyms().get(fold(name), ()) if form[:1].isupper() and " " not in form)]
        for form in forms:
            capitalised.setdefault(fold(form), name)
    if not capitalised:
        return
    english = pair.english
    for match in WORD.finditer(english):
        word = match.group()
        source_name = capitalised.get(fold(word))
        if source_name is None or not word[0].islower() or zipf(word.lower()) >= _MAX_ENGLISH_ZIPF:
            continue
        start = pair.start + match.start()
        yield Finding(
            CODE,
            "source.name-case",
            Category.CASING,
            Severity.MINOR,
            start,
            start + len(word),
            word,
            f"the source capitalises '{source_name}'; '{word}' is a name in lower case",
            suggestion=word[0].upper() + word[1:],
            evidence=(pair.source_evidence,),
            confidence=0.8,
        )
