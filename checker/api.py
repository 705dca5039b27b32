"""One way to build a checker: a `Checker` made from the effective configuration, used by the
command line, the Python API and (later) the HTTP service and cluster workers alike.

    >>> import checker
    >>> report = checker.check_text("The forces of kyiv advanced.", engine="none")
    >>> [(f["code"], f["text"]) for f in report["findings"]]
    [('GARB002', 'kyiv')]

A Checker loads the engine (a missing model fails here, before any slow work), the translation
cache, spaCy, the detectors and the configuration's policy (which rules are reported, at which
severity, what is suppressed) once; then checks any number of articles, each becoming the same
record the JSON report holds (docs/json-schema.md).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sized
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker import __version__
from checker.config import Config, find_config_file, load_config
from checker.engines import DEFAULT_ENGINE
from checker.errors import InputError
from checker.findings import Finding
from checker.reading import SourceText

if TYPE_CHECKING:
    from checker.engines.base import Engine


class Checker:
    """A warm checker: engines, cache, spaCy, detectors and policy loaded once from a Config."""

    def __init__(self, config: Config | None = None):
        from checker.accepted import AcceptedFindings
        from checker.detectors import build_detectors
        from checker.findings import Severity
        from checker.nlp import load_english
        from checker.report import RunSignature, run_header

        self.config = config = config or Config()
        self.codes = config.codes()
        self.cache = _open_cache(config)
        if not config.retranslate:
            _refuse_engine_settings(config)
        # The engine first: a missing model is reported before any slow work starts.
        self.engine = None if not config.retranslate else _load_round_trip_engine(config)
        self.detectors = build_detectors(word_lists=config.word_lists)
        self.nlp, model = load_english()
        self.glossary = None
        if config.glossary is not None:
            from checker.bilingual import read_glossary
            from checker.files import require_regular_file

            require_regular_file(config.glossary, "--glossary")
            self.glossary = read_glossary(config.glossary)
        signature = RunSignature(
            __version__,
            model.spacy_version,
            model.package,
            model.version,
            engine=engine_label(self.engine) if self.engine else "none",
            engine_signature=self.engine.signature() if self.engine else None,
        )
        sacrebleu = None
        if self.engine is not None:
            from checker.compare.scores import SentenceScorer

            sacrebleu = SentenceScorer().signatures()
        self.header = run_header(signature, Severity(config.fail_on), sacrebleu)
        self.accepted = AcceptedFindings.read(config.accepted_file())
        self._source_translation: tuple | None = None

    # -- checking ---------------------------------------------------------------------------

    def check_text(self, text: str, *, source: str | None = None, path: str = "<text>") -> dict:
        """The record of one article given as text (with its French `source`, if any); a `path`
        ending in .md or .markdown is read as Markdown."""
        french = {path: source} if source is not None else {}
        record, _ = next(self.check_sources([SourceText(path, text, "utf-8")], french))
        return record

    def check_sources(
        self, sources: Iterable[SourceText], french_sources: Mapping[str, str] | None = None, progress=None
    ) -> Iterator[tuple[dict, str]]:
        """(record, text) of each article, in order, as it is checked. `sources` is read lazily
        (a run of 100,000 articles holds a few); a huge article is checked in windows (see
        `checker.windows`; one parse held at a time) and merged back into one record, while one
        with a French source is aligned as a whole."""
        from checker import windows
        from checker.pipeline import check_sources
        from checker.report import article_record

        french_sources = french_sources or {}
        translator, skipped = self._source_translator() if french_sources else (None, "")
        pieces, hidden_in_windows = [], 0
        results = check_sources(
            _in_windows(sources, french_sources),
            self.nlp,
            self.detectors,
            retranslator=self._retranslate if self.engine else None,
            progress=progress,
            parse_cache=self.cache,
            min_confidence=self.config.min_confidence,
            french_sources=french_sources,
            glossary=self.glossary,
            source_translator=translator,
            source_translation_skipped=skipped,
        )
        for result in _with_word_lists(results, self.config.word_lists):
            inline = self._apply_policy(result)
            window = windows.window_of(result.source)
            if window is None:
                yield self._finish(article_record(result), inline), result.source.text
                continue
            weight = sum(len(s.span) for s in result.document.sentences)
            pieces.append(
                (article_record(result), window, weight, None if result.garble is None else result.garble * weight)
            )
            hidden_in_windows += inline
            del result  # the window's parse goes before the next window is parsed
            if window.last:
                yield self._finish(windows.merge(pieces), hidden_in_windows), window.whole
                pieces, hidden_in_windows = [], 0

    def check_paths(self, paths: Iterable[Path | str], progress=None) -> Iterator[dict]:
        """The record of every article under `paths` (files and folders; NAME.fr.txt beside
        NAME.en.txt is read as its source), in order."""
        from checker.reading import read_article

        articles, french = pair_sources(collect(list(map(Path, paths)), self.config), None)
        for record, _ in self.check_sources((read_article(p) for p in articles), french, progress):
            yield record

    # -- policy -------------------------------------------------------------------------------

    def _apply_policy(self, result) -> int:
        """The configuration's rules, severities and suppressions, on an article's findings:
        rules not selected are not reported; a configured severity replaces the rule's default;
        findings under an inline `checker: ignore` comment are hidden; how many were."""
        from checker.suppression import suppressions

        severity = self.config.severity
        kept: list[Finding] = []
        directives = suppressions(result.source.text)
        hidden = 0
        for finding in result.findings:
            if finding.code not in self.codes:
                continue
            if directives.hides(finding):
                hidden += 1
                continue
            if finding.code in severity:
                finding = replace(finding, severity=severity[finding.code])
            kept.append(finding)
        result.findings = kept
        return hidden

    def _finish(self, record: dict, inline: int) -> dict:
        """The record with its accepted findings hidden; both suppressions counted in `suppressed`."""
        from checker.report.model import keep_findings

        accepted = [f for f in record["findings"] if self.accepted.covers(record["path"], f["fingerprint"])]
        if accepted:
            hidden = {f["id"] for f in accepted}
            record = keep_findings(record, lambda f: f["id"] not in hidden)
        record["suppressed"] = {"inline": inline, "accepted": len(accepted)}
        self.accepted.seen(record["path"], accepted)
        return record

    # -- engines --------------------------------------------------------------------------------

    def _retranslate(self, sentences, advance):
        from checker.engines.roundtrip import retranslate

        assert self.engine is not None  # called only when the configuration translates
        return retranslate(
            sentences, self.engine, None if self.config.engine == "file" else self.cache, progress=advance
        )

    def _source_translator(self):
        """(translate(french sentences, advance) -> SourceTranslations, "") when some engine
        translates the source: Apertium's two routes, and the round-trip engine's own fr->en where
        it has one; else (None, why the source is not translated). Started once, on first need."""
        if self._source_translation is None:
            self._source_translation = _source_translator(self.engine, self.cache, self.config.source_engine)
        return self._source_translation


class _Counted:
    """Pieces of articles that still count as the articles: the progress bar counts articles."""

    def __init__(self, pieces: Iterable[SourceText], articles: int):
        self._pieces, self._articles = pieces, articles

    def __len__(self) -> int:
        return self._articles

    def __iter__(self) -> Iterator[SourceText]:
        return iter(self._pieces)


def _in_windows(sources: Iterable[SourceText], whole: Collection[str]) -> Iterable[SourceText]:
    """Each article, a huge one as its windows unless its path is in `whole`, read lazily."""
    from checker import windows

    pieces = (piece for source in sources for piece in ([source] if source.path in whole else windows.split(source)))
    return _Counted(pieces, len(sources)) if isinstance(sources, Sized) else pieces


def _with_word_lists(results: Iterator, lists) -> Iterator:
    """The results of a lazy check, each computed with this configuration's word lists in force
    (set around each step only: the caller's context, and another Checker's, are left alone)."""
    from checker.detectors.wordlists import in_force

    while True:
        with in_force(lists):
            try:
                result = next(results)
            except StopIteration:
                return
        yield result


def configure(
    paths: Iterable[Path] = (), *, config_file: Path | None = None, isolated: bool = False, **options
) -> Config:
    """The effective configuration: the file found above `paths` (or `config_file`; none when
    `isolated`), with `options` (Config attribute names) put over it as the command line's."""
    file = None if isolated else config_file if config_file is not None else find_config_file(list(paths))
    return load_config(file).with_options(_coerced(options), origin="api")


