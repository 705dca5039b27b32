"""The `checker` command line: parse options, read files, call the pipeline, render, exit.

Exit codes: 0 no finding at or above --fail-on, 1 at least one, 2 usage or input error.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

import click

from checker import __version__
from checker.errors import CheckerError, InputError
from checker.findings import Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SEVERITIES = [s.value for s in Severity]
# Below this many characters a run takes about a second: no progress bar.
_PROGRESS_MIN_CHARS = 20_000


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="checker")
def cli() -> None:
    """Flag garbled spans in machine-translated English articles."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["terminal", "json"]), default="terminal", show_default=True,
              help="Report format.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to FILE instead of standard output (never over an input file).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="major", show_default=True,
              help="Exit 1 when a finding of this severity or above is found.")
@click.option("--quiet", "-q", is_flag=True, help="Findings only: no progress, notes or summary.")
@click.option("--proper-nouns", "proper_nouns", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
              help="Extra proper-noun list (one name a line), on top of the bundled one. Repeatable.")
def check(paths: tuple[Path, ...], output_format: str, output: Path | None, fail_on: str, quiet: bool,
          proper_nouns: tuple[Path, ...]) -> int:
    """Check articles (.txt, .md; directories are searched) and report garbled spans."""
    from checker.detectors import build_detectors
    from checker.nlp import load_english
    from checker.pipeline import check_source
    from checker.reading import collect_articles, read_article
    from checker.report import Report, RunSignature, to_records

    article_paths = collect_articles(list(paths))
    if output is not None:
        _refuse_to_overwrite_inputs(output, article_paths)
    detectors = build_detectors(proper_nouns=proper_nouns)

    sources, read_errors = [], []
    for path in article_paths:
        try:
            sources.append(read_article(path))
        except InputError as exc:
            read_errors.append(str(exc))
    for message in read_errors:
        _error(message)
    if not sources:
        return EXIT_ERROR

    nlp, model = load_english()
    report = Report(
        RunSignature(__version__, model.spacy_version, model.package, model.version),
        fail_on=Severity(fail_on),
    )
    total = sum(len(s.text) for s in sources)
    with _progress(total, enabled=not quiet and total >= _PROGRESS_MIN_CHARS) as advance:
        for source in sources:
            report.articles.append(check_source(source, nlp, detectors, progress=advance))

    records = to_records(report)
    _emit(records, output_format, output, quiet)
    if read_errors:
        return EXIT_ERROR
    threshold = Severity(fail_on)
    failing = any(f.severity >= threshold for article in report.articles for f in article.findings)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


@cli.command()
@click.option("--format", "output_format", type=click.Choice(["terminal", "json"]), default="terminal", show_default=True)
def detectors(output_format: str) -> int:
    """List the detectors: code, name, default severity, category and description."""
    import json

    from rich.console import Console
    from rich.table import Table

    from checker.detectors import detector_classes

    rows = [
        {"code": d.code, "name": d.name, "severity": d.severity.value, "category": d.category.value, "description": d.summary()}
        for d in detector_classes()
    ]
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2))
        return EXIT_CLEAN
    table = Table(box=None, pad_edge=False)
    for column in ("code", "name", "severity", "category"):
        table.add_column(column, no_wrap=True)
    table.add_column("description", overflow="fold", min_width=20)
    for row in rows:
        table.add_row(*row.values())
    # A pipe has no width: keep each detector on one line there.
    Console(width=None if sys.stdout.isatty() else 250).print(table)
    return EXIT_CLEAN


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI; turn user errors into one line on stderr and exit code 2."""
    try:
        result = cli.main(args=argv, prog_name="checker", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        _error("aborted")
        return EXIT_ERROR
    except click.ClickException as exc:
        hint = ""
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            hint = f" (see '{exc.ctx.command_path} --help')"
        _error(exc.format_message().replace("\n", " ") + hint)
        return EXIT_ERROR
    except CheckerError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    return result if isinstance(result, int) else EXIT_CLEAN


def _error(message: str) -> None:
    click.echo(f"checker: error: {message}", err=True)


def _refuse_to_overwrite_inputs(output: Path, inputs: list[Path]) -> None:
    if output.exists():
        if output.is_dir():
            raise InputError(f"--output {output}: is a directory")
        for path in inputs:
            with contextlib.suppress(OSError):
                if output.samefile(path):
                    raise InputError(f"--output {output}: refusing to write over the input article {path}")


def _emit(records: dict, output_format: str, output: Path | None, quiet: bool) -> None:
    from rich.console import Console

    from checker.report import json as json_renderer
    from checker.report import terminal as terminal_renderer

    if output_format == "json":
        rendered = json_renderer.render(records)
        if output is None:
            sys.stdout.write(rendered)
        else:
            _write_atomically(output, rendered)
        return
    if output is None:
        terminal_renderer.render(records, Console(soft_wrap=True, highlight=False), quiet=quiet)
        return
    console = Console(record=True, file=open(os.devnull, "w"), color_system=None, soft_wrap=True, width=200)
    terminal_renderer.render(records, console, quiet=quiet)
    _write_atomically(output, console.export_text())


def _write_atomically(path: Path, content: str) -> None:
    """Write via a temporary file in the same folder, so a failed write leaves the old file whole."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"--output {path}: folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _progress(total: int, *, enabled: bool):
    """A rich progress bar on stderr (only on a terminal); yields `advance(chars)`."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("checking"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("check", total=total)
        yield lambda chars: bar.advance(task, chars)
