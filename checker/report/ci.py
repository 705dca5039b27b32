"""Renderers for CI: SARIF 2.1.0, JUnit XML and GitHub Actions workflow commands.

All three read the same records as the other renderers. Severity maps to each format's levels:
critical and major are errors, minor a warning.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree

from checker import __version__
from checker.findings import Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"critical": "error", "major": "error", "minor": "warning"}


def rules() -> list[dict]:
    """Every rule checker can report, from the registry, as plain records."""
    from checker.rules import all_rules

    return [
        {
            "code": r.code,
            "name": r.name,
            "severity": r.severity.value,
            "category": r.category.value,
            "summary": r.summary,
            "help": r.help,
        }
        for r in all_rules().values()
    ]


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
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(article["path"])},
                            "region": {
                                "startLine": finding["line"],
                                "startColumn": finding["column"],
                                "endLine": finding["end_line"],
                                "endColumn": finding["end_column"],
                                "charOffset": finding["start"],
                                "charLength": finding["end"] - finding["start"],
                                "snippet": {"text": finding["text"]},
                            },
                        }
                    }
                ],
                "partialFingerprints": {"checker/span/v1": finding["fingerprint"]},
                "properties": {
                    "severity": finding["severity"],
                    "category": finding["category"],
                    "confidence": finding["confidence"],
                },
            }
            if finding["suggestion"]:
                result["fixes"] = [
                    {
                        "description": {"text": f"Replace with '{finding['suggestion']}'"},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": _uri(article["path"])},
                                "replacements": [
                                    {
                                        "deletedRegion": {
                                            "charOffset": finding["start"],
                                            "charLength": finding["end"] - finding["start"],
                                        },
                                        "insertedContent": {"text": finding["suggestion"]},
                                    }
                                ],
                            }
                        ],
                    }
                ]
            results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "checker",
                        "version": __version__,
                        "rules": [
                            {
                                "id": rule["code"],
                                "name": rule["name"],
                                "shortDescription": {"text": rule["summary"]},
                                "fullDescription": {"text": rule["summary"]},
                                "help": {"text": rule["help"]},
                                "defaultConfiguration": {"level": _LEVELS[rule["severity"]]},
                                "properties": {"category": rule["category"], "severity": rule["severity"]},
                            }
                            for rule in catalogue
                        ],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {"signature": records["signature"]["string"]},
            }
        ],
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
            failure = ElementTree.SubElement(
                case,
                "failure",
                type=threshold.value,
                message=f"{len(failing)} finding(s) at or above {threshold.value}",
            )
            failure.text = "\n".join(_line(article["path"], f) for f in failing)
        others = [f for f in article["findings"] if Severity(f["severity"]) < threshold]
        if others:
            ElementTree.SubElement(case, "system-out").text = "\n".join(_line(article["path"], f) for f in others)
    suite.set("tests", str(len(records["articles"])))
    suite.set("failures", str(failures))
    suites = ElementTree.Element(
        "testsuites", name="checker", tests=str(len(records["articles"])), failures=str(failures)
    )
    suites.append(suite)
    ElementTree.indent(suites)
    return ElementTree.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def github(records: dict) -> str:
    """GitHub Actions workflow commands: an annotation per finding, on its file, line and column."""
    lines = []
    for article in records["articles"]:
        for f in article["findings"]:
            properties = ",".join(
                f"{key}={_escape_property(str(value))}"
                for key, value in (
                    ("file", article["path"]),
                    ("line", f["line"]),
                    ("col", f["column"]),
                    ("endLine", f["end_line"]),
                    ("endColumn", f["end_column"]),
                    ("title", f"{f['code']} {f['name']} ({f['severity']})"),
                )
            )
            message = f["message"] + (f" Suggestion: {f['suggestion']}" if f["suggestion"] else "")
            lines.append(f"::{_LEVELS[f['severity']]} {properties}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)


def _line(path: str, finding: dict) -> str:
    where = f"{path}:{finding['line']}:{finding['column']}"
    return f"{where}: {finding['severity']} {finding['code']} {finding['message']} ({finding['text']!r})"


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(path.replace("\\", "/"))


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITLAB_SEVERITY = {"critical": "critical", "major": "major", "minor": "minor"}


def gitlab(records: dict) -> str:
    """GitLab Code Quality JSON: one issue per finding (the subset of the CodeClimate format GitLab reads)."""
    issues = []
    for article in records["articles"]:
        for finding in article["findings"]:
            issues.append(
                {
                    "type": "issue",
                    "check_name": finding["code"],
                    "description": f"{finding['code']} {finding['message']} ('{finding['text']}')",
                    "categories": ["Style" if finding["category"].startswith(("style", "locale")) else "Bug Risk"],
                    "severity": _GITLAB_SEVERITY[finding["severity"]],
                    "fingerprint": _gitlab_fingerprint(article["path"], finding["fingerprint"]),
                    "location": {
                        "path": _relative(article["path"]),
                        "lines": {"begin": finding["line"], "end": finding["end_line"]},
                    },
                }
            )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


def _gitlab_fingerprint(path: str, fingerprint: str) -> str:
    import hashlib

    # Unique across files: GitLab compares issues by fingerprint between the base and the merge request.
    return hashlib.md5(f"{_relative(path)}\0{fingerprint}".encode()).hexdigest()


def _relative(path: str) -> str:
    import os
    from pathlib import Path

    if path.startswith("<"):
        return path
    relative = os.path.relpath(Path(path).absolute(), Path.cwd())
    return Path(relative).as_posix() if not relative.startswith("..") else Path(path).as_posix()


_CHECKSTYLE_SEVERITY = {"critical": "error", "major": "error", "minor": "warning"}


def checkstyle(records: dict) -> str:
    """Checkstyle XML (read by Jenkins' warnings plugin, reviewdog and many CI tools): a <file> per article."""
    root = ElementTree.Element("checkstyle", version="8.0")
    for article in records["articles"]:
        file = ElementTree.SubElement(root, "file", name=article["path"])
        for finding in article["findings"]:
            ElementTree.SubElement(
                file,
                "error",
                line=str(finding["line"]),
                column=str(finding["column"]),
                severity=_CHECKSTYLE_SEVERITY[finding["severity"]],
                message=f"{finding['message']} ('{finding['text']}')"
                + (f"; suggestion: {finding['suggestion']}" if finding["suggestion"] else ""),
                source=f"checker.{finding['code']}.{finding['name']}",
            )
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"
