"""Inline `checker: ignore` comments and the accepted-findings file hide exactly what they name (issue 16)."""

from __future__ import annotations

import json

import pytest

KYIV = "The forces of kyiv held the line."
PARIS = "Talks went on in paris on Monday."


def report(run_cli, path, *args) -> dict:
    result = run_cli("check", path, "--no-retranslate", "--isolated", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)["articles"][0]


def flagged(record) -> list[tuple[str, str]]:
    return [(f["code"], f["text"]) for f in record["findings"]]


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_an_ignore_comment_hides_the_next_paragraph_only(run_cli, tmp_path, suffix):
    article = tmp_path / f"a{suffix}"
    article.write_text(f"{KYIV}\n\n<!-- checker: ignore -->\n{KYIV}\n{PARIS}\n\n{PARIS}\n", encoding="utf-8")
    record = report(run_cli, article)
    text = article.read_text(encoding="utf-8")
    kept = [f["start"] for f in record["findings"]]
    assert flagged(record) == [("GARB002", "kyiv"), ("GARB002", "paris")]
    assert kept == [text.index("kyiv"), text.rindex("paris")]
    assert record["suppressed"] == {"inline": 2, "accepted": 0}


def test_an_ignore_comment_with_codes_hides_only_those(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "<!-- checker: ignore GARB014, GARB01 -->\nThe forces of kyiv, we can read in the letter.\n", encoding="utf-8"
    )
    assert flagged(report(run_cli, article)) == [("GARB002", "kyiv")]
    article.write_text(
        "Intro line here.\n\nThe forces of kyiv, we can read in the letter. <!-- checker: ignore GARB002 -->\n",
        encoding="utf-8",
    )
    assert flagged(report(run_cli, article)) == [("GARB014", "we can read in")]


def test_ignore_file_hides_its_codes_everywhere_and_the_comment_is_no_prose(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        f"{KYIV}\n\n<!-- checker: ignore-file GARB002 -->\n\n{PARIS} We can read in it.\n", encoding="utf-8"
    )
    record = report(run_cli, article)
    assert flagged(record) == [("GARB014", "We can read in")]
    assert not any("checker" in article.read_text()[p["start"] : p["end"]] for p in record["paragraphs"])


def test_an_unknown_code_in_a_comment_is_an_error_naming_its_line(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(f"{KYIV}\n<!-- checker: ignore GRAB002 -->\n{PARIS}\n", encoding="utf-8")
    result = run_cli("check", article, "--no-retranslate", "--isolated")
    assert result.exit_code == 2 and "line 2" in result.stderr and "'GRAB002'" in result.stderr


def test_accepted_findings_are_hidden_and_the_ones_that_went_away_are_said(run_cli, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    article = folder / "a.txt"
    article.write_text(f"{KYIV} {PARIS}\n", encoding="utf-8")
    (tmp_path / ".checker.toml").write_text("retranslate = false\n", encoding="utf-8")
    accepted = tmp_path / ".checker-accepted.json"
    result = run_cli("check", article, "--accept")
    assert result.exit_code == 1 and "2 accepted findings recorded" in result.stderr
    stored = json.loads(accepted.read_text(encoding="utf-8"))
    assert [(e["path"], e["code"], e["text"]) for e in stored["findings"]] == [
        ("articles/a.txt", "GARB002", "kyiv"),
        ("articles/a.txt", "GARB002", "paris"),
    ]
    # Accepted: hidden, and the run passes.
    result = run_cli("check", article, "--format", "json")
    assert result.exit_code == 0
    record = json.loads(result.stdout)["articles"][0]
    assert record["findings"] == [] and record["suppressed"] == {"inline": 0, "accepted": 2}
    # A new finding shows; the one fixed is said to be gone; the other stays hidden.
    article.write_text(f"We can read in it.\n\nThe forces of Kyiv held the line. {PARIS}\n", encoding="utf-8")
    result = run_cli("check", article, "--format", "json")
    record = json.loads(result.stdout)["articles"][0]
    assert flagged(record) == [("GARB014", "We can read in")]
    assert record["suppressed"]["accepted"] == 1
    assert (
        "1 accepted finding in" in result.stderr and "'kyiv'" in result.stderr and "no longer occurs" in result.stderr
    )
    # --accept again: the file holds exactly the current findings.
    run_cli("check", article, "--accept")
    stored = json.loads(accepted.read_text(encoding="utf-8"))
    assert sorted(e["text"] for e in stored["findings"]) == ["We can read in", "paris"]


def test_a_damaged_accepted_file_is_one_line(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(KYIV + "\n", encoding="utf-8")
    (tmp_path / ".checker.toml").write_text('accepted = "ok.json"\n', encoding="utf-8")
    (tmp_path / "ok.json").write_text('{"accepted_version": 1, "findings": [{"path": "a.txt"}]}', encoding="utf-8")
    result = run_cli("check", article, "--no-retranslate")
    assert result.exit_code == 2 and "ok.json" in result.stderr and "fingerprint" in result.stderr
