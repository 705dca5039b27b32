"""Every bilingual check runs its case file (French source, English, expected spans)."""

import pytest
import yaml

from checker.bilingual import CODES, PAIR_CHECKS, check_against_source, direct
from checker.document import parse_document
from tests.support.cases import case_params, cases_dir

CASES_DIR = cases_dir("checker.bilingual")
MIN_CASES = 3
# BIL009 needs an engine's translation of the source: tested in test_bilingual.py.
CODES_WITH_CASES = [code for code in CODES if code != direct.CODE]


def test_every_check_has_a_case_file_with_enough_cases():
    assert set(PAIR_CHECKS) < set(CODES)
    for code in CODES_WITH_CASES:
        path = CASES_DIR / f"{code}.yml"
        assert path.exists(), f"{code} has no case file"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["check"] == code
        assert len(data["fail"]) >= MIN_CASES and len(data["pass"]) >= MIN_CASES, code
    assert sorted(p.stem for p in CASES_DIR.glob("*.yml")) == sorted(CODES_WITH_CASES)


@pytest.mark.parametrize(("code", "kind", "case"), case_params("checker.bilingual", "check"))
def test_case(code, kind, case, nlp):
    text = case["text"]
    findings, _, _ = check_against_source(parse_document(text, nlp), case["source"], case.get("glossary"))
    for finding in findings:
        assert text[finding.start:finding.end] == finding.text
    found = [f for f in findings if f.code == code]
    if kind == "pass":
        assert found == [], [(f.text, f.message) for f in found]
        return
    assert sorted(f.text for f in found) == sorted(case["spans"]), [f.message for f in found]
    if case.get("suggestion") is not None:
        assert {f.suggestion for f in found} == {case["suggestion"]}
