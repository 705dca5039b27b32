from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_cf7ffd0df13b3f0f.txt"


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture(scope="session", autouse=True)
def isolated_translation_cache(tmp_path_factory):
    """Every test run gets its own translation cache, never the user's."""
    import os

    directory = tmp_path_factory.mktemp("translation-cache")
    previous = os.environ.get("CHECKER_CACHE_DIR")
    os.environ["CHECKER_CACHE_DIR"] = str(directory)
    yield directory
    if previous is None:
        os.environ.pop("CHECKER_CACHE_DIR", None)
    else:
        os.environ["CHECKER_CACHE_DIR"] = previous


@pytest.fixture
def run_cli(capsys):
    """Run `checker ARGS` in-process through the real entry point; capture its output."""

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return CliResult(code, out, err)

    return run


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory):
    """A MarianMT checkpoint with random weights and a vocabulary trained here (no hub)."""
    pytest.importorskip("transformers")
    from tests.support.tiny_marian import build_tiny_marian

    return build_tiny_marian(tmp_path_factory.mktemp("models") / "tiny-marian", max_positions=32)


@pytest.fixture(scope="session")
def nlp():
    from checker.nlp import load_english

    return load_english()[0]


@pytest.fixture(scope="session")
def detectors():
    from checker.detectors import build_detectors

    return build_detectors()


@pytest.fixture(scope="session")
def check_text(nlp, detectors):
    """Check a string as an article; returns the ArticleResult."""
    from checker.pipeline import check_source
    from checker.reading import SourceText

    def check(text: str, path: str = "article.txt"):
        return check_source(SourceText(path, text, "utf-8"), nlp, detectors)

    return check


# The HTML report and the service's page are tested in Debian's chromium, driven by Playwright;
# no browser is downloaded. Without chromium these tests skip, unless CHECKER_REQUIRE_BROWSER=1.
CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()), shutil.which("chromium")
)
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


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
