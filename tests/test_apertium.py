"""The Apertium engine: French into English offline, both routes, and what the report says without it."""

import json
import os
import shutil

import pytest

from checker.engines.apertium import INSTALL_HINT, ApertiumEngine, unmark
from checker.engines.base import EngineUnavailable

HAVE_APERTIUM = ApertiumEngine.availability("direct")[0]
needs_apertium = pytest.mark.skipif(
    not HAVE_APERTIUM and not os.environ.get("CHECKER_REQUIRE_APERTIUM"),
    reason="Apertium is not installed (" + INSTALL_HINT + ")",
)

FRENCH = ["Un fan mexicain de 21 ans a été tué à Goma.", "", "Les chats mangent la souris.", "Le président"]


@needs_apertium
def test_direct_route_translates_each_line_on_its_own_and_keeps_unknown_names():
    engine = ApertiumEngine("direct", mark_unknown=True)
    out = engine.translate(FRENCH, "fr", "en")
    assert len(out) == len(FRENCH) and out[1] == ""
    clean, unknown = unmark(out[0])
    # spa-eng alone would read the unknown name as Spanish `goma` and write "Rubber".
    assert "Goma" in clean and "Rubber" not in clean and unknown == ["Goma"]
    assert "cats" in out[2].lower() and "mouse" in out[2].lower()
    assert out[3].lower().startswith("the president") and "cats" not in out[3]  # lines do not run together


@needs_apertium
def test_hybrid_route_is_fluent_english_through_portuguese_and_bergamot():
    engine = ApertiumEngine("hybrid")
    (out,) = engine.translate([FRENCH[0]], "fr", "en")
    assert "Goma" in out and "Mexican" in out and "*" not in out
    signature = engine.signature()
    assert signature["options"]["route"] == "hybrid" and "bergamot" in signature["model"]
    assert set(signature["packages"]) == {"apertium", "apertium-fr-es", "apertium-eng-spa", "apertium-es-pt"}
    assert signature["weights_sha256"] and signature["data_sha256"] != "unknown"
    assert ApertiumEngine("direct").signature()["data_sha256"] != signature["data_sha256"]


@needs_apertium
def test_only_french_into_english():
    with pytest.raises(EngineUnavailable, match="fr->en only"):
        ApertiumEngine("direct").translate(["hello"], "en", "fr")


def test_without_apertium_the_engine_names_the_debian_packages(tmp_path):
    missing = str(tmp_path / "no-apertium")
    available, detail = ApertiumEngine.availability("direct", apertium=missing)
    assert not available and "apertium-fr-es" in detail and "apertium-eng-spa" in detail
    with pytest.raises(EngineUnavailable, match="apt-get install apertium"):
        ApertiumEngine("direct", apertium=missing)


def test_unmark_strips_apertium_marks_and_lists_the_unknown_words():
    assert unmark("A fan killed in *Goma by @bombardier and #vivre.") == (
        "A fan killed in Goma by bombardier and vivre.",
        ["Goma", "bombardier", "vivre"],
    )


ENGLISH_STORY = "A 21-year-old Mexican fan was killed in Goma.\nThe cats eat the mouse.\n"
FRENCH_STORY = "Un fan mexicain de 21 ans a été tué à Goma.\nLes chats mangent la souris.\n"


@needs_apertium
def test_check_with_a_source_runs_both_apertium_routes_and_says_so(run_cli, tmp_path):
    (tmp_path / "story.en.txt").write_text(ENGLISH_STORY, encoding="utf-8")
    (tmp_path / "story.fr.txt").write_text(FRENCH_STORY, encoding="utf-8")
    result = run_cli(
        "check", tmp_path / "story.en.txt", "--source", tmp_path / "story.fr.txt", "--format", "json", "--quiet"
    )
    article = json.loads(result.stdout)["articles"][0]
    signals = {s["name"]: s for s in article["signals"]}
    assert signals["source-translation"]["ran"] is True
    assert "hybrid by apertium:fr-es+es-pt+bergamot:pt-en" in signals["source-translation"]["detail"]
    assert "direct by apertium:fr-es+spa-eng" in signals["source-translation"]["detail"]
    assert signals["source-accuracy"]["ran"] is True
    translations = article["source"]["sentences"][0]["translations"]
    assert set(translations) == {"hybrid", "direct"} and "Goma" in translations["hybrid"]


