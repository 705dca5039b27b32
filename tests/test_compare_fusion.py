"""Fusion of alignment edits, detector findings and sentence scores into findings and garble scores."""

import pytest

from checker.compare import fusion
from checker.compare.alignment import align
from checker.compare.scores import SentenceScores
from checker.document import parse_document
from checker.engines.roundtrip import Retranslation, RetranslationRun
from checker.findings import Category, Finding, Severity
from checker.pipeline import check_source
from checker.reading import SourceText

TEXT = "The regime is using soldiers' hopes, in order to sending them into battle. The forces of kyiv held."
SCORES = SentenceScores(chrf=60.0, ter=30.0, bleu=40.0)


def model_flagging(feature: str, weight: float = 8.0, threshold=0.5, major=0.9) -> fusion.FusionModel:
    """A model whose token probability is high exactly where `feature` fires."""
    return fusion.FusionModel(
        fusion.LogisticModel(-4.0, {feature: weight}),
        fusion.LogisticModel(-1.0, {"chrf_gap": 2.0}),
        threshold,
        threshold,
        major,
    )


@pytest.fixture(scope="module")
def document(nlp):
    return parse_document(TEXT, nlp)


def test_logistic_model_is_a_sigmoid_of_the_weighted_features():
    model = fusion.LogisticModel(-1.0, {"a": 2.0, "b": -1.0})
    assert model.probability({}) == pytest.approx(0.2689, abs=1e-4)
    assert model.probability({"a": 1.0, "b": 1.0}) == pytest.approx(0.5)
    assert model.probability({"a": 1e6}) == pytest.approx(1.0)  # clipped, no overflow


def test_token_features_mark_the_tokens_an_edit_covers(document, nlp):
    sentence = document.sentences[0]
    edits = align(sentence, "The regime is using the soldiers' hopes in order to send them into battle.", nlp)
    features = fusion.token_features(sentence, edits, SCORES, [])
    tokens = [t.text for t in sentence.span]
    sending = features[tokens.index("sending")]
    assert sending["edit=R:VERB:FORM"] == 1.0 and sending["in_edit"] == 1.0
    assert "in_edit" not in features[tokens.index("regime")]
    assert features[tokens.index("soldiers")]["next_to_missing"] == 1.0  # "the" goes before it
    assert all(f["chrf_gap"] == pytest.approx(0.4) for f in features)


def test_a_flagged_run_becomes_a_finding_with_exact_offsets_and_the_retranslation_as_fix(document, nlp):
    sentence = document.sentences[0]
    back = "The regime is using the soldiers' hopes in order to send them into battle."
    edits = align(sentence, back, nlp)
    model = model_flagging("edit=R:VERB:FORM")
    comparison = fusion.compare_sentence(sentence, edits, SCORES, [], model)
    assert 0.0 <= comparison.garble <= 1.0
    findings = fusion.fuse(document, [], [comparison, fusion.SentenceComparison([], [], 0.0)], [back, ""], model, 0.5)
    (finding,) = findings
    assert finding.code == fusion.CODE and TEXT[finding.start : finding.end] == finding.text == "sending"
    assert finding.suggestion == "send" and finding.severity is Severity.MAJOR
    assert [e.value for e in finding.evidence if e.signal == "alignment"] == ["R:VERB:FORM"]


def test_a_run_over_a_detector_finding_merges_into_it(document, nlp):
    sentence = document.sentences[1]
    start = TEXT.index("kyiv")
    detector = Finding(
        "GARB002",
        "case.lowercase-proper-noun",
        Category.CASING,
        Severity.MINOR,
        start,
        start + 4,
        "kyiv",
        "proper noun in lower case",
        suggestion="Kyiv",
    )
    back = "The forces of Kiev held."
    edits = align(sentence, back, nlp)
    comparison = fusion.compare_sentence(sentence, edits, SCORES, [detector], model_flagging("detector"))
    (merged,) = fusion.fuse(
        document,
        [detector],
        [fusion.SentenceComparison([], [], 0.0), comparison],
        ["", back],
        model_flagging("detector"),
        0.5,
    )
    assert merged.code == "GARB002" and merged.suggestion == "Kyiv"  # the detector's name and fix stay
    # The rule's severity stays (the same with or without an engine); the model adds its evidence.
    assert merged.severity is Severity.MINOR
    assert {e.signal for e in merged.evidence} >= {"token-model", "retranslation"}


def test_the_confidence_threshold_decides_what_is_reported(nlp, detectors):
    text = "The committee approved the budget on Tuesday."

    def retranslator(sentences, advance):
        return RetranslationRun(
            "stub",
            {"engine": "stub"},
            ["en", "en"],
            [Retranslation(s, None, "On Tuesday the commission approved the money.") for s in sentences],
        )

    def findings(threshold):
        return check_source(
            SourceText("a.txt", text, "utf-8"), nlp, detectors, retranslator=retranslator, min_confidence=threshold
        ).findings

    assert findings(1.0) == []
    (everything,) = findings(0.0)  # every token flagged: one run, the whole sentence
    assert (everything.start, everything.end, everything.code) == (0, len(text), fusion.CODE)


def test_runs():
    assert fusion._runs([0.1, 0.6, 0.7, 0.2, 0.9], 0.5) == [(1, 3), (4, 5)]
    assert fusion._runs([], 0.5) == []


def test_the_shipped_model_loads_with_sane_thresholds():
    model = fusion.default_model()
    assert 0.0 < model.span_threshold <= model.report_threshold <= 1.0
    assert 0.0 < model.major_threshold <= 1.0
    assert model.token.weights and model.sentence.weights and "dev" in model.description


def test_check_source_compares_with_the_retranslation(nlp, detectors):
    backs = ["The regime uses the hopes of the soldiers to send them into battle.", "The forces of Kiev held."]

    def retranslator(sentences, advance):
        return RetranslationRun(
            "stub",
            {"engine": "stub"},
            ["en", "en"],
            [Retranslation(s, None, b) for s, b in zip(sentences, backs, strict=True)],
        )

    result = check_source(SourceText("a.txt", TEXT, "utf-8"), nlp, detectors, retranslator=retranslator)
    assert len(result.comparisons) == 2 and 0.0 <= result.garble <= 1.0
    assert all(c.edits for c in result.comparisons)
    assert all(TEXT[f.start : f.end] == f.text for f in result.findings)
    assert {s.name: s.ran for s in result.signals} == {
        "detectors": True,
        "source": False,
        "retranslation": True,
        "comparison": True,
    }
    # Without a re-translation the comparison says it did not run, and there is no garble score.
    alone = check_source(SourceText("a.txt", TEXT, "utf-8"), nlp, detectors)
    assert alone.garble is None and not {s.name: s.ran for s in alone.signals}["comparison"]


def test_an_identical_retranslation_scores_lower_than_a_divergent_one(nlp, detectors):
    def stub(backs):
        def retranslator(sentences, advance):
            return RetranslationRun(
                "stub",
                {"engine": "stub"},
                ["en", "en"],
                [Retranslation(s, None, b) for s, b in zip(sentences, backs(sentences), strict=True)],
            )

        return retranslator

    source = SourceText("a.txt", "The committee approved the budget on Tuesday.", "utf-8")
    same = check_source(source, nlp, detectors, retranslator=stub(lambda s: list(s)))
    other = check_source(
        source, nlp, detectors, retranslator=stub(lambda s: ["Tuesday the commission of the money approves nothing."])
    )
    assert same.garble < other.garble
