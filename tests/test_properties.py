"""Property tests: on any text, findings stay inside the text, match it, and are deterministic."""

from dataclasses import asdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

WORDS = [
    "the",
    "forces",
    "of",
    "kyiv",
    "Kyiv",
    "northern",
    "soldiers",
    "as",
    "possible",
    "-Koreans",
    "said",
    "Zelensky",
    "turkey",
    "Turkey",
    "é",
    "naïve",
    "2 700",
    "3,800",
    "«",
    "»",
    "“",
    "”",
    "—",
    "-",
    "sudzha",
    "Sudzha",
]
SEPARATORS = [" ", " ", " ", ". ", ", ", "? ", "\n", "\r\n", "\n\n", "\t", "  "]

texts = st.one_of(
    st.text(min_size=1, max_size=300),
    st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=1, max_size=60).map(
        lambda pairs: "".join(w + s for w, s in pairs)
    ),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_findings_are_in_bounds_match_the_text_and_repeat_exactly(check_text, text):
    first = check_text(text)
    for finding in first.findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
    for sentence in first.document.sentences:
        assert text[sentence.start : sentence.end] == sentence.span.text
    second = check_text(text)
    assert [asdict(f) for f in first.findings] == [asdict(f) for f in second.findings]
    assert [(s.start, s.end) for s in first.document.sentences] == [(s.start, s.end) for s in second.document.sentences]
