"""The engine protocol: every re-translation backend looks the same to the pipeline."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from checker.errors import CheckerError


class EngineUnavailable(CheckerError):
    """An engine that cannot run here: a missing package, model or file. One line, exit 2."""


class Engine:
    """A translation engine.

    `directions` lists the (source, target) pairs it translates; `signature()` says exactly what
    produced a translation (engine, model, hash of the weight files, options) and keys the cache;
    `translate()` takes a batch and returns one string per input, in order.
    """

    name: ClassVar[str]
    directions: tuple[tuple[str, str], ...] = ()

    @classmethod
    def availability(cls) -> tuple[bool, str]:
        """Whether the engine can run on this machine, and a line saying what it has or lacks."""
        raise NotImplementedError

    def signature(self) -> dict:
        raise NotImplementedError

    def translate(
        self, texts: Sequence[str], src: str, tgt: str, progress: Callable[[int], None] | None = None
    ) -> list[str]:
        raise NotImplementedError

    def round_trip(
        self, texts: Sequence[str], src: str, pivot: str, progress: Callable[[int], None] | None = None
    ) -> list[tuple[str, str]]:
        """(pivot, back) for each text: src->pivot, then pivot->src. `progress` counts legs.

        Two batches here; an engine that translates sentence by sentence can run both legs of a
        sentence in one task instead, so no core waits for the slowest sentence between the legs.
        """
        pivots = self.translate(texts, src, pivot, progress=progress)
        backs = self.translate(pivots, pivot, src, progress=progress)
        return list(zip(pivots, backs, strict=True))

    def supports(self, src: str, tgt: str) -> bool:
        return (src, tgt) in self.directions

    def signature_string(self) -> str:
        """The signature as one stable line, for reports and cache keys."""
        return json.dumps(self.signature(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def hash_files(paths: Iterable[Path]) -> str:
    """sha256 over the files' names and bytes, in name order: identifies a model's weights."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.name):
        digest.update(path.name.encode())
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()
