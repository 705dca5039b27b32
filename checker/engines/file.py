"""Re-translations supplied by the user (DeepL, a second engine, a human): no model runs.

Two formats:
- JSONL, one object a line: `id` (the sentence id, as `checker retranslate` writes it) and `back`
  (the re-translation; `translation` or `text` also accepted); an `original` field, when
  present, must match the article's sentence, which catches a file made for another version.
- plain text: one re-translation a line, in the article's sentence order.
Any mismatch is an error naming the first offending line: nothing is guessed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from checker.engines.base import Engine, EngineUnavailable, hash_files

_BACK_KEYS = ("back", "translation", "text")


class FileEngine(Engine):
    """Re-translations read from a file, matched to the article's sentences by id or line."""

    name = "file"
    directions = (("en", "en"),)

    def __init__(self, path: Path):
        self.path = Path(path)
        from checker.errors import InputError
        from checker.files import require_regular_file

        try:
            require_regular_file(self.path, "--retranslations")
            raw = self.path.read_text(encoding="utf-8")
        except InputError as exc:
            raise EngineUnavailable(str(exc)) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise EngineUnavailable(f"--retranslations {self.path}: cannot read: {exc}") from None
        lines = raw.splitlines()
        self.originals: dict[int, str] = {}
        self.jsonl = bool(lines) and lines[0].lstrip().startswith("{")
        self.entries = self._parse_jsonl(lines) if self.jsonl else {i: line for i, line in enumerate(lines)}

    @classmethod
    def availability(cls) -> tuple[bool, str]:
        return True, "re-translations from a file you supply (--retranslations FILE)"

    def signature(self) -> dict:
        return {
            "engine": self.name,
            "model": self.path.name,
            "weights_sha256": hash_files([self.path])[:16],
            "directions": ["en-en"],
            "options": {"format": "jsonl" if self.jsonl else "lines"},
        }

    def translate(
        self, texts: Sequence[str], src: str, tgt: str, progress: Callable[[int], None] | None = None
    ) -> list[str]:
        raise EngineUnavailable("engine 'file' supplies whole articles: it is used through retranslate_article")

    def retranslate_article(self, sentences: Sequence[str]) -> list[str]:
        """The re-translation of each sentence, in order; raises on any misalignment."""
        if not self.jsonl and len(self.entries) != len(sentences):
            raise EngineUnavailable(
                f"--retranslations {self.path}: {len(self.entries)} lines for {len(sentences)} sentences; "
                "a plain-text file needs one line per sentence (see 'checker retranslate' for the ids)"
            )
        missing = [i for i in range(len(sentences)) if i not in self.entries]
        extra = sorted(set(self.entries) - set(range(len(sentences))))
        if missing or extra:
            problem = (
                f"no re-translation for sentence {missing[0]}"
                if missing
                else f"sentence id {extra[0]} is not in the article"
            )
            raise EngineUnavailable(
                f"--retranslations {self.path}: {problem} ({len(sentences)} sentences, ids 0-{len(sentences) - 1})"
            )
        for i, sentence in enumerate(sentences):
            original = self.originals.get(i)
            if original is not None and " ".join(original.split()) != " ".join(sentence.split()):
                raise EngineUnavailable(
                    f"--retranslations {self.path}: sentence {i} is {sentence[:40]!r} in the article "
                    f"but {original[:40]!r} in the file: it was made for another version"
                )
        return [self.entries[i] for i in range(len(sentences))]

    def _parse_jsonl(self, lines: list[str]) -> dict[int, str]:
        entries: dict[int, str] = {}
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                sentence = int(row["id"])
                back = next(row[k] for k in _BACK_KEYS if isinstance(row.get(k), str))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError, StopIteration):
                raise EngineUnavailable(
                    f"--retranslations {self.path}:{number}: expected a JSON object with 'id' and 'back'"
                ) from None
            if sentence in entries:
                raise EngineUnavailable(f"--retranslations {self.path}:{number}: sentence id {sentence} appears twice")
            entries[sentence] = back
            if isinstance(row.get("original"), str):
                self.originals[sentence] = row["original"]
        return entries
