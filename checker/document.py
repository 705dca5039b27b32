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
_TERMINAL = ".!?:;,…"
_CLOSERS = "\"'”’»)]*_"
_MD_HEADING = re.compile(r"[ ]{0,3}(#{1,6})[ \t]+")
_MD_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
_MD_QUOTE = re.compile(r"[ ]{0,3}>[ \t]?")


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
    # Ranges inside paragraphs that are no prose (Markdown inline code, HTML tags, link targets,
    # checker comments): findings on them are dropped.
    excluded: list[tuple[int, int]] = field(default_factory=list)

    def in_excluded(self, start: int, end: int) -> bool:
        """Whether [start, end) starts in a range that is no prose (Markdown: also outside the prose blocks)."""
        return any(a <= start < b for a, b in self.excluded)

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

    meta = nlp.meta
    model = f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"
    return f"spacy-{spacy.__version__}|{model}|{','.join(nlp.pipe_names)}"


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
    for (paragraph_index, start, _end), doc in zip(
        chunks, _parse_chunks(nlp, [text[s:e] for _, s, e in chunks], parse_cache), strict=True
    ):
        for span in doc.sents:
            trimmed = _strip_space_tokens(span)
            if trimmed is None:
                continue
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=start + trimmed.start_char,
                    end=start + trimmed.end_char,
                    paragraph=paragraph_index,
                    span=trimmed,
                    base=start,
                )
            )
        if progress is not None:
            progress(_end - start)
    lemmatizer = getattr(nlp.get_pipe("lemmatizer"), "lemmatize", None) if "lemmatizer" in nlp.component_names else None
    return Document(text, paragraphs, sentences, lemmatizer, excluded_ranges(text, paragraphs, markdown))


def _parse_chunks(nlp: Language, texts: list[str], parse_cache: ParseCache | None) -> Iterator:
    """spaCy docs for `texts`, in order: from the cache where it has them, parsed otherwise."""
    if parse_cache is None:
        yield from nlp.pipe(texts, batch_size=64)
        return
    from spacy.tokens import Doc

    identity = pipeline_identity(nlp)
    keys = [hashlib.sha256(f"{identity}\0{t}".encode()).digest() for t in texts]
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
    parsed = dict(zip(missing, nlp.pipe((texts[i] for i in missing), batch_size=64), strict=True))
    if parsed:
        parse_cache.put_parses(
            identity, [(keys[i], doc.to_bytes(exclude=["user_data", "tensor"])) for i, doc in parsed.items()]
        )
    for i in range(len(texts)):
        yield parsed[i] if i in parsed else cached[i]


def split_paragraphs(text: str, *, markdown: bool = False) -> list[Paragraph]:
    """Paragraph ranges: blank-line blocks; within a block, each line unless the block is hard-wrapped.

    Markdown is parsed by markdown-it-py (CommonMark with tables): the prose is its paragraphs and
    headings, in list items and quotes too, their markers left out of the range; code blocks
    (fenced and indented), HTML blocks, tables and front matter are not prose and are skipped.
    In plain text, a line holding only a `<!-- checker: ... -->` comment is no prose either.
    """
    ranges = _markdown_ranges(text) if markdown else _plain_ranges(text)
    paragraphs: list[Paragraph] = []
    for start, end, kind in ranges:
        trimmed = _trim(text, start, end)
        if trimmed:
            paragraphs.append(Paragraph(len(paragraphs), trimmed[0], trimmed[1], kind))
    return paragraphs


def _lines(text: str) -> list[tuple[int, int]]:
    lines = [(m.start(), m.start() + len(m.group(1))) for m in re.finditer(r"([^\r\n]*)(?:\r\n|\r|\n|$)", text)]
    if lines and lines[-1][0] == len(text):
        lines.pop()
    return lines


def _plain_ranges(text: str) -> list[tuple[int, int, str]]:
    from checker.suppression import DIRECTIVE_LINE

    ranges: list[tuple[int, int, str]] = []
    block: list[tuple[int, int, str]] = []

    def flush() -> None:
        if block:
            ranges.extend(_block_paragraphs(text, block))
            block.clear()

    for start, end in _lines(text):
        line = text[start:end]
        if not line.strip() or DIRECTIVE_LINE.fullmatch(line):
            flush()
            continue
        block.append((start, end, "line"))
    flush()
    return ranges


