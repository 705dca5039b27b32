"""The `checker` command line: parse options, read files, call the pipeline, render, exit.

Exit codes: 0 no finding at or above --fail-on, 1 at least one, 2 usage or input error (and, as
one line too, a system error or an internal error; CHECKER_DEBUG=1 shows its traceback).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import click

from checker import __version__
from checker.engines import DEFAULT_ENGINE, ENGINES
from checker.errors import CheckerError, InputError
from checker.files import output_folder, output_target, require_regular_file, write_atomically
from checker.findings import Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Probability(click.FloatRange):
    """A number from 0 to 1; click's range lets `nan` through (every comparison with it is false)."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number from 0 to 1.", param, ctx)
        return number


PROBABILITY = _Probability(0.0, 1.0)
SEVERITIES = [s.value for s in Severity]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="checker")
def cli() -> None:
    """Flag garbled spans in machine-translated English articles."""


def engine_options(command):
    """Options shared by the commands that re-translate."""
    options = [
        click.option(
            "--engine",
            type=click.Choice(list(ENGINES)),
            default=DEFAULT_ENGINE,
            show_default=True,
            help="Re-translation engine (bergamot works offline). See 'checker engines'.",
        ),
        click.option(
            "--model",
            help="marian, ctranslate2: hub id or local directory of the EN->pivot model (or of a multilingual model).",
        ),
        click.option("--back-model", help="marian, ctranslate2: hub id or local directory of the pivot->EN model."),
        click.option("--pivot", help="marian, ctranslate2: pivot language for the round trip (default fr)."),
        click.option("--beam-size", type=click.IntRange(1, 16), help="marian, ctranslate2: beam size (default 4)."),
        click.option("--threads", type=click.IntRange(1, 256), help="Translation threads (default: all cores)."),
        click.option(
            "--retranslations",
            type=click.Path(path_type=Path, dir_okay=False),
            help="file: re-translations supplied by you (line-aligned text or JSONL by sentence id).",
        ),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache of translations and parses."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def config_options(command):
    """Options that choose the configuration file (see docs/configuration.md)."""
    options = [
        click.option(
            "--config",
            "config_file",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Configuration file (.checker.toml or a pyproject.toml with [tool.checker]); default: the "
            "nearest one above the checked files.",
        ),
        click.option(
            "--isolated", is_flag=True, help="Read no configuration file: the defaults and the command line only."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def parallel_options(command):
    """Options that spread the articles over worker processes or a Ray cluster (docs/scale.md)."""
    options = [
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(1, 256),
            default=1,
            show_default=True,
            help="Check in N worker processes on this machine, each with warm models.",
        ),
        click.option(
            "--ray",
            "ray_address",
            is_flag=False,
            flag_value="",
            default=None,
            envvar="CHECKER_RAY_ADDRESS",
            metavar="[ADDRESS]",
            help="Check on a Ray cluster (checker[ray]): 'auto' joins a running one, HOST:PORT that one, "
            "no value starts one here ($CHECKER_RAY_ADDRESS).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


FORMATS = ["terminal", "json", "html", "markdown", "sarif", "junit", "github", "gitlab", "checkstyle"]


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="terminal",
    show_default=True,
    help="Report format. html: one self-contained page; for several articles, "
    "a folder (--output DIR) with an index page and one page per article. "
    "sarif (2.1.0), junit (one testcase per article), github (workflow "
    "annotations), gitlab (Code Quality JSON) and checkstyle (XML) are for CI.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Write the report to FILE (a folder for --format html of several articles) instead of "
    "standard output; never over an input file.",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="major",
    show_default=True,
    help="Exit 1 when a finding of this severity or above is found.",
)
@click.option(
    "--select",
    "select",
    multiple=True,
    metavar="CODES",
    help="Report only these rules: codes or prefixes, comma-separated (GARB002,BIL). Repeatable.",
)
@click.option(
    "--ignore",
    "ignore",
    multiple=True,
    metavar="CODES",
    help="Do not report these rules: codes or prefixes, comma-separated (GARB100). Repeatable.",
)
@click.option(
    "--severity",
    "severity",
    multiple=True,
    metavar="CODE=LEVEL",
    help="The severity of a rule's findings (GARB014=major). Repeatable.",
)
@click.option(
    "--accept",
    is_flag=True,
    help="Record this run's findings as accepted (in .checker-accepted.json, or the configuration's "
    "'accepted' file): later runs hide them.",
)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    help="The name standard input (-) takes in the report (and for the configuration's patterns).",
)
@click.option("--quiet", "-q", is_flag=True, help="Findings only: no progress, notes or summary.")
@click.option(
    "--statistics",
    is_flag=True,
    help="Instead of the findings, how many there are of each rule, most frequent first (terminal format).",
)
@click.option(
    "--proper-nouns",
    "proper_nouns",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Extra proper-noun list (one name a line), on top of the bundled one. Repeatable.",
)
@click.option("--no-retranslate", is_flag=True, help="Skip the re-translation: detectors only.")
@click.option(
    "--min-confidence",
    type=PROBABILITY,
    help="Report re-translation disagreements from this error probability "
    "(default: the model's reporting threshold, where most flagged words are real errors).",
)
@click.option(
    "--changed-only",
    "changed_only",
    metavar="REV_RANGE",
    help="Report only findings on lines changed in this git range (e.g. origin/main...HEAD).",
)
@click.option(
    "--source",
    "french_source",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The French original of the (one) article: bilingual checks. In folders, NAME.fr.txt "
    "beside NAME.en.txt is used as its source.",
)
@click.option(
    "--glossary",
    type=click.Path(path_type=Path, dir_okay=False),
    help="With a source: TSV of French term<TAB>required English term (e.g. Kiev<TAB>Kyiv).",
)
@click.option(
    "--source-engine",
    type=click.Choice(["apertium", "none"]),
    default="apertium",
    show_default=True,
    help="With a source: translate it FR->EN offline with Apertium (a literal route through Spanish and "
    "a fluent one through Portuguese and Bergamot) and weigh every English word against it; "
    "none: the bilingual rule checks only.",
)
@engine_options
@config_options
@parallel_options
@click.pass_context
def check(
    ctx: click.Context,
    paths: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    quiet: bool,
    statistics: bool,
    changed_only: str | None,
    french_source: Path | None,
    accept: bool,
    jobs: int,
    ray_address: str | None,
    stdin_filename: str | None,
    config_file: Path | None,
    isolated: bool,
    **settings,
) -> int:
    """Check articles (.txt, .md; directories are searched; - reads standard input) and report garbled spans."""
    from checker.api import Checker, collect, pair_sources

    # Named by their option; a FIFO among them would block the run.
    for option, given in (
        ("--source", [french_source]),
        ("--glossary", [settings["glossary"]]),
        ("--proper-nouns", settings["proper_nouns"]),
        ("--config", [config_file]),
    ):
        for path in given:
            if path is not None:
                require_regular_file(path, option)
    if stdin_filename is not None and not any(str(p) == "-" for p in paths):
        raise InputError("--stdin-filename names standard input: give - among the paths")
    config = _effective_config(ctx, paths, config_file, isolated, settings)
    article_paths, french_sources = pair_sources(collect(list(paths), config), french_source)
    if statistics and output_format != "terminal":
        raise InputError(f"--statistics counts findings for the terminal: it cannot go with --format {output_format}")
    several_pages = output_format == "html" and len(article_paths) > 1
    if several_pages and output is None:
        raise InputError("--format html of several articles writes a folder: give it with --output DIR")
    changed = None
    if changed_only is not None:  # git's lines are read before the work: a bad range costs nothing
        from checker.changes import changed_lines

        if any(str(p) == "-" for p in article_paths):
            raise InputError("--changed-only reads git's changes to files: standard input (-) has none")
        changed = changed_lines(changed_only, article_paths)
    inputs = [
        *article_paths,
        *(p for p in (french_source, config.glossary, config_file) if p is not None),
        *config.word_lists.proper_nouns,
    ]
    # The destination is checked before the work, so a bad --output does not cost a whole run.
    target = (
        None if output is None else output_folder(output, inputs) if several_pages else output_target(output, inputs)
    )
    parallel = jobs > 1 or ray_address is not None
    if parallel and any(str(p) == "-" for p in article_paths):
        raise InputError("standard input (-) is checked in this process: drop --jobs and --ray for it")
    checker = Checker(config)
    sources = _ArticlesRead(article_paths, stdin_name=stdin_filename)
    read_errors = sources.errors
    with _progress(enabled=not quiet) as progress:
        articles = _articles_checked(checker, sources, french_sources, progress, jobs, ray_address)
        if changed is not None:
            from checker.report.model import restrict_to_lines

            articles = (
                (restrict_to_lines(record, changed.get(Path(record["path"]).resolve(), set())), text)
                for record, text in articles
            )
        threshold = config.fail_on
        failing = False
        accepted_records: list[dict] = []

        def watched(pairs):
            nonlocal failing
            for record, text in pairs:
                failing = failing or any(Severity(f["severity"]) >= threshold for f in record["findings"])
                if accept:
                    accepted_records.append(
                        {
                            "path": record["path"],
                            "findings": [
                                {k: f[k] for k in ("fingerprint", "code", "text", "line")} for f in record["findings"]
                            ],
                        }
                    )
                yield record, text

        if statistics:
            checked = _emit_statistics(watched(articles), target)
        else:
            checked = _emit(checker.header, watched(articles), output_format, target, quiet, checker.accepted.name)
    _say_accepted(checker.accepted, accepted_records if accept else None, quiet)
    if read_errors or not checked:
        return EXIT_ERROR
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _say_accepted(accepted, records: list[dict] | None, quiet: bool) -> None:
    """With --accept, write the accepted-findings file; else say which accepted findings no longer occur."""
    if records is not None:
        count = accepted.write(records)
        if not quiet:
            click.echo(f"{count} accepted finding{'s' if count != 1 else ''} recorded in {accepted.file}", err=True)
        return
    stale = accepted.stale()
    if stale and not quiet:
        listed = "; ".join(f"{e.path}:{e.line or '?'} {e.code} {e.text!r}" for e in stale[:5])
        more = f" and {len(stale) - 5} more" if len(stale) > 5 else ""
        click.echo(
            f"checker: {len(stale)} accepted finding{'s' if len(stale) != 1 else ''} in {accepted.file} "
            f"no longer occur{'s' if len(stale) == 1 else ''}: {listed}{more} (--accept rewrites the file)",
            err=True,
        )


# The command's parameters that are settings of the configuration, and how they become one.
def _setting_of(name: str, value, config):
    from checker.config import WordLists

    if name == "no_retranslate":
        return "retranslate", not value
    if name == "no_cache":
        return "cache", not value
    if name == "fail_on":
        return "fail_on", Severity(value)
    if name in ("select", "ignore"):
        return name, tuple(code.strip() for item in value for code in item.split(",") if code.strip())
    if name == "severity":
        levels = dict(config.severity)
        for item in value:
            code, sep, level = item.partition("=")
            if not sep or level.strip().lower() not in SEVERITIES:
                raise InputError(f"--severity {item}: expected CODE=LEVEL with LEVEL one of {', '.join(SEVERITIES)}")
            from checker.rules import rule

            levels[rule(code).code] = Severity(level.strip().lower())
        return "severity", levels
    if name == "proper_nouns":  # on top of the configuration's lists
        lists = config.word_lists
        return "word_lists", WordLists(lists.proper_nouns + tuple(value), lists.loanwords, lists.exonyms, lists.replace)
    return name, value


def _effective_config(ctx: click.Context, paths, config_file: Path | None, isolated: bool, settings: dict):
    """The configuration file's settings with the options given on the command line put over them."""
    from click.core import ParameterSource

    from checker.api import configure

    base = configure(paths, config_file=config_file, isolated=isolated)
    given = {}
    for name, value in settings.items():
        if ctx.get_parameter_source(name) in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT):
            key, converted = _setting_of(name, value, base)
            given[key] = converted
    config = base.with_options(given)
    config.codes()  # a bad --select/--ignore is said before any work
    return config


class _SaidList(list):
    """Errors of articles, each said as an error line when it is added (as the article is read,
    or as its worker's answer comes back)."""

    def append(self, message: str) -> None:
        _error(message)
        super().append(message)


class _ArticlesRead:
    """The articles, read one by one as the pipeline takes them (a run of 100,000 holds a few);
    each one that cannot be read is kept in `errors` (and said at once as an error line, with
    `say_errors`)."""

    def __init__(
        self,
        paths: list[Path],
        say_errors: bool = True,
        stdin_name: str | None = None,
    ):
        self.paths = paths
        self.errors: list[str] = _SaidList() if say_errors else []
        self._stdin_name = stdin_name

    def __len__(self) -> int:
        return len(self.paths)

    def __iter__(self):
        from dataclasses import replace

        from checker.reading import read_article

        for path in self.paths:
            try:
                source = read_article(path)
                if self._stdin_name is not None and str(path) == "-":
                    source = replace(source, path=self._stdin_name)
            except InputError as exc:
                self.errors.append(str(exc))
                continue
            yield source


def _articles_checked(checker, sources: _ArticlesRead, french_sources, progress, jobs: int, ray_address: str | None):
    """(record, text) of each article, in order: checked here, or by `jobs` worker processes or a
    Ray cluster (their articles that cannot be read go to `sources.errors` as they come back)."""
    if jobs == 1 and ray_address is None:
        return checker.check_sources(sources, french_sources, progress)
    from checker import distributed

    return distributed.check_articles(
        sources.paths, french_sources, checker.config, sources.errors, progress, jobs=jobs, ray_address=ray_address
    )


def _snapshots_of(folders: list[Path], config, quiet: bool, jobs: int = 1, ray_address: str | None = None) -> list:
    """Check every article under each folder and snapshot each folder's run, articles named
    relative to it: in one run (one set of models, one pool of workers as `check` has them)."""
    from checker.api import Checker, collect
    from checker.reading import read_article
    from checker.regression import BASELINE_VERSION, snapshot_article

    for folder in folders:
        if not folder.is_dir():
            raise InputError(f"{folder}: not a folder of articles")
    paths_of = [collect([folder], config) for folder in folders]
    paths = [path for folder_paths in paths_of for path in folder_paths]
    for path in paths:  # every article readable before any work: a partial snapshot compares wrongly later
        read_article(path)
    checker = Checker(config)
    sources = _ArticlesRead(paths, say_errors=False)
    with _progress(enabled=not quiet) as progress:
        checked = _articles_checked(checker, sources, {}, progress, jobs, ray_address)
        # Kept as the snapshot's few fields only (a run of 100,000 articles holds no findings' texts).
        records = [(record["path"], snapshot_article(record)) for record, _ in checked]
    if sources.errors:  # a snapshot of part of a corpus would compare wrongly later: one line, no snapshot
        more = f" (and {len(sources.errors) - 1} more unreadable)" if len(sources.errors) > 1 else ""
        raise InputError(f"{sources.errors[0]}{more}")
    snapshots, done = [], 0
    for folder, folder_paths in zip(folders, paths_of, strict=True):
        articles = {}
        for path, article in records[done : done + len(folder_paths)]:
            # Names relative to the folder, links not followed: a corpus of links is named by its links.
            articles[Path(os.path.relpath(Path(path).absolute(), folder.absolute())).as_posix()] = article
        done += len(folder_paths)
        snapshots.append(
            {
                "baseline_version": BASELINE_VERSION,
                "signature": checker.header["signature"]["string"],
                "articles": articles,
            }
        )
    return snapshots


@cli.command()
@click.argument("corpus", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Baseline file to write (JSON).",
)
@click.option("--no-retranslate", is_flag=True, help="Detectors only (no scores to compare).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@engine_options
@config_options
@parallel_options
@click.pass_context
def baseline(
    ctx: click.Context,
    corpus: Path,
    output: Path,
    quiet: bool,
    config_file: Path | None,
    isolated: bool,
    jobs: int,
    ray_address: str | None,
    **settings,
) -> int:
    """Record a corpus's scores and findings (with fingerprints) as the baseline for `regress`."""
    import json

    from checker.api import collect

    if not corpus.is_dir():
        raise InputError(f"{corpus}: not a folder of articles")
    config = _effective_config(ctx, [corpus], config_file, isolated, settings)
    target = output_target(output, collect([corpus], config))
    [snap] = _snapshots_of([corpus], config, quiet, jobs, ray_address)
    target.write(json.dumps(snap, ensure_ascii=False, indent=1) + "\n")
    if not quiet:
        findings = sum(len(a["findings"]) for a in snap["articles"].values())
        click.echo(f"baseline of {len(snap['articles'])} articles ({findings} findings) -> {output}", err=True)
    return EXIT_CLEAN


@cli.command()
@click.argument("corpus", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Baseline written by `checker baseline`, to compare CORPUS against.",
)
@click.option("--old", type=click.Path(path_type=Path, file_okay=False), help="Folder of the old MT version.")
@click.option(
    "--new",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of the new MT version (files matched by name).",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="major",
    show_default=True,
    help="Exit 1 when a new finding of this severity or above appears (with --old/--new: when "
    "there are more such findings than before).",
)
@click.option(
    "--max-drop",
    type=PROBABILITY,
    default=0.0,
    show_default=True,
    help="Exit 1 when the corpus quality (1 - garble) drops significantly by more than this.",
)
@click.option(
    "--format", "output_format", type=click.Choice(["terminal", "json"]), default="terminal", show_default=True
)
@click.option("--no-retranslate", is_flag=True, help="Detectors only (findings compared, no scores).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@engine_options
@config_options
@parallel_options
@click.pass_context
def regress(
    ctx: click.Context,
    corpus: Path | None,
    baseline_path: Path | None,
    old: Path | None,
    new: Path | None,
    fail_on: str,
    max_drop: float,
    output_format: str,
    quiet: bool,
    config_file: Path | None,
    isolated: bool,
    jobs: int,
    ray_address: str | None,
    **settings,
) -> int:
    """Compare a corpus with its baseline (or two MT versions): new and resolved findings, and
    whether the quality change is significant (paired bootstrap, 1,000 resamples)."""
    from checker.regression import compare

    folders = [p for p in (corpus, old, new) if p is not None]
    config = _effective_config(ctx, folders, config_file, isolated, settings)
    if baseline_path is not None and corpus is not None and old is None and new is None:
        from checker.validation import read_baseline

        before = read_baseline(baseline_path)
        if not before["articles"]:
            raise InputError(f"--baseline {baseline_path}: holds no articles")
        [after] = _snapshots_of([corpus], config, quiet, jobs, ray_address)
        if not set(before["articles"]) & set(after["articles"]):
            raise InputError(
                f"--baseline {baseline_path}: none of its {len(before['articles'])} articles is in {corpus} "
                f"(names are paths relative to the corpus folder, e.g. {next(iter(before['articles']))})"
            )
    elif old is not None and new is not None and corpus is None and baseline_path is None:
        before, after = _snapshots_of([old, new], config, quiet, jobs, ray_address)
        before["articles"] = _by_file_name(before["articles"])
        after["articles"] = _by_file_name(after["articles"])
        if not set(before["articles"]) & set(after["articles"]):
            raise InputError(f"--old {old} and --new {new}: no article matched by name")
    else:
        raise InputError("give CORPUS --baseline FILE, or --old DIR --new DIR")
    result = compare(before, after, fail_on=Severity(fail_on), max_drop=max_drop, same_text=old is None)
    _emit_regression(result, output_format)
    return EXIT_FINDINGS if result.failed else EXIT_CLEAN


def _by_file_name(articles: dict) -> dict:
    """Articles keyed by folder and file stem without system suffixes (doc/rbmt1.0.en.txt -> doc)."""
    keyed = {}
    for name, article in articles.items():
        path = Path(name)
        key = path.parent.as_posix() if path.parent.as_posix() != "." else path.name
        if key in keyed:  # several files per folder: match by file name instead
            return {Path(n).name: a for n, a in articles.items()}
        keyed[key] = article
    return keyed


def _emit_regression(result, output_format: str) -> None:
    import json
    from dataclasses import asdict

    if output_format == "json":
        sys.stdout.write(
            json.dumps(
                allow_nan=False,
                obj={
                    "failed": result.failed,
                    "dropped": result.dropped,
                    "bootstrap": asdict(result.bootstrap) | {"significant": result.bootstrap.significant}
                    if result.bootstrap
                    else None,
                    "missing": result.missing,
                    "added": result.added,
                    "articles": [asdict(a) for a in result.articles if a.new_findings or a.resolved_findings],
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
        return
    for change in result.articles:
        for finding in change.new_findings:
            click.echo(
                f"{change.name}:{finding['line']}:{finding['column']}: new {finding['severity']} "
                f"{finding['code']} {finding['message']} ({finding['text']!r})"
            )
        for finding in change.resolved_findings:
            click.echo(
                f"{change.name}:{finding['line']}:{finding['column']}: resolved {finding['code']} ({finding['text']!r})"
            )
    new_count = sum(len(a.new_findings) for a in result.articles)
    resolved = sum(len(a.resolved_findings) for a in result.articles)
    click.echo(
        f"{len(result.articles)} articles compared: {new_count} new findings, {resolved} resolved"
        + (f"; missing from the new run: {', '.join(result.missing)}" if result.missing else "")
        + (f"; only in the new run: {', '.join(result.added)}" if result.added else "")
    )
    test = result.bootstrap
    if test is None:
        click.echo("quality change: not tested (no scored lines in common; was --no-retranslate used?)")
    else:
        verdict = (
            ("a significant improvement" if test.delta > 0 else "a significant regression")
            if test.significant
            else "no significant change"
        )
        click.echo(
            f"quality (1 - garble) change {test.delta:+.4f}, 95% CI [{test.low:+.4f}, {test.high:+.4f}], "
            f"p = {test.p_value:.4f} over {test.units} paired lines (paired bootstrap, 1,000 resamples): {verdict}"
        )


@cli.command()
@click.argument("article", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="JSONL file to write: one line per sentence.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@engine_options
@click.pass_context
def retranslate(ctx: click.Context, article: Path, output: Path, quiet: bool, **settings) -> int:
    """Re-translate an article sentence by sentence; write JSONL (id, offsets, original, pivot, back)."""
    import json

    from checker.api import Checker, engine_label
    from checker.document import parse_document
    from checker.reading import read_article

    source = read_article(article)
    target = output_target(output, [article])
    config = _effective_config(ctx, [article], None, False, settings).with_options({"retranslate": True})
    checker = Checker(config)
    nlp, cache = checker.nlp, checker.cache
    with _progress(enabled=not quiet) as progress:
        document = parse_document(source.text, nlp, markdown=source.is_markdown, parse_cache=cache)
        sentences = [source.text[s.start : s.end] for s in document.sentences]
        run = checker._retranslate(
            sentences, progress.stage("re-translating", 2 * len(sentences)) if progress else None
        )
    label = engine_label(checker.engine)
    lines = [
        json.dumps(
            {
                "id": s.index,
                "start": s.start,
                "end": s.end,
                "original": r.original,
                "pivot": r.pivot,
                "back": r.back,
                "engine": label,
            },
            ensure_ascii=False,
        )
        for s, r in zip(document.sentences, run.retranslations, strict=True)
    ]
    target.write("\n".join(lines) + "\n")
    if not quiet:
        click.echo(
            f"{len(lines)} sentences re-translated through {label} "
            f"({run.cached} translations from the cache, {run.translated} new) -> {output}",
            err=True,
        )
    return EXIT_CLEAN


@cli.command("eval")
@click.argument("gold", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--gold-format",
    type=click.Choice(["auto", "wmt23", "mqm", "potet", "demetr"]),
    default="auto",
    show_default=True,
    help="Format of GOLD (auto: by its first record).",
)
@click.option("--pair", help="Language pair to score in a WMT23 TSV, e.g. zh-en.")
@click.option(
    "--system",
    "systems",
    multiple=True,
    metavar="NAME=FILE",
    help="Another system's predictions in the gold file's format, scored beside checker. Repeatable.",
)
@click.option("--limit", type=click.IntRange(1), help="Score only the first N segments (a quick look).")
@click.option("--no-retranslate", is_flag=True, help="checker's detectors only, no re-translation.")
@click.option(
    "--min-confidence",
    type=PROBABILITY,
    help="Flag re-translation disagreements from this error probability "
    "(default: the model's threshold for the best F1 on dev data).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@engine_options
@parallel_options
@click.pass_context
def evaluate(
    ctx: click.Context,
    gold: Path,
    gold_format: str,
    pair: str | None,
    systems: tuple[str, ...],
    limit: int | None,
    min_confidence: float | None,
    quiet: bool,
    jobs: int,
    ray_address: str | None,
    **settings,
) -> int:
    """Score checker's findings against gold error spans.

    Reads WMT23 QE task-2 TSV, MQM JSONL, Potet JSONL (post-edit changes, no severities) and
    DEMETR JSONL. Prints character-level micro precision, recall and F1 with severity credit
    (same severity 1.0, minor<->major 0.5) and the per-segment macro F1, for checker and for
    every --system file.
    """
    from checker.api import _open_cache, _refuse_engine_settings, load_engine_of
    from checker.detectors import build_detectors
    from checker.evaluation.corpora import SEVERITY_BLIND, CorpusError, detect_format, read_gold
    from checker.evaluation.predict import predict_segments
    from checker.evaluation.spans import character_micro, one_severity, segment_macro_f1
    from checker.nlp import load_english

    if not gold.exists():
        raise InputError(f"{gold}: no such file")
    try:
        fmt = detect_format(gold) if gold_format == "auto" else gold_format
        segments = read_gold(gold, fmt, pair)
        others = {}
        for item in systems:
            name, sep, path = item.partition("=")
            if not sep or not Path(path).is_file():
                raise InputError(f"--system {item}: expected NAME=FILE with an existing file")
            others[name] = {k: s.spans for k, s in read_gold(Path(path), fmt, pair).items()}
    except (CorpusError, UnicodeDecodeError) as error:
        raise InputError(str(error)) from None
    if not segments:
        raise InputError(f"{gold}: no rows for language pair '{pair}'" if pair else f"{gold}: no segments")
    keys = list(segments)[:limit] if limit else list(segments)
    gold_spans = {k: segments[k].spans for k in keys}
    # Scored as the shipped rules stand: the configuration file's policy is not read here.
    config = _effective_config(ctx, [gold], None, True, settings)
    if not config.retranslate:
        _refuse_engine_settings(config)
    if jobs > 1 or ray_address is not None:
        from checker import distributed

        engine_name = config.engine if config.retranslate else None
        with _progress(enabled=not quiet) as progress:
            predicted = distributed.predict_segments(
                {k: segments[k].text for k in keys},
                config,
                min_confidence,
                progress.stage if progress else None,
                jobs=jobs,
                ray_address=ray_address,
            )
    else:
        nlp, _ = load_english()
        engine = load_engine_of(config) if config.retranslate else None
        engine_name = engine.name if engine is not None else None
        with _progress(enabled=not quiet) as progress:
            predicted = predict_segments(
                {k: segments[k].text for k in keys},
                nlp,
                build_detectors(),
                engine=engine,
                cache=_open_cache(config),
                min_confidence=min_confidence,
                progress=progress.stage if progress else None,
            )
    rows = {
        f"checker ({'detectors' if engine_name is None else engine_name + ' + detectors'})": {
            k: p.spans for k, p in predicted.items()
        },
        **others,
    }
    if fmt in SEVERITY_BLIND:
        gold_spans, rows = one_severity(gold_spans), {n: one_severity(r) for n, r in rows.items()}
    click.echo(
        f"{gold.name}{' ' + pair if pair else ''}: {len(gold_spans)} segments, "
        f"{sum(map(len, gold_spans.values()))} gold spans"
    )
    click.echo(f"{'system':36s} {'P':>6s} {'R':>6s} {'F1':>6s} {'macro F1':>9s}")
    for name, spans in rows.items():
        micro = character_micro(gold_spans, spans)
        click.echo(
            f"{name:36s} {micro.precision:6.3f} {micro.recall:6.3f} {micro.f1:6.3f} "
            f"{segment_macro_f1(gold_spans, spans):9.3f}"
        )
    return EXIT_CLEAN


@cli.command()
def engines() -> int:
    """List the re-translation engines and whether each can run on this machine."""
    from checker.engines import engine_statuses

    for status in engine_statuses():
        click.echo(f"{status.name:12s} {'available' if status.available else 'unavailable':12s} {status.detail}")
    return EXIT_CLEAN


@cli.group()
def cache() -> None:
    """The translation cache (SQLite, shared by every run; $CHECKER_CACHE_DIR moves it)."""


@cache.command("info")
def cache_info() -> int:
    """Where the cache is, how big, and what it holds."""
    from checker.engines.cache import TranslationCache

    info = TranslationCache().info()
    click.echo(
        f"path: {info['path']}\nentries: {info['entries']}\nparses: {info['parses']}\nsize: "
        f"{info['bytes'] / 1e6:.1f} MB"
    )
    for engine, count in info["by_engine"].items():
        click.echo(f"  {engine}: {count}")
    return EXIT_CLEAN


@cache.command("clear")
def cache_clear() -> int:
    """Delete every cached translation (a damaged cache file is deleted and made anew)."""
    from checker.engines.cache import CacheDamaged, TranslationCache

    try:
        removed = TranslationCache().clear()
    except CacheDamaged as exc:
        click.echo(
            f"checker: translation cache {exc.path} cannot be used: {exc.reason}; deleting it and making an empty one",
            err=True,
        )
        cache = TranslationCache.recreate()
        click.echo(f"made an empty translation cache at {cache.path}")
        return EXIT_CLEAN
    click.echo(f"removed {removed} cached translations and every cached parse")
    return EXIT_CLEAN


@cli.command()
@click.option(
    "--format", "output_format", type=click.Choice(["terminal", "json"]), default="terminal", show_default=True
)
def detectors(output_format: str) -> int:
    """List every rule checker reports: code, name, default severity, category and description
    (the detectors, the re-translation disagreement GARB100 and the bilingual checks BIL001-011)."""
    import json

    from rich.console import Console
    from rich.table import Table

    from checker.report.ci import rules

    rows = [
        {
            "code": r["code"],
            "name": r["name"],
            "severity": r["severity"],
            "category": r["category"],
            "description": r["summary"],
        }
        for r in rules()
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


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes, each with its own warm models.",
)
@click.option(
    "--token",
    envvar="CHECKER_TOKEN",
    help="Require 'Authorization: Bearer TOKEN' ($CHECKER_TOKEN); required when listening beyond this machine.",
)
@click.option(
    "--timeout",
    "timeout_seconds",
    type=click.FloatRange(1, 3600),
    default=120,
    show_default=True,
    help="Seconds a check may take before the request gets 504.",
)
@click.option(
    "--max-body",
    "max_body_bytes",
    type=click.IntRange(1_000),
    default=2_000_000,
    show_default=True,
    help="Largest request body in bytes (413 above).",
)
@click.option("--cors-origin", "cors_origins", multiple=True, help="Allow browser calls from this origin. Repeatable.")
@config_options
def serve(
    host: str,
    port: int,
    workers: int,
    token: str | None,
    timeout_seconds: float,
    max_body_bytes: int,
    cors_origins: tuple[str, ...],
    config_file: Path | None,
    isolated: bool,
) -> int:
    """Run checker as an HTTP service with a page for editors (docs/serve.md); Ctrl-C or SIGTERM stops it."""
    import importlib.util

    if importlib.util.find_spec("fastapi") is None or importlib.util.find_spec("uvicorn") is None:
        raise InputError("checker serve needs the serve extra: pip install 'checker[serve]'")
    from checker.api import configure
    from checker.service import ServiceSettings, create_app, is_loopback

    if not token and not is_loopback(host):
        raise InputError(f"--host {host} listens beyond this machine: give --token (or $CHECKER_TOKEN)")
    settings = ServiceSettings(
        configure([Path(".")], config_file=config_file, isolated=isolated),
        max_body_bytes=max_body_bytes,
        timeout_seconds=timeout_seconds,
        token=token,
        cors_origins=cors_origins,
    )
    import uvicorn

    from checker.service import configure_access_log

    configure_access_log()  # one JSON line per request (uvicorn's own access log is off)
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info", access_log=False)
    else:  # each process builds its own application from the same settings
        import os
        import pickle

        os.environ["CHECKER_SERVE_SETTINGS"] = pickle.dumps(settings).hex()
        uvicorn.run(
            "checker.service:app_from_environment",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_level="info",
            access_log=False,
        )
    return EXIT_CLEAN


@cli.command()
@click.argument("code")
def rule(code: str) -> int:
    """Explain a rule: what it flags, why, and examples from its case file (e.g. checker rule GARB002)."""
    from checker.rules import rule as find_rule

    found = find_rule(code)
    bad, good = found.examples()
    lines = [
        f"{found.code} {found.name}",
        f"severity: {found.severity.value} (default)    category: {found.category.value}",
        "",
        found.help,
    ]
    for title, examples in (("Flagged", bad), ("Not flagged", good)):
        if examples:
            lines += ["", f"{title} (from its case file):"]
            for english, french in examples[:4]:
                lines.append(f"  {english}")
                if french:
                    lines.append(f"    source: {french}")
    click.echo("\n".join(lines))
    return EXIT_CLEAN


@cli.command("config")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@config_options
def show_config(paths: tuple[Path, ...], config_file: Path | None, isolated: bool) -> int:
    """Print the effective configuration for PATHS (default: the current folder) and where each setting comes from."""
    import json

    from checker.api import configure

    config = configure(paths or (Path("."),), config_file=config_file, isolated=isolated)
    click.echo(f"# configuration file: {config.file if config.file is not None else 'none (defaults)'}")
    for key, value, origin in config.settings():
        click.echo(f"{key} = {json.dumps(value, ensure_ascii=False)}    # {origin}")
    click.echo(f"# rules reported: {len(config.codes())}")
    return EXIT_CLEAN


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI; turn user errors into one line on stderr and exit code 2;
    Ctrl-C exits 130 with `checker: interrupted` (what was translated stays in the cache)."""
    from checker.engines.roundtrip import interrupt, resume

    resume()
    try:
        # Not click's main(): it turns Ctrl-C into Abort and prints a blank line first.
        args = sys.argv[1:] if argv is None else argv
        with cli.make_context("checker", list(args)) as ctx:
            result = cli.invoke(ctx)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except (KeyboardInterrupt, click.exceptions.Abort):
        interrupt()  # translation threads stop at their next piece
        click.echo("checker: interrupted", err=True)
        return 130
    except click.ClickException as exc:
        hint = ""
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            hint = f" (see '{exc.ctx.command_path} --help')"
        _error(exc.format_message().replace("\n", " ") + hint)
        return EXIT_ERROR
    except CheckerError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except OSError as exc:  # the system refused: a full disk, a file that vanished, a permission
        where = f"{exc.filename}: " if exc.filename else ""
        _error(f"{where}{exc.strerror or exc}")
        return EXIT_ERROR
    except Exception as exc:  # a bug in checker: still one line, the traceback on demand
        if os.environ.get("CHECKER_DEBUG"):
            raise
        _error(
            f"internal error: {type(exc).__name__}: {exc} (run with CHECKER_DEBUG=1 for the traceback, "
            "and please report it)"
        )
        return EXIT_ERROR
    return result if isinstance(result, int) else EXIT_CLEAN


def _error(message: str) -> None:
    click.echo(f"checker: error: {message}", err=True)


def _emit_statistics(articles, output) -> int:
    """The count of findings per rule, most frequent first (as ruff's --statistics); how many
    articles were checked."""
    from collections import Counter

    counts: Counter = Counter()
    checked = 0
    for record, _ in articles:
        checked += 1
        counts.update((f["code"], f["name"], f["severity"]) for f in record["findings"])
    if not checked:
        return 0
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    lines = [f"{count:>7}  {code:8s} {severity:6s} {name}" for (code, name, severity), count in ranked]
    total = sum(counts.values())
    lines.append(f"{total:>7}  finding{'s' if total != 1 else ''} in {checked} article{'s' if checked != 1 else ''}")
    _deliver("\n".join(lines) + "\n", output)
    return checked


def _deliver(text: str, output) -> None:
    """A whole report to standard output or to its OutputTarget."""
    if output is None:
        sys.stdout.write(text)
    else:
        output.write(text)


class _NothingChecked(Exception):
    """No article could be read: the report is not written at all."""


def _emit(header: dict, articles, output_format: str, output, quiet: bool, accepted_name=None) -> int:
    """Render the articles' (record, text) pairs as they come to standard output, an OutputTarget
    or a folder of pages (a Path); how many articles were rendered. Terminal and JSON reports are
    written one article at a time, so a run of many articles never holds them all; the other
    formats need the whole run and keep its records (texts only for HTML and Markdown)."""
    if output_format in ("terminal", "json"):
        try:
            if output is None:
                return _stream(header, articles, output_format, sys.stdout, quiet, to_terminal=True)
            with output.stream() as handle:
                checked = _stream(header, articles, output_format, handle, quiet, to_terminal=False)
                if not checked:
                    raise _NothingChecked  # no report at all, the old file left whole
            return checked
        except _NothingChecked:
            return 0
    from checker.report import assemble

    keep_texts = output_format in ("html", "markdown")
    records, texts = [], []
    for record, text in articles:
        records.append(record)
        if keep_texts:
            texts.append(text)
    if records:
        _render_whole(assemble(header, records), output_format, output, quiet, texts, accepted_name)
    return len(records)


def _stream(header: dict, articles, output_format: str, handle, quiet: bool, to_terminal: bool) -> int:
    from rich.console import Console

    from checker.report import Tally
    from checker.report import json as json_renderer
    from checker.report import terminal as terminal_renderer

    tally, garbles, signals, writer, console = Tally(), [], None, None, None
    for record, _ in articles:
        if output_format == "json":
            writer = writer or json_renderer.JsonStream(header, handle)
            writer.article(record)
        else:
            if console is None:
                console = (
                    Console(file=handle, soft_wrap=True, highlight=False)
                    if to_terminal
                    else Console(file=handle, color_system=None, soft_wrap=True, width=200, highlight=False)
                )
            terminal_renderer.render_article(record, console, quiet=quiet)
            garble = terminal_renderer.garble_line(record)
            if garble is not None:
                garbles.append(garble)
        signals = record["signals"] if signals is None else signals
        tally.add(record)
    if not tally.articles:
        return 0
    if writer is not None:
        writer.close(tally.summary())
    elif not quiet:
        assert console is not None and signals is not None  # set by the first article
        terminal_renderer.render_summary(tally.summary(), garbles, signals, header["signature"]["string"], console)
    return tally.articles


def _render_whole(records: dict, output_format: str, output, quiet: bool, texts: list[str], accepted_name=None) -> None:
    """Render whole records: HTML pages, Markdown, SARIF, JUnit, GitHub annotations, GitLab, Checkstyle.
    `accepted_name(path)`: an article's name in the accepted-findings file (the HTML pages export it)."""

    def accepted(path: str) -> str | None:
        return accepted_name(path) if accepted_name else None

    from checker.report import html as html_renderer
    from checker.report import markdown as markdown_renderer

    if output_format == "html" and len(records["articles"]) > 1:
        output.mkdir(exist_ok=True)
        names = html_renderer.page_names([a["path"] for a in records["articles"]])
        written = []
        try:
            for index, (name, text) in enumerate(zip(names, texts, strict=True)):
                page = html_renderer.render_article(
                    records,
                    index,
                    text,
                    index_link="index.html",
                    accepted_name=accepted(records["articles"][index]["path"]),
                )
                write_atomically(output / name, page)
                written.append(output / name)
            write_atomically(output / "index.html", html_renderer.render_index(records, names))
        except BaseException:  # interrupted or failed: no folder of pages without its index
            for page in written:
                with contextlib.suppress(OSError):
                    page.unlink()
            raise
        if not quiet:
            click.echo(f"{len(names)} article pages and index.html written to {output}", err=True)
        return
    from checker.report import ci

    if output_format in ("sarif", "junit", "github", "gitlab", "checkstyle"):
        rendered = getattr(ci, output_format)(records)
    elif output_format == "html":
        rendered = html_renderer.render_article(
            records, 0, texts[0], accepted_name=accepted(records["articles"][0]["path"])
        )
    else:
        rendered = markdown_renderer.render(records, texts)
    _deliver(rendered, output)


class _RichProgress:
    """Progress bars on stderr, one per stage; shown only once the work has lasted a second."""

    _DELAY_SECONDS = 1.0

    def __init__(self, bar):
        self._bar = bar
        self._started_at: float | None = None
        self._shown = False

    def stage(self, name: str, total: int):
        import time

        self._started_at = started = self._started_at or time.monotonic()
        task = self._bar.add_task(name, total=total)

        def advance(n: int) -> None:
            self._bar.advance(task, n)
            if not self._shown and time.monotonic() - started >= self._DELAY_SECONDS:
                self._bar.start()
                self._shown = True

        return advance

    def close(self) -> None:
        if self._shown:
            self._bar.stop()


@contextlib.contextmanager
def _progress(*, enabled: bool):
    """Progress on stderr (only on a terminal, never with --quiet); yields it, or None."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = _RichProgress(
        Progress(
            TextColumn("{task.description:>15}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
            refresh_per_second=4,
        )
    )
    try:
        yield progress
    finally:
        progress.close()
