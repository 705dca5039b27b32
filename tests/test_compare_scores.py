"""Sentence scores: checked against sacrebleu called directly (the oracle), and in the report."""

import json

import sacrebleu

from checker.compare.scores import SentenceScorer
from tests.conftest import SEED


def test_scores_equal_sacrebleu_called_directly():
    mt = "The Russian army seems to follow a best for the guest mentality against the forces of kyiv."
    back = (
        "The Russian army seems to follow a better to the invited mentality in the confrontation "
        "against the kyiv forces."
    )
    scores = SentenceScorer().score(mt, back)
    assert scores.chrf == sacrebleu.sentence_chrf(mt, [back], word_order=2).score
    assert scores.ter == sacrebleu.sentence_ter(mt, [back]).score
    assert scores.bleu == sacrebleu.sentence_bleu(mt, [back]).score
    identical = SentenceScorer().score(mt, mt)
    assert identical.chrf == 100.0 and identical.ter == 0.0 and round(identical.bleu, 6) == 100.0


def test_report_carries_scores_and_sacrebleu_signatures(run_cli):
    records = json.loads(run_cli("check", SEED, "--format", "json").stdout)
    signatures = records["signature"]["sacrebleu"]
    assert signatures["chrF++"].startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:2")
    assert "tok:tercom" in signatures["TER"] and "tok:13a" in signatures["BLEU"]
    text = SEED.read_text(encoding="utf-8")
    for sentence in records["articles"][0]["sentences"]:
        scores = sentence["retranslation"]["scores"]
        mt = " ".join(text[sentence["start"] : sentence["end"]].split())
        assert scores["chrF++"] == round(
            sacrebleu.sentence_chrf(mt, [sentence["retranslation"]["back"]], word_order=2).score, 2
        )
    broken = next(s for s in records["articles"][0]["sentences"] if text[s["start"] : s["end"]].startswith("-Koreans"))
    median = sorted(s["retranslation"]["scores"]["chrF++"] for s in records["articles"][0]["sentences"])[20]
    assert broken["retranslation"]["scores"]["chrF++"] < 100 and median > 0
    no_retranslation = json.loads(run_cli("check", SEED, "--format", "json", "--no-retranslate").stdout)
    assert no_retranslation["signature"]["sacrebleu"] is None


def test_long_sentences_get_no_ter_but_the_other_scores():
    long_mt = " ".join(["the soldiers moved along the northern road"] * 20)
    scores = SentenceScorer().score(long_mt, long_mt.replace("northern", "north"))
    assert scores.ter is None and scores.as_dict()["TER"] is None
    assert 0 < scores.chrf < 100 and 0 < scores.bleu < 100
