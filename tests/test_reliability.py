"""Reliability: no lost or damaged files, no hangs, validated inputs (issue 15, fast cases).

The slow cases (kill -9 and resume, concurrent processes, 100,000 articles, a 20 MB article) are
in bench/reliability.py.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED
from tests.test_cli import assert_one_line_error

ARTICLE = "The forces of kyiv advanced toward paris on Monday.\n\nThe minister said the talks would go on.\n"


def checker_process(*args, env=None, **kwargs) -> subprocess.Popen:
    """`checker ARGS` as its own process, SIGINT at its default (a shell may have it ignored)."""
    return subprocess.Popen(
        [sys.executable, "-m", "checker", *map(str, args)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        **kwargs,
    )


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


# --- inputs that are not regular files ------------------------------------------------------


@pytest.mark.parametrize("option", [None, "--glossary", "--proper-nouns", "--source"])
def test_a_fifo_given_as_any_input_is_refused_at_once(tmp_path, article, option):
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)
    args = ["check", fifo] if option is None else ["check", article, option, fifo]
    process = checker_process(*args, "--no-retranslate")
    try:
        out, err = process.communicate(timeout=120)  # before the fix: blocked forever opening the FIFO
    finally:
        process.kill()
    assert process.returncode == 2
    assert err.strip().endswith(
        f"{option + ' ' if option else ''}{fifo}: is a FIFO (named pipe), not a regular file"
    ), err
    assert err.count("\n") == 1
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


# --- outputs ----------------------------------------------------------------------------------


def test_output_into_a_fifo_reaches_its_reader_and_leaves_the_fifo(run_cli, article, tmp_path):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    result = run_cli("check", article, "--no-retranslate", "--format", "json", "-o", fifo)
    reader.join(timeout=60)
    assert result.exit_code == 1, result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # before the fix: renamed over by a regular file
    assert json.loads(received[0])["articles"][0]["path"] == str(article)


def test_output_through_a_symlink_to_a_device_writes_into_the_device(run_cli, article, tmp_path):
    link = tmp_path / "null-link"
    link.symlink_to(os.devnull)
    result = run_cli("check", article, "--no-retranslate", "-o", link)
    assert result.exit_code == 1, result.stderr
    assert link.is_symlink() and os.readlink(link) == os.devnull
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_output_through_a_symlink_writes_its_target(run_cli, article, tmp_path):
    target = tmp_path / "reports" / "report.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    result = run_cli("check", article, "--no-retranslate", "--format", "json", "-o", link)
    assert result.exit_code == 1, result.stderr
    assert link.is_symlink()
    assert json.loads(target.read_text())["schema_version"]


def test_a_symlink_to_an_input_is_refused(run_cli, article, tmp_path):
    link = tmp_path / "out.txt"
    link.symlink_to(article)
    assert_one_line_error(run_cli("check", article, "--no-retranslate", "-o", link), "refusing to write over the input")
    assert article.read_text(encoding="utf-8") == ARTICLE


def test_output_into_a_missing_folder_fails_before_any_work(run_cli, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")  # reading it would fail: the output is checked first
    missing = tmp_path / "nowhere" / "report.txt"
    assert_one_line_error(
        run_cli("check", empty, "--no-retranslate", "-o", missing),
        f"--output {missing}: folder {missing.parent} does not exist",
    )


def test_an_unwritable_folder_is_named_by_the_output_path_before_any_work(run_cli, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")  # reading it would fail: the output is checked first
    if os.geteuid() != 0:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o500)
    else:  # root writes into any folder with write permission, not into sysfs
        folder = Path("/sys")
        if not folder.is_dir():
            pytest.skip("no folder here that root cannot write")
    assert_one_line_error(
        run_cli("check", empty, "--no-retranslate", "-o", folder / "r.txt"),
        f"--output {folder / 'r.txt'}: folder {folder} is not writable",
    )


def test_baseline_never_writes_over_an_input_article(run_cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE)
    assert_one_line_error(
        run_cli("baseline", corpus, "-o", corpus / "a.txt", "--no-retranslate"), "refusing to write over the input"
    )
    assert (corpus / "a.txt").read_text() == ARTICLE


@pytest.mark.parametrize("value", ["--output=VICTIM", "-p", "--no-index", ""])
def test_changed_only_refuses_what_git_would_read_as_an_option(run_cli, article, tmp_path, value):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    value = value.replace("VICTIM", str(victim))
    assert_one_line_error(
        run_cli("check", article, "--no-retranslate", "--changed-only", value), "not a git revision range"
    )
    assert victim.read_text() == "keep me"


# --- options --------------------------------------------------------------------------------


def test_min_confidence_nan_is_refused(run_cli, article):
    assert_one_line_error(run_cli("check", article, "--min-confidence", "nan"), "'nan' is not a number from 0 to 1")


def test_engine_options_with_no_retranslate_are_refused(run_cli, article, tmp_path):
    supplied = tmp_path / "back.txt"
    supplied.write_text("x\n")
    assert_one_line_error(
        run_cli("check", article, "--no-retranslate", "--retranslations", supplied),
        "--retranslations cannot go with --no-retranslate",
    )


def test_baseline_says_an_unreadable_article_once(run_cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE)
    (corpus / "b.txt").write_text("")
    result = run_cli("baseline", corpus, "-o", tmp_path / "base.json", "--no-retranslate")
    assert_one_line_error(result, "b.txt: is empty")
    assert not (tmp_path / "base.json").exists()


# --- baselines ------------------------------------------------------------------------------


@pytest.fixture
def baseline(run_cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE)
    path = tmp_path / "base.json"
    assert run_cli("baseline", corpus, "-o", path, "--no-retranslate", "-q").exit_code == 0
    return corpus, path


def _edit(path: Path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            lambda d: d["articles"]["a.txt"].update(lines={"1": None}),
            "field articles.a.txt.lines.1: None is not of type 'number'",
        ),
        (
            lambda d: d["articles"]["a.txt"].update(lines=[0.5, 0.9]),
            "field articles.a.txt.lines: [0.5, 0.9] is not of type 'object'",
        ),
        (lambda d: d["articles"]["a.txt"].pop("findings"), "field articles.a.txt: 'findings' is a required property"),
        (lambda d: d.update(articles=[]), "field articles: [] is not of type 'object'"),
        (lambda d: d["articles"]["a.txt"].update(garble="high"), "field articles.a.txt.garble: 'high' is not of type"),
    ],
    ids=["null-line-score", "line-scores-list", "missing-findings", "articles-list", "garble-string"],
)
def test_malformed_baselines_are_named_by_field(run_cli, baseline, change, field):
    corpus, path = baseline
    _edit(path, change)
    assert_one_line_error(
        run_cli("regress", corpus, "--baseline", path, "--no-retranslate"),
        f"--baseline {path}: not a baseline written by `checker baseline`: {field}",
    )


def test_a_baseline_with_nan_is_refused(run_cli, baseline):
    corpus, path = baseline
    path.write_text(path.read_text().replace('"garble": null', '"garble": NaN'))
    assert_one_line_error(
        run_cli("regress", corpus, "--baseline", path, "--no-retranslate"), "NaN is not a JSON number"
    )


def test_a_baseline_matching_no_article_fails(run_cli, baseline):
    corpus, path = baseline
    _edit(path, lambda d: d.update(articles={"other.txt": d["articles"]["a.txt"]}))
    assert_one_line_error(
        run_cli("regress", corpus, "--baseline", path, "--no-retranslate"), "none of its 1 articles is in"
    )


# --- the terminal ---------------------------------------------------------------------------


def test_terminal_report_escapes_the_articles_control_characters(run_cli, tmp_path):
    path = tmp_path / "esc.txt"
    path.write_text(SEED.read_text() + "The forces of kyiv \x1b]0;PWNED\x07 advanced. \x1b[2J\x1b[31mRed in paris.\n")
    result = run_cli("check", path, "--no-retranslate")
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "kyiv \\x1b]0;PWNED\\x07 advanced" in result.stdout


# --- the cache ------------------------------------------------------------------------------


@pytest.fixture
def own_cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "translations.sqlite3"


def test_cache_clear_recreates_a_file_that_is_not_a_cache(run_cli, own_cache):
    own_cache.parent.mkdir()
    own_cache.write_bytes(os.urandom(4096))
    assert_one_line_error(run_cli("cache", "info"), "cannot be used: file is not a database; `checker cache clear`")
    result = run_cli("cache", "clear")
    assert result.exit_code == 0
    assert "deleting it and making an empty one" in result.stderr
    assert run_cli("cache", "info").stdout.splitlines()[1] == "entries: 0"


def test_a_cache_of_another_layout_is_said_in_one_line(run_cli, article, own_cache):
    own_cache.parent.mkdir()
    with sqlite3.connect(own_cache) as db:
        db.execute("CREATE TABLE translations (key BLOB PRIMARY KEY, value TEXT)")
    assert_one_line_error(run_cli("check", article), "its tables are not those of this version of checker")
    assert run_cli("cache", "clear").exit_code == 0


def test_a_cache_with_damaged_pages_is_said_in_one_line(run_cli, own_cache):
    assert run_cli("check", SEED, "-q", "--format", "json").exit_code in (0, 1)
    with sqlite3.connect(own_cache) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(own_cache.read_bytes())
    for page in range(4096, len(data), 4096):
        data[page + 100 : page + 300] = b"\xff" * 200
    own_cache.write_bytes(bytes(data))
    assert_one_line_error(run_cli("check", SEED, "-q"), "database disk image is malformed")


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE translations SET translation = ''",
        "UPDATE translations SET translation = CAST(x'ff00fe' AS TEXT)",
        "UPDATE parses SET doc = x'00ff'",
    ],
    ids=["emptied", "undecodable", "parses"],
)
def test_damaged_cache_entries_are_misses_and_replaced(run_cli, own_cache, damage):
    fresh = json.loads(run_cli("check", SEED, "-q", "--format", "json").stdout)["articles"][0]["garble"]
    with sqlite3.connect(own_cache) as db:
        db.execute(damage)
    again = json.loads(run_cli("check", SEED, "-q", "--format", "json").stdout)["articles"][0]["garble"]
    assert again == fresh  # before the fix: emptied translations moved the score (0.65 -> 0.77)
    with sqlite3.connect(own_cache) as db:
        assert db.execute("SELECT COUNT(*) FROM translations WHERE translation = ''").fetchone()[0] == 0


# --- Ctrl-C -----------------------------------------------------------------------------------


def test_ctrl_c_exits_130_keeps_the_translations_and_leaves_no_output(tmp_path):
    corpus = sorted((ROOT.parent / "shared" / "eval" / "fren_news" / "dev" / "newstest2013").glob("*/online-A.en.txt"))
    if len(corpus) < 5:
        pytest.skip("../shared/eval/fren_news is not beside the repository")
    cache_dir = tmp_path / "cache"
    env = dict(os.environ, CHECKER_CACHE_DIR=str(cache_dir))
    output = tmp_path / "report.json"
    process = checker_process("check", *corpus[:20], "--format", "json", "-o", output, env=env)
    database = cache_dir / "translations.sqlite3"
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.5)
            if database.exists():
                with sqlite3.connect(database, timeout=30) as db:
                    if db.execute("SELECT COUNT(*) FROM translations").fetchone()[0] >= 64:
                        break
        assert process.poll() is None, "the run ended before it could be interrupted"
        process.send_signal(signal.SIGINT)
        interrupted = time.monotonic()
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130
    assert err == "checker: interrupted\n"  # before the fix: a blank line, "aborted" and exit 2
    assert time.monotonic() - interrupted < 30
    assert not output.exists() and not list(tmp_path.glob(".report.json.*"))
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT COUNT(*) FROM translations").fetchone()[0] >= 64


# --- gold files for `eval` ------------------------------------------------------------------

MQM = {"system": "s", "doc": 1, "seg": 1, "rater": "r", "mt": "abcdef", "spans": []}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.jsonl", b"", "is empty; expected a gold file"),
        ("array.jsonl", b"[1, 2]\n", ":1: a JSON array; gold records go one JSON object a line"),
        ("prose.txt", b"just some words\n", ":1: neither a JSONL record nor a WMT23 TSV row"),
        (
            "bom.jsonl",
            b"\xef\xbb\xbf" + json.dumps({**MQM, "mt": None}).encode(),
            ":1: not a mqm record: field mt: None is not of type 'string'",
        ),
        (
            "range.jsonl",
            json.dumps({**MQM, "spans": [{"start": 1, "end": 99, "severity": "major"}]}).encode(),
            ":1: span 1-99 is not within its 6-character text",
        ),
        (
            "reversed.jsonl",
            json.dumps({**MQM, "spans": [{"start": 4, "end": 2, "severity": "major"}]}).encode(),
            ":1: span 4-2 is not within",
        ),
        (
            "float.jsonl",
            json.dumps({**MQM, "spans": [{"start": 1.5, "end": 2, "severity": "major"}]}).encode(),
            "field spans.0.start: 1.5 is not of type 'integer'",
        ),
        (
            "negative.jsonl",
            json.dumps(
                {
                    "id": 1,
                    "perturbation": "p",
                    "perturbed": "abc",
                    "changed": True,
                    "severity": "major",
                    "perturbed_span": [-3, 2],
                }
            ).encode(),
            "not a demetr record: field perturbed_span.0: -3 is less than the minimum of 0",
        ),
        ("text.tsv", b"zh-en\tsys\t1\tsome text\tx\ty\tmajor\n", ":1: span offsets must be integers"),
        (
            "reversed.tsv",
            b"zh-en\tsys\t1\tsome text\t5\t2\tmajor\n",
            ":1: span 5-2: offsets must satisfy 0 <= start <= end",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and "." in value and len(value) < 20 else "",
)
def test_malformed_gold_files_are_named_by_line_and_field(run_cli, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    assert_one_line_error(run_cli("eval", path, "--pair", "zh-en", "--no-retranslate"), message)


def test_a_binary_glossary_is_refused(run_cli, article, tmp_path):
    glossary = tmp_path / "g.tsv"
    glossary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8" * 20)
    assert_one_line_error(
        run_cli("check", article, "--no-retranslate", "--glossary", glossary),
        f"--glossary {glossary}: not UTF-8 text (byte 0x89 at offset 0)",
    )


# --- streaming reports ----------------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["json", "terminal"])
def test_reports_stream_past_an_unreadable_article(run_cli, article, tmp_path, output_format):
    empty = tmp_path / "b.txt"
    empty.write_text("")
    report = tmp_path / "report.out"
    result = run_cli("check", article, empty, "--no-retranslate", "--format", output_format, "-o", report)
    assert_one_line_error(result, "b.txt: is empty")
    written = report.read_text()
    if output_format == "json":
        records = json.loads(written)
        assert [a["path"] for a in records["articles"]] == [str(article)]
        assert records["summary"]["articles"] == 1
        assert records["summary"]["findings"] == len(records["articles"][0]["findings"]) > 0
    else:
        assert f"{article}:1:" in written and "in 1 article" in written


def test_no_readable_article_leaves_the_old_report_whole(run_cli, tmp_path):
    empty = tmp_path / "b.txt"
    empty.write_text("")
    report = tmp_path / "report.json"
    report.write_text("old report")
    assert_one_line_error(run_cli("check", empty, "--no-retranslate", "--format", "json", "-o", report), "is empty")
    assert report.read_text() == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.txt", "report.json"]
