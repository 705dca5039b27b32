"""Re-translation engines, listed as import strings so heavy libraries load only when used."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from checker.engines.base import Engine, EngineUnavailable

ENGINES = {
    "bergamot": "checker.engines.bergamot:BergamotEngine",
    "marian": "checker.engines.marian:MarianEngine",
    "ctranslate2": "checker.engines.ctranslate2:CTranslate2Engine",
    "file": "checker.engines.file:FileEngine",
    # FR->EN only: it translates a French source (--source), it cannot re-translate English.
    "apertium": "checker.engines.apertium:ApertiumEngine",
}
DEFAULT_ENGINE = "bergamot"


@dataclass(frozen=True)
class EngineStatus:
    name: str
    available: bool
    detail: str


def engine_class(name: str) -> type[Engine]:
    if name not in ENGINES:
        raise EngineUnavailable(f"unknown engine '{name}' (known: {', '.join(ENGINES)})")
    module_name, class_name = ENGINES[name].split(":")
    return getattr(importlib.import_module(module_name), class_name)


def load_engine(name: str, **options) -> Engine:
    """Build engine `name` with its options; raises EngineUnavailable with a one-line reason."""
    return engine_class(name)(**options)


def engine_statuses() -> list[EngineStatus]:
    """Which engines can run on this machine, and why the others cannot."""
    statuses = []
    for name in ENGINES:
        available, detail = engine_class(name).availability()
        statuses.append(EngineStatus(name, available, detail))
    return statuses


__all__ = ["DEFAULT_ENGINE", "ENGINES", "Engine", "EngineStatus", "EngineUnavailable", "engine_statuses", "load_engine"]
