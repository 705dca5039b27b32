"""Acceptance on the user's seed article: both garbles flagged with exact spans and line:col."""

import json

from tests.conftest import SEED


def test_seed_findings_have_exact_spans(run_cli):
    records = json.loads(run_cli("check", SEED, "--format", "json").stdout)
    text = SEED.read_text(encoding="utf-8")
    findings = records["articles"][0]["findings"]
    for finding in findings:
        assert text[finding["start"] : finding["end"]] == finding["text"]
    by_text = {(f["code"], f["text"]): f for f in findings}
    compound = by_text[("GARB001", "northern soldiers as possible. -Koreans")]
    assert compound["suggestion"] == "North Korean soldiers"
    assert len(compound["sentences"]) == 2  # the span crosses the sentence break
    kyivs = [f for f in findings if f["code"] == "GARB002" and f["text"] == "kyiv"]
    assert len(kyivs) == 2 and {f["suggestion"] for f in kyivs} == {"Kyiv"}
    assert [s["ran"] for s in records["articles"][0]["signals"] if s["name"] == "retranslation"] == [True]


def test_seed_is_round_tripped_offline_through_bergamot(run_cli):
    records = json.loads(run_cli("check", SEED, "--format", "json").stdout)
    signature = records["signature"]
    assert signature["engine_signature"]["engine"] == "bergamot"
    assert len(signature["engine_signature"]["weights_sha256"]) == 16
    assert (
        signature["engine"].startswith("bergamot:")
        and signature["engine_signature"]["weights_sha256"] in signature["engine"]
    )
    sentences = records["articles"][0]["sentences"]
    assert all(s["retranslation"]["back"] and s["retranslation"]["pivot"] for s in sentences)
    broken = next(
        s for s in sentences if SEED.read_text(encoding="utf-8")[s["start"] : s["end"]].startswith("-Koreans")
    )
    assert "Koreans" in broken["retranslation"]["back"]


def test_seed_terminal_report_prints_line_and_column(run_cli):
    out = run_cli("check", SEED).stdout
    text = SEED.read_text(encoding="utf-8")
    for needle in ("northern soldiers as possible. -Koreans", "forces of kyiv", "While kyiv"):
        offset = text.index(needle) + (len(needle) - 4 if needle.endswith("kyiv") else 0)
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        assert f"{SEED}:{line}:{column}: major " in out


def test_seed_garbles_of_every_class_are_flagged_with_exact_spans(run_cli):
    records = json.loads(run_cli("check", SEED, "--format", "json").stdout)
    text = SEED.read_text(encoding="utf-8")
    spans = {(f["code"], f["text"]) for f in records["articles"][0]["findings"]}
    expected = {
        ("GARB001", "northern soldiers as possible. -Koreans"),
        ("GARB002", "kyiv"),
        ("GARB003", "2 700"),
        ("GARB007", "Zelensky. on January 11th."),
        ("GARB008", "by Washington Post"),
        ("GARB009", "in order to sending"),
    }
    assert expected <= spans
    kyiv_offsets = [f["start"] for f in records["articles"][0]["findings"] if f["text"] == "kyiv"]
    assert kyiv_offsets == [i for i in range(len(text)) if text.startswith("kyiv", i)]


def test_lowercased_name_evidence_names_the_list_and_the_tagger(run_cli):
    records = json.loads(run_cli("check", SEED, "--format", "json", "--no-retranslate").stdout)
    kyiv = next(f for f in records["articles"][0]["findings"] if f["text"] == "kyiv")
    signals = {e["signal"]: e for e in kyiv["evidence"]}
    assert (
        signals["proper-noun-list"]["value"] == "Kyiv" and "proper_nouns.txt:" in signals["proper-noun-list"]["detail"]
    )
    assert signals["tagger"]["value"]  # the tag spaCy gave the lower-case word, whatever it was
