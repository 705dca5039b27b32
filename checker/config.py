"""The configuration: `[tool.checker]` in `pyproject.toml`, or `.checker.toml`, merged with the command line.

Found as ruff finds its own: from the checked files' common folder upwards, the first folder with a
`.checker.toml` (whose settings sit at its top level, or under `[tool.checker]`) or a
`pyproject.toml` with a `[tool.checker]` table. Paths in the file are relative to its folder.
Precedence: the built-in defaults, then the file, then the command line. Every effective setting
remembers where it came from (`checker config` prints them). An unknown key or a value of the
wrong kind is an InputError naming the file and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.findings import Severity

CONFIG_FILES = (".checker.toml", "pyproject.toml")
WORD_LISTS = ("proper-nouns", "loanwords", "exonyms")
DEFAULT_ACCEPTED_FILE = ".checker-accepted.json"
DEFAULT_ORIGIN = "default"
COMMAND_LINE = "command line"


@dataclass(frozen=True)
class WordLists:
    """Editors' word lists added to the bundled ones; a list named in `replace` drops its bundled file."""

    proper_nouns: tuple[Path, ...] = ()
    loanwords: tuple[Path, ...] = ()
    exonyms: tuple[Path, ...] = ()
    replace: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Config:
    """Everything that decides what a run reports (see docs/configuration.md)."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    fail_on: Severity = Severity.MAJOR
    min_confidence: float | None = None
    retranslate: bool = True
    engine: str = "bergamot"
    model: str | None = None
    back_model: str | None = None
    pivot: str | None = None
    beam_size: int | None = None
    threads: int | None = None
    retranslations: Path | None = None
    cache: bool = True
    source_engine: str = "apertium"
    glossary: Path | None = None
    word_lists: WordLists = WordLists()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    accepted: Path | None = None
    # Where the file settings came from (None: no file), and each setting's origin by key.
    file: Path | None = None
    origins: Mapping[str, str] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        """The folder paths and patterns are relative to: the config file's, else the current one."""
        return self.file.parent if self.file is not None else Path.cwd()

    def codes(self) -> set[str]:
        """The rule codes this configuration reports (select minus ignore)."""
        from checker.rules import expand

        return expand(self.select, "select") - (expand(self.ignore, "ignore") if self.ignore else set())

    def accepted_file(self) -> Path:
        return self.accepted if self.accepted is not None else self.root / DEFAULT_ACCEPTED_FILE

    def origin(self, key: str) -> str:
        return self.origins.get(key, DEFAULT_ORIGIN)

    def with_options(self, given: Mapping[str, Any], origin: str = COMMAND_LINE) -> Config:
        """This configuration with `given` settings (attribute names) put over it."""
        if not given:
            return self
        return replace(self, **given, origins={**self.origins, **{_key(name): origin for name in given}})

    def settings(self) -> list[tuple[str, Any, str]]:
        """(key, value, origin) of every setting, as the file spells the keys."""
        rows = []
        for item in fields(self):
            if item.name in ("file", "origins"):
                continue
            value = getattr(self, item.name)
            if item.name == "word_lists":
                for name in WORD_LISTS:
                    rows.append(
                        (
                            f"word-lists.{name}",
                            [str(p) for p in getattr(value, name.replace("-", "_"))],
                            self.origin(f"word-lists.{name}"),
                        )
                    )
                rows.append(("word-lists.replace", sorted(value.replace), self.origin("word-lists.replace")))
                continue
            if item.name == "accepted":
                value = self.accepted_file()
            rows.append((_key(item.name), _plain(value), self.origin(_key(item.name))))
        return rows


def _key(name: str) -> str:
    return name.replace("_", "-")


def _plain(value):
    if isinstance(value, Severity):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


def find_config_file(paths: Iterable[Path]) -> Path | None:
    """The nearest configuration file above the paths' common folder (standard input: the current one)."""
    folders = [(p if p.is_dir() else p.parent).resolve() for p in paths if str(p) != "-"]
    start = Path(_common(folders)) if folders else Path.cwd().resolve()
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_checker_table(candidate)):
                return candidate
    return None


def _common(folders: list[Path]) -> str:
    import os

    return os.path.commonpath([str(f) for f in folders])


def _has_checker_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # not ours to judge: a pyproject checker does not read is skipped
    return isinstance(data.get("tool"), dict) and "checker" in data["tool"]


def load_config(path: Path | None) -> Config:
    """The configuration of the file at `path` (None: the defaults)."""
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the configuration: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from None
    table = data
    where = path.name
    if path.name == "pyproject.toml" or "tool" in data:
        table = data.get("tool", {}).get("checker")
        where = "[tool.checker]"
        if not isinstance(table, dict):
            if path.name == "pyproject.toml":
                raise InputError(f"{path}: has no [tool.checker] table")
            table = {}
        extra = set(data) - {"tool"}
        if path.name != "pyproject.toml" and extra:
            raise InputError(f"{path}: unknown key '{sorted(extra)[0]}' beside [tool.checker]")
    return _from_table(table, path, where)


