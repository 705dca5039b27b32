"""Shared helpers for the benchmarks: where the evaluation data lives, and a loaded pipeline."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def eval_dir() -> Path:
    """The shared evaluation data: $CHECKER_EVAL_DIR, else ../shared/eval beside the checkout."""
    path = Path(os.environ.get("CHECKER_EVAL_DIR", ROOT.parent / "shared" / "eval"))
    if not path.is_dir():
        raise SystemExit(f"evaluation data not found at {path}; set CHECKER_EVAL_DIR")
    return path


def pipeline():
    """(nlp, detectors, check) with `check(text, path)` returning an ArticleResult."""
    from checker.detectors import build_detectors
    from checker.nlp import load_english
    from checker.pipeline import check_source
    from checker.reading import SourceText

    nlp, _ = load_english()
    detectors = build_detectors()

    def check(text: str, path: str = "<text>"):
        return check_source(SourceText(path, text, "utf-8"), nlp, detectors)

    return nlp, detectors, check


def bilingual_findings(nlp, engine, cache):
    """`findings(french, english)`: the bilingual findings on the English as `checker check --source`
    gets them, with `engine`'s round trip (through `cache`), whose pivot the name check reads.
    Raises InputError when the French is refused as another article's source."""
    from checker.bilingual import check_against_source
    from checker.document import parse_document
    from checker.engines.roundtrip import retranslate

    def findings(french: str, english: str) -> list:
        document = parse_document(english, nlp)
        run = retranslate([english[s.start:s.end] for s in document.sentences], engine, cache)
        return check_against_source(document, french, pivots=[r.pivot for r in run.retranslations])[0]

    return findings


def fren_news_files(split: str, system: str = "ref") -> list[Path]:
    corpus = "newstest2013" if split == "dev" else "newstest2014"
    return sorted((eval_dir() / "fren_news" / split / corpus).glob(f"*/{system}.en.txt"))
