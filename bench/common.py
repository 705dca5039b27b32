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


def fren_news_files(split: str, system: str = "ref") -> list[Path]:
    corpus = "newstest2013" if split == "dev" else "newstest2014"
    return sorted((eval_dir() / "fren_news" / split / corpus).glob(f"*/{system}.en.txt"))
