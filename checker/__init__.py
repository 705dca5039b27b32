"""checker: flag garbled spans in machine-translated English articles."""

__version__ = "0.1.0"
