"""Baselines and regressions: fingerprints, new and resolved findings, the paired bootstrap."""

import json
import shutil

import pytest

from checker.regression import paired_bootstrap
from tests.conftest import ROOT

CORPUS = ROOT / "corpora" / "newsroom"


@pytest.fixture
def corpus(tmp_path):
    copy = tmp_path / "corpus"
    copy.mkdir()
    for article in CORPUS.glob("*.txt"):
        shutil.copyfile(article, copy / article.name)  # follows the seed's link
    return copy


def findings_of(run_cli, path):
    records = json.loads(run_cli("check", path, "--no-retranslate", "--format", "json").stdout)
    return [[f["code"], f["text"]] for f in records["articles"][0]["findings"]]


def test_the_corpus_articles_give_their_expected_findings(run_cli):
    expected = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    for name in ("001_summit.txt", "002_budget.txt"):
        assert findings_of(run_cli, CORPUS / name) == expected[name]


def test_regress_names_exactly_the_new_findings_of_a_garbled_article(run_cli, corpus, tmp_path):
    baseline = tmp_path / "baseline.json"
    assert run_cli("baseline", corpus, "-o", baseline, "--no-retranslate", "-q").exit_code == 0
    unchanged = run_cli("regress", corpus, "--baseline", baseline, "--no-retranslate", "-q")
    assert unchanged.exit_code == 0 and "0 new findings, 0 resolved" in unchanged.stdout

    article = corpus / "001_summit.txt"
    text = article.read_text(encoding="utf-8")
    garbled = text.replace("strikes on Kyiv.", "strikes on kyiv.").replace(
        "the talks included North Korean troop movements near the border for the first time.",
        "the talks included northern troop movements as possible. -Koreans near the border.",
    )
    assert garbled != text
    article.write_text(garbled, encoding="utf-8")
    result = run_cli("regress", corpus, "--baseline", baseline, "--no-retranslate", "-q", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    (changed,) = report["articles"]
    assert changed["name"] == "001_summit.txt" and changed["resolved_findings"] == []
    assert sorted((f["code"], f["text"]) for f in changed["new_findings"]) == [
        ("GARB001", "northern troop movements as possible. -Koreans"),
        ("GARB002", "kyiv"),
    ]
    # A finding elsewhere in an edited article keeps its fingerprint: the other articles are untouched.
    assert {a["name"] for a in report["articles"]} == {"001_summit.txt"}


def test_regress_needs_a_baseline_or_two_folders(run_cli, corpus):
    result = run_cli("regress", corpus)
    assert result.exit_code == 2 and "--baseline" in result.stderr
    missing = run_cli("regress", corpus, "--baseline", corpus / "nothing.json")
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_paired_bootstrap_finds_a_real_shift_and_not_noise():
    import random

    generator = random.Random(1)
    old = [generator.random() for _ in range(300)]
    better = [x + 0.05 + generator.gauss(0, 0.05) for x in old]
    noise = [x + generator.gauss(0, 0.05) for x in old]
    shifted = paired_bootstrap(old, better)
    assert shifted.significant and shifted.delta > 0 and shifted.low > 0
    assert not paired_bootstrap(old, noise).significant
    assert paired_bootstrap(old, better) == shifted  # fixed seed: the same answer every time


def test_changed_only_reports_the_findings_on_lines_a_git_range_changed(run_cli, tmp_path):
    import subprocess

    def git(*args):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )

    article = tmp_path / "article.txt"
    article.write_text("The mayor of paris spoke.\nIt rained all day.\n", encoding="utf-8")
    git("init", "-q")
    git("add", "article.txt")
    git("commit", "-q", "-m", "first")
    article.write_text("The mayor of paris spoke.\nThe forces of kyiv advanced.\n", encoding="utf-8")
    git("commit", "-q", "-am", "second")
    everything = findings_of(run_cli, article)
    assert ["GARB002", "paris"] in everything and ["GARB002", "kyiv"] in everything
    result = run_cli("check", article, "--no-retranslate", "--format", "json", "--changed-only", "HEAD~1..HEAD")
    records = json.loads(result.stdout)
    assert [[f["code"], f["text"]] for f in records["articles"][0]["findings"]] == [["GARB002", "kyiv"]]
    assert records["summary"]["findings"] == 1
    bad = run_cli("check", article, "--no-retranslate", "--changed-only", "no-such-rev..HEAD")
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1 and "--changed-only no-such-rev..HEAD" in bad.stderr
