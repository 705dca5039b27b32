"""Large inputs are checked whole: nothing is truncated, offsets stay exact at the far end."""

import json

import pytest

from tests.conftest import SEED


def test_five_megabyte_article_is_checked_to_the_end(run_cli, tmp_path):
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").splitlines() if p.strip()]
    body, size, i = [], 0, 0
    while size < 5_000_000:
        paragraph = f"Report {i}: " + paragraphs[i % len(paragraphs)].replace("kyiv", "Kyiv")
        body.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 1
        i += 1
    body.append("At the very end, the forces of kyiv held the line.")
    text = "\n".join(body) + "\n"
    article = tmp_path / "big.txt"
    article.write_text(text, encoding="utf-8")
    assert article.stat().st_size >= 5_000_000

    result = run_cli("check", article, "--format", "json", "--quiet", "--no-retranslate")
    records = json.loads(result.stdout)
    findings = records["articles"][0]["findings"]
    last = findings[-1]
    assert last["text"] == "kyiv" and last["start"] == text.rindex("kyiv")
    assert last["line"] == len(body)
    sentences = records["articles"][0]["sentences"]
    assert text[sentences[-1]["start"] : sentences[-1]["end"]] == body[-1]
    # Every Kyiv was restored to its capital but the last one, and every split compound is found.
    assert sum(f["code"] == "GARB002" for f in findings) == 1
    assert sum(f["code"] == "GARB001" for f in findings) == text.count("as possible. -Koreans")


def test_long_paragraph_without_punctuation(run_cli, tmp_path):
    words = ("soldiers moved along the northern road near the river while officers of kyiv watched " * 300).split()
    text = " ".join(words)[:20_000].rsplit(" ", 1)[0]
    assert len(text) > 19_900 and "." not in text
    article = tmp_path / "long.txt"
    article.write_text(text, encoding="utf-8")
    records = json.loads(run_cli("check", article, "--format", "json").stdout)
    article_record = records["articles"][0]
    kyivs = [f for f in article_record["findings"] if f["text"] == "kyiv"]
    assert len(kyivs) == text.count("kyiv")
    covered = sum(s["end"] - s["start"] for s in article_record["sentences"])
    assert covered >= len(text) - len(article_record["sentences"])  # sentences tile the paragraph


def _check_json(run_cli, path, window_chars, monkeypatch):
    from checker import windows

    monkeypatch.setattr(windows, "WINDOW_CHARS", window_chars)
    result = run_cli("check", path, "--format", "json", "--quiet", "--no-retranslate")
    return json.loads(result.stdout)["articles"][0]


@pytest.mark.parametrize("layout", ["blank-line paragraphs", "one line"])
def test_a_huge_article_checked_in_windows_reports_as_checked_whole(run_cli, tmp_path, monkeypatch, layout):
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").splitlines() if p.strip() and "“" not in p]
    body = [f"Report {i}: " + paragraphs[i % len(paragraphs)] for i in range(120)]
    text = ("\n\n".join(body) if layout == "blank-line paragraphs" else " ".join(body)) + "\n"
    article = tmp_path / "big.txt"
    article.write_text(text, encoding="utf-8")

    whole = _check_json(run_cli, article, 10**9, monkeypatch)
    windowed = _check_json(run_cli, article, 20_000, monkeypatch)
    assert "windows" in [s["name"] for s in windowed["signals"]]
    assert windowed["characters"] == len(text)
    lines = text.splitlines()
    for finding in windowed["findings"]:
        assert text[finding["start"] : finding["end"]] == finding["text"]
        assert lines[finding["line"] - 1][finding["column"] - 1 :].startswith(finding["text"].splitlines()[0])
    for sentence in windowed["sentences"]:
        assert text[sentence["start"] : sentence["end"]].strip()
    if layout == "blank-line paragraphs":  # cut between paragraphs: nothing a window cannot see
        keys = ("code", "start", "end", "line", "column", "fingerprint", "severity")
        assert [[f[k] for k in keys] for f in windowed["findings"]] == [[f[k] for k in keys] for f in whole["findings"]]
        assert [(s["start"], s["end"], s["line"]) for s in windowed["sentences"]] == [
            (s["start"], s["end"], s["line"]) for s in whole["sentences"]
        ]
        assert len(windowed["paragraphs"]) == len(whole["paragraphs"])
    else:  # one paragraph cut at sentence ends: the same sentences and spans
        assert [(s["start"], s["end"]) for s in windowed["sentences"]] == [
            (s["start"], s["end"]) for s in whole["sentences"]
        ]
        assert {(f["code"], f["start"]) for f in windowed["findings"]} == {
            (f["code"], f["start"]) for f in whole["findings"]
        }


def test_the_python_api_checks_a_huge_article_in_windows_as_the_command_line_does(run_cli, tmp_path, monkeypatch):
    # Before: only the command line split huge articles; Checker.check_text and check_paths (the
    # API, the service, the workers of --jobs and --ray) checked them whole, in one parse.
    from checker.api import Checker
    from checker.config import Config

    paragraphs = [p for p in SEED.read_text(encoding="utf-8").splitlines() if p.strip()]
    text = "\n\n".join(f"Report {i}: " + paragraphs[i % len(paragraphs)] for i in range(60)) + "\n"
    article = tmp_path / "big.txt"
    article.write_text(text, encoding="utf-8")
    from_cli = _check_json(run_cli, article, 20_000, monkeypatch)  # WINDOW_CHARS stays 20,000 below
    checker = Checker(Config(retranslate=False))
    by_api = checker.check_text(text, path=str(article))
    assert "windows" in [s["name"] for s in by_api["signals"]]
    keys = ("code", "start", "end", "line", "fingerprint", "severity")
    assert [[f[k] for k in keys] for f in by_api["findings"]] == [[f[k] for k in keys] for f in from_cli["findings"]]
    (from_paths,) = checker.check_paths([article])
    assert [f["fingerprint"] for f in from_paths["findings"]] == [f["fingerprint"] for f in from_cli["findings"]]
    assert "windows" in [s["name"] for s in from_paths["signals"]]
