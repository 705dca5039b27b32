"""A persistent cache of translations and parses: SQLite in WAL mode, safe for concurrent processes.

Translations are keyed by the engine's signature, the direction and the text, so a new model, a
new option or a new checker that changes the signature never reads an old translation. Parses
(spaCy analyses of paragraphs, zlib-compressed) are keyed by the pipeline's identity and the text:
an unchanged article is not parsed again.

The cache is only ever a shortcut: an entry that fails validation (an empty translation of a
non-empty text, text that is not UTF-8, a parse that does not decompress) is a miss, translated
again and replaced. A file that is not a cache of this layout, or is damaged, is said in one line
with the remedy (`checker cache clear` deletes and recreates it).
"""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
import threading
import time
import zlib
from collections.abc import Sequence
from pathlib import Path

from checker.errors import CheckerError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key BLOB PRIMARY KEY,
    engine TEXT NOT NULL,
    direction TEXT NOT NULL,
    translation TEXT NOT NULL,
    created REAL NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS parses (
    key BLOB PRIMARY KEY,
    pipeline TEXT NOT NULL,
    doc BLOB NOT NULL,
    created REAL NOT NULL
) WITHOUT ROWID;
"""
_COLUMNS = {
    "translations": ["key", "engine", "direction", "translation", "created"],
    "parses": ["key", "pipeline", "doc", "created"],
}
# SQLite caps the number of parameters in one statement; look up in batches below it.
_LOOKUP_BATCH = 500
_BUSY_TIMEOUT_MS = 60_000


def _retry_while_locked(action, seconds: float = _BUSY_TIMEOUT_MS / 1000):
    """Run `action`, again while SQLite says the database is locked.

    Switching a new database to WAL, or creating its tables, while another process does the same
    can fail at once with 'database is locked': SQLite skips the busy handler where waiting
    could deadlock. Two `checker` processes started together on one cache hit this.
    """
    deadline = time.monotonic() + seconds
    delay = 0.01
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(0.5, delay * 2)


class CacheDamaged(CheckerError):
    """The cache file is not a readable cache of this layout: `reason` says why."""

    def __init__(self, path: Path, reason):
        self.path, self.reason = path, str(reason)
        super().__init__(
            f"translation cache {path} cannot be used: {reason}; `checker cache clear` deletes and "
            "recreates it (or run with --no-cache)"
        )


def _text_or_none(data: bytes) -> str | None:
    """SQLite TEXT as str; bytes that are not UTF-8 (a damaged entry) as None, read as a miss."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _damage_said(method):
    """Turn SQLite's complaints about a damaged file into one line naming the cache and the remedy."""

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc)):
                raise
            raise CacheDamaged(self.path, exc) from None

    return guarded


def default_cache_path() -> Path:
    """$CHECKER_CACHE_DIR/translations.sqlite3, else the user cache directory (platformdirs)."""
    directory = os.environ.get("CHECKER_CACHE_DIR")
    if not directory:
        import platformdirs

        directory = platformdirs.user_cache_dir("checker")
    return Path(directory) / "translations.sqlite3"


