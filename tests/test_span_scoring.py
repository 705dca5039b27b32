"""The span scorer: hand-computed cases, and the published WMT23 task-2 numbers as an oracle."""

from pathlib import Path

import pytest

from checker.evaluation.spans import Span, character_micro, overlap, read_wmt23_tsv, segment_macro_f1

WMT23 = Path(__file__).resolve().parents[2] / "shared" / "eval" / "wmt23_qe_task2"


def test_overlap_counts_shared_characters_and_touching_empty_spans():
    assert overlap(Span(0, 10), Span(5, 20)) == 5
    assert overlap(Span(0, 5), Span(5, 9)) == 0
    assert overlap(Span(7, 7), Span(5, 9)) == 1  # an omission inside a span
    assert overlap(Span(9, 9), Span(5, 9)) == 1  # touching its end
    assert overlap(Span(10, 10), Span(5, 9)) == 0


def test_hand_computed_micro_scores_with_severity_credit():
    gold = {"a": [Span(0, 10, "major")], "b": [], "c": [Span(4, 4, "minor")]}
    system = {"a": [Span(5, 15, "minor")], "b": [Span(0, 3, "major")], "c": [Span(2, 6, "minor")]}
    # matched: a = 5 shared x 0.5 credit; c = 1 (empty gold touching) x 1.0 -> 3.5
    # system length: 10 + 3 + 4 = 17; gold length: 10 + 1 = 11
    scores = character_micro(gold, system)
    assert scores.precision == pytest.approx(3.5 / 17)
    assert scores.recall == pytest.approx(3.5 / 11)
    assert segment_macro_f1({"x": []}, {}) == 1.0


@pytest.mark.skipif(not WMT23.is_dir(), reason="shared evaluation data not present")
@pytest.mark.parametrize(
    ("pair", "submission", "published"),
    [
        ("zh-en", "baseline-CometKiwi.all.txt", 0.219),
        ("zh-en", "RicardoRei-IST-Unbabel.zh-en.txt", 0.245),
        ("zh-en", "zhao-Huawei.zh-en.txt", 0.243),
        ("he-en", "baseline-CometKiwi.all.txt", 0.241),
        ("he-en", "RicardoRei-IST-Unbabel.he-en.txt", 0.093),
        ("he-en", "zhao-Huawei.he-en.txt", 0.334),
    ],
)
def test_reproduces_published_wmt23_character_f1(pair, submission, published):
    gold, _ = read_wmt23_tsv(WMT23 / "gold_T2.tsv", pair)
    system, _ = read_wmt23_tsv(WMT23 / "submissions" / submission, pair)
    assert round(character_micro(gold, system).f1, 3) == published


def test_wmt23_rows_keep_a_stray_quote_and_unquote_quoted_text(tmp_path):
    rows = tmp_path / "rows.tsv"
    rows.write_text(
        'zh-en\tsys\t1\t"The State of the State\t0\t5\tmajor\n'  # opens a quote it never closes
        'zh-en\tsys\t2\t"He said ""no""."\t3\t7\tminor\n'  # a quoted field, inner quotes doubled
        "zh-en\tsys\t3\tPlain text.\t-1\t-1\tno-error\n",
        encoding="utf-8",
    )
    spans, texts = read_wmt23_tsv(rows, "zh-en")
    assert texts == {"1": '"The State of the State', "2": 'He said "no".', "3": "Plain text."}
    assert spans == {"1": [Span(0, 5, "major")], "2": [Span(3, 7, "minor")], "3": []}


def test_checker_eval_scores_checker_and_other_systems(run_cli, tmp_path):
    gold = tmp_path / "gold.tsv"
    gold.write_text(
        "lp\tgold\tsid\tmt\tstart_id\tend_id\terror\n"
        "fr-en\tgold\t0\tThe forces of kyiv advanced.\t14\t18\tmajor\n"
        "fr-en\tgold\t1\tAll is well here.\t-1\t-1\tno-error\n",
        encoding="utf-8",
    )
    other = tmp_path / "other.tsv"
    other.write_text("3\n2\n1\nfr-en\tother\t0\tThe forces of kyiv advanced.\t0\t3\tminor\n", encoding="utf-8")
    result = run_cli("eval", gold, "--pair", "fr-en", "--system", f"other={other}", "--no-retranslate")
    assert result.exit_code == 0
    rows = {line[:36].strip(): line.split()[-4:] for line in result.stdout.splitlines()[2:]}
    assert rows["checker (detectors)"] == ["1.000", "1.000", "1.000", "1.000"]  # exactly 'kyiv', major
    assert rows["other"] == ["0.000", "0.000", "0.000", "0.500"]
    missing = run_cli("eval", gold, "--pair", "zh-en")
    assert missing.exit_code == 2 and "no rows for language pair 'zh-en'" in missing.stderr
    unpaired = run_cli("eval", gold)
    assert unpaired.exit_code == 2 and "--pair" in unpaired.stderr


def test_checker_eval_with_the_default_engine_scores_the_fused_findings(run_cli, tmp_path):
    gold = tmp_path / "gold.tsv"
    gold.write_text(
        "lp\tgold\tsid\tmt\tstart_id\tend_id\terror\n"
        "fr-en\tgold\t0\tThe forces of kyiv advanced.\t14\t18\tmajor\n"
        "fr-en\tgold\t1\tThe regime is using soldiers' hopes, in order to sending them into battle.\t49\t56\tminor\n",
        encoding="utf-8",
    )
    everything = run_cli("eval", gold, "--pair", "fr-en", "--quiet", "--min-confidence", "0")
    assert everything.exit_code == 0, everything.stderr
    ((name, *numbers),) = [line.rsplit(None, 4) for line in everything.stdout.splitlines()[2:]]
    assert name == "checker (bergamot + detectors)"
    # From probability 0 every token is flagged: every gold character is found, at least with the
    # half credit of another severity; most flagged characters are not gold.
    assert 0.5 <= float(numbers[1]) <= 1.0 and 0.0 < float(numbers[0]) < 0.5
    silent = run_cli("eval", gold, "--pair", "fr-en", "--quiet", "--min-confidence", "1")
    assert float(silent.stdout.splitlines()[2].split()[-4]) > float(numbers[0])  # only the detectors: precise
