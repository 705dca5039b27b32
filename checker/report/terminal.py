"""Terminal renderer: `file:line:col`, severity, message, the sentence with the span marked.

Colour comes from rich and only when the console is a terminal. Every string from the article
(or its path) is shown with its control characters escaped (`\x1b`): an article must not be able
to set the terminal's title, clear it or colour it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

# C0 and C1 controls and DEL; the context's line breaks and tabs are made spaces before this.
_CONTROLS = {code: f"\\x{code:02x}" for code in [*range(0x20), *range(0x7F, 0xA0)]}


def visible(text: str) -> str:
    """`text` with every control character written as an escape (`\x1b`), never sent raw."""
    return text.translate(_CONTROLS)


SEVERITY_STYLE = {"minor": "cyan", "major": "yellow", "critical": "bold red"}
_INDENT = "    "


def render(records: dict, console: Console, *, quiet: bool = False) -> None:
    for article in records["articles"]:
        render_article(article, console, quiet=quiet)
    if not quiet:
        render_summary(
            records["summary"],
            [garble_line(a) for a in records["articles"]],
            records["articles"][0]["signals"] if records["articles"] else [],
            records["signature"]["string"],
            console,
        )


def render_article(article: dict, console: Console, *, quiet: bool = False) -> None:
    """An article's findings (and its encoding note), as soon as it is checked."""
    for finding in article["findings"]:
        _render_finding(article["path"], finding, console)
    if not quiet and article["encoding_note"]:
        console.print(Text(f"{visible(article['path'])}: note: {visible(article['encoding_note'])}", style="dim"))
    hidden = article.get("suppressed") or {}
    if not quiet and any(hidden.values()):
        parts = [
            f"{hidden['inline']} by checker: ignore comments" if hidden.get("inline") else "",
            f"{hidden['accepted']} accepted" if hidden.get("accepted") else "",
        ]
        console.print(
            Text(
                f"{visible(article['path'])}: note: {sum(hidden.values())} finding(s) hidden: "
                + ", ".join(p for p in parts if p),
                style="dim",
            )
        )


def garble_line(article: dict) -> str | None:
    """The summary's line on an article's garble score (None without a score): all the summary
    keeps of an article, so a run of many articles streams."""
    if article["garble"] is None:
        return None
    worst = max(
        (s for s in article["sentences"] if s["retranslation"]),
        key=lambda s: s["retranslation"]["garble"],
        default=None,
    )
    detail = f" (most garbled sentence: line {worst['line']}, {worst['retranslation']['garble']:.2f})" if worst else ""
    return f"{visible(article['path'])}: garble score {article['garble']:.2f}{detail}"


def _render_finding(path: str, finding: dict, console: Console) -> None:
    severity = finding["severity"]
    header = Text()
    header.append(f"{visible(path)}:{finding['line']}:{finding['column']}: ", style="bold")
    header.append(severity, style=SEVERITY_STYLE[severity])
    header.append(f" {finding['code']} ", style="bold")
    header.append(visible(finding["message"]))
    header.append(f" [{finding['name']}]", style="dim")
    console.print(header)

    context = finding["context"]
    # One display cell per character: line breaks and tabs become spaces so the carets line up.
    shown = context["text"].translate({ord("\n"): " ", ord("\r"): " ", ord("\t"): " "})
    left = ("…" if context["clipped_left"] else "") + visible(shown[: context["span_start"]])
    marked = visible(shown[context["span_start"] : context["span_end"]])
    right = visible(shown[context["span_end"] :]) + ("…" if context["clipped_right"] else "")
    line = Text(_INDENT)
    line.append(left)
    line.append(marked, style=f"underline {SEVERITY_STYLE[severity]}")
    line.append(right)
    console.print(line)
    console.print(Text(_INDENT + " " * cell_len(left) + "^" * max(1, cell_len(marked)), style=SEVERITY_STYLE[severity]))
    if finding["suggestion"]:
        suggestion = Text(_INDENT + "suggestion: ", style="dim")
        suggestion.append(visible(finding["suggestion"]), style="green")
        console.print(suggestion)


def render_summary(
    summary: dict, garble_lines: Sequence[str | None], signals: list[dict], signature: str, console: Console
) -> None:
    """Counts, each article's garble score, the signals that ran and the signature."""
    counts = ", ".join(f"{n} {s}" for s, n in summary["by_severity"].items() if n)
    articles = summary["articles"]
    line = Text(f"\n{summary['findings']} finding{'s' if summary['findings'] != 1 else ''}")
    if counts:
        line.append(f" ({counts})")
    line.append(f" in {articles} article{'s' if articles != 1 else ''}")
    console.print(line, style="bold")
    for garble in garble_lines:
        if garble is not None:
            console.print(Text(garble))
    for signal in signals:
        mark = "ran" if signal["ran"] else "did not run"
        console.print(Text(f"{signal['name']}: {mark}: {signal['detail']}", style="dim" if signal["ran"] else "yellow"))
    console.print(Text(f"signature: {signature}", style="dim"))
