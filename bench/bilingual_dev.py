"""Bilingual checks on dev data only: what to tune them on.

    python bench/bilingual_dev.py            # about a minute with a warm translation cache
    python bench/bilingual_dev.py --show     # print every false flag and missed perturbation

1. `corpora/bilingual/clean_pairs.tsv`: French/English pairs written for the project, faithful
   translations with the variation real ones have (exonyms, demonyms, acronyms, numbers in words,
   hours, asides set off with commas): every finding is a false flag.
2. The same pairs perturbed as DEMETR does (seeded): a name removed, a name replaced by another
   pair's name, a number changed, a French word of the source mixed into the English. Detection
   rate per kind. These are our own perturbations, not DEMETR's; they show what a rule costs.
3. DEMETR fr-en dev (`../shared/eval/demetr_fr/dev.jsonl`): false flags on the MT and on the
   human reference, detection for the four error types the issue targets.

Everything runs as `checker check --source` does: with the default engine's round trip, whose
pivot the name check reads. The test split is only for bench/quality.py.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, bilingual_findings, eval_dir  # noqa: E402

PAIRS = ROOT / "corpora" / "bilingual" / "clean_pairs.tsv"
DEMETR_KINDS = (
    "critical_id10_numbers_replaced",
    "critical_id4_codemix",
    "critical_id9_ne_replaced",
    "critical_id25_ne_removed",
)
_DAYS_AND_MONTHS = {
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
}
# A name in the English: capitalised words (with of/de/the inside), not at the start of the text.
_ENGLISH_NAME = re.compile(r"(?<!^)(?<![.!?\"“] )\b([A-Z][\w'’.-]+(?: (?:of |de |du |da |the )?[A-Z][\w'’.-]+)*)")


def read_pairs(path: Path = PAIRS) -> list[tuple[str, str]]:
    rows = [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return [(french, english) for french, english in rows]


def perturb(pairs: list[tuple[str, str]], seed: int = 7) -> list[tuple[str, str, str]]:
    """(kind, French, perturbed English) for each pair where the kind applies."""
    from checker.bilingual.names import source_names
    from checker.bilingual.text import NUMBER, WORD
    from checker.bilingual.untranslated import is_french

    rng = random.Random(seed)
    names_of = [
        [m for m in _ENGLISH_NAME.finditer(english) if m.group(1) not in _DAYS_AND_MONTHS] for _, english in pairs
    ]
    pool = sorted({m.group(1) for names in names_of for m in names})
    items = []
    for (french, english), names in zip(pairs, names_of, strict=True):
        if source_names(french) and names:
            name = rng.choice(names)
            items.append(("name removed", french, (english[: name.start()] + english[name.end() :]).replace("  ", " ")))
            other = rng.choice([p for p in pool if p not in english and p.lower()[:3] != name.group(1).lower()[:3]])
            items.append(("name replaced", french, english[: name.start()] + other + english[name.end() :]))
        if numbers := list(NUMBER.finditer(english)):
            number = rng.choice(numbers)
            digit = number.group()[-1]
            changed = number.group()[:-1] + str((int(digit) + rng.choice([1, 3, 7])) % 10)
            items.append(("number changed", french, english[: number.start()] + changed + english[number.end() :]))
        french_words = [w for w in WORD.findall(french) if w.islower() and len(w) >= 2 and is_french(w.lower())]
        english_words = [m for m in WORD.finditer(english) if m.group().islower() and len(m.group()) >= 4]
        if french_words and english_words:
            word, replaced = rng.choice(french_words), rng.choice(english_words)
            items.append(("code-mix", french, english[: replaced.start()] + word + english[replaced.end() :]))
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true", help="print every false flag and missed perturbation")
    args = parser.parse_args()

    from checker.engines import DEFAULT_ENGINE, load_engine
    from checker.engines.cache import TranslationCache
    from checker.errors import InputError
    from checker.nlp import load_english

    nlp, _ = load_english()
    bilingual = bilingual_findings(nlp, load_engine(DEFAULT_ENGINE), TranslationCache())

    def findings(french: str, english: str) -> list:
        try:
            return bilingual(french, english)
        except InputError as error:  # refused as another article's source: a flag
            return [str(error)]

    def show(english: str, found: list) -> None:
        if args.show:
            print(f"  {english}")
            for finding in found:
                print(f"      {getattr(finding, 'code', '')} {getattr(finding, 'message', finding)}")

    pairs = read_pairs()
    flagged = 0
    for french, english in pairs:
        if found := findings(french, english):
            flagged += 1
            show(english, found)
    print(f"clean pairs: {flagged}/{len(pairs)} flagged ({flagged / len(pairs):.1%})")

    detected: dict[str, list[bool]] = defaultdict(list)
    for kind, french, english in perturb(pairs):
        found = findings(french, english)
        detected[kind].append(bool(found))
        if not found:
            show(f"[{kind} missed] {english}", [])
    for kind, hits in sorted(detected.items()):
        print(f"synthetic {kind}: {sum(hits) / len(hits):.1%} detected ({len(hits)} items)")

    items = [
        json.loads(line) for line in (eval_dir() / "demetr_fr" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    unique = list({item["id"]: item for item in items}.values())
    for field in ("mt", "reference"):
        flags = sum(bool(findings(item["source_fr"], item[field])) for item in unique)
        print(f"DEMETR dev {field}: {flags}/{len(unique)} flagged")
    for kind in DEMETR_KINDS:
        changed = [item for item in items if item["perturbation"] == kind and item["changed"]]
        hits = sum(bool(findings(item["source_fr"], item["perturbed"])) for item in changed)
        print(f"DEMETR dev {kind}: {hits / len(changed):.0%} detected ({len(changed)} items)")


if __name__ == "__main__":
    main()
