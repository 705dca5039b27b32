"""CI outputs: SARIF 2.1.0 against the official schema, JUnit through junitparser, GitHub annotations."""

import json
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import SEED

SARIF_SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def two_articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    (folder / "a, b.txt").write_text("The mayor of paris spoke.\nIt cost 2 700 euros.\n", encoding="utf-8")
    (folder / "clean.txt").write_text("The committee approved the budget on Tuesday.\n", encoding="utf-8")
    return folder


def test_sarif_validates_against_the_official_schema(run_cli):
    result = run_cli("check", SEED, "--format", "sarif", "--no-retranslate")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    jsonschema.validate(log, SARIF_SCHEMA, cls=jsonschema.Draft4Validator)
    records = json.loads(run_cli("check", SEED, "--format", "json", "--no-retranslate").stdout)
    findings = records["articles"][0]["findings"]
    (run,) = log["runs"]
    assert len(run["results"]) == len(findings)
    rules = run["tool"]["driver"]["rules"]
    assert {"GARB001", "GARB016", "GARB100"} <= {r["id"] for r in rules} and all(r["help"]["text"] for r in rules)
    for result, finding in zip(run["results"], findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding["code"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (finding["line"], finding["column"])
        assert region["snippet"]["text"] == finding["text"]
        assert result["partialFingerprints"]["checker/span/v1"] == finding["fingerprint"]
        assert result["level"] == ("warning" if finding["severity"] == "minor" else "error")


def test_junit_has_one_testcase_per_article(run_cli, two_articles):
    from junitparser import Failure, JUnitXml

    result = run_cli("check", two_articles, "--format", "junit", "--no-retranslate")
    assert result.exit_code == 1
    path = two_articles.parent / "junit.xml"
    path.write_text(result.stdout, encoding="utf-8")
    (suite,) = JUnitXml.fromfile(str(path))
    cases = {Path(case.name).name: case for case in suite}
    assert set(cases) == {"a, b.txt", "clean.txt"}
    assert cases["clean.txt"].is_passed
    (failure,) = [r for r in cases["a, b.txt"].result if isinstance(r, Failure)]
    assert "paris" in failure.text and suite.failures == 1 and suite.tests == 2


def test_github_annotations_keep_severity_and_escape_properties(run_cli, two_articles):
    result = run_cli("check", two_articles / "a, b.txt", "--format", "github", "--no-retranslate")
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ")) for line in lines)
    paris = next(line for line in lines if "paris" in line)
    assert paris.startswith("::error file=") and "a%2C b.txt,line=1,col=" in paris  # the comma in the name is escaped
    assert any(line.startswith("::warning ") for line in lines)


def test_sarif_of_an_article_with_its_source_lists_the_bilingual_rules(run_cli, tmp_path):
    english = tmp_path / "a.en.txt"
    english.write_text("The forces of kyiv advanced on Monday.\n\nThe talks went on.\n", encoding="utf-8")
    (tmp_path / "a.fr.txt").write_text(
        "Les forces de Kiev ont avancé lundi, a dit Zelensky.\n\nLes pourparlers ont continué.\n", encoding="utf-8"
    )
    for args in (["--source", tmp_path / "a.fr.txt"], []):  # --source, and NAME.fr.txt in a folder
        result = run_cli("check", english if args else tmp_path, *args, "--format", "sarif", "--no-retranslate")
        assert result.exit_code == 1, result.stderr  # before: internal error: KeyError: 'BIL003'
        log = json.loads(result.stdout)
        jsonschema.validate(log, SARIF_SCHEMA, cls=jsonschema.Draft4Validator)
        (run,) = log["runs"]
        rules = run["tool"]["driver"]["rules"]
        assert "BIL003" in {r["ruleId"] for r in run["results"]}
        for found in run["results"]:
            assert rules[found["ruleIndex"]]["id"] == found["ruleId"]


def test_every_code_a_finding_can_carry_is_a_rule_of_the_ci_formats():
    from checker import bilingual
    from checker.compare import fusion
    from checker.detectors import detector_classes
    from checker.report.ci import rules

    codes = (
        {d.code for d in detector_classes()}
        | {fusion.CODE}
        | set(bilingual.PAIR_CHECKS)
        | {
            bilingual.coverage.ADDITION_CODE,
            bilingual.coverage.OMISSION_CODE,
            bilingual.direct.CODE,
            bilingual.capitals.CODE,
            bilingual.accuracy.CODE,
        }
    )
    catalogue = rules()
    assert codes <= {r["code"] for r in catalogue}
    assert len({r["code"] for r in catalogue}) == len(catalogue)
    assert all(r["summary"][0].isupper() and r["help"] for r in catalogue)


def test_the_pre_commit_hooks_check_articles_not_every_text_file():
    import re

    import yaml

    from tests.conftest import ROOT

    for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")):

        def checked(path: str, hook=hook) -> bool:
            return bool(re.search(hook["files"], path)) and not re.search(hook.get("exclude", "^$"), path)

        assert checked("articles/2024/kyiv.en.txt") and checked("corpus/a.md")
        assert not checked("README.md") and not checked("requirements.txt")  # before: both checked
        assert not checked("articles/kyiv.fr.txt")
