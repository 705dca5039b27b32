"""JSON renderer: the records as they are (schema in docs/json-schema.md)."""

from __future__ import annotations

import json


def render(records: dict) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
