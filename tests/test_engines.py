"""Engines without downloads: the bundled Bergamot models, a tiny MarianMT built here, user files."""

import json
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from checker.engines import EngineUnavailable, load_engine
from checker.engines.base import Engine
from checker.engines.cache import TranslationCache
from checker.engines.roundtrip import retranslate
from checker.engines.splitting import split_to_fit
from tests.conftest import ROOT, SEED

SENTENCES = [
    "The army of Kyiv advanced on Monday.",
    "North Korean soldiers were captured.",
    "The army of Kyiv advanced on Monday.",
]


# -- splitting ---------------------------------------------------------------------------------


def test_split_to_fit_cuts_at_clauses_and_loses_nothing():
    text = (
        "The soldiers, who had marched all night, reached the river; the officers waited, and the "
        "enemy watched from the hills while the rain fell."
    )
    pieces = split_to_fit(text, lambda t: len(t) <= 40)
    assert all(len(p) <= 40 for p in pieces)
    assert " ".join(pieces).split() == text.split()  # nothing lost, nothing added
    assert pieces[0].endswith(",") or pieces[0].endswith(";")


def test_split_to_fit_without_spaces_still_fits():
    pieces = split_to_fit("x" * 100, lambda t: len(t) <= 30)
    assert "".join(pieces) == "x" * 100 and all(len(p) <= 30 for p in pieces)


# -- bergamot ----------------------------------------------------------------------------------


def test_bergamot_round_trip_is_english_and_cached(tmp_path):
    engine = load_engine("bergamot", threads=2)
    cache = TranslationCache(tmp_path / "cache.sqlite3")
    first = retranslate(SENTENCES, engine, cache)
    assert first.route == ["en", "pt", "en"]
    assert [r.original for r in first.retranslations] == SENTENCES
    assert "soldiers" in first.retranslations[1].back.lower()
    assert first.retranslations[0].pivot != first.retranslations[0].back  # Portuguese in the middle
    assert first.translated == 4 and first.cached == 0  # the repeated sentence is translated once per leg
    second = retranslate(SENTENCES, engine, cache)
    assert second.cached == 6 and second.translated == 0
    assert [r.back for r in second.retranslations] == [r.back for r in first.retranslations]
    assert cache.info()["entries"] == 4


def test_bergamot_round_trip_in_one_task_equals_two_batches():
    engine = load_engine("bergamot", threads=2)
    texts = SENTENCES[:2]
    pivots = engine.translate(texts, "en", "pt")
    assert engine.round_trip(texts, "en", "pt") == list(zip(pivots, engine.translate(pivots, "pt", "en"), strict=True))


class _CountingEngine(Engine):
    """EN<->XX by reversing words: counts what it is asked to translate, leg by leg."""

    name = "counting"
    directions = (("en", "xx"), ("xx", "en"))
    pivot = "xx"

    def __init__(self):
        self.legs: list[tuple[str, str, list[str]]] = []

    def signature(self) -> dict:
        return {"engine": self.name}

    def translate(self, texts, src, tgt, progress=None):
        self.legs.append((src, tgt, list(texts)))
        if progress is not None:
            progress(len(texts))
        return [" ".join(reversed(t.split())) + f" [{tgt}]" for t in texts]


def test_round_trip_reads_cached_legs_and_translates_only_what_is_missing(tmp_path):
    engine, cache = _CountingEngine(), TranslationCache(tmp_path / "cache.sqlite3")
    steps: list[int] = []
    first = retranslate(SENTENCES, engine, cache, progress=steps.append)
    assert sum(steps) == 2 * len(SENTENCES)  # two legs per sentence, the repeated one included
    assert [leg[:2] for leg in engine.legs] == [("en", "xx"), ("xx", "en")]
    assert engine.legs[0][2] == sorted(set(SENTENCES))  # the repeated sentence is translated once
    assert first.translated == 4 and first.cached == 0
    assert first.retranslations[1].back == "[xx] North Korean soldiers were captured. [en]"

    # Only the second leg of one sentence is lost: its first leg is read, its second translated.
    signature = engine.signature_string()
    pivot = first.retranslations[1].pivot
    with sqlite3.connect(cache.path) as db:
        db.execute("DELETE FROM translations WHERE key = ?", (cache.key(signature, "xx", "en", pivot),))
    engine.legs.clear()
    steps.clear()
    again = retranslate(SENTENCES, engine, cache, progress=steps.append)
    assert engine.legs == [("xx", "en", [pivot])]
    assert [r.back for r in again.retranslations] == [r.back for r in first.retranslations]
    assert sum(steps) == 2 * len(SENTENCES)