class TranslationCache:
    """Translations keyed by (engine signature, source, target, text).

    Each thread gets its own connection (SQLite connections are not shared between threads), so
    the re-translation can run ahead on a worker thread while the main thread reads parses.
    """

    def __init__(self, path: Path | None = None):
        self.path = path or default_cache_path()
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _retry_while_locked(lambda: self._db.executescript(_SCHEMA))
            layout = {table: [row[1] for row in self._db.execute(f"PRAGMA table_info({table})")] for table in _COLUMNS}
        except sqlite3.DatabaseError as exc:
            raise CacheDamaged(self.path, exc) from None
        except OSError as exc:
            raise CheckerError(f"translation cache {self.path}: {exc} (run with --no-cache to do without it)") from None
        if layout != _COLUMNS:
            raise CacheDamaged(self.path, "its tables are not those of this version of checker")

    @property
    def _db(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = _retry_while_locked(self._connect)
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
        return connection

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path, timeout=_BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        try:
            connection.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.text_factory = _text_or_none
        except sqlite3.Error:
            connection.close()
            raise
        return connection

    @staticmethod
    def key(signature: str, src: str, tgt: str, text: str) -> bytes:
        return hashlib.sha256("\0".join((signature, src, tgt, text)).encode("utf-8")).digest()

    @_damage_said
    def get_many(self, signature: str, src: str, tgt: str, texts: Sequence[str]) -> dict[int, str]:
        """Cached translations, by index into `texts`; an entry that fails validation is a miss."""
        keys = [self.key(signature, src, tgt, text) for text in texts]
        found: dict[bytes, str] = {}
        for i in range(0, len(keys), _LOOKUP_BATCH):
            batch = keys[i : i + _LOOKUP_BATCH]
            marks = ",".join("?" * len(batch))
            found.update(self._db.execute(f"SELECT key, translation FROM translations WHERE key IN ({marks})", batch))
        return {
            i: found[k]
            for i, (k, text) in enumerate(zip(keys, texts, strict=True))
            if found.get(k) is not None and (found[k].strip() or not text.strip())
        }

    @_damage_said
    def put_many(self, signature: str, engine: str, src: str, tgt: str, pairs: Sequence[tuple[str, str]]) -> None:
        """Store (text, translation) pairs in one transaction."""
        now = time.time()
        rows = [
            (self.key(signature, src, tgt, text), engine, f"{src}-{tgt}", translation, now)
            for text, translation in pairs
        ]
        self._write("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?)", rows)

    @_damage_said
    def get_parses(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """Serialised spaCy docs by key (see checker.document.parse_document); damaged ones are misses."""
        found: dict[bytes, bytes] = {}
        for i in range(0, len(keys), _LOOKUP_BATCH):
            batch = list(keys[i : i + _LOOKUP_BATCH])
            marks = ",".join("?" * len(batch))
            for key, doc in self._db.execute(f"SELECT key, doc FROM parses WHERE key IN ({marks})", batch):
                try:
                    found[key] = zlib.decompress(doc)
                except (zlib.error, TypeError):
                    continue
        return found

    @_damage_said
    def put_parses(self, pipeline: str, items: Sequence[tuple[bytes, bytes]]) -> None:
        now = time.time()
        rows = [(key, pipeline, zlib.compress(doc, 1), now) for key, doc in items]
        self._write("INSERT OR REPLACE INTO parses VALUES (?, ?, ?, ?)", rows)

    def _write(self, statement: str, rows: Sequence[tuple]) -> None:
        """All rows in one transaction, taken at once so concurrent writers queue, not deadlock."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.executemany(statement, rows)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    @_damage_said
    def info(self) -> dict:
        entries = dict(
            self._db.execute("SELECT engine || ' ' || direction, COUNT(*) FROM translations GROUP BY 1 ORDER BY 1")
        )
        parses = self._db.execute("SELECT COUNT(*) FROM parses").fetchone()[0]
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file())
        return {
            "path": str(self.path),
            "entries": sum(entries.values()),
            "parses": parses,
            "bytes": size,
            "by_engine": entries,
        }

    @classmethod
    def recreate(cls, path: Path | None = None) -> TranslationCache:
        """Delete the cache file (and its WAL) whatever it holds, and make an empty cache there."""
        path = path or default_cache_path()
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(f"{path}{suffix}")
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise CheckerError(f"translation cache {path}{suffix}: cannot delete: {exc.strerror}") from None
        return cls(path)

    @_damage_said
    def clear(self) -> int:
        """Delete every translation and parse; returns how many translations there were."""
        removed = self._db.execute("DELETE FROM translations").rowcount
        self._db.execute("DELETE FROM parses")
        self._db.execute("VACUUM")
        return removed

    def close(self) -> None:
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
        self._local = threading.local()
