"""Detection rate per DEMETR perturbation type that a monolingual check can see, and false flags.

    python bench/demetr_monolingual.py --split test      # report (tune on --split dev only)

An item counts as detected when a finding on the perturbed MT overlaps its perturbed span (one
character of slack each side, so that a removed character or mark can be hit). A false flag is
any finding on the unperturbed MT. Targets (issue 3): at least 80% on repetitions, lower-cased
first letter, tokenised text and added punctuation; at most 5% false flags.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import eval_dir, pipeline  # noqa: E402

MONOLINGUAL = {
    "minor_id1_repeat2": "repetition (2x)",
    "minor_id2_repeat4": "repetition (4x)",
    "minor_id32_first_lower": "lower-cased first letter",
    "minor_id31_full_lower": "lower-cased sentence",
    "minor_id30_tokenized": "tokenised text",
    "minor_id29_punc_addition": "added punctuation",
    "minor_id28_final_punc_removed": "removed final punctuation",
    "minor_id26_misspelled": "misspelling",
    "minor_id27_char_removed": "removed character",
}
TARGETS = {
    "minor_id1_repeat2": 0.8,
    "minor_id2_repeat4": 0.8,
    "minor_id32_first_lower": 0.8,
    "minor_id30_tokenized": 0.8,
    "minor_id29_punc_addition": 0.8,
}


def overlaps(finding, start: int, end: int) -> bool:
    return finding.start < end + 1 and finding.end > start - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test"], default="test")
    parser.add_argument("--show-misses", type=int, default=0)
    args = parser.parse_args()

    _, _, check = pipeline()
    items = [json.loads(line) for line in (eval_dir() / "demetr_fr" / f"{args.split}.jsonl").open(encoding="utf-8")]
    hits: dict[str, list[bool]] = defaultdict(list)
    misses: dict[str, list[str]] = defaultdict(list)
    flagged_mt: dict[str, list[str]] = {}
    for item in items:
        if item["mt"] not in flagged_mt:
            flagged_mt[item["mt"]] = [f"{f.code}:{f.text!r}" for f in check(item["mt"]).findings]
        kind = item["perturbation"]
        if kind not in MONOLINGUAL or not item["changed"]:
            continue
        start, end = item["perturbed_span"]
        findings = check(item["perturbed"]).findings
        hit = any(overlaps(f, start, end) for f in findings)
        hits[kind].append(hit)
        if not hit:
            misses[kind].append(f"{item['perturbed'][max(0, start - 30) : end + 30]!r}")

    print(f"DEMETR French {args.split}: {len(items)} items, {len(flagged_mt)} distinct unperturbed MT sentences")
    for kind, label in MONOLINGUAL.items():
        rate = sum(hits[kind]) / len(hits[kind]) if hits[kind] else float("nan")
        target = f"(target >= {TARGETS[kind]:.0%})" if kind in TARGETS else ""
        print(f"  {label:28s} {sum(hits[kind]):3d}/{len(hits[kind]):3d}  {rate:6.1%} {target}")
        for miss in misses[kind][: args.show_misses]:
            print(f"      missed: {miss}")
    mt_items = [item for item in items]
    false = sum(1 for item in mt_items if flagged_mt[item["mt"]])
    distinct_false = sum(1 for found in flagged_mt.values() if found)
    print(
        f"false flags on unperturbed MT: {false}/{len(mt_items)} items = {false / len(mt_items):.1%} "
        f"({distinct_false}/{len(flagged_mt)} distinct sentences) (target <= 5%)"
    )
    for sentence, found in flagged_mt.items():
        if found and args.show_misses:
            print(f"      flagged: {found} in {sentence[:90]!r}")


if __name__ == "__main__":
    main()