def test_bergamot_signature_names_models_and_weights():
    signature = load_engine("bergamot").signature()
    assert signature["engine"] == "bergamot" and "enpt" in signature["model"] and "pten" in signature["model"]
    assert len(signature["weights_sha256"]) == 16
    assert signature["options"] == {"postprocess": False}
    assert load_engine("bergamot", postprocess=True).signature_string() != load_engine("bergamot").signature_string()


def _open_and_write(path_and_number):
    path, number = path_and_number
    try:
        TranslationCache(path).put_many(
            "signature", "engine", "en", "pt", [(f"text {number}-{i}", "x") for i in range(20)]
        )
    except Exception as exc:  # reported to the test, which names it
        return str(exc)
    return None


def test_processes_opening_a_new_cache_together_do_not_fail_on_its_lock(tmp_path):
    # Creating the tables and switching a new database to WAL in several processes at once made
    # SQLite answer 'database is locked' at once (no busy wait), about once in 80 openings here.
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(8) as pool:
        for round_ in range(40):
            path = tmp_path / f"cache-{round_}.sqlite3"
            errors = [e for e in pool.map(_open_and_write, [(path, n) for n in range(8)]) if e]
            assert errors == []
            assert TranslationCache(path).info()["entries"] == 160


def test_two_processes_share_the_cache_without_errors_or_lost_entries(tmp_path):
    articles = []
    for n in range(2):
        article = tmp_path / f"article{n}.txt"
        article.write_text(
            " ".join(f"Report {n}-{i}: the forces of Kyiv held line {i}." for i in range(12)), encoding="utf-8"
        )
        articles.append(article)
    env = dict(os.environ, CHECKER_CACHE_DIR=str(tmp_path / "shared-cache"))
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "checker", "check", str(a), "--format", "json", "--quiet"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for a in articles
    ]
    results = [p.communicate(timeout=300) for p in processes]
    for process, (out, err) in zip(processes, results, strict=True):
        assert process.returncode in (0, 1), err
        assert json.loads(out)["articles"][0]["retranslation"]["translated"] > 0
    sentences = sum(len(json.loads(out)["articles"][0]["sentences"]) for out, _ in results)
    info = TranslationCache(tmp_path / "shared-cache" / "translations.sqlite3").info()
    assert info["entries"] == 2 * sentences  # every sentence, both legs, from both processes


