"""`checker check --format json` validates against the documented schema and keeps offsets exact."""

import json
from importlib import resources

import jsonschema

from tests.conftest import SEED

SCHEMA = json.loads((resources.files("checker.report") / "report.schema.json").read_text(encoding="utf-8"))


def test_seed_report_validates_against_the_schema(run_cli):
    result = run_cli("check", SEED, "--format", "json")
    records = json.loads(result.stdout)
    jsonschema.validate(records, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert records["schema_version"] == SCHEMA["properties"]["schema_version"]["const"]


def test_report_of_several_articles_with_notes_validates(run_cli, tmp_path):
    (tmp_path / "a.txt").write_bytes("Caf\xe9 in kyiv.".encode("cp1252"))
    (tmp_path / "b.md").write_text("# Heading\n\n- item in moscow\n> quote\n", encoding="utf-8")
    records = json.loads(run_cli("check", tmp_path, "--format", "json").stdout)
    jsonschema.validate(records, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert records["articles"][0]["encoding"] == "cp1252" and records["articles"][0]["encoding_note"]


def test_schema_rejects_a_broken_report(run_cli):
    records = json.loads(run_cli("check", SEED, "--format", "json").stdout)
    records["articles"][0]["findings"][0]["severity"] = "fatal"
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert not validator.is_valid(records)
