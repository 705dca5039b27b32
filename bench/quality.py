"""checker against human error annotations, on test splits, in one table: docs/quality.md.

    pip install -e '.[bench]'
    python bench/quality.py            # about 15 minutes with a cold translation cache

1. WMT23 QE task 2 (zh-en, he-en): checker (default engine, no source-language model) beside every
   submitted system; character-level micro P/R/F1 with severity credit, and the per-segment macro F1.
2. Potet fr-en test: span F1 against the post-editor's changes (no severities), and the ROC AUC of
   the garble score separating segments left unchanged (HTER 0) from segments with HTER >= 0.3.
3. fren_news test: the share of articles whose rbmt1 output gets a worse (higher) document garble
   score than the human reference.
Nothing here is tuned: the fusion model was fitted on dev splits (bench/fit_fusion.py).
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, eval_dir, write_block  # noqa: E402

DOC = ROOT / "docs" / "quality.md"
BEGIN, END = "<!-- bench/quality.py: begin -->", "<!-- bench/quality.py: end -->"
TARGETS = {"zh-en": 0.219, "he-en": 0.241}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--limit", type=int, help="only this many segments/articles per set (a quick look; not written)"
    )
    parser.add_argument("--no-write", action="store_true", help="print the table, leave docs/quality.md alone")
    args = parser.parse_args()

    from sklearn.metrics import roc_auc_score

    from checker.detectors import build_detectors
    from checker.engines import DEFAULT_ENGINE, load_engine
    from checker.engines.cache import TranslationCache
    from checker.evaluation.corpora import hter, read_gold
    from checker.evaluation.predict import predict_segments
    from checker.evaluation.spans import Span, character_micro, one_severity, read_wmt23_tsv, segment_macro_f1
    from checker.nlp import load_english

    data = eval_dir()
    nlp, _ = load_english()
    detectors = build_detectors()
    engine = load_engine(DEFAULT_ENGINE)
    cache = TranslationCache()

    def predict(texts: dict[str, str], label: str):
        print(f"{label}: checking {len(texts)} segments", file=sys.stderr, flush=True)
        return predict_segments(texts, nlp, detectors, engine=engine, cache=cache)

    def first(mapping: dict) -> dict:
        return dict(list(mapping.items())[: args.limit]) if args.limit else mapping

    rows = []
    wmt = data / "wmt23_qe_task2"
    for pair in ("zh-en", "he-en"):
        gold = first(read_gold(wmt / "gold_T2.tsv", "wmt23", pair))
        gold_spans = {k: g.spans for k, g in gold.items()}
        predicted = predict({k: g.text for k, g in gold.items()}, f"WMT23 {pair}")
        systems = {"**checker** (bergamot round trip + detectors)": {k: p.spans for k, p in predicted.items()}}
        for path in sorted((wmt / "submissions").glob("*.txt")):
            spans, _ = read_wmt23_tsv(path, pair)
            if spans:
                systems[path.name.split(".")[0]] = spans
        # For scale, the trivial system: every segment flagged whole, as one major error.
        systems["(every segment flagged whole, major)"] = {k: [Span(0, len(g.text), "major")] for k, g in gold.items()}
        for name, spans in systems.items():
            micro = character_micro(gold_spans, spans)
            target = f"≥ {TARGETS[pair]:.3f} (CometKiwi baseline)" if name.startswith("**checker") else ""
            rows.append(
                (
                    f"WMT23 task 2 {pair} test ({len(gold)} segments)",
                    name,
                    f"{micro.precision:.3f}",
                    f"{micro.recall:.3f}",
                    f"**{micro.f1:.3f}**" if target else f"{micro.f1:.3f}",
                    f"macro F1 {segment_macro_f1(gold_spans, spans):.3f}",
                    target,
                )
            )

    potet = first(read_gold(data / "potet_fren" / "test.jsonl"))
    predicted = predict({k: g.text for k, g in potet.items()}, "Potet test")
    micro = character_micro(
        one_severity({k: g.spans for k, g in potet.items()}), one_severity({k: p.spans for k, p in predicted.items()})
    )
    labelled = [
        (1 if h >= 0.3 else 0, predicted[k].garble)
        for k, g in potet.items()
        if predicted[k].garble is not None and ((h := hter(g.text, g.facts["post_edit"])) == 0 or h >= 0.3)
    ]
    auc = roc_auc_score([y for y, _ in labelled], [s for _, s in labelled])
    rows.append(
        (
            f"Potet fr-en test ({len(potet)} segments)",
            "**checker**: spans vs post-edit changes",
            f"{micro.precision:.3f}",
            f"{micro.recall:.3f}",
            f"{micro.f1:.3f}",
            "",
            "",
        )
    )
    rows.append(
        (
            f"Potet fr-en test ({len(labelled)} segments: HTER 0 or ≥ 0.3)",
            "**checker**: garble score ROC AUC",
            "",
            "",
            "",
            f"**{auc:.3f}**",
            "≥ 0.75",
        )
    )

    articles = sorted(p.parent for p in (data / "fren_news" / "test" / "newstest2014").glob("*/rbmt1.*en.txt"))
    articles = articles[: args.limit] if args.limit else articles
    scores = {}
    for system in ("ref", "rbmt1"):
        texts = {a.name: next(a.glob(f"{system}.*en.txt")).read_text(encoding="utf-8") for a in articles}
        scores[system] = predict(texts, f"fren_news {system}")
    worse = sum(scores["rbmt1"][a.name].garble > scores["ref"][a.name].garble for a in articles)
    rows.append(
        (
            f"fren_news test ({len(articles)} articles)",
            "**checker**: rbmt1 scored worse than the reference",
            "",
            "",
            "",
            f"**{worse / len(articles):.1%}**",
            "≥ 95%",
        )
    )

    rows.extend(demetr_bilingual(data, nlp, args.limit, engine, cache))
    table = render(rows)
    print(table)
    if not args.no_write and not args.limit:
        write(table)
        print(f"wrote {DOC}", file=sys.stderr)


BILINGUAL_TARGETS = {
    "critical_id10_numbers_replaced": 0.9,
    "critical_id4_codemix": 0.9,
    "critical_id9_ne_replaced": 0.7,
    "critical_id25_ne_removed": 0.7,
}


def demetr_bilingual(data: Path, nlp, limit: int | None, engine, cache) -> list[tuple]:
    """Bilingual mode on DEMETR test items with their French source: detection rate per error type
    (any BIL finding on the perturbed MT), and false flags on the unperturbed MT of the same items.
    As `checker check --source` runs them: with the default engine's round trip, whose pivot the
    name check reads."""
    import json

    from bench.common import bilingual_findings
    from checker.errors import InputError

    items = [json.loads(line) for line in (data / "demetr_fr" / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    items = items[: limit * 35] if limit else items
    findings = bilingual_findings(nlp, engine, cache)

    def flagged(french: str, english: str) -> bool:
        try:
            return bool(findings(french, english))
        except InputError:
            return True  # refused as another article's source: counts as a flag

    rows = []
    for perturbation, target in BILINGUAL_TARGETS.items():
        changed = [i for i in items if i["perturbation"] == perturbation and i["changed"]]
        hits = sum(flagged(i["source_fr"], i["perturbed"]) for i in changed)
        rows.append(
            (
                f"DEMETR fr-en test, `{perturbation}` ({len(changed)} items)",
                "**checker --source**: detected",
                "",
                "",
                "",
                f"**{hits / len(changed):.0%}**",
                f"≥ {target:.0%}",
            )
        )
    unperturbed = {i["id"]: i for i in items}.values()
    false_flags = sum(flagged(i["source_fr"], i["mt"]) for i in unperturbed)
    rows.append(
        (
            f"DEMETR fr-en test, unperturbed MT ({len(unperturbed)} items)",
            "**checker --source**: false flags",
            "",
            "",
            "",
            f"**{false_flags / len(unperturbed):.0%}**",
            "≤ 5%",
        )
    )
    return rows


def render(rows) -> str:
    lines = [
        f"Measured {datetime.date.today().isoformat()} by `python bench/quality.py` (test splits; nothing tuned "
        "on them).",
        "",
        "| data | system | P | R | char F1 | other | target |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def write(table: str) -> None:
    write_block(DOC, BEGIN, END, "## Against human error annotations: `python bench/quality.py`", table)


if __name__ == "__main__":
    main()
