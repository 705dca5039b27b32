from itertools import pairwise

from checker.document import chunk_ranges, split_paragraphs


def test_each_line_is_a_paragraph_and_short_unpunctuated_lines_are_headings():
    text = "A headline without a stop\nFirst paragraph. Two sentences.\n\nSecond one ends here.\n"
    paragraphs = split_paragraphs(text)
    assert [text[p.start : p.end] for p in paragraphs] == [
        "A headline without a stop",
        "First paragraph. Two sentences.",
        "Second one ends here.",
    ]
    assert [p.kind for p in paragraphs] == ["heading", "text", "text"]


def test_hard_wrapped_block_is_one_paragraph():
    text = (
        "This paragraph was wrapped at a fixed width by\nan editor, so its lines stop mid-sentence "
        "and\ncontinue on the next line.\n\nNext."
    )
    paragraphs = split_paragraphs(text)
    assert len(paragraphs) == 2
    assert text[paragraphs[0].start : paragraphs[0].end].endswith("next line.")


def test_markdown_markers_are_outside_paragraphs_and_code_is_skipped():
    text = (
        "---\ntitle: x\n---\n# Title here\n\nSome *text* that\nwraps.\n\n- item one\n- item "
        "two\n\n```\ncode kyiv\n```\n> quoted words\n"
    )
    paragraphs = split_paragraphs(text, markdown=True)
    assert [(text[p.start : p.end], p.kind) for p in paragraphs] == [
        ("Title here", "heading"),
        ("Some *text* that\nwraps.", "text"),
        ("item one", "list-item"),
        ("item two", "list-item"),
        ("quoted words", "quote"),
    ]


def test_chunks_cover_long_text_exactly_and_prefer_sentence_ends():
    text = ("word " * 30 + "end. ") * 400
    chunks = list(chunk_ranges(text, 0, len(text), limit=1000))
    assert chunks[0][0] == 0 and chunks[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in pairwise(chunks))
    assert all(end - start <= 1000 for start, end in chunks)
    assert all(text[start:end].endswith("end. ") for start, end in chunks[:-1])


def test_chunks_without_spaces_are_cut_not_lost():
    text = "x" * 2500
    chunks = list(chunk_ranges(text, 0, len(text), limit=1000))
    assert "".join(text[s:e] for s, e in chunks) == text


def test_sentences_cover_every_visible_character(check_text):
    text = "Title\r\nOne sentence here. Another one follows!\r\n\r\n  Indented paragraph, final.  "
    doc = check_text(text).document
    covered = set()
    for sentence in doc.sentences:
        assert text[sentence.start : sentence.end] == sentence.span.text
        covered.update(range(sentence.start, sentence.end))
    assert {i for i, c in enumerate(text) if not c.isspace()} <= covered


def test_line_col_counts_crlf_lines(check_text):
    text = "First line.\r\nSecond line with kyiv."
    doc = check_text(text).document
    offset = text.index("kyiv")
    assert doc.line_col(offset) == (2, 18)
    assert doc.line_col(0) == (1, 1)
