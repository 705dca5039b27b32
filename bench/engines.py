"""Re-translation engine speed, in one run. Numbers go to docs/performance.md.

    python bench/engines.py                  # everything
    python bench/engines.py --limit 600      # fewer fren_news sentences, for a quick look

1. Bergamot round trip (EN->PT->EN) on the fren_news test references, 1 thread and all threads,
   no cache. Target (issue 4): at least 30 sentences/s with 2 threads.
2. The seed article through the whole pipeline (parse, detectors, round trip) with a cold, then a
   warm cache of translations and parses (models loaded beforehand). Target: warm at least 10x
   faster than cold.
3. A randomly initialised MarianMT of the real opus-mt-en-fr size (d_model 512, 6+6 layers, 8 heads,
   FFN 2048, vocabulary 59,514), output length forced to the input length so every variant does the
   same work: transformers fp32 at batch sizes 1 and 16 (and CTranslate2 int8 when installed).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, fren_news_files  # noqa: E402


def bergamot_throughput(limit: int | None) -> None:
    from checker.engines import load_engine
    from checker.engines.roundtrip import retranslate

    lines = [
        " ".join(line.split())
        for path in fren_news_files("test")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    lines = lines[:limit] if limit else lines
    cores = os.cpu_count() or 1
    for threads in sorted({1, cores}):
        engine = load_engine("bergamot", threads=threads)
        retranslate(["Warm-up sentence for the models."], engine, None)
        started = time.perf_counter()
        run = retranslate(lines, engine, None)
        seconds = time.perf_counter() - started
        print(
            f"bergamot round trip, {threads} thread(s): {len(lines)} sentences in {seconds:.1f} s = "
            f"{len(lines) / seconds:.1f} sentences/s ({run.translated} translations)"
        )


def seed_cold_warm() -> None:
    from checker.detectors import build_detectors
    from checker.engines import load_engine
    from checker.engines.cache import TranslationCache
    from checker.engines.roundtrip import retranslate
    from checker.nlp import load_english
    from checker.pipeline import check_source
    from checker.reading import read_article

    nlp, _ = load_english()
    detectors = build_detectors()
    engine = load_engine("bergamot")
    source = read_article(ROOT / "seeds" / "000_cf7ffd0df13b3f0f.txt")
    check_source(source, nlp, detectors)  # loads what a first parse loads
    retranslate(["Warm-up sentence for the models."], engine, None)
    cache = TranslationCache(Path(tempfile.mkdtemp()) / "translations.sqlite3")
    timings = {}
    for label in ("cold", "warm"):
        started = time.perf_counter()
        result = check_source(
            source,
            nlp,
            detectors,
            retranslator=lambda s, a: retranslate(s, engine, cache, progress=a),
            parse_cache=cache,
        )
        timings[label] = time.perf_counter() - started
        print(
            f"seed article, {label} cache: {timings[label]:.3f} s "
            f"({result.retranslation.cached} cached, {result.retranslation.translated} translated)"
        )
    print(f"warm cache speed-up: {timings['cold'] / timings['warm']:.1f}x (target >= 10x)")


def marian_real_size(batch_sizes=(1, 16), sentences: int = 48, length: int = 32) -> None:
    """transformers fp32 against CTranslate2 int8 on one random opus-mt-sized checkpoint."""
    import torch
    from transformers import MarianMTModel

    from tests.support.tiny_marian import build_tiny_marian

    directory = Path(tempfile.mkdtemp()) / "opus-mt-size"
    build_tiny_marian(directory, d_model=512, layers=6, heads=8, ffn=2048, vocab_size=59514, max_positions=512)
    model = MarianMTModel.from_pretrained(directory).eval()
    torch.manual_seed(1)
    inputs = torch.randint(5, 59000, (sentences, length))
    results: dict[tuple[str, int], float] = {}
    for batch_size in batch_sizes:
        started = time.perf_counter()
        with torch.inference_mode():
            for start in range(0, sentences, batch_size):
                batch = inputs[start : start + batch_size]
                model.generate(
                    input_ids=batch,
                    attention_mask=torch.ones_like(batch),
                    num_beams=1,
                    max_new_tokens=length,
                    min_new_tokens=length,
                    do_sample=False,
                )
        results[("transformers fp32", batch_size)] = sentences / (time.perf_counter() - started)
    try:
        import ctranslate2
        from ctranslate2.converters import TransformersConverter
    except ImportError:
        ctranslate2 = None
        print("CTranslate2 int8: not measured (pip install 'checker[fast]')")
    if ctranslate2 is not None:
        converted = directory.with_name("opus-mt-size-ct2-int8")
        TransformersConverter(str(directory)).convert(str(converted), quantization="int8")
        translator = ctranslate2.Translator(
            str(converted), device="cpu", compute_type="int8", intra_threads=os.cpu_count() or 1
        )
        vocabulary = [f"<unused{i}>" for i in range(40, 59000)]
        tokens = [[vocabulary[int(i) % len(vocabulary)] for i in row] + ["</s>"] for row in inputs]
        for batch_size in batch_sizes:
            started = time.perf_counter()
            for start in range(0, sentences, batch_size):
                translator.translate_batch(
                    tokens[start : start + batch_size],
                    beam_size=1,
                    min_decoding_length=length,
                    max_decoding_length=length,
                )
            results[("CTranslate2 int8", batch_size)] = sentences / (time.perf_counter() - started)
    for (variant, batch_size), rate in results.items():
        print(
            f"{variant:18s} batch {batch_size:2d}: {rate:6.1f} sentences/s "
            f"(MarianMT of opus-mt-en-fr size, random weights, {length} tokens in and out)"
        )
    for batch_size in batch_sizes:
        if ("CTranslate2 int8", batch_size) in results:
            ratio = results[("CTranslate2 int8", batch_size)] / results[("transformers fp32", batch_size)]
            print(f"CTranslate2 int8 / transformers fp32 at batch {batch_size}: {ratio:.1f}x (target >= 3x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, help="use only this many fren_news sentences")
    parser.add_argument("--skip", nargs="*", default=[], choices=["bergamot", "seed", "marian"])
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores")
    if "bergamot" not in args.skip:
        bergamot_throughput(args.limit)
    if "seed" not in args.skip:
        seed_cold_warm()
    if "marian" not in args.skip:
        marian_real_size()


if __name__ == "__main__":
    main()
