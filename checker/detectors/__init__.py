"""The detector registry: import strings, so each detector module loads only when used."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path

from checker.detectors.base import Detector

DETECTORS = {
    "GARB001": "checker.detectors.split_compound:SplitCompound",
    "GARB002": "checker.detectors.proper_noun_case:ProperNounCase",
}


def detector_class(code: str) -> type[Detector]:
    module_name, class_name = DETECTORS[code].split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    if cls.code != code:
        raise RuntimeError(f"registry lists {cls.__name__} as {code}, but it declares {cls.code}")
    return cls


def detector_classes() -> list[type[Detector]]:
    return [detector_class(code) for code in DETECTORS]


def build_detectors(*, proper_nouns: Iterable[Path] = ()) -> list[Detector]:
    """Instantiate every registered detector; word lists are loaded and validated here."""
    built = []
    for cls in detector_classes():
        if cls.code == "GARB002":
            built.append(cls(extra_lists=tuple(proper_nouns)))
        else:
            built.append(cls())
    return built
