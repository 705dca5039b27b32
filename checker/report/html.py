"""HTML renderer: one self-contained page per article (inline CSS and JS, no network), and an index.

Templates live in `templates/`; jinja2 escapes everything it prints (autoescape on), and the
findings reach the page's script as a JSON data island, never as HTML.
"""

from __future__ import annotations

import functools
import re

from checker.report.view import article_view, garble_anchor, index_row, rule_notes, short_names


@functools.cache
def _environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("checker.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "html.j2"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render_article(
    records: dict, index: int, text: str, index_link: str | None = None, accepted_name: str | None = None
) -> str:
    """The page of article `index` of the run; `text` is that article's text as read.
    `accepted_name`: the article's name in the accepted-findings file the page exports."""
    record = records["articles"][index]
    view = article_view(record, text)
    return (
        _environment()
        .get_template("article.html.j2")
        .render(
            article=view,
            signature=records["signature"],
            index_link=index_link,
            rules=rule_notes(record["findings"]),
            anchor=garble_anchor(record["garble"], records["signature"]["engine"]),
            accepted_name=accepted_name or record["path"],
        )
    )


def render_index(records: dict, links: list[str]) -> str:
    """A sortable table of the run's articles, each linking to its page."""
    names = short_names([a["path"] for a in records["articles"]])
    rows = [
        index_row(article, link, name) for article, link, name in zip(records["articles"], links, names, strict=True)
    ]
    rows.sort(key=lambda row: -1 if row["garble"] is None else row["garble"], reverse=True)
    severities = [s for s in ("critical", "major", "minor") if s != "critical" or any(r["critical"] for r in rows)]
    return (
        _environment()
        .get_template("index.html.j2")
        .render(rows=rows, summary=records["summary"], signature=records["signature"], severities=severities)
    )


def page_names(paths: list[str]) -> list[str]:
    """A distinct, safe file name for each article's page, in order."""
    names, seen = [], set()
    for path in paths:
        stem = re.sub(r"[^A-Za-z0-9._-]+", "_", path.strip("/.")).strip("_") or "article"
        name, n = f"{stem}.html", 2
        while name in seen:
            name, n = f"{stem}-{n}.html", n + 1
        seen.add(name)
        names.append(name)
    return names
