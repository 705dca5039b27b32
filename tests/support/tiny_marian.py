"""Build a tiny MarianMT checkpoint on the fly: random weights, sentencepiece vocabularies trained
here on a few hundred sentences, saved with save_pretrained exactly like a real checkpoint."""

from __future__ import annotations

import json
import random
from pathlib import Path

WORDS_EN = [
    "the",
    "army",
    "soldiers",
    "forces",
    "of",
    "kyiv",
    "north",
    "korean",
    "front",
    "war",
    "letter",
    "said",
    "president",
    "troops",
    "losses",
    "weeks",
    "report",
]
WORDS_FR = [
    "les",
    "armée",
    "soldats",
    "forces",
    "de",
    "kyiv",
    "nord",
    "coréens",
    "front",
    "guerre",
    "lettre",
    "dit",
    "président",
    "troupes",
    "pertes",
    "semaines",
]


def _corpus(words: list[str], rng: random.Random, n: int = 400) -> list[str]:
    return [" ".join(rng.choice(words) for _ in range(rng.randint(3, 12))) + "." for _ in range(n)]


def _train_spm(lines: list[str], prefix: Path, vocab_size: int) -> None:
    import sentencepiece as spm

    corpus = prefix.with_suffix(".txt")
    corpus.write_text("\n".join(lines), encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        bos_id=-1,
        eos_id=-1,
        pad_id=-1,
        unk_id=0,
        minloglevel=2,
    )


def build_tiny_marian(
    directory: Path,
    *,
    seed: int = 0,
    max_positions: int = 64,
    d_model: int = 16,
    layers: int = 1,
    heads: int = 2,
    ffn: int = 32,
    vocab_size: int | None = None,
) -> Path:
    """A MarianMT model in `directory`, loadable by path like a real opus-mt checkpoint.

    As in opus-mt, `<pad>` is the last vocabulary entry (CTranslate2's converter relies on it);
    `vocab_size` pads the vocabulary with unused tokens to a real model's size.
    """
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    work = directory / "spm"
    work.mkdir(exist_ok=True)
    _train_spm(_corpus(WORDS_EN, rng), work / "source", 36)
    _train_spm(_corpus(WORDS_FR, rng), work / "target", 36)
    (directory / "source.spm").write_bytes((work / "source.model").read_bytes())
    (directory / "target.spm").write_bytes((work / "target.model").read_bytes())
    vocab = {"</s>": 0, "<unk>": 1}
    for name in ("source", "target"):
        for line in (work / f"{name}.vocab").read_text(encoding="utf-8").splitlines():
            vocab.setdefault(line.split("\t")[0], len(vocab))
    while vocab_size is not None and len(vocab) < vocab_size - 1:
        vocab[f"<unused{len(vocab)}>"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    (directory / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    tokenizer = MarianTokenizer(
        source_spm=str(directory / "source.spm"),
        target_spm=str(directory / "target.spm"),
        vocab=str(directory / "vocab.json"),
        source_lang="en",
        target_lang="fr",
        model_max_length=max_positions,
    )
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn,
        decoder_ffn_dim=ffn,
        max_position_embeddings=max_positions,
        pad_token_id=vocab["<pad>"],
        eos_token_id=vocab["</s>"],
        decoder_start_token_id=vocab["<pad>"],
        forced_eos_token_id=vocab["</s>"],
        max_length=max_positions,
        num_beams=1,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory
