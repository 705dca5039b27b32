"""checker with and without the French source, in one run, on the fren_news test split: docs/quality.md.

    pip install -e '.[bench]'; Apertium installed (README)
    python bench/source_quality.py                    # the whole test split: several hours, cold
    python bench/source_quality.py --articles 25      # the first 25 test articles for 2-4 (about 20 minutes)

Each MT file is checked as `checker check` does it with the default engine: once without its
source, once with `--source` (Apertium's two routes). Reported, per state:
1. `fren_news_gold/test.json` (12 MT files marked span by span by careful reviewers): recall of
   the gold spans by severity (a span is found when a finding overlaps it) and finding precision
   (a finding inside the annotated lines is right when it overlaps a gold span);
2. fren_news test, per system: word-level MCC and F1 of BAD against reference-derived tags (the
   MT words an LCS alignment to the human reference leaves unmatched; noisy, for comparison only);
3. the human references, each checked with its own French source: findings per 1,000 words;
4. the Pearson correlation of the line garble score (word-weighted mean of its sentences) with
   the line's TER against the reference;
5. speed with `--source`, cold cache (a fresh cache folder): sentences per second.
Nothing here is tuned: the thresholds come from dev (bench/fit_accuracy.py, bench/fit_fusion.py).
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import json
import math
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, eval_dir, source_check, write_block  # noqa: E402

DOC = ROOT / "docs" / "quality.md"
BEGIN, END = "<!-- bench/source_quality.py: begin -->", "<!-- bench/source_quality.py: end -->"
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def line_of(text: str):
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    import bisect

    return lambda offset: bisect.bisect_right(starts, offset)


def gold_scores(files: list[dict], results: dict) -> dict:
    """Span recall by severity and finding precision over the annotated lines."""
    found = {"major": [0, 0], "minor": [0, 0]}
    right = total = 0
    for gold in files:
        result = results[gold["file"]]
        line = line_of(result.source.text)
        first, last = gold["annotated_lines"]
        findings = [f for f in result.findings if first <= line(f.start) <= last]
        for span in gold["spans"]:
            hit = any(f.start < span["end"] and span["start"] < f.end for f in findings)
            found[span["severity"]][0] += hit
            found[span["severity"]][1] += 1
        total += len(findings)
        right += sum(any(s["start"] < f.end and f.start < s["end"] for s in gold["spans"]) for f in findings)
    spans = sum(n for _, n in found.values())
    return {
        "major": found["major"][0] / found["major"][1],
        "minor": found["minor"][0] / found["minor"][1],
        "all": sum(h for h, _ in found.values()) / spans,
        "precision": right / total if total else float("nan"),
        "findings": total,
        "spans": spans,
        "major_spans": found["major"][1],
        "files": len(files),
    }


def reference_tags(mt: str, reference: str) -> list[tuple[int, int, bool]]:
    """(start, end, bad) per MT word: bad when an LCS alignment of the lines' words leaves it unmatched."""
    tags = []
    offset = 0
    for mt_line, ref_line in zip(mt.split("\n"), reference.split("\n"), strict=True):
        words = list(_WORD.finditer(mt_line))
        matcher = difflib.SequenceMatcher(
            None,
            [w.group().lower() for w in words],
            [w.group().lower() for w in _WORD.finditer(ref_line)],
            autojunk=False,
        )
        matched = {block.a + k for block in matcher.get_matching_blocks() for k in range(block.size)}
        tags += [(offset + w.start(), offset + w.end(), i not in matched) for i, w in enumerate(words)]
        offset += len(mt_line) + 1
    return tags


def word_predictions(tags, findings) -> list[bool]:
    spans = sorted((f.start, f.end) for f in findings)
    return [any(a < end and start < b for a, b in spans) for start, end, _ in tags]


def mcc_f1(gold: list[bool], predicted: list[bool]) -> tuple[float, float]:
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(p and not g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g and not p for g, p in zip(gold, predicted, strict=True))
    tn = len(gold) - tp - fp - fn
    denominator = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    mcc = (tp * tn - fp * fn) / denominator if denominator else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return mcc, f1


