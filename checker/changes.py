"""Which lines a git revision range changed, for reporting only the findings on them."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from checker.errors import InputError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def require_revision_range(rev_range: str) -> None:
    """Refuse what git would not read as a revision range.

    It is passed to git before `--`: a value starting with '-' would be read as an option
    (`--output=FILE` makes git write that file), and no revision starts with one.
    """
    if not rev_range.strip() or rev_range.startswith("-") or any(c in rev_range for c in "\0\n"):
        raise InputError(f"--changed-only {rev_range!r}: not a git revision range (e.g. origin/main...HEAD)")


def changed_lines(rev_range: str, paths: list[Path]) -> dict[Path, set[int]]:
    """Lines added or changed in `rev_range` (`git diff --unified=0`), by resolved file path."""
    require_revision_range(rev_range)
    if not paths:
        return {}
    folder = paths[0].resolve().parent
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True, check=True
        )
        diff = subprocess.run(
            [
                "git",
                "diff",
                "--unified=0",
                "--no-color",
                "--no-ext-diff",
                "--no-renames",
                rev_range,
                "--",
                *[str(p.resolve()) for p in paths],
            ],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        )
    except FileNotFoundError:
        raise InputError("--changed-only needs git, which is not installed") from None
    except subprocess.CalledProcessError as error:
        reason = (error.stderr.strip().splitlines() or ["git failed"])[-1]
        raise InputError(f"--changed-only {rev_range}: {reason}") from None
    root = Path(top.stdout.strip())
    changed: dict[Path, set[int]] = {}
    current: set[int] | None = None
    for line in diff.stdout.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else changed.setdefault((root / name[2:]).resolve(), set())
        elif current is not None and (match := _HUNK.match(line)):
            start, count = int(match.group(1)), int(match.group(2) or 1)
            current.update(range(start, start + count))
    return changed