def check_text(
    text: str,
    *,
    source: str | None = None,
    config: Config | None = None,
    engine: str | None = None,
    path: str = "<text>",
    **options,
) -> dict:
    """Check one article given as text; the report record of it (docs/api.md).

    `config`: a Config (default: the configuration file found from the current folder); `engine`:
    a re-translation engine name, or "none" for the detectors only; other keyword options are
    Config settings (select=("GARB",), severity={"GARB014": "major"}, ...)."""
    checker = Checker(_with_engine(config or configure(), engine, options))
    return checker.check_text(text, source=source, path=path)


def check_paths(
    paths: Iterable[Path | str], *, config: Config | None = None, engine: str | None = None, **options
) -> list[dict]:
    """Check the articles under `paths`; their report records, in order (docs/api.md)."""
    given = [Path(p) for p in paths]
    checker = Checker(_with_engine(config or configure(given), engine, options))
    return list(checker.check_paths(given))


def _with_engine(config: Config, engine: str | None, options: Mapping[str, Any], origin: str = "api") -> Config:
    """`config` with `options` (Config attribute names) over it and `engine` chosen ("none": no re-translation)."""
    given = _coerced(dict(options))
    if engine == "none":
        given["retranslate"] = False
    elif engine is not None:
        given["engine"] = engine
    return config.with_options(given, origin=origin)


