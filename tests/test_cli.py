"""The command line end to end: exit codes, one-line errors, outputs that never overwrite inputs."""

import json
import os

import pytest

from tests.conftest import SEED


def assert_one_line_error(result, fragment):
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("checker: error: ")
    assert fragment in lines[0]
    assert "Traceback" not in result.stderr


def test_missing_path(run_cli, tmp_path):
    assert_one_line_error(run_cli("check", tmp_path / "nope.txt"), "nope.txt: no such file or directory")


def test_directory_without_articles(run_cli, tmp_path):
    (tmp_path / "data.json").write_text("{}")
    assert_one_line_error(run_cli("check", tmp_path), "directory holds no articles")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "is empty"),
        (b" \n\n\t  \r\n", "contains only whitespace"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00", "looks like a binary file"),
        (
            b"Caf\xe9 \x81\x8d\x8f",
            "cannot decode: not UTF-8 (byte 0xe9 at offset 3) and not cp1252 (byte 0x81 at offset 5)",
        ),
    ],
    ids=["empty", "whitespace", "binary", "undecodable"],
)
def test_bad_files(run_cli, tmp_path, content, fragment):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    assert_one_line_error(run_cli("check", path), fragment)
    assert path.read_bytes() == content


def test_usage_errors_are_one_line(run_cli):
    assert_one_line_error(run_cli("check", "--format", "pdf", SEED), "'pdf' is not one of")
    assert_one_line_error(run_cli("check"), "Missing argument")
    assert_one_line_error(run_cli("frobnicate"), "No such command")


