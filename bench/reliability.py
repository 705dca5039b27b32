"""Reliability, the slow cases (issue 15): bad inputs, kill -9 and resume, concurrent runs, scale.

    python bench/reliability.py                 # everything: about 25 minutes
    python bench/reliability.py --only matrix   # one case: matrix, kill, concurrent, many, huge

Every case runs `checker` as a user does, as its own process, with its own empty translation
cache, and counts what matters:
- matrix: bad inputs and hostile options through the CLI: each must end within its time limit
  with exit 2 (or a clean 0/1) and one line on stderr, never `internal error`, and every file it
  was given must be byte for byte and kind for kind (FIFO, symlink, device) as it was.
- kill: `checker retranslate` of a long article, SIGKILL after --kill-after seconds, then the
  same command again: how many sentences the second run had to translate that the first had
  already translated (what the kill lost), from the cache's commit times.
- concurrent: 4 processes checking overlapping articles on one cache at once: all finish, the
  cache passes SQLite's integrity check, and each report equals the same command run again.
- many: --many small articles (detectors only) in one run: peak memory (target < 1 GB).
- huge: one --huge-mb article (detectors only): peak memory (target < 1.5 GB).

Results go to the terminal and, with --write, into docs/files.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CHECKER, ROOT, eval_dir, write_block  # noqa: E402

TIME_LIMIT = 120


def run(args, cache: Path, timeout: float = TIME_LIMIT, **kwargs) -> subprocess.CompletedProcess | None:
    """`checker ARGS` with its own cache; None when it did not end within `timeout` (a hang)."""
    env = dict(os.environ, CHECKER_CACHE_DIR=str(cache))
    process = subprocess.Popen(
        [*CHECKER, *map(str, args)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        **kwargs,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return None
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def peak_rss_mb(args, cache: Path, timeout: float) -> tuple[float, float, subprocess.CompletedProcess]:
    """(peak resident MB, seconds, result) of `checker ARGS` run alone (GNU time's figure, via wait4)."""
    env = dict(os.environ, CHECKER_CACHE_DIR=str(cache))
    started = time.monotonic()
    process = subprocess.Popen(
        [*CHECKER, *map(str, args)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"{args}: still running after {timeout} s")
        time.sleep(0.2)
    seconds = time.monotonic() - started
    err = process.stderr.read()
    code = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, seconds, subprocess.CompletedProcess(args, code, "", err)


# --- the bad-input matrix -----------------------------------------------------------------------


def state_of(path: Path) -> tuple:
    """What a file is and holds, to tell whether a run changed it."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        return ("link", os.readlink(path))
    if stat.S_ISREG(info.st_mode):
        return ("file", hashlib.sha256(path.read_bytes()).hexdigest())
    return (stat.S_IFMT(info.st_mode),)


def matrix_cases(folder: Path) -> list[tuple[str, list, list[Path]]]:
    """(name, checker arguments, files that must come out unchanged)."""
    seed = ROOT / "seeds" / "000_cf7ffd0df13b3f0f.txt"
    good = folder / "a.txt"
    good.write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    files = {}

    def make(name: str, data: bytes) -> Path:
        files[name] = folder / name
        files[name].write_bytes(data)
        return files[name]

    fifo = folder / "fifo.txt"
    os.mkfifo(fifo)
    link_to_input = folder / "link.txt"
    link_to_input.symlink_to(good)
    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The forces of kyiv advanced.\n")
    baseline = folder / "base.json"
    bad_baselines = {
        "baseline-null-line": {
            "baseline_version": 1,
            "signature": "",
            "articles": {"a.txt": {"garble": None, "lines": {"1": None}, "findings": {}}},
        },
        "baseline-list-lines": {
            "baseline_version": 1,
            "signature": "",
            "articles": {"a.txt": {"garble": None, "lines": [0.5], "findings": {}}},
        },
        "baseline-no-findings": {
            "baseline_version": 1,
            "signature": "",
            "articles": {"a.txt": {"garble": None, "lines": {}}},
        },
        "baseline-wrong-types": {"baseline_version": "1", "signature": 3, "articles": {"a.txt": []}},
        "baseline-array": [],
        "baseline-no-match": {
            "baseline_version": 1,
            "signature": "",
            "articles": {"zzz.txt": {"garble": None, "lines": {}, "findings": {}}},
        },
    }
    cases = [
        ("fifo-article", ["check", fifo, "--no-retranslate"], [fifo]),
        ("fifo-glossary", ["check", good, "--no-retranslate", "--glossary", fifo], [fifo, good]),
        ("fifo-proper-nouns", ["check", good, "--no-retranslate", "--proper-nouns", fifo], [fifo, good]),
        ("output-over-input", ["check", good, "--no-retranslate", "-o", good], [good]),
        ("output-link-to-input", ["check", good, "--no-retranslate", "-o", link_to_input], [good, link_to_input]),
        ("output-missing-folder", ["check", good, "--no-retranslate", "-o", folder / "no" / "r.txt"], [good]),
        ("output-is-folder", ["check", good, "--no-retranslate", "-o", corpus], [good]),
        ("baseline-over-input", ["baseline", corpus, "--no-retranslate", "-o", corpus / "a.txt"], [corpus / "a.txt"]),
        (
            "changed-only-option",
            ["check", good, "--no-retranslate", f"--changed-only=--output={folder / 'victim'}"],
            [good],
        ),
        ("min-confidence-nan", ["check", good, "--min-confidence", "nan"], [good]),
        ("retranslations-no-retranslate", ["check", good, "--no-retranslate", "--retranslations", good], [good]),
        ("binary-article", ["check", make("bin.txt", os.urandom(2048)), "--no-retranslate"], []),
        ("empty-article", ["check", make("empty.txt", b""), "--no-retranslate"], []),
        ("undecodable-article", ["check", make("bad.txt", b"Caf\xe9 \x81\x8d"), "--no-retranslate"], []),
        ("binary-glossary", ["check", good, "--no-retranslate", "--glossary", make("g.tsv", b"\x00\x01\x02" * 50)], []),
        ("glossary-no-tab", ["check", good, "--no-retranslate", "--glossary", make("g2.tsv", b"Kiev Kyiv\n")], []),
        ("gold-empty", ["eval", make("gold0.jsonl", b""), "--no-retranslate"], []),
        ("gold-array", ["eval", make("gold1.jsonl", b"[1, 2]\n"), "--no-retranslate"], []),
        (
            "gold-bom",
            [
                "eval",
                make(
                    "gold2.jsonl",
                    b"\xef\xbb\xbf" + json.dumps({"doc": 1, "seg": 1, "mt": None, "post_edit": "x"}).encode(),
                ),
                "--no-retranslate",
            ],
            [],
        ),
        (
            "gold-null-mt",
            [
                "eval",
                make(
                    "gold3.jsonl",
                    json.dumps({"system": "s", "doc": 1, "seg": 1, "rater": "r", "mt": None, "spans": []}).encode(),
                ),
                "--no-retranslate",
            ],
            [],
        ),
        (
            "gold-out-of-range",
            [
                "eval",
                make(
                    "gold4.jsonl",
                    json.dumps(
                        {
                            "system": "s",
                            "doc": 1,
                            "seg": 1,
                            "rater": "r",
                            "mt": "abc",
                            "spans": [{"start": 1, "end": 99, "severity": "major"}],
                        }
                    ).encode(),
                ),
                "--no-retranslate",
            ],
            [],
        ),
        (
            "gold-reversed",
            [
                "eval",
                make(
                    "gold5.jsonl",
                    json.dumps(
                        {
                            "system": "s",
                            "doc": 1,
                            "seg": 1,
                            "rater": "r",
                            "mt": "abcdef",
                            "spans": [{"start": 4, "end": 2, "severity": "major"}],
                        }
                    ).encode(),
                ),
                "--no-retranslate",
            ],
            [],
        ),
        (
            "gold-float-offsets",
            [
                "eval",
                make(
                    "gold6.jsonl",
                    json.dumps(
                        {
                            "system": "s",
                            "doc": 1,
                            "seg": 1,
                            "rater": "r",
                            "mt": "abcdef",
                            "spans": [{"start": 1.5, "end": 2, "severity": "major"}],
                        }
                    ).encode(),
                ),
                "--no-retranslate",
            ],
            [],
        ),
        (
            "gold-negative",
            [
                "eval",
                make(
                    "gold7.jsonl",
                    json.dumps(
                        {
                            "id": 1,
                            "perturbation": "p",
                            "perturbed": "abc",
                            "changed": True,
                            "severity": "major",
                            "perturbed_span": [-3, 2],
                        }
                    ).encode(),
                ),
                "--no-retranslate",
            ],
            [],
        ),
        (
            "gold-tsv-text",
            [
                "eval",
                make("gold8.tsv", b"zh-en\tsys\t1\tsome text\tx\ty\tmajor\n"),
                "--pair",
                "zh-en",
                "--no-retranslate",
            ],
            [],
        ),
        (
            "gold-tsv-reversed",
            [
                "eval",
                make("gold9.tsv", b"zh-en\tsys\t1\tsome text\t5\t2\tmajor\n"),
                "--pair",
                "zh-en",
                "--no-retranslate",
            ],
            [],
        ),
        (
            "gold-tsv-no-pair",
            ["eval", make("gold10.tsv", b"zh-en\tsys\t1\tsome text\t-1\t-1\tno-error\n"), "--no-retranslate"],
            [],
        ),
    ]
    for name, content in bad_baselines.items():
        path = make(f"{name}.json", json.dumps(content).encode())
        cases.append((name, ["regress", corpus, "--baseline", path, "--no-retranslate"], [path, corpus / "a.txt"]))
    nan = make(
        "nan.json",
        b'{"baseline_version": 1, "signature": "", '
        b'"articles": {"a.txt": {"garble": NaN, "lines": {}, "findings": {}}}}',
    )
    cases.append(("baseline-nan", ["regress", corpus, "--baseline", nan, "--no-retranslate"], [nan]))
    cases.append(("baseline-written", ["baseline", corpus, "--no-retranslate", "-o", baseline], [corpus / "a.txt"]))
    return cases


def bad_input_matrix() -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        cases = matrix_cases(folder)
        cache = folder / "cache"
        counts = {"cases": len(cases), "hangs": 0, "internal errors": 0, "damaged files": 0, "not one line": 0}
        for name, args, protected in cases:
            before = {p: state_of(p) for p in protected}
            result = run(args, cache)
            after = {p: state_of(p) for p in protected if os.path.lexists(p)}
            problems = []
            if result is None:
                counts["hangs"] += 1
                problems.append("hang")
            else:
                lines = result.stderr.strip().splitlines()
                if "internal error" in result.stderr or "Traceback" in result.stderr:
                    counts["internal errors"] += 1
                    problems.append("internal error")
                if result.returncode == 2 and len(lines) != 1:
                    counts["not one line"] += 1
                    problems.append(f"{len(lines)} lines")
            if after != before:
                counts["damaged files"] += 1
                problems.append("a file changed")
            shown = "" if result is None else (result.stderr.strip().splitlines() or [""])[-1][:110]
            print(
                f"  {name:30s} {'hang' if result is None else result.returncode!s:>4}  "
                f"{'; '.join(problems) or 'ok'}  {shown}",
                flush=True,
            )
        return counts


# --- kill -9, then the same command -------------------------------------------------------------


def long_article(folder: Path, articles: int = 40) -> Path:
    """One long article: the dev references of fren_news, one after another."""
    sources = sorted((eval_dir() / "fren_news" / "dev").glob("*/*/ref.en.txt"))[:articles]
    path = folder / "long.en.txt"
    path.write_text("\n\n".join(p.read_text(encoding="utf-8").strip() for p in sources) + "\n", encoding="utf-8")
    return path


def translated_entries(database: Path) -> int:
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(database, timeout=30) as db:
            return db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
    except sqlite3.Error:
        return 0


def kill_and_resume(kill_after: float) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        article = long_article(folder)
        cache = folder / "cache"
        database = cache / "translations.sqlite3"
        env = dict(os.environ, CHECKER_CACHE_DIR=str(cache))
        args = [*CHECKER, "retranslate", article, "-o", folder / "out.jsonl", "-q"]
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started, timeline = time.monotonic(), []
        while time.monotonic() - started < kill_after:
            time.sleep(0.25)
            timeline.append((time.monotonic(), translated_entries(database)))
            if process.poll() is not None:
                raise SystemExit("the first run ended before the kill: give a longer article or a shorter --kill-after")
        process.send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
        process.wait()
        kept = translated_entries(database) // 2  # two legs a sentence
        first_commit = next((t for t, n in timeline if n), None)
        last_change = max((t for (_, m), (t, n) in pairwise(timeline) if n != m), default=first_commit)
        rate = kept / (last_change - first_commit) if first_commit and last_change > first_commit else 0.0
        second = run(["retranslate", article, "-o", folder / "out2.jsonl"], cache, timeout=3600)
        match = re.search(r"\((\d+) translations from the cache, (\d+) new\)", second.stderr)
        lost_seconds = killed_at - last_change if last_change else kill_after
        return {
            "killed after (s)": round(kill_after),
            "sentences kept by the cache": kept,
            "round trips/s before the kill": round(rate, 1),
            "seconds of work lost (kill - last commit)": round(lost_seconds, 1),
            "sentences translated again (lost seconds x rate)": round(lost_seconds * rate),
            "second run: from the cache / new legs": f"{match.group(1)} / {match.group(2)}"
            if match
            else second.stderr[-200:],
        }


# --- four processes on one cache ----------------------------------------------------------------


def concurrent_runs(processes: int = 4) -> dict:
    articles = sorted((eval_dir() / "fren_news" / "dev").glob("*/*/online-B.en.txt"))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        cache = folder / "cache"
        env = dict(os.environ, CHECKER_CACHE_DIR=str(cache))
        # Overlapping sets: every article is checked by two processes at once.
        sets = [articles[i * 3 : i * 3 + 6] for i in range(processes)]
        commands = [[*CHECKER, "check", *chosen, "--format", "json", "-q"] for chosen in sets]
        running = [
            subprocess.Popen(c, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for c in commands
        ]
        outputs = [p.communicate(timeout=3600) for p in running]
        codes = [p.returncode for p in running]
        with sqlite3.connect(cache / "translations.sqlite3") as db:
            integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        same = 0
        for command, (out, _) in zip(commands, outputs, strict=True):
            again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
            first, second = json.loads(out), json.loads(again.stdout)
            same += all(
                a["findings"] == b["findings"] and a["garble"] == b["garble"]
                for a, b in zip(first["articles"], second["articles"], strict=True)
            )
        return {
            "processes": processes,
            "exit codes": codes,
            "integrity check": integrity,
            "reports equal to a second run": f"{same}/{processes}",
        }


# --- scale --------------------------------------------------------------------------------------


def detectors_only_json(path: Path, scratch: Path) -> tuple[float, float]:
    """(peak MB, seconds) of `checker check PATH --no-retranslate --format json -o FILE`."""
    peak, seconds, result = peak_rss_mb(
        ["check", path, "--no-retranslate", "--format", "json", "-q", "-o", scratch / "report.json"],
        scratch / "cache",
        7200,
    )
    if result.returncode not in (0, 1):
        raise SystemExit(f"{path}: exit {result.returncode}: {result.stderr[-300:]}")
    return peak, seconds


def many_small_articles(count: int) -> dict:
    sentences = [
        p.strip()
        for p in (ROOT / "seeds" / "000_cf7ffd0df13b3f0f.txt").read_text(encoding="utf-8").splitlines()
        if p.strip()
    ]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "articles"
        for i in range(count):
            sub = folder / f"{i // 1000:03d}"
            if i % 1000 == 0:
                sub.mkdir(parents=True)
            (sub / f"{i:06d}.txt").write_text(f"Article {i}.\n\n{sentences[i % len(sentences)]}\n", encoding="utf-8")
        peak, seconds = detectors_only_json(folder, Path(scratch))
        return {"articles": count, "peak memory (MB)": round(peak), "seconds": round(seconds), "target": "< 1024 MB"}


def huge_article(megabytes: int) -> dict:
    paragraphs = [
        p for p in (ROOT / "seeds" / "000_cf7ffd0df13b3f0f.txt").read_text(encoding="utf-8").splitlines() if p.strip()
    ]
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "huge.txt"
        with path.open("w", encoding="utf-8") as handle:
            size, i = 0, 0
            while size < megabytes * 1_000_000:
                line = f"Report {i}: {paragraphs[i % len(paragraphs)]}\n"
                handle.write(line)
                size += len(line.encode("utf-8"))
                i += 1
        peak, seconds = detectors_only_json(path, Path(scratch))
        return {
            "megabytes": megabytes,
            "peak memory (MB)": round(peak),
            "seconds": round(seconds),
            "target": "< 1536 MB",
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["matrix", "kill", "concurrent", "many", "huge"], action="append")
    parser.add_argument("--kill-after", type=float, default=60.0)
    parser.add_argument("--many", type=int, default=100_000)
    parser.add_argument("--huge-mb", type=int, default=20)
    parser.add_argument("--write", action="store_true", help="put the results into docs/files.md")
    options = parser.parse_args()
    chosen = options.only or ["matrix", "kill", "concurrent", "many", "huge"]
    cases = {
        "matrix": bad_input_matrix,
        "kill": lambda: kill_and_resume(options.kill_after),
        "concurrent": concurrent_runs,
        "many": lambda: many_small_articles(options.many),
        "huge": lambda: huge_article(options.huge_mb),
    }
    results = {}
    for name in chosen:
        print(f"{name}:", flush=True)
        results[name] = cases[name]()
        for key, value in results[name].items():
            print(f"  {key}: {value}", flush=True)
    if options.write:
        write_results(results)


def write_results(results: dict) -> None:
    """Each case's line in docs/files.md's measured block, the other cases' lines kept."""
    doc = ROOT / "docs" / "files.md"
    begin, end = "<!-- reliability:begin -->", "<!-- reliability:end -->"
    text = doc.read_text(encoding="utf-8")
    kept = {}
    if begin in text:
        block = text[text.index(begin) + len(begin) : text.index(end)]
        kept = {m.group(1): m.group(0) for m in re.finditer(r"^- \*\*(\w+)\*\* .*$", block, re.M)}
    for name, values in results.items():
        kept[name] = f"- **{name}** ({time.strftime('%Y-%m-%d')}): " + "; ".join(f"{k}: {v}" for k, v in values.items())
    order = ["matrix", "kill", "concurrent", "many", "huge"]
    lines = ["`python bench/reliability.py` (each case as its own process, this 2-core machine):", ""]
    lines += [kept[name] for name in order if name in kept]
    write_block(doc, begin, end, "## Measured (bench/reliability.py)", "\n".join(lines))


if __name__ == "__main__":
    main()
