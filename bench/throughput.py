"""Detector throughput on one core: sentences per second on the fren_news test references.

    python bench/throughput.py            # spaCy parsing included, model loading excluded

Pins the process to one CPU and one BLAS thread. Target (issue 3): at least 200 sentences/s.
"""

from __future__ import annotations

import os

# One thread for every numeric library, set before any of them is imported.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[variable] = "1"

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import fren_news_files, pipeline  # noqa: E402
from checker.document import parse_document  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test"], default="test")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the corpus; the median pass is reported")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    nlp, detectors, _ = pipeline()
    texts = [p.read_text(encoding="utf-8") for p in fren_news_files(args.split)]
    # Warm-up: first-call allocations and word-list loading are start-up, not throughput.
    warm = parse_document(texts[0], nlp)
    for detector in detectors:
        list(detector.find(warm))

    passes = sorted((one_pass(texts, nlp, detectors) for _ in range(args.repeat)), key=lambda p: p[0])
    total, parse_seconds, detector_seconds, sentences, words = passes[len(passes) // 2]
    print(f"fren_news {args.split} references: {len(texts)} articles, {sentences} sentences, {words} words, one core")
    print(
        f"throughput: {sentences / total:.0f} sentences/s, {words / total:.0f} words/s (target >= 200 sentences/s); "
        f"median of {args.repeat} passes, range {sentences / passes[-1][0]:.0f}-{sentences / passes[0][0]:.0f} "
        "sentences/s"
    )
    print(f"  spaCy parse      {parse_seconds:6.2f} s  ({sentences / parse_seconds:.0f} sentences/s)")
    for code, seconds in sorted(detector_seconds.items(), key=lambda item: -item[1]):
        print(f"  {code}          {seconds:6.2f} s")


def one_pass(texts, nlp, detectors):
    """(total seconds, parse seconds, seconds per detector, sentences, words) for one pass."""
    parse_seconds, sentences, words = 0.0, 0, 0
    detector_seconds: dict[str, float] = defaultdict(float)
    for text in texts:
        started = time.perf_counter()
        doc = parse_document(text, nlp)
        parse_seconds += time.perf_counter() - started
        sentences += len(doc.sentences)
        words += len(text.split())
        for detector in detectors:
            started = time.perf_counter()
            for _ in detector.find(doc):
                pass
            detector_seconds[detector.code] += time.perf_counter() - started
    return parse_seconds + sum(detector_seconds.values()), parse_seconds, detector_seconds, sentences, words


if __name__ == "__main__":
    main()