def test_cli_cache_info_and_clear(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The forces of Kyiv advanced.", encoding="utf-8")
    run_cli("check", article, "--quiet")
    assert "entries:" in run_cli("cache", "info").stdout
    assert run_cli("cache", "clear").stdout.startswith("removed ")
    assert "entries: 0" in run_cli("cache", "info").stdout
    report = json.loads(run_cli("check", article, "--no-cache", "--format", "json").stdout)
    assert report["articles"][0]["retranslation"]["cached"] == 0
    assert "entries: 0" in run_cli("cache", "info").stdout


def test_retranslate_writes_jsonl_that_the_file_engine_reads_back(run_cli, tmp_path):
    out = tmp_path / "seed.jsonl"
    result = run_cli("retranslate", SEED, "--output", out, "--quiet")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    text = SEED.read_text(encoding="utf-8")
    assert [r["id"] for r in rows] == list(range(len(rows)))
    assert all(text[r["start"] : r["end"]] == r["original"] and r["pivot"] and r["back"] for r in rows)
    report = json.loads(run_cli("check", SEED, "--engine", "file", "--retranslations", out, "--format", "json").stdout)
    backs = [s["retranslation"]["back"] for s in report["articles"][0]["sentences"]]
    assert backs == [r["back"] for r in rows]
    assert report["signature"]["engine"].startswith("file:seed.jsonl@sha256:")


# -- file engine -------------------------------------------------------------------------------


def test_file_engine_line_aligned_and_misaligned(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The forces of kyiv advanced. Moscow denied it.", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Kyiv's forces advanced.\nMoscow denied this.\n", encoding="utf-8")
    report = json.loads(
        run_cli("check", article, "--engine", "file", "--retranslations", good, "--format", "json").stdout
    )
    assert [s["retranslation"]["back"] for s in report["articles"][0]["sentences"]] == [
        "Kyiv's forces advanced.",
        "Moscow denied this.",
    ]
    short = tmp_path / "short.txt"
    short.write_text("Kyiv's forces advanced.\n", encoding="utf-8")
    result = run_cli("check", article, "--engine", "file", "--retranslations", short)
    assert result.exit_code == 2 and "1 lines for 2 sentences" in result.stderr
    stale = tmp_path / "stale.jsonl"
    stale.write_text(
        '{"id": 0, "original": "Another sentence.", "back": "x"}\n{"id": 1, "back": "y"}\n', encoding="utf-8"
    )
    result = run_cli("check", article, "--engine", "file", "--retranslations", stale)
    assert result.exit_code == 2 and "made for another version" in result.stderr
    assert run_cli("check", article, "--engine", "file").exit_code == 2


# -- marian (a tiny model built in the test) ----------------------------------------------------


def test_marian_loads_a_local_checkpoint_and_translates_in_batches(tiny_marian):
    engine = load_engine("marian", model=str(tiny_marian), back_model=str(tiny_marian), beam_size=2)
    texts = ["the army of kyiv.", "north korean troops said the front war letter report.", "", "losses"]
    outputs = engine.translate(texts, "en", "fr")
    assert len(outputs) == len(texts) and outputs[2] == ""
    assert all(isinstance(o, str) and o for i, o in enumerate(outputs) if i != 2)
    assert engine.translate(texts, "en", "fr") == outputs  # deterministic
    assert engine.translate([texts[1]], "en", "fr") == [outputs[1]]  # batching does not change results


def test_marian_splits_inputs_longer_than_the_model_limit(tiny_marian):
    engine = load_engine("marian", model=str(tiny_marian), back_model=str(tiny_marian), beam_size=1)
    loaded = engine._load("en", "fr")
    model, tokenizer, limit = loaded.model, loaded.tokenizer, loaded.limit
    long_text = ", ".join(["the army of kyiv said the front war letter"] * 12) + "."
    assert len(tokenizer(long_text).input_ids) > 3 * limit
    seen = []
    original_generate = model.generate

    def spy(**kwargs):
        seen.append(kwargs["input_ids"].shape[1])
        return original_generate(**kwargs)

    model.generate = spy
    try:
        [output] = engine.translate([long_text], "en", "fr")
    finally:
        model.generate = original_generate
    assert output and max(seen) <= limit
    pieces = split_to_fit(long_text, lambda t: len(tokenizer(t).input_ids) <= limit)
    assert len(pieces) > 3 and " ".join(pieces).split() == long_text.split()


def test_marian_round_trip_signature_and_cache(tiny_marian, tmp_path):
    engine = load_engine("marian", model=str(tiny_marian), back_model=str(tiny_marian), pivot="fr")
    signature = engine.signature()
    assert signature["engine"] == "marian" and signature["options"] == {"beam_size": 4}
    assert signature["models"]["en-fr"]["weights_sha256"] == signature["weights_sha256"]
    cache = TranslationCache(tmp_path / "cache.sqlite3")
    first = retranslate(SENTENCES[:2], engine, cache)
    assert first.route == ["en", "fr", "en"] and first.translated == 4
    assert retranslate(SENTENCES[:2], engine, cache).cached == 4


def test_marian_signature_changes_with_the_weights(tiny_marian, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(tiny_marian, copy)
    before = load_engine("marian", model=str(copy), back_model=str(copy)).signature()["weights_sha256"]
    weights = copy / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 0xFF
    weights.write_bytes(bytes(data))
    assert load_engine("marian", model=str(copy), back_model=str(copy)).signature()["weights_sha256"] != before


def test_marian_error_paths(tiny_marian, tmp_path):
    with pytest.raises(EngineUnavailable, match="does not exist"):
        load_engine("marian", model=str(tmp_path / "missing"), back_model=str(tiny_marian))
    engine = load_engine("marian", model=str(tiny_marian), back_model=str(tiny_marian))
    with pytest.raises(EngineUnavailable, match="no de->en model"):
        engine.translate(["x"], "de", "en")
    empty = tmp_path / "empty-model"
    empty.mkdir()
    broken = load_engine("marian", model=str(empty), back_model=str(tiny_marian))
    with pytest.raises(EngineUnavailable, match="cannot load"):
        broken.translate(["the army"], "en", "fr")


@pytest.mark.parametrize(
    "offline", [{"HF_HUB_OFFLINE": "1"}, {"HF_ENDPOINT": "http://127.0.0.1:9"}], ids=["offline-flag", "hub-unreachable"]
)
def test_uncached_hub_model_fails_fast_with_one_line(tmp_path, offline):
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "HF_ENDPOINT")}
    env.update(offline, HF_HOME=str(tmp_path / "hf-home"))
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "checker",
            "check",
            str(SEED),
            "--engine",
            "marian",
            "--model",
            "Helsinki-NLP/opus-mt-en-fr",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("checker: error: model 'Helsinki-NLP/opus-mt-en-fr'")
    assert "local directory" in lines[0]
    assert elapsed < 5, f"took {elapsed:.1f} s"


