"""What a detector is: a stable code, a dotted name, a default severity and a pure `find`."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import ClassVar

from checker.document import Document
from checker.findings import Category, Evidence, Finding, Severity


class Detector:
    """Base class for detectors.

    Subclasses set the class attributes and implement `find`, which reads a Document and yields
    Findings; it must not print, write files or keep state between documents. The class docstring
    is the detector's documentation and holds **Bad** and **Good** examples.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[Category]
    severity: ClassVar[Severity]

    def find(self, doc: Document) -> Iterator[Finding]:
        raise NotImplementedError

    @classmethod
    def summary(cls) -> str:
        """The first line of the docstring."""
        return inspect.cleandoc(cls.__doc__ or "").split("\n", 1)[0]

    def finding(
        self,
        doc: Document,
        start: int,
        end: int,
        message: str,
        *,
        suggestion: str | None = None,
        evidence: tuple[Evidence, ...] = (),
        confidence: float = 1.0,
        severity: Severity | None = None,
        category: Category | None = None,
    ) -> Finding:
        """A Finding for doc.text[start:end]; the span text is taken from the document itself."""
        return Finding(
            code=self.code,
            name=self.name,
            category=category or self.category,
            severity=severity or self.severity,
            start=start,
            end=end,
            text=doc.text[start:end],
            message=message,
            suggestion=suggestion,
            evidence=evidence,
            confidence=confidence,
        )