def _from_table(table: dict, path: Path, where: str) -> Config:
    base = path.parent
    values: dict[str, Any] = {}
    origin = str(path)

    def fail(key: str, expected: str) -> InputError:
        return InputError(f"{path}: {where} key '{key}': expected {expected}, got {table[key]!r}")

    for key, raw in table.items():
        spec = _SETTINGS.get(key)
        if spec is None:
            if key == "word-lists" and isinstance(raw, dict):
                values["word_lists"] = _word_lists(raw, path, base)
                continue
            known = ", ".join(sorted([*_SETTINGS, "word-lists"]))
            raise InputError(f"{path}: unknown key '{key}' in {where} (known keys: {known})")
        name, convert, expected = spec
        try:
            values[name] = convert(raw, base)
        except (TypeError, ValueError, KeyError):
            raise fail(key, expected) from None
    config = Config(file=path)
    origins = {_key(name): origin for name in values if name != "word_lists"}
    if "word_lists" in values:
        origins |= {f"word-lists.{k}": origin for k in table["word-lists"]}
    config = replace(config, **values, origins=origins)
    from checker.rules import rule

    try:  # an unknown code in select, ignore or severity is said now, naming the file
        config.codes()
        for code in config.severity:
            rule(code)
    except InputError as exc:
        raise InputError(f"{path}: {where}: {exc}") from None
    return config


def _word_lists(raw: dict, path: Path, base: Path) -> WordLists:
    lists: dict[str, Any] = {}
    for key, value in raw.items():
        if key in WORD_LISTS:
            try:
                lists[key.replace("-", "_")] = _paths(value, base)
            except (TypeError, ValueError):
                raise InputError(
                    f"{path}: [word-lists] key '{key}': expected a list of file paths, got {value!r}"
                ) from None
        elif key == "replace":
            if not isinstance(value, list) or not set(value) <= set(WORD_LISTS):
                raise InputError(
                    f"{path}: [word-lists] key 'replace': expected a list of {', '.join(WORD_LISTS)}, got {value!r}"
                )
            lists["replace"] = frozenset(value)
        else:
            raise InputError(
                f"{path}: unknown key '{key}' in [word-lists] (known keys: {', '.join([*WORD_LISTS, 'replace'])})"
            )
    return WordLists(**lists)


def _strings(value, _base=None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError
    return tuple(value)


def _paths(value, base: Path) -> tuple[Path, ...]:
    return tuple(base / v for v in _strings(value))


def _path(value, base: Path) -> Path:
    if not isinstance(value, str) or not value:
        raise TypeError
    return base / value


def _severities(value, _base=None) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise TypeError
    return {code.upper(): Severity(level) for code, level in value.items()}


def _of_type(kind: type, check: Callable[[Any], bool] = lambda v: True):
    def convert(value, _base=None):
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool or not check(value):
            raise TypeError
        return value

    return convert


def _choice(options: Iterable[str]):
    options = tuple(options)

    def convert(value, _base=None):
        if value not in options:
            raise ValueError
        return value

    return convert


def _probability(value, _base=None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
        raise ValueError
    return float(value)


def _engine_names() -> tuple[str, ...]:
    from checker.engines import ENGINES

    return tuple(ENGINES)


_SEVERITY_WORDS = ", ".join(f"'{s.value}'" for s in Severity)
# File key -> (Config attribute, converter(value, config folder), what is expected).
_SETTINGS: dict[str, tuple[str, Callable, str]] = {
    "select": ("select", _strings, "a list of rule codes or prefixes"),
    "ignore": ("ignore", _strings, "a list of rule codes or prefixes"),
    "severity": ("severity", _severities, f"a table of rule code = {_SEVERITY_WORDS}"),
    "fail-on": ("fail_on", lambda v, _b=None: Severity(v), f"one of {_SEVERITY_WORDS}"),
    "min-confidence": ("min_confidence", _probability, "a number from 0 to 1"),
    "retranslate": ("retranslate", _of_type(bool), "true or false"),
    "engine": ("engine", lambda v, _b=None: _choice(_engine_names())(v), "an engine name ('checker engines')"),
    "model": ("model", _of_type(str), "a hub id or a folder"),
    "back-model": ("back_model", _of_type(str), "a hub id or a folder"),
    "pivot": ("pivot", _of_type(str), "a language code"),
    "beam-size": ("beam_size", _of_type(int, lambda v: 1 <= v <= 16), "a whole number from 1 to 16"),
    "threads": ("threads", _of_type(int, lambda v: 1 <= v <= 256), "a whole number from 1 to 256"),
    "retranslations": ("retranslations", _path, "a file path"),
    "cache": ("cache", _of_type(bool), "true or false"),
    "source-engine": ("source_engine", _choice(("apertium", "none")), "'apertium' or 'none'"),
    "glossary": ("glossary", _path, "a file path"),
    "include": ("include", _strings, "a list of gitignore-style patterns"),
    "exclude": ("exclude", _strings, "a list of gitignore-style patterns"),
    "accepted": ("accepted", _path, "a file path"),
}


def file_filter(config: Config) -> Callable[[Path], bool] | None:
    """Whether a file found in a folder is checked: it matches `include` (when given) and not
    `exclude`, gitignore-style patterns relative to the configuration's folder."""
    if not config.include and not config.exclude:
        return None
    import pathspec

    include = pathspec.GitIgnoreSpec.from_lines(config.include) if config.include else None
    exclude = pathspec.GitIgnoreSpec.from_lines(config.exclude) if config.exclude else None
    root = config.root.resolve()

    def keep(path: Path) -> bool:
        try:
            relative = path.resolve().relative_to(root).as_posix()
        except ValueError:  # outside the configuration's folder: its patterns do not speak of it
            return True
        return (include is None or include.match_file(relative)) and not (exclude and exclude.match_file(relative))

    return keep
