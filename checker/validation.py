"""Files the user hands checker (baselines, gold spans) checked against their JSON Schemas.

The schemas ship in `checker/schemas/` and are documented in `docs/files.md`. A file that fails
gets one line naming the file, the record and the field: never a Python exception.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from checker.errors import InputError


@cache
def validator(name: str):
    """The jsonschema validator of `checker/schemas/<name>.schema.json`."""
    from jsonschema import Draft202012Validator

    schema = json.loads(resources.files("checker.schemas").joinpath(f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def problem(instance, name: str) -> str | None:
    """The first way `instance` breaks schema `name`, as 'field a.b.c: reason', or None."""
    error = next(iter(sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))), None)
    if error is None:
        return None
    where = ".".join(str(part) for part in error.absolute_path) or "(top level)"
    reason = error.message if len(error.message) <= 160 else error.message[:157] + "..."
    return f"field {where}: {reason}"


def loads_strict(text: str):
    """json.loads refusing NaN and Infinity, which are not JSON (Python writes them, others cannot read them)."""

    def refuse(constant: str):
        raise ValueError(f"{constant} is not a JSON number")

    return json.loads(text, parse_constant=refuse)


def read_baseline(path) -> dict:
    """A baseline written by `checker baseline`, validated; InputError naming the field otherwise."""
    from checker.files import read_input_text

    label = f"--baseline {path}"
    text = read_input_text(path, "--baseline")
    try:
        baseline = loads_strict(text)
    except ValueError as exc:
        raise InputError(f"{label}: not JSON ({exc})") from None
    found = problem(baseline, "baseline")
    if found:
        raise InputError(f"{label}: not a baseline written by `checker baseline`: {found}")
    return baseline
