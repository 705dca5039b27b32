"""Every bilingual check runs its case file (French source, English, expected spans)."""

import pytest
import yaml

from checker.bilingual import CODES, PAIR_CHECKS, accuracy, check_against_source, direct
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


@pytest.fixture(scope="module")
def bergamot():
    from checker.engines import load_engine

    return load_engine("bergamot")


def accuracy_findings(case, nlp, detectors, engine):
    """BIL011 as `checker check --source` runs it: the rules, Bergamot's round trip, and the case's
    own Apertium translations of the source."""
    from checker.engines.roundtrip import retranslate
    from checker.pipeline import SourceTranslations, check_source
    from checker.reading import SourceText

    def translate(sentences, advance):
        assert len(sentences) == 1, "a BIL011 case is one French sentence"
        return SourceTranslations(
            hybrid=[case["hybrid"]], direct=[case["direct"]], labels={"hybrid": "case", "direct": "case"}
        )

    result = check_source(
        SourceText("case.txt", case["text"], "utf-8"),
        nlp,
        detectors,
        french_source=case["source"],
        retranslator=lambda sentences, advance: retranslate(sentences, engine, None),
        source_translator=translate,
    )
    return result.findings


@pytest.mark.parametrize(("code", "kind", "case"), case_params("checker.bilingual", "check"))
def test_case(code, kind, case, nlp, detectors, bergamot):
    text = case["text"]
    if code == accuracy.CODE:
        findings = accuracy_findings(case, nlp, detectors, bergamot)
    else:
        findings, _, _ = check_against_source(parse_document(text, nlp), case["source"], case.get("glossary"))
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
    found = [f for f in findings if f.code == code]
    if kind == "pass":
        assert found == [], [(f.text, f.message) for f in found]
        return
    assert sorted(f.text for f in found) == sorted(case["spans"]), [f.message for f in found]
    if case.get("suggestion") is not None:
        assert {f.suggestion for f in found} == {case["suggestion"]}
