"""Re-translation engines, listed as import strings so heavy libraries load only when used."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from checker.engines.base import Engine, EngineUnavailable

ENGINES = {
    "bergamot": "checker.engines.bergamot:BergamotEngine",
    # The same models run by PyTorch: batched, and able to score given translations (checker[torch]).
    "bergamot-torch": "checker.engines.bergamot_torch:BergamotTorchEngine",
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
    """Build engine `name` with its options; raises EngineUnavailable with a one-line reason
    (also for an option the engine does not take)."""
    import inspect

    cls = engine_class(name)
    accepted: set[str] = set()
    for klass in cls.__mro__:  # an engine passing **options on to its base takes the base's too
        if "__init__" not in vars(klass):
            continue
        parameters = inspect.signature(vars(klass)["__init__"]).parameters.values()
        accepted |= {p.name for p in parameters if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)}
        if not any(p.kind == p.VAR_KEYWORD for p in parameters):
            break
    unknown = [key for key in options if key not in accepted]
    if unknown:
        spelled = ", ".join(f"--{key.replace('_', '-')}" for key in unknown)
        raise EngineUnavailable(f"engine '{name}' does not take {spelled}")
    return cls(**options)


def engine_statuses() -> list[EngineStatus]:
    """Which engines can run on this machine, and why the others cannot."""
    statuses = []
    for name in ENGINES:
        available, detail = engine_class(name).availability()
        statuses.append(EngineStatus(name, available, detail))
    return statuses


__all__ = ["DEFAULT_ENGINE", "ENGINES", "Engine", "EngineStatus", "EngineUnavailable", "engine_statuses", "load_engine"]
