"""The HTML report in a real browser (Debian's chromium, driven headless by Playwright), and Markdown.

The browser is never downloaded: Playwright is pointed at the system chromium. Where no chromium
is installed the browser tests are skipped, unless CHECKER_REQUIRE_BROWSER=1 (as in .ci/run),
where its absence fails them.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from checker.report.markdown import escape
from tests.conftest import ROOT, SEED

CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()),
                shutil.which("chromium"))
ARTIFACTS = Path(os.environ.get("CHECKER_TEST_ARTIFACTS", ROOT / "reports" / "test-artifacts"))
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CHECKER_REQUIRE_BROWSER") == "1":
            pytest.fail("no chromium installed, and CHECKER_REQUIRE_BROWSER=1: apt-get install chromium")
        pytest.skip("no chromium installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield browser
        browser.close()


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
    page.locator(f"#findings li[data-id='{last['id']}'] button").click()
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
    records = {"articles": [{**article, "path": f"articles/{i:03d}.txt", "garble": (i * 37 % 100) / 100}
                            for i in range(100)],
               "summary": {"findings": 100, "by_severity": {"minor": 0, "major": 100, "critical": 0}},
               "signature": {"string": "checker:test"}}
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
    article.write_text("The strikes left 3 dead and 2 700 injured.\n\nNorth Korea–where the forces of kyiv are not.\n\n"
                       "They were not informed of “crucial details such as the plan.\n", encoding="utf-8")
    result = run_cli("check", article, "--format", "markdown", "--no-retranslate")
    assert result.exit_code == 1
    html = MarkdownIt("commonmark").enable("table").render(result.stdout)
    assert "dead and <strong>2 700</strong> injured" in html  # before: "and**2 700**injured"
    assert "**" not in html.replace("<strong>", "").split("Paragraph 1")[-1]
    assert "of <strong>kyiv</strong> are" in html
    assert "of <strong>“</strong>crucial" in html  # before: literal asterisks, CommonMark opens no ** there
