"""Renderers for CI: SARIF 2.1.0, JUnit XML and GitHub Actions workflow commands.

All three read the same records as the other renderers. Severity maps to each format's levels:
critical and major are errors, minor a warning.
"""

from __future__ import annotations

import inspect
import json
import xml.etree.ElementTree as ElementTree

from checker import __version__
from checker.findings import Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"critical": "error", "major": "error", "minor": "warning"}


def rules() -> list[dict]:
    """Every rule checker can report: the detectors, the re-translation disagreement and the
    bilingual checks."""
    from checker import bilingual
    from checker.compare import fusion
    from checker.detectors import detector_classes

    catalogue = [{"code": d.code, "name": d.name, "severity": d.severity.value, "category": d.category.value,
                  "summary": d.summary(), "help": inspect.cleandoc(d.__doc__ or d.summary())}
                 for d in detector_classes()]
    catalogue.append({"code": fusion.CODE, "name": fusion.NAME, "severity": "minor", "category": "accuracy/mistranslation",
                      "summary": "Words where an independent re-translation disagrees, weighed by a calibrated model.",
                      "help": inspect.cleandoc(fusion.__doc__ or "")})
    return catalogue + bilingual.rules()


def sarif(records: dict) -> str:
    """A SARIF 2.1.0 log: one run, the rules from the registry, one result per finding."""
    catalogue = rules()
    index = {rule["code"]: i for i, rule in enumerate(catalogue)}
    results = []
    for article in records["articles"]:
        for finding in article["findings"]:
            result = {
                "ruleId": finding["code"],
                "ruleIndex": index[finding["code"]],
                "level": _LEVELS[finding["severity"]],
                "message": {"text": finding["message"]},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": _uri(article["path"])},
                    "region": {"startLine": finding["line"], "startColumn": finding["column"],
                               "endLine": finding["end_line"], "endColumn": finding["end_column"],
                               "charOffset": finding["start"], "charLength": finding["end"] - finding["start"],
                               "snippet": {"text": finding["text"]}},
                }}],
                "partialFingerprints": {"checker/span/v1": finding["fingerprint"]},
                "properties": {"severity": finding["severity"], "category": finding["category"],
                               "confidence": finding["confidence"]},
            }
            if finding["suggestion"]:
                result["fixes"] = [{
                    "description": {"text": f"Replace with '{finding['suggestion']}'"},
                    "artifactChanges": [{"artifactLocation": {"uri": _uri(article["path"])}, "replacements": [{
                        "deletedRegion": {"charOffset": finding["start"], "charLength": finding["end"] - finding["start"]},
                        "insertedContent": {"text": finding["suggestion"]},
                    }]}],
                }]
            results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "checker",
                "version": __version__,
                "rules": [{
                    "id": rule["code"],
                    "name": rule["name"],
                    "shortDescription": {"text": rule["summary"]},
                    "fullDescription": {"text": rule["summary"]},
                    "help": {"text": rule["help"]},
                    "defaultConfiguration": {"level": _LEVELS[rule["severity"]]},
                    "properties": {"category": rule["category"], "severity": rule["severity"]},
                } for rule in catalogue],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {"signature": records["signature"]["string"]},
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def junit(records: dict) -> str:
    """One testcase per article; it fails when a finding reaches the run's --fail-on severity."""
    threshold = Severity(records["fail_on"])
    suite = ElementTree.Element("testsuite", name="checker")
    failures = 0
    for article in records["articles"]:
        case = ElementTree.SubElement(suite, "testcase", classname="checker", name=article["path"])
        failing = [f for f in article["findings"] if Severity(f["severity"]) >= threshold]
        if failing:
            failures += 1
            failure = ElementTree.SubElement(case, "failure", type=threshold.value,
                                             message=f"{len(failing)} finding(s) at or above {threshold.value}")
            failure.text = "\n".join(_line(article["path"], f) for f in failing)
        others = [f for f in article["findings"] if Severity(f["severity"]) < threshold]
        if others:
            ElementTree.SubElement(case, "system-out").text = "\n".join(_line(article["path"], f) for f in others)
    suite.set("tests", str(len(records["articles"])))
    suite.set("failures", str(failures))
    suites = ElementTree.Element("testsuites", name="checker", tests=suite.get("tests"), failures=str(failures))
    suites.append(suite)
    ElementTree.indent(suites)
    return ElementTree.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def github(records: dict) -> str:
    """GitHub Actions workflow commands: an annotation per finding, on its file, line and column."""
    lines = []
    for article in records["articles"]:
        for f in article["findings"]:
            properties = ",".join(f"{key}={_escape_property(str(value))}" for key, value in (
                ("file", article["path"]), ("line", f["line"]), ("col", f["column"]),
                ("endLine", f["end_line"]), ("endColumn", f["end_column"]),
                ("title", f"{f['code']} {f['name']} ({f['severity']})")))
            message = f["message"] + (f" Suggestion: {f['suggestion']}" if f["suggestion"] else "")
            lines.append(f"::{_LEVELS[f['severity']]} {properties}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)


def _line(path: str, finding: dict) -> str:
    return f"{path}:{finding['line']}:{finding['column']}: {finding['severity']} {finding['code']} {finding['message']} ({finding['text']!r})"


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(path.replace("\\", "/"))


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
