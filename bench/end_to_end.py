"""`checker check` end to end on the fren_news test references: sentences per second and peak memory.

    python bench/end_to_end.py            # about 3 minutes

One process, as a user runs it: the default engine, a cold (empty, temporary) cache of
translations and parses, every one of the 176 reference articles on one command line, the JSON
report written to a temporary file. Model loading is included. Peak memory is the child's maximum
resident set size. Targets (issue 5): at least 20 sentences/s, under 2 GB.

This shared machine's speed drifts by more than 10% within an hour, so the same run also times
the bare engine (the Bergamot round trip of a sample of the same sentences on all cores, no
cache, no checking) and reports checker's speed as a share of it: the part checker controls.
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

from bench.common import CHECKER, eval_dir  # noqa: E402

BARE_SAMPLE_SENTENCES = 400


def bare_round_trip_speed(articles: list[Path]) -> float:
    """Sentences/s of the default engine's round trip alone, on the first sentences of the articles."""
    from checker.engines import load_engine

    lines = [line for article in articles for line in article.read_text(encoding="utf-8").splitlines() if line.strip()]
    sample = lines[:BARE_SAMPLE_SENTENCES]
    engine = load_engine("bergamot")
    engine.round_trip(sample[:4], "en", "pt")  # models loaded outside the timing
    started = time.perf_counter()
    engine.round_trip(sample, "en", "pt")
    return len(sample) / (time.perf_counter() - started)


def main() -> None:
    articles = sorted((eval_dir() / "fren_news" / "test" / "newstest2014").glob("*/ref.en.txt"))
    bare_before = bare_round_trip_speed(articles)
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        environment = {**os.environ, "CHECKER_CACHE_DIR": str(Path(scratch) / "cache")}
        command = [
            *CHECKER,
            "check",
            "--quiet",
            "--format",
            "json",
            "-o",
            str(report),
            *map(str, articles),
        ]
        started = time.perf_counter()
        completed = subprocess.run(command, env=environment, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if completed.returncode not in (0, 1):
            raise SystemExit(f"checker check failed ({completed.returncode}): {completed.stderr.strip()}")
        records = json.loads(report.read_text(encoding="utf-8"))
    peak_gib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2  # ru_maxrss is in KiB on Linux
    bare = (bare_before + bare_round_trip_speed(articles)) / 2
    sentences = sum(len(a["sentences"]) for a in records["articles"])
    characters = sum(a["characters"] for a in records["articles"])
    print(f"machine: {os.cpu_count()} cores")
    print(f"{len(articles)} articles, {sentences} sentences ({characters} characters), default engine, cold cache")
    print(f"wall time {seconds:.1f} s (models loaded included) = {sentences / seconds:.1f} sentences/s (target >= 20)")
    print(f"peak memory {peak_gib:.2f} GiB (target < 2 GB)")
    print(
        f"bare engine round trip, {BARE_SAMPLE_SENTENCES} of the sentences, before and after: {bare:.1f} sentences/s; "
        f"checker end to end runs at {sentences / seconds / bare:.2f} of it"
    )
    findings = records["summary"]["findings"]
    print(f"{findings} findings, {records['summary']['by_severity']}")


if __name__ == "__main__":
    main()
