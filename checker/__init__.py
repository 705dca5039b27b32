"""checker: flag garbled spans in machine-translated English articles.

The Python API (docs/api.md):

- `check_text(text, *, source=None, config=None, engine=None, path="<text>", **settings)`: one
  article's report record (the JSON report's article: findings with offsets, signals, scores);
- `check_paths(paths, *, config=None, engine=None, **settings)`: the records of the articles under
  files and folders;
- `Checker(config)`: loads engines, spaCy and detectors once, then checks any number of articles
  (`check_text`, `check_paths`, `check_sources`): what the command line, a service or a worker holds;
- `configure(paths, config_file=None, isolated=False, **settings)` and `load_config(file)`: the
  effective `Config`, from `.checker.toml` / `[tool.checker]` and the given settings;
- `all_rules()` / `rule(code)`: the registry of every rule code.

Names load on first use, so `import checker` stays cheap for the command line.
"""

__version__ = "0.1.0"

_API = {
    "Checker": "checker.api",
    "check_text": "checker.api",
    "check_paths": "checker.api",
    "configure": "checker.api",
    "Config": "checker.config",
    "WordLists": "checker.config",
    "load_config": "checker.config",
    "Rule": "checker.rules",
    "all_rules": "checker.rules",
    "rule": "checker.rules",
    "Finding": "checker.findings",
    "Severity": "checker.findings",
    "CheckerError": "checker.errors",
    "InputError": "checker.errors",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        import importlib

        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'checker' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
