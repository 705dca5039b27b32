"""Word lists that editors extend: plain text, one entry a line, validated at load time.

Format: `#` starts a comment, blank lines are ignored, and an entry's fields are separated by
` | `. Every error names the file and the line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from checker.errors import DataFileError


@dataclass(frozen=True)
class Entry:
    path: str
    line: int
    fields: tuple[str, ...]


def bundled(name: str) -> Path:
    """Path of a data file shipped in checker/detectors/data."""
    return Path(str(resources.files("checker.detectors") / "data" / name))


def lowercase_words(name: str, what: str) -> frozenset[str]:
    """A bundled one-column list of lower-case entries (`what` names them in errors)."""
    entries = read_entries(bundled(name), (1,), lambda f: None if f[0].islower() else f"write {what} in lower case")
    return frozenset(e.fields[0] for e in entries)


def read_entries(path: Path, n_fields: tuple[int, ...], validate: Callable[[tuple[str, ...]], str | None]) -> list[Entry]:
    """Parse a word list; `validate` returns an error message for a bad entry, or None."""
    from checker.files import require_regular_file

    try:
        require_regular_file(path)  # a FIFO given as a word list would block the run
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read word list: {exc}") from None
    entries = []
    for number, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        fields = tuple(field.strip() for field in line.split(" | "))
        if len(fields) not in n_fields or not all(fields):
            expected = " or ".join(str(n) for n in n_fields)
            raise DataFileError(f"{path}:{number}: expected {expected} field(s) separated by ' | ', got {raw.strip()!r}")
        problem = validate(fields)
        if problem:
            raise DataFileError(f"{path}:{number}: {problem}: {raw.strip()!r}")
        entries.append(Entry(str(path), number, fields))
    return entries
