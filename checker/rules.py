"""The registry of every rule checker reports: code, name, default severity, category, explanation.

One place read by `checker detectors`, `checker rule`, the CI formats, the HTML report and the
configuration (which selects rules by code or prefix and sets their severity). The detectors
(GARB001-016) describe themselves in their classes; the re-translation disagreement (GARB100)
and the bilingual checks (BIL001-011) are described here, their explanations taken from their
modules' docstrings. Each rule's case file holds its bad and good examples.
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from checker.errors import InputError
from checker.findings import Category, Severity

# The re-translation disagreement: the fusion model's own finding.
RETRANSLATION_CODE = "GARB100"
RETRANSLATION_NAME = "retranslation.disagreement"
_RETRANSLATION_HELP = """\
Words where an independent re-translation disagrees, weighed by a calibrated model.

The article's sentences go through the engine's round trip (English -> pivot -> English) and are
aligned with what comes back (ERRANT edits). A round trip rewords clean text too, so an edit alone
is weak evidence: a logistic model fitted on dev data by careful reviewers' spans weighs each word's
edit, its neighbours' edits, the sentence's chrF++, the word's rarity and part of speech, and the
detector findings on it. Runs of words the model gives at least the reporting threshold become
findings (major from the model's major threshold). Where such a run overlaps a detector's finding,
it only adds its evidence and confidence there: severity is the rule's, not the engine's.
Runs only with a re-translation engine (not with --no-retranslate)."""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    category: Category
    summary: str
    help: str
    # The rule's case file (bad and good examples), if it has one.
    cases: Path | None = None

    def examples(self) -> tuple[list[tuple[str, str | None]], list[tuple[str, str | None]]]:
        """(bad, good) from the rule's case file: (English text, its French source or None) pairs,
        the ones the rule flags and the ones it leaves alone."""
        if self.cases is None or not self.cases.is_file():
            return [], []
        import yaml

        data = yaml.safe_load(self.cases.read_text(encoding="utf-8")) or {}

        def example(item) -> tuple[str, str | None]:
            if isinstance(item, dict):
                return str(item.get("text", "")), item.get("source")
            return str(item), None

        bad = [example(item) for item in (data.get("fail") or {}).values()]
        good = [example(item) for item in (data.get("pass") or {}).values()]
        return [b for b in bad if b[0]], [g for g in good if g[0]]


@functools.cache
def all_rules() -> dict[str, Rule]:
    """Every rule by code, in code order within each family (GARB, then BIL)."""
    from checker.detectors import detector_classes

    cases = Path(str(resources.files("checker.detectors") / "cases"))
    found = {
        d.code: Rule(
            d.code,
            d.name,
            d.severity,
            d.category,
            d.summary(),
            inspect.cleandoc(d.__doc__ or d.summary()),
            cases / f"{d.code}.yml",
        )
        for d in detector_classes()
    }
    found[RETRANSLATION_CODE] = Rule(
        RETRANSLATION_CODE,
        RETRANSLATION_NAME,
        Severity.MINOR,
        Category.MISTRANSLATION,
        _RETRANSLATION_HELP.split("\n", 1)[0],
        _RETRANSLATION_HELP,
    )
    for rule in _bilingual_rules():
        found[rule.code] = rule
    return found


def rule(code: str) -> Rule:
    """The rule of `code` (case-insensitive); an unknown code is an InputError naming the known ones."""
    rules = all_rules()
    key = code.strip().upper()
    if key not in rules:
        raise InputError(f"unknown rule {code!r} (rules: {_families(rules)}; 'checker detectors' lists them)")
    return rules[key]


def expand(patterns, what: str = "rule") -> set[str]:
    """The codes a list of codes and prefixes names ('BIL', 'GARB01', 'GARB002', 'ALL')."""
    rules = all_rules()
    codes: set[str] = set()
    for pattern in patterns:
        key = str(pattern).strip().upper()
        matched = set(rules) if key == "ALL" else {code for code in rules if code.startswith(key)} if key else set()
        if not matched:
            raise InputError(f"{what} {pattern!r} matches no rule code (rules: {_families(rules)})")
        codes |= matched
    return codes


def _families(rules: dict[str, Rule]) -> str:
    garb = sorted(c for c in rules if c.startswith("GARB"))
    bil = sorted(c for c in rules if c.startswith("BIL"))
    return f"{garb[0]}-{garb[-1]}, {bil[0]}-{bil[-1]}"


def _bilingual_rules() -> list[Rule]:
    from checker import bilingual
    from checker.bilingual import accuracy, capitals, coverage, direct, length, marks, names, numbers, untranslated

    table = [  # code, name, default severity, category, module
        ("BIL001", "source.number-mismatch", Severity.MAJOR, Category.MISTRANSLATION, numbers),
        ("BIL002", "source.untranslated", Severity.MAJOR, Category.UNTRANSLATED, untranslated),
        ("BIL003", "source.name-missing", Severity.MAJOR, Category.MISTRANSLATION, names),
        ("BIL004", "source.addition", Severity.MINOR, Category.ADDITION, coverage),
        ("BIL005", "source.omission", Severity.MAJOR, Category.OMISSION, coverage),
        ("BIL006", "source.glossary", Severity.MAJOR, Category.MISTRANSLATION, bilingual.glossary_check),
        ("BIL007", "source.length-ratio", Severity.MINOR, Category.OMISSION, length),
        ("BIL008", "source.brackets-quotes", Severity.MINOR, Category.PUNCTUATION, marks),
        ("BIL009", "source.diverges", Severity.MAJOR, Category.MISTRANSLATION, direct),
        ("BIL010", "source.name-case", Severity.MINOR, Category.CASING, capitals),
        ("BIL011", "source.unsupported", Severity.MINOR, Category.MISTRANSLATION, accuracy),
    ]
    # One module holds two rules: their own summaries.
    own = {
        "BIL004": "An English sentence with no counterpart in the source.",
        "BIL005": "A source sentence with no counterpart in the English.",
    }
    cases = Path(str(resources.files("checker.bilingual") / "cases"))
    rules = []
    for code, name, severity, category, module in table:
        doc = inspect.cleandoc(module.__doc__ or "")
        first = doc.splitlines()[0].split(": ", 1)[-1] if doc else name
        summary = own.get(code, first[:1].upper() + first[1:])
        rules.append(Rule(code, name, severity, category, summary, doc or summary, cases / f"{code}.yml"))
    return rules