def _coerced(options: dict) -> dict:
    """API settings in their Config types: severities from words, sequences as tuples, paths as Paths;
    an unknown setting is an InputError naming it."""
    from dataclasses import fields

    from checker.findings import Severity

    known = {f.name for f in fields(Config)} - {"file", "origins"}
    given = {}
    for name, value in options.items():
        if name not in known:
            raise InputError(f"unknown setting {name!r} (settings: {', '.join(sorted(known))})")
        if name == "severity":
            value = {code.upper(): Severity(level) for code, level in value.items()}
        elif name == "fail_on":
            value = Severity(value)
        elif name in ("select", "ignore", "include", "exclude"):
            value = (value,) if isinstance(value, str) else tuple(value)
        elif name in ("glossary", "retranslations", "accepted") and value is not None:
            value = Path(value)
        given[name] = value
    return given


def collect(paths: list[Path], config: Config) -> list[Path]:
    """The articles under `paths`, with the configuration's include/exclude patterns applied to
    the files found in folders."""
    from checker.config import file_filter
    from checker.reading import collect_articles

    return collect_articles(paths, keep=file_filter(config))


def pair_sources(paths: list[Path], french_source: Path | None) -> tuple[list[Path], dict[str, str]]:
    """The English articles, and their French sources by article path: `french_source` for one
    article, else NAME.fr.EXT beside NAME.en.EXT (the French files are then not checked as English)."""
    from checker.reading import read_article

    if french_source is not None:
        if len(paths) != 1:
            raise InputError("--source goes with one article; in folders, put NAME.fr.txt beside NAME.en.txt")
        return paths, {str(paths[0]): read_article(french_source).text}
    names = {p.name for p in paths}
    sources, articles = {}, []
    for path in paths:
        parts = path.name.split(".")
        if len(parts) >= 3 and parts[-2] == "fr" and ".".join([*parts[:-2], "en", parts[-1]]) in names:
            continue
        if len(parts) >= 3 and parts[-2] == "en":
            french = path.with_name(".".join([*parts[:-2], "fr", parts[-1]]))
            if french.is_file():
                sources[str(path)] = read_article(french).text
        articles.append(path)
    return articles, sources


# -- engines ---------------------------------------------------------------------------------------


def _open_cache(config: Config):
    """The shared cache of translations and parses, or None when the configuration says no cache."""
    from checker.engines.cache import TranslationCache

    return TranslationCache() if config.cache else None


def load_engine_of(config: Config):
    """The configuration's engine, loaded with its options."""
    from checker.engines import load_engine

    return load_engine(config.engine, **engine_options(config))


