"""Fit the fusion model on dev data only, and write checker/compare/data/fusion.json.

    pip install -e '.[bench]'
    python bench/fit_fusion.py            # about 15 minutes with a cold translation cache, 4 warm

Data (dev splits of ../shared/eval, fixed-seed samples): MQM zh-en newstest2021 (expert error
spans with severities) and Potet fr-en (the MT words a post-editor changed; HTER per segment).
Segments are split 80/20 by a fixed seed: the logistic models are fitted on the 80%, and the
thresholds chosen on the other 20%, where the reported dev scores come from: the `checker eval`
threshold for the best mean character F1 of the two sets, the `checker check` threshold as the
lowest where at least half of the reported Potet characters are ones the post-editor changed. A
flagged span is major where its probability is at least 0.5.
Test splits are never read.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, eval_dir  # noqa: E402
from bench.dev_features import SEED, CheckedSegment, Checker, sample  # noqa: E402
from checker.compare import fusion  # noqa: E402
from checker.evaluation.corpora import hter, read_gold  # noqa: E402
from checker.evaluation.spans import Span, character_micro  # noqa: E402
from checker.findings import Severity  # noqa: E402

OUTPUT = ROOT / "checker" / "compare" / "data" / "fusion.json"
# A finding is major where the calibrated probability says an error is more likely than not: a
# severity an editor (and --fail-on major in CI) can act on, not a threshold tuned for F1.
MAJOR_PROBABILITY = 0.5
REPORT_PRECISION = 0.5
TWO_LEVELS = {Severity.MINOR: "minor", Severity.MAJOR: "major", Severity.CRITICAL: "major"}


def token_rows(segment: CheckedSegment):
    """(features, label) per MT token: is the token inside a gold error span?"""
    gold = [s for s in segment.gold.spans if s.end > s.start]
    for sentence, edits, scores, found in zip(
        segment.document.sentences, segment.edits, segment.scores, segment.sentence_findings(), strict=True
    ):
        if edits is None:
            continue
        for token, features in zip(sentence.span, fusion.token_features(sentence, edits, scores, found), strict=True):
            start, end = sentence.offset(token), sentence.end_offset(token)
            yield features, int(any(g.start < end and start < g.end for g in gold))


def sentence_label(segment: CheckedSegment, dataset: str) -> int | None:
    """1 garbled, 0 clean, None in between (left out of the fit)."""
    if dataset == "potet":
        value = hter(segment.gold.text, segment.gold.facts["post_edit"])
        return 1 if value >= 0.3 else 0 if value == 0 else None
    severities = {s.severity for s in segment.gold.spans}
    return 1 if "major" in severities else 0 if not severities else None


def comparisons(segment: CheckedSegment, model: fusion.FusionModel):
    return fusion.compare_sentences(segment.document, segment.findings, segment.edits, segment.scores, model)


def predicted_spans(segment: CheckedSegment, model: fusion.FusionModel, compared=None, one_severity=False):
    compared = compared or comparisons(segment, model)
    findings = fusion.fuse(segment.document, segment.findings, compared, segment.backs, model, model.span_threshold)
    return [Span(f.start, f.end, "major" if one_severity else TWO_LEVELS[f.severity]) for f in findings]


def garble_auc(segments, dataset: str, model: fusion.FusionModel) -> float:
    """ROC AUC of the segment garble score (word-weighted mean over sentences) against the labels."""
    from sklearn.metrics import roc_auc_score

    labels, scores = [], []
    for segment in segments:
        label = sentence_label(segment, dataset)
        if label is not None:
            labels.append(label)
            scores.append(fusion.document_garble(segment.document, comparisons(segment, model)))
    return float(roc_auc_score(labels, scores))


def one_severity_spans(spans):
    return [Span(g.start, g.end, "major") for g in spans]


def fit_logistic(rows, c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([f for f, _ in rows])
    y = [label for _, label in rows]
    model = LogisticRegression(C=c, max_iter=2000, random_state=SEED).fit(x, y)
    weights = {name: round(float(w), 4) for name, w in zip(vectorizer.feature_names_, model.coef_[0], strict=True)}
    return fusion.LogisticModel(round(float(model.intercept_[0]), 4), weights)


def micro_f1(segments, model, one_severity, cached):
    """Character micro scores; `cached` holds each segment's comparisons (they do not depend on thresholds)."""
    gold = {s.key: s.gold.spans for s in segments}
    if one_severity:
        gold = {k: [Span(g.start, g.end, "major") for g in v] for k, v in gold.items()}
    system = {s.key: predicted_spans(s, model, cached[s.key], one_severity) for s in segments}
    return character_micro(gold, system)


def load_datasets(checker: Checker, mqm: int, potet: int) -> dict[str, list[CheckedSegment]]:
    data = eval_dir()
    mqm_gold = read_gold(data / "mqm_zhen" / "dev" / "newstest2021_zhen.jsonl")
    potet_gold = read_gold(data / "potet_fren" / "dev.jsonl")
    return {
        "mqm": checker.check(mqm_gold, sample(mqm_gold, mqm), "MQM zh-en dev"),
        "potet": checker.check(potet_gold, sample(potet_gold, potet), "Potet fr-en dev"),
    }


def split_by_segment(segments: list) -> tuple[list, list]:
    shuffled = segments[:]
    random.Random(SEED).shuffle(shuffled)
    cut = int(0.8 * len(shuffled))
    return shuffled[:cut], shuffled[cut:]


