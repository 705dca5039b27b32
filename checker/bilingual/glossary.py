"""BIL006 source.glossary: a source term whose required English term the English lacks.

The glossary is a newsroom's TSV (`--glossary FILE`): French term, tab, required English term
(`Kiev	Kyiv`, `nord-coréen	North Korean`). When the English keeps the French term itself, that
is the span and the required term the suggestion; otherwise the pair is flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from checker.bilingual.pair import Pair
from checker.errors import InputError
from checker.findings import Category, Evidence, Finding, Severity

CODE = "BIL006"


def find(pair: Pair) -> Iterator[Finding]:
    english = pair.english
    for term, required in pair.glossary.items():
        if not _search(pair.french, term) or _search(english, required):
            continue
        wrong = _search(english, term)
        at, to = (pair.start + wrong.start(), pair.start + wrong.end()) if wrong else (pair.start, pair.end)
        yield Finding(
            CODE,
            "source.glossary",
            Category.MISTRANSLATION,
            Severity.MAJOR,
            at,
            to,
            pair.document.text[at:to],
            f"the glossary translates '{term}' as '{required}'",
            suggestion=required if wrong else None,
            evidence=(Evidence("glossary", f"{term} -> {required}"),),
            confidence=0.9,
        )


def _search(text: str, term: str) -> re.Match | None:
    """`term` as a whole word or phrase, in any case."""
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE)


def read_glossary(path: Path) -> dict[str, str]:
    """A glossary TSV: French term<TAB>English term, one a line; # starts a comment."""
    glossary = {}
    from checker.files import read_input_text

    text = read_input_text(path, "--glossary")
    if "\0" in text:
        raise InputError(f"--glossary {path}: looks like a binary file, not a TSV glossary")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        french, tab, english = line.partition("\t")
        if not tab or not french.strip() or not english.strip():
            raise InputError(f"--glossary {path}:{number}: expected 'French term<TAB>English term'")
        glossary[french.strip()] = english.strip()
    return glossary
