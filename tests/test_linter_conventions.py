"""What a linter's users expect (issue 16): one rule registry, severities that do not depend on
the engine, CI formats, `checker rule`, standard input, Markdown read as Markdown, the Python API."""

from __future__ import annotations

import ast
import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED


def test_severity_is_the_rules_with_or_without_the_engine(run_cli, tmp_path):
    # Before: fusion raised GARB003 (minor) to major where the round trip disagreed, so a
    # detectors-only hook and a CI run disagreed at --fail-on major.
    article = tmp_path / "a.txt"
    article.write_text("The attack left 12 dead and 2 700 injured, according to the ministry.\n", encoding="utf-8")
    back = tmp_path / "back.txt"
    back.write_text("The attack left twelve people dead and some injured, the ministry said.\n", encoding="utf-8")
    runs = {}
    for name, args in (("detectors", ["--no-retranslate"]), ("engine", ["--engine", "file", "--retranslations", back])):
        result = run_cli("check", article, *args, "--isolated", "--format", "json", "--fail-on", "major")
        record = json.loads(result.stdout)["articles"][0]
        runs[name] = (result.exit_code, {(f["code"], f["text"]): f["severity"] for f in record["findings"]}, record)
    detectors_only, with_engine = runs["detectors"][1], runs["engine"][1]
    assert detectors_only[("GARB003", "2 700")] == "minor"
    assert {k: with_engine[k] for k in detectors_only} == detectors_only
    assert runs["detectors"][0] == runs["engine"][0] == 0
    garb003 = next(f for f in runs["engine"][2]["findings"] if f["code"] == "GARB003")
    assert {"token-model", "alignment"} & {e["signal"] for e in garb003["evidence"]}  # the engine's evidence is kept


def test_every_renderer_reads_rule_codes_from_the_registry_not_the_comparison_module():
    for path in (ROOT / "checker" / "report").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert not any(m.startswith(("checker.compare", "checker.bilingual", "checker.detectors")) for m in imported), (
            path
        )


def test_checker_rule_explains_a_rule_with_examples_from_its_case_file(run_cli):
    result = run_cli("rule", "garb002")
    assert result.exit_code == 0
    assert result.stdout.startswith("GARB002 casing.lowercase-proper-noun\nseverity: major (default)")
    assert "Flagged (from its case file):" in result.stdout and "Not flagged (from its case file):" in result.stdout
    bilingual = run_cli("rule", "BIL001").stdout
    assert "source: " in bilingual  # a bilingual example shows its French
    unknown = run_cli("rule", "GARB999")
    assert unknown.exit_code == 2 and "unknown rule 'GARB999'" in unknown.stderr


def test_every_code_is_listed_by_checker_detectors(run_cli):
    from checker.rules import all_rules

    rows = json.loads(run_cli("detectors", "--format", "json").stdout)
    assert [r["code"] for r in rows] == list(all_rules())
    assert {f"GARB{n:03d}" for n in range(1, 17)} | {"GARB100"} | {f"BIL{n:03d}" for n in range(1, 12)} == set(
        all_rules()
    )


def test_gitlab_code_quality_and_checkstyle(run_cli):
    report = json.loads(run_cli("check", SEED, "--no-retranslate", "--isolated", "--format", "json").stdout)
    expected = [(f["code"], f["line"]) for f in report["articles"][0]["findings"]]
    gitlab = json.loads(run_cli("check", SEED, "--no-retranslate", "--isolated", "--format", "gitlab").stdout)
    assert [(i["check_name"], i["location"]["lines"]["begin"]) for i in gitlab] == expected
    assert all(
        i["severity"] in ("minor", "major", "critical") and i["location"]["path"] == "seeds/" + SEED.name
        for i in gitlab
    )
    assert len({i["fingerprint"] for i in gitlab}) == len(gitlab)
    checkstyle = ElementTree.fromstring(
        run_cli("check", SEED, "--no-retranslate", "--isolated", "--format", "checkstyle").stdout
    )
    errors = checkstyle.findall("./file/error")
    assert [(e.get("source").split(".")[1], int(e.get("line"))) for e in errors] == expected
    assert {e.get("severity") for e in errors} <= {"error", "warning"}


def test_standard_input_takes_the_name_given_by_stdin_filename(run_cli, monkeypatch):
    import io

    text = "# Title\n\n`kyiv` and <b>x</b> in kyiv.\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    result = run_cli(
        "check", "-", "--stdin-filename", "news/today.md", "--no-retranslate", "--isolated", "--format", "json"
    )
    record = json.loads(result.stdout)["articles"][0]
    assert record["path"] == "news/today.md"
    assert [(f["code"], f["start"]) for f in record["findings"]] == [("GARB002", text.rindex("kyiv"))]  # not the code
    assert run_cli("check", SEED, "--stdin-filename", "x.md").exit_code == 2


MARKDOWN = """# Report from kyiv

Indented code follows:

    forces of kyiv in code

<div class="note">
The forces of kyiv in an HTML block.
</div>

| city | note |
|------|------|
| kyiv | a table cell |

A sentence with `kyiv` in code and a [link](https://example.com/kyiv) and kyiv in prose.

Is this short question a heading?
"""


def test_markdown_code_html_blocks_tables_and_link_targets_are_not_prose(check_text):
    result = check_text(MARKDOWN, path="a.md")
    flagged = [(f.code, f.start) for f in result.findings if f.code == "GARB002"]
    assert flagged == [("GARB002", MARKDOWN.index("kyiv")), ("GARB002", MARKDOWN.index("kyiv in prose"))]
    kinds = [(p.kind, MARKDOWN[p.start : p.end]) for p in result.document.paragraphs]
    assert kinds[0] == ("heading", "Report from kyiv")
    assert kinds[-1] == ("text", "Is this short question a heading?")
    assert not any("table cell" in text or "HTML block" in text or text[-7:] == "in code" for _, text in kinds)


def test_a_short_question_in_plain_text_is_a_paragraph_not_a_heading(check_text):
    result = check_text("What happens next?\nThe talks resume on Monday in Geneva.\n")
    assert [p.kind for p in result.document.paragraphs] == ["text", "text"]


def test_the_api_example_of_docs_api_md_runs_as_documented(capsys):
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", doc, re.DOTALL).group(1)
    printed = re.search(r"prints\n\n```\n(.*?)```", doc, re.DOTALL).group(1)
    exec(compile(code, "docs/api.md", "exec"), {})
    assert capsys.readouterr().out == printed


def test_the_package_lists_its_api():
    import checker

    assert {"Checker", "check_text", "check_paths", "configure", "Config", "all_rules", "rule"} <= set(dir(checker))
    assert callable(checker.check_paths) and checker.rule("GARB002").name == "casing.lowercase-proper-noun"


def test_check_paths_reads_a_french_source_beside_its_article(tmp_path):
    import checker

    (tmp_path / "a.en.txt").write_text("The forces of kyiv held the line on Monday.\n", encoding="utf-8")
    (tmp_path / "a.fr.txt").write_text("Les forces de Kyiv ont tenu la ligne lundi.\n", encoding="utf-8")
    (record,) = checker.check_paths([tmp_path], engine="none", source_engine="none")
    assert Path(record["path"]).name == "a.en.txt" and record["source"] is not None
    with pytest.raises(checker.InputError, match="unknown setting 'selct'"):
        checker.check_text("x", engine="none", selct=["GARB"])