def line_garble_and_ter(result, reference: str) -> list[tuple[float, float]]:
    from sacrebleu.metrics import TER

    if not result.comparisons:
        return []
    ter = TER()
    text = result.source.text
    line = line_of(text)
    weighted: dict[int, list[float]] = {}
    for sentence, comparison in zip(result.document.sentences, result.comparisons, strict=True):
        number = line(sentence.start)
        words = max(1, len(sentence.span))
        totals = weighted.setdefault(number, [0.0, 0.0])
        totals[0] += words * comparison.garble
        totals[1] += words
    mt_lines, ref_lines = text.split("\n"), reference.split("\n")
    pairs = []
    for number, (score, words) in weighted.items():
        if number - 1 < len(ref_lines) and ref_lines[number - 1].strip():
            pairs.append((score / words, ter.sentence_score(mt_lines[number - 1], [ref_lines[number - 1]]).score))
    return pairs


def pearson(pairs: list[tuple[float, float]]) -> float:
    import statistics

    if len(pairs) < 3:
        return float("nan")
    return statistics.correlation([a for a, _ in pairs], [b for _, b in pairs])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--articles",
        type=int,
        help="only the first N articles for the per-system tags, the "
        "references and the garble correlation (the table says how many)",
    )
    parser.add_argument(
        "--split",
        choices=["dev", "test"],
        default="test",
        help="dev: the dev gold files and articles, for development (never written)",
    )
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--speed-articles", type=int, default=12, help="articles timed with a cold cache")
    parser.add_argument("--speed-only", action="store_true", help="measure the speed alone (printed, not written)")
    args = parser.parse_args()

    from checker.engines.cache import TranslationCache

    data = eval_dir()
    corpus_of_speed = data / "fren_news" / args.split / ("newstest2014" if args.split == "test" else "newstest2013")
    if args.speed_only:
        rate, sentences, seconds = measure_speed(
            sorted(p for p in corpus_of_speed.iterdir() if p.is_dir())[: args.speed_articles], data
        )
        print(f"{rate:.1f} sentences/s ({sentences} sentences in {seconds:.1f} s)")
        return
    check = source_check(TranslationCache())
    corpus = data / "fren_news" / args.split / ("newstest2014" if args.split == "test" else "newstest2013")
    articles = sorted(p for p in corpus.iterdir() if p.is_dir())
    articles = articles[: args.articles] if args.articles else articles
    if args.split == "test":
        gold = json.loads((data / "fren_news_gold" / "test.json").read_text(encoding="utf-8"))["files"]
    else:
        gold = [
            f
            for name in "abcde"
            for f in json.loads((data / "fren_news_gold" / f"dev_{name}.json").read_text(encoding="utf-8"))["files"]
        ]
    by_state = {}
    for state in ("without", "with"):
        results = {}
        for g in gold:
            path = data / g["file"]
            french = path.with_name("source.fr.txt").read_text(encoding="utf-8") if state == "with" else None
            results[g["file"]] = check(path.read_text(encoding="utf-8"), french, path)
        by_state[state] = gold_scores(gold, results)
        print(f"gold {args.split}, {state} the source: {by_state[state]}", file=sys.stderr, flush=True)

    tag_rows, reference_rates, garble_pairs = {}, {}, {"without": [], "with": []}
    for state in ("without", "with"):
        words = findings = major = 0
        for number, article in enumerate(articles):
            french_text = (article / "source.fr.txt").read_text(encoding="utf-8")
            reference = (article / "ref.en.txt").read_text(encoding="utf-8")
            french = french_text if state == "with" else None
            result = check(reference, french, article / "ref.en.txt")
            words += len(_WORD.findall(reference))
            findings += len(result.findings)
            major += sum(f.severity.value != "minor" for f in result.findings)
            for path in sorted(article.glob("*.en.txt")):
                system = path.name.split(".")[0]
                if system == "ref":
                    continue
                text = path.read_text(encoding="utf-8")
                result = check(text, french, path)
                tags = reference_tags(text, reference)
                predicted = word_predictions(tags, result.findings)
                bucket = tag_rows.setdefault((system, state), ([], []))
                bucket[0].extend(bad for _, _, bad in tags)
                bucket[1].extend(predicted)
                garble_pairs[state] += line_garble_and_ter(result, reference)
            print(f"{state} source: {number + 1}/{len(articles)} articles", file=sys.stderr, flush=True)
        reference_rates[state] = (1000 * findings / words, 1000 * major / words, words)
        print(
            f"references, {state} the source: {reference_rates[state][0]:.2f} findings and "
            f"{reference_rates[state][1]:.2f} major per 1,000 words",
            file=sys.stderr,
            flush=True,
        )

    speed = measure_speed(articles[: args.speed_articles], data)
    table = render(by_state, tag_rows, reference_rates, garble_pairs, speed, len(articles), args.split)
    print(table)
    if not args.no_write and args.split == "test":
        write(table)
        print(f"wrote {DOC}", file=sys.stderr)


