"""Word frequencies on the Zipf scale (wordfreq), fast enough to call for every word of an article.

`wordfreq.zipf_frequency` tokenizes its argument on every call (about 80 µs); a plain word is
looked up in wordfreq's frequency table directly instead, which gives the same number.
"""

from __future__ import annotations

import functools
import math


@functools.cache
def _table(lang: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict(lang)


@functools.lru_cache(maxsize=131072)
def zipf(word: str, lang: str = "en") -> float:
    """Zipf frequency of a lower-case word in `lang` (0.0 when unknown), to two decimals."""
    if word.isalpha():
        frequency = _table(lang).get(word)
        return round(math.log10(frequency) + 9, 2) if frequency else 0.0
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang)
