"""Load on `checker serve` (issue 18): 1,000 requests of the seed article from 8 concurrent clients,
127.0.0.1 only, against a real uvicorn with the default engine and warm translations.

Reports latency percentiles, errors, the server's resident memory after the first 100 requests
and at the end, and, in the same run, the start-up of a `checker check` process on the seed (what
every command-line check pays) and the service's time for a check it has not seen (a new
article each time, translations warm). The service keeps the reports of the last 256 requests:
the 1,000 identical requests measure that path; the unseen ones measure a real check.

    python bench/serve_load.py [--requests 1000] [--clients 8] [--write]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CHECKER, ROOT, write_block  # noqa: E402
from tests.support.served import serving  # noqa: E402

SEED = ROOT / "seeds" / "000_cf7ffd0df13b3f0f.txt"
BEGIN, END = "<!-- serve-load:begin -->", "<!-- serve-load:end -->"


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--unseen", type=int, default=20, help="checks of articles the service has not seen")
    parser.add_argument("--write", action="store_true", help="record the numbers in docs/performance.md")
    args = parser.parse_args()

    import httpx

    text = SEED.read_text(encoding="utf-8")
    with serving(ROOT) as (base, server):
        client = httpx.Client(timeout=300)
        client.post(f"{base}/v1/check", json={"text": text})  # translations warm
        unseen = []
        for n in range(args.unseen):  # a new article each time: a real check
            started = time.perf_counter()
            assert client.post(f"{base}/v1/check", json={"text": f"{text}\n\nUpdate {n}."}).status_code == 200
            unseen.append(time.perf_counter() - started)

        def one(_):
            started = time.perf_counter()
            response = client.post(f"{base}/v1/check", json={"text": text})
            return time.perf_counter() - started, response.status_code

        with ThreadPoolExecutor(args.clients) as pool:
            first = list(pool.map(one, range(100)))
            after_100 = resident_mb(server.pid)
            rest = list(pool.map(one, range(args.requests - 100)))
        at_end = resident_mb(server.pid)
    results = first + rest
    latencies = [seconds for seconds, _ in results]
    errors = sum(status != 200 for _, status in results)
    starts = []
    for _ in range(3):  # a `checker check` process on the seed, translations warm
        started = time.perf_counter()
        subprocess.run(
            [*CHECKER, "check", str(SEED), "--isolated", "--quiet", "--format", "json"],
            cwd=ROOT,
            capture_output=True,
        )
        starts.append(time.perf_counter() - started)
    table = "\n".join(
        [
            f"`python bench/serve_load.py` on {time.strftime('%Y-%m-%d')}: {len(results)} requests of the seed article "
            f"from {args.clients} concurrent clients, 127.0.0.1, default engine, translations warm:",
            "",
            "| measure | value |",
            "|---|---|",
            f"| latency p50 / p95 / max (repeated article) | {percentile(latencies, 0.5) * 1000:.0f} / "
            f"{percentile(latencies, 0.95) * 1000:.0f} / {max(latencies) * 1000:.0f} ms |",
            f"| errors | {errors} |",
            f"| server memory after 100 requests / at the end | {after_100:.0f} / {at_end:.0f} MB "
            f"({(at_end - after_100) / after_100:+.1%}) |",
            f"| a check of an article the service has not seen (median of {len(unseen)}) | "
            f"{statistics.median(unseen) * 1000:.0f} ms |",
            "| `checker check` of the seed as a process (median of 3, translations warm) | "
            f"{statistics.median(starts):.2f} s |",
        ]
    )
    print(table)
    if args.write:
        write_block(
            ROOT / "docs" / "performance.md", BEGIN, END, "## checker serve under load (bench/serve_load.py)", table
        )


if __name__ == "__main__":
    main()
