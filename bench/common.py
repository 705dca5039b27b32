"""Shared helpers for the benchmarks: where the evaluation data lives, and a loaded pipeline."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_block(doc: Path, begin: str, end: str, heading: str, table: str) -> None:
    """Put `table` between the `begin` and `end` markers of `doc`, or append it under `heading`."""
    import re

    text = doc.read_text(encoding="utf-8")
    block = f"{begin}\n{table}\n{end}"
    if begin in text:
        text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + f"\n\n{heading}\n\n" + block + "\n"
    doc.write_text(text, encoding="utf-8")


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


def bilingual_findings(nlp, engine, cache, source_engine: str = "apertium"):
    """`findings(french, english)`: the bilingual findings (BIL*) on the English as `checker check
    --source` gets them: the rule checks with `engine`'s round trip (through `cache`), whose pivot
    the name check reads, and, with Apertium (`source_engine`), BIL011 weighing every word against
    the source's translations. Raises InputError when the French is refused as another article's
    source; SystemExit when Apertium was asked for and cannot run."""
    from checker.cli import _source_translator
    from checker.detectors import build_detectors
    from checker.engines.roundtrip import retranslate
    from checker.pipeline import check_source
    from checker.reading import SourceText

    detectors = build_detectors()
    source_translator, skipped = _source_translator(engine, cache, source_engine)
    if source_engine != "none" and (source_translator is None or "Apertium did not run" in skipped):
        raise SystemExit(f"the source cannot be translated here: {skipped}")

    def findings(french: str, english: str) -> list:
        result = check_source(SourceText("<pair>", english, "utf-8"), nlp, detectors, parse_cache=cache,
                              retranslator=lambda sentences, advance: retranslate(sentences, engine, cache, progress=advance),
                              french_source=french, source_translator=source_translator)
        return [f for f in result.findings if f.code.startswith("BIL")]

    return findings


def fren_news_files(split: str, system: str = "ref") -> list[Path]:
    corpus = "newstest2013" if split == "dev" else "newstest2014"
    return sorted((eval_dir() / "fren_news" / split / corpus).glob(f"*/{system}.en.txt"))
