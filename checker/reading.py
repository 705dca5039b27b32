"""Read article files into text without altering a character of it.

Offsets everywhere in checker are code-point offsets into the decoded text. A byte-order mark is
part of the encoding, not of the text, so it is not counted; line endings are kept as they are.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from checker.errors import InputError

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
    """Decode bytes as UTF-8 / UTF-16 / UTF-32 with a BOM, else UTF-8, else cp1252 (noted)."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}: starts with a {label} byte-order mark but is not valid {label} ({exc.reason} at byte {exc.start + len(bom)})") from None
            return _non_empty(SourceText(path, text, label))
    if _looks_binary(data):
        raise InputError(f"{path}: looks like a binary file, not a text article")
    try:
        return _non_empty(SourceText(path, data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: cannot decode: not UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}) "
            f"and not cp1252 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8"
        ) from None
    note = f"not valid UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}); decoded as cp1252"
    return _non_empty(SourceText(path, text, "cp1252", note))


def read_article(path: Path) -> SourceText:
    """Read one article file; raise InputError with a one-line reason when it cannot be checked."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    return decode_article(data, str(path))


def collect_articles(paths: list[Path]) -> list[Path]:
    """Expand directories into the articles they hold (sorted); fail on paths that do not exist."""
    articles: list[Path] = []
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise InputError(f"{path}: directory holds no articles ({', '.join(ARTICLE_SUFFIXES)})")
            articles.extend(found)
        else:
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
