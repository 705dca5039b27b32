"""Document model: the original text, its paragraphs and sentences, all as character offsets.

The text is never modified. Paragraphs and sentences are offset ranges into it; spaCy parses
each paragraph (long ones in chunks, never truncated) and its tokens keep their offsets through
`Sentence.base + token.idx`. Line and column are computed on demand from line starts.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span, Token

# spaCy's own limit is 1,000,000 characters; smaller chunks keep memory flat on huge paragraphs.
MAX_CHUNK_CHARS = 20_000
# Parses take about 7x the text's size in the cache (compressed): articles longer than this are
# parsed afresh each time rather than filling the cache.
MAX_CACHED_PARSE_CHARS = 200_000
HEADING_MAX_WORDS = 20

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+")
_TERMINAL = ".!:;,…"
_CLOSERS = "\"'”’»)]*_"
_MD_HEADING = re.compile(r"[ ]{0,3}(#{1,6})[ \t]+")
_MD_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
_MD_QUOTE = re.compile(r"[ ]{0,3}>[ \t]?")
_MD_FENCE = re.compile(r"[ ]{0,3}(```|~~~)")


@dataclass(frozen=True)
class Paragraph:
    """A block of text: `kind` is heading, text, list-item or quote."""

    index: int
    start: int
    end: int
    kind: str = "text"


@dataclass(frozen=True, eq=False)
class Sentence:
    """A sentence as a range of the text, with the spaCy span that analysed it."""

    index: int
    start: int
    end: int
    paragraph: int
    span: Span = field(repr=False)
    base: int = field(repr=False)

    def offset(self, token: Token) -> int:
        """Start offset of a spaCy token in the document text."""
        return self.base + token.idx

    def end_offset(self, token: Token) -> int:
        return self.base + token.idx + len(token.text)


@dataclass
class Document:
    """An article's text with its paragraphs and sentences."""

    text: str
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    lemmatizer: Callable[[Token], list[str]] | None = field(default=None, repr=False)

    def lemma(self, token: Token) -> str:
        """The token's lemma, from the pipeline if it ran the lemmatizer, else computed now."""
        if token.lemma_ or self.lemmatizer is None:
            return token.lemma_ or token.lower_
        lemmas = self.lemmatizer(token)
        return lemmas[0] if lemmas else token.lower_

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of a character offset."""
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing `offset`, or None between sentences."""
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def sentences_overlapping(self, start: int, end: int) -> list[Sentence]:
        i = max(bisect.bisect_right(self._sentence_starts, start) - 1, 0)
        found = []
        for sentence in self.sentences[i:]:
            if sentence.start >= end:
                break
            if sentence.end > start:
                found.append(sentence)
        return found

    def indexes_by_sentence(self, spans: Sequence) -> list[list[int]]:
        """For each sentence, the indexes of the spans (anything with `start`, `end`) overlapping it."""
        groups: list[list[int]] = [[] for _ in self.sentences]
        for k, span in enumerate(spans):
            for sentence in self.sentences_overlapping(span.start, span.end):
                groups[sentence.index].append(k)
        return groups

    def token_at(self, offset: int) -> tuple[Sentence, Token] | None:
        """The sentence and spaCy token covering character `offset`, if any."""
        sentence = self.sentence_at(offset)
        if sentence is None:
            return None
        local = offset - sentence.base
        span = sentence.span.doc.char_span(local, local + 1, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        return sentence, span[0]

    def tokens(self) -> Iterator[tuple[Sentence, Token]]:
        for sentence in self.sentences:
            for token in sentence.span:
                yield sentence, token


class ParseCache(Protocol):
    """Where parses are kept between runs (checker.engines.cache.TranslationCache is one)."""

    def get_parses(self, keys: Sequence[bytes]) -> dict[bytes, bytes]: ...

    def put_parses(self, pipeline: str, items: Sequence[tuple[bytes, bytes]]) -> None: ...


def pipeline_identity(nlp: Language) -> str:
    """What decides a parse: spaCy's version, the model and its version, the components run."""
    import spacy

    return f"spacy-{spacy.__version__}|{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}|{','.join(nlp.pipe_names)}"


def parse_document(
    text: str,
    nlp: Language,
    *,
    markdown: bool = False,
    progress: Callable[[int], None] | None = None,
    parse_cache: ParseCache | None = None,
) -> Document:
    """Split `text` into paragraphs, parse them with spaCy and collect sentences with offsets.

    `progress` is called with the number of characters parsed after each chunk. With a
    `parse_cache`, chunks parsed before by the same pipeline are read back instead of parsed
    (for articles up to MAX_CACHED_PARSE_CHARS).
    """
    paragraphs = split_paragraphs(text, markdown=markdown)
    chunks = [
        (paragraph.index, start, end)
        for paragraph in paragraphs
        for start, end in chunk_ranges(text, paragraph.start, paragraph.end)
    ]
    sentences: list[Sentence] = []
    if len(text) > MAX_CACHED_PARSE_CHARS:
        parse_cache = None
    for (paragraph_index, start, _end), doc in zip(chunks, _parse_chunks(nlp, [text[s:e] for _, s, e in chunks], parse_cache)):
        for span in doc.sents:
            trimmed = _strip_space_tokens(span)
            if trimmed is None:
                continue
            sentences.append(Sentence(
                index=len(sentences),
                start=start + trimmed.start_char,
                end=start + trimmed.end_char,
                paragraph=paragraph_index,
                span=trimmed,
                base=start,
            ))
        if progress is not None:
            progress(_end - start)
    lemmatizer = nlp.get_pipe("lemmatizer").lemmatize if "lemmatizer" in nlp.component_names else None
    return Document(text, paragraphs, sentences, lemmatizer)


def _parse_chunks(nlp: Language, texts: list[str], parse_cache: ParseCache | None) -> Iterator:
    """spaCy docs for `texts`, in order: from the cache where it has them, parsed otherwise."""
    if parse_cache is None:
        yield from nlp.pipe(texts, batch_size=64)
        return
    from spacy.tokens import Doc

    identity = pipeline_identity(nlp)
    keys = [hashlib.sha256(f"{identity}\0{t}".encode("utf-8")).digest() for t in texts]
    found = parse_cache.get_parses(keys)
    cached = {}
    for i, key in enumerate(keys):
        if key in found:
            try:
                doc = Doc(nlp.vocab).from_bytes(found[key])
            except Exception:  # a damaged entry (any error srsly or spaCy raises) is a miss
                continue
            if doc.text == texts[i]:
                cached[i] = doc
    missing = [i for i in range(len(texts)) if i not in cached]
    parsed = dict(zip(missing, nlp.pipe((texts[i] for i in missing), batch_size=64)))
    if parsed:
        parse_cache.put_parses(identity, [(keys[i], doc.to_bytes(exclude=["user_data", "tensor"])) for i, doc in parsed.items()])
    for i in range(len(texts)):
        yield parsed[i] if i in parsed else cached[i]


def split_paragraphs(text: str, *, markdown: bool = False) -> list[Paragraph]:
    """Paragraph ranges: blank-line blocks; within a block, each line unless the block is hard-wrapped.

    Markdown: headings, list items and quotes start paragraphs of their own and their markers are
    left out of the range; fenced code and front matter are not prose and are skipped.
    """
    lines = [(m.start(), m.start() + len(m.group(1))) for m in re.finditer(r"([^\r\n]*)(?:\r\n|\r|\n|$)", text)]
    if lines and lines[-1][0] == len(text):
        lines.pop()
    ranges: list[tuple[int, int, str]] = []
    block: list[tuple[int, int, str]] = []

    def flush() -> None:
        if block:
            ranges.extend(_block_paragraphs(text, block, markdown))
            block.clear()

    in_fence = False
    in_front_matter = markdown and text.startswith("---")
    for number, (start, end) in enumerate(lines):
        line = text[start:end]
        if markdown and in_front_matter:
            if number > 0 and line.strip() in ("---", "..."):
                in_front_matter = False
            continue
        if markdown and _MD_FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if not line.strip():
            flush()
            continue
        kind, content_start = _line_kind(line, markdown)
        block.append((start + content_start, end, kind))
    flush()
    paragraphs = []
    for start, end, kind in ranges:
        trimmed = _trim(text, start, end)
        if trimmed:
            paragraphs.append(Paragraph(len(paragraphs), trimmed[0], trimmed[1], kind))
    return paragraphs


def chunk_ranges(text: str, start: int, end: int, limit: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, int]]:
    """Cut [start, end) into pieces of at most `limit` characters, preferring sentence ends, then spaces."""
    while end - start > limit:
        window = text[start:start + limit]
        cut = None
        for match in _SENTENCE_END.finditer(window, limit // 2):
            cut = match.end()
        if cut is None:
            space = max(window.rfind(" ", limit // 2), window.rfind("\n", limit // 2))
            cut = space + 1 if space > 0 else limit
        yield start, start + cut
        start += cut
    yield start, end


def _line_kind(line: str, markdown: bool) -> tuple[str, int]:
    if markdown:
        for kind, pattern in (("heading", _MD_HEADING), ("list-item", _MD_LIST_ITEM), ("quote", _MD_QUOTE)):
            match = pattern.match(line)
            if match:
                return kind, match.end()
    return "line", 0


def _block_paragraphs(text: str, block: list[tuple[int, int, str]], markdown: bool) -> list[tuple[int, int, str]]:
    if markdown:
        # Markdown joins soft-wrapped lines; marked lines (headings, items, quotes) start anew.
        merged: list[list] = []
        for start, end, kind in block:
            if kind == "line" and merged and merged[-1][2] in ("text", "list-item", "quote"):
                merged[-1][1] = end
            else:
                merged.append([start, end, "text" if kind == "line" else kind])
        return [tuple(m) for m in merged]
    if len(block) > 1 and _hard_wrapped(text, block):
        return [(block[0][0], block[-1][1], "text")]
    return [(start, end, _plain_kind(text[start:end])) for start, end, _ in block]


def _hard_wrapped(text: str, block: list[tuple[int, int, str]]) -> bool:
    """A block whose lines mostly stop mid-sentence near a fixed width is one wrapped paragraph.

    A short unpunctuated line (a heading above its paragraph) does not count as wrapped.
    """
    longest = max(end - start for start, end, _ in block)
    if longest > 100:
        return False
    inner = [text[start:end].rstrip() for start, end, _ in block[:-1]]
    wrapped = sum(
        1 for line in inner
        if line and line.rstrip(_CLOSERS)[-1:] not in ".!?…:" and len(line) >= max(40, 0.6 * longest)
    )
    return wrapped * 2 > len(inner)


def _plain_kind(line: str) -> str:
    stripped = line.strip()
    last = stripped.rstrip(_CLOSERS)[-1:]
    if len(stripped.split()) <= HEADING_MAX_WORDS and last and last not in _TERMINAL:
        return "heading"
    return "text"


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _strip_space_tokens(span: Span) -> Span | None:
    first, last = span.start, span.end - 1
    doc = span.doc
    while first <= last and doc[first].is_space:
        first += 1
    while last >= first and doc[last].is_space:
        last -= 1
    return doc[first:last + 1] if first <= last else None
