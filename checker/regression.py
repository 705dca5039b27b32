"""Regressions against a baseline: which findings are new or resolved, and whether the corpus got worse.

Pure: report records in, plain data out. A baseline is a snapshot of a run's records: per article
its garble score, one quality score per line (1 - the word-weighted garble of the sentences that
start on it, weighted by length) and its findings by fingerprint. Two snapshots are compared article by article
(matched by path relative to the corpus, or by file name); the corpus-level change is tested
with paired bootstrap resampling over the lines both sides share, as sacrebleu's `--paired-bs`
does over sentences (Koehn 2004): resample the lines with replacement, recompute the mean
difference, and read the 95% interval and a p-value (the share of resampled differences, centred
on zero, at least as large as the one observed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.findings import Severity

BASELINE_VERSION = 1
BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 12345  # sacrebleu's default seed for paired resampling
SIGNIFICANCE = 0.05


def snapshot_article(article: dict) -> dict:
    """What a baseline keeps of one article record: its garble, line scores and fingerprinted findings."""
    return {
        "garble": article["garble"],
        "lines": _line_scores(article),
        "findings": {
            f["fingerprint"]: {k: f[k] for k in ("code", "severity", "line", "column", "text", "message")}
            for f in article["findings"]
        },
    }


@dataclass(frozen=True)
class Bootstrap:
    delta: float  # mean quality difference, new - old (negative: worse)
    low: float
    high: float
    p_value: float
    units: int

    @property
    def significant(self) -> bool:
        return self.p_value < SIGNIFICANCE


@dataclass
class ArticleChange:
    name: str
    new_findings: list[dict] = field(default_factory=list)
    resolved_findings: list[dict] = field(default_factory=list)
    garble_old: float | None = None
    garble_new: float | None = None


@dataclass
class Regression:
    articles: list[ArticleChange]
    missing: list[str]  # in the baseline, not in the new run
    added: list[str]  # in the new run only
    bootstrap: Bootstrap | None
    failing_findings: list[tuple[str, dict]]
    dropped: bool  # a significant drop larger than the allowed one

    @property
    def failed(self) -> bool:
        return bool(self.failing_findings) or self.dropped


def compare(
    old: dict,
    new: dict,
    *,
    fail_on: Severity = Severity.MAJOR,
    max_drop: float = 0.0,
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = BOOTSTRAP_SEED,
    same_text: bool = True,
) -> Regression:
    """New and resolved findings per article, and the paired bootstrap test of the quality change.

    `same_text`: the new run is the baseline's articles, edited; a new finding at or above
    `fail_on` fails. Two MT versions of the same articles (`same_text=False`) share almost no
    text, so their findings cannot be matched one by one: there it fails when the number of
    findings at or above `fail_on` grows.
    """
    changes: list[ArticleChange] = []
    pairs: list[tuple[float, float]] = []
    for name in sorted(set(old["articles"]) & set(new["articles"])):
        before, after = old["articles"][name], new["articles"][name]
        change = ArticleChange(name, garble_old=before["garble"], garble_new=after["garble"])
        change.new_findings = [f for key, f in after["findings"].items() if key not in before["findings"]]
        change.resolved_findings = [f for key, f in before["findings"].items() if key not in after["findings"]]
        changes.append(change)
        pairs.extend(
            (before["lines"][line], after["lines"][line])
            for line in sorted(set(before["lines"]) & set(after["lines"]), key=int)
        )
    failing = [(c.name, f) for c in changes for f in c.new_findings if Severity(f["severity"]) >= fail_on]
    if not same_text:

        def serious(snapshot: dict) -> int:
            return sum(
                Severity(f["severity"]) >= fail_on
                for name in {c.name for c in changes}
                for f in snapshot["articles"][name]["findings"].values()
            )

        if serious(new) <= serious(old):
            failing = []
    test = paired_bootstrap([a for a, _ in pairs], [b for _, b in pairs], samples, seed) if pairs else None
    dropped = test is not None and test.significant and -test.delta > max_drop
    return Regression(
        changes,
        sorted(set(old["articles"]) - set(new["articles"])),
        sorted(set(new["articles"]) - set(old["articles"])),
        test,
        failing,
        dropped,
    )


def paired_bootstrap(
    old: list[float], new: list[float], samples: int = BOOTSTRAP_SAMPLES, seed: int = BOOTSTRAP_SEED
) -> Bootstrap:
    """Paired bootstrap of the mean difference new - old over shared units."""
    import numpy

    differences = numpy.asarray(new, dtype=float) - numpy.asarray(old, dtype=float)
    n = len(differences)
    observed = float(differences.mean())
    indexes = numpy.random.default_rng(seed).integers(0, n, size=(samples, n))
    resampled = differences[indexes].mean(axis=1)
    low, high = numpy.percentile(resampled, [2.5, 97.5])
    extreme = int((numpy.abs(resampled - observed) >= abs(observed)).sum())
    return Bootstrap(observed, float(low), float(high), (extreme + 1) / (samples + 1), n)


def _line_scores(article: dict) -> dict[str, float]:
    """Quality per text line (1 - word-weighted garble of its sentences); lines without a score are left out."""
    totals: dict[int, list[float]] = {}
    for sentence in article["sentences"]:
        if sentence["retranslation"] is None:
            continue
        weight = max(1, sentence["end"] - sentence["start"])
        total = totals.setdefault(sentence["line"], [0.0, 0.0])
        total[0] += weight * sentence["retranslation"]["garble"]
        total[1] += weight
    return {str(line): round(1.0 - garble / weight, 5) for line, (garble, weight) in sorted(totals.items())}
