"""Re-translate an article's sentences: EN->pivot->EN, or directly where the engine can.

Sentences go to the engine in pieces, each committed to the cache when it is translated.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from checker.engines.base import Engine, EngineUnavailable
from checker.engines.cache import TranslationCache

Progress = Callable[[int], None]

# Translations are committed to the cache every this many sentences, so a killed or interrupted
# run keeps all but seconds of its work, while engines still batch (marian and ctranslate2 take
# 32 a batch; Bergamot's threads share the sentences of a piece).
COMMIT_EVERY = 64
_STOP = threading.Event()


@dataclass(frozen=True)
class Retranslation:
    """One sentence and its re-translation (`pivot` is None for a direct re-translation)."""

    original: str
    pivot: str | None
    back: str


@dataclass
class RetranslationRun:
    engine: str
    signature: dict
    route: list[str]
    retranslations: list[Retranslation]
    cached: int = 0
    translated: int = 0


def retranslate(
    sentences: Sequence[str],
    engine: Engine,
    cache: TranslationCache | None = None,
    *,
    source_lang: str = "en",
    progress: Progress | None = None,
) -> RetranslationRun:
    """Round trip every sentence (whitespace normalised) through `engine`, using `cache`."""
    texts = [" ".join(s.split()) for s in sentences]
    signature = engine.signature()
    signature_line = engine.signature_string()
    run = RetranslationRun(engine.name, signature, [], [])
    if hasattr(engine, "retranslate_article"):
        # A supplied re-translation belongs to this article's sentences as a whole: no cache.
        run.route = [source_lang, source_lang]
        backs = engine.retranslate_article(sentences)
        run.translated = len(backs)
        if progress is not None:
            progress(2 * len(backs))
        run.retranslations = [Retranslation(o, None, b) for o, b in zip(sentences, backs, strict=True)]
        return run
    if engine.supports(source_lang, source_lang):
        run.route = [source_lang, source_lang]
        backs = _translate(engine, signature_line, cache, texts, source_lang, source_lang, run, progress)
        run.retranslations = [Retranslation(o, None, b) for o, b in zip(sentences, backs, strict=True)]
        return run
    pivot_lang = getattr(engine, "pivot", None)
    if pivot_lang is None:
        raise EngineUnavailable(
            f"engine '{engine.name}' has no {source_lang}->{source_lang} model and no pivot to go through"
        )
    run.route = [source_lang, pivot_lang, source_lang]
    pivots, backs = _round_trip(engine, signature_line, cache, texts, source_lang, pivot_lang, run, progress)
    run.retranslations = [Retranslation(o, p, b) for o, p, b in zip(sentences, pivots, backs, strict=True)]
    return run


def translate_cached(
    sentences: Sequence[str],
    engine: Engine,
    cache: TranslationCache | None,
    src: str,
    tgt: str,
    progress: Progress | None = None,
) -> list[str]:
    """One direction (a French source into English), whitespace normalised, through `cache`."""
    run = RetranslationRun(engine.name, {}, [src, tgt], [])
    texts = [" ".join(s.split()) for s in sentences]
    return _translate(engine, engine.signature_string(), cache, texts, src, tgt, run, progress)


def _round_trip(
    engine: Engine,
    signature: str,
    cache: TranslationCache | None,
    texts: list[str],
    src: str,
    pivot: str,
    run: RetranslationRun,
    progress: Progress | None,
) -> tuple[list[str], list[str]]:
    """Pivots and back-translations of `texts`: cached legs are read, the rest translated.

    A sentence whose first leg is not cached goes through `engine.round_trip` (both legs in one
    task); one whose first leg is cached only needs its second leg looked up or translated.
    """
    found = cache.get_many(signature, src, pivot, texts) if cache is not None else {}
    fresh = sorted({text for i, text in enumerate(texts) if i not in found})
    pivot_of: dict[str, str] = {}
    back_of: dict[str, str] = {}
    for chunk in _chunks(fresh):
        pairs = engine.round_trip(chunk, src, pivot, progress=progress)
        pivot_of.update((text, middle) for text, (middle, _) in zip(chunk, pairs, strict=True))
        back_of.update((text, back) for text, (_, back) in zip(chunk, pairs, strict=True))
        run.translated += 2 * len(chunk)
        if cache is not None:
            cache.put_many(signature, engine.name, src, pivot, [(t, pivot_of[t]) for t in chunk])
            cache.put_many(signature, engine.name, pivot, src, [(pivot_of[t], back_of[t]) for t in chunk])
    if fresh and progress is not None:
        # Identical sentences are translated once; progress counts each occurrence's two legs.
        progress(2 * (len(texts) - len(found) - len(fresh)))
    pivots = [found[i] if i in found else pivot_of[text] for i, text in enumerate(texts)]
    if found:
        run.cached += len(found)
        if progress is not None:
            progress(len(found))
        known = sorted(found)
        second = _translate(engine, signature, cache, [pivots[i] for i in known], pivot, src, run, progress)
        back_of_index = dict(zip(known, second, strict=True))
    else:
        back_of_index = {}
    backs = [back_of_index[i] if i in back_of_index else back_of[text] for i, text in enumerate(texts)]
    return pivots, backs


def _translate(
    engine: Engine,
    signature: str,
    cache: TranslationCache | None,
    texts: list[str],
    src: str,
    tgt: str,
    run: RetranslationRun,
    progress: Progress | None,
) -> list[str]:
    found = cache.get_many(signature, src, tgt, texts) if cache is not None else {}
    missing = sorted({text for i, text in enumerate(texts) if i not in found})
    if progress is not None and found:
        progress(len(found))
    run.cached += len(found)
    translated: dict[str, str] = {}
    if missing:
        # Identical sentences are translated once; progress counts every sentence they stand for.
        counts = {text: 0 for text in missing}
        for i, text in enumerate(texts):
            if i not in found:
                counts[text] += 1
        step = (lambda i_text: progress(counts[i_text])) if progress is not None else None
        for chunk in _chunks(missing):
            outputs = engine.translate(chunk, src, tgt, progress=_per_text(chunk, step) if step else None)
            translated.update(zip(chunk, outputs, strict=True))
            run.translated += len(chunk)
            if cache is not None:
                cache.put_many(signature, engine.name, src, tgt, list(zip(chunk, outputs, strict=True)))
    return [found[i] if i in found else translated[text] for i, text in enumerate(texts)]


def _chunks(texts: list[str]) -> Iterator[list[str]]:
    """`texts` in pieces of COMMIT_EVERY, stopping between pieces once `interrupt()` was called."""
    for start in range(0, len(texts), COMMIT_EVERY):
        if _STOP.is_set():
            raise KeyboardInterrupt("translation stopped: the run was interrupted")
        yield texts[start : start + COMMIT_EVERY]


def interrupt() -> None:
    """Stop translating at the next piece (Ctrl-C): what was translated is in the cache already."""
    _STOP.set()


def resume() -> None:
    """Translate again after `interrupt()` (a new run in the same process)."""
    _STOP.clear()


def _per_text(texts: list[str], step: Callable[[str], None]) -> Progress:
    """Adapt a per-text progress step to the engine's `progress(n)` calls (in input order)."""
    position = 0

    def advance(n: int) -> None:
        nonlocal position
        for text in texts[position : position + n]:
            step(text)
        position += n

    return advance
