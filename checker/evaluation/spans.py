"""Character-level span scoring with severity credit, as used for WMT23 QE task 2.

Over all gold segments of a language pair: a span's length is max(1, end - start); the overlap
of two spans is the number of characters they share (1 when either is empty and they touch);
matched = sum over gold spans, over system spans in the same segment, of overlap x credit, where
credit is 1.0 for the same severity and 0.5 otherwise (minor<->major); precision = matched / total
system span length, recall = matched / total gold span length. Spans with negative offsets
(`-1 -1 no-error`) are no spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

SAME_SEVERITY_CREDIT = 1.0
OTHER_SEVERITY_CREDIT = 0.5


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    severity: str = "major"

    @property
    def length(self) -> int:
        return max(1, self.end - self.start)


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float

    @classmethod
    def from_counts(cls, matched: float, predicted: float, gold: float) -> Scores:
        precision = matched / predicted if predicted else 0.0
        recall = matched / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f1)


def one_severity(spans: Mapping[str, list[Span]]) -> dict[str, list[Span]]:
    """The same spans, all `major`: for gold data without severities (Potet), credit is by overlap only."""
    return {key: [Span(s.start, s.end, "major") for s in found] for key, found in spans.items()}


def overlap(a: Span, b: Span) -> int:
    if a.start == a.end or b.start == b.end:
        return 1 if a.start <= b.end and b.start <= a.end else 0
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def credit(gold: Span, system: Span) -> float:
    return SAME_SEVERITY_CREDIT if gold.severity == system.severity else OTHER_SEVERITY_CREDIT


def segment_counts(gold: Iterable[Span], system: Iterable[Span]) -> tuple[float, int, int]:
    """(matched, system length, gold length) for one segment."""
    gold, system = list(gold), list(system)
    matched = sum(overlap(g, s) * credit(g, s) for g in gold for s in system)
    return matched, sum(s.length for s in system), sum(g.length for g in gold)


def character_micro(gold: Mapping[str, list[Span]], system: Mapping[str, list[Span]]) -> Scores:
    """Micro precision/recall/F1 over all gold segments (system segments not in gold are ignored)."""
    matched = predicted = expected = 0.0
    for segment, gold_spans in gold.items():
        m, p, g = segment_counts(gold_spans, system.get(segment, []))
        matched, predicted, expected = matched + m, predicted + p, expected + g
    return Scores.from_counts(matched, predicted, expected)


def segment_macro_f1(gold: Mapping[str, list[Span]], system: Mapping[str, list[Span]]) -> float:
    """Mean per-segment F1; a segment where neither side has a span scores 1."""
    scores = []
    for segment, gold_spans in gold.items():
        system_spans = system.get(segment, [])
        if not gold_spans and not system_spans:
            scores.append(1.0)
            continue
        scores.append(Scores.from_counts(*segment_counts(gold_spans, system_spans)).f1)
    return sum(scores) / len(scores) if scores else 0.0


def read_wmt23_tsv(path: Path, language_pair: str) -> tuple[dict[str, list[Span]], dict[str, str]]:
    """Spans and MT text by segment id from a WMT23 task-2 TSV (gold or submission).

    Columns: lp, system, sid, mt, start ids, end ids, severities (space-separated lists). Lines that
    are not rows (a submission's three header lines) are skipped. The MT is CSV-unquoted when it is
    a quoted field; a stray opening quote is kept as text. (zh-en segment 466 of the submissions
    begins with an unclosed `"`: a CSV reader swallows that row whole, and the published scores
    count it: with it, all six are reproduced.)
    """
    from checker.files import require_regular_file

    require_regular_file(path)
    spans: dict[str, list[Span]] = {}
    texts: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for number, line in enumerate(handle, 1):
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) < 7 or fields[0] != language_pair:
                continue
            sid, mt = fields[2], _unquoted("\t".join(fields[3:-3]))
            texts[sid] = mt
            spans.setdefault(sid, []).extend(_row_spans(fields[-3:], mt, f"{path}:{number}"))
    return spans, texts


def _row_spans(columns: list[str], mt: str, where: str) -> list[Span]:
    """A row's spans (-1 -1 marks a segment without errors); ValueError naming the row otherwise."""
    starts, ends, severities = (column.split() for column in columns)
    if not len(starts) == len(ends) == len(severities):
        raise ValueError(f"{where}: {len(starts)} starts, {len(ends)} ends and {len(severities)} severities")
    try:
        pairs = [(int(start), int(end)) for start, end in zip(starts, ends, strict=True)]
    except ValueError:
        raise ValueError(f"{where}: span offsets must be integers ({' '.join(starts)} / {' '.join(ends)})") from None
    found = []
    for (start, end), severity in zip(pairs, severities, strict=True):
        if start == end == -1:
            continue
        # An end past the text is kept: the official gold has them (gold_T2.tsv row 1452 ends at
        # 1154 in a 179-character text) and the published scores count them.
        if not 0 <= start <= end:
            raise ValueError(f"{where}: span {start}-{end}: offsets must satisfy 0 <= start <= end (or be -1 -1)")
        found.append(Span(start, end, severity))
    return found


def _unquoted(field: str) -> str:
    """A CSV-quoted field (`"..."` with doubled inner quotes) as its text; anything else as it is."""
    if len(field) >= 2 and field[0] == field[-1] == '"':
        inner = field[1:-1]
        if '"' not in inner.replace('""', ""):
            return inner.replace('""', '"')
    return field
