"""Reports: a run's results as plain records, and one renderer per output format."""

from checker.report.model import SCHEMA_VERSION, Report, RunSignature, to_records

__all__ = ["SCHEMA_VERSION", "Report", "RunSignature", "to_records"]