def test_check_without_apertium_says_what_did_not_run_and_how_to_install_it(run_cli, tmp_path, monkeypatch):
    (tmp_path / "story.en.txt").write_text(ENGLISH_STORY, encoding="utf-8")
    (tmp_path / "story.fr.txt").write_text(FRENCH_STORY, encoding="utf-8")
    real_which = shutil.which
    monkeypatch.setattr(
        shutil, "which", lambda name, *a, **k: None if name == "apertium" else real_which(name, *a, **k)
    )
    result = run_cli(
        "check", tmp_path / "story.en.txt", "--source", tmp_path / "story.fr.txt", "--format", "json", "--quiet"
    )
    assert result.exit_code in (0, 1)
    signals = {s["name"]: s for s in json.loads(result.stdout)["articles"][0]["signals"]}
    assert signals["source-translation"]["ran"] is False
    assert "Apertium is not installed" in signals["source-translation"]["detail"]
    assert (
        "apt-get install apertium apertium-fr-es apertium-eng-spa apertium-es-pt"
        in signals["source-translation"]["detail"]
    )
    assert signals["source"]["ran"] is True  # the rule checks of the source still ran


def test_engines_lists_apertium_and_it_cannot_round_trip_english(run_cli, tmp_path):
    listing = run_cli("engines")
    assert "apertium" in listing.stdout
    (tmp_path / "story.en.txt").write_text(ENGLISH_STORY, encoding="utf-8")
    refused = run_cli("check", tmp_path / "story.en.txt", "--engine", "apertium")
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1
    assert "cannot re-translate English" in refused.stderr


@needs_apertium
def test_the_html_side_by_side_shows_the_sources_translation(run_cli, tmp_path):
    (tmp_path / "story.en.txt").write_text(ENGLISH_STORY, encoding="utf-8")
    (tmp_path / "story.fr.txt").write_text(FRENCH_STORY, encoding="utf-8")
    page = run_cli("check", tmp_path / "story.en.txt", "--source", tmp_path / "story.fr.txt", "--format", "html").stdout
    assert "The source, machine-translated" in page
    translated = page.split('class="translated">')[1].split("</td>")[0]
    assert "Goma" in translated and "Mexican" in translated


@needs_apertium
def test_a_route_that_fails_midway_is_said_and_the_rest_of_the_check_goes_on(run_cli, tmp_path, monkeypatch):
    (tmp_path / "story.en.txt").write_text(ENGLISH_STORY, encoding="utf-8")
    (tmp_path / "story.fr.txt").write_text(FRENCH_STORY, encoding="utf-8")
    original = ApertiumEngine._run

    def broken(self, mode, lines, marks):
        if mode == "spa-eng":
            raise EngineUnavailable("apertium spa-eng failed: Segmentation fault")
        return original(self, mode, lines, marks)

    monkeypatch.setattr(ApertiumEngine, "_run", broken)
    result = run_cli(
        "check",
        tmp_path / "story.en.txt",
        "--source",
        tmp_path / "story.fr.txt",
        "--format",
        "json",
        "--quiet",
        "--no-cache",
    )
    assert result.exit_code in (0, 1)
    signals = {s["name"]: s for s in json.loads(result.stdout)["articles"][0]["signals"]}
    assert signals["source-translation"]["ran"] is True  # the hybrid route did
    assert (
        "the direct route failed: apertium spa-eng failed: Segmentation fault"
        in signals["source-translation"]["detail"]
    )
    assert signals["source-accuracy"]["ran"] is False and signals["retranslation"]["ran"] is True
