"""BIL011: words of the English weighed against the source, on toy data and on pairs written here."""

import gzip
import math

import pytest
from sacrebleu.metrics import CHRF

from checker.bilingual.accuracy import TreeModel, _runs, _suggestion
from checker.bilingual.lexicon import Lexicon, stem, tokens
from checker.bilingual.support import FEATURES, WordSupport, bigram_score, is_cognate, word_support
from checker.findings import Category, Evidence, Finding, Severity, merge_overlapping


def test_tokens_keep_offsets_split_elisions_and_hyphens():
    text = "L'affaire des soldats nord-coréens d’aujourd'hui"
    found = tokens(text, "fr")
    assert all(text[t.start : t.end] == t.text for t in found)
    assert [t.stem for t in found][:2] == ["le", "affair"]
    assert [t.text for t in found][4:6] == ["nord", "coréens"] and found[-1].text == "aujourd'hui"
    assert stem("Séquestrations", "fr") == stem("séquestration", "fr") == "sequestr"
    assert stem("kidnapping", "en") == "kidnap"


def write_lexicon(path, rows):
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("# toy\n")
        for row in rows:
            handle.write("\t".join(map(str, row)) + "\n")


def test_lexicon_reads_both_directions_and_names_a_bad_line(tmp_path):
    path = tmp_path / "lexicon.tsv.gz"
    write_lexicon(path, [("chat", "cat", 0.9, 0.8), ("chat", "chat", 0.05, 0.5)])
    lexicon = Lexicon.load(path)
    assert (
        lexicon.english_given_french_of("chat", "cat") == 0.9 and lexicon.french_given_english_of("chat", "chat") == 0.5
    )
    assert lexicon.knows_english("cat") and not lexicon.knows_french("chien")
    write_lexicon(path, [("chat", "cat", "x")])
    with pytest.raises(ValueError, match=r"lexicon.tsv.gz:2"):
        Lexicon.load(path)


def test_cognates_are_spelt_alike():
    assert is_cognate("culinary", "culinaire") and is_cognate("petrochemical", "petrochimique")
    assert not is_cognate("kidnapping", "sequestration") and not is_cognate("the", "thé")


def test_bigrams_know_english_word_order():
    assert bigram_score("the", "house") > bigram_score("house", "the")
    assert bigram_score("the", "qwzxv") == -1.0


def toy_lexicon() -> Lexicon:
    pairs = {
        ("chat", "cat"): 0.9,
        ("noir", "black"): 0.8,
        ("mang", "eat"): 0.7,
        ("le", "the"): 0.6,
        ("sour", "mous"): 0.8,
        ("detent", "detent"): 0.5,
        ("detent", "custodi"): 0.3,
    }
    forward, backward = {}, {}
    for (f, e), p in pairs.items():
        forward.setdefault(f, {})[e] = p
        backward.setdefault(e, {})[f] = p
    return Lexicon(forward, backward)


def test_a_word_no_source_word_supports_is_unsupported_and_contradicted():
    french = "Le chat noir mange la souris pendant sa détention."
    english = "The black cat eats the mouse during his kidnapping."
    hybrid = direct = "The black cat eats the mouse during his detention."
    rows = {w.token.text: w for w in word_support(english, french, hybrid, direct, toy_lexicon(), CHRF(word_order=2))}
    assert set(FEATURES) <= set(rows["cat"].features)
    assert rows["cat"].supported and rows["cat"].features["p_english_given_french"] == 0.9
    assert not rows["kidnapping"].supported and rows["kidnapping"].features["in_hybrid"] == 0.0
    assert rows["kidnapping"].features["unsupported_nearby"] == 0.0
    faithful = {
        w.token.text: w for w in word_support(hybrid, french, hybrid, direct, toy_lexicon(), CHRF(word_order=2))
    }
    assert faithful["detention"].supported and faithful["detention"].features["aligned_hybrid"] == 1.0


def tree_spec(threshold=0.5):
    """One stump on `supported`: unsupported words get +2, supported -2 (baseline 0)."""
    feature = FEATURES.index("supported")
    tree = {
        "feature": [feature, 0, 0],
        "threshold": [0.5, 0.0, 0.0],
        "left": [1, 0, 0],
        "right": [2, 0, 0],
        "leaf": [False, True, True],
        "value": [0.0, 2.0, -2.0],
        "missing_left": [True, False, False],
    }
    return {
        "features": list(FEATURES),
        "baseline": 0.0,
        "trees": [tree],
        "threshold": threshold,
        "major_threshold": 0.9,
        "description": "a stump",
    }


def test_tree_model_walks_its_trees_and_refuses_other_features():
    model = TreeModel(tree_spec())
    row = {name: 0.0 for name in FEATURES}
    assert math.isclose(model.probability(row), 1 / (1 + math.exp(-2)))
    assert math.isclose(model.probability({**row, "supported": 1.0}), 1 / (1 + math.exp(2)))
    assert math.isclose(model.probability({**row, "supported": float("nan")}), 1 / (1 + math.exp(-2)))  # missing: left
    with pytest.raises(ValueError, match="refit"):
        TreeModel({**tree_spec(), "features": ["other"]})


