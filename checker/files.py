"""The user's files: inputs read only when they are regular files, outputs written without damage.

Inputs: a FIFO, a device or a socket given as an article (or a glossary, a baseline...) would
hang the run or read forever; it is refused, with one line, before it is opened.

Outputs: a regular file (or a new path) is written atomically, through a temporary file in the
same folder, so a failed or interrupted write leaves the old file whole. A character device
(`/dev/null`, a terminal) or a FIFO is written straight into: renaming a file over it would
replace the device, and a FIFO's reader would never see the report. A symlink is followed and
its target written. Everything about the target is checked before any slow work starts.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.errors import InputError

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _label(path: Path, what: str) -> str:
    """How an error names an input: with its option when it has one (`--glossary g.tsv`)."""
    return f"{what} {path}" if what else str(path)


def require_regular_file(path: Path, what: str = "") -> None:
    """Raise InputError unless `path` (links followed) is a regular file; never opens it."""
    label = _label(path, what)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot read: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise InputError(f"{label}: is {kind_of(mode)}, not a regular file")


def read_input_bytes(path: Path, what: str = "") -> bytes:
    """The bytes of a regular input file; InputError (one line) otherwise."""
    require_regular_file(path, what)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{_label(path, what)}: cannot read: {exc.strerror}") from None


def read_input_text(path: Path, what: str = "") -> str:
    """A regular input file's text, as UTF-8 (a byte-order mark dropped)."""
    data = read_input_bytes(path, what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{_label(path, what)}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


@dataclass(frozen=True)
class OutputTarget:
    """Where a report goes, checked before the work: `path` as given, `target` the file written."""

    path: Path
    target: Path
    direct: bool  # a device or a FIFO: written straight into, never replaced

    def write(self, content: str) -> None:
        with self.stream() as handle:
            handle.write(content)

    @contextlib.contextmanager
    def stream(self):
        """A text handle on the destination. Into a regular file it writes a temporary file that
        replaces the target only when the block ends without an exception: otherwise it is removed
        and the old file left whole."""
        label = f"--output {self.path}"
        if self.direct:
            try:
                with open(self.target, "w", encoding="utf-8") as handle:
                    yield handle
            except OSError as exc:
                raise InputError(f"{label}: cannot write: {exc.strerror}") from None
            return
        directory = self.target.parent if str(self.target.parent) else Path(".")
        try:
            fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{self.target.name}.", suffix=".tmp")
        except FileNotFoundError:
            raise InputError(f"{label}: folder {directory} does not exist") from None
        except OSError as exc:
            raise InputError(f"{label}: cannot write in {directory}: {exc.strerror}") from None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                yield handle
            _publish(tmp, self.target)
        except BaseException as exc:  # failed or interrupted: the old file stays whole
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if isinstance(exc, OSError):
                raise InputError(f"{label}: cannot write: {exc.strerror}") from None
            raise


def output_target(path: Path, inputs: Sequence[Path] = ()) -> OutputTarget:
    """Check `path` as a report's destination before any work; refuse an input, a folder, a socket."""
    label = f"--output {path}"
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise InputError(f"{label}: {exc.strerror}") from None
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    for item in inputs:
        with contextlib.suppress(OSError):
            if mode is not None and os.path.samefile(target, item):
                raise InputError(f"{label}: refusing to write over the input file {item}")
    if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        return OutputTarget(path, path, direct=True)
    if mode is not None and not stat.S_ISREG(mode):
        raise InputError(f"{label}: is {kind_of(mode)}; give a file")
    # /dev/stdout and its kin lead into /proc: a regular file there is an open descriptor's file.
    if str(target).startswith("/proc/"):
        return OutputTarget(path, path, direct=True)
    _require_writable_folder(target, label)
    return OutputTarget(path, target, direct=False)


def output_folder(path: Path, inputs: Sequence[Path] = ()) -> Path:
    """Check a folder of pages as a destination before any work (it may not exist yet)."""
    label = f"--output {path}"
    if path.exists() and not path.is_dir():
        raise InputError(f"{label}: not a folder (several HTML pages go into a folder)")
    resolved = path.resolve()
    if any(resolved == item.resolve().parent or resolved in item.resolve().parents for item in inputs):
        raise InputError(f"{label}: refusing to write pages among the input articles")
    # Probed like a file's folder: the folder itself when it exists, else the one it goes into.
    _require_writable_folder(path / "index.html" if path.is_dir() else path, label)
    return path


def _require_writable_folder(path: Path, label: str) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{label}: folder {folder} does not exist")
    # A real try, not os.access: root passes every permission check, not a read-only filesystem.
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".probe")
    except OSError as exc:
        raise InputError(f"{label}: folder {folder} is not writable ({exc.strerror})") from None
    os.close(fd)
    os.unlink(probe)


def write_atomically(path: Path, content: str, label: Path | None = None) -> None:
    """Write via a temporary file in the same folder, so a failed write leaves the old file whole."""
    with OutputTarget(label or path, path, direct=False).stream() as handle:
        handle.write(content)


def _publish(tmp: str, target: Path) -> None:
    """Give the finished temporary file the usual permissions (mkstemp makes it 0600) and its name."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, target)
