"""Accepted findings: a file of fingerprints an editor has looked at and let stand.

`checker check --accept` writes the run's findings to it (`.checker-accepted.json` beside the
configuration file by default, `accepted = "..."` in the configuration to move it); later runs
hide the findings it lists and say which of them no longer occur. The HTML report exports the
same file from the findings an editor dismisses in the page. Articles are named relative to the
file's folder, so the file travels with the repository. Schema: `checker/schemas/accepted.schema.json`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from checker.errors import InputError

ACCEPTED_VERSION = 1


@dataclass(frozen=True)
class Accepted:
    path: str
    fingerprint: str
    code: str = ""
    text: str = ""
    line: int | None = None


class AcceptedFindings:
    """The accepted findings of one file, and which of them this run met."""

    def __init__(self, file: Path, entries: list[Accepted]):
        self.file = file
        self.entries = entries
        self._keys = {(e.path, e.fingerprint) for e in entries}
        self._met: set[tuple[str, str]] = set()
        self._checked: set[str] = set()

    @classmethod
    def read(cls, file: Path) -> AcceptedFindings:
        """The file's accepted findings; none when it does not exist. A file that is not one is an InputError."""
        from checker.validation import loads_strict, problem

        if not file.exists():
            return cls(file, [])
        from checker.files import read_input_text

        try:
            data = loads_strict(read_input_text(file, "accepted findings"))
        except ValueError as exc:
            raise InputError(f"{file}: accepted findings file is not JSON ({exc})") from None
        found = problem(data, "accepted")
        if found:
            raise InputError(f"{file}: not an accepted-findings file: {found}")
        return cls(
            file,
            [
                Accepted(e["path"], e["fingerprint"], e.get("code", ""), e.get("text", ""), e.get("line"))
                for e in data["findings"]
            ],
        )

    def name(self, article_path: str) -> str:
        """An article's name in the file: relative to the file's folder (as given, for standard input)."""
        if article_path.startswith("<"):
            return article_path
        return Path(os.path.relpath(Path(article_path).absolute(), self.file.parent.absolute())).as_posix()

    def covers(self, article_path: str, fingerprint: str) -> bool:
        return (self.name(article_path), fingerprint) in self._keys

    def seen(self, article_path: str, hidden: list[dict]) -> None:
        """Note that the article was checked and which accepted findings it still has."""
        name = self.name(article_path)
        self._checked.add(name)
        self._met.update((name, f["fingerprint"]) for f in hidden)

    def stale(self) -> list[Accepted]:
        """Accepted findings of the articles checked that no longer occur."""
        return [e for e in self.entries if e.path in self._checked and (e.path, e.fingerprint) not in self._met]

    def write(self, records: list[dict]) -> int:
        """Rewrite the file with the findings of `records` (the visible ones and the accepted ones
        still met) for the articles checked, keeping the entries of articles not checked; how
        many findings it holds."""
        from checker.files import write_atomically

        kept = [e for e in self.entries if e.path not in self._checked or (e.path, e.fingerprint) in self._met]
        keys = {(e.path, e.fingerprint) for e in kept}
        for record in records:
            name = self.name(record["path"])
            for finding in record["findings"]:
                if (name, finding["fingerprint"]) not in keys:
                    keys.add((name, finding["fingerprint"]))
                    kept.append(
                        Accepted(name, finding["fingerprint"], finding["code"], finding["text"], finding["line"])
                    )
        kept.sort(key=lambda e: (e.path, e.line or 0, e.code, e.fingerprint))
        document = {
            "accepted_version": ACCEPTED_VERSION,
            "findings": [{k: v for k, v in vars(e).items() if v is not None} for e in kept],
        }
        write_atomically(self.file, json.dumps(document, ensure_ascii=False, indent=1) + "\n")
        return len(kept)
