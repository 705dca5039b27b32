"""`checker check` end to end on the fren_news test references: sentences per second and peak memory.

    python bench/end_to_end.py            # about 3 minutes

One process, as a user runs it: the default engine, a cold (empty, temporary) cache of
translations and parses, every one of the 176 reference articles on one command line, the JSON
report written to a temporary file. Model loading is included. Peak memory is the child's maximum
resident set size. Targets (issue 5): at least 20 sentences/s, under 2 GB.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import eval_dir  # noqa: E402


def main() -> None:
    articles = sorted((eval_dir() / "fren_news" / "test" / "newstest2014").glob("*/ref.en.txt"))
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        environment = {**os.environ, "CHECKER_CACHE_DIR": str(Path(scratch) / "cache")}
        command = [sys.executable, "-m", "checker", "check", "--quiet", "--format", "json", "-o", str(report),
                   *map(str, articles)]
        started = time.perf_counter()
        completed = subprocess.run(command, env=environment, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if completed.returncode not in (0, 1):
            raise SystemExit(f"checker check failed ({completed.returncode}): {completed.stderr.strip()}")
        records = json.loads(report.read_text(encoding="utf-8"))
    peak_gib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 ** 2  # ru_maxrss is in KiB on Linux
    sentences = sum(len(a["sentences"]) for a in records["articles"])
    characters = sum(a["characters"] for a in records["articles"])
    print(f"machine: {os.cpu_count()} cores")
    print(f"{len(articles)} articles, {sentences} sentences ({characters} characters), default engine, cold cache")
    print(f"wall time {seconds:.1f} s (models loaded included) = {sentences / seconds:.1f} sentences/s (target >= 20)")
    print(f"peak memory {peak_gib:.2f} GiB (target < 2 GB)")
    findings = records["summary"]["findings"]
    print(f"{findings} findings, {records['summary']['by_severity']}")


if __name__ == "__main__":
    main()
