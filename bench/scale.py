"""Throughput with 1 and 2 workers in one run, and the capacity it implies (issue 19): `checker
check --jobs 1` and `--jobs 2` (and `--ray` with a local cluster of 2 CPUs, when Ray is
installed), detectors only and with the default engine, on fren_news **test** MT files (a speed
measurement: no quality number is read).

Each default-engine run starts from an empty translation cache, so translation is measured. On
a 2-core machine expect less than 2x from 2 workers: the engine already uses both cores in one
process, so a second worker mostly overlaps parsing and comparison with translation.

    python bench/scale.py [--articles 16] [--write]
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CHECKER, ROOT, eval_dir, write_block  # noqa: E402

BEGIN, END = "<!-- scale:begin -->", "<!-- scale:end -->"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=16)
    parser.add_argument("--write", action="store_true", help="record the numbers in docs/scale.md")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="scale-"))
    corpus = work / "corpus"
    corpus.mkdir()
    folders = sorted(p for p in (eval_dir() / "fren_news" / "test" / "newstest2014").iterdir() if p.is_dir())
    for folder in folders[: args.articles]:
        shutil.copy(folder / "onlineB.0.en.txt", corpus / f"{folder.name}.txt")
    sentences = sum(
        len([line for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]) for p in corpus.iterdir()
    )
    ways = [("1 process", ["--jobs", "1"]), ("2 processes", ["--jobs", "2"])]
    if importlib.util.find_spec("ray") is not None:
        ways.append(("Ray, 2 CPUs", ["--ray"]))
    rows = []
    engine_rates = []  # lines/s of the default-engine runs
    try:
        for mode, extra in (("detectors", ["--no-retranslate"]), ("default engine", [])):
            base = None
            for name, options in ways:
                cache = work / f"cache-{len(rows)}"
                env = dict(os.environ, CHECKER_CACHE_DIR=str(cache), RAY_AUTH_MODE="disabled")
                started = time.perf_counter()
                done = subprocess.run(
                    [
                        *CHECKER,
                        "check",
                        str(corpus),
                        "--isolated",
                        "--quiet",
                        "--format",
                        "json",
                        "-o",
                        str(work / "out.json"),
                        *extra,
                        *options,
                    ],
                    env=env,
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                )
                seconds = time.perf_counter() - started
                if done.returncode not in (0, 1):
                    raise SystemExit(f"{mode}, {name}: exit {done.returncode}: {done.stderr.strip()[-300:]}")
                base = base or seconds
                if mode == "default engine":
                    engine_rates.append(sentences / seconds)
                rows.append(
                    f"| {mode} | {name} | {seconds:.1f} s | {sentences / seconds:.1f} | {base / seconds:.2f}x |"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    # Capacity from the best measured default-engine rate (start-up included, so conservative for
    # long runs), per core of this machine, at this corpus's mean article length.
    cores = os.cpu_count() or 1
    per_core = max(engine_rates) / cores
    lines_per_article = sentences / args.articles
    articles_per_core_day = per_core * 86400 / lines_per_article
    capacity = [
        f"| {day:,} | {day * lines_per_article / 86400:.1f} | {math.ceil(day / articles_per_core_day)} |"
        for day in (10_000, 100_000, 1_000_000)
    ]
    table = "\n".join(
        [
            f"`python bench/scale.py` on {time.strftime('%Y-%m-%d')}: {args.articles} fren_news test onlineB files "
            f"({sentences} lines), {os.cpu_count()} cores, empty translation cache for each engine run; "
            "wall time includes each process's start-up and model loading.",
            "",
            "| checks | workers | wall time | lines/s | speed-up |",
            "|---|---|---|---|---|",
            *rows,
            "",
            f"Capacity from the best default-engine rate above: {per_core:.1f} lines/s per core "
            f"({max(engine_rates):.1f} on {cores} cores, start-up included), {lines_per_article:.0f} lines an "
            f"article (this corpus's mean): {articles_per_core_day:,.0f} articles a core a day, translation "
            "cache empty. Cores are counted as whole machines like this one add them (a worker per engine); "
            "a warm cache (re-checks) needs fewer.",
            "",
            "| articles a day | lines a second | cores |",
            "|---|---|---|",
            *capacity,
        ]
    )
    print(table)
    if args.write:
        write_block(ROOT / "docs" / "scale.md", BEGIN, END, "## Measured scaling (bench/scale.py)", table)


if __name__ == "__main__":
    main()
