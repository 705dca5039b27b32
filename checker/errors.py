"""Errors the user caused and can fix: printed as one line, exit code 2."""


class CheckerError(Exception):
    """Base for user-facing errors. The message is a single line, without a traceback."""


class InputError(CheckerError):
    """An article path or file that cannot be checked."""


class DataFileError(CheckerError):
    """A word list or case file that fails validation; the message names file and line."""
