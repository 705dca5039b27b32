"""Case files (`cases/CODE.yml`: `fail` and `pass` items) of the detectors and the bilingual checks."""

from importlib import resources
from pathlib import Path

import pytest
import yaml


def cases_dir(package: str) -> Path:
    return Path(str(resources.files(package) / "cases"))


def case_params(package: str, owner: str) -> list:
    """One pytest param (code, kind, case) per case of every file; `owner` is the key naming the code."""
    params = []
    for path in sorted(cases_dir(package).glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for kind in ("fail", "pass"):
            for case_id, case in data.get(kind, {}).items():
                params.append(pytest.param(data[owner], kind, case, id=f"{data[owner]}-{kind}-{case_id}"))
    return params
