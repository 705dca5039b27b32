"""A run's results turned into plain records: the one structure every renderer reads.

`docs/json-schema.md` documents these records; `report.schema.json` is their JSON Schema.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from checker.findings import Finding, Severity
from checker.pipeline import ArticleResult

SCHEMA_VERSION = "1.5"
_CONTEXT_CHARS = 80


@dataclass(frozen=True)
class RunSignature:
    """Everything that decides a run's output, like a sacrebleu signature."""

    checker_version: str
    spacy_version: str
    spacy_model: str
    spacy_model_version: str
    engine: str = "none"
    engine_signature: dict | None = None

    def __str__(self) -> str:
        return (
            f"checker:{self.checker_version}|spacy:{self.spacy_version}"
            f"|model:{self.spacy_model}-{self.spacy_model_version}|engine:{self.engine}"
        )


@dataclass
class Report:
    signature: RunSignature
    articles: list[ArticleResult] = field(default_factory=list)
    fail_on: Severity = Severity.MAJOR


def to_records(report: Report) -> dict:
    """The report as JSON-ready dicts (see docs/json-schema.md)."""
    articles = [article_record(article) for article in report.articles]
    return assemble(run_header(report.signature, report.fail_on, _sacrebleu_signatures(report)), articles)


def run_header(signature: RunSignature, fail_on: Severity, sacrebleu: dict | None) -> dict:
    """The records' top level but for the articles and the summary: known before the first article."""
    return {
        "schema_version": SCHEMA_VERSION,
        "signature": {
            "checker": signature.checker_version,
            "spacy": signature.spacy_version,
            "spacy_model": signature.spacy_model,
            "spacy_model_version": signature.spacy_model_version,
            "engine": signature.engine,
            "engine_signature": signature.engine_signature,
            "sacrebleu": sacrebleu,
            "string": str(signature),
        },
        "fail_on": fail_on.value,
    }


def assemble(header: dict, articles: list[dict]) -> dict:
    """The whole records from the header and the article records."""
    tally = Tally()
    for article in articles:
        tally.add(article)
    return {**header, "summary": tally.summary(), "articles": articles}


class Tally:
    """The run's summary, counted one article record at a time (nothing else kept)."""

    def __init__(self):
        self.articles = 0
        self.by_severity: Counter = Counter()
        self.by_category: Counter = Counter()

    def add(self, article: dict) -> None:
        self.articles += 1
        self.by_severity.update(f["severity"] for f in article["findings"])
        self.by_category.update(f["category"] for f in article["findings"])

    def summary(self) -> dict:
        return {
            "findings": sum(self.by_severity.values()),
            "by_severity": {s.value: self.by_severity.get(s.value, 0) for s in Severity},
            "by_category": dict(sorted(self.by_category.items())),
            "articles": self.articles,
        }


def article_record(article: ArticleResult) -> dict:
    """One article's record: everything the renderers show of it (no reference to the parse)."""
    scores = article.sentence_scores or []  # with a re-translation, one per sentence
    doc = article.document
    findings = []
    sentence_findings: dict[int, list[int]] = {}
    for number, finding in enumerate(article.findings):
        covered = [s.index for s in doc.sentences_overlapping(finding.start, finding.end)]
        for index in covered:
            sentence_findings.setdefault(index, []).append(number)
        findings.append(_finding_record(number, finding, doc, covered))
    return {
        "path": article.source.path,
        "encoding": article.source.encoding,
        "encoding_note": article.source.encoding_note,
        "characters": len(doc.text),
        "garble": None if article.garble is None else round(article.garble, 4),
        "signals": [{"name": s.name, "ran": s.ran, "detail": s.detail} for s in article.signals],
        "summary": _summary(findings),
        "findings": findings,
        "paragraphs": [{"id": p.index, "start": p.start, "end": p.end, "kind": p.kind} for p in doc.paragraphs],
        "retranslation": _retranslation_record(article),
        "source": _source_record(article),
        "sentences": [
            {
                "id": s.index,
                "start": s.start,
                "end": s.end,
                "paragraph": s.paragraph,
                "line": doc.line_col(s.start)[0],
                "findings": sentence_findings.get(s.index, []),
                "retranslation": (
                    {
                        "pivot": article.retranslation.retranslations[s.index].pivot,
                        "back": article.retranslation.retranslations[s.index].back,
                        "scores": scores[s.index].as_dict(),
                        **_comparison_record(article, s.index),
                    }
                    if article.retranslation
                    else None
                ),
            }
            for s in doc.sentences
        ],
    }


