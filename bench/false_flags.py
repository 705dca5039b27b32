"""Findings per 1,000 words on human English: the fren_news reference translations.

    python bench/false_flags.py --split test      # report (tune on --split dev only)

Every finding on a human reference counts as a false flag. Targets (issue 3): at most 1.0
finding of severity major or above, and at most 3 of any severity, per 1,000 words.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import fren_news_files, pipeline  # noqa: E402
from checker.findings import Severity  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test"], default="test")
    parser.add_argument("--show", type=int, default=0, help="print this many flagged spans per detector")
    args = parser.parse_args()

    _, _, check = pipeline()
    files = fren_news_files(args.split)
    words = 0
    by_code: Counter = Counter()
    major = 0
    examples: dict[str, list[str]] = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        words += len(text.split())
        for finding in check(text, str(path)).findings:
            by_code[finding.code] += 1
            major += finding.severity >= Severity.MAJOR
            sentence = text[max(0, finding.start - 50) : finding.end + 30].replace("\n", " ")
            examples.setdefault(finding.code, []).append(f"{finding.text!r} in …{sentence}…")
    total = sum(by_code.values())
    print(f"fren_news {args.split} references: {len(files)} articles, {words} words")
    print(
        f"findings per 1,000 words: all {1000 * total / words:.2f} (target <= 3.0), "
        f"major or above {1000 * major / words:.2f} (target <= 1.0)"
    )
    for code, n in sorted(by_code.items()):
        print(f"  {code}  {n:4d}  {1000 * n / words:.2f} per 1,000 words")
        for example in examples[code][: args.show]:
            print(f"      {example}")


if __name__ == "__main__":
    main()
