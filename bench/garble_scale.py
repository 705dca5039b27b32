"""The anchor of the HTML report's garble scale: article garble scores of human reference
translations and of MT systems, fren_news **dev** (newstest2013), with the default engine.

A garble score alone has no meaning to an editor (the seed scores 0.63, a human reference 0.62):
the report places each article among these human references instead ("higher than 80% of
human reference translations"). Writes `checker/report/data/garble_scale.json`; run again when
the engine, the fusion model or the scores change (the report shows the anchor only when the
run's engine signature is the one measured here).

    python bench/garble_scale.py [--systems online-B rbmt-1] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, eval_dir  # noqa: E402

OUTPUT = ROOT / "checker" / "report" / "data" / "garble_scale.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--systems", nargs="*", default=["online-B", "rbmt-1"])
    parser.add_argument("--limit", type=int, help="only the first N articles (a quick look; not written)")
    args = parser.parse_args()

    import checker
    from checker.reading import read_article

    folders = sorted(p for p in (eval_dir() / "fren_news" / "dev" / "newstest2013").iterdir() if p.is_dir())
    folders = folders[: args.limit] if args.limit else folders
    warm = checker.Checker(checker.configure(isolated=True))
    scores: dict[str, list[float]] = {}
    for label, name in [("references", "ref.en.txt"), *((system, f"{system}.en.txt") for system in args.systems)]:
        paths = [folder / name for folder in folders if (folder / name).is_file()]
        found = [
            record["garble"]
            for record, _ in warm.check_sources(read_article(p) for p in paths)
            if record["garble"] is not None
        ]
        scores[label] = sorted(round(g, 4) for g in found)
        print(
            f"{label:12s} {len(found):3d} articles  median {statistics.median(found):.3f}  "
            f"min {min(found):.3f}  max {max(found):.3f}",
            file=sys.stderr,
        )
    if args.limit:
        return
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(
        json.dumps(
            {
                "engine": warm.header["signature"]["engine"],
                "signature": warm.header["signature"]["string"],
                "corpus": f"fren_news dev (newstest2013), {len(folders)} articles",
                "references": scores.pop("references"),
                "systems": scores,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"-> {OUTPUT.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
