"""Every name a benchmark imports from checker exists: the benches are not run by the suite, so a
refactor that moves a function would otherwise break them silently (bench/common.py imported
`_source_translator` from checker.cli for a day after it moved to checker.api)."""

from __future__ import annotations

import ast
import importlib

import pytest

from tests.conftest import ROOT

BENCHES = sorted((ROOT / "bench").glob("*.py"))


def imported_names(path) -> list[tuple[str, str]]:
    """(module, name) of every `from checker... import name`, at any depth of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "checker"
        for alias in node.names
    ]


@pytest.mark.parametrize("bench", BENCHES, ids=[p.name for p in BENCHES])
def test_a_benchmarks_imports_from_checker_exist(bench):
    for module_name, name in imported_names(bench):
        module = importlib.import_module(module_name)
        if not hasattr(module, name):
            importlib.import_module(f"{module_name}.{name}")  # a submodule, or the ImportError that fails the test


def test_the_check_sees_a_name_that_does_not_exist(tmp_path):
    bench = tmp_path / "old_bench.py"
    bench.write_text("def main():\n    from checker.cli import _source_translator\n", encoding="utf-8")
    with pytest.raises(ImportError):
        test_a_benchmarks_imports_from_checker_exist(bench)
