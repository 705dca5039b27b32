"""A real `checker serve` on a free loopback port, for the tests that talk to it over HTTP."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def serving(cwd: Path, capture: bool = False) -> Iterator[tuple[str, subprocess.Popen]]:
    """(base URL, process) of `checker serve --isolated` once it is ready; stopped with SIGTERM after.
    With `capture`, its standard output and error stay readable on `process.stdout`."""
    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = subprocess.PIPE if capture else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", "serve", "--port", str(port), "--isolated"],
        stdout=sink,
        stderr=subprocess.STDOUT if capture else subprocess.DEVNULL,
        cwd=cwd,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/v1/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=30)
