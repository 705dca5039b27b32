"""Checking many articles at once (issue 19): worker processes (--jobs) and a real local Ray cluster
(--ray) give exactly the findings of a local run, in input order; a bad article is an error line."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import SEED


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

    class FakeActor:
        def __init__(self, config):
            from checker.distributed import _init_worker

            _init_worker(config)

        @classmethod
        def remote(cls, config):
            actor = cls(config)
            actor.check = types.SimpleNamespace(remote=lambda *args: actor._check(*args))
            return actor

        def _check(self, path, french, contents):
            from checker.distributed import _check_one

            return _check_one(path, french)

    def get(result):
        print("(raylet) A worker died or was killed while executing a task")  # as Ray's listener thread does
        return result

    fake = types.SimpleNamespace(
        is_initialized=lambda: False,
        init=lambda **kwargs: None,
        shutdown=lambda: None,
        cluster_resources=lambda: {"CPU": 1},
        get=get,
        remote=lambda **options: lambda cls: FakeActor,
    )
    monkeypatch.setitem(sys.modules, "ray", fake)
    result = run_cli("check", corpus, "--isolated", "--no-retranslate", "--format", "json", "--quiet", "--ray")
    assert result.exit_code in (0, 1)
    assert len(json.loads(result.stdout)["articles"]) == 4  # the report is JSON, whole
    assert "(raylet) A worker died" in result.stderr
