"""The HTML report in a real browser (Debian's chromium, driven headless by Playwright), and Markdown.

The browser is never downloaded: Playwright is pointed at the system chromium. Where no chromium
is installed the browser tests are skipped, unless CHECKER_REQUIRE_BROWSER=1 (as in .ci/run),
where its absence fails them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from checker.report.markdown import escape
from tests.conftest import ROOT, SEED

ARTIFACTS = Path(os.environ.get("CHECKER_TEST_ARTIFACTS", ROOT / "reports" / "test-artifacts"))


@pytest.fixture(scope="module")
def seed_reports(tmp_path_factory):
    from checker.cli import main

    folder = tmp_path_factory.mktemp("seed-report")
    for fmt, name in (("html", "seed.html"), ("json", "seed.json")):
        assert main(["check", str(SEED), "--quiet", "--format", fmt, "-o", str(folder / name)]) in (0, 1)
    return folder / "seed.html", json.loads((folder / "seed.json").read_text(encoding="utf-8"))


def open_page(browser, path: Path):
    """A page with the file loaded; console errors and every request other than the file are recorded."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.errors, page.requests = [], []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("request", lambda request: request.url != path.as_uri() and page.requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page


def test_seed_report_is_self_contained_and_small(seed_reports):
    html, _ = seed_reports
    content = html.read_text(encoding="utf-8")
    assert len(html.read_bytes()) < 500_000
    assert "http://" not in content.replace("http://www.w3.org", "") and "https://" not in content
    assert "<link" not in content and "src=" not in content


def test_every_finding_is_highlighted_with_its_text(browser, seed_reports):
    html, records = seed_reports
    page = open_page(browser, html)
    findings = records["articles"][0]["findings"]
    assert findings
    shown = page.evaluate("""() => {
        const texts = {};
        document.querySelectorAll('mark.f').forEach(m => m.dataset.findings.split(' ').forEach(id => {
            texts[id] = (texts[id] || '') + m.textContent; }));
        return texts; }""")
    for finding in findings:
        # A span crossing paragraphs is shown in each; the line break between them is not in a mark.
        assert "".join(shown[str(finding["id"])].split()) == "".join(finding["text"].split())
    assert page.locator("#findings li[data-id]").count() == len(findings)
    assert page.errors == [] and page.requests == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "seed-report.png"), full_page=False)
    page.close()


def test_choosing_a_finding_scrolls_to_and_focuses_its_span(browser, seed_reports):
    html, records = seed_reports
    page = open_page(browser, html)
    last = records["articles"][0]["findings"][-1]
    page.locator(f"#findings li[data-id='{last['id']}'] button.go").click()
    assert page.evaluate("() => document.activeElement.id") == f"f{last['id']}"
    in_view = page.evaluate("""() => { const r = document.activeElement.getBoundingClientRect();
                                       return r.top >= 0 && r.bottom <= window.innerHeight; }""")
    assert in_view
    assert page.locator("#tip").is_visible() and last["message"] in page.locator("#tip").inner_text()
    page.keyboard.press("Escape")
    assert not page.locator("#tip").is_visible()
    page.keyboard.press("n")  # wraps around to the first finding
    assert page.evaluate("() => document.activeElement.id") == f"f{records['articles'][0]['findings'][0]['id']}"
    page.close()


def test_the_severity_filter_hides_and_shows_findings(browser, seed_reports):
    html, records = seed_reports
    page = open_page(browser, html)
    minor = [f for f in records["articles"][0]["findings"] if f["severity"] == "minor"]
    assert minor, "the seed report should have minor findings"
    items = page.locator("#findings li[data-severity='minor']")
    assert all(items.nth(i).is_visible() for i in range(items.count()))
    page.locator("input[name=severity][value=minor]").uncheck()
    assert not any(items.nth(i).is_visible() for i in range(items.count()))
    assert page.locator("#findings li[data-severity='major']").first.is_visible()
    page.locator("input[name=severity][value=minor]").check()
    assert all(items.nth(i).is_visible() for i in range(items.count()))
    page.close()


