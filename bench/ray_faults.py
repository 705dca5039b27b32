"""A node's workers killed mid-run: `checker check --ray` still reports every article once, equal to
a local run (issue 19).

Starts two Ray nodes on this machine (`ray start --head` and `ray start --address=127.0.0.1:PORT`,
one CPU each, so one checker actor on each), checks 60 fren_news dev MT files (rbmt-1 and
online-B; a systems test, no quality measured) locally and then on the cluster; once the cluster
run has checked some articles, every checker worker process of the second node is killed with
SIGKILL. The run must finish with the 60 articles, each once, with the local run's findings.
Both nodes are stopped at the end, whatever happens.

    python bench/ray_faults.py [--articles 60] [--kill-after 20]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CHECKER, ROOT, eval_dir  # noqa: E402
from tests.support.processes import command_line, descendants  # noqa: E402

RAY = str(Path(sys.executable).with_name("ray"))


def raylets() -> list[int]:
    return sorted(
        int(p.name)
        for p in Path("/proc").iterdir()
        if p.name.isdigit() and "/raylet/raylet " in command_line(int(p.name))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--kill-after", type=float, default=20.0, help="seconds into the cluster run")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="ray-faults-"))
    corpus = work / "corpus"
    corpus.mkdir()
    folders = sorted(p for p in (eval_dir() / "fren_news" / "dev" / "newstest2013").iterdir() if p.is_dir())
    for system in ("rbmt-1", "online-B"):
        for folder in folders:
            if len(list(corpus.iterdir())) < args.articles:
                shutil.copy(folder / f"{system}.en.txt", corpus / f"{folder.name}.{system}.txt")
    env = dict(os.environ, RAY_AUTH_MODE="disabled", CHECKER_CACHE_DIR=str(work / "cache"))
    port = 6400 + os.getpid() % 500
    local = subprocess.run(
        [*CHECKER, "check", str(corpus), "--isolated", "--quiet", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    expected = json.loads(local.stdout)
    before = set(raylets())
    try:
        subprocess.run(
            [
                RAY,
                "start",
                "--head",
                f"--port={port}",
                "--num-cpus=1",
                "--include-dashboard=false",
                "--disable-usage-stats",
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        head = set(raylets()) - before
        subprocess.run(
            [RAY, "start", f"--address=127.0.0.1:{port}", "--num-cpus=1", "--disable-usage-stats"],
            env=env,
            check=True,
            capture_output=True,
        )
        second = sorted(set(raylets()) - before - head)
        if not second:
            raise SystemExit("the second Ray node did not start")
        started = time.perf_counter()
        run = subprocess.Popen(
            [
                *CHECKER,
                "check",
                str(corpus),
                "--isolated",
                "--quiet",
                "--format",
                "json",
                "--ray",
                f"127.0.0.1:{port}",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        time.sleep(args.kill_after)
        killed = [pid for raylet in second for pid in descendants(raylet) if "CheckerActor" in command_line(pid)]
        for pid in killed:
            os.kill(pid, signal.SIGKILL)
        out, err = run.communicate(timeout=3600)
        seconds = time.perf_counter() - started
    finally:
        subprocess.run([RAY, "stop", "--force"], env=env, capture_output=True)
    try:
        report = json.loads(out) if out.strip() else {"articles": []}
    except ValueError as exc:  # something else wrote on the report's stream
        (Path(tempfile.gettempdir()) / "ray-faults-stdout.txt").write_text(out)
        raise SystemExit(f"the cluster run's report is not JSON ({exc}); stderr: {err.strip()[-800:]}") from None
    names = [Path(a["path"]).name for a in report["articles"]]

    def findings(records):
        return {
            Path(a["path"]).name: [(f["code"], f["start"], f["end"], f["fingerprint"]) for f in a["findings"]]
            for a in records["articles"]
        }

    print(
        f"{len(expected['articles'])} articles checked locally; on two Ray nodes: {len(names)} reported "
        f"({len(set(names))} distinct) in {seconds:.0f} s, exit {run.returncode}; "
        f"{len(killed)} worker process(es) of the second node killed with SIGKILL at {args.kill_after:.0f} s"
    )
    print(f"findings equal to the local run: {findings(report) == findings(expected)}")
    if err.strip():
        print("stderr:", err.strip()[-500:])
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