def _load_round_trip_engine(config: Config):
    engine = load_engine_of(config)
    pivot = getattr(engine, "pivot", None)
    if config.engine != "file" and not (engine.supports("en", "en") or (pivot and engine.supports("en", pivot))):
        raise InputError(
            f"engine '{config.engine}' cannot re-translate English (it translates "
            f"{', '.join(f'{s}->{t}' for s, t in engine.directions)}); it translates a French source "
            "(--source) by itself: choose a round-trip engine with --engine (bergamot, marian)"
        )
    return engine


def _source_translator(engine, cache, source_engine: str = "apertium"):
    from checker.engines.apertium import ApertiumEngine
    from checker.engines.base import EngineUnavailable
    from checker.engines.roundtrip import translate_cached
    from checker.pipeline import SourceTranslations

    if engine is None:
        return None, "no engine was asked for (--no-retranslate): the source was not translated"
    routes: dict[str, Engine] = {}
    notes = []
    if source_engine == "apertium":
        try:
            routes["hybrid"] = ApertiumEngine("hybrid")
            routes["direct"] = ApertiumEngine("direct", mark_unknown=True)
        except EngineUnavailable as exc:
            routes.clear()
            notes.append(f"Apertium did not run: {exc}")
    else:
        notes.append("Apertium was not asked for (--source-engine none)")
    if engine.supports("fr", "en"):
        routes["engine"] = engine
    else:
        notes.append(f"engine '{engine.name}' has no fr->en model (--engine marian translates the source too)")
    if not routes:
        return None, "the source was not translated: " + "; ".join(notes)

    def run(sentences, advance):
        from concurrent.futures import ThreadPoolExecutor

        translations = SourceTranslations(notes=list(notes))
        # The routes side by side: Apertium runs as other processes while Bergamot takes the cores.
        pool = ThreadPoolExecutor(max_workers=len(routes), thread_name_prefix="source")
        try:
            futures = {
                route: pool.submit(
                    translate_cached,
                    sentences,
                    route_engine,
                    cache,
                    "fr",
                    "en",
                    advance if route == next(iter(routes)) else None,
                )
                for route, route_engine in routes.items()
            }
            for route, future in futures.items():
                try:
                    setattr(translations, route, future.result())
                except EngineUnavailable as exc:  # said in the report; the other checks go on
                    translations.notes.append(f"the {route} route failed: {exc}")
                    continue
                translations.labels[route] = engine_label(routes[route])
        finally:
            pool.shutdown(wait=False, cancel_futures=True)  # all done, or interrupted: no waiting
        return translations

    return run, ""


_ENGINE_SETTINGS = ("retranslations", "model", "back_model", "pivot", "beam_size", "threads")


def _refuse_engine_settings(config: Config) -> None:
    """Without re-translation, an engine option given with it would be silently ignored: say so
    instead. (A configuration file's engine settings are for the runs that translate: a
    detectors-only hook over the same repository leaves them aside.)"""
    from checker.config import COMMAND_LINE

    keys = ["engine", *_ENGINE_SETTINGS]
    given = [
        f"--{key.replace('_', '-')}"
        for key in keys
        if config.origin(key.replace("_", "-")) in (COMMAND_LINE, "api")
        and getattr(config, key) not in (None, DEFAULT_ENGINE)
    ]
    if given:
        raise InputError(f"{', '.join(given)} cannot go with --no-retranslate, which translates nothing")


def engine_options(config: Config) -> dict:
    """The keyword options of the configuration's engine."""
    if config.engine == "file":
        if config.retranslations is None:
            raise InputError("--engine file needs --retranslations FILE")
        return {"path": config.retranslations}
    if config.retranslations is not None:
        raise InputError("--retranslations goes with --engine file")
    if config.engine == "apertium":
        return {}
    return {key: getattr(config, key) for key in _ENGINE_SETTINGS[1:] if getattr(config, key) is not None}


def engine_label(engine) -> str:
    signature = engine.signature()
    label = f"{signature['engine']}:{signature.get('model', '?')}"
    if signature.get("weights_sha256"):
        label += f"@sha256:{signature['weights_sha256']}"
    return label