def _source_record(article: ArticleResult) -> dict | None:
    if article.source_alignment is None:
        return None
    sentences, links = article.source_alignment
    translated = article.source_translations
    routes = {
        route: getattr(translated, route)
        for route in ("hybrid", "direct", "engine")
        if translated is not None and getattr(translated, route) is not None
    }

    def sentence(i: int, s) -> dict:
        record = {"id": i, "start": s.start, "end": s.end, "text": s.text}
        if routes:
            record["translations"] = {route: texts[i] for route, texts in routes.items()}
        return record

    return {
        "sentences": [sentence(i, s) for i, s in enumerate(sentences)],
        "links": [{"source": list(link.source), "target": list(link.target)} for link in links],
    }


def _comparison_record(article: ArticleResult, index: int) -> dict:
    assert article.comparisons is not None  # recorded only for an article compared with its re-translation
    comparison = article.comparisons[index]
    edits = (
        None
        if comparison.edits is None
        else [
            {"start": e.start, "end": e.end, "label": e.label, "mt": e.mt, "retranslation": e.retranslation}
            for e in comparison.edits
        ]
    )
    return {"garble": round(comparison.garble, 4), "edits": edits}


def _sacrebleu_signatures(report: Report) -> dict | None:
    """How the sentence scores were computed; None when nothing was scored."""
    return next((a.score_signatures for a in report.articles if a.score_signatures), None)


def _retranslation_record(article: ArticleResult) -> dict | None:
    run = article.retranslation
    if run is None:
        return None
    return {"engine": run.engine, "route": run.route, "cached": run.cached, "translated": run.translated}


def _finding_record(number: int, finding: Finding, doc, sentences: list[int]) -> dict:
    line, column = doc.line_col(finding.start)
    end_line, end_column = doc.line_col(finding.end)
    return {
        "id": number,
        "code": finding.code,
        "fingerprint": fingerprint(finding, doc.text),
        "name": finding.name,
        "category": finding.category.value,
        "severity": finding.severity.value,
        "confidence": round(finding.confidence, 3),
        "start": finding.start,
        "end": finding.end,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "text": finding.text,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "evidence": [{"signal": e.signal, "value": e.value, "detail": e.detail} for e in finding.evidence],
        "sentences": sentences,
        "context": _context(finding, doc, sentences),
    }


_WORD = re.compile(r"\w+")
# Words on each side of a span that go into its fingerprint.
FINGERPRINT_CONTEXT_WORDS = 3


def fingerprint(finding: Finding, text: str) -> str:
    """A finding's stable identity, like SARIF's partialFingerprints: its code, its text and the few
    words either side, whitespace-normalised. It survives edits elsewhere in the article and
    changes only when the flagged words or their neighbourhood change."""
    return fingerprint_of(finding.code, finding.start, finding.end, text)


def fingerprint_of(code: str, start: int, end: int, text: str) -> str:
    """The fingerprint of a finding of `code` on `text[start:end]`."""
    before = _WORD.findall(text[max(0, start - 200) : start])[-FINGERPRINT_CONTEXT_WORDS:]
    after = _WORD.findall(text[end : end + 200])[:FINGERPRINT_CONTEXT_WORDS]
    key = "\0".join([code, " ".join(text[start:end].split()), " ".join(before), " ".join(after)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _context(finding: Finding, doc, sentences: list[int]) -> dict:
    """The sentence(s) around a span, clipped for display, with the span's place in it."""
    sentence_start = doc.sentences[sentences[0]].start if sentences else finding.start
    sentence_end = doc.sentences[sentences[-1]].end if sentences else finding.end
    start = max(sentence_start, finding.start - _CONTEXT_CHARS)
    end = min(sentence_end, finding.end + _CONTEXT_CHARS)
    return {
        "text": doc.text[start:end],
        "span_start": finding.start - start,
        "span_end": finding.end - start,
        "clipped_left": start > sentence_start,
        "clipped_right": end < sentence_end,
    }


def _summary(findings: list[dict], articles: int | None = None) -> dict:
    by_severity = Counter(f["severity"] for f in findings)
    summary = {
        "findings": len(findings),
        "by_severity": {s.value: by_severity.get(s.value, 0) for s in Severity},
        "by_category": dict(sorted(Counter(f["category"] for f in findings).items())),
    }
    if articles is not None:
        summary["articles"] = articles
    return summary


def restrict_to_lines(article: dict, lines: set[int]) -> dict:
    """An article record with only the findings that touch the given lines of its file (1-based)."""
    return keep_findings(article, lambda f: any(n in lines for n in range(f["line"], f["end_line"] + 1)))


def keep_findings(article: dict, keep) -> dict:
    """An article record with only the findings `keep(finding)` accepts, numbered anew, with the
    sentences' lists of findings following the new numbers."""
    renumbered: dict[int, int] = {}
    findings: list[dict] = []
    for finding in article["findings"]:
        if keep(finding):
            renumbered[finding["id"]] = len(findings)
            findings.append({**finding, "id": len(findings)})
    sentences = [
        {**s, "findings": [renumbered[k] for k in s["findings"] if k in renumbered]} for s in article["sentences"]
    ]
    return {**article, "findings": findings, "sentences": sentences, "summary": _summary(findings)}
