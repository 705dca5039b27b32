"""Large inputs are checked whole: nothing is truncated, offsets stay exact at the far end."""

import json

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
    assert text[sentences[-1]["start"]:sentences[-1]["end"]] == body[-1]
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