def test_the_exported_trees_give_scikit_learns_probabilities():
    numpy = pytest.importorskip("numpy")
    ensemble = pytest.importorskip("sklearn.ensemble")
    from bench.fit_accuracy import export_trees

    rng = numpy.random.default_rng(3)
    X = rng.normal(size=(400, len(FEATURES)))
    X[rng.random(X.shape) < 0.05] = numpy.nan
    y = X[:, 0] + X[:, 3] * 2 > 0.3
    fitted = ensemble.HistGradientBoostingClassifier(max_iter=20, random_state=0).fit(X, y)
    model = TreeModel({**export_trees(fitted, FEATURES), "threshold": 0.5, "major_threshold": 0.9})
    expected = fitted.predict_proba(X[:50])[:, 1]
    got = [model.probability(dict(zip(FEATURES, row, strict=True))) for row in X[:50]]
    assert numpy.allclose(got, expected, atol=1e-6)


def test_runs_bridge_one_word_and_the_suggestion_comes_from_the_hybrid():
    english = "He was held in a kidnapping very long for months."
    words = [WordSupport(t, {}) for t in tokens(english, "en")]
    probabilities = [0.1, 0.1, 0.1, 0.1, 0.1, 0.9, 0.2, 0.8, 0.1, 0.1]
    runs = _runs(list(zip(words, probabilities, strict=True)), 0.5)
    assert [[w.token.text for w, _ in run] for run in runs] == [["kidnapping", "very", "long"]]
    hybrid = "He was held in a detention for months."
    assert _suggestion(english, english.index("kidnapping"), english.index(" for"), hybrid) == "detention"
    assert _suggestion(english, 0, len(english), "Something else entirely.") is None


def finding(code, start, end, severity=Severity.MINOR, text="x" * 40):
    return Finding(
        code,
        code.lower(),
        Category.MISTRANSLATION,
        severity,
        start,
        end,
        text[start:end],
        f"{code} says",
        evidence=(Evidence(code, 1),),
        confidence=0.5,
    )


def test_findings_on_one_place_are_merged_into_the_rules_finding():
    same_span = merge_overlapping([finding("GARB013", 3, 9, Severity.MAJOR), finding("BIL002", 3, 9)])
    assert len(same_span) == 1 and same_span[0].severity is Severity.MAJOR
    assert same_span[0].code == "GARB013" and [
        e.value for e in same_span[0].evidence if e.signal == "also-flagged"
    ] == ["BIL002"]
    tie = merge_overlapping([finding("GARB013", 3, 9), finding("BIL002", 3, 9)])
    assert [f.code for f in tie] == ["BIL002"]

    merged = merge_overlapping(
        [
            finding("BIL011", 2, 12),
            finding("GARB010", 5, 8),
            finding("GARB100", 10, 14),
            finding("BIL011", 20, 25),
            finding("GARB100", 30, 33),
        ]
    )
    # BIL011 is folded into the rule's finding; a disagreement beyond the rule's span stays where it is.
    assert [(f.code, f.start, f.end) for f in merged] == [
        ("GARB010", 5, 8),
        ("GARB100", 10, 14),
        ("BIL011", 20, 25),
        ("GARB100", 30, 33),
    ]
    assert [e.value for e in merged[0].evidence if e.signal == "also-flagged"] == ["BIL011"]
    assert merge_overlapping([finding("BIL011", 2, 12), finding("GARB100", 10, 14)])[0].code == "BIL011"


FRENCH = "Le prisonnier se plaint des conditions de sa détention dans la prison militaire.\n"


def test_a_faithful_translation_gets_no_accuracy_finding_and_offsets_hold(nlp):
    from checker.bilingual import align_source, check_accuracy
    from checker.document import parse_document

    english = "The prisoner complains about the conditions of his detention in the military prison.\n"
    document = parse_document(english, nlp)
    links, source = align_source(document, FRENCH)
    hybrid = ["The prisoner complains about the conditions of his detention in the military prison."]
    direct = ["The prisoner complains of the conditions of his detention in the military prison."]
    findings, words = check_accuracy(document, links, source, hybrid, direct)
    assert findings == []
    assert [english[s:e] for s, e, _ in words][:3] == ["The", "prisoner", "complains"]
    assert all(0.0 <= p <= 1.0 for _, _, p in words)


def test_a_name_is_present_as_the_sources_translation_writes_it(nlp):
    from checker.bilingual import align_source, check_aligned
    from checker.document import parse_document

    french = "Il a visité le musée Pouchkine avec sa famille.\n"
    english = "He visited the Pushkin museum with his family.\n"
    document = parse_document(english, nlp)
    links, source = align_source(document, french)
    without = check_aligned(document, links, source)
    assert [f.code for f in without] == ["BIL003"] and "Pouchkine" in without[0].message
    translated = [["He has visited the Pushkin museum with his family."]]
    assert check_aligned(document, links, source, translations=translated) == []
    # A rendering the English does not have does not count.
    assert [
        f.code for f in check_aligned(document, links, source, translations=[["He visited the Puskin museum."]])
    ] == ["BIL003"]


def test_no_suggestion_of_grammar_words_alone_for_a_content_word():
    english = "He came from the base from the Body from the Marines."
    hybrid = "He came from the base of the Marine Corps."
    start = english.index("Body")
    assert _suggestion(english, start, start + 4, hybrid, hybrid) is None
