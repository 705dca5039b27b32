"""Every detector runs its case file; every case file names a registered detector."""

import pytest
import yaml

from checker.detectors import DETECTORS, detector_classes
from tests.support.cases import case_params, cases_dir

CASES_DIR = cases_dir("checker.detectors")
MIN_CASES = 3


def test_every_detector_has_a_case_file_with_enough_cases():
    for cls in detector_classes():
        path = CASES_DIR / f"{cls.code}.yml"
        assert path.exists(), f"{cls.code} has no case file"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["detector"] == cls.code
        assert len(data["fail"]) >= MIN_CASES and len(data["pass"]) >= MIN_CASES, cls.code


def test_every_case_file_names_a_registered_detector():
    for path in CASES_DIR.glob("*.yml"):
        assert path.stem in DETECTORS, f"{path.name} names no registered detector"


def test_every_detector_documents_itself():
    for cls in detector_classes():
        assert cls.code and cls.name and "." in cls.name
        assert "**Bad**" in cls.__doc__ and "**Good**" in cls.__doc__, cls.code


@pytest.mark.parametrize(("code", "kind", "case"), case_params("checker.detectors", "detector"))
def test_case(code, kind, case, check_text):
    text = case if kind == "pass" else case["text"]
    findings = [f for f in check_text(text).findings if f.code == code]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
    if kind == "pass":
        assert findings == [], [f.text for f in findings]
        return
    assert sorted(f.text for f in findings) == sorted(case["spans"])
    if case.get("suggestion") is not None:
        assert {f.suggestion for f in findings} == {case["suggestion"]}