def test_output_never_overwrites_an_input(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The forces of kyiv advanced.")
    before = article.read_bytes()
    assert_one_line_error(run_cli("check", article, "--output", article), "refusing to write over the input file")
    assert article.read_bytes() == before


def test_exit_codes_follow_fail_on(run_cli, tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("The forces of Kyiv advanced on Monday.")
    garbled = tmp_path / "garbled.txt"
    garbled.write_text("The forces of kyiv advanced on Monday.")
    assert run_cli("check", clean).exit_code == 0
    assert run_cli("check", garbled).exit_code == 1
    assert run_cli("check", garbled, "--fail-on", "critical").exit_code == 0


def test_directory_argument_checks_every_article(run_cli, tmp_path):
    (tmp_path / "one.txt").write_text("The forces of kyiv advanced.")
    (tmp_path / "two.md").write_text("# Title\n\nTroops left moscow on Friday.\n")
    result = run_cli("check", tmp_path, "--format", "json")
    records = json.loads(result.stdout)
    assert [a["path"].rsplit("/", 1)[-1] for a in records["articles"]] == ["one.txt", "two.md"]
    assert [f["text"] for a in records["articles"] for f in a["findings"]] == ["kyiv", "moscow"]


def test_one_bad_file_in_a_directory_is_reported_and_the_rest_checked(run_cli, tmp_path):
    (tmp_path / "good.txt").write_text("The forces of kyiv advanced.")
    (tmp_path / "empty.txt").write_text("")
    result = run_cli("check", tmp_path, "--format", "json")
    assert result.exit_code == 2
    assert "empty.txt: is empty" in result.stderr
    assert json.loads(result.stdout)["summary"]["findings"] == 1


def test_terminal_report_shows_position_span_and_suggestion(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Title\nThe army fought the forces of kyiv.\n")
    result = run_cli("check", article)
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{article}:2:31: major GARB002 proper noun in lower case")
    assert lines[1].strip() == "The army fought the forces of kyiv."
    assert lines[2].index("^^^^") == lines[1].index("kyiv")
    assert "suggestion: Kyiv" in lines[3]
    assert "\x1b[" not in result.stdout  # no colour codes when not writing to a terminal
    assert "retranslation: ran: EN→PT→EN through bergamot" in result.stdout
    skipped = run_cli("check", article, "--no-retranslate").stdout
    assert "retranslation: did not run: no re-translation engine was asked for (--no-retranslate)" in skipped


def test_quiet_prints_findings_only(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The forces of kyiv advanced.")
    result = run_cli("check", article, "--quiet")
    assert "signature:" not in result.stdout and "finding" not in result.stdout.split("\n")[-2]
    assert result.stdout.startswith(f"{article}:1:15:")


def test_output_file_gets_the_report(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The forces of kyiv advanced.")
    out = tmp_path / "report.json"
    result = run_cli("check", article, "--format", "json", "--output", out)
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads(out.read_text())["articles"][0]["findings"][0]["text"] == "kyiv"
    assert [p.name for p in tmp_path.iterdir()] and not list(tmp_path.glob(".report.json.*"))
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # not the private mode of a temporary file


def test_extra_proper_noun_list_and_its_validation(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Residents of vovchansk left.")
    names = tmp_path / "names.txt"
    names.write_text("# local names\nVovchansk\n")
    result = run_cli("check", article, "--proper-nouns", names, "--format", "json")
    assert [f["suggestion"] for f in json.loads(result.stdout)["articles"][0]["findings"]] == ["Vovchansk"]
    names.write_text("Vovchansk\nlowercase name\n")
    assert_one_line_error(
        run_cli("check", article, "--proper-nouns", names), f"{names}:2: a proper noun starts with a capital letter"
    )


def test_detectors_command_lists_every_detector(run_cli):
    result = run_cli("detectors", "--format", "json")
    rows = json.loads(result.stdout)
    # Before: the detectors only, not GARB100 nor the bilingual checks (issue 16).
    assert {r["code"] for r in rows} >= {"GARB001", "GARB016", "GARB100", *(f"BIL{n:03d}" for n in range(1, 12))}
    assert all(r["severity"] in ("minor", "major", "critical") and r["description"] for r in rows)
    table = run_cli("detectors").stdout
    assert "GARB001" in table and "break.split-compound" in table


def test_version(run_cli):
    result = run_cli("--version")
    assert result.exit_code == 0 and "checker" in result.stdout


def _stderr_on_a_terminal(args, env):
    """Run checker with stderr on a pseudo-terminal; return what the terminal showed."""
    import os
    import pty
    import subprocess
    import sys

    from tests.conftest import ROOT

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=follower
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    process.wait(timeout=300)
    os.close(leader)
    return shown.decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_for_long_work_and_never_with_quiet(tmp_path):
    import os

    env = dict(os.environ, CHECKER_CACHE_DIR=str(tmp_path / "cache"))
    shown = _stderr_on_a_terminal(["check", str(SEED), "--no-cache"], env)
    assert "re-translating" in shown
    assert _stderr_on_a_terminal(["check", str(SEED), "--no-cache", "--quiet"], env) == ""


def test_an_internal_error_is_one_line_and_exit_2(run_cli, monkeypatch):
    import checker.report.json as json_renderer

    def broken(self, record):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(json_renderer.JsonStream, "article", broken)
    result = run_cli("check", SEED, "--format", "json", "--no-retranslate")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "internal error: RuntimeError: renderer exploded" in result.stderr
    monkeypatch.setenv("CHECKER_DEBUG", "1")
    with pytest.raises(RuntimeError):
        run_cli("check", SEED, "--format", "json", "--no-retranslate")


def test_dash_reads_the_article_from_standard_input(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    def run(*args, data=b"The forces of kyiv advanced.\n"):
        return subprocess.run(
            [sys.executable, "-m", "checker", "check", *args, "--no-retranslate"],
            cwd=ROOT,
            input=data,
            capture_output=True,
        )

    result = run("-", "--format", "json")
    assert result.returncode == 1, result.stderr  # before: "-: no such file or directory"
    (article,) = json.loads(result.stdout)["articles"]
    assert article["path"] == "<stdin>" and [f["text"] for f in article["findings"]] == ["kyiv"]
    assert run("-", "-").stderr.decode() == "checker: error: - (standard input) can be given once\n"
    assert run("-", data=b"").stderr.decode() == "checker: error: <stdin>: is empty; nothing to check\n"


def test_statistics_counts_the_findings_of_each_rule(run_cli, tmp_path):
    records = json.loads(run_cli("check", SEED, "--format", "json", "--no-retranslate").stdout)
    expected = {}
    for finding in records["articles"][0]["findings"]:
        expected[finding["code"]] = expected.get(finding["code"], 0) + 1
    result = run_cli("check", SEED, "--statistics", "--no-retranslate")
    assert result.exit_code == 1  # the exit code still follows --fail-on
    lines = result.stdout.splitlines()
    counts = {line.split()[1]: int(line.split()[0]) for line in lines[:-1]}
    assert counts == expected
    assert [int(line.split()[0]) for line in lines[:-1]] == sorted(counts.values(), reverse=True)
    assert lines[-1].split() == [str(sum(expected.values())), "findings", "in", "1", "article"]
    assert_one_line_error(run_cli("check", SEED, "--statistics", "--format", "json"), "--statistics counts findings")
