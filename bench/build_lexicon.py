"""Build the French-English lexical table `checker/bilingual/data/lexicon_fr_en.tsv.gz` with eflomal.

    pip install -e '.[bench]'
    python bench/build_lexicon.py        # about two minutes

Training data, none of it evaluation data: every pair of `../shared/eval/parallel_fren` (WMT news
2008-2012, Tatoeba, TICO-19, Multi30k, FLORES-200 devtest) and the newstest2013 **dev** articles'
French sources with their human references (no MT output: the table must not learn MT errors).
Both sides are reduced to stems (`checker.bilingual.lexicon.tokens`), aligned by eflomal in both
directions, and every link counts half from each direction. eflomal seeds its samplers from
/dev/urandom and has no seed option: a rebuilt table differs a little from the shipped one, and
the accuracy model (bench/fit_accuracy.py) must be refitted after a rebuild. For a French stem f
and an English stem e: p(e|f) = links(f, e) / occurrences(f), p(f|e) = links(f, e) / occurrences(e).
Pairs linked only one way once, or below 0.02 both ways, are dropped.
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import eval_dir  # noqa: E402
from checker.bilingual.lexicon import LEXICON_PATH, tokens  # noqa: E402

MIN_LINKS = 1
MIN_PROBABILITY = 0.02


def training_pairs() -> list[tuple[str, str]]:
    data = eval_dir()
    pairs = []
    for french in sorted((data / "parallel_fren").glob("*.fr")):
        english = french.with_suffix(".en")
        pairs += zip(
            french.read_text(encoding="utf-8").splitlines(),
            english.read_text(encoding="utf-8").splitlines(),
            strict=True,
        )
    for article in sorted((data / "fren_news" / "dev" / "newstest2013").iterdir()):
        pairs += zip(
            (article / "source.fr.txt").read_text(encoding="utf-8").splitlines(),
            (article / "ref.en.txt").read_text(encoding="utf-8").splitlines(),
            strict=True,
        )
    return [(f, e) for f, e in pairs if f.strip() and e.strip()]


def read_links(path: str) -> list[list[tuple[int, int]]]:
    with open(path, encoding="utf-8") as handle:
        return [[tuple(map(int, link.split("-"))) for link in line.split()] for line in handle]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=LEXICON_PATH)
    args = parser.parse_args()

    import eflomal

    pairs = training_pairs()
    french = [[t.stem for t in tokens(f, "fr")] for f, _ in pairs]
    english = [[t.stem for t in tokens(e, "en")] for _, e in pairs]
    keep = [i for i in range(len(pairs)) if french[i] and english[i]]
    french, english = [french[i] for i in keep], [english[i] for i in keep]
    print(
        f"{len(french)} sentence pairs, {sum(map(len, french))} French and {sum(map(len, english))} English tokens",
        file=sys.stderr,
    )
    os.environ.setdefault("OMP_NUM_THREADS", str(os.cpu_count() or 1))
    with tempfile.TemporaryDirectory() as folder:
        forward, backward = os.path.join(folder, "fwd"), os.path.join(folder, "rev")
        eflomal.Aligner().align(
            [" ".join(s) for s in french],
            [" ".join(s) for s in english],
            links_filename_fwd=forward,
            links_filename_rev=backward,
            quiet=True,
        )
        links = Counter()
        for name in (forward, backward):
            for sentence, pairs_of in enumerate(read_links(name)):
                for i, j in pairs_of:
                    links[(french[sentence][i], english[sentence][j])] += 0.5
    french_count = Counter(w for s in french for w in s)
    english_count = Counter(w for s in english for w in s)
    rows = []
    for (f, e), count in links.items():
        if count < MIN_LINKS:
            continue
        p_e_f, p_f_e = count / french_count[f], count / english_count[e]
        if max(p_e_f, p_f_e) >= MIN_PROBABILITY:
            rows.append((f, e, min(1.0, p_e_f), min(1.0, p_f_e)))
    rows.sort()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(args.output, "wb", mtime=0) as raw:
        raw.write(f"# built by bench/build_lexicon.py from {len(french)} sentence pairs\n".encode())
        for f, e, p_e_f, p_f_e in rows:
            raw.write(f"{f}\t{e}\t{p_e_f:.4f}\t{p_f_e:.4f}\n".encode())
    print(f"{len(rows)} stem pairs written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
