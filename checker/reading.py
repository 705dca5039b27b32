"""Read article files into text without altering a character of it.

Offsets everywhere in checker are code-point offsets into the decoded text. A byte-order mark is
part of the encoding, not of the text, so it is not counted; line endings are kept as they are.
"""

from __future__ import annotations

import codecs
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from checker.errors import InputError
from checker.files import read_input_bytes, require_regular_file

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")

# Checked longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}


@dataclass(frozen=True)
class SourceText:
    """An article as read from disk: its text, and how it was decoded."""

    path: str
    text: str
    encoding: str
    encoding_note: str | None = None

    @property
    def is_markdown(self) -> bool:
        return self.path.lower().endswith((".md", ".markdown"))


def decode_article(data: bytes, path: str = "<bytes>") -> SourceText:
    """Decode bytes as UTF-8 / UTF-16 / UTF-32 with a BOM, UTF-16 without one, else UTF-8 with any
    byte that is not UTF-8 read as cp1252 (noted)."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{path}: starts with a {label} byte-order mark but is not valid {label} ({exc.reason} at "
                    f"byte {exc.start + len(bom)})"
                ) from None
            return _non_empty(SourceText(path, text, label))
    unmarked = _unmarked_utf16(data)
    if unmarked is not None:
        codec, text = unmarked
        return _non_empty(SourceText(path, text, "utf-16", f"no byte-order mark; read as {codec.upper()}"))
    if _looks_binary(data):
        raise InputError(f"{path}: looks like a binary file, not a text article")
    try:
        return _non_empty(SourceText(path, data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError as exc:
        first = exc.start
    # Bytes that are not UTF-8 are read as cp1252, one by one: a UTF-8 file with a stray byte keeps
    # its curly quotes, and a cp1252 file reads as cp1252.
    _STRAY.bytes = []
    text = data.decode("utf-8", errors="checker-cp1252")
    stray, _STRAY.bytes = _STRAY.bytes, []
    holes = [i for i in stray if data[i] not in _CP1252]
    where = f"byte 0x{data[first]:02x} at offset {first}"
    if holes:
        raise InputError(
            f"{path}: cannot decode: not UTF-8 ({where}) and not cp1252 (byte 0x{data[holes[0]]:02x} "
            f"at offset {holes[0]}); save it as UTF-8"
        )
    if sum(byte >= 0x80 for byte in data) > len(stray):
        count = f"{len(stray)} byte{'s' if len(stray) != 1 else ''}"
        note = (
            f"not valid UTF-8 in {count} (first: {where}); {'those' if len(stray) != 1 else 'that'} decoded as cp1252"
        )
        return _non_empty(SourceText(path, text, "utf-8", note))
    return _non_empty(SourceText(path, text, "cp1252", f"not valid UTF-8 ({where}); decoded as cp1252"))


_CP1252 = {
    byte: bytes([byte]).decode("cp1252") for byte in range(0x80, 0x100) if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_STRAY = threading.local()


def _decode_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Read each byte that is not UTF-8 as cp1252 (its five holes as Latin-1), noting where."""
    if not isinstance(error, UnicodeDecodeError):  # registered for decoding only
        raise error
    bad = error.object[error.start : error.end]
    _STRAY.bytes.extend(range(error.start, error.end))
    return "".join(_CP1252.get(byte, chr(byte)) for byte in bad), error.end


codecs.register_error("checker-cp1252", _decode_as_cp1252)


def _unmarked_utf16(data: bytes) -> tuple[str, str] | None:
    """(codec, text) when `data` reads as UTF-16 without a byte-order mark: mostly ASCII text
    has a zero in every other byte, and UTF-8 text has none."""
    head = data[:8192]
    if len(data) % 2 or len(head) < 4:
        return None
    evens, odds = head[0::2], head[1::2]
    for codec, zeros, others in (("utf-16-le", odds, evens), ("utf-16-be", evens, odds)):
        if zeros.count(0) >= 0.4 * len(zeros) and others.count(0) == 0:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            controls = sum(1 for char in text[:4096] if ord(char) in _CONTROL_BYTES)
            return (codec, text) if controls <= 0.05 * max(1, len(text[:4096])) else None
    return None


STDIN = "-"
STDIN_NAME = "<stdin>"


def read_article(path: Path) -> SourceText:
    """Read one article file (`-`: standard input); raise InputError with a one-line reason when it
    cannot be checked."""
    if str(path) == STDIN:
        import sys

        return decode_article(sys.stdin.buffer.read(), STDIN_NAME)
    return decode_article(read_input_bytes(path), str(path))


def collect_articles(paths: list[Path], keep: Callable[[Path], bool] | None = None) -> list[Path]:
    """Expand directories into the articles they hold (sorted; with `keep`, those it accepts: the
    configuration's include/exclude patterns); fail on paths that do not exist. Files given by
    name are always checked. `-` stands for standard input, read when its turn comes."""
    articles: list[Path] = []
    if sum(str(path) == STDIN for path in paths) > 1:
        raise InputError("- (standard input) can be given once")
    for path in paths:
        if str(path) == STDIN:
            articles.append(path)
            continue
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in ARTICLE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and (keep is None or keep(p))
            )
            if not found:
                raise InputError(f"{path}: directory holds no articles ({', '.join(ARTICLE_SUFFIXES)})")
            articles.extend(found)
        else:
            require_regular_file(path)  # a FIFO or a device would hang the run
            articles.append(path)
    return articles


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    return bool(head) and controls / len(head) > 0.05


def _non_empty(source: SourceText) -> SourceText:
    if not source.text.strip():
        what = "is empty" if not source.text else "contains only whitespace"
        raise InputError(f"{source.path}: {what}; nothing to check")
    return source
