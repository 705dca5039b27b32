"""Checking many articles at once (issue 19): worker processes (--jobs) and a real local Ray cluster
(--ray) give exactly the findings of a local run, in input order, for check, baseline, regress and
eval; a bad article is an error line; Ctrl-C stops every worker; no test leaves a process behind."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid

import pytest

from tests.conftest import ROOT, SEED
from tests.support.processes import command_line, descendants, marked

POTET_DEV = ROOT.parent / "shared" / "eval" / "potet_fren" / "dev.jsonl"


def _workers_of(pid: int) -> list[int]:
    """Worker processes and Ray processes below `pid` (not multiprocessing's resource tracker,
    which lives as long as the process that first spawned)."""
    found = []
    for child in descendants(pid):
        line = command_line(child)
        if ("ray" in line.lower() or "multiprocessing" in line) and "resource_tracker" not in line:
            found.append(child)
    return found


def _stop(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _gone(find, seconds: float = 15.0) -> list[int]:
    """What `find()` still lists after up to `seconds` of waiting for it to empty."""
    deadline = time.monotonic() + seconds
    while (left := find()) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


@pytest.fixture(autouse=True)
def no_worker_left_behind():
    """Every worker process and Ray process a test starts is stopped by the time it ends, whatever
    its outcome: one still running is killed here, and fails the test."""
    yield
    left = _gone(lambda: _workers_of(os.getpid()))
    _stop(left)
    assert not left, f"processes left running: {[command_line(pid)[:80] for pid in left]}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    text = SEED.read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n") if p.strip()]
    for n in range(4):  # four different articles, cut from the seed
        (folder / f"a{n}.txt").write_text("\n".join(paragraphs[n : n + 3]) + "\n", encoding="utf-8")
    return folder


def findings(report: dict) -> list:
    return [
        (
            a["path"],
            a["garble"],
            [(f["code"], f["start"], f["end"], f["severity"], f["fingerprint"]) for f in a["findings"]],
        )
        for a in report["articles"]
    ]


def run(run_cli, *args) -> dict:
    result = run_cli("check", *args, "--isolated", "--format", "json", "--quiet")
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_worker_processes_give_the_local_findings_in_order(run_cli, corpus):
    local = run(run_cli, corpus, "--no-retranslate")
    assert findings(run(run_cli, corpus, "--no-retranslate", "--jobs", "2")) == findings(local)
    assert [a["path"].rsplit("/", 1)[-1] for a in local["articles"]] == ["a0.txt", "a1.txt", "a2.txt", "a3.txt"]


def test_worker_processes_with_the_default_engine(run_cli, corpus):
    assert findings(run(run_cli, corpus, "--jobs", "2")) == findings(run(run_cli, corpus))


def test_a_local_ray_cluster_gives_the_local_findings_and_is_stopped(run_cli, corpus):
    ray = pytest.importorskip("ray")
    local = run(run_cli, corpus)
    try:
        on_ray = run(run_cli, corpus, "--ray")
    finally:
        if ray.is_initialized():
            ray.shutdown()
    assert findings(on_ray) == findings(local)
    assert not ray.is_initialized()  # the cluster this run started is gone


def test_an_unreadable_article_is_an_error_line_and_the_others_finish(run_cli, corpus, tmp_path):
    folder = tmp_path / "mixed"
    shutil.copytree(corpus, folder)
    (folder / "a1.txt").write_bytes(b"\x00\x01binary\x00")
    result = run_cli("check", folder, "--isolated", "--no-retranslate", "--format", "json", "--quiet", "--jobs", "2")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "a1.txt" in result.stderr
    names = [a["path"].rsplit("/", 1)[-1] for a in json.loads(result.stdout)["articles"]]
    assert names == ["a0.txt", "a2.txt", "a3.txt"]


def test_standard_input_is_not_sent_to_workers(run_cli):
    result = run_cli("check", "-", "--jobs", "2")
    assert result.exit_code == 2 and "standard input" in result.stderr


def test_rays_own_messages_never_reach_the_report_on_standard_output(run_cli, corpus, monkeypatch):
    # Before: Ray's driver printed "(raylet) A worker died..." on standard output, in the middle of
    # the JSON report of a run whose worker was killed (bench/ray_faults.py found it).
    import sys
    import types

    class Reference:  # an object reference: hashable, its value got by ray.get
        def __init__(self, value):
            self.value = value

    class FakeActor:  # runs each call here, at once
        def __init__(self, config):
            from checker.distributed import _init_worker

            _init_worker(config)
            self.call = types.SimpleNamespace(remote=lambda function, *args: Reference(function(*args)))

        @classmethod
        def remote(cls, config):
            return cls(config)

    def get(result):
        print("(raylet) A worker died or was killed while executing a task")  # as Ray's listener thread does
        return result.value

    fake = types.SimpleNamespace(
        is_initialized=lambda: False,
        init=lambda **kwargs: None,
        shutdown=lambda: None,
        cluster_resources=lambda: {"CPU": 1},
        get=get,
        remote=lambda **options: lambda cls: FakeActor,
        kill=lambda actor: None,
        cancel=lambda reference: None,
        exceptions=types.SimpleNamespace(RayTaskError=type("RayTaskError", (Exception,), {})),
    )
    monkeypatch.setitem(sys.modules, "ray", fake)
    result = run_cli("check", corpus, "--isolated", "--no-retranslate", "--format", "json", "--quiet", "--ray")
    assert result.exit_code in (0, 1)
    assert len(json.loads(result.stdout)["articles"]) == 4  # the report is JSON, whole
    assert "(raylet) A worker died" in result.stderr


def test_a_worker_elsewhere_reads_the_bytes_the_driver_sent_under_the_articles_name(corpus, monkeypatch):
    # A Ray worker on another machine gets the article's bytes, not a path it could open.
    from checker import distributed
    from checker.config import Config

    monkeypatch.setattr(distributed, "_worker_checker", None)  # restored after: this process is no worker
    monkeypatch.setattr(distributed, "_worker_config", None)
    distributed._init_worker(Config(retranslate=False))
    name = "elsewhere/a0.txt"  # no such file here
    record, text = distributed._check_article(name, None, (corpus / "a0.txt").read_bytes())
    assert record is not None and record["path"] == name and text == (corpus / "a0.txt").read_text(encoding="utf-8")
    assert distributed._check_article(name, None, b"\x00\x01binary\x00") == (
        None,
        f"{name}: looks like a binary file, not a text article",
    )


def test_ray_not_installed_says_how_to_install_it(run_cli, corpus, monkeypatch):
    import sys as system

    monkeypatch.setitem(system.modules, "ray", None)  # import ray fails as without the extra
    result = run_cli("check", corpus, "--isolated", "--no-retranslate", "--ray")
    assert result.exit_code == 2
    assert result.stderr == "checker: error: --ray needs Ray: pip install 'checker[ray]'\n"


def test_baseline_and_regress_on_workers_equal_a_local_run(run_cli, corpus, tmp_path):
    local, on_workers = tmp_path / "local.json", tmp_path / "workers.json"
    for target, extra in ((local, ()), (on_workers, ("--jobs", "2"))):
        result = run_cli("baseline", corpus, "-o", target, "--isolated", "--quiet", *extra)
        assert result.exit_code == 0, result.stderr
    assert json.loads(on_workers.read_text(encoding="utf-8")) == json.loads(local.read_text(encoding="utf-8"))
    assert len(json.loads(local.read_text(encoding="utf-8"))["articles"]) == 4

    changed = tmp_path / "changed"
    shutil.copytree(corpus, changed)
    path = changed / "a2.txt"
    path.write_text(path.read_text(encoding="utf-8") + "The forces of kyiv advanced.\n", encoding="utf-8")
    compared = [
        run_cli("regress", "--old", corpus, "--new", changed, "--isolated", "--quiet", "--format", "json", *extra)
        for extra in ((), ("--jobs", "2"))
    ]
    assert [r.exit_code for r in compared] == [compared[0].exit_code] * 2, compared[1].stderr
    assert json.loads(compared[1].stdout) == json.loads(compared[0].stdout)
    assert json.loads(compared[0].stdout)["articles"]  # the lowercased name is a new finding


def test_a_cluster_started_by_the_test_checks_and_regresses_as_a_local_run(run_cli, corpus, tmp_path):
    ray = pytest.importorskip("ray")
    baseline = tmp_path / "baseline.json"
    assert run_cli("baseline", corpus, "-o", baseline, "--isolated", "--quiet").exit_code == 0
    local_check = run(run_cli, corpus, "--no-retranslate")
    local_regress = run_cli("regress", corpus, "--baseline", baseline, "--isolated", "--quiet", "--format", "json")
    ray.init(num_cpus=2, include_dashboard=False)  # joined by --ray, and left running by it
    try:
        check_on_ray = run(run_cli, corpus, "--no-retranslate", "--ray")
        regress_on_ray = run_cli(
            "regress", corpus, "--baseline", baseline, "--isolated", "--quiet", "--format", "json", "--ray"
        )
        assert ray.is_initialized()
    finally:
        ray.shutdown()
    assert findings(check_on_ray) == findings(local_check)
    assert regress_on_ray.exit_code == local_regress.exit_code == 0, regress_on_ray.stderr
    assert json.loads(regress_on_ray.stdout) == json.loads(local_regress.stdout)


def test_eval_on_workers_scores_as_a_local_run(run_cli):
    # 40 segments: two pieces of work, each re-translated in its own batch by the default engine.
    local, on_workers = (
        run_cli("eval", POTET_DEV, "--limit", "40", "--quiet", *extra) for extra in ((), ("--jobs", "2"))
    )
    assert on_workers.exit_code == local.exit_code == 0, on_workers.stderr
    assert on_workers.stdout == local.stdout
    assert "checker (bergamot + detectors)" in local.stdout


@pytest.mark.parametrize("spread", [["--jobs", "2"], ["--ray"]], ids=["processes", "ray"])
def test_ctrl_c_stops_the_run_and_every_worker(spread, tmp_path):
    if spread == ["--ray"]:
        pytest.importorskip("ray")
    text = SEED.read_text(encoding="utf-8")
    corpus = tmp_path / "many"
    corpus.mkdir()
    for n in range(40):
        (corpus / f"a{n:02d}.txt").write_text(text[: 2000 + 50 * n], encoding="utf-8")
    marker = uuid.uuid4().hex  # inherited by every process the run starts, Ray's too
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", "check", str(corpus), "--isolated", "--no-retranslate", *spread],
        cwd=ROOT,
        env=dict(os.environ, CHECKER_TEST_MARK=marker),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a command in a terminal
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline(), "the workers reported a first article"
        assert len(marked(marker)) >= 3  # the driver and its workers are running
        os.killpg(process.pid, signal.SIGINT)  # a terminal's Ctrl-C goes to the whole group
        _, err = process.communicate(timeout=60)
        assert process.returncode == 130
        assert err.decode() == "checker: interrupted\n"  # no worker's traceback
        assert _gone(lambda: marked(marker)) == []
    finally:
        process.kill()
        _stop(marked(marker))
