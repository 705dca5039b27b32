"""Gold-span readers for the evaluation formats, and `checker eval` on them."""

import json

import pytest

from checker.evaluation.corpora import CorpusError, detect_format, hter, post_edit_spans, read_gold


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_post_edit_spans_mark_the_changed_mt_words_and_insertion_points():
    mt = "The public will have the opportunity to look again at its attention."
    post_edit = "The public will soon have the opportunity to turn its attention again ."
    spans = post_edit_spans(mt, post_edit)
    texts = [mt[s.start : s.end] for s in spans]
    # "soon" is inserted before "have"; "look again at" became "turn"; "again" added before "."
    assert texts == ["", "look again at", ""]
    assert spans[0].start == mt.index("have")
    assert spans[2].start == mt.index(".")


def test_post_edit_spacing_around_punctuation_is_not_an_edit():
    mt = "He said: (in French) that it was over, finally."
    assert post_edit_spans(mt, "He said : ( in French ) that it was over , finally .") == []
    assert hter(mt, "He said : ( in French ) that it was over , finally .") == 0.0
    assert hter("a b c d", "a x c d") == pytest.approx(0.25)


def test_mqm_spans_are_trimmed_and_severities_normalised(tmp_path):
    path = write_jsonl(
        tmp_path / "mqm.jsonl",
        [
            {
                "system": "s",
                "doc": "d",
                "seg": "1",
                "rater": "r",
                "mt": "A bad word here.",
                "spans": [
                    {"start": 1, "end": 11, "severity": "Major"},
                    {"start": 11, "end": 16, "severity": "Minor"},
                    {"start": 3, "end": 3, "severity": "critical"},
                ],
            },
        ],
    )
    assert detect_format(path) == "mqm"
    (segment,) = read_gold(path).values()
    assert [(segment.text[s.start : s.end], s.severity) for s in segment.spans] == [
        ("bad word", "major"),
        ("here.", "minor"),
        ("", "major"),
    ]


def test_demetr_has_one_span_for_a_real_perturbation_and_none_for_base(tmp_path):
    base = {"id": 1, "source_fr": "x", "reference": "y", "mt": "The cat sat."}
    path = write_jsonl(
        tmp_path / "demetr.jsonl",
        [
            {
                **base,
                "perturbed": "the cat sat.",
                "changed": True,
                "perturbed_span": [0, 1],
                "severity": "minor",
                "perturbation": "minor_first_lower",
            },
            {
                **base,
                "perturbed": ".",
                "changed": True,
                "perturbed_span": [0, 0],
                "severity": "base",
                "perturbation": "base_empty",
            },
        ],
    )
    assert detect_format(path) == "demetr"
    segments = read_gold(path)
    assert [(k, [(s.start, s.end, s.severity) for s in g.spans]) for k, g in segments.items()] == [
        ("1:minor_first_lower", [(0, 1, "minor")]),
        ("1:base_empty", []),
    ]


def test_bad_records_name_the_file_and_line(tmp_path):
    path = tmp_path / "potet.jsonl"
    path.write_text('{"doc": 1, "seg": 0, "mt": "a", "post_edit": "a"}\n{"doc": 1, "seg": 1}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"potet.jsonl:2: not a potet record"):
        read_gold(path)
    (tmp_path / "broken.jsonl").write_text('{"spans": [}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"broken.jsonl:1: not JSON"):
        detect_format(tmp_path / "broken.jsonl")


def test_checker_eval_reads_potet_and_scores_without_severities(run_cli, tmp_path):
    gold = write_jsonl(
        tmp_path / "potet.jsonl",
        [
            {
                "doc": 1,
                "seg": 0,
                "mt": "The forces of kyiv advanced.",
                "post_edit": "The forces of Kyiv advanced.",
                "reference": "r",
            },
            {"doc": 1, "seg": 1, "mt": "It rained.", "post_edit": "It rained.", "reference": "r"},
        ],
    )
    result = run_cli("eval", gold, "--no-retranslate", "--quiet")
    assert result.exit_code == 0, result.stderr
    header, columns, row = result.stdout.splitlines()
    assert header.startswith("potet.jsonl: 2 segments, 1 gold spans")
    name, precision, recall, f1, macro = row.rsplit(None, 4)
    # The detectors flag "kyiv" (minor or major): credited in full, since Potet has no severities.
    assert name == "checker (detectors)" and float(precision) == float(recall) == float(f1) == 1.0


def test_checker_eval_rejects_an_unknown_record_in_one_line(run_cli, tmp_path):
    gold = write_jsonl(tmp_path / "odd.jsonl", [{"text": "x"}])
    result = run_cli("eval", gold, "--no-retranslate")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "unknown JSONL record" in result.stderr
