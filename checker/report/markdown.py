"""Markdown renderer, for tickets and pull requests: findings grouped by paragraph.

Each finding shows its sentence with the span in bold and the suggestion. Text from the article is
escaped, so an article cannot inject Markdown (links, emphasis, tables) into the ticket. The span is
bolded with `<strong>`, not `**`: CommonMark does not open `**` between a letter and punctuation
(`Korea**–**where` shows its asterisks), and GitHub, GitLab and markdown-it all keep `<strong>`.
"""

from __future__ import annotations

import functools
import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~-])")
_SPACE = re.compile(r"\s+")


def escape(text: str) -> str:
    """Backslash-escape Markdown syntax; each run of spaces and line breaks becomes one space (kept
    at the ends too: the pieces around a marked span keep their spaces)."""
    return _SPECIAL.sub(r"\\\1", _SPACE.sub(" ", str(text)))


@functools.cache
def _environment():
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("checker.report", "templates"),
        autoescape=False,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["md"] = escape
    return environment


def render(records: dict, texts: list[str]) -> str:
    """The run's articles (`texts` in the same order as `records["articles"]`) as Markdown."""
    articles = [_article(article, text) for article, text in zip(records["articles"], texts, strict=True)]
    return _environment().get_template("report.md.j2").render(articles=articles, signature=records["signature"])


def _article(record: dict, text: str) -> dict:
    sentences = {s["id"]: s for s in record["sentences"]}
    # A paragraph's line is its first sentence's, as the report computed it (every line-break style).
    paragraph_lines: dict[int, int] = {}
    for sentence in record["sentences"]:
        paragraph_lines.setdefault(sentence["paragraph"], sentence["line"])
    groups: dict[int, dict] = {}
    for finding in record["findings"]:
        covered = [sentences[i] for i in finding["sentences"]]
        paragraph = covered[0]["paragraph"] if covered else _paragraph_at(record["paragraphs"], finding["start"])
        group = groups.setdefault(
            paragraph,
            {"number": paragraph + 1, "line": paragraph_lines.get(paragraph, finding["line"]), "findings": []},
        )
        start = covered[0]["start"] if covered else finding["start"]
        end = covered[-1]["end"] if covered else finding["end"]
        marked = (
            escape(text[start : finding["start"]])
            + "<strong>"
            + escape(finding["text"])
            + "</strong>"
            + escape(text[finding["end"] : end])
        )
        group["findings"].append({**finding, "marked": " ".join(marked.split())})
    return {
        "path": record["path"],
        "garble": record["garble"],
        "findings": record["findings"],
        "by_severity": record["summary"]["by_severity"],
        "groups": [groups[k] for k in sorted(groups)],
    }


def _paragraph_at(paragraphs: list[dict], offset: int) -> int:
    return next(
        (p["id"] for p in paragraphs if p["start"] <= offset < p["end"]), paragraphs[0]["id"] if paragraphs else 0
    )
