"""Word lists that editors extend: plain text, one entry a line, validated at load time.

Format: `#` starts a comment, blank lines are ignored, and an entry's fields are separated by
` | `. Every error names the file and the line.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from checker.errors import DataFileError

if TYPE_CHECKING:
    from checker.config import WordLists

# The editors' word lists of the check in progress (a Checker sets them around its work), so that
# the loanword and exonym tables, read by detectors and bilingual checks alike, follow its configuration.
_IN_FORCE: ContextVar[WordLists | None] = ContextVar("checker_word_lists", default=None)


@dataclass(frozen=True)
class Entry:
    path: str
    line: int
    fields: tuple[str, ...]


@functools.cache
def bundled(name: str) -> Path:
    """Path of a data file shipped in checker/detectors/data."""
    return Path(str(resources.files("checker.detectors") / "data" / name))


def lowercase_words(name: str, what: str, files: tuple[Path, ...] | None = None) -> frozenset[str]:
    """A one-column list of lower-case entries, from `files` (default: the bundled `name`); `what`
    names them in errors."""
    entries = [
        entry
        for path in (files if files is not None else (bundled(name),))
        for entry in read_entries(path, (1,), lambda f: None if f[0].islower() else f"write {what} in lower case")
    ]
    return frozenset(e.fields[0] for e in entries)


@contextlib.contextmanager
def in_force(lists: WordLists | None) -> Iterator[None]:
    """Within the block, the word lists of `lists` are the ones `list_files` gives."""
    token = _IN_FORCE.set(lists)
    try:
        yield
    finally:
        _IN_FORCE.reset(token)


def list_files(name: str, bundled_name: str, lists: WordLists | None = None) -> tuple[Path, ...]:
    """The files of word list `name` ('proper-nouns', 'loanwords', 'exonyms'): the bundled one
    unless the configuration replaces it, then the editors' own (from `lists`, else those in force)."""
    lists = lists if lists is not None else _IN_FORCE.get()
    if lists is None:
        return (bundled(bundled_name),)
    extra = getattr(lists, name.replace("-", "_"))
    return (*(() if name in lists.replace else (bundled(bundled_name),)), *extra)


def read_entries(
    path: Path, n_fields: tuple[int, ...], validate: Callable[[tuple[str, ...]], str | None]
) -> list[Entry]:
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
            raise DataFileError(
                f"{path}:{number}: expected {expected} field(s) separated by ' | ', got {raw.strip()!r}"
            )
        problem = validate(fields)
        if problem:
            raise DataFileError(f"{path}:{number}: {problem}: {raw.strip()!r}")
        entries.append(Entry(str(path), number, fields))
    return entries
