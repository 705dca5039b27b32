"""Shared helpers for the benchmarks: where the evaluation data lives, and a loaded pipeline."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The command line as a benchmark runs it: this interpreter, so the same environment.
CHECKER = [sys.executable, "-m", "checker"]


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


def source_check(cache, engine=None, nlp=None, source_engine: str = "apertium"):
    """`check(english, french, path)`: the ArticleResult of `checker check [--source]` as the CLI
    builds it: the detectors, `engine`'s round trip (the default engine's unless given) through
    `cache`, and with a `french` source (None: without one) the bilingual checks, the source
    translated by Apertium (`source_engine`) and BIL011. SystemExit when the source cannot be
    translated here; InputError from `check` when the French is another article's."""
    from checker.api import _source_translator
    from checker.detectors import build_detectors
    from checker.engines import DEFAULT_ENGINE, load_engine
    from checker.engines.roundtrip import retranslate
    from checker.nlp import load_english
    from checker.pipeline import check_source
    from checker.reading import SourceText

    nlp = nlp or load_english()[0]
    detectors = build_detectors()
    engine = engine or load_engine(DEFAULT_ENGINE)
    source_translator, skipped = _source_translator(engine, cache, source_engine)
    if source_engine != "none" and source_translator is None:
        raise SystemExit(f"the source cannot be translated here: {skipped}")

    def check(english: str, french: str | None, path: str = "<text>"):
        return check_source(
            SourceText(str(path), english, "utf-8"),
            nlp,
            detectors,
            parse_cache=cache,
            retranslator=lambda sentences, advance: retranslate(sentences, engine, cache, progress=advance),
            french_source=french,
            source_translator=source_translator if french is not None else None,
        )

    return check


def bilingual_findings(nlp, engine, cache, source_engine: str = "apertium"):
    """`findings(french, english)`: the bilingual findings (BIL*) on the English as `checker check
    --source` gets them (`source_check`)."""
    check = source_check(cache, engine, nlp, source_engine)

    def findings(french: str, english: str) -> list:
        return [f for f in check(english, french, "<pair>").findings if f.code.startswith("BIL")]

    return findings


def fren_news_files(split: str, system: str = "ref") -> list[Path]:
    corpus = "newstest2013" if split == "dev" else "newstest2014"
    return sorted((eval_dir() / "fren_news" / split / corpus).glob(f"*/{system}.en.txt"))
