"""Several articles through the pipeline: the re-translation runs ahead, results stay in order."""

import subprocess
import sys
import threading

import pytest

from checker.engines.roundtrip import Retranslation, RetranslationRun
from checker.pipeline import LOOKAHEAD_ARTICLES, check_source, check_sources
from checker.reading import SourceText
from tests.conftest import ROOT


def stub_retranslator(threads: set):
    def retranslator(sentences, advance):
        threads.add(threading.current_thread().name)
        backs = [s.replace("kyiv", "Kyiv").replace("walk", "walked") for s in sentences]
        return RetranslationRun(
            "stub",
            {"engine": "stub"},
            ["en", "en"],
            [Retranslation(s, None, b) for s, b in zip(sentences, backs, strict=True)],
        )

    return retranslator


def test_check_sources_matches_check_source_article_by_article(nlp, detectors):
    sources = [
        SourceText(f"{i}.txt", f"Article {i}: the forces of kyiv walk home. It rained {i} days.", "utf-8")
        for i in range(LOOKAHEAD_ARTICLES + 3)
    ]
    threads: set = set()
    together = list(check_sources(sources, nlp, detectors, retranslator=stub_retranslator(threads)))
    assert [r.source.path for r in together] == [s.path for s in sources]
    assert any(name.startswith("retranslate") for name in threads)  # translated on the worker thread
    for source, result in zip(sources, together, strict=True):
        alone = check_source(source, nlp, detectors, retranslator=stub_retranslator(set()))
        assert [(f.code, f.start, f.end) for f in result.findings] == [(f.code, f.start, f.end) for f in alone.findings]
        assert [r.back for r in result.retranslation.retranslations] == [
            r.back for r in alone.retranslation.retranslations
        ]
        assert result.garble == alone.garble


def test_spacy_loads_without_importing_torch_which_stays_importable():
    # thinc would import torch (seconds, hundreds of MB) although spaCy's small pipelines never use it.
    pytest.importorskip("torch")
    code = (
        "import sys; from checker.nlp import load_english; load_english(); "
        "assert 'torch' not in sys.modules, 'torch imported'; import torch; print(torch.tensor([2]).item())"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "2"


def test_bilingual_names_are_looked_for_in_the_round_trips_pivot(nlp, detectors):
    source = SourceText("a.en.txt", "The residents of Regensburg voted on Sunday to elect their mayor.", "utf-8")
    french = "Les habitants de Ratisbonne ont voté dimanche pour élire leur maire."

    def via_portuguese(sentences, advance):
        pivots = [s.replace("The residents of Regensburg", "Os residentes de Ratisbona") for s in sentences]
        return RetranslationRun(
            "stub",
            {"engine": "stub"},
            ["en", "pt", "en"],
            [Retranslation(s, p, s) for s, p in zip(sentences, pivots, strict=True)],
        )

    without = check_source(source, nlp, detectors, french_source=french)
    assert [f.code for f in without.findings] == ["BIL003"]
    with_pivot = check_source(source, nlp, detectors, french_source=french, retranslator=via_portuguese)
    assert [f.code for f in with_pivot.findings] == []
    assert "pivot" in next(s.detail for s in with_pivot.signals if s.name == "source")


def test_another_articles_source_is_refused_before_anything_is_translated(nlp, detectors):
    from checker.errors import InputError

    source = SourceText("a.en.txt", "The residents of Regensburg voted on Sunday to elect their mayor.", "utf-8")
    unrelated = (
        "Le prix du pétrole a augmenté de 12 % à New York, selon l'Opep, après la réunion de Vienne du 3 mars. "
        "Les ministres de l'Arabie saoudite et de la Russie ont promis de réduire leur production de 2 millions "
        "de barils par jour jusqu'en décembre, ce qui inquiète les importateurs européens et asiatiques."
    )

    def must_not_run(sentences, advance):
        raise AssertionError("translated an article whose source was refused")

    with pytest.raises(InputError):
        check_source(source, nlp, detectors, french_source=unrelated, retranslator=must_not_run)


def test_a_huge_articles_windows_count_as_one_article_in_the_progress(nlp, detectors):
    from checker import windows

    big = SourceText(
        "big.txt", "\n\n".join(f"Paragraph {i}: the forces of kyiv walk home." for i in range(60)), "utf-8"
    )
    sources = [
        SourceText("a.txt", "The forces of kyiv walk home.", "utf-8"),
        *windows.split(big, size=600),
        SourceText("b.txt", "It rained.", "utf-8"),
    ]
    assert len(sources) > 4  # the big article is in several windows
    counted = []

    class Progress:
        def stage(self, name, total):
            return counted.append

    results = list(check_sources(sources, nlp, detectors, retranslator=stub_retranslator(set()), progress=Progress()))
    assert len(results) == len(sources)
    assert sum(counted) == 3  # three articles, however many windows