# -- ctranslate2 (the same tiny checkpoint, converted) ---------------------------------------------


def test_ctranslate2_converts_once_and_translates_like_an_engine(tiny_marian, tmp_path, monkeypatch):
    pytest.importorskip("ctranslate2")
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "cache"))
    engine = load_engine("ctranslate2", model=str(tiny_marian), back_model=str(tiny_marian), beam_size=1)
    texts = ["the army of kyiv.", "", ", ".join(["the army of kyiv said the front war letter"] * 12) + "."]
    outputs = engine.translate(texts, "en", "fr")
    assert len(outputs) == 3 and outputs[0] and outputs[1] == "" and outputs[2]
    converted = list((tmp_path / "cache" / "ctranslate2").iterdir())
    assert len(converted) == 1 and converted[0].name.endswith("-int8") and (converted[0] / "model.bin").exists()
    signature = engine.signature()
    assert signature["engine"] == "ctranslate2" and signature["options"]["compute_type"] == "int8"
    again = load_engine("ctranslate2", model=str(tiny_marian), back_model=str(tiny_marian), beam_size=1)
    assert again.translate(texts, "en", "fr") == outputs  # the converted copy is reused, results identical
    run = retranslate(SENTENCES[:2], again, TranslationCache(tmp_path / "c.sqlite3"))
    assert run.route == ["en", "fr", "en"] and all(r.back for r in run.retranslations)


def test_parse_cache_gives_identical_documents_and_findings(nlp, detectors, tmp_path):
    from checker.pipeline import check_source
    from checker.reading import read_article

    source = read_article(SEED)
    cache = TranslationCache(tmp_path / "cache.sqlite3")
    fresh = check_source(source, nlp, detectors)
    stored = check_source(source, nlp, detectors, parse_cache=cache)
    assert cache.info()["parses"] == len({p.index for p in fresh.document.paragraphs})
    reread = check_source(source, nlp, detectors, parse_cache=cache)
    for result in (stored, reread):
        assert [(s.start, s.end) for s in result.document.sentences] == [
            (s.start, s.end) for s in fresh.document.sentences
        ]
        assert result.findings == fresh.findings
    assert [t.dep_ for t in reread.document.sentences[3].span] == [t.dep_ for t in fresh.document.sentences[3].span]


def test_very_long_articles_are_not_parse_cached(nlp, tmp_path, monkeypatch):
    from checker import document

    cache = TranslationCache(tmp_path / "cache.sqlite3")
    monkeypatch.setattr(document, "MAX_CACHED_PARSE_CHARS", 100)
    document.parse_document("A short paragraph.\n" * 20, nlp, parse_cache=cache)
    assert cache.info()["parses"] == 0
    document.parse_document("A short paragraph.", nlp, parse_cache=cache)
    assert cache.info()["parses"] == 1
