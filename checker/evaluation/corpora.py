"""Gold error spans from the evaluation formats in `../shared/eval`, as segments keyed by id.

Every reader returns `{segment id: GoldSegment}`: the MT text the spans point into and the spans.
- WMT23 QE task 2 TSV (`gold_T2.tsv`, submissions): see `spans.read_wmt23_tsv`.
- MQM JSONL (Google MQM zh-en): one record per (system, segment, rater); spans are trimmed of
  surrounding spaces, severities lower-cased, `critical` counted as `major`.
- Potet JSONL (MT and its post-edit): the MT words the post-editor changed, found by a diff of
  word and punctuation tokens (the post-edit is partly tokenised, so spacing is ignored); words
  the post-editor added are an empty span where they go. Potet has no severities: every span is
  `major`. The post-edit is kept, for the segment's HTER (see `hter`).
- DEMETR JSONL: the perturbed MT with its one injected error (`perturbed_span`); items without
  a change, and the `base` perturbations that replace the whole sentence, have no span.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from checker.evaluation.spans import Span, read_wmt23_tsv

FORMATS = ("wmt23", "mqm", "potet", "demetr")
# Formats whose gold spans carry no severity: scored by overlap alone.
SEVERITY_BLIND = ("potet",)
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class GoldSegment:
    text: str
    spans: list[Span]
    # Extra per-segment facts some formats carry (Potet: "post_edit"; DEMETR: "perturbation").
    facts: dict = field(default_factory=dict)


class CorpusError(ValueError):
    """The file is not in the format it was read as; the message names the file and line."""


def _lines(path: Path) -> list[str]:
    """The file's lines (a regular UTF-8 file; a byte-order mark dropped)."""
    from checker.errors import InputError
    from checker.files import read_input_text

    try:
        return read_input_text(path).splitlines()
    except InputError as error:
        raise CorpusError(str(error)) from None


def detect_format(path: Path) -> str:
    """Guess the format from the first record: a TSV of 7+ columns is WMT23, JSONL keys tell the others apart."""
    lines = _lines(path)
    number, first = next(((n, line) for n, line in enumerate(lines, 1) if line.strip()), (0, ""))
    if not first:
        raise CorpusError(f"{path}: is empty; expected a gold file ({', '.join(FORMATS)})")
    if first.lstrip().startswith("["):
        raise CorpusError(f"{path}:{number}: a JSON array; gold records go one JSON object a line (JSONL)")
    if not first.lstrip().startswith("{"):
        if len(first.split("\t")) >= 7:
            return "wmt23"
        raise CorpusError(f"{path}:{number}: neither a JSONL record nor a WMT23 TSV row (7 tab-separated columns)")
    try:
        record = json.loads(first)
    except json.JSONDecodeError as error:
        raise CorpusError(f"{path}:{number}: not JSON ({error.msg})") from None
    if not isinstance(record, dict):
        raise CorpusError(f"{path}:{number}: not a JSON object")
    keys = record.keys()
    if "post_edit" in keys:
        return "potet"
    if "perturbed" in keys:
        return "demetr"
    if "spans" in keys:
        return "mqm"
    raise CorpusError(f"{path}: unknown JSONL record (keys {', '.join(sorted(keys))})")


def read_gold(path: Path, fmt: str | None = None, pair: str | None = None) -> dict[str, GoldSegment]:
    fmt = fmt or detect_format(path)
    """Segments by id; CorpusError naming the file, line and field of the first bad record."""
    from checker.validation import problem

    fmt = fmt or detect_format(path)
    if fmt == "wmt23":
        if not pair:
            raise CorpusError(f"{path}: a WMT23 TSV holds several language pairs; name one (--pair zh-en)")
        try:
            spans, texts = read_wmt23_tsv(path, pair)
        except ValueError as error:
            raise CorpusError(str(error)) from None
        return {sid: GoldSegment(texts[sid], spans[sid]) for sid in spans}
    readers = {"mqm": _mqm_segment, "potet": _potet_segment, "demetr": _demetr_segment}
    if fmt not in readers:
        raise CorpusError(f"unknown format '{fmt}' (known: {', '.join(FORMATS)})")
    segments = {}
    for number, record in _records(path):
        found = problem(record, f"gold-{fmt}")
        if found:
            raise CorpusError(f"{path}:{number}: not a {fmt} record: {found}")
        try:
            key, segment = readers[fmt](record)
        except CorpusError as error:
            raise CorpusError(f"{path}:{number}: {error}") from None
        for span in segment.spans:
            if not 0 <= span.start <= span.end <= len(segment.text):
                raise CorpusError(
                    f"{path}:{number}: span {span.start}-{span.end} is not within its "
                    f"{len(segment.text)}-character text (start <= end required)"
                )
        segments[key] = segment
    return segments


def _records(path: Path):
    from checker.validation import loads_strict

    for number, line in enumerate(_lines(path), 1):
        if line.strip():
            try:
                yield number, loads_strict(line)
            except ValueError as error:
                raise CorpusError(f"{path}:{number}: not JSON ({getattr(error, 'msg', error)})") from None


def _mqm_segment(record: dict) -> tuple[str, GoldSegment]:
    text = record["mt"]
    spans = []
    for span in record["spans"]:
        start, end = span["start"], span["end"]
        if start > end or end > len(text):
            raise CorpusError(f"span {start}-{end} is not within its {len(text)}-character text")
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        severity = str(span["severity"]).lower()
        spans.append(Span(start, end, "minor" if severity == "minor" else "major"))
    key = "|".join(str(record[k]) for k in ("system", "doc", "seg", "rater"))
    return key, GoldSegment(text, spans)


def _potet_segment(record: dict) -> tuple[str, GoldSegment]:
    text = record["mt"]
    return f"{record['doc']}:{record['seg']}", GoldSegment(
        text, post_edit_spans(text, record["post_edit"]), {"post_edit": record["post_edit"]}
    )


def _demetr_segment(record: dict) -> tuple[str, GoldSegment]:
    text = record["perturbed"]
    spans = []
    if record["changed"] and record["severity"] != "base":
        start, end = record["perturbed_span"]
        spans.append(Span(int(start), int(end), "minor" if record["severity"] == "minor" else "major"))
    return f"{record['id']}:{record['perturbation']}", GoldSegment(
        text, spans, {"perturbation": record["perturbation"]}
    )


def post_edit_spans(mt: str, post_edit: str) -> list[Span]:
    """The MT tokens a post-editor replaced or deleted (merged when adjacent), and insertion points."""
    mt_tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(mt)]
    pe_tokens = _TOKEN.findall(post_edit)
    matcher = difflib.SequenceMatcher(None, [t for _, _, t in mt_tokens], pe_tokens, autojunk=False)
    spans = []
    for operation, i1, i2, _, _ in matcher.get_opcodes():
        if operation == "equal":
            continue
        if i1 < i2:
            spans.append(Span(mt_tokens[i1][0], mt_tokens[i2 - 1][1], "major"))
        else:  # an insertion: an empty span before the next MT token (or at the end)
            at = mt_tokens[i1][0] if i1 < len(mt_tokens) else len(mt.rstrip())
            spans.append(Span(at, at, "major"))
    return spans


def hter(mt: str, post_edit: str) -> float:
    """Human-targeted TER: edits per post-edited word, as a fraction (sacrebleu's TER / 100)."""
    from sacrebleu.metrics import TER

    return TER().sentence_score(" ".join(_TOKEN.findall(mt)), [" ".join(_TOKEN.findall(post_edit))]).score / 100
