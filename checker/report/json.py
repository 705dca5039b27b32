"""JSON renderer: the records as they are (schema in docs/json-schema.md).

`render` writes whole records; `JsonStream` writes the same document one article at a time, so a
run of many articles never holds them all: the summary then comes after the articles (the order of
an object's keys carries no meaning in JSON).
"""

from __future__ import annotations

import json
from typing import TextIO


def render(records: dict) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


_ENCODER = json.JSONEncoder(ensure_ascii=False, indent=2)


class JsonStream:
    """`{header..., "articles": [...], "summary": {...}}` written as the articles come."""

    def __init__(self, header: dict, handle: TextIO):
        self._handle = handle
        opening = json.dumps(header, ensure_ascii=False, indent=2)
        # The header's closing brace is left open for the articles.
        handle.write(opening[: opening.rindex("}")].rstrip() + ',\n  "articles": [')
        self._first = True

    def article(self, record: dict) -> None:
        self._handle.write("\n    " if self._first else ",\n    ")
        # Piece by piece: a huge article's record is never one string.
        for piece in _ENCODER.iterencode(record):
            self._handle.write(piece.replace("\n", "\n    "))
        self._first = False

    def close(self, summary: dict) -> None:
        ending = json.dumps(summary, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        self._handle.write(("]" if self._first else "\n  ]") + ',\n  "summary": ' + ending + "\n}\n")