def split_by_document(segments: list, dataset: str) -> tuple[list, list]:
    """80/20 by document: Potet keys are `doc:seg`, MQM keys `system|doc|seg|rater`."""

    def document(segment) -> str:
        return segment.key.split(":")[0] if dataset == "potet" else segment.key.split("|")[1]

    documents = sorted({document(s) for s in segments})
    random.Random(SEED).shuffle(documents)
    held_documents = set(documents[: max(1, len(documents) // 5)])
    return (
        [s for s in segments if document(s) not in held_documents],
        [s for s in segments if document(s) in held_documents],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mqm", type=int, default=2500, help="MQM dev segments to sample")
    parser.add_argument("--potet", type=int, help="Potet dev segments to sample (default: all 6,843)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--split",
        choices=("segment", "document"),
        default="segment",
        help="hold out 20%% of the segments, or of the documents (no document, and no MQM "
        "segment rated by several raters, on both sides)",
    )
    args = parser.parse_args()

    datasets = load_datasets(Checker(), args.mqm, args.potet)
    fit, held = {}, {}
    for name, segments in datasets.items():
        fit[name], held[name] = (
            split_by_document(segments, name) if args.split == "document" else split_by_segment(segments)
        )

    token = fit_logistic([row for segs in fit.values() for s in segs for row in token_rows(s)], c=1.0)
    placeholder = fusion.LogisticModel(0.0, {})
    with_tokens = fusion.FusionModel(token, placeholder, 1.0, 1.0, 1.0)
    sentence_rows = []
    for name, segments in fit.items():
        for segment in segments:
            label = sentence_label(segment, name)
            if label is None or len(segment.document.sentences) != 1:
                continue
            sentence = segment.document.sentences[0]
            compared = comparisons(segment, with_tokens)[0]
            features = fusion.sentence_features(
                sentence,
                segment.edits[0],
                segment.scores[0],
                compared.token_probabilities,
                segment.sentence_findings()[0],
            )
            sentence_rows.append((features, label))
    sentence = fit_logistic(sentence_rows, c=1.0)

    # Thresholds on the held-out 20% (see the module docstring).
    def model(span: float, major: float, report: float = 1.0) -> fusion.FusionModel:
        return fusion.FusionModel(token, sentence, span, report, major)

    cached = {s.key: comparisons(s, model(1.0, 1.0)) for segs in held.values() for s in segs}
    major = MAJOR_PROBABILITY
    grid = [round(0.05 + 0.025 * i, 3) for i in range(31)]
    held_scores = {
        t: (
            micro_f1(held["mqm"], model(t, major), False, cached),
            micro_f1(held["potet"], model(t, major), True, cached),
        )
        for t in grid
    }
    for t, (mqm_scores, potet_scores) in held_scores.items():
        print(
            f"threshold {t:.3f}: held-out MQM P {mqm_scores.precision:.3f} F1 {mqm_scores.f1:.3f}, "
            f"Potet P {potet_scores.precision:.3f} F1 {potet_scores.f1:.3f}",
            file=sys.stderr,
        )
    best_span = max(grid, key=lambda t: held_scores[t][0].f1 + held_scores[t][1].f1)
    # For editors: the lowest threshold where most reported spans are words a post-editor changed.
    report = min([t for t in grid if held_scores[t][1].precision >= REPORT_PRECISION] or [MAJOR_PROBABILITY])
    best_major = major
    final = model(best_span, best_major, report)
    for name, segments in held.items():  # for scale: every segment flagged whole, as one major error
        whole = character_micro(
            {s.key: s.gold.spans if name == "mqm" else one_severity_spans(s.gold.spans) for s in segments},
            {s.key: [Span(0, len(s.gold.text), "major")] for s in segments},
        )
        print(f"held-out {name}: whole segments flagged major: F1 {whole.f1:.3f}", file=sys.stderr)
    mqm_scores = micro_f1(held["mqm"], final, False, cached)
    potet_scores = micro_f1(held["potet"], final, True, cached)
    auc = {name: garble_auc(segments, name, final) for name, segments in held.items()}
    description = (
        f"fitted on dev: {sum(map(len, fit.values()))} segments of MQM zh-en newstest2021 and Potet; "
        f"held-out dev character F1 MQM {mqm_scores.f1:.3f}, Potet {potet_scores.f1:.3f}; "
        f"garble ROC AUC MQM {auc['mqm']:.3f}, Potet {auc['potet']:.3f}"
    )
    result = {
        "description": description,
        "seed": SEED,
        "data": {name: {"fit_segments": len(fit[name]), "held_out_segments": len(held[name])} for name in fit},
        "held_out": {
            "mqm": {**vars(mqm_scores), "garble_auc": auc["mqm"]},
            "potet": {**vars(potet_scores), "garble_auc": auc["potet"]},
        },
        "span_threshold": best_span,
        "report_threshold": report,
        "major_threshold": best_major,
        "token": {"bias": token.bias, "weights": dict(sorted(token.weights.items()))},
        "sentence": {"bias": sentence.bias, "weights": dict(sorted(sentence.weights.items()))},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(description)
    print(f"thresholds: eval {best_span}, report {report}, major {best_major}; wrote {args.output}")


if __name__ == "__main__":
    main()