def measure_speed(articles: list[Path], data: Path) -> tuple[float, int, float]:
    """Sentences per second of `check --source` on these articles' onlineB output, with a new cache.

    A process that checks articles loads its models and tables once: that happens on a sentence
    of another text before the clock starts, so the time is the articles' own."""
    from checker.engines.cache import TranslationCache

    with tempfile.TemporaryDirectory() as folder:
        check = source_check(TranslationCache(Path(folder) / "translations.sqlite3"))
        check("The minister met the press on Monday.\n", "Le ministre a rencontré la presse lundi.\n", "warm-up.txt")
        sentences = 0
        started = time.perf_counter()
        for article in articles:
            path = next(article.glob("online*B.*en.txt"), None) or next(article.glob("online*B*.en.txt"))
            result = check(
                path.read_text(encoding="utf-8"), (article / "source.fr.txt").read_text(encoding="utf-8"), path
            )
            sentences += len(result.document.sentences)
        seconds = time.perf_counter() - started
    return sentences / seconds, sentences, seconds


def render(by_state, tag_rows, reference_rates, garble_pairs, speed, articles: int, split: str = "test") -> str:
    today = datetime.date.today().isoformat()
    lines = [
        f"Measured {today} by `python bench/source_quality.py` (test splits, run once for this state; "
        "thresholds fitted on dev).",
        "",
        f"| fren_news_gold {split} ({by_state['with']['files']} MT files, reviewers' spans) | major recall | "
        "minor recall | all recall | "
        "finding precision | findings | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for state, label in (("without", "without the source"), ("with", "**with `--source`**")):
        s = by_state[state]
        target = "major ≥ 40% at precision ≥ 0.70; all ≥ 30%" if state == "with" else ""
        lines.append(
            f"| {label} | {s['major']:.0%} | {s['minor']:.0%} | {s['all']:.0%} | {s['precision']:.2f} | "
            f"{s['findings']} | {target} |"
        )
    lines += [
        "",
        f"Word-level BAD tags against the reference ({articles} {split} articles; LCS-derived tags, noisy):",
        "",
        "| system | MCC without | MCC with `--source` | F1 without | F1 with |",
        "|---|---|---|---|---|",
    ]
    for system in sorted({s for s, _ in tag_rows}):
        without = mcc_f1(*tag_rows[(system, "without")])
        with_source = mcc_f1(*tag_rows[(system, "with")])
        lines.append(
            f"| {system} | {without[0]:.3f} | **{with_source[0]:.3f}** | {without[1]:.3f} | {with_source[1]:.3f} |"
        )
    lines += ["", "| human references | findings / 1,000 words | major / 1,000 words | target |", "|---|---|---|---|"]
    for state, label in (("without", "without the source"), ("with", "**with their French source**")):
        rate, major, words = reference_rates[state]
        lines.append(
            f"| {label} ({words} words) | {rate:.2f} | {major:.2f} | "
            f"{'≤ 2 and ≤ 0.5 major' if state == 'with' else ''} |"
        )
    lines += [
        "",
        f"Pearson of the line garble score with line TER against the reference: without "
        f"{pearson(garble_pairs['without']):.3f}, with the source {pearson(garble_pairs['with']):.3f} "
        f"({len(garble_pairs['with'])} lines).",
        "",
        f"Speed with `--source`, cold cache, default engine: **{speed[0]:.1f} sentences/s** "
        f"({speed[1]} sentences in {speed[2]:.0f} s; target ≥ 10).",
    ]
    return "\n".join(lines)


def write(table: str) -> None:
    write_block(DOC, BEGIN, END, "## With the French source: `python bench/source_quality.py`", table)


if __name__ == "__main__":
    main()
