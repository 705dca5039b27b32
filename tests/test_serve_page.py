"""The editors' page of `checker serve` in Debian's chromium (Playwright), against a real uvicorn."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")

from tests.conftest import SEED  # noqa: E402
from tests.support.served import serving  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("serve")) as (base, _):
        yield base


def test_an_editor_pastes_the_seed_checks_it_reads_every_finding_and_downloads_the_report(server, browser, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    expected = httpx.post(f"{server}/v1/check", json={"text": text}, timeout=120).json()["articles"][0]["findings"]
    assert expected
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    errors, outside = [], []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "request",
        lambda request: (
            request.url.startswith(("http:", "https:"))
            and not request.url.startswith(server)
            and outside.append(request.url)
        ),
    )
    page.goto(server + "/")
    page.locator("#text").fill(text)
    page.locator("#check").click()
    from playwright.sync_api import expect

    expect(page.locator("#status")).to_have_text("Done.", timeout=120_000)  # the page's CSP forbids eval
    report = page.frame_locator("#report")
    report.locator("#findings li[data-id]").first.wait_for()
    shown = report.locator("body").evaluate("""() => {
        const texts = {};
        document.querySelectorAll('mark.f').forEach(m => m.dataset.findings.split(' ').forEach(id => {
            texts[id] = (texts[id] || '') + m.textContent; }));
        return texts; }""")
    for finding in expected:
        assert "".join(shown[str(finding["id"])].split()) == "".join(finding["text"].split())
    with page.expect_download() as download:
        page.locator("#downloads button[data-format=json]").click()
    saved = tmp_path / "report.json"
    download.value.save_as(saved)
    assert [f["fingerprint"] for f in json.loads(saved.read_text(encoding="utf-8"))["articles"][0]["findings"]] == [
        f["fingerprint"] for f in expected
    ]
    assert errors == [] and outside == []
    page.close()


def test_the_page_says_what_went_wrong_in_one_line(server, browser):
    page = browser.new_page()
    page.goto(server + "/")
    page.locator("#text").fill("   ")
    page.locator("#check").click()
    assert "Paste or upload" in page.locator("#status").inner_text()
    page.close()