def test_an_index_of_100_articles_renders_fast_and_sorts(browser, tmp_path):
    from checker.report.html import render_index

    article = {"path": "a.txt", "garble": 0.5, "findings": [{"severity": "major"}]}
    records = {
        "articles": [{**article, "path": f"articles/{i:03d}.txt", "garble": (i * 37 % 100) / 100} for i in range(100)],
        "summary": {"findings": 100, "by_severity": {"minor": 0, "major": 100, "critical": 0}},
        "signature": {"string": "checker:test"},
    }
    index = tmp_path / "index.html"
    index.write_text(render_index(records, [f"{i:03d}.html" for i in range(100)]), encoding="utf-8")
    page = open_page(browser, index)
    load_ms = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
    assert load_ms < 2000
    assert page.locator("tbody tr").count() == 100
    garbles = page.evaluate("() => [...document.querySelectorAll('tbody tr')].map(r => Number(r.dataset.garble))")
    assert garbles == sorted(garbles, reverse=True)  # worst first
    page.locator("th button[data-key=path]").click()
    paths = page.evaluate("() => [...document.querySelectorAll('tbody tr')].map(r => r.dataset.path)")
    assert paths == sorted(paths)
    assert page.errors == [] and page.requests == []
    page.close()


def test_several_articles_write_an_index_and_pages(run_cli, tmp_path):
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "one.txt").write_text("The forces of kyiv advanced.\n", encoding="utf-8")
    (articles / "two.txt").write_text("It rained <b>all</b> day.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("check", articles, "--format", "html", "-o", out, "--no-retranslate")
    assert result.exit_code == 1
    pages = sorted(p.name for p in out.iterdir())
    assert "index.html" in pages and len(pages) == 3
    two = next(p for p in out.iterdir() if "two" in p.name).read_text(encoding="utf-8")
    assert "It rained &lt;b&gt;all&lt;/b&gt; day." in two  # the article's text is escaped
    missing = run_cli("check", articles, "--format", "html", "--no-retranslate")
    assert missing.exit_code == 2 and "--output DIR" in missing.stderr


def test_markdown_groups_findings_by_paragraph_and_escapes(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Intro line without problems.\nThe forces of kyiv [advanced](http://x).\n", encoding="utf-8")
    result = run_cli("check", article, "--format", "markdown", "--no-retranslate")
    assert result.exit_code == 1
    assert "### Paragraph 2 (line 2)" in result.stdout and "Paragraph 1" not in result.stdout
    assert "<strong>kyiv</strong>" in result.stdout and "Suggestion: Kyiv" in result.stdout
    assert "\\[advanced\\]\\(http://x\\)" in result.stdout  # a link in the article stays text
    assert escape("a*b_c\n`d`") == "a\\*b\\_c \\`d\\`"


def test_markdown_marks_spans_with_their_spaces_and_next_to_punctuation(run_cli, tmp_path):
    from markdown_it import MarkdownIt

    article = tmp_path / "a.txt"
    article.write_text(
        "The strikes left 3 dead and 2 700 injured.\n\nNorth Korea–where the forces of kyiv are not.\n\n"
        "They were not informed of “crucial details such as the plan.\n",
        encoding="utf-8",
    )
    result = run_cli("check", article, "--format", "markdown", "--no-retranslate")
    assert result.exit_code == 1
    html = MarkdownIt("commonmark").enable("table").render(result.stdout)
    assert "dead and <strong>2 700</strong> injured" in html  # before: "and**2 700**injured"
    assert "**" not in html.replace("<strong>", "").split("Paragraph 1")[-1]
    assert "of <strong>kyiv</strong> are" in html
    assert "of <strong>“</strong>crucial" in html  # before: literal asterisks, CommonMark opens no ** there


# -- for editors (issue 16) ---------------------------------------------------------------------


def test_tooltips_speak_plainly_and_stay_inside_a_small_window(browser, seed_reports):
    html, records = seed_reports
    page = browser.new_page(viewport={"width": 900, "height": 700})
    page.goto(html.as_uri())
    findings = records["articles"][0]["findings"]
    for finding in findings:
        page.locator(f"#f{finding['id']}").focus()
        box = page.locator("#tip").bounding_box()
        assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= 900 and box["y"] + box["height"] <= 700, (
            finding["code"],
            box,
        )
        shown = page.locator("#tip").inner_text()
        # Before: "token-model 0.445 (probability ... reported from 0.40)", "at offset 800" in plain view.
        assert "token-model" not in shown and "offset" not in shown and "probability" not in shown
        assert finding["message"] in shown
    page.locator("#tip details summary").first.click()  # the numbers are one click away
    assert "Confidence" in page.locator("#tip").inner_text()
    page.close()


def test_findings_read_line_numbers_quote_their_context_and_link_their_rule(browser, run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "A first line.\nThey were not informed of “crucial details such as the plan.\nThe forces of kyiv held.\n",
        encoding="utf-8",
    )
    out = tmp_path / "a.html"
    assert run_cli("check", article, "--no-retranslate", "--isolated", "--format", "html", "-o", out).exit_code == 1
    page = open_page(browser, out)
    wheres = page.locator("#findings .where").all_inner_texts()
    assert wheres and all(w.startswith("line ") for w in wheres) and "line 3" in wheres  # before: "1:539"
    quote = page.locator("#findings li", has_text="GARB012").locator(".context").inner_text()
    assert "informed of “crucial" in quote and "“““" not in page.locator("#findings").inner_text()
    for link in page.locator("#findings a.code").all():
        target = link.get_attribute("href")
        assert page.locator(target).count() == 1
    page.locator("#findings a.code", has_text="GARB002").click()
    assert "lower case" in page.locator("#rule-GARB002").inner_text()
    # No tile nor filter for a severity nothing gave (before: a "CRITICAL 0" tile and checkbox).
    assert page.locator(".summary .sev-critical").count() == 0
    assert page.locator("input[name=severity][value=critical]").count() == 0
    assert page.errors == [] and page.requests == []
    page.close()


def test_a_dismissed_finding_exports_as_an_accepted_findings_file_that_hides_it(browser, run_cli, tmp_path):
    from checker.validation import problem

    (tmp_path / ".checker.toml").write_text("retranslate = false\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("The forces of kyiv held. Talks went on in paris on Monday.\n", encoding="utf-8")
    out = tmp_path / "a.html"
    assert run_cli("check", article, "--format", "html", "-o", out).exit_code == 1
    page = open_page(browser, out)
    assert page.locator("#export").is_disabled()
    first = page.locator("#findings li[data-id]").first
    first.locator("button.dismiss").click()
    assert "dismissed" in first.get_attribute("class") and page.locator("#dismissed-count").inner_text() == "1"
    with page.expect_download() as download:
        page.locator("#export").click()
    assert download.value.suggested_filename == "checker-accepted.json"
    saved = tmp_path / ".checker-accepted.json"
    download.value.save_as(saved)
    exported = json.loads(saved.read_text(encoding="utf-8"))
    assert problem(exported, "accepted") is None
    assert [(e["path"], e["text"]) for e in exported["findings"]] == [("a.txt", "kyiv")]
    page.close()
    record = json.loads(run_cli("check", article, "--format", "json").stdout)["articles"][0]
    assert [f["text"] for f in record["findings"]] == ["paris"] and record["suppressed"]["accepted"] == 1


def test_the_index_shows_short_names_and_fits_1280_pixels(browser, tmp_path):
    from checker.report.html import render_index

    deep = "/home/editor/newsroom/archive/2026/translations/machine/fren_news/dev/newstest2013"
    records = {
        "articles": [
            {
                "path": f"{deep}/article_{i:03d}_with_a_rather_long_name/online-B.en.txt",
                "garble": i / 100,
                "findings": [{"severity": "major"}],
            }
            for i in range(40)
        ],
        "summary": {"findings": 40, "by_severity": {"minor": 0, "major": 40, "critical": 0}},
        "signature": {"string": "checker:test"},
    }
    index = tmp_path / "index.html"
    index.write_text(render_index(records, [f"{i:03d}.html" for i in range(40)]), encoding="utf-8")
    page = open_page(browser, index)
    names = page.locator("tbody td.name a").all_inner_texts()
    assert all(name.startswith("article_") and deep not in name for name in names)
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert page.locator("thead th", has_text="Critical").count() == 0
    page.close()


def test_the_garble_score_has_a_legend_and_an_anchor_when_the_engine_matches():
    from checker.report.view import garble_anchor

    scale = json.loads((ROOT / "checker" / "report" / "data" / "garble_scale.json").read_text(encoding="utf-8"))
    references = scale["references"]
    anchor = garble_anchor(references[len(references) // 2], scale["engine"])
    assert 40 <= anchor["percentile"] <= 60 and anchor["references"] == len(references)
    assert garble_anchor(0.5, "another-engine") is None and garble_anchor(None, scale["engine"]) is None
