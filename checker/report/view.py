"""What the HTML and Markdown templates show, computed from the records and the article text.

Pure: records and text in, plain dicts out. The article is cut into pieces at every finding's
start and end, so overlapping findings need no nesting: each piece lists the findings covering it,
and a finding's pieces, joined, are exactly its text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from itertools import pairwise

SEVERITY_ORDER = ("critical", "major", "minor")
# The severities the rules give by default; critical only comes from a configured severity.
_DEFAULT_SEVERITIES = ("major", "minor")


def rule_notes(findings: list[dict]) -> list[dict]:
    """The explanation of every rule the findings name, in code order (from the rule registry)."""
    from checker.rules import all_rules

    rules = all_rules()
    codes = sorted({f["code"] for f in findings if f["code"] in rules})
    return [
        {"code": code, "name": rules[code].name, "summary": rules[code].summary, "help": rules[code].help}
        for code in codes
    ]


def garble_anchor(garble: float | None, engine: str) -> dict | None:
    """Where an article's garble score falls among the human reference translations of fren_news
    dev, measured with the same engine (bench/garble_scale.py); None when not comparable."""
    import json
    from importlib import resources

    if garble is None:
        return None
    try:
        scale = json.loads(
            resources.files("checker.report").joinpath("data/garble_scale.json").read_text(encoding="utf-8")
        )
    except (FileNotFoundError, ValueError):
        return None
    if scale.get("engine") != engine or not scale.get("references"):
        return None
    references = scale["references"]
    below = sum(1 for r in references if r < garble)
    systems = {name: _median(values) for name, values in scale.get("systems", {}).items() if values}
    return {
        "percentile": round(100 * below / len(references)),
        "references": len(references),
        "reference_median": _median(references),
        "systems": systems,
        "corpus": scale.get("corpus", ""),
    }


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def article_view(record: dict, text: str) -> dict:
    """Paragraphs as highlighted pieces, the findings list, and the summary of one article."""
    findings = record["findings"]
    sentences = record["sentences"]
    garbles: dict[int, list[float]] = defaultdict(list)
    for sentence in sentences:
        if sentence["retranslation"]:
            garbles[sentence["paragraph"]].append(sentence["retranslation"]["garble"])
    paragraphs = []
    for paragraph, inside in zip(
        record["paragraphs"], _findings_by_paragraph(record["paragraphs"], findings), strict=True
    ):
        paragraphs.append(
            {
                "id": paragraph["id"],
                "kind": paragraph["kind"],
                "pieces": _pieces(text, paragraph["start"], paragraph["end"], inside),
                "garble": max(garbles[paragraph["id"]]) if garbles[paragraph["id"]] else None,
            }
        )
    by_id = {s["id"]: s for s in sentences}
    listed = []
    for finding in findings:
        first_sentence = by_id.get(finding["sentences"][0]) if finding["sentences"] else None
        retranslation = first_sentence["retranslation"] if first_sentence else None
        context = finding["context"]
        listed.append(
            {
                **finding,
                "sentence_retranslation": retranslation,
                "before": ("…" if context["clipped_left"] else "") + context["text"][: context["span_start"]],
                "after": context["text"][context["span_end"] :] + ("…" if context["clipped_right"] else ""),
            }
        )
    by_severity = record["summary"]["by_severity"]
    return {
        "path": record["path"],
        "garble": record["garble"],
        "paragraphs": paragraphs,
        "findings": listed,
        # A severity no rule gave here and none may give by default (critical) has no tile.
        "by_severity": {s: n for s, n in by_severity.items() if n or s in _DEFAULT_SEVERITIES},
        "by_category": dict(sorted(record["summary"]["by_category"].items())),
        "categories": sorted({f["category"] for f in findings}),
        "signals": record["signals"],
        "side_by_side": _side_by_side(record, text),
    }


def _side_by_side(record: dict, text: str) -> list[dict] | None:
    """Aligned rows of French source and English sentences, when a source was given."""
    source = record.get("source")
    if not source:
        return None
    english = {s["id"]: text[s["start"] : s["end"]] for s in record["sentences"]}
    french = {s["id"]: s["text"] for s in source["sentences"]}
    # The fluent translation of the source where it ran, else the engine's own.
    translated = {
        s["id"]: (s.get("translations") or {}).get("hybrid") or (s.get("translations") or {}).get("engine")
        for s in source["sentences"]
    }
    return [
        {
            "french": " ".join(french[i] for i in link["source"]),
            "translated": " ".join(t for t in (translated[i] for i in link["source"]) if t) or None,
            "english": " ".join(english[j] for j in link["target"]),
            "lines": sorted({s["line"] for s in record["sentences"] if s["id"] in link["target"]}),
        }
        for link in source["links"]
    ]


def worst_severity(findings: list[dict]) -> str | None:
    present = {f["severity"] for f in findings}
    return next((s for s in SEVERITY_ORDER if s in present), None)


def index_row(record: dict, link: str, name: str) -> dict:
    counts = Counter(f["severity"] for f in record["findings"])
    return {
        "path": record["path"],
        "name": name,
        "link": link,
        "garble": record["garble"],
        "findings": len(record["findings"]),
        **{severity: counts.get(severity, 0) for severity in SEVERITY_ORDER},
    }


def short_names(paths: list[str]) -> list[str]:
    """The articles' paths without the folders they all share (an index of one corpus reads
    `doc1/online-B.en.txt`, not the absolute path of each)."""
    import os

    parts = [p.replace(os.sep, "/").split("/") for p in paths]
    if len(parts) < 2:
        return [p[-1] for p in parts]
    shared = 0
    while all(len(p) > shared + 1 for p in parts) and len({p[shared] for p in parts}) == 1:
        shared += 1
    return ["/".join(p[shared:]) for p in parts]


def _findings_by_paragraph(paragraphs: list[dict], findings: list[dict]) -> list[list[dict]]:
    """The findings overlapping each paragraph, found by bisection: linear in the article, not
    paragraphs x findings."""
    starts = [p["start"] for p in paragraphs]
    grouped: list[list[dict]] = [[] for _ in paragraphs]
    for finding in findings:
        for k in range(max(0, bisect_right(starts, finding["start"]) - 1), len(paragraphs)):
            paragraph = paragraphs[k]
            if paragraph["start"] >= finding["end"]:
                break
            if finding["start"] < paragraph["end"]:
                grouped[k].append(finding)
    return grouped


def _pieces(text: str, start: int, end: int, findings: list[dict]) -> list[dict]:
    """The paragraph cut at every finding boundary: `text`, the covering finding ids, the worst severity."""
    inside = [f for f in findings if f["start"] < end and start < f["end"]]
    cuts = sorted({start, end, *(max(start, min(end, f[k])) for f in inside for k in ("start", "end"))})
    pieces = []
    for a, b in pairwise(cuts):
        covering = [f for f in inside if f["start"] <= a and b <= f["end"]]
        pieces.append(
            {
                "text": text[a:b],
                "findings": [f["id"] for f in covering],
                "first_of": [f["id"] for f in covering if f["start"] == a],
                "severity": worst_severity(covering),
            }
        )
    return pieces
