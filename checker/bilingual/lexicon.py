"""The French lexicon: which words are French common nouns or adjectives.

Read from the lemmatizer tables of spaCy's small French pipeline (`fr_core_news_sm`, a dependency;
the pipeline itself is never loaded): its index of noun and adjective lemmas, and the lemma of
each inflected form (`médecins` -> `médecin`, `françaises` -> `français`). Proper names are not in
the index (Italie, Londres, Macron), so a capitalised word that is in it is an ordinary word
written with a capital, as in the names English translates word by word: la Couronne (the
Crown), Médecins sans frontières, le Mur de Berlin, les Verts.
"""

from __future__ import annotations

import functools
from pathlib import Path

PACKAGE = "fr_core_news_sm"


class FrenchLexicon:
    def __init__(self, lemmas: frozenset[str], lemma_of):
        self._lemmas = lemmas
        self._lemma_of = lemma_of

    def is_common_word(self, word: str) -> bool:
        """A French noun or adjective, in any of its forms (lower case expected)."""
        if word in self._lemmas:
            return True
        lemma = self._lemma_of.get(word)
        return lemma is not None and any(form in self._lemmas for form in lemma)


@functools.cache
def french_lexicon() -> FrenchLexicon | None:
    """The lexicon; None when fr_core_news_sm is not installed (the name check then requires every name)."""
    try:
        import fr_core_news_sm
    except ImportError:
        return None
    from spacy.lookups import Lookups

    folders = sorted(Path(fr_core_news_sm.__path__[0]).glob(f"{PACKAGE}-*/lemmatizer/lookups"))
    if not folders:
        return None
    lookups = Lookups().from_disk(folders[-1])
    index = lookups.get_table("lemma_index")
    return FrenchLexicon(frozenset(index["noun"]) | frozenset(index["adj"]), lookups.get_table("lemma_lookup"))


def availability() -> str:
    """How the report names the lexicon: what it is, or why it is missing."""
    if french_lexicon() is None:
        return f"no French lexicon ({PACKAGE} is not installed): every capitalised word of the source is required"
    return f"French common words from {PACKAGE}'s lemmatizer tables"
