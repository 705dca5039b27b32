"""A huge article checked window by window, so memory stays bounded, and reported as one article.

An article longer than WINDOW_CHARS is cut at paragraph breaks (a blank line; else a line break;
else a sentence end; else a space) into windows of about that size. Each window is checked as an
article of its own; its record's offsets, lines, columns and ids are then shifted to the whole
article and the windows' records merged into one. Only one window's parse is held at a time.
Offsets stay exact: `text[start:end] == finding.text` on the whole file. What a window cannot
see: a detector's evidence from another window (a name's casing elsewhere in the article, a
quotation closed in the next paragraph); fingerprints are computed on the whole text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from checker.reading import SourceText

WINDOW_CHARS = 500_000
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BREAKS = (
    re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)"),
    _LINE_BREAK,
    re.compile(r"[.!?…][\"'”’»)\]]*\s+"),
    re.compile(r"\s+"),
)


@dataclass(frozen=True)
class Window:
    """Where a window lies in its article: `start` offset, the `line` (1-based) and `column`
    (0-based) it starts at; `index`, `last`; `whole` is the article's text."""

    start: int
    line: int
    column: int
    index: int
    last: bool
    whole: str


def split(source: SourceText, size: int | None = None) -> list[SourceText]:
    """The article as windows (each a SourceText with `.window`), or [source] when it is small."""
    size = size or WINDOW_CHARS
    text = source.text
    if len(text) <= size or source.is_markdown:  # Markdown's fences span paragraphs: checked whole
        return [source]
    cuts = [0]
    while len(text) - cuts[-1] > size:
        cuts.append(_cut(text, cuts[-1], cuts[-1] + size))
    cuts.append(len(text))
    windows: list[SourceText] = []
    line, line_start = 1, 0
    for index, (start, end) in enumerate(pairwise(cuts)):
        window = Window(start, line, start - line_start, index, end == len(text), text)
        windows.append(_WindowSource(source.path, text[start:end], source.encoding, source.encoding_note, window))
        for match in _LINE_BREAK.finditer(text, start, end):
            line += 1
            line_start = match.end()
    return windows


def _cut(text: str, start: int, limit: int) -> int:
    """The best place to end a window before `limit`: just after a break in its second half."""
    floor = start + (limit - start) // 2
    for pattern in _BREAKS:
        last = None
        for match in pattern.finditer(text, floor, limit):
            last = match
        if last is not None:
            return last.end()
    return limit


@dataclass(frozen=True)
class _WindowSource(SourceText):
    window: Window | None = None


def window_of(source: SourceText) -> Window | None:
    return getattr(source, "window", None)


def merge(pieces: list[tuple[dict, Window, int, float | None]]) -> dict:
    """One article record from its windows' records: (record, window, garble weight, weighted garble)."""
    from checker.report.model import _summary, fingerprint_of

    first = pieces[0][0]
    findings: list[dict] = []
    paragraphs: list[dict] = []
    sentences: list[dict] = []
    retranslation = None
    for record, window, _, _ in pieces:
        finding_base, sentence_base, paragraph_base = len(findings), len(sentences), len(paragraphs)

        def column(line: int, value: int, window=window) -> int:  # the window's first line may start mid-line
            return value + window.column if line == 1 else value

        for finding in record["findings"]:
            findings.append(
                {
                    **finding,
                    "id": finding["id"] + finding_base,
                    "start": finding["start"] + window.start,
                    "end": finding["end"] + window.start,
                    # Its context words are read in the whole article, across the window's edges.
                    "fingerprint": fingerprint_of(
                        finding["code"], finding["start"] + window.start, finding["end"] + window.start, window.whole
                    ),
                    "line": finding["line"] + window.line - 1,
                    "column": column(finding["line"], finding["column"]),
                    "end_line": finding["end_line"] + window.line - 1,
                    "end_column": column(finding["end_line"], finding["end_column"]),
                    "sentences": [i + sentence_base for i in finding["sentences"]],
                }
            )
        paragraphs.extend(
            {**p, "id": p["id"] + paragraph_base, "start": p["start"] + window.start, "end": p["end"] + window.start}
            for p in record["paragraphs"]
        )
        sentences.extend(
            {
                **s,
                "id": s["id"] + sentence_base,
                "start": s["start"] + window.start,
                "end": s["end"] + window.start,
                "paragraph": s["paragraph"] + paragraph_base,
                "line": s["line"] + window.line - 1,
                "findings": [i + finding_base for i in s["findings"]],
            }
            for s in record["sentences"]
        )
        if record["retranslation"] is not None:
            retranslation = retranslation or {**record["retranslation"], "cached": 0, "translated": 0}
            retranslation["cached"] += record["retranslation"]["cached"]
            retranslation["translated"] += record["retranslation"]["translated"]
    weight = sum(w for _, _, w, g in pieces if g is not None)
    scored = [g for _, _, _, g in pieces if g is not None]
    garble = round(sum(scored) / weight, 4) if scored and weight else None
    return {
        **first,
        "characters": len(pieces[0][1].whole),
        "garble": garble,
        "signals": _merged_signals([r["signals"] for r, _, _, _ in pieces], len(pieces)),
        "summary": _summary(findings),
        "findings": findings,
        "paragraphs": paragraphs,
        "retranslation": retranslation,
        "sentences": sentences,
    }


def _merged_signals(per_window: list[list[dict]], windows: int) -> list[dict]:
    """Each signal once: ran if it ran in every window, its distinct details joined."""
    merged = []
    for position, signal in enumerate(per_window[0]):
        same = [signals[position] for signals in per_window if len(signals) > position]
        details = list(dict.fromkeys(s["detail"] for s in same))
        merged.append({**signal, "ran": all(s["ran"] for s in same), "detail": "; ".join(details)})
    merged.append(
        {
            "name": "windows",
            "ran": True,
            "detail": f"checked in {windows} windows of about {WINDOW_CHARS:,} characters, one parse held at a time",
        }
    )
    return merged
