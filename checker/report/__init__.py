"""Reports: a run's results as plain records, and one renderer per output format."""

from checker.report.model import (
    SCHEMA_VERSION,
    Report,
    RunSignature,
    Tally,
    article_record,
    assemble,
    run_header,
    to_records,
)

__all__ = [
    "SCHEMA_VERSION",
    "Report",
    "RunSignature",
    "Tally",
    "article_record",
    "assemble",
    "run_header",
    "to_records",
]