def _markdown_ranges(text: str) -> list[tuple[int, int, str]]:
    """The prose blocks of a Markdown text, from markdown-it-py's block tokens and their line maps."""
    from markdown_it import MarkdownIt

    lines = _lines(text)
    rows = [text[a:b] for a, b in lines]
    if rows and rows[0].strip() == "---":  # YAML front matter: blanked, so the parser's line numbers stay
        for number in range(1, len(rows)):
            if rows[number].strip() in ("---", "..."):
                rows[: number + 1] = [""] * (number + 1)
                break
    tokens = MarkdownIt("commonmark").enable("table").parse("\n".join(rows))
    ranges: list[tuple[int, int, str]] = []
    quotes = items = tables = 0
    block_kind, block_first = "text", 0
    for token in tokens:
        if token.type == "blockquote_open":
            quotes += 1
        elif token.type == "blockquote_close":
            quotes -= 1
        elif token.type == "list_item_open":
            items += 1
        elif token.type == "list_item_close":
            items -= 1
        elif token.type == "table_open":
            tables += 1
        elif token.type == "table_close":
            tables -= 1
        elif token.type in ("paragraph_open", "heading_open") and token.map:
            block_kind = (
                "heading" if token.type == "heading_open" else "quote" if quotes else "list-item" if items else "text"
            )
            block_first = token.map[0]
        elif token.type == "inline" and not tables and token.map:
            count = token.content.count("\n") + 1  # a setext heading's underline is not its text
            numbers = range(block_first, min(block_first + count, len(lines)))
            spans = [
                (lines[n][0] + _content_start(rows[n], block_kind, n == block_first, quotes), lines[n][1])
                for n in numbers
            ]
            spans = [(a, b) for a, b in spans if a < b]
            if not spans:
                continue
            if quotes:  # each quoted line stands alone: its '>' markers are not the sentence's
                ranges.extend((a, b, block_kind) for a, b in spans)
            else:  # soft-wrapped lines make one paragraph
                ranges.append((spans[0][0], spans[-1][1], block_kind))
    return ranges


_MD_HEADING_END = re.compile(r"[ \t]+#+[ \t]*$")


def _content_start(line: str, kind: str, first: bool, quotes: int) -> int:
    """Where a line's prose starts after its block markers (quote markers, a list marker, #s, indentation)."""
    position = 0
    for _ in range(quotes):
        match = _MD_QUOTE.match(line, position)
        if match is None:
            break
        position = match.end()
    if first and kind == "heading":
        match = _MD_HEADING.match(line, position)
        if match:
            position = match.end()
    elif first and kind == "list-item":
        match = _MD_LIST_ITEM.match(line, position)
        if match:
            position = match.end()
    while position < len(line) and line[position] in " \t":
        position += 1
    return position


# Inline pieces of a Markdown paragraph that are no prose: code spans (CommonMark: the same
# number of backticks either side), HTML tags and comments, autolinks, link and image targets.
_MD_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_MD_INLINE_HTML = re.compile(
    r"<!--.*?-->|</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>|<(?:https?|mailto|ftp):[^\s<>]*>", re.DOTALL
)
_MD_LINK_TARGET = re.compile(r"\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")


def excluded_ranges(text: str, paragraphs: Sequence[Paragraph], markdown: bool) -> list[tuple[int, int]]:
    """The no-prose ranges inside the paragraphs (see Document.excluded)."""
    from checker.suppression import DIRECTIVE

    if not markdown:  # plain text: the checker comments, wherever they stand
        return [m.span() for m in DIRECTIVE.finditer(text)] if "checker:" in text else []
    # Markdown: what lies between the prose blocks (code, HTML blocks, tables, markers) ...
    excluded, position = [], 0
    for paragraph in paragraphs:
        if position < paragraph.start:
            excluded.append((position, paragraph.start))
        position = paragraph.end
    if position < len(text):
        excluded.append((position, len(text)))
    # ... and the inline pieces of the blocks that are no prose.
    for paragraph in paragraphs:
        for pattern in (_MD_INLINE_CODE, _MD_INLINE_HTML, _MD_LINK_TARGET):
            excluded.extend(m.span() for m in pattern.finditer(text, paragraph.start, paragraph.end))
    return sorted(excluded)


def chunk_ranges(text: str, start: int, end: int, limit: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, int]]:
    """Cut [start, end) into pieces of at most `limit` characters, preferring sentence ends, then spaces."""
    while end - start > limit:
        window = text[start : start + limit]
        cut = None
        for match in _SENTENCE_END.finditer(window, limit // 2):
            cut = match.end()
        if cut is None:
            space = max(window.rfind(" ", limit // 2), window.rfind("\n", limit // 2))
            cut = space + 1 if space > 0 else limit
        yield start, start + cut
        start += cut
    yield start, end


def _block_paragraphs(text: str, block: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
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
        1
        for line in inner
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
    return doc[first : last + 1] if first <= last else None
