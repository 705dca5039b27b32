"""`checker regress --old --new` on two real MT systems of the fren_news test articles, both ways.

    python bench/regress_fren_news.py [--old rbmt1.0] [--new onlineB.0]

Each system's 176 articles are linked into a folder of their own (`<doc>.txt`), so the two
folders match by file name, and `checker regress --old OLD --new NEW` runs as a user runs it, then
with the folders swapped. Target (issue 7): rbmt1 -> onlineB a significant improvement (p < 0.05),
the reverse a significant regression with exit code 1.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CHECKER, eval_dir  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", default="rbmt1.0")
    parser.add_argument("--new", default="onlineB.0")
    args = parser.parse_args()
    corpus = eval_dir() / "fren_news" / "test" / "newstest2014"
    with tempfile.TemporaryDirectory() as scratch:
        folders = {}
        for system in (args.old, args.new):
            folder = Path(scratch) / system
            folder.mkdir()
            for article in sorted(corpus.glob(f"*/{system}.en.txt")):
                (folder / f"{article.parent.name}.txt").symlink_to(article)
            folders[system] = folder
        for old, new in ((args.old, args.new), (args.new, args.old)):
            started = time.perf_counter()
            completed = subprocess.run(
                [
                    *CHECKER,
                    "regress",
                    "--quiet",
                    "--old",
                    str(folders[old]),
                    "--new",
                    str(folders[new]),
                ],
                capture_output=True,
                text=True,
            )
            summary = [
                line for line in completed.stdout.splitlines() if "articles compared" in line or "quality" in line
            ]
            print(f"{old} -> {new}: exit {completed.returncode} ({time.perf_counter() - started:.0f} s)")
            for line in summary:
                print("   ", line)
            if completed.returncode == 2:
                print("   ", completed.stderr.strip())


if __name__ == "__main__":
    main()
