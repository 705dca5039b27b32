"""ERRANT-labelled alignment of an MT sentence with its re-translation, in article offsets."""

import pytest

from checker.compare.alignment import align
from checker.document import parse_document

TEXT = (
    "The regime is using soldiers' hopes, in order to sending them into battle. "
    "Ukrainian forces showed journalists Washington Post a list."
)


@pytest.fixture(scope="module")
def sentences(nlp):
    return parse_document(TEXT, nlp).sentences


def test_edits_are_labelled_and_point_into_the_article(sentences, nlp):
    edits = align(sentences[0], "The regime is using the soldiers' hopes in order to send them into battle.", nlp)
    by_label = {e.label: e for e in edits}
    assert set(by_label) == {"M:DET", "U:PUNCT", "R:VERB:FORM"}
    verb = by_label["R:VERB:FORM"]
    assert TEXT[verb.start : verb.end] == verb.mt == "sending" and verb.retranslation == "send"
    assert verb.operation == "R" and verb.category == "VERB:FORM"
    missing = by_label["M:DET"]
    assert missing.start == missing.end == TEXT.index("soldiers'") and missing.retranslation == "the"
    assert TEXT[by_label["U:PUNCT"].start : by_label["U:PUNCT"].end] == ","


def test_identical_or_empty_retranslation_gives_no_edits(sentences, nlp):
    second = TEXT[sentences[1].start : sentences[1].end]
    assert align(sentences[1], second, nlp) == []
    assert align(sentences[1], "  ", nlp) == []


def test_every_non_empty_edit_matches_the_article_text(sentences, nlp):
    for sentence, back in zip(
        sentences,
        [
            "Regime uses hopes of the soldiers to send them to battle.",
            "Ukrainian forces showed the Washington Post journalists a list.",
        ],
        strict=True,
    ):
        for edit in align(sentence, back, nlp):
            assert sentence.start <= edit.start <= edit.end <= sentence.end
            if edit.start < edit.end:
                assert TEXT[edit.start : edit.end] == edit.mt


def test_quotation_marks_the_engine_drops_are_not_edits_but_a_dropped_dash_is(nlp):
    text = "“Generally, the soldiers fight,” he said. -Koreans in the conflict."
    first, second = parse_document(text, nlp).sentences
    assert align(first, "- Generally, the soldiers fight, he said.", nlp) == []
    (dash,) = align(second, "Koreans in the conflict.", nlp)
    assert (dash.mt, dash.retranslation) == ("-Koreans", "Koreans")


def test_a_dash_written_back_as_another_dash_is_not_an_edit(nlp):
    # Before: the seed's "Ukraine – which" came back as "Ukraine - which", a GARB100 finding on
    # the en dash whose fix was a hyphen.
    text = "The war in Ukraine – which began in 2022 – goes on."
    (sentence,) = parse_document(text, nlp).sentences
    assert align(sentence, "The war in Ukraine - which began in 2022 - goes on.", nlp) == []
    (edit,) = align(sentence, "The war in Ukraine which began in 2022 – goes on.", nlp)
    assert edit.mt == "–" and edit.retranslation == ""  # a dash the re-translation drops still counts


def test_a_colon_before_a_quotation_and_an_ellipsis_written_back_otherwise_are_not_edits(nlp):
    # Before: `said: "..."` back as `said, "..."` was a GARB100 finding (fren_news_gold dev: 9 of
    # them, none on a reviewer's span), and so was "…" written back as "...".
    text = "The mayor said: “We will rebuild the bridge…”"
    (sentence,) = parse_document(text, nlp).sentences
    assert align(sentence, "The mayor said, “We will rebuild the bridge...”", nlp) == []
    (edit,) = align(sentence, "The mayor said, “We will rebuild the road...”", nlp)
    assert (edit.mt, edit.retranslation) == ("bridge", "road")


def test_a_name_with_letters_the_engine_cannot_write_is_not_an_edit_but_a_changed_one_is(nlp):
    # Before: "Bücherberg" back as "B'cherberg" was a GARB100 finding (fren_news_gold dev reference).
    text = "Visitors climb the recently erected Bücherberg every day."
    (sentence,) = parse_document(text, nlp).sentences
    assert align(sentence, "Visitors climb the recently erected B'cherberg every day.", nlp) == []
    (edit,) = align(sentence, "Visitors climb the recently erected Bookberg every day.", nlp)
    assert (edit.mt, edit.retranslation) == ("Bücherberg", "Bookberg")


def test_it_written_back_as_this_is_not_an_edit_but_it_as_he_is(nlp):
    # Before: "It is here that ..." back as "This is where ..." gave a GARB100 finding on "It"
    # (fren_news_gold dev: 0 of 5 such findings on a reviewer's span).
    text = "It is the case of Anto, one of the miners."
    (sentence,) = parse_document(text, nlp).sentences
    assert align(sentence, "This is the case of Anto, one of the miners.", nlp) == []
    (edit,) = align(sentence, "He is the case of Anto, one of the miners.", nlp)
    assert (edit.mt, edit.retranslation) == ("It", "He")
